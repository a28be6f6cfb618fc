"""The content registry is the one declaration of a type: ``tests/registry_app`` declares a
minimal page type with ``content.register(...)`` and nothing else, and a published page of it
shows up in the API, OAI-PMH, the exports, the search's type facet, the sitemap, the network
figures, JSON-LD and its institution's page."""

import json
import xml.etree.ElementTree as ET

import factory
import pytest
import wagtail_factories
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse

from portal.core import content, exports
from portal.opendata.oai import repository_identifier
from tests.factories.pages import InstitutionPageFactory, publish
from tests.registry_app.models import FieldStudyPage

pytestmark = pytest.mark.django_db

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
TITLE = "Estudio de campo xilofórmico"


class FieldStudyPageFactory(wagtail_factories.PageFactory):
    title = TITLE
    summary = "Un estudio declarado solo en el registro de contenidos."
    year = 2023
    method = "encuesta"
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = FieldStudyPage


@pytest.fixture
def study(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search entry is written on commit
        return publish(FieldStudyPageFactory())


def test_the_test_type_is_declared_only_in_its_app():
    entry = content.get("studies")
    assert entry is not None and entry.model is FieldStudyPage
    assert entry.year_of(FieldStudyPage(year=2023)) == 2023


def test_api_lists_and_serves_it(client, study):
    index = client.get("/api/v1/").json()
    assert "studies" in index["endpoints"]
    listing = client.get("/api/v1/studies/").json()
    assert [item["id"] for item in listing["results"]] == [study.pk]
    assert listing["results"][0]["year"] == 2023
    assert listing["results"][0]["institution"] == study.institution.slug
    detail = client.get(f"/api/v1/studies/{study.pk}/").json()
    assert detail["summary"] == study.summary
    assert detail["type"] == "fieldstudypage"
    # Its facets are the registry's: filtering by another institution leaves nothing.
    other = client.get("/api/v1/studies/", {"institution": "otra-institucion"}).json()
    assert other["count"] == 0


def test_oai_harvests_it_in_its_own_set(client, study):
    sets = ET.fromstring(client.get("/oai/", {"verb": "ListSets"}).content)  # noqa: S314
    assert "type:studies" in [spec.text for spec in sets.iter(f"{OAI}setSpec")]
    answer = client.get(
        "/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:studies"}
    )
    records = ET.fromstring(answer.content)  # noqa: S314
    identifiers = [node.text for node in records.iter(f"{OAI}identifier")]
    assert identifiers == [f"oai:{repository_identifier()}:page/{study.pk}"]
    assert "estudio de campo / field study" in [node.text for node in records.iter(f"{DC}type")]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_give_it_its_year_and_its_own_columns(fmt, study):
    request = RequestFactory().get("/", {"format": fmt})
    response = exports.for_listing(request, FieldStudyPage.objects.live().public(), "studies")
    body = response.content.decode()
    if fmt == "json":
        data = json.loads(body)
        assert data["columns"] == [*exports.COLUMNS, "method"]  # the type's own column last
        (row,) = data["results"]
        assert (row["type"], row["title"], row["year"]) == ("fieldstudypage", TITLE, 2023)
        assert row["method"] == "encuesta"
    else:
        header, line = body.strip().splitlines()
        assert header.split(",") == [*exports.COLUMNS, "method"]
        cells = dict(zip(header.split(","), line.split(","), strict=True))
        assert (cells["year"], cells["method"]) == ("2023", "encuesta")


def test_search_names_it_in_the_type_facet(client, study):
    data = client.get(reverse("search"), {"q": "xilofórmico", "format": "json"}).json()
    assert [result["type"] for result in data["results"]] == ["studies"]
    types = {value["value"]: value["label"] for value in data["facets"]["type"]["values"]}
    assert types["studies"] == "field studies"


def test_sitemap_lists_it(client, study):
    assert f"<loc>http://testserver{study.url}</loc>" in client.get("/sitemap.xml").text


def test_its_page_describes_itself_in_json_ld(client, study):
    html = client.get(study.url).text
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert (data["@type"], data["name"]) == ("Report", TITLE)
    assert data["author"]["name"] == study.institution.title


def test_its_institution_page_shows_it(client, study):
    html = client.get(study.institution.url).text
    assert TITLE in html
    assert 'Field studies <span class="count">(1)</span>' in html


def test_network_figures_count_it(client, study):
    if not apps.is_installed("portal.network"):
        pytest.skip("part C moves the network figures to portal.network, reading the registry")
    html = client.get(reverse("network_numbers")).text
    assert "Field studies" in html
