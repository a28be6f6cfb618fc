"""The network in figures: what the network has published and done, counted from live, public
pages only. Every figure here is shown as a table (charts only illustrate the tables).

The columns by country are the registry's counted types; projects, activities and practices by
theme are figures of their own apps, read here directly (this app sits above them).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from portal.core import charts, visibility
from portal.core.models import Theme
from portal.exchanges.models import ExchangeEventPage, ProjectActivity, ProjectPage
from portal.institutions.listing import country_labels, vocabulary_labels
from portal.practices.models import PracticePage

from .counts import column, counted_types, grouped_counts


@dataclass
class Row:
    label: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


def _live(model):
    return visibility.shown_queryset(model.objects)


def network_figures() -> dict:
    # What each counted type publishes, by the country of its owner.
    entries = counted_types()
    columns = [column(entry) for entry in entries]
    labels = {entry.key: column(entry) for entry in entries}
    per_country = defaultdict(Counter)
    for key, code, n in grouped_counts(entries, lambda entry: entry.country_path):
        per_country[code or ""][labels[key]] += n
    codes = sorted(code for code in per_country if code)
    names = country_labels(codes)
    by_country = [
        Row(names.get(code, code), [per_country[code][c] for c in columns]) for code in codes
    ]
    # The whole network also counts content whose owner has no country.
    totals = Row(_("Whole network"), [sum(n[c] for n in per_country.values()) for c in columns])

    # Good practices by theme and country.
    theme_counts = (
        _live(PracticePage)
        .values_list("themes__slug", "institution__country__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_theme = defaultdict(Counter)
    for slug, code, n in theme_counts:
        if slug:
            by_theme[slug][code or ""] += n
    theme_names = vocabulary_labels(Theme)(list(by_theme))
    practices_by_theme = sorted(
        (Row(theme_names.get(slug, slug), [by_theme[slug][c] for c in codes]) for slug in by_theme),
        key=lambda row: (-row.total, row.label),
    )

    # Cooperation over time: projects by agreement year, activities and participants by year.
    projects = _live(ProjectPage)
    activities = ProjectActivity.objects.filter(page__in=projects)
    years = defaultdict(lambda: [0, 0, 0, 0])
    for year, n in (
        projects.exclude(agreement_year=None)
        .values_list("agreement_year")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        years[year][0] = n
    for activity in activities.exclude(start_date=None).values(
        "start_date", "participants_in_person", "participants_online"
    ):
        row = years[activity["start_date"].year]
        row[1] += 1
        row[2] += activity["participants_in_person"] or 0
        row[3] += activity["participants_online"] or 0
    over_time = [Row(str(year), years[year]) for year in sorted(years)]

    reached = projects.aggregate(
        municipalities=Sum("municipalities_reached"), online=Sum("online_participants")
    )
    events_reached = _live(ExchangeEventPage).aggregate(
        municipalities=Sum("municipalities_reached")
    )
    people = activities.aggregate(
        in_person=Sum("participants_in_person"), online=Sum("participants_online")
    )
    return {
        "theme_chart": charts.bar_chart(
            [charts.Bar(r.label, [r.total]) for r in practices_by_theme]
        ),
        "activities_chart": charts.bar_chart(
            [charts.Bar(r.label, [r.values[1]]) for r in over_time]
        ),
        # Participants by year: in person, then online, stacked.
        "participants_chart": charts.bar_chart(
            [charts.Bar(r.label, r.values[2:4]) for r in over_time], series=2
        ),
        "columns": columns,
        "by_country": by_country,
        "totals": totals,
        "countries": [names.get(code, code) for code in codes],
        "practices_by_theme": practices_by_theme,
        "over_time": over_time,
        "reach": {
            "projects": projects.count(),
            "activities": activities.count(),
            "in_person": people["in_person"] or 0,
            "activity_online": people["online"] or 0,
            "project_online": reached["online"] or 0,
            "municipalities": (reached["municipalities"] or 0)
            + (events_reached["municipalities"] or 0),
        },
    }
