"""One query over every published content type: parsing, filters, facets, sorting.

A query is cleaned (``query.clean_query``), then parsed: words must all match (Spanish-aware
where the backend allows), ``"quoted words"`` match as a phrase, ``-word`` or ``-"a phrase"``
excludes. Facets are computed over the matches with every *other* active filter applied, so
each count says how many results choosing that value would give. Unknown facet values are
ignored with a notice.

The matching set is a database query for the database backends (SQLite FTS5, PostgreSQL), so
counts and facets are SQL aggregates over it and the number of SQL queries per results page
does not grow with the number of results. On PostgreSQL the total and all facet counts are one
statement (``vectors.facet_counts``); on Elasticsearch the whole page is one request with
aggregations (``elastic``).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Phrase, PlainText

from portal.core import content
from portal.core.params import parse_int_list, text_values
from portal.institutions.evaluations.rating import Design
from portal.institutions.models import index_group_labels

from . import vectors
from .models import SearchEntry, SearchEntryTerm
from .query import clean_query

TERM_FACETS = {
    "theme": ("theme", gettext_lazy("Theme")),
    "population": ("population", gettext_lazy("Target population")),
    "approach": ("approach", gettext_lazy("Prevention approach")),
}
SORTS = ("relevance", "date")
NUMERIC = ("region", "year")  # columns whose filter values are numbers
PAGE_SIZE = 20
MAX_PAGE = 500
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


class SearchUnavailable(Exception):
    """The search backend failed or timed out."""


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)

    def positive(self):
        parts = []
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="and"))
        parts.extend(Phrase(phrase) for phrase in self.phrases)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def parse(raw: str) -> ParsedQuery:
    """Words, "phrases" and -exclusions from a raw query (bounded and cleaned first)."""
    text = clean_query(raw, keep_quotes=True)
    parsed = ParsedQuery()
    for negative_phrase, phrase, negative_word, word in _TOKEN.findall(text):
        if phrase or negative_phrase:
            target = " ".join(phrase.split())
            if target:
                (parsed.excluded if negative_phrase else parsed.phrases).append(target)
            continue
        parts = [w for w in word.replace('"', " ").replace("-", " ").split() if w]
        if not parts:
            continue
        if negative_word:
            parsed.excluded.append(" ".join(parts))
        else:
            parsed.words.extend(parts)
    return parsed


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]


@dataclass
class SearchResult:
    query: ParsedQuery
    total: int
    entries: list
    facets: list[Facet]
    notices: list[str]
    page: int
    pages: int
    sort: str
    selected: dict


def _labels():
    """Facet definitions: parameter, label, column, and how values are named."""
    from portal.institutions.listing import (
        country_labels,
        institution_labels,
        region_labels,
    )
    from portal.practices.models import PracticePage

    kinds = {entry.key: entry.model._meta.verbose_name_plural for entry in content.content_types()}
    return [
        (
            "type",
            _("Content type"),
            "kind",
            lambda values: {v: str(kinds.get(v, v)) for v in values},
        ),
        ("country", _("Country"), "country", country_labels),
        ("region", _("Region"), "region", region_labels),
        ("institution", _("Institution"), "institution", institution_labels),
        (
            "impact",
            _("Impact evidence"),
            "impact_rating",
            _choice_labels(PracticePage._meta.get_field("impact_rating").choices),
        ),
        (
            "design",
            _("Strongest evaluation design"),
            "evaluation_design",
            _choice_labels(Design.choices),
        ),
        (
            "documentation",
            _("Documentation"),
            "documentation_level",
            _choice_labels(PracticePage._meta.get_field("documentation_level").choices),
        ),
        ("year", _("Year"), "year", lambda values: {v: str(v) for v in values}),
        ("group", _("Funding index group"), "index_group", index_group_labels),
    ]


def _choice_labels(choices):
    names = {str(value): str(label) for value, label in choices or []}
    return lambda values: {v: names.get(str(v), str(v)) for v in values}


def _term_labels(vocabulary):
    from portal.core.models import PreventionApproach, TargetPopulation, Theme
    from portal.institutions.listing import vocabulary_labels

    model = {"theme": Theme, "population": TargetPopulation, "approach": PreventionApproach}[
        vocabulary
    ]
    return vocabulary_labels(model)


def once_per_translation(matches: QuerySet) -> QuerySet:
    """Each page once among ``matches``: a version in another language is dropped when the
    version in the visitor's language matched too (the listings' rule,
    ``visibility.shown_queryset``; an English page that alone matched English words is kept)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    twin = matches.filter(
        page__translation_key=OuterRef("page__translation_key"), language=language
    )
    shown = matches.filter(Q(language=language) | ~Exists(twin))
    return matches.filter(pk__in=shown.values("pk"))  # a filter the search backends accept


