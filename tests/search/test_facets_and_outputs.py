"""Facets with counts that follow the other filters; the JSON, Atom and suggestion outputs."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("corpus")]

SEARCH = "/buscar/"


def facet(response, param):
    for item in response.context["result"].facets:
        if item.param == param:
            return {o.value: o.count for o in item.options}
    raise AssertionError(param)


def test_facet_counts_follow_the_other_filters(client):
    everything = client.get(SEARCH, {"q": "prevención"})
    countries = facet(everything, "country")
    assert countries.get("CL") and countries.get("MX")
    total = everything.context["result"].total
    assert sum(facet(everything, "type").values()) == total

    mexico = client.get(SEARCH, {"q": "prevención", "country": "MX"})
    assert mexico.context["result"].total == countries["MX"]
    # The country facet itself still offers Chile with its own count…
    assert facet(mexico, "country") == countries
    # …while every other facet counts Mexican results only.
    assert sum(facet(mexico, "type").values()) == countries["MX"]
    assert all(e.country == "MX" for e in mexico.context["result"].entries)


def test_filters_combine_across_facets_and_alternate_within_one(client):
    both = client.get(SEARCH, {"q": "prevención", "country": ["CL", "MX"]}).context["result"]
    chile = client.get(SEARCH, {"q": "prevención", "country": "CL"}).context["result"]
    mexico = client.get(SEARCH, {"q": "prevención", "country": "MX"}).context["result"]
    assert both.total == chile.total + mexico.total
    practices_in_chile = client.get(
        SEARCH, {"q": "prevención", "country": "CL", "type": "practices"}
    ).context["result"]
    assert 0 < practices_in_chile.total < chile.total


def test_theme_filter_without_words_lists_everything_tagged(client):
    response = client.get(SEARCH, {"theme": "violencia-intrafamiliar"})
    result = response.context["result"]
    assert result.total >= 1
    assert result.selected == {"theme": ["violencia-intrafamiliar"]}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "prevención", "theme": "astrologia"},
        {"q": "prevención", "year": "dos mil"},
        {"q": "x", "country": "<b>"},
    ],
)
def test_unknown_facet_values_are_ignored_with_a_notice(client, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert response.context["result"].notices
    assert "<b>" not in response.content.decode().split("<main", 1)[-1].replace("&lt;b&gt;", "")


def test_sort_by_date_and_pagination_keep_the_search(client):
    response = client.get(SEARCH, {"q": "prevención", "sort": "date", "country": "CL"})
    result = response.context["result"]
    dates = [e.date for e in result.entries]
    assert dates == sorted(dates, reverse=True)
    assert response.context["search"].sort == "date"
    html = response.content.decode()
    assert 'name="sort" value="date"' in html or 'value="date" selected' in html


def test_json_output(client):
    response = client.get(SEARCH, {"q": "proximidad", "format": "json"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["total"] == len(data["results"]) or data["total"] > len(data["results"])
    first = data["results"][0]
    assert set(first) >= {"title", "type", "url", "institution", "country", "summary"}
    assert first["url"].startswith("http://testserver/")
    assert {"type", "country", "theme", "year"} <= set(data["facets"])
    assert all("count" in v for v in data["facets"]["country"]["values"])


def test_atom_feed(client):
    response = client.get(SEARCH, {"q": "proximidad", "format": "atom"})
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries and all(e.find("a:link", ns).get("href").startswith("http") for e in entries)


def test_suggestions_while_typing(client):
    data = client.get("/buscar/sugerencias/", {"q": "violen"}).json()
    labels = [s["label"] for s in data["suggestions"]]
    assert "Violencia intrafamiliar" in labels
    assert client.get("/buscar/sugerencias/", {"q": "\x00"}).json() == {"suggestions": []}


def test_queries_per_results_page_do_not_grow_with_results(client, publish):
    from portal.practices.models import PracticePage

    def count(query):
        client.get(SEARCH, query)  # warm the caches a publish clears (site root paths…)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH, query).status_code == 200
        return len(queries)

    publish(PracticePage(title="Huerto base", slug="huerto-base", summary="Huerto comunitario."))
    before = count({"q": "huerto"})
    for i in range(8):
        publish(
            PracticePage(title=f"Huerto {i}", slug=f"huerto-{i}", summary="Huerto comunitario.")
        )
    assert count({"q": "huerto"}) == before


def test_facet_labels_follow_the_language(client):
    english = client.get("/en/search/", {"q": "prevención"}).context["result"]
    labels = {str(f.label) for f in english.facets}
    assert {"Theme", "Target population", "Country"} <= labels
    spanish = client.get(SEARCH, {"q": "prevención"}).context["result"]
    assert {"Tema", "Población objetivo", "País"} <= {str(f.label) for f in spanish.facets}
