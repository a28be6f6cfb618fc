"""The evidence gap map: prevention approaches × outcome themes, each cell counting the practices
and programs with an evaluation that measured that outcome, their evaluations, and the best level
reached there by the rules (``rating.rate_outcome`` over that page's findings on the theme; a
level measured once, with no direction of change, counts as insufficient evidence).

The rated page types are those of the content registry whose model is a ``RatedMixin``; no list
of types is kept here. ``build`` reads three statements per rated type whatever the size of the
network (the visible pages' outcomes with a theme, their approaches, the terms' names).
"""

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from portal.core import content, visibility
from portal.core.models import PreventionApproach, TargetPopulation, Theme
from portal.institutions.listing import country_labels, index_group_labels, vocabulary_labels
from portal.institutions.models import Country, IndexGroup

from .models import EvaluationOutcome, RatedMixin
from .rating import Finding, ImpactRating, rate_outcome

# The best level a cell has reached, best first: the shade it takes.
SHADE_ORDER = [
    ImpactRating.EFFECTIVE,
    ImpactRating.PROMISING,
    ImpactRating.INSUFFICIENT,
    ImpactRating.NO_EFFECT,
    ImpactRating.HARMFUL,
]
# Where each filter reads on a rated page (the listings' facet paths).
FILTERS = {
    "country": "institution__country__code",
    "population": "target_populations__slug",
    "group": "institution__municipality__index_group",
}
CELL, LABEL_WIDTH, HEADER_HEIGHT = 64, 220, 150


@dataclass
class Cell:
    theme: str
    approach: str
    pages: set = field(default_factory=set)
    evaluations: set = field(default_factory=set)
    levels: dict = field(default_factory=lambda: defaultdict(int))  # level -> pages

    @property
    def best(self) -> str:
        return next((level for level in SHADE_ORDER if self.levels.get(level)), "")

    @property
    def best_label(self) -> str:
        return str(ImpactRating(self.best).label) if self.best else ""