class Search:
    def __init__(self, params, *, backend=None):
        self.params = params
        self.backend = backend or get_search_backend()
        self.raw = (params.get("q") or "")[:10_000]
        self.query = parse(self.raw)
        self.notices: list[str] = []
        self.sort = params.get("sort") if params.get("sort") in SORTS else "relevance"
        self.columns = _labels()
        self.selected: dict[str, list[str]] = {}
        self._read_filters()

    def _read_filters(self):
        for param, label, column, _labels_of in self.columns:
            values = text_values(self.params, param, max_length=100)
            if column in NUMERIC:
                numbers, rejected = parse_int_list(values)
                if rejected:
                    self.notices.append(
                        _("Ignored a value of “%(facet)s” that is not a number.") % {"facet": label}
                    )
                # Kept as text, as read back from the index ("007" is "7").
                values = list(dict.fromkeys(str(number) for number in numbers))
            if values:
                self.selected[param] = values
        for param in TERM_FACETS:
            values = text_values(self.params, param, max_length=120)
            if values:
                self.selected[param] = values

    # -- the matching set ---------------------------------------------------------------------

    def _filtered(self, queryset: QuerySet, *, without: str | None = None) -> QuerySet:
        for param, _label, column, _labels_of in self.columns:
            if param != without and param in self.selected:
                queryset = queryset.filter(**{f"{column}__in": self.selected[param]})
        for param, (vocabulary, _label) in TERM_FACETS.items():
            if param != without and param in self.selected:
                queryset = queryset.filter(
                    pk__in=SearchEntryTerm.objects.filter(
                        vocabulary=vocabulary, slug__in=self.selected[param]
                    ).values("entry_id")
                )
        return queryset

    def _matches(self, base: QuerySet) -> QuerySet:
        """The entries matching the words and phrases, without the excluded ones."""
        if vectors.enabled():
            return vectors.match(base, self.query)
        positive = self.query.positive()
        queryset = base
        if positive is not None:
            queryset = self._search_queryset(base, positive)
        for excluded in self.query.excluded:
            hit = self._search_queryset(SearchEntry.objects.all(), Phrase(excluded))
            queryset = queryset.exclude(pk__in=hit.values("pk"))
        return queryset

    def _search_queryset(self, base: QuerySet, query) -> QuerySet:
        results = self.backend.search(query, base, order_by_relevance=False)
        return base.filter(pk__in=_unsliced(results).values("pk"))

    def run(self, *, page: int = 1, page_size: int = PAGE_SIZE) -> SearchResult:
        try:
            return self._run(page=page, page_size=page_size)
        except SearchUnavailable:
            raise
        except Exception as error:  # any backend failure becomes a clear answer
            raise SearchUnavailable(str(error)) from error

    def _run(self, *, page: int, page_size: int) -> SearchResult:
        with vectors.planner(text=not self.query.empty):
            return self._page(page=page, page_size=page_size)

    def _page(self, *, page: int, page_size: int) -> SearchResult:
        if elastic_backend(self.backend):
            return self._elastic_page(page=page, page_size=page_size)
        everything = SearchEntry.objects.all()
        matches = everything
        if not self.query.empty or self.query.excluded:
            matches = self._matches(everything)
        matches = once_per_translation(matches)
        self._drop_unknown(matches)
        if vectors.enabled():
            return self._postgres_page(matches, page=page, page_size=page_size)
        results = self._filtered(matches)
        total = results.count()
        facets = self._facets(matches)
        pages = max(1, min(MAX_PAGE, -(-total // page_size)))
        page = min(max(page, 1), pages)
        offset = (page - 1) * page_size
        if self.sort == "relevance" and not self.query.empty:
            ordered = self._ranked(results)
            entries = ordered[offset : offset + page_size]
        else:
            entries = list(results.order_by("-date", "-pk")[offset : offset + page_size])
        return self._result(total, entries, facets, page, pages)

    def _postgres_page(self, matches, *, page: int, page_size: int) -> SearchResult:
        """Total, facets and the page's ids in one statement (``vectors.page_and_facets``)."""
        ranked = self.sort == "relevance" and not self.query.empty

        def run(number):
            return vectors.page_and_facets(
                matches,
                {param: column for param, _label, column, _labels_of in self.columns},
                {param: vocabulary for param, (vocabulary, _label) in TERM_FACETS.items()},
                self.selected,
                numeric=NUMERIC,
                parsed=self.query if ranked else None,
                offset=(number - 1) * page_size,
                limit=page_size,
            )

        return self._fetched_page(run, page, page_size)

    def _fetched_page(self, run, page: int, page_size: int) -> SearchResult:
        """A page from a backend that returns ``(total, counts, ids)`` in one round trip;
        asked past the end, it fetches the last page instead."""
        page = min(max(page, 1), MAX_PAGE)
        total, counts, ids = run(page)
        pages = max(1, min(MAX_PAGE, -(-total // page_size)))
        if page > pages:
            page = pages
            total, counts, ids = run(page)
        found = SearchEntry.objects.in_bulk(ids)
        entries = [found[pk] for pk in ids if pk in found]
        return self._result(total, entries, self._facets_from(counts), page, pages)

    def _result(self, total, entries, facets, page, pages) -> SearchResult:
        return SearchResult(
            query=self.query,
            total=total,
            entries=entries,
            facets=facets,
            notices=self.notices,
            page=page,
            pages=pages,
            sort=self.sort,
            selected=self.selected,
        )

    def _elastic_page(self, *, page: int, page_size: int) -> SearchResult:
        """One Elasticsearch request: total, the page's ids and every facet's counts."""
        from . import elastic

        self._drop_unknown(SearchEntry.objects.all())

        def run(number):
            total, ids, counts = elastic.execute(
                self, self.backend, offset=(number - 1) * page_size, size=page_size
            )
            return total, counts, ids

        return self._fetched_page(run, page, page_size)

    def _ranked(self, results: QuerySet) -> list:
        """Relevance order from the backend over the filtered matches (one query)."""
        positive = self.query.positive()
        ranked = self.backend.search(positive, results, order_by_relevance=True)
        return _Lazy(ranked)

    def _drop_unknown(self, matches: QuerySet):
        for param, label, column, _labels_of in self.columns:
            values = self.selected.get(param)
            if not values:
                continue
            known = {
                str(v)
                for v in SearchEntry.objects.filter(**{f"{column}__in": values}).values_list(
                    column, flat=True
                )
            }
            self._keep_known(param, label, values, known)
        for param, (vocabulary, label) in TERM_FACETS.items():
            values = self.selected.get(param)
            if not values:
                continue
            known = set(
                SearchEntryTerm.objects.filter(vocabulary=vocabulary, slug__in=values).values_list(
                    "slug", flat=True
                )
            )
            self._keep_known(param, label, values, known)

    def _keep_known(self, param, label, values, known):
        unknown = [v for v in values if v not in known]
        if unknown:
            self.notices.append(
                _("No items match “%(value)s” in “%(facet)s”; that filter was ignored.")
                % {"value": ", ".join(u[:40] for u in unknown[:3]), "facet": label}
            )
        kept = [v for v in values if v in known]
        if kept:
            self.selected[param] = kept
        else:
            self.selected.pop(param, None)

    def _facets(self, matches: QuerySet) -> list[Facet]:
        facets = []
        for param, label, column, labels_of in self.columns:
            rows = (
                self._filtered(matches, without=param)
                .exclude(**{f"{column}__isnull": True})
                .exclude(**{column: ""} if column not in NUMERIC else {})
                .values(column)
                .annotate(n=Count("pk"))
                .order_by()
            )
            counts = {row[column]: row["n"] for row in rows}
            facets.append(self._facet(param, label, counts, labels_of, numeric=column == "year"))
        for param, (vocabulary, label) in TERM_FACETS.items():
            rows = (
                SearchEntryTerm.objects.filter(
                    vocabulary=vocabulary,
                    entry_id__in=self._filtered(matches, without=param).values("pk"),
                )
                .values("slug")
                .annotate(n=Count("entry_id"))
                .order_by()
            )
            counts = {row["slug"]: row["n"] for row in rows}
            facets.append(self._facet(param, label, counts, _term_labels(vocabulary)))
        return facets

    def _facets_from(self, counts: dict) -> list[Facet]:
        """Facets from counts computed in one statement (PostgreSQL), in the usual order."""
        facets = [
            self._facet(param, label, counts[param], labels_of, numeric=column == "year")
            for param, label, column, labels_of in self.columns
        ]
        facets += [
            self._facet(param, label, counts[param], _term_labels(vocabulary))
            for param, (vocabulary, label) in TERM_FACETS.items()
        ]
        return facets

    def _facet(self, param, label, counts, labels_of, numeric=False) -> Facet:
        labels = labels_of(list(counts))
        chosen = set(self.selected.get(param, []))
        options = [
            FacetOption(str(value), str(labels.get(value, value)), n, str(value) in chosen)
            for value, n in counts.items()
        ]
        if numeric:
            options.sort(key=lambda o: (not o.selected, -int(o.value)))
        else:
            options.sort(key=lambda o: (not o.selected, -o.count, o.label))
        return Facet(param, label, options)


def elastic_backend(backend) -> bool:
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

    return isinstance(backend, ElasticsearchBaseSearchBackend)


def _unsliced(results):
    compiler = results.query_compiler
    return compiler.search(compiler.get_config(results.backend), None, None)


class _Lazy(list):
    """A slice of backend-ranked results that fetches only the rows asked for."""

    def __init__(self, results):
        super().__init__()
        self.results = results

    def __getitem__(self, item):
        return list(self.results[item])
