"""Isolation: Page, document, image, snippet and embed choosers."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_choosers_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "choosers")
    assert matrix.urls >= 1
    assert_refused(matrix)
