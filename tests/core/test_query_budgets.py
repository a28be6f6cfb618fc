"""Every public page type renders in a fixed number of SQL queries, whatever the amount of content.

Each page is requested once to warm the per-process caches (site root, locales, content types),
then counted; then 150 more items are generated (practices, manuals, programs, observatories,
reports, projects, meetings, over new institutions: ``portal.demo.generate``) and every page is
counted again. The count must not change, and must stay within the budget written here. The
budgets are figures measured on PostgreSQL and SQLite (the larger of the two, plus two):
raising one is a decision to make in review, not a number to bump (docs/DECISIONS.md, issue 25,
says why they grew when Wagtail took over serving pages).
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
    "home": ("/", 24),
    "home-en": ("/en/", 26),
    "practices": ("/practicas/", 35),
    "practices-filtered": ("/practicas/?country=CL&theme=deporte&sort=title", 37),
    "practices-page-2": ("/practicas/?page=2", 35),
    "manuals": ("/practicas/manuales/", 26),
    "ratings": ("/practicas/calificaciones/", 14),
    "programs": ("/programas/", 34),
    "programs-filtered": ("/programas/?country=MX", 35),
    "prevention-models": ("/programas/modelos/", 15),
    "observatories": ("/observatorios/", 29),
    "observatories-filtered": ("/observatorios/?country=CL", 30),
    "who-measures": ("/observatorios/quien-mide/", 17),
    "institutions": ("/instituciones/", 15),
    "cooperation": ("/cooperacion/", 20),
    "cooperation-network": ("/cooperacion/red/", 25),
    "funding-index": ("/indice/", 24),
    "network-figures": ("/red-en-cifras/", 18),
    "search": ("/buscar/?q=prevenci%C3%B3n", 28),
    "search-facets": ("/buscar/?q=violencia&country=CL&type=practices", 27),
    "search-atom": ("/buscar/?q=violencia&format=atom", 23),
    "export-csv": ("/practicas/?format=csv", 15),
    "export-json": ("/programas/?format=json", 15),
    "api-practices": ("/api/v1/practices/", 10),
    "api-programs": ("/api/v1/programs/?country=CL", 10),
    "sitemap": ("/sitemap.xml", 5),
    "oai": ("/oai/?verb=ListRecords&metadataPrefix=oai_dc", 8),
}
# page type -> (model of a published demo item, budget)
DETAIL = {
    "practice": (PracticePage, 20),
    "manual": (ManualPage, 16),
    "program": (ProgramPage, 21),
    "observatory": (ObservatoryPage, 25),
    "report": (ObservatoryReportPage, 18),
    "fund": (FundPage, 20),
    "project": (ProjectPage, 32),
    "event": (ExchangeEventPage, 18),
    "institution": (InstitutionPage, 29),
}


def addresses() -> dict[str, tuple[str, int]]:
    found = dict(FIXED)
    for name, (model, budget) in DETAIL.items():
        page = model.objects.live().public().filter(locale__language_code="es").first()
        found[name] = (page.url, budget)
    series = IndicatorSeries.objects.order_by("pk")[:2]
    found["compare-series"] = (f"/observatorios/comparar/?a={series[0].pk}&b={series[1].pk}", 16)
    found["funding-municipality"] = ("/indice/2023/v1/13122/", 22)
    return found


def count_queries(client, path: str) -> int:
    # Warm per-process caches (content types, locales). The first visit may save a document's
    # size, a content change.
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
