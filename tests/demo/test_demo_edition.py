"""The demo's edition of the funding index (moved from tests/funding, which builds its own)."""

import pytest

from portal.funding.models import Edition, Score
from portal.institutions.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_demo_edition_ranks_all_345_comunas_in_the_seed_groups():
    edition = Edition.objects.get(year=2023)
    assert edition.published and edition.illustrative and edition.weights_are_placeholder
    sizes = {
        group: Score.objects.filter(edition=edition, group=group).count()
        for group in ("U1", "U2", "U3", "A", "B")
    }
    assert sizes == {"U1": 40, "U2": 40, "U3": 40, "A": 113, "B": 112}
    assert Score.objects.filter(edition=edition).count() == 345
    for year, remainder in ((2023, edition.remainder_year1), (2024, edition.remainder_year2)):
        spent = sum(a.total for a in edition.allocations.filter(year=year))
        assert spent + remainder == 9_000_000_000
    # The registry carries the current group, for "municipalities like mine".
    assert Municipality.objects.filter(country__code="CL").exclude(index_group="").count() == 345
