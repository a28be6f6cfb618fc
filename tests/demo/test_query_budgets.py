"""Every public page type renders in a fixed number of SQL queries, whatever the amount of content.

Each page is requested once to warm the per-process caches (site root, locales, content types),
then counted; then 150 more items are generated (practices, manuals, programs, observatories,
reports, projects, meetings, over new institutions: ``portal.demo.generate``) and every page is
counted again. The count must not change, and must stay within the budget written here: the
figure measured on SQLite and PostgreSQL, never more than commit c1216bd's count plus three
(issue 25's rule when Wagtail took over serving pages; docs/DECISIONS.md has both). Raising one
is a decision to make in review, not a number to bump.
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
    "home": ("/", 13),
    # The English home is its own page: +1 for the keys of live English pages (cards of Spanish
    # pages without an English version need no query each).
    "home-en": ("/en/", 16),
    "practices": ("/practicas/", 28),
    "practices-filtered": ("/practicas/?country=CL&theme=deporte&sort=title", 30),
    "practices-page-2": ("/practicas/?page=2", 28),
    "manuals": ("/practicas/manuales/", 20),
    "ratings": ("/practicas/calificaciones/", 9),
    "evidence-map": ("/practicas/mapa-de-evidencia/", 21),
    "programs": ("/programas/", 28),
    "programs-filtered": ("/programas/?country=MX", 29),
    "prevention-models": ("/programas/modelos/", 9),
    "observatories": ("/observatorios/", 21),
    "observatories-filtered": ("/observatorios/?country=CL", 22),
    "who-measures": ("/observatorios/quien-mide/", 10),
    "institutions": ("/instituciones/", 8),
    "cooperation": ("/cooperacion/", 12),
    "cooperation-network": ("/cooperacion/red/", 18),
    "funding-index": ("/indice/", 16),
    "network-figures": ("/red-en-cifras/", 16),
    "search": ("/buscar/?q=prevenci%C3%B3n", 24),
    "search-facets": ("/buscar/?q=violencia&country=CL&type=practices", 26),
    "search-atom": ("/buscar/?q=violencia&format=atom", 22),
    "export-csv": ("/practicas/?format=csv", 11),
    "export-json": ("/programas/?format=json", 11),
    "api-practices": ("/api/v1/practices/", 8),
    "api-programs": ("/api/v1/programs/?country=CL", 8),
    # +1: the English pages by translation key, for each page's English alternate.
    "sitemap": ("/sitemap.xml", 4),
    "oai": ("/oai/?verb=ListRecords&metadataPrefix=oai_dc", 7),
}
# page type -> (model of a published demo item, budget)
DETAIL = {
    "practice": (PracticePage, 14),
    "manual": (ManualPage, 7),
    "program": (ProgramPage, 14),
    "observatory": (ObservatoryPage, 17),
    "report": (ObservatoryReportPage, 7),
    "fund": (FundPage, 10),
    "project": (ProjectPage, 21),
    "event": (ExchangeEventPage, 7),
    "institution": (InstitutionPage, 22),
}


def addresses() -> dict[str, tuple[str, int]]:
    found = dict(FIXED)
    for name, (model, budget) in DETAIL.items():
        page = model.objects.live().public().filter(locale__language_code="es").first()
        found[name] = (page.url, budget)
    series = IndicatorSeries.objects.order_by("pk")[:2]
    found["compare-series"] = (f"/observatorios/comparar/?a={series[0].pk}&b={series[1].pk}", 8)
    found["funding-municipality"] = ("/indice/2023/v1/13122/", 14)
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
    assert over == {}, f"over budget: {over}; all counts: {after}"
