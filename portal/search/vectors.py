"""The stored full-text vector of each search entry, on PostgreSQL.

Wagtail's PostgreSQL backend matches on vectors it concatenates per row at query time, which no
index can serve: at 10,000 entries a results page took about a second. The evidence search
therefore keeps its own weighted ``tsvector`` (title A, summary and vocabulary terms B, body D)
in a GIN-indexed column and queries it with Django's PostgreSQL search expressions, with the same
configuration (``portal_es``: unaccent + Spanish stemming). Wagtail's backend still serves the
admin's search, autocomplete and Elasticsearch.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F

BODY_CHARS = 200_000  # tsvector has a 1 MB limit; long manuals are cut here


def enabled() -> bool:
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    return connection.vendor == "postgresql" and backend == "portal.search.backends"


def config() -> str:
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG", "portal_es")


def vector_expression():
    from django.db.models.functions import Left

    cfg = config()
    return (
        SearchVector("title", weight="A", config=cfg)
        + SearchVector("summary", weight="B", config=cfg)
        + SearchVector("terms", weight="B", config=cfg)
        + SearchVector(Left("body", BODY_CHARS), weight="D", config=cfg)
    )


def refresh(queryset) -> int:
    """Recompute the stored vectors of these entries (one UPDATE)."""
    if not enabled():
        return 0
    return queryset.update(search_vector=vector_expression())


def text_query(parsed) -> SearchQuery | None:
    """The words (all of them), phrases and exclusions as one tsquery."""
    cfg = config()
    parts = [SearchQuery(word, search_type="plain", config=cfg) for word in parsed.words]
    parts += [SearchQuery(phrase, search_type="phrase", config=cfg) for phrase in parsed.phrases]
    parts += [~SearchQuery(text, search_type="phrase", config=cfg) for text in parsed.excluded]
    if not parts:
        return None
    query = parts[0]
    for part in parts[1:]:
        query &= part
    return query


def match(queryset, parsed):
    query = text_query(parsed)
    if query is None:
        return queryset
    if not (parsed.words or parsed.phrases):
        # Only exclusions: everything except what matches them.
        positive = SearchQuery(" ".join(parsed.excluded), search_type="plain", config=config())
        return queryset.exclude(search_vector=positive)
    return queryset.filter(search_vector=query)


def ranked(queryset, parsed):
    query = text_query(parsed)
    return queryset.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
        "-rank", "-date", "-pk"
    )
