"""Elasticsearch: Spanish-aware index settings, and the evidence search as one request.

The backend is Wagtail's Elasticsearch 8 backend with a default analyzer for Spanish
(lowercase, Spanish stop words, light Spanish stemming, accents folded), so "prevencion" finds
"prevención" and "violencias" finds "violencia", as on PostgreSQL. English-specific stemming is
not configured on Elasticsearch; bilingual vocabulary terms work as everywhere (both names are in
each entry's ``terms``).

The evidence search builds its request with elasticsearch-dsl: the words (all of them, across
fields), phrases and exclusions as the query; the active filters as a ``post_filter``; and, for
each facet, a ``filter`` aggregation under every *other* active filter, so the counts mean the
same as on the database backends. Total, page and facets come back in one round trip.
"""

from copy import deepcopy

from elasticsearch_dsl import A, Q
from elasticsearch_dsl import Search as DslSearch
from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

FIELDS = ["title^4", "summary^2", "terms^2", "body"]
TERM_FIELD = "term_keys_filter"
FACET_SIZE = 500

ANALYSIS = {
    "filter": {
        "portal_spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
        "portal_spanish_stemmer": {"type": "stemmer", "language": "light_spanish"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "portal_spanish_stop",
                "portal_spanish_stemmer",
                "asciifolding",
            ],
        }
    },
}


def _settings():
    settings = deepcopy(Elasticsearch8SearchBackend.settings)
    analysis = settings["settings"]["analysis"]
    for key, value in ANALYSIS.items():
        analysis.setdefault(key, {}).update(value)
    return settings


class SearchBackend(Elasticsearch8SearchBackend):
    settings = _settings()


def filter_field(column: str) -> str:
    """The name Wagtail gives a FilterField in the document."""
    return f"{column}_filter"


def _text_query(parsed):
    must = []
    if parsed.words:
        must.append(
            Q(
                "multi_match",
                query=" ".join(parsed.words),
                fields=FIELDS,
                type="cross_fields",
                operator="and",
            )
        )
    must += [Q("multi_match", query=p, fields=FIELDS, type="phrase") for p in parsed.phrases]
    must_not = [Q("multi_match", query=p, fields=FIELDS, type="phrase") for p in parsed.excluded]
    if not must and not must_not:
        return Q("match_all")
    return Q("bool", must=must or [Q("match_all")], must_not=must_not)


def _filters(search) -> dict:
    """One ES filter per active facet parameter."""
    out = {}
    for param, _label, column, _labels_of in search.columns:
        if param in search.selected:
            out[param] = Q("terms", **{filter_field(column): search.selected[param]})
    for param, (vocabulary, _label) in _term_facets().items():
        if param in search.selected:
            keys = [f"{vocabulary}:{slug}" for slug in search.selected[param]]
            out[param] = Q("terms", **{TERM_FIELD: keys})
    return out


def _term_facets():
    from .service import TERM_FACETS

    return TERM_FACETS


def _all(filters: list):
    return Q("bool", filter=filters) if filters else Q("match_all")


def build(search, *, index: str, offset: int, size: int) -> DslSearch:
    """The request for one results page: query, post_filter, facet aggregations, sort."""
    filters = _filters(search)
    request = DslSearch(index=index).query(_text_query(search.query))
    if filters:
        request = request.post_filter(_all(list(filters.values())))
    for param, _label, column, _labels_of in search.columns:
        others = [f for p, f in filters.items() if p != param]
        bucket = A("filter", _all(others))
        bucket.bucket("values", "terms", field=filter_field(column), size=FACET_SIZE)
        request.aggs.bucket(param, bucket)
    for param, (vocabulary, _label) in _term_facets().items():
        others = [f for p, f in filters.items() if p != param]
        bucket = A("filter", _all(others))
        bucket.bucket(
            "values", "terms", field=TERM_FIELD, size=FACET_SIZE, include=f"{vocabulary}:.*"
        )
        request.aggs.bucket(param, bucket)
    if search.sort == "relevance" and not search.query.empty:
        request = request.sort("_score", {filter_field("date"): {"order": "desc"}})
    else:
        request = request.sort({filter_field("date"): {"order": "desc", "missing": "_last"}})
    return request.extra(track_total_hits=True, timeout="3s")[offset : offset + size]


def read(search, response: dict) -> tuple[int, list[int], dict]:
    """(total, entry ids in order, {parameter: {value: count}}) from a response body."""
    total = response["hits"]["total"]["value"]
    ids = [
        int(hit.get("fields", {}).get("pk", [hit["_id"].rsplit(":", 1)[-1]])[0])
        for hit in response["hits"]["hits"]
    ]
    counts = {}
    numeric = {"region", "year"}
    for param, _label, column, _labels_of in search.columns:
        buckets = response["aggregations"][param]["values"]["buckets"]
        counts[param] = {
            (int(b["key"]) if column in numeric else b["key"]): b["doc_count"]
            for b in buckets
            if b["key"] not in ("", None) and b["doc_count"]
        }
    for param, (vocabulary, _label) in _term_facets().items():
        buckets = response["aggregations"][param]["values"]["buckets"]
        prefix = f"{vocabulary}:"
        counts[param] = {
            b["key"][len(prefix) :]: b["doc_count"]
            for b in buckets
            if b["key"].startswith(prefix) and b["doc_count"]
        }
    return total, ids, counts


def execute(search, backend, *, offset: int, size: int) -> tuple[int, list[int], dict]:
    from .models import SearchEntry

    index = backend.get_index_for_model(SearchEntry).name
    request = build(search, index=index, offset=offset, size=size)
    body = request.to_dict()
    body["stored_fields"] = ["pk"]
    response = backend.es.search(index=index, **body)
    return read(search, response.body if hasattr(response, "body") else response)
