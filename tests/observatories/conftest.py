from decimal import Decimal

import pytest

from portal.institutions.models import InstitutionPage
from portal.observatories.models import DataHolding, IndicatorSeries, ObservatoryPage
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import publish as publish_revision


def series(indicator, unit, values, *, territory="Comuna", level="municipality"):
    return IndicatorSeries(
        indicator=indicator,
        territory=territory,
        unit=unit,
        level=level,
        values=[("value", {"period": p, "value": Decimal(v)}) for p, v in values],
    )


def add_observatory(institution_slug, slug, *, publish=True, holdings=(), series_list=()):
    """An observatory below the institution (built if missing), published (or only saved as a
    draft)."""
    institution = InstitutionPage.objects.filter(slug=institution_slug).first() or publish_revision(
        InstitutionPageFactory(slug=institution_slug, title=f"Institución {institution_slug}")
    )
    page = ObservatoryPage(
        title=f"Observatorio {slug}",
        slug=slug,
        summary="Observatorio de prueba.",
        holdings=list(holdings),
        series=list(series_list),
    )
    if not publish:
        page.live = False
    institution.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return ObservatoryPage.objects.get(pk=page.pk)


def holding(name, source, level, *, theme=None, access="public", periodicity="monthly"):
    return DataHolding(
        name=name,
        source=source,
        level=level,
        theme=theme,
        access=access,
        periodicity=periodicity,
    )


@pytest.fixture
def penalolen_observatory():
    return ObservatoryPage.objects.get(slug="observatorio-de-gestion-local")


@pytest.fixture
def crimes(penalolen_observatory):
    return penalolen_observatory.series.get(indicator="Denuncias de delitos")
