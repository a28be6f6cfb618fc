"""Isolation: Documents, images, collections and tag autocompletion."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_documents_and_images_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "documents and images")
    assert matrix.urls >= 1
    assert_refused(matrix)
