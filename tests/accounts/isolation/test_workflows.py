"""Isolation: Workflows and tasks."""

import pytest

from .matrix import assert_refused, run

pytestmark = pytest.mark.django_db


def test_workflows_refuse_an_editor_of_another_institution(world, client):
    matrix = run(world, client, "workflows")
    assert matrix.urls >= 1
    assert_refused(matrix)
