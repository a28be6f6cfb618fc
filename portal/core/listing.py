"""Faceted listings: filters that combine and keep each other's state, with counts.

Within one facet the chosen values are alternatives (OR); across facets they all apply (AND).
Each facet's counts are computed with every *other* active filter applied, so a visitor sees
how many items each value would leave. Unknown values are ignored and reported, never an error.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from . import content, exports, visibility
from .mixins import paginate
from .params import parse_int_list, text_values


@dataclass
class Facet:
    param: str
    label: str
    path: str
    # Maps the raw values found in the database to the labels shown.
    labels: Callable[[list], dict] = field(default=lambda values: {v: str(v) for v in values})
    integer: bool = False


MAX_FACET_VALUES = 30


class FacetValues(list):
    """A facet's values as shown, with ``hidden``: how many less frequent ones were left out."""

    hidden = 0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


class FacetedListing:
    def __init__(self, queryset: QuerySet, facets: list[Facet], params: QueryDict):
        self.queryset = queryset
        self.facets = facets
        self.notices: list[str] = []
        self.selected: dict[str, list] = {}
        for facet in facets:
            values = text_values(params, facet.param)
            if facet.integer:
                valid, rejected = parse_int_list(values)
                if rejected:
                    self.notices.append(
                        _("Ignored a value of “%(facet)s” that is not a number.")
                        % {"facet": facet.label}
                    )
                values = valid
            if values:
                known = set(
                    queryset.filter(**{f"{facet.path}__in": values}).values_list(
                        facet.path, flat=True
                    )
                )
                unknown = [value for value in values if value not in known]
                if unknown:
                    self.notices.append(
                        _("No items match “%(value)s” in “%(facet)s”; that filter was ignored.")
                        % {
                            "value": ", ".join(str(u)[:40] for u in unknown[:3]),
                            "facet": facet.label,
                        }
                    )
                values = [value for value in values if value in known]
            if values:
                self.selected[facet.param] = values

    def _filtered(self, *, without: str | None = None) -> QuerySet:
        queryset = self.queryset
        for facet in self.facets:
            values = self.selected.get(facet.param)
            if values and facet.param != without:
                queryset = queryset.filter(Q(**{f"{facet.path}__in": values}))
        return queryset

    def results(self) -> QuerySet:
        queryset = self._filtered()
        # DISTINCT over every column of the pages is costly: only a filter through a
        # many-valued relation (themes, populations…) can repeat a row.
        if any(self._multivalued(f.path) for f in self.facets if self.selected.get(f.param)):
            queryset = queryset.distinct()
        return queryset

    def _multivalued(self, path: str) -> bool:
        model = self.queryset.model
        for part in path.split("__")[:-1]:
            field = model._meta.get_field(part)
            if field.many_to_many or field.one_to_many:
                return True
            model = field.related_model
        return False

    def counts(self) -> list[tuple[Facet, list[FacetValue]]]:
        out = []
        for facet in self.facets:
            rows = (
                self._filtered(without=facet.param)
                .exclude(**{f"{facet.path}__isnull": True})
                .values(facet.path)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
            found = {row[facet.path]: row["n"] for row in rows if row[facet.path] not in ("", None)}
            chosen = set(self.selected.get(facet.param, []))
            # The most frequent values and every chosen one: a facet of 2,500 institutions
            # would weigh more than the page it filters (labels too are read for these only).
            frequent = sorted(found, key=lambda value: (-found[value], str(value)))
            kept = [v for v in frequent if v in chosen] + [v for v in frequent if v not in chosen]
            kept = kept[: max(MAX_FACET_VALUES, len(chosen))]
            labels = facet.labels(kept)
            values = FacetValues(
                FacetValue(str(value), labels.get(value, str(value)), found[value], value in chosen)
                for value in kept
            )
            values.sort(key=lambda v: (not v.selected, -v.count, v.label))
            values.hidden = len(found) - len(kept)
            out.append((facet, values))
        return out

    @property
    def active(self) -> bool:
        return bool(self.selected)


@dataclass(frozen=True)
class ListingView:
    """How an index page presents one registered content type as a faceted listing.

    The facets and sorts come from the content registry (``key``); the view names the card
    template, the words around the results and which sorts a visitor may choose (none: the
    registry's first sort, without a sort control).
    """

    key: str
    card: str
    # ngettext_lazy(..., "counter"): the heading over the results.
    count: Any
    no_match: str
    no_match_hint: str
    see_all: str
    nothing_yet: str
    sort_labels: tuple = ()
    related: tuple = ()
    # The search's Atom feed of new items of this type, announced in the head.
    feed_title: str | None = None
    # A listing at a sub-route has its own heading (else the page's title), lead, description,
    # body class and a breadcrumb of its own.
    heading: str | None = None
    lead: str | None = None
    description: str | None = None
    body_class: str | None = None


class FacetedIndexMixin:
    """An index page that serves faceted listings of registered content types, with a sort
    control, pagination and CSV/JSON exports (``?format=``), in one template."""

    page_size = 12
    listing_template = "core/faceted_listing.html"

    def serve_listing(
        self, request, view: ListingView, *, queryset=None, header_link=None, **extra
    ):
        entry = content.get(view.key)
        if queryset is None:
            queryset = visibility.shown_queryset(entry.model.objects)
        facets = entry.facets() if entry.facets else []
        listing = FacetedListing(queryset, facets, request.GET)
        default = next(iter(entry.sorts))
        sort = request.GET.get("sort", default) if view.sort_labels else default
        if sort not in entry.sorts:
            sort = default
        results = listing.results().select_related(*view.related).order_by(*entry.sorts[sort])
        export = exports.for_listing(request, results, view.key)
        if export is not None:
            return export
        items = paginate(request, results, self.page_size)
        context = {
            "listing": listing,
            "results": results,
            "items": items,
            "sort": sort if view.sort_labels else None,
            "sorts": list(view.sort_labels),
            "view": view,
            "count_text": view.count % {"counter": items.paginator.count},
            "header_link": header_link,
            **extra,
        }
        return self.render(request, context_overrides=context, template=self.listing_template)