@dataclass
class GapMap:
    themes: list  # (slug, name), rows
    approaches: list  # (slug, name), columns
    cells: dict  # (theme, approach) -> Cell
    filters: dict

    def rows(self) -> list:
        return [
            (slug, name, [self.cells[(slug, approach)] for approach, _name in self.approaches])
            for slug, name in self.themes
        ]

    @property
    def studied(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.pages)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["outcome_theme", "approach", "practices_and_programs", "evaluations", "best_level"]
        )
        for theme, _name, cells in self.rows():
            for cell in cells:
                writer.writerow(
                    [theme, cell.approach, len(cell.pages), len(cell.evaluations), cell.best]
                )
        return out.getvalue()

    def svg(self, listing_url: str) -> dict:
        """Geometry of the server-drawn map: one circle per cell with evidence, its area
        proportional to the evaluations, its shade the best level; every cell links to the
        listing filtered by its approach and theme."""
        most = max((len(cell.evaluations) for cell in self.cells.values()), default=0) or 1
        columns = [
            {"x": LABEL_WIDTH + CELL * n + CELL // 2, "slug": slug, "name": name}
            for n, (slug, name) in enumerate(self.approaches)
        ]
        rows = []
        for n, (theme, name, cells) in enumerate(self.rows()):
            y = HEADER_HEIGHT + CELL * n + CELL // 2
            shown = []
            for column, cell in zip(columns, cells, strict=True):
                count = len(cell.evaluations)
                radius = round(6 + (CELL // 2 - 10) * math.sqrt(count / most)) if count else 0
                query = {"approach": cell.approach, "theme": theme, **self.filters}
                shown.append(
                    {"cell": cell, "x": column["x"], "r": radius,
                     "approach_name": column["name"], "href": f"{listing_url}?{urlencode(query)}"}
                )  # fmt: skip
            rows.append({"y": y, "slug": theme, "name": name, "cells": shown})
        return {
            "width": LABEL_WIDTH + CELL * len(columns) + 110,  # the last column's slanted name
            "height": HEADER_HEIGHT + CELL * len(rows) + 8,
            "grid_right": LABEL_WIDTH + CELL * len(columns),
            "columns": columns,
            "rows": rows,
            "grid_top": HEADER_HEIGHT,
            "label_width": LABEL_WIDTH,
            "cell": CELL,
        }


def rated_types() -> list:
    return [entry for entry in content.content_types() if issubclass(entry.model, RatedMixin)]


def clean_filters(params) -> tuple[dict, dict]:
    """The map's filters from a query string: (accepted, errors by name) with messages a person
    can act on; an unknown value is refused, never silently ignored."""
    accepted, errors = {}, {}
    known = {
        "country": set(Country.objects.values_list("code", flat=True)),
        "population": set(TargetPopulation.objects.values_list("slug", flat=True)),
        "group": set(IndexGroup.values),
    }
    messages = {
        "country": _("Unknown country code “%(value)s”: use a two-letter code such as CL or MX."),
        "population": _("Unknown target population “%(value)s”: choose one from the list."),
        "group": _("Unknown funding index group “%(value)s”: choose one from the list."),
    }
    for name in FILTERS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if value in known[name]:
            accepted[name] = value
        else:
            errors[name] = messages[name] % {"value": value[:40]}
    return accepted, errors


def build(filters: dict) -> GapMap:
    cells = {}
    themes = _terms(Theme)
    approaches = _terms(PreventionApproach)
    for theme, _name in themes:
        for approach, _label in approaches:
            cells[(theme, approach)] = Cell(theme, approach)
    for entry in rated_types():
        pages = visibility.shown_queryset(entry.model.objects.all())
        for name, value in filters.items():
            pages = pages.filter(**{FILTERS[name]: value})
        found = defaultdict(lambda: defaultdict(list))  # page -> theme -> findings
        rows = (
            EvaluationOutcome.objects.filter(
                theme__isnull=False, evaluation__page_id__in=pages.values("pk")
            )
            .order_by()
            .values_list(
                "evaluation__page_id", "evaluation_id", "evaluation__design", "direction",
                "confidence", "theme__slug",
            )
        )  # fmt: skip
        for page_id, evaluation_id, design, direction, confidence, theme in rows:
            found[page_id][theme].append(
                Finding(theme, design, direction, confidence, evaluation=evaluation_id)
            )
        if not found:
            continue
        page_approaches = defaultdict(set)
        for page_id, approach in entry.model.objects.filter(pk__in=list(found)).values_list(
            "pk", "approaches__slug"
        ):
            if approach:
                page_approaches[page_id].add(approach)
        for page_id, by_theme in found.items():
            for theme, findings in by_theme.items():
                level = _level(findings)
                for approach in page_approaches[page_id]:
                    cell = cells.get((theme, approach))
                    if cell is None:
                        continue
                    cell.pages.add((entry.key, page_id))
                    cell.evaluations.update(f.evaluation for f in findings)
                    cell.levels[level] += 1
    return GapMap(themes=themes, approaches=approaches, cells=cells, filters=filters)


def _level(findings: list[Finding]) -> str:
    """The rules' level of one page on one outcome; a level measured once (no direction of
    change) is an evaluation on record that shows no effect either way: insufficient."""
    directed = [finding for finding in findings if finding.direction]
    return rate_outcome(directed).level if directed else ImpactRating.INSUFFICIENT


def _terms(model) -> list:
    """(slug, name in the visitor's language) of every term of a vocabulary, by name."""
    slugs = list(
        model.objects.filter(locale__language_code="es").order_by().values_list("slug", flat=True)
    )
    names = vocabulary_labels(model)(slugs)
    return sorted(((slug, names.get(slug, slug)) for slug in set(slugs)), key=lambda t: t[1])


def filter_choices() -> dict:
    """The options of the map's filters, named in the visitor's language."""
    countries = sorted(Country.objects.values_list("code", flat=True))
    return {
        "country": sorted(country_labels(countries).items(), key=lambda item: item[1]),
        "population": _terms(TargetPopulation),
        "group": sorted(index_group_labels(IndexGroup.values).items()),
    }
