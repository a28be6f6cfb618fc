"""The public API: what it serves matches the database and the listing pages, it never serves a
draft, and bad requests get a 400 a person can act on."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from portal.api.collections import COLLECTIONS
from portal.core.models import Theme
from portal.funding.models import Edition
from portal.practices.models import PracticePage
from portal.programs.models import ProgramPage
from tests.factories.funding import published_edition
from tests.factories.pages import PracticePageFactory, publish

pytestmark = pytest.mark.django_db

# The portal's own types (the network has items of each); tests/registry_app's has none.
PORTAL_COLLECTIONS = [c for c in COLLECTIONS if c.model.__module__.startswith("portal.")]

API = "/api/v1"
HIDDEN_WORDS = ("BORRADOR", "PRIVADA con", "RETIRADA", "TÍTULO EN BORRADOR")


def everything(client, name, **params):
    """Every item of a collection, following ``next`` links."""
    items, url, query = [], f"{API}/{name}/", {"limit": 7, **params}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["results"]
        url, query = data["next"], {}
    assert len(items) == data["count"]
    return items


def test_the_openapi_document_validates(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    paths = document["paths"]
    for collection in COLLECTIONS:
        assert f"{API}/{collection.name}/" in paths
        assert f"{API}/{collection.name}/{{page_id}}/" in paths
    assert f"{API}/funding-index/editions/{{edition_id}}/" in paths
    # Only reads: no operation writes.
    methods = {method for operations in paths.values() for method in operations}
    assert methods == {"get"}
    # The listing filters are documented, with the listings' own names.
    practice_params = {p["name"] for p in paths[f"{API}/practices/"]["get"]["parameters"]}
    assert {"country", "institution", "theme", "impact", "year", "updated_since"} <= practice_params


def test_the_index_links_every_endpoint(client):
    data = client.get(f"{API}/").json()
    assert set(data["endpoints"]) >= {c.name for c in COLLECTIONS} | {"vocabularies"}
    assert client.get(data["endpoints"]["programs"]).status_code == 200
    assert client.get(data["openapi"]).status_code == 200


@pytest.mark.parametrize("collection", PORTAL_COLLECTIONS, ids=lambda c: c.name)
def test_each_listing_is_exactly_the_published_pages(client, collection, network, hidden):
    expected = {page.pk: page for page in collection.model.objects.live().public()}
    assert len(expected) >= 2, f"the network has no {collection.name}"
    items = everything(client, collection.name)
    assert {item["id"] for item in items} == set(expected)
    for item in items:
        page = expected[item["id"]]
        assert item["title"] == page.title
        assert item["url"] == f"http://testserver{page.url}"
        assert item["api_url"] == f"http://testserver{API}/{collection.name}/{page.pk}/"
        if getattr(page, "institution_id", None):
            assert item["institution"] == page.institution.slug
            assert item["country"] == page.institution.country.code
        if hasattr(page, "themes"):
            assert item["themes"] == sorted(page.themes.values_list("slug", flat=True))
    for item in items[:3]:
        detail = client.get(item["api_url"])
        assert detail.status_code == 200
        assert detail.json()["title"] == item["title"]


def test_no_response_contains_a_draft_a_private_or_an_unpublished_page(client, network, hidden):
    hidden_ids = {page.pk for page in hidden["pages"]}
    changed, published_title = hidden["changed"]
    bodies = [client.get(f"{API}/").content.decode()]
    for collection in COLLECTIONS:
        items = everything(client, collection.name)
        assert not hidden_ids & {item["id"] for item in items}
        bodies.append(json.dumps(items, ensure_ascii=False))
        for item in items:
            bodies.append(client.get(item["api_url"]).content.decode())
        for pk in hidden_ids:
            assert client.get(f"{API}/{collection.name}/{pk}/").status_code == 404
        # Asking by institution or by a recent date must not reach them either.
        if "institution" in {f.param for f in collection.facets()}:
            bodies.append(
                client.get(
                    f"{API}/{collection.name}/", {"institution": "penalolen"}
                ).content.decode()
            )
    text = "\n".join(bodies)
    for word in HIDDEN_WORDS:
        assert word not in text
    manual = client.get(f"{API}/manuals/{changed.pk}/").json()
    assert manual["title"] == published_title


def test_filters_match_the_listing_pages(client, network):
    cases = [
        ("practices", "/practicas/", {"country": "MX"}),
        ("practices", "/practicas/", {"country": ["CL", "MX"], "theme": "confianza-en-la-policia"}),
        ("manuals", "/practicas/manuales/", {"institution": "penalolen"}),
        ("programs", "/programas/", {"country": "CL"}),
        ("observatories", "/observatorios/", {"theme": "incidencia-delictiva"}),
    ]
    for name, listing, params in cases:
        exported = client.get(listing, {**params, "format": "csv"})
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8"))))
        items = everything(client, name, **params)
        assert rows, (name, params)
        assert len(rows) < len(everything(client, name)), (name, params)
        assert {item["id"] for item in items} == {int(row["id"]) for row in rows}, (name, params)


def more_practices(count: int, institution) -> list[PracticePage]:
    """``count`` published practices of ``institution`` with titles that sort by case and accent,
    each tagged with two themes."""
    themes = list(Theme.objects.filter(locale__language_code="es").order_by("slug")[:2])
    made = []
    for number in range(count):
        title = ["Ñandú", "alfa", "Zeta"][number % 3]
        page = PracticePageFactory(parent=institution, title=title, slug=f"extra-{number}")
        page.themes.set(themes)
        made.append(publish(page))
    return made


def test_pages_and_sorts(client, network):
    more_practices(3, network.chile)
    titles = [item["title"] for item in everything(client, "practices", sort="title")]
    assert titles == sorted(titles, key=str)
    first = client.get(f"{API}/practices/", {"limit": 2}).json()
    assert first["previous"] is None and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and not {i["id"] for i in first["results"]} & {
        i["id"] for i in second["results"]
    }


def test_updated_since_returns_only_newer_items(client, network):
    practice = PracticePage.objects.live().first()
    later = timezone.now() + datetime.timedelta(days=3)
    PracticePage.objects.filter(pk=practice.pk).update(last_published_at=later)
    moment = (later - datetime.timedelta(hours=1)).isoformat()
    items = everything(client, "practices", updated_since=moment)
    assert [item["id"] for item in items] == [practice.pk]
    day = (later - datetime.timedelta(days=1)).date().isoformat()
    assert [i["id"] for i in everything(client, "practices", updated_since=day)] == [practice.pk]


def test_a_program_carries_its_indicators_and_an_observatory_its_series(client, network):
    program = next(p for p in ProgramPage.objects.live() if p.indicators.exists())
    data = client.get(f"{API}/programs/{program.pk}/").json()
    indicator = program.indicators.first()
    served = next(i for i in data["indicators"] if i["name"] == indicator.name)
    assert served["status"] == indicator.status
    assert [m["period"] for m in served["measurements"]] == [
        m.period for m in indicator.measurement_list()
    ]
    observatory = client.get(f"{API}/observatories/").json()["results"][0]
    detail = client.get(observatory["api_url"]).json()
    assert detail["holdings"] and detail["series"]
    assert all(isinstance(point["value"], float) for point in detail["series"][0]["values"])


def test_only_published_funding_index_editions_are_served(client):
    published = published_edition(year=2023)
    draft = Edition.objects.create(name="Borrador del índice", year=2025)
    listed = client.get(f"{API}/funding-index/editions/").json()
    assert [e["id"] for e in listed["results"]] == [published.pk]
    assert client.get(f"{API}/funding-index/editions/{draft.pk}/").status_code == 404
    edition = client.get(listed["results"][0]["api_url"]).json()
    assert [s["rank"] for s in edition["scores"]] == list(range(1, published.scores.count() + 1))
    top = edition["scores"][0]
    assert abs(sum(top["contributions"].values()) - top["score"]) < 0.01
    assert set(top["inputs"]) == {v["key"] for v in edition["variables"]}


def test_vocabularies_list_the_filter_values(client):
    data = client.get(f"{API}/vocabularies/").json()
    slugs = {term["slug"] for term in data["themes"]}
    assert "confianza-en-la-policia" in slugs
    assert {"CL", "MX"} <= {country["code"] for country in data["countries"]}
    assert all(term["name"] for term in data["themes"])


BAD_REQUESTS = [
    ("practices/", {"colour": "red"}, "colour"),
    ("practices/", {"updated_since": "ayer"}, "updated_since"),
    ("practices/", {"updated_since": "6321"}, "updated_since"),
    ("practices/", {"year": "dos mil"}, "year"),
    ("practices/", {"limit": "1000"}, "limit"),
    ("practices/", {"offset": "-1"}, "offset"),
    ("practices/", {"sort": "random"}, "sort"),
    ("practices/", {"country": "C\x00L"}, "country"),
    ("programs/", {"region": "99999999999999999999"}, "region"),
    ("funding-index/editions/", {"year": "MMXXIII"}, "year"),
    ("practices/abc/", {}, "page_id"),
    ("practices/1/", {"format": "xml"}, "format"),
]


@pytest.mark.parametrize(("path", "params", "named"), BAD_REQUESTS)
def test_bad_requests_answer_400_with_problem_details(client, path, params, named):
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and named in problem["detail"]


def test_unknown_items_answer_404(client):
    for path in ("practices/999999/", "practices/0/", "funding-index/editions/99999999999/"):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404, path
        assert response.json()["status"] == 404


def test_writes_are_refused(client, admin_client):
    practice = publish(PracticePageFactory())
    url = f"{API}/practices/{practice.pk}/"
    for each in (client, admin_client):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(each, method)(
                url, {"title": "cambiado"}, content_type="application/json"
            )
            assert response.status_code == 405
    practice.refresh_from_db()
    assert practice.title != "cambiado" and practice.live


def test_a_listing_costs_the_same_queries_whatever_its_length(client, network):
    more_practices(20, network.mexico)

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/practices/", {"limit": limit}).status_code == 200
        return len(captured)

    queries(1)  # the first request of a process also reads the site and the locales
    assert queries(1) == queries(5) == queries(20) <= 10


@pytest.mark.parametrize(
    "moment",
    ["3269-05-17T12:36:19+16:52", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"],
)
def test_updated_since_accepts_any_offset_or_says_why_not(client, moment):
    response = client.get(f"{API}/practices/", {"updated_since": moment})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "updated_since" in response.json()["detail"]
