"""The page-weight budget (also printed by `make bench`): every public page type's own HTML,
CSS and JS under 150 KB compressed, and no stylesheet or script from another host."""

import io

import pytest
from django.core.management import CommandError, call_command

from portal.core.management.commands.page_weight import FIXED, TYPES
from tests.factories.every import one_of_every_content_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_type():
    return one_of_every_content_type()


def test_every_page_type_is_within_the_weight_budget(every_type):
    out = io.StringIO()
    call_command("page_weight", stdout=out)
    table = out.getvalue()
    assert "third-party resources: 0" in table
    for name in [*FIXED, *TYPES]:  # every page type, in both languages
        for language in ("es", "en"):
            assert f"{name:<16} {language:<4}" in table, (name, language)


def test_the_budget_can_fail(every_type):
    with pytest.raises(CommandError, match="over budget"):
        call_command("page_weight", "--budget-kb", "5", stdout=io.StringIO())
