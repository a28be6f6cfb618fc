"""Isolation: The portal's own admin views: join requests, the exchanges dashboard and portfolio, the funding index, the indicator and series imports."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_portal_views_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "portal views")
    assert matrix.urls >= 1
    assert_refused(matrix)
