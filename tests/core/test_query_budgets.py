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
    "home": ("/", 17),
    "home-en": ("/en/", 17),
    "practices": ("/practicas/", 26),
    "practices-filtered": ("/practicas/?country=CL&theme=deporte&sort=title", 28),
    "practices-page-2": ("/practicas/?page=2", 26),
    "manuals": ("/practicas/manuales/", 18),
    "ratings": ("/practicas/calificaciones/", 6),
    "programs": ("/programas/", 25),
    "programs-filtered": ("/programas/?country=MX", 26),
    "prevention-models": ("/programas/modelos/", 7),
    "observatories": ("/observatorios/", 20),
    "observatories-filtered": ("/observatorios/?country=CL", 21),
    "who-measures": ("/observatorios/quien-mide/", 9),
    "institutions": ("/instituciones/", 10),
    "cooperation": ("/cooperacion/", 11),
    "cooperation-network": ("/cooperacion/red/", 17),
    "funding-index": ("/indice/", 15),
    "network-figures": ("/red-en-cifras/", 21),
    "search": ("/buscar/?q=prevenci%C3%B3n", 25),
    "search-facets": ("/buscar/?q=violencia&country=CL&type=practices", 24),
    "search-atom": ("/buscar/?q=violencia&format=atom", 22),
    "export-csv": ("/practicas/?format=csv", 9),
    "export-json": ("/programas/?format=json", 9),
    "api-practices": ("/api/v1/practices/", 9),
    "api-programs": ("/api/v1/programs/?country=CL", 9),
    "sitemap": ("/sitemap.xml", 4),
    "oai": ("/oai/?verb=ListRecords&metadataPrefix=oai_dc", 8),
}
# page type -> (model of a published demo item, budget)
DETAIL = {
    "practice": (PracticePage, 12),
    "manual": (ManualPage, 8),
    "program": (ProgramPage, 12),
    "observatory": (ObservatoryPage, 17),
    "report": (ObservatoryReportPage, 9),
    "fund": (FundPage, 9),
    "project": (ProjectPage, 20),
    "event": (ExchangeEventPage, 10),
    "institution": (InstitutionPage, 21),
}


def addresses() -> dict[str, tuple[str, int]]:
    found = dict(FIXED)
    for name, (model, budget) in DETAIL.items():
        page = model.objects.live().public().filter(locale__language_code="es").first()
        found[name] = (page.url, budget)
    series = IndicatorSeries.objects.order_by("pk")[:2]
    found["compare-series"] = (f"/observatorios/comparar/?a={series[0].pk}&b={series[1].pk}", 7)
    found["funding-municipality"] = ("/indice/2023/v1/13122/", 13)
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
