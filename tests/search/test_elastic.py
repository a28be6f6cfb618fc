"""Elasticsearch, without a server: index settings, mapping, documents, the request body built,
how a response is read, and an unreachable server reported as unavailable.

No Elasticsearch server can be installed on these machines; README says what was not run.
"""

import pytest
from django.http import QueryDict

from portal.search import elastic
from portal.search.models import SearchEntry
from portal.search.service import Search, SearchUnavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    # A closed port on loopback: any request fails at once.
    return elastic.SearchBackend(
        {
            "URLS": ["http://127.0.0.1:9"],
            "INDEX": "portal-test",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        }
    )


def params(text: str) -> QueryDict:
    return QueryDict(text, mutable=False)


def test_index_analysis_is_spanish_and_folds_accents(backend):
    analysis = backend.settings["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["filter"] == [
        "lowercase",
        "portal_spanish_stop",
        "portal_spanish_stemmer",
        "asciifolding",
    ]
    assert analysis["filter"]["portal_spanish_stemmer"]["language"] == "light_spanish"
    # Wagtail's own analyzers (autocomplete) are kept.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_mapping_and_document_carry_the_facet_fields(backend):
    mapping = backend.mapping_class(SearchEntry)
    properties = mapping.get_mapping()["properties"]
    assert properties["title"]["type"] == "text"
    assert "_all_text_boost_4_0" in properties["title"]["copy_to"]  # title weighs most
    for field in ("kind_filter", "country_filter", "institution_filter", "term_keys_filter"):
        assert properties[field]["type"] == "keyword", field
    assert properties["year_filter"]["type"] == "integer"
    assert properties["date_filter"]["type"] == "date"

    entry = SearchEntry.objects.create(
        kind="practices", title="Plazas", url_path="/x/", facet_terms="theme:espacios-publicos"
    )
    document = mapping.get_document(entry)
    assert document["term_keys_filter"] == ["theme:espacios-publicos"]
    assert document["kind_filter"] == "practices"


def test_request_body_filters_and_counts_each_facet_under_the_others(backend):
    search = Search(
        params('q=violencia+-drogas+"alerta+temprana"&country=CL&theme=violencia-intrafamiliar'),
        backend=backend,
    )
    body = elastic.build(search, index="portal-test", offset=20, size=20).to_dict()

    query = body["query"]["bool"]
    words, phrase = query["must"]
    assert words["multi_match"]["query"] == "violencia"
    assert words["multi_match"]["operator"] == "and"
    assert phrase["multi_match"] == {
        "query": "alerta temprana",
        "fields": elastic.FIELDS,
        "type": "phrase",
    }
    assert query["must_not"][0]["multi_match"]["query"] == "drogas"

    country = {"terms": {"country_filter": ["CL"]}}
    theme = {"terms": {"term_keys_filter": ["theme:violencia-intrafamiliar"]}}
    assert body["post_filter"] == {"bool": {"filter": [country, theme]}}
    # Each facet counts under every other active filter, never its own.
    assert body["aggs"]["country"]["filter"] == {"bool": {"filter": [theme]}}
    assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [country]}}
    assert body["aggs"]["year"]["filter"] == {"bool": {"filter": [country, theme]}}
    assert body["aggs"]["theme"]["aggs"]["values"]["terms"]["include"] == "theme:.*"
    assert body["from"] == 20 and body["size"] == 20
    assert body["track_total_hits"] is True
    assert body["sort"][0] == "_score"


def test_no_words_lists_everything_newest_first(backend):
    body = elastic.build(Search(params(""), backend=backend), index="i", offset=0, size=20)
    body = body.to_dict()
    assert body["query"] == {"match_all": {}}
    assert "post_filter" not in body
    assert body["sort"] == [{"date_filter": {"order": "desc", "missing": "_last"}}]


def test_a_response_is_read_into_total_ids_and_facets(backend):
    search = Search(params("q=plaza&theme=violencia-intrafamiliar"), backend=backend)
    empty = {"values": {"buckets": []}}
    aggregations = {param: empty for param, *_rest in search.columns}
    aggregations.update({"population": empty, "approach": empty})
    aggregations["country"] = {
        "values": {"buckets": [{"key": "CL", "doc_count": 7}, {"key": "", "doc_count": 2}]}
    }
    aggregations["year"] = {"values": {"buckets": [{"key": 2021, "doc_count": 3}]}}
    aggregations["theme"] = {
        "values": {"buckets": [{"key": "theme:violencia-intrafamiliar", "doc_count": 4}]}
    }
    response = {
        "hits": {
            "total": {"value": 7},
            "hits": [{"_id": "a", "fields": {"pk": ["12"]}}, {"_id": "b", "fields": {"pk": ["3"]}}],
        },
        "aggregations": aggregations,
    }
    total, ids, counts = elastic.read(search, response)
    assert total == 7 and ids == [12, 3]
    assert counts["country"] == {"CL": 7}
    assert counts["year"] == {2021: 3}
    assert counts["theme"] == {"violencia-intrafamiliar": 4}


def test_an_unreachable_server_is_search_unavailable(backend):
    with pytest.raises(SearchUnavailable):
        Search(params("q=violencia"), backend=backend).run()
