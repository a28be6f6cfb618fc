"""“Who measures this?”: every published observatory that holds data on a theme or from a source.

The question observatory staff ask before they call a peer. A visitor picks a theme, a data
source, or both (and optionally a territorial level); the answer lists each observatory with the
matching holdings, finest territorial level first, with periodicity, periods covered and access.
Unknown choices are reported and ignored, never an error.
"""

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from portal.core.models import Theme
from portal.institutions.listing import vocabulary_labels

from .models import Access, DataHolding, DataSource, TerritorialLevel

# Finest first: a point-level holding answers more questions than a municipal total.
LEVEL_ORDER = {level: i for i, level in enumerate(reversed(TerritorialLevel.values))}


def who_measures_context(request, observatories) -> dict:
    holdings = DataHolding.objects.filter(page__in=observatories)
    notices = []

    theme_counts = Counter(
        dict(
            holdings.exclude(theme=None)
            .values_list("theme__slug")
            .annotate(n=Count("page", distinct=True))
            .order_by()
        )
    )
    source_counts = Counter(
        dict(holdings.values_list("source").annotate(n=Count("page", distinct=True)).order_by())
    )
    theme_names = vocabulary_labels(Theme)(list(theme_counts))
    themes = sorted(
        ((slug, theme_names.get(slug, slug), n) for slug, n in theme_counts.items()),
        key=lambda t: t[1].lower(),
    )
    sources = [
        (value, label, source_counts[value])
        for value, label in DataSource.choices
        if source_counts[value]
    ]

    theme = request.GET.get("theme", "").strip()
    source = request.GET.get("source", "").strip()
    level = request.GET.get("level", "").strip()
    if theme and theme not in theme_counts:
        notices.append(
            _("No observatory holds data on the theme “%(theme)s”; choose one from the list.")
            % {"theme": theme[:40]}
        )
        theme = ""
    if source and source not in DataSource.values:
        notices.append(
            _("“%(source)s” is not a data source the portal knows; choose one from the list.")
            % {"source": source[:40]}
        )
        source = ""
    if level and level not in TerritorialLevel.values:
        notices.append(_("Unknown territorial level “%(level)s”; ignored.") % {"level": level[:40]})
        level = ""

    groups = None
    if theme or source:
        matching = holdings
        if theme:
            matching = matching.filter(theme__slug=theme)
        if source:
            matching = matching.filter(source=source)
        if level:
            matching = matching.filter(level=level)
        matching = matching.select_related(
            "page", "page__institution", "page__institution__country", "theme", "theme__locale"
        )
        by_page: dict[int, dict] = {}
        for holding in matching:
            group = by_page.setdefault(
                holding.page_id, {"observatory": holding.page, "holdings": []}
            )
            group["holdings"].append(holding)
        for group in by_page.values():
            group["holdings"].sort(key=lambda h: (LEVEL_ORDER.get(h.level, 99), h.name.lower()))
            group["finest"] = group["holdings"][0].get_level_display()
        groups = sorted(
            by_page.values(),
            key=lambda g: (
                LEVEL_ORDER.get(g["holdings"][0].level, 99),
                g["observatory"].title.lower(),
            ),
        )

    return {
        "themes": themes,
        "sources": sources,
        "levels": TerritorialLevel.choices,
        "access_labels": dict(Access.choices),
        "theme": theme,
        "source": source,
        "level": level,
        "theme_label": theme_names.get(theme, ""),
        "source_label": dict(DataSource.choices).get(source, ""),
        "groups": groups,
        "notices": notices,
    }
