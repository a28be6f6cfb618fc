"""Listing exports: the current filtered view as CSV and JSON, round-tripped against the
database; formulas neutralised; an unknown format refused; never a hidden page."""

import csv
import io

import pytest

from portal.core import content
from portal.core.exports import COLUMNS
from portal.observatories.models import ObservatoryPage
from portal.practices.models import ManualPage, PracticePage
from portal.programs.models import ProgramPage
from tests.factories.pages import InstitutionPageFactory, PracticePageFactory, publish

pytestmark = pytest.mark.django_db

LISTINGS = [
    ("/practicas/", PracticePage),
    ("/practicas/manuales/", ManualPage),
    ("/programas/", ProgramPage),
    ("/observatorios/", ObservatoryPage),
]


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize(("url", "model"), LISTINGS)
def test_exports_round_trip_with_the_database(client, url, model, network, hidden):
    expected = {
        page.pk: page for page in model.objects.live().public().select_related("institution")
    }
    assert len(expected) >= 2
    rows = read_csv(client.get(url, {"format": "csv"}))
    columns = COLUMNS + list(content.of_model(model).export_columns)  # the type's own last
    assert list(rows[0]) == columns
    assert {int(r["id"]) for r in rows} == set(expected)
    for r in rows:
        page = expected[int(r["id"])]
        assert r["title"] == page.title
        assert r["institution"] == page.institution.slug
        assert r["url"] == f"http://testserver{page.url}"
        if hasattr(page, "themes"):
            assert r["themes"] == "|".join(sorted(page.themes.values_list("slug", flat=True)))
    data = client.get(url, {"format": "json"}).json()
    assert data["columns"] == columns and data["count"] == len(expected)
    assert {item["id"] for item in data["results"]} == set(expected)
    hidden_ids = {page.pk for page in hidden["pages"]}
    assert not hidden_ids & {int(r["id"]) for r in rows}
    assert "TÍTULO EN BORRADOR" not in client.get(url, {"format": "csv"}).content.decode()


def test_the_export_is_the_filtered_view_not_the_page_on_screen(client, network):
    rows = read_csv(client.get("/practicas/", {"format": "csv", "country": "MX", "page": "2"}))
    mexican = PracticePage.objects.live().public().filter(institution__country__code="MX")
    assert {int(r["id"]) for r in rows} == set(mexican.values_list("pk", flat=True))
    assert rows and PracticePage.objects.live().public().count() > len(rows)
    assert all(r["country"] == "MX" for r in rows)


def test_spreadsheet_formulas_are_neutralised(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(
            PracticePageFactory(
                parent=publish(InstitutionPageFactory()),
                title='=HYPERLINK("http://example.org","clic")',
                slug="formula",
                summary="+cmd|' /C calc'!A0",
            )
        )
    rows = read_csv(client.get("/practicas/", {"format": "csv"}))
    row = next(r for r in rows if int(r["id"]) == page.pk)
    assert row["title"].startswith("'=") and row["summary"].startswith("'+")
    data = client.get("/practicas/", {"format": "json"}).json()
    item = next(i for i in data["results"] if i["id"] == page.pk)
    assert item["title"].startswith("=")  # JSON keeps the text as written


def test_an_unknown_format_is_a_clear_400(client):
    response = client.get("/programas/", {"format": "xlsx"})
    assert response.status_code == 400
    assert "csv" in response.content.decode()


def test_the_listing_offers_its_download(client, network):
    html = client.get("/practicas/", {"country": "CL"}).content.decode()
    assert "?country=CL&amp;format=csv" in html and "?country=CL&amp;format=json" in html
