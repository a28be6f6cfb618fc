"""A small published network for tests that read the whole public site (API, OAI-PMH, exports,
feeds, sitemap, JSON-LD, HTML validity).

``build_network()`` publishes two municipal institutions of the real registry, Peñalolén (Chile,
slug ``penalolen``) and Nezahualcóyotl (Mexico, slug ``nezahualcoyotl``), and under each one
published item of every portal content type of the registry (``portal.core.content``), built by
its factory: a new type is covered without a change here. Chilean items are tagged with the
themes ``CHILE_THEMES``, Mexican ones with ``MEXICO_THEMES`` (an observatory's data holding with
the first). Call it inside ``django_capture_on_commit_callbacks(execute=True)`` for the
after-commit work (search entries).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import Page

from portal.core import content
from portal.core.models import Theme
from portal.exchanges.models import ExchangeEventPage, FundPage, ProjectPage
from portal.institutions.models import InstitutionPage, Municipality
from portal.observatories.models import DataHolding, IndicatorSeries, ObservatoryPage
from portal.programs.models import ProgramIndicator, ProgramPage

from .every import factories
from .institutions import InstitutionPageFactory
from .pages import publish

CHILE_THEMES = ("incidencia-delictiva", "espacios-publicos")
MEXICO_THEMES = ("confianza-en-la-policia",)


def portal_content_types() -> list[content.ContentType]:
    """The registry's types of the portal's own apps (not tests/registry_app's)."""
    return [t for t in content.content_types() if t.model.__module__.startswith("portal.")]


def municipal_institution(country: str, code: str, slug: str, title: str) -> InstitutionPage:
    """The published institution of a municipality of the real registry (the one already built
    with ``slug``, if any)."""
    found = InstitutionPage.objects.filter(slug=slug).first()
    if found is not None:
        return found
    municipality = Municipality.objects.get(country__code=country, code=code)
    return publish(
        InstitutionPageFactory(
            title=title,
            slug=slug,
            municipal=True,
            municipality=municipality,
            country=municipality.country,
            summary=f"Equipo municipal de prevención de {municipality.name}.",
        )
    )


def _themes(slugs) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=slugs, locale__language_code="es"))


def _enrich(page: Page, institution: InstitutionPage, network: "Network", themes=()) -> None:
    """What the detail pages, the API and JSON-LD show beyond a factory's fields."""
    if isinstance(page, ProgramPage):
        page.indicators = [
            ProgramIndicator(
                name="Vecinos capacitados",
                unit="personas",
                baseline=Decimal(10),
                baseline_period="2022",
                measurements=[
                    ("value", {"period": "2023", "target": Decimal(40), "actual": Decimal(35)}),
                    ("value", {"period": "2024", "target": Decimal(60), "actual": Decimal(64)}),
                ],
            )
        ]
    if isinstance(page, ObservatoryPage):
        page.holdings = [
            DataHolding(
                name="Denuncias de delitos",
                theme=(_themes(themes[:1]) or [None])[0],
                source="police",
                level="municipality",
                periodicity="monthly",
                access="public",
            )
        ]
        page.series = [
            IndicatorSeries(
                indicator="Denuncias de delitos",
                territory=institution.municipality.name,
                unit="denuncias",
                values=[
                    ("value", {"period": "2022", "value": Decimal("812.5")}),
                    ("value", {"period": "2023", "value": Decimal(790)}),
                ],
            )
        ]
    if isinstance(page, FundPage):
        page.managing_bodies = "Agencias de cooperación de prueba"
        page.year_created = 2019
        page.countries.set([i.country for i in network.institutions])
    if isinstance(page, ProjectPage):
        page.lead_institution = institution
        page.partner_institutions.set([i for i in network.institutions if i != institution])
    if isinstance(page, ExchangeEventPage):
        page.municipality = institution.municipality
        page.date = datetime.date(2024, 5, 14)


@dataclass
class Network:
    institutions: list[InstitutionPage] = field(default_factory=list)
    # Country code -> content type key -> its published item.
    items: dict[str, dict[str, Page]] = field(default_factory=dict)

    @property
    def chile(self) -> InstitutionPage:
        return self.institutions[0]

    @property
    def mexico(self) -> InstitutionPage:
        return self.institutions[1]

    def item(self, key: str, country: str = "CL") -> Page:
        return self.items[country][key]

    def pages(self) -> list[Page]:
        return [page for items in self.items.values() for page in items.values()]


def _parent_for(model, institution: InstitutionPage, built: dict[str, Page]):
    """A built item, else the institution, of a type ``model`` may live under; None: the
    factory's own default (a section)."""
    allowed = tuple(model.allowed_parent_page_models())
    for page in built.values():
        if page is not institution and isinstance(page, allowed):
            return page
    if issubclass(InstitutionPage, allowed):
        return institution
    return None


def content_items(institution: InstitutionPage, network: Network, themes=()) -> dict[str, Page]:
    """One published item of every portal content type under (or about) ``institution``; types
    that live under another content type (reports, projects) come after it; the institution
    itself is the item of the institutions type."""
    made = factories()
    built: dict[str, Page] = {}
    pending = portal_content_types()
    while pending:
        progress = False
        for entry in list(pending):
            model = entry.model
            if isinstance(institution, model):
                built[entry.key] = institution  # institutions are a content type too
                pending.remove(entry)
                progress = True
                continue
            allowed = model.allowed_parent_page_models()
            if any(other is not entry and other.model in allowed for other in pending):
                continue  # its parent's type first
            assert model in made, f"no factory for {model._meta.label} in tests/factories/"
            parent = _parent_for(model, institution, built)
            page = made[model](**({"parent": parent} if parent is not None else {}))
            if hasattr(page, "themes") and themes:
                page.themes.set(_themes(themes))
            _enrich(page, institution, network, themes)
            built[entry.key] = publish(page)
            pending.remove(entry)
            progress = True
        assert progress, f"cannot place {[t.key for t in pending]}"
    return built


def build_network() -> Network:
    network = Network()
    network.institutions = [
        municipal_institution("CL", "13122", "penalolen", "Municipalidad de Peñalolén"),
        municipal_institution("MX", "15058", "nezahualcoyotl", "Municipio de Nezahualcóyotl"),
    ]
    for institution, themes in zip(
        network.institutions, (CHILE_THEMES, MEXICO_THEMES), strict=True
    ):
        network.items[institution.country.code] = content_items(institution, network, themes)
    return network
