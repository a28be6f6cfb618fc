"""Every public page type renders in a fixed number of SQL queries, whatever the amount of content.

Each page is requested once to warm the per-process caches (site root, locales, content types),
then counted; then 150 more items are generated (practices, manuals, programs, observatories,
reports, projects, meetings, over new institutions: ``portal.demo.generate``) and every page is
counted again. The count must not change, and must stay within the budget written here. The
budgets are exact figures measured on PostgreSQL and SQLite (the larger of the two): raising
one is a decision to make in review, not a number to bump.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.demo.generate import generate
from portal.exchanges.models import ExchangeEventPage, FundPage, ProjectPage
from portal.institutions.models import InstitutionPage
from portal.observatories.models import IndicatorSeries, ObservatoryPage, ObservatoryReportPage
from portal.practices.models import ManualPage, PracticePage
from portal.programs.models import ProgramPage

pytestmark = pytest.mark.django_db

# page type -> (address, budget)
FIXED = {
    "home": ("/", 32),
    "home-en": ("/en/", 33),
    "practices": ("/practicas/", 34),
    "practices-filtered": ("/practicas/?country=CL&theme=deporte&sort=title", 36),
    "practices-page-2": ("/practicas/?page=2", 34),
    "manuals": ("/practicas/manuales/", 26),
    "ratings": ("/practicas/calificaciones/", 14),
    "programs": ("/programas/", 33),
    "programs-filtered": ("/programas/?country=MX", 34),
    "prevention-models": ("/programas/modelos/", 15),
    "observatories": ("/observatorios/", 28),
    "observatories-filtered": ("/observatorios/?country=CL", 29),
    "who-measures": ("/observatorios/quien-mide/", 17),
    "institutions": ("/instituciones/", 22),
    "cooperation": ("/cooperacion/", 20),
    "cooperation-network": ("/cooperacion/red/", 25),
    "funding-index": ("/indice/", 22),
    "network-figures": ("/red-en-cifras/", 36),
    "search": ("/buscar/?q=prevenci%C3%B3n", 25),
    "search-facets": ("/buscar/?q=violencia&country=CL&type=practices", 27),
    "search-atom": ("/buscar/?q=violencia&format=atom", 22),
    "export-csv": ("/practicas/?format=csv", 15),
    "export-json": ("/programas/?format=json", 15),
    "api-practices": ("/api/v1/practices/", 10),
    "api-programs": ("/api/v1/programs/?country=CL", 10),
    "sitemap": ("/sitemap.xml", 5),
    "oai": ("/oai/?verb=ListRecords&metadataPrefix=oai_dc", 8),
}
# page type -> (model of a published demo item, budget)
DETAIL = {
    "practice": (PracticePage, 31),
    "manual": (ManualPage, 18),
    "program": (ProgramPage, 24),
    "observatory": (ObservatoryPage, 30),
    "report": (ObservatoryReportPage, 19),
    "fund": (FundPage, 18),
    "project": (ProjectPage, 30),
    "event": (ExchangeEventPage, 20),
    "institution": (InstitutionPage, 40),
}


def addresses() -> dict[str, tuple[str, int]]:
    found = dict(FIXED)
    for name, (model, budget) in DETAIL.items():
        page = model.objects.live().public().filter(locale__language_code="es").first()
        found[name] = (page.url, budget)
    series = IndicatorSeries.objects.order_by("pk")[:2]
    found["compare-series"] = (f"/observatorios/comparar/?a={series[0].pk}&b={series[1].pk}", 15)
    found["funding-municipality"] = ("/indice/2023/v1/13122/", 21)
    return found


def count_queries(client, path: str) -> int:
    # Warm per-process caches. The first visit may save a document's size; the next rebuilds
    # the structure snapshot that any content change discards (portal/core/structure.py).
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_public_pages_cost_a_fixed_number_of_queries_however_much_content(client):
    pages = addresses()
    before = {name: count_queries(client, path) for name, (path, _) in pages.items()}
    report = generate(150)
    assert sum(report.items.values()) == 150
    after = {name: count_queries(client, path) for name, (path, _) in pages.items()}
    grew = {name: (before[name], after[name]) for name in pages if after[name] != before[name]}
    assert grew == {}, f"queries grew with content: {grew}"
    over = {name: after[name] for name, (_, budget) in pages.items() if after[name] > budget}
    assert over == {}, f"over budget: {over}"
