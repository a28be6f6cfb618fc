"""Isolation of the public API: every route, read and written as A's editor (signed in and
with A's own token); B's drafts never show and every write is refused and changes nothing."""

import pytest

from .matrix import assert_refused, run_public_api

pytestmark = pytest.mark.django_db


def test_public_api_refuses_an_editor_of_another_institution(world, client):
    matrix = run_public_api(world, client)
    assert matrix.urls >= 20, matrix.urls
    assert_refused(matrix, min_attempts=100)
