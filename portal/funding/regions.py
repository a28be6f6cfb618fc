"""The funding index by region: a map and its table, from one published edition's scores."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min
from django.utils.translation import gettext as _

from portal.institutions import maps

from .models import Edition, Score


@dataclass
class RegionScores:
    code: str
    name: str
    comunas: int
    mean: float
    lowest: float
    highest: float
    best_rank: int
    by_group: list[int]  # comunas in each group, in the order of the edition's groups


def by_region(edition: Edition, groups) -> dict:
    """Rows per region, ordered by mean score (highest need first), with the map drawn."""
    scores = Score.objects.filter(edition=edition)
    base = scores.values("municipality__region__code", "municipality__region__name")
    stats = base.annotate(
        n=Count("id"), mean=Avg("score"), low=Min("score"), high=Max("score"), best=Min("rank")
    ).order_by()
    per_group = {
        (row["municipality__region__code"], row["group"]): row["n"]
        for row in base.values("municipality__region__code", "group")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        RegionScores(
            row["municipality__region__code"],
            row["municipality__region__name"],
            row["n"],
            float(row["mean"]),
            float(row["low"]),
            float(row["high"]),
            row["best"],
            [per_group.get((row["municipality__region__code"], g.group), 0) for g in groups],
        )
        for row in stats
    ]
    rows.sort(key=lambda r: (-r.mean, r.code))
    scale = maps.range_scale([r.mean for r in rows])
    levels = {
        r.code: (
            scale.level(r.mean),
            _("%(region)s: mean score %(mean).1f over %(count)d comunas")
            % {"region": r.name, "mean": r.mean, "count": r.comunas},
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
