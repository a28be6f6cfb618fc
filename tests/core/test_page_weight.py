"""The page-weight budget (also printed by `make bench`): every public page type's own HTML,
CSS and JS under 150 KB compressed, and no stylesheet or script from another host."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_every_page_type_is_within_the_weight_budget():
    out = io.StringIO()
    call_command("page_weight", stdout=out)
    table = out.getvalue()
    assert "third-party resources: 0" in table
    assert table.count("\n") >= 2 * 16  # every page type, in both languages


def test_the_budget_can_fail():
    with pytest.raises(CommandError, match="over budget"):
        call_command("page_weight", "--budget-kb", "5", stdout=io.StringIO())
