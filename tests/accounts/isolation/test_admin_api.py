"""Isolation: Wagtail's admin API (pages, documents, images, page actions)."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_admin_api_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "admin api")
    assert matrix.urls >= 1
    assert_refused(matrix)
