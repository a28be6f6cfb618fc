"""The funding index by region: a map and its table, from one published edition's scores."""

import math
import sys
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from portal.institutions import maps

from .models import Edition, Score


@dataclass
class RegionScores:
    code: str
    name: str
    by_group: list[int]  # comunas in each group, in the order of the edition's groups
    comunas: int = 0
    total: float = 0.0  # sum of the comunas' scores
    lowest: float = math.inf
    highest: float = -math.inf
    best_rank: int = sys.maxsize

    @property
    def mean(self) -> float:
        return self.total / self.comunas


def by_region(edition: Edition, groups) -> dict:
    """Rows per region, ordered by mean score (highest need first), with the map drawn."""
    # One query: each region's comunas per group, with their score sum and range.
    cells = (
        Score.objects.filter(edition=edition)
        .values("municipality__region__code", "municipality__region__name", "group")
        .annotate(
            n=Count("id"), total=Sum("score"), low=Min("score"), high=Max("score"), best=Min("rank")
        )
        .order_by()
    )
    order = [g.group for g in groups]
    regions: dict[str, RegionScores] = {}
    for cell in cells:
        code = cell["municipality__region__code"]
        row = regions.setdefault(
            code,
            RegionScores(code, cell["municipality__region__name"], [0] * len(order)),
        )
        row.comunas += cell["n"]
        row.total += float(cell["total"])
        row.lowest = min(row.lowest, float(cell["low"]))
        row.highest = max(row.highest, float(cell["high"]))
        row.best_rank = min(row.best_rank, cell["best"])
        if cell["group"] in order:
            row.by_group[order.index(cell["group"])] += cell["n"]
    rows = list(regions.values())
    rows.sort(key=lambda r: (-r.mean, r.code))
    scale = maps.range_scale([r.mean for r in rows])
    levels = {
        r.code: (
            scale.level(r.mean),
            _("%(region)s: mean score %(mean)s over %(count)d comunas")
            % {
                "region": r.name,
                "mean": formats.number_format(round(r.mean, 1), 1),
                "count": r.comunas,
            },
        )
        for r in rows
    }
    return {
        "rows": rows,
        "svg": maps.draw(
            "CL",
            ident="index-map",
            label=_("Map of Chile: mean funding index score by region"),
            levels=levels,
        ),
        "legend": maps.legend(scale, _("Mean score of the region's comunas")),
        "outside": maps.outside_frame("CL"),
    }
