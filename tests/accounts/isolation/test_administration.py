"""Isolation: Users, groups, sites, locales, redirects, settings, reports and the remaining admin views."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_administration_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "administration")
    assert matrix.urls >= 1
    assert_refused(matrix)
