import datetime
from decimal import Decimal

import pytest

from portal.core.models import Theme
from portal.institutions.models import InstitutionPage
from portal.observatories.models import (
    DataHolding,
    IndicatorSeries,
    ObservatoryPage,
    TerritorialDivision,
)
from tests.factories.core import PortalDocumentFactory
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.observatories import ObservatoryReportPageFactory
from tests.factories.pages import publish as publish_revision


def institution(slug: str) -> InstitutionPage:
    """Peñalolén's or Nezahualcóyotl's published institution, built the first time."""
    return {"penalolen": penalolen, "nezahualcoyotl": nezahualcoyotl}[slug]()


def series(indicator, unit, values, *, territory="Comuna", level="municipality", source=""):
    return IndicatorSeries(
        indicator=indicator,
        territory=territory,
        unit=unit,
        level=level,
        source=source,
        values=[("value", {"period": p, "value": Decimal(v)}) for p, v in values],
    )


def add_observatory(institution_slug, slug, *, publish=True, holdings=(), series_list=(), **fields):
    """An observatory below the institution (built if missing), published (or only saved as a
    draft)."""
    parent = institution(institution_slug)
    page = ObservatoryPage(
        title=f"Observatorio {slug}",
        slug=slug,
        summary="Observatorio de prueba.",
        holdings=ordered(list(holdings)),
        series=ordered(list(series_list)),
        **fields,
    )
    if not publish:
        page.live = False
    parent.add_child(instance=page)
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


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug, locale__language_code="es")


ILLUSTRATIVE = "Valor ilustrativo (no es un dato oficial)"

# What Peñalolén's observatory keeps: (name, theme, source, level, periodicity, first period,
# access), finest levels and several themes, so that filters and orderings have work to do.
PENALOLEN_HOLDINGS = [
    ("Denuncias de delitos", "incidencia-delictiva", "prosecution", "point", "monthly", "", "on_request"),
    ("Hechos policiales registrados (STOP)", "incidencia-delictiva", "police", "sector", "monthly", "", "on_request"),
    ("Llamados al número de seguridad y emergencia 1461", "percepcion-de-inseguridad", "emergency_calls", "point", "daily", "2021", "internal"),
    ("Percepción de temor y demandas de los vecinos", "percepcion-de-inseguridad", "surveys", "neighbourhood_unit", "yearly", "", "internal"),
    ("Casos de violencia intrafamiliar atendidos", "violencia-intrafamiliar", "municipal_records", "neighbourhood_unit", "monthly", "", "internal"),
    ("Registros de programas y proyectos de la Dirección", "gestion-de-informacion", "municipal_records", "municipality", "monthly", "", "internal"),
]  # fmt: skip

CRIMES = [("2018", 9850), ("2019", 9420), ("2020", 7310), ("2021", 7020), ("2022", 6880)]
FEAR = [("2018", 38), ("2019", 41), ("2020", 44), ("2021", 47), ("2022", 49)]
REPORT_TITLE = "Cartografía de denuncias de delitos y llamados al 1461, 2021"


@pytest.fixture
def penalolen_observatory(db, django_capture_on_commit_callbacks):
    """Peñalolén's observatory (published, and indexed for search after the commit as in
    production): its territory and divisions, six holdings, two yearly series and a cartography
    of 2021 known to the year, with its PDF."""
    with django_capture_on_commit_callbacks(execute=True):
        return _penalolen_observatory()


def ordered(items: list) -> list:
    """Inline rows in the order given (as the admin's form posts them)."""
    for order, item in enumerate(items):
        item.sort_order = order
    return items


def _penalolen_observatory() -> ObservatoryPage:
    parent = institution("penalolen")
    municipality = parent.municipality
    municipality.population, municipality.households = 270_054, 70_065
    municipality.save()
    page = ObservatoryPage(
        title="Observatorio de Gestión Local de Peñalolén",
        slug="observatorio-de-gestion-local",
        summary="Unidad técnica municipal que apoya con datos la gestión de la seguridad.",
        founded_year=2018,
        restructured_year=2021,
        divisions=ordered(
            [
                TerritorialDivision(level="sector", name="Macrosectores", count=5),
                TerritorialDivision(
                    level="neighbourhood_unit", name="Unidades vecinales", count=31
                ),
            ]
        ),
        holdings=ordered(
            [
                DataHolding(
                    name=name,
                    theme=theme(theme_slug),
                    source=source,
                    level=level,
                    periodicity=periodicity,
                    first_period=first,
                    access=access,
                )
                for name, theme_slug, source, level, periodicity, first, access in PENALOLEN_HOLDINGS
            ]
        ),
        series=ordered(
            [
                series(
                    "Denuncias de delitos",
                    "denuncias",
                    CRIMES,
                    territory="Peñalolén",
                    source=ILLUSTRATIVE,
                ),
                series(
                    "Vecinos que declaran temor en su barrio",
                    "%",
                    FEAR,
                    territory="Peñalolén",
                    source=ILLUSTRATIVE,
                ),
            ]
        ),
    )
    parent.add_child(instance=page)
    publish_revision(page)
    publish_revision(
        ObservatoryReportPageFactory(
            parent=page,
            title=REPORT_TITLE,
            slug="cartografia-denuncias-y-llamados-1461-2021",
            kind="cartography",
            date=datetime.date(2021, 1, 1),
            date_precision="year",
            document=PortalDocumentFactory(collection=parent.access.collection),
        )
    )
    return ObservatoryPage.objects.get(pk=page.pk)


@pytest.fixture
def crimes(penalolen_observatory):
    return penalolen_observatory.series.get(indicator="Denuncias de delitos")
