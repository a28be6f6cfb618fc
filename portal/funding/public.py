"""What the public pages of the index show: ranking (filtered, sorted), breakdowns, downloads."""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.core.csvimport import fold
from portal.core.exports import spreadsheet_safe
from portal.institutions.models import IndexGroup
from portal.institutions.models import index_group_label as group_label

from .models import Allocation, Edition, Score, Value

SORTS = {
    "rank": ("rank",),
    "-rank": ("-rank",),
    "name": ("municipality__name", "rank"),
    "-name": ("-municipality__name", "rank"),
    "region": ("municipality__region__code", "rank"),
    "-region": ("-municipality__region__code", "rank"),
    "score": ("-score", "rank"),
    "-score": ("score", "-rank"),
}


def edition_for(year=None, version=None) -> Edition:
    editions = Edition.objects.filter(status=Edition.Status.PUBLISHED)
    if year is not None:
        editions = editions.filter(year=year)
    if version is not None:
        editions = editions.filter(version=version)
    edition = editions.order_by("-year", "-version").first()
    if edition is None:
        raise Http404(_("There is no published edition of the index with that year or version."))
    return edition


@dataclass
class GroupSummary:
    group: str
    label: str
    count: int
    first_rank: int
    last_rank: int
    lowest: object
    highest: object

    @property
    def interleaved(self) -> bool:
        """Rotating groups split by alternating ranks do not hold a block of ranks."""
        return self.count != self.last_rank - self.first_rank + 1


def group_summaries(edition: Edition) -> list[GroupSummary]:
    rows = (
        Score.objects.filter(edition=edition)
        .values("group")
        .annotate(
            first=Min("rank"),
            last=Max("rank"),
            low=Min("score"),
            high=Max("score"),
            n=Count("id"),
        )
        .order_by("first")
    )
    out = []
    for row in rows:
        out.append(
            GroupSummary(
                row["group"],
                group_label(row["group"]),
                row["n"],
                row["first"],
                row["last"],
                row["low"],
                row["high"],
            )
        )
    return out


def chart_spans(groups: list[GroupSummary]) -> list[tuple[int, str]]:
    """(last rank, label) of each block of ranks; alternating rotating groups make one block."""
    spans = []
    for group in groups:
        if group.interleaved:
            last = max(g.last_rank for g in groups if g.interleaved)
            label = " · ".join(g.group for g in groups if g.interleaved)
            if not spans or spans[-1] != (last, label):
                spans.append((last, label))
        else:
            spans.append((group.last_rank, group.group))
    return spans


def ranking(edition: Edition, params) -> dict:
    """The ranking table with the visitor's filters: region, group, name; and the sort."""
    sort = params.get("sort", "rank")
    if sort not in SORTS:
        sort = "rank"
    rows = list(
        Score.objects.filter(edition=edition)
        .select_related("municipality__region")
        .order_by(*SORTS[sort])
    )
    notices = []
    regions = sorted({(s.municipality.region.code, s.municipality.region.name) for s in rows})
    region = params.get("region", "").strip()
    if region:
        if region in {code for code, _name in regions}:
            rows = [s for s in rows if s.municipality.region.code == region]
        else:
            notices.append(_("There is no region “%s”; showing all regions.") % region[:20])
            region = ""
    group = params.get("group", "").strip()
    if group:
        if group in IndexGroup.values:
            rows = [s for s in rows if s.group == group]
        else:
            notices.append(_("There is no group “%s”; showing all groups.") % group[:10])
            group = ""
    query = params.get("q", "").strip()[:80]
    if query:
        wanted = fold(query)
        rows = [s for s in rows if wanted in fold(s.municipality.name)]
    for row in rows:
        row.group_label = group_label(row.group)
    return {
        "rows": rows,
        "regions": regions,
        "group_choices": [(key, str(label)) for key, label in IndexGroup.choices],
        "selected_region": region,
        "selected_group": group,
        "query": query,
        "sort": sort,
        "notices": notices,
        "filtered": bool(region or group or query),
    }


def breakdown(edition: Edition, score: Score) -> list[dict]:
    """Each variable's value, weight and contribution to a municipality's score."""
    language = (translation.get_language() or "es")[:2]
    values = {
        v.variable_id: v
        for v in Value.objects.filter(
            edition=edition, municipality=score.municipality
        ).select_related("carried_from")
    }
    rows = []
    for variable in edition.variables.all():
        value = values.get(variable.pk)
        rows.append(
            {
                "variable": variable,
                "label": variable.label(language),
                "value": value.value if value else None,
                "source": (value.source if value else "") or variable.source,
                "carried_from": value.carried_from if value else None,
                "contribution": score.contributions.get(variable.key),
            }
        )
    return rows


def allocations_by_year(edition: Edition) -> list[dict]:
    years = []
    every = list(Allocation.objects.filter(edition=edition))
    for year, remainder, budget in (
        (edition.year, edition.remainder_year1, edition.budget_year1),
        (edition.year + 1, edition.remainder_year2, edition.budget_year2),
    ):
        rows = [allocation for allocation in every if allocation.year == year]
        for row in rows:
            row.group_label = group_label(row.group)
        order = {"U1": 0, "U2": 1, "U3": 2, "A": 3, "B": 4}
        rows.sort(key=lambda r: order.get(r.group, 9))
        years.append(
            {
                "year": year,
                "budget": budget,
                "rows": rows,
                "spent": sum(r.total for r in rows),
                "remainder": remainder,
            }
        )
    return years


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(c) for c in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ranking_csv(edition: Edition) -> HttpResponse:
    variables = list(edition.variables.all())
    scores = Score.objects.filter(edition=edition).select_related("municipality__region")
    allocations = {(a.year, a.group): a.amount for a in Allocation.objects.filter(edition=edition)}
    header = [
        "rank",
        "code",
        "municipality",
        "region",
        "score",
        "group",
        *[f"contribution_{v.key}" for v in variables],
        f"amount_{edition.year}",
        f"amount_{edition.year + 1}",
    ]
    rows = (
        [
            s.rank,
            s.municipality.code,
            s.municipality.name,
            s.municipality.region.name,
            s.score,
            s.group,
            *[s.contributions.get(v.key, "") for v in variables],
            allocations.get((edition.year, s.group), 0),
            allocations.get((edition.year + 1, s.group), 0),
        ]
        for s in scores.order_by("rank")
    )
    return _csv_response(f"index-{edition.year}-v{edition.version}-ranking.csv", header, rows)


def inputs_csv(edition: Edition) -> HttpResponse:
    values = (
        Value.objects.filter(edition=edition)
        .select_related("municipality", "variable", "carried_from")
        .order_by("municipality__code", "variable__sort_order")
    )
    header = ["code", "municipality", "variable", "value", "source", "carried_from"]
    rows = (
        [
            v.municipality.code,
            v.municipality.name,
            v.variable.key,
            v.value,
            v.source,
            str(v.carried_from.year) if v.carried_from else "",
        ]
        for v in values
    )
    return _csv_response(f"index-{edition.year}-v{edition.version}-inputs.csv", header, rows)
