"""The facets of the network-wide observatory listing.

Theme, data source, territorial level and access are read from the observatories' data
holdings: the listing answers "who holds data on this", not how a page was tagged. Values in
different facets may come from different holdings of the same observatory; the "who measures
this?" page matches them holding by holding.
"""

from django.utils.translation import gettext_lazy as _

from portal.core.content import RECENT, Inline
from portal.core.listing import Facet
from portal.core.models import Theme
from portal.institutions.listing import (
    choice_labels,
    classification_facets,
    owner_facets,
    vocabulary_labels,
)


def observatory_facets():
    from .models import Access, DataSource, ObservatoryPage, TerritorialLevel

    return [
        *owner_facets(),
        Facet("kind", _("Kind"), "kind", choice_labels(ObservatoryPage.Kind)),
        Facet("theme", _("Theme"), "holdings__theme__slug", vocabulary_labels(Theme)),
        Facet("source", _("Data source"), "holdings__source", choice_labels(DataSource)),
        Facet("level", _("Territorial level"), "holdings__level", choice_labels(TerritorialLevel)),
        Facet("access", _("Access"), "holdings__access", choice_labels(Access)),
    ]


def report_facets():
    from .models import ObservatoryReportPage

    return [
        *owner_facets(),
        *classification_facets(),
        Facet("kind", _("Kind"), "kind", choice_labels(ObservatoryReportPage.Kind)),
    ]


SORTS = {
    "title": ("title", "pk"),
    "recent": ("-first_published_at", "-pk"),
    "founded": ("founded_year", "title"),
}
REPORT_SORTS = {"recent": ("-date", "-pk"), "title": RECENT["title"]}
SORT_LABELS = [
    ("title", _("Name")),
    ("recent", _("Most recent")),
    ("founded", _("Year founded")),
]


def _points(request, series) -> list[dict]:
    return [{"period": period, "value": float(number)} for period, number in series.points()]


API_FIELDS = (
    *("summary", "levels"),
    *("kind", "founded_year", "restructured_year", "history", "governance"),
    *("team_size", "disciplines", "lines_of_work", "work_processes", "products"),
    *("lessons", "territory", "networks", "awards", "contact_role", "website"),
)
API_INLINES = (
    Inline("divisions", ("level", "name", "count")),
    Inline(
        "holdings",
        ("name", "theme", "source", "level", "periodicity", "first_period")
        + ("last_period", "access", "notes"),
    ),
    Inline(
        "series",
        ("id", "indicator", "territory", "level", "unit", "source", "theme"),
        {"values": (list[dict], _points)},
    ),
)
REPORT_API_FIELDS = ("summary", "levels", "kind", "date", "date_precision", "body", "document")
