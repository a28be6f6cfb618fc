"""The stored full-text vector of each search entry, on PostgreSQL.

Wagtail's PostgreSQL backend matches on vectors it concatenates per row at query time, which no
index can serve: at 10,000 entries a results page took about a second. The evidence search
therefore keeps its own weighted ``tsvector`` (title A, summary and vocabulary terms B, body D)
in a GIN-indexed column and queries it with Django's PostgreSQL search expressions, with the same
configuration (``portal_es``: unaccent + Spanish stemming). Wagtail's backend still serves the
admin's search, autocomplete and Elasticsearch.
"""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F

BODY_CHARS = 200_000  # tsvector has a 1 MB limit; long manuals are cut here
RANK_CHARS = 600  # of the summary and of the terms, in the small ranking vector


def enabled() -> bool:
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    return connection.vendor == "postgresql" and backend == "portal.search.backends"


def config(language: str = "es") -> str:
    """The text-search configuration for a language: Spanish rules unless it is English."""
    options = settings.WAGTAILSEARCH_BACKENDS["default"]
    if language == "en":
        return options.get("SEARCH_CONFIG_EN", "portal_en")
    return options.get("SEARCH_CONFIG", "portal_es")


def vector_expression(language: str = "es"):
    from django.db.models.functions import Left

    cfg = config(language)
    return (
        SearchVector("title", weight="A", config=cfg)
        + SearchVector("summary", weight="B", config=cfg)
        + SearchVector("terms", weight="B", config=cfg)
        + SearchVector(Left("body", BODY_CHARS), weight="D", config=cfg)
    )


def rank_expression(language: str = "es"):
    """Title, vocabulary terms and the start of the summary: what relevance is judged on.

    Kept small and uncompressed in the row, so ranking 100,000 matches reads no TOAST. A match
    found only in the body or a manual's text ranks after those, newest first.
    """
    from django.db.models.functions import Left

    cfg = config(language)
    return (
        SearchVector("title", weight="A", config=cfg)
        + SearchVector(Left("terms", RANK_CHARS), weight="B", config=cfg)
        + SearchVector(Left("summary", RANK_CHARS), weight="C", config=cfg)
    )


def refresh(queryset) -> int:
    """Recompute the stored vectors of these entries, each with its language's rules."""
    if not enabled():
        return 0
    english = queryset.filter(language="en")
    done = english.update(search_vector=vector_expression("en"), rank_vector=rank_expression("en"))
    return done + queryset.exclude(language="en").update(
        search_vector=vector_expression(), rank_vector=rank_expression()
    )


@contextmanager
def planner(text: bool = True):
    """Plan the search's statements for the GIN index.

    The planner does not count reading the out-of-line vectors, so for a word in most entries it
    prefers a sequential scan that decompresses every vector (about 5x slower than the bitmap
    scan of the index, which needs no recheck). The setting is local to these statements.
    """
    if not (enabled() and text):
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def _either(text: str, search_type: str) -> SearchQuery:
    """Text read with Spanish and with English rules: an entry in either language matches."""
    return SearchQuery(text, search_type=search_type, config=config()) | SearchQuery(
        text, search_type=search_type, config=config("en")
    )


def text_query(parsed) -> SearchQuery | None:
    """The words (all of them), phrases and exclusions as one tsquery."""
    parts = [_either(word, "plain") for word in parsed.words]
    parts += [_either(phrase, "phrase") for phrase in parsed.phrases]
    # Not in either reading: NOT (es OR en) is (NOT es) AND (NOT en).
    parts += [
        ~SearchQuery(text, search_type="phrase", config=config(language))
        for text in parsed.excluded
        for language in ("es", "en")
    ]
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
        # Only exclusions: everything except what matches any of them.
        for text in parsed.excluded:
            queryset = queryset.exclude(search_vector=_either(text, "phrase"))
        return queryset
    return queryset.filter(search_vector=query)


def ranked(queryset, parsed):
    query = text_query(parsed)
    return queryset.annotate(rank=SearchRank(F("rank_vector"), query)).order_by(
        "-rank", "-date", "-pk"
    )


def facet_counts(matches, columns: dict, vocabularies: dict, selected: dict, numeric=()):
    """The total and every facet's counts in one statement (PostgreSQL).

    ``columns`` maps a facet parameter to its column, ``vocabularies`` a parameter to a term
    vocabulary, ``selected`` a parameter to its chosen values. Each match is read once and
    flagged with whether it passes each active filter; one ``GROUPING SETS`` pass counts the
    single-valued facets, a join with the term rows the multi-valued ones. A facet's counts use
    every active filter but its own, so they say what choosing a value would give. Returns
    ``(total, {parameter: {value: count}})``.
    """
    from .models import SearchEntryTerm

    terms = SearchEntryTerm._meta.db_table
    inner, params = matches.values("id", *columns.values()).query.sql_with_params()
    params = list(params)
    flags, flag_params = [], []
    for param, values in selected.items():
        holders = ", ".join(["%s"] * len(values))
        if param in columns:
            flags.append(f'm."{columns[param]}" IN ({holders})')
            flag_params += [int(v) for v in values] if param in numeric else list(values)
        else:
            # Not correlated, so PostgreSQL hashes the tagged ids once.
            flags.append(
                f"m.id IN (SELECT t.entry_id FROM {terms} t"  # noqa: S608 - names from code
                f" WHERE t.vocabulary = %s AND t.slug IN ({holders}))"
            )
            flag_params += [vocabularies[param], *values]
    chosen = list(selected)
    flag_columns = "".join(f", ({sql}) AS f{i}" for i, sql in enumerate(flags))

    def passing(skip=None):
        kept = [f"f{i}" for i, param in enumerate(chosen) if param != skip]
        return " AND ".join(kept) or "TRUE"

    counts = ", ".join(
        [f"count(*) FILTER (WHERE {passing()})"]
        + [f"count(*) FILTER (WHERE {passing(param)})" for param in chosen]
    )
    which = " ".join(f"WHEN GROUPING({col}) = 0 THEN %s" for col in columns.values())
    value = " ".join(f"WHEN GROUPING({col}) = 0 THEN {col}::text" for col in columns.values())
    sets = ", ".join(f"({col})" for col in columns.values())
    vocab_holders = ", ".join(["%s"] * len(vocabularies))
    # Only table and column names from the code and %s placeholders are interpolated.
    sql = (
        f"WITH f AS MATERIALIZED (SELECT m.*{flag_columns} FROM ({inner}) m) "  # noqa: S608
        f"SELECT CASE {which} ELSE '' END, CASE {value} END, {counts} "
        f"FROM f GROUP BY GROUPING SETS ({sets}, ()) "
        f"UNION ALL "
        f"SELECT t.vocabulary, t.slug, {counts} FROM f JOIN {terms} t ON t.entry_id = f.id "
        f"WHERE t.vocabulary IN ({vocab_holders}) GROUP BY t.vocabulary, t.slug"
    )
    by_vocabulary = {vocabulary: param for param, vocabulary in vocabularies.items()}
    all_params = flag_params + params + list(columns) + list(vocabularies.values())
    total, out = 0, {param: {} for param in [*columns, *vocabularies]}
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    for facet, raw, everything, *without in rows:
        if facet == "":
            total = everything
            continue
        param = by_vocabulary.get(facet, facet)
        n = without[chosen.index(param)] if param in chosen else everything
        if raw in (None, "") or not n:
            continue
        out[param][int(raw) if param in numeric else raw] = n
    return total, out
