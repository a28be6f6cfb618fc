"""The stored full-text vector of each search entry, on PostgreSQL.

Wagtail's PostgreSQL backend matches on vectors it concatenates per row at query time, which no
index can serve (figures in docs/DECISIONS.md, "Evidence search"). The evidence search
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

    Kept small and uncompressed in the row, so ranking many matches reads no TOAST. A match
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
    prefers a sequential scan that decompresses every vector, slower than the bitmap scan of
    the index, which needs no recheck. The setting is local to these statements.
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


_STOP_WORDS: dict[str, bool] = {}


def stop_words(words) -> set[str]:
    """The words either language's configuration drops ("y", "de", "la", "the"…).

    Each word is read with Spanish and with English rules, and the two readings are joined by
    OR: a word that one reading drops would leave the other one requiring it ('y' in English),
    and "prevención de la violencia" would find nothing. Such words are left out of the query.
    Asked of the server once per word and process.
    """
    unknown = [word for word in words if word not in _STOP_WORDS]
    if unknown:
        if len(_STOP_WORDS) > 20_000:
            _STOP_WORDS.clear()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, numnode(plainto_tsquery(%s::regconfig, w)) = 0"
                " OR numnode(plainto_tsquery(%s::regconfig, w)) = 0"
                " FROM unnest(%s::text[]) AS w",
                [config(), config("en"), unknown],
            )
            _STOP_WORDS.update(dict(cursor.fetchall()))
    return {word for word in words if _STOP_WORDS.get(word)}


def text_query(parsed) -> SearchQuery | None:
    """The words (all of them but stop words), phrases and exclusions as one tsquery."""
    stops = stop_words(parsed.words) if parsed.words else set()
    words = [word for word in parsed.words if word not in stops] or list(parsed.words)
    parts = [_either(word, "plain") for word in words]
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


def page_and_facets(
    matches,
    columns: dict,
    vocabularies: dict,
    selected: dict,
    *,
    numeric=(),
    parsed=None,
    offset: int = 0,
    limit: int = 20,
):
    """The total, every facet's counts and one page of result ids, in one statement.

    ``columns`` maps a facet parameter to its column, ``vocabularies`` a parameter to a term
    vocabulary, ``selected`` a parameter to its chosen values. The matches are read once (the
    GIN index alone decides them) and each is flagged with whether it passes each active
    filter. One ``GROUPING SETS`` pass counts the single-valued facets; the term keys of each
    match (``facet_terms``) are unnested for the multi-valued ones; a facet's counts use every
    active filter but its own, so they say what choosing a value would give. The page is the
    matches passing every filter, by relevance on ``rank_vector`` when ``parsed`` is given,
    else newest first. Returns ``(total, {parameter: {value: count}}, [ids in order])``.
    """
    from .models import SearchEntryTerm

    inner_query = matches
    fields = ["id", "date", "facet_terms", *columns.values()]
    keys = ['{t}."date" DESC NULLS LAST', "{t}.id DESC"]
    if parsed is not None:
        rank = SearchRank(F("rank_vector"), text_query(parsed))
        inner_query = matches.annotate(search_rank=rank)
        fields.append("search_rank")
        keys.insert(0, '{t}."search_rank" DESC')

    def order(alias):
        return ", ".join(key.format(t=alias) for key in keys)

    inner, params = inner_query.values(*fields).query.sql_with_params()
    terms = SearchEntryTerm._meta.db_table
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
    zeros = "".join(", 0" for _param in chosen)
    which = " ".join(f"WHEN GROUPING({col}) = 0 THEN %s" for col in columns.values())
    value = " ".join(f"WHEN GROUPING({col}) = 0 THEN {col}::text" for col in columns.values())
    sets = ", ".join(f"({col})" for col in columns.values())
    # Only table and column names from the code and %s placeholders are interpolated.
    sql = (
        f"WITH f AS MATERIALIZED (SELECT m.*{flag_columns} FROM ({inner}) m) "  # noqa: S608
        f"SELECT CASE {which} ELSE '' END, CASE {value} END, {counts} "
        f"FROM f GROUP BY GROUPING SETS ({sets}, ()) "
        f"UNION ALL "
        f"SELECT '~', f.facet_terms, {counts} FROM f GROUP BY f.facet_terms "
        f"UNION ALL "
        f"SELECT '#', p.id::text, row_number() OVER (ORDER BY {order('p')}){zeros} FROM "
        f"(SELECT * FROM f WHERE {passing()} ORDER BY {order('f')} LIMIT %s OFFSET %s) p"
    )
    by_vocabulary = {vocabulary: param for param, vocabulary in vocabularies.items()}
    all_params = flag_params + list(params) + list(columns) + [limit, offset]
    total, out, page = 0, {param: {} for param in [*columns, *vocabularies]}, []
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    for facet, raw, everything, *without in rows:
        if facet == "#":
            page.append((everything, int(raw)))
            continue
        if facet == "":
            total = everything
            continue
        if facet == "~":
            # One row per combination of terms: each of its keys gets its count.
            for key in (raw or "").split():
                vocabulary, _sep, slug = key.partition(":")
                param = by_vocabulary.get(vocabulary)
                n = without[chosen.index(param)] if param in chosen else everything
                if param is not None and n:
                    out[param][slug] = out[param].get(slug, 0) + n
            continue
        n = without[chosen.index(facet)] if facet in chosen else everything
        if raw in (None, "") or not n:
            continue
        out[facet][int(raw) if facet in numeric else raw] = n
    return total, out, [pk for _position, pk in sorted(page)]
