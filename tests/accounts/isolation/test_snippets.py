"""Isolation: Snippet views (vocabularies, prevention models, index editions) and their translation."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_snippets_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "snippets")
    assert matrix.urls >= 1
    assert_refused(matrix)
