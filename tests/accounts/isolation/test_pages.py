"""Isolation of the page views (edit, publish, delete, move, copy, revisions, workflow actions,
preview, privacy, translation, the explorer, editing sessions, form submissions): one case per
registered content type under institutions, and B itself, its funds and its private pages."""

import pytest

from portal.core import content
from portal.institutions.models import InstitutionPage

from .matrix import assert_refused, page_groups, run

pytestmark = pytest.mark.django_db

GROUPS = (
    ["institution"]
    + [
        entry.key
        for entry in content.content_types()
        if InstitutionPage in entry.model.allowed_parent_page_models()
    ]
    + ["funds", "private"]
)


@pytest.mark.parametrize("group", GROUPS)
def test_page_views_refuse_an_editor_of_another_institution(world, client, group):
    matrix = run(world, client, "pages", pages=page_groups(world)[group])
    assert matrix.object_urls >= 30, matrix.object_urls
    assert_refused(matrix, min_attempts=100)
