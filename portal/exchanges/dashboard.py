"""The coordinator's dashboard: the portfolio of the funds a user coordinates, in figures.

Coordinators see their own funds; moderators and administrators see every fund and also the
projects no fund finances (bilateral agreements below an institution). Figures are read from the
pages as saved (a draft's values once it is published), so they are the same figures the public
pages show. Definitions, which the dashboard also prints:

- **upcoming**: activities starting today or later;
- **unreported**: activities that have ended with neither participants nor what was learned;
- **overdue projects**: approved or running projects whose planned end has passed;
- **quiet**: approved or running projects with no activity in the last N months (or none at all);
- **participants**: the sum over activities, in person and online; the people and municipalities
  a project reached by dissemination are its own figures, added separately;
- **institutions involved / countries**: distinct lead, partner, host and visiting institutions.
"""

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.core.exports import spreadsheet_safe

from .access import coordinated_funds, sees_everything
from .models import FundPage, ProjectPage, Transfer

ACTIVE = (ProjectPage.Status.APPROVED, ProjectPage.Status.RUNNING)


@dataclass
class Portfolio:
    funds: list
    projects: list
    fund_of: dict
    by_status: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    unreported: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    overdue_projects: list = field(default_factory=list)
    quiet: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    transfer_states: list = field(default_factory=list)
    statuses: list = field(default_factory=list)


def months_ago(today: datetime.date, months: int) -> datetime.date:
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(today.day, 28)
    return datetime.date(year, month, day)


def visible_projects(user):
    """The projects of the user's funds (and, for moderators, those without a fund)."""
    funds = list(coordinated_funds(user).order_by("title"))
    condition = Q(pk__in=[])
    for fund in funds:
        condition |= Q(path__startswith=fund.path, depth=fund.depth + 1)
    if sees_everything(user):
        fund_paths = FundPage.objects.values_list("path", flat=True)
        without_fund = ProjectPage.objects.all()
        for path in fund_paths:
            without_fund = without_fund.exclude(path__startswith=path)
        condition |= Q(pk__in=without_fund.values("pk"))
    projects = (
        ProjectPage.objects.filter(condition)
        .select_related("lead_institution", "lead_institution__country")
        .prefetch_related(
            "partner_institutions__country",
            "activities__host_institution__country",
            "activities__visiting_institutions__country",
            "transfers",
        )
        .order_by("title", "pk")
    )
    return funds, list(projects)


def portfolio(user, *, today: datetime.date, months: int = 6) -> Portfolio:
    funds, projects = visible_projects(user)
    fund_of = {}
    for project in projects:
        fund_of[project.pk] = next(
            (f for f in funds if project.path.startswith(f.path) and project.depth == f.depth + 1),
            None,
        )
    result = Portfolio(funds=funds, projects=projects, fund_of=fund_of)

    statuses = list(ProjectPage.Status)
    groups = [(fund, [p for p in projects if fund_of[p.pk] == fund]) for fund in funds]
    no_fund = [p for p in projects if fund_of[p.pk] is None]
    if no_fund:
        groups.append((None, no_fund))
    for fund, items in groups:
        counts = Counter(p.status for p in items)
        result.by_status.append(
            {
                "fund": fund,
                "counts": [counts.get(status.value, 0) for status in statuses],
                "total": len(items),
            }
        )
    result.statuses = statuses

    since = months_ago(today, months)
    institutions, countries = set(), set()
    totals = Counter()
    transfer_states = Counter()
    for project in projects:
        activities = sorted(project.activities.all(), key=lambda a: a.start_date)
        for activity in activities:
            activity.page = project  # already loaded: no query for the window
            if activity.start_date >= today:
                result.upcoming.append(activity)
            elif (
                activity.last_day < today
                and activity.participants_in_person is None
                and activity.participants_online is None
                and not activity.learned.strip()
            ):
                result.unreported.append(activity)
            if activity.outside_project:
                result.outside.append(activity)
            totals["activities"] += 1
            totals["in_person"] += activity.participants_in_person or 0
            totals["online"] += activity.participants_online or 0
            totals["institutions_reached"] += activity.institutions_reached or 0
            for institution in [activity.host_institution, *activity.visiting_institutions.all()]:
                if institution is not None:
                    institutions.add(institution.pk)
                    if institution.country_id:
                        countries.add(institution.country_id)
        for institution in project.institutions():
            institutions.add(institution.pk)
            if institution.country_id:
                countries.add(institution.country_id)
        totals["reached_online"] += project.online_participants or 0
        totals["municipalities_reached"] += project.municipalities_reached or 0
        for transfer in project.transfers.all():
            transfer_states[transfer.state] += 1
        if project.status in ACTIVE:
            if project.planned_end and project.planned_end < today and not project.end_date:
                result.overdue_projects.append(project)
            # Held (at least partly) between then and today; scheduled ones do not count.
            recent = [a for a in activities if a.start_date <= today and a.last_day >= since]
            if not recent:
                result.quiet.append(project)
    result.upcoming.sort(key=lambda a: a.start_date)
    result.unreported.sort(key=lambda a: a.start_date)
    totals["projects"] = len(projects)
    totals["participants"] = totals["in_person"] + totals["online"]
    totals["institutions"] = len(institutions)
    totals["countries"] = len(countries)
    totals["transfers"] = sum(transfer_states.values())
    result.totals = dict(totals)
    result.transfer_states = [
        (state.label, transfer_states.get(state.value, 0)) for state in Transfer.State
    ]
    return result


CSV_COLUMNS = [
    "fund",
    "project",
    "status",
    "lead institution",
    "partner institutions",
    "countries",
    "planned start",
    "planned end",
    "actual start",
    "actual end",
    "budget",
    "spent",
    "currency",
    "activities",
    "participants in person",
    "participants online",
    "municipalities reached",
    "online participants reached",
    "transfers",
    "published",
    "url",
]


def portfolio_csv(result: Portfolio, *, base_url: str = "") -> str:
    """One row per project, for spreadsheets (UTF-8 with BOM, so Excel reads the accents)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for project in result.projects:
        fund = result.fund_of.get(project.pk)
        institutions = project.institutions()
        activities = list(project.activities.all())
        countries = sorted({i.country.code for i in institutions if i.country_id})
        row = [
            fund.title if fund else _("(no fund)"),
            project.title,
            project.status,
            project.lead_institution.title if project.lead_institution_id else "",
            "; ".join(i.title for i in institutions if i.pk != project.lead_institution_id),
            " ".join(countries),
            _date(project.planned_start),
            _date(project.planned_end),
            _date(project.actual_start),
            _date(project.end_date),
            _plain(project.budget),
            _plain(project.spent),
            project.currency,
            len(activities),
            sum(a.participants_in_person or 0 for a in activities),
            sum(a.participants_online or 0 for a in activities),
            project.municipalities_reached if project.municipalities_reached is not None else "",
            project.online_participants if project.online_participants is not None else "",
            len(project.transfers.all()),
            "yes" if project.live else "no",
            base_url + (project.url or "") if project.live else "",
        ]
        # A title starting with = + - @ must not run as a spreadsheet formula.
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


def _date(value):
    return value.isoformat() if value else ""


def _plain(value):
    return "" if value is None else format(value.normalize(), "f")
