"""When two indicator series can be put side by side, and the comparison page.

The rule (the same on the observatory page, on the comparison page and in tests):

- the series belong to **different observatories** (comparing within one observatory is its own
  page's job);
- they are the **same indicator**: equal names once case, accents and spacing are ignored;
- their **units match** under the same folding ("tasa por 100 mil hab." is not "denuncias": a
  rate and a count can never share an axis);
- their periods are of the **same kind** (years with years, months with months).

Anything else gets the reason in words, never a chart that misleads.
"""

from django.utils.translation import gettext as _

from portal.core import visibility
from portal.core.charts import Line
from portal.core.params import parse_id

from .models import IndicatorSeries


def _granularity_label(value: str) -> str:
    labels = {
        "year": _("yearly"),
        "half": _("half-yearly"),
        "quarter": _("quarterly"),
        "month": _("monthly"),
    }
    return labels.get(value, value)


def why_not_comparable(a: IndicatorSeries, b: IndicatorSeries) -> str | None:
    """None when the two series can be compared, otherwise the reason in a sentence."""
    if a.page_id == b.page_id:
        return _("Both series belong to the same observatory; compare with another observatory.")
    if a.indicator_key != b.indicator_key:
        return _("They are not the same indicator: “%(a)s” and “%(b)s”.") % {
            "a": a.indicator,
            "b": b.indicator,
        }
    if a.unit_key != b.unit_key:
        return _("The units differ (“%(a)s” and “%(b)s”), so the values cannot share one axis.") % {
            "a": a.unit,
            "b": b.unit,
        }
    ga, gb = _period_kind(a), _period_kind(b)
    if ga and gb and ga != gb:
        return _("One series is %(a)s and the other %(b)s; their periods do not line up.") % {
            "a": _granularity_label(ga),
            "b": _granularity_label(gb),
        }
    return None


def _period_kind(series) -> str | None:
    # Candidates are read without their values: the kind kept on save answers for them.
    if "values" in series.get_deferred_fields():
        return series.period_kind or None
    return series.granularity


def published_series(observatories):
    """Series of the given (live, public) observatories, with what a card needs."""
    return IndicatorSeries.objects.filter(page__in=observatories).select_related(
        "page", "page__institution", "page__institution__country"
    )


CANDIDATES_SHOWN = 8
CANDIDATE_FIELDS = (
    "page_id",
    "indicator",
    "indicator_key",
    "unit",
    "unit_key",
    "territory",
    "period_kind",
    "page__title",
)


def comparison_candidates(series_list) -> dict[int, list[tuple[IndicatorSeries, str | None]]]:
    """For each series, the same indicator in other published observatories, with the reason
    each cannot be compared (None when it can): comparable ones first.

    At most ``CANDIDATES_SHOWN`` per series, plus one more to tell the template that there are
    others: the page must not grow with the network (thousands of observatories may share a
    common indicator). One to three queries per series, each reading the index on (indicator, unit, id)
    in order and stopping after a few rows: first the series in the same unit, then, only when
    fewer than that were found, those in other units (never sorting every candidate).
    """
    from .models import ObservatoryPage

    out = {}
    observatories = visibility.shown_queryset(ObservatoryPage.objects)
    wanted = CANDIDATES_SHOWN + 1
    for series in series_list:
        same_indicator = (
            IndicatorSeries.objects.filter(page__in=observatories)
            # What a candidate shows and the rule reads: not the observatories' whole pages.
            .select_related("page")
            .only(*CANDIDATE_FIELDS)
            .filter(indicator_key=series.indicator_key)
            .exclude(page_id=series.page_id)
        )
        others = list(same_indicator.filter(unit_key=series.unit_key).order_by("pk")[:wanted])
        # Series in other units only fill what is left, read on each side of this unit so that
        # the index range starts where they are (a common indicator has thousands in its unit).
        for other_units in ({"unit_key__lt": series.unit_key}, {"unit_key__gt": series.unit_key}):
            if len(others) < wanted:
                rest = same_indicator.filter(**other_units).order_by("unit_key", "pk")
                others += rest[: wanted - len(others)]
        found = [(other, why_not_comparable(series, other)) for other in others[:wanted]]
        found.sort(key=lambda pair: (pair[1] is not None, pair[0].page.title, pair[0].territory))
        out[series.pk] = found
    return out


def compare_view_context(request, observatories) -> tuple[dict, int]:
    """The comparison page's context and HTTP status for ``?a=<id>&b=<id>``."""
    ids = [parse_id(request.GET.get(name)) for name in ("a", "b")]
    if None in ids:
        return {
            "error": _(
                "Choose two series to compare: open an observatory's series and follow one of "
                "its “compare with” links."
            )
        }, 400
    found = {s.pk: s for s in published_series(observatories).filter(pk__in=ids)}
    if len(found) < len(set(ids)) or ids[0] == ids[1]:
        return {
            "error": _(
                "One of these series is not published or no longer exists. Choose two published "
                "series from different observatories."
            )
        }, 404
    a, b = found[ids[0]], found[ids[1]]
    reason = why_not_comparable(a, b)
    context = {"a": a, "b": b, "reason": reason}
    if reason is None:
        values_a, values_b = dict(a.points()), dict(b.points())
        periods = sorted(set(values_a) | set(values_b))
        context["periods"] = periods
        context["rows"] = [(p, values_a.get(p), values_b.get(p)) for p in periods]
        context["lines"] = [
            Line(f"{a.page.title} — {a.territory}", values_a, "chart__line"),
            Line(f"{b.page.title} — {b.territory}", values_b, "chart__line chart__line--other"),
        ]
    return context, 200
