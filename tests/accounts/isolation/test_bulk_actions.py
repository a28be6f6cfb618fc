"""Isolation: Every registered bulk action, pointed at B's objects."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_bulk_actions_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "bulk actions")
    assert matrix.urls >= 1
    assert_refused(matrix)
