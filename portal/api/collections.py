"""What the API serves for each public content type: its filters, sorts and detail fields.

The filters are the listing pages' own facets (same parameter names, same values), so a URL
of the site and a call to the API ask the same question. Content types without a faceted
listing get the facets of the evidence search (owner and classification).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from portal.core import visibility
from portal.core.listing import Facet
from portal.evaluations import models as evaluations

RECENT = {"recent": ("-first_published_at", "-pk"), "title": ("title", "pk")}


@dataclass(frozen=True)
class Child:
    """An inline list on a page (outcomes, indicators, holdings…)."""

    name: str
    fields: tuple[str, ...]
    # Computed values: name -> (annotation, function(request, obj)).
    computed: dict = field(default_factory=dict)

    def model(self, parent):
        return getattr(parent, self.name).rel.related_model

    def model_fields(self, parent) -> list:
        model = self.model(parent)
        return [model._meta.get_field(name) for name in self.fields]


@dataclass(frozen=True)
class Collection:
    name: str
    label: str  # English, like the rest of the API's documentation
    model_label: str
    facets: Callable[[], list[Facet]]
    sorts: dict
    fields: tuple[str, ...]
    children: tuple[Child, ...] = ()
    # Computed values: name -> (annotation, function(request, page)).
    computed: dict = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def queryset(self):
        """Live, public pages only: never a draft, a private page or an unpublished one."""
        model = self.model
        related = ["locale"]
        if hasattr(model, "institution"):
            related += ["institution", "institution__country", "institution__region"]
        if model._meta.model_name == "institutionpage":
            related += ["country", "region"]
        return model.objects.live().public().select_related(*related)


def _owned():
    from portal.institutions.listing import classification_facets, owner_facets

    return [*owner_facets(), *classification_facets()]


def _practice_facets():
    from portal.practices.listing import practice_facets
    from portal.practices.models import PracticePage

    return practice_facets(PracticePage.Status)


def _manual_facets():
    from portal.practices.listing import manual_facets

    return manual_facets()


def _program_facets():
    from portal.programs.listing import program_facets

    return program_facets()


def _observatory_facets():
    from portal.observatories.listing import observatory_facets

    return observatory_facets()


def _report_facets():
    from portal.institutions.listing import choice_labels
    from portal.observatories.models import ObservatoryReportPage

    return [*_owned(), Facet("kind", _("Kind"), "kind", choice_labels(ObservatoryReportPage.Kind))]


def _project_facets():
    from portal.exchanges.models import ProjectPage
    from portal.institutions.listing import choice_labels

    return [
        *_owned(),
        Facet("status", _("Status"), "status", choice_labels(ProjectPage.Status)),
    ]


def _fund_facets():
    return [Facet("country", _("Country"), "countries__code")]


def _institution_facets():
    from portal.institutions.listing import choice_labels
    from portal.institutions.models import InstitutionPage

    return [
        Facet("country", _("Country"), "country__code"),
        Facet("region", _("Region"), "region_id", integer=True),
        Facet("kind", _("Kind"), "kind", choice_labels(InstitutionPage.Kind)),
        Facet("group", _("Funding index group"), "municipality__index_group"),
    ]


def _points(request, series) -> list[dict]:
    return [{"period": period, "value": float(number)} for period, number in series.points()]


def _measurements(request, indicator) -> list[dict]:
    def number(value):
        return None if value is None else float(value)

    return [
        {
            "period": m.period,
            "target": number(m.target),
            "actual": number(m.actual),
            "source": m.source,
        }
        for m in indicator.measurement_list()
    ]


def _indicator_status(request, indicator) -> str:
    return indicator.status


def _fund(request, project) -> int | None:
    """The cooperation fund a project belongs to (its parent page), if any."""
    from portal.exchanges.models import FundPage

    parent = project.get_parent()
    if parent is None or parent.specific_class is not FundPage or not visibility.may_see(parent):
        return None
    return parent.pk


CLASSIFIED = ("summary", "levels")

COLLECTIONS = [
    Collection(
        "practices",
        "Good practices",
        "practices.PracticePage",
        _practice_facets,
        {
            **RECENT,
            "year": ("-start_year", "title"),
            "documentation": ("-documentation_score", "title"),
        },
        (
            *CLASSIFIED,
            *("start_year", "end_year", "territory", "budget_amount", "budget_currency"),
            *("funding_sources", "problem", "general_objective", "objectives"),
            *("risk_factors", "protective_factors", "how_it_works", "components"),
            *("theory_of_change", "implementation_steps", "team", "replication_staff"),
            *("replication_budget", "replication_time", "results", "obstacles"),
            *("success_factors", "lessons", "recommendations", "impact_justification"),
            *("documentation_score", "adapted_from", "adaptation_notes", "local_results"),
            *("contact_role", "partner_institutions"),
        ),
        (
            Child("outcomes", ("indicator", "baseline", "result", "period", "source")),
            Child("evaluations", evaluations.API_FIELDS),
        ),
    ),
    Collection(
        "manuals",
        "Manuals",
        "practices.ManualPage",
        _manual_facets,
        {**RECENT, "year": ("-publication_year", "title")},
        (*CLASSIFIED, "publication_year", "chapters", "document"),
    ),
    Collection(
        "programs",
        "Prevention programs",
        "programs.ProgramPage",
        _program_facets,
        {**RECENT, "year": ("-start_year", "title")},
        (
            *CLASSIFIED,
            *("start_year", "end_year", "prevention_model", "description", "components"),
            *("territory", "team_size", "annual_budget", "budget_currency", "observatory"),
            *("target_status", "related_practices"),
        ),
        (
            Child(
                "indicators",
                ("name", "kind", "unit", "direction", "baseline", "baseline_period"),
                {
                    "status": (str, _indicator_status),
                    "measurements": (list[dict], _measurements),
                },
            ),
            Child("funding_sources", ("kind", "name")),
            Child("evaluations", evaluations.API_FIELDS),
        ),
    ),
    Collection(
        "observatories",
        "Crime observatories",
        "observatories.ObservatoryPage",
        _observatory_facets,
        {"title": ("title", "pk"), "recent": ("-first_published_at", "-pk")},
        (
            *CLASSIFIED,
            *("kind", "founded_year", "restructured_year", "history", "governance"),
            *("team_size", "disciplines", "lines_of_work", "work_processes", "products"),
            *("lessons", "territory", "networks", "awards", "contact_role", "website"),
        ),
        (
            Child("divisions", ("level", "name", "count")),
            Child(
                "holdings",
                ("name", "theme", "source", "level", "periodicity", "first_period")
                + ("last_period", "access", "notes"),
            ),
            Child(
                "series",
                ("id", "indicator", "territory", "level", "unit", "source", "theme"),
                {"values": (list[dict], _points)},
            ),
        ),
    ),
    Collection(
        "reports",
        "Observatory reports",
        "observatories.ObservatoryReportPage",
        _report_facets,
        {"recent": ("-date", "-pk"), "title": ("title", "pk")},
        (*CLASSIFIED, "kind", "date", "date_precision", "body", "document"),
    ),
    Collection(
        "funds",
        "Cooperation funds",
        "exchanges.FundPage",
        _fund_facets,
        RECENT,
        ("summary", "managing_bodies", "year_created", "description", "call_for_projects")
        + ("countries",),
        (Child("calls", ("year", "name", "opens", "closes", "budget", "currency", "notes")),),
    ),
    Collection(
        "projects",
        "Cooperation projects",
        "exchanges.ProjectPage",
        _project_facets,
        {**RECENT, "start": ("-planned_start", "title")},
        (
            *CLASSIFIED,
            *("status", "lead_institution", "general_objective", "specific_objectives"),
            *("agreement_year", "planned_start", "planned_end", "actual_start", "end_date"),
            *("budget", "spent", "currency", "disruptions", "outcomes"),
            *("municipalities_reached", "online_participants", "partner_institutions"),
        ),
        (
            Child(
                "activities",
                ("kind", "title", "host_institution", "start_date", "end_date", "place")
                + ("online", "participants_in_person", "participants_online")
                + ("institutions_reached", "outputs", "learned", "visiting_institutions"),
            ),
            Child(
                "transfers",
                ("name", "from_institution", "to_institution", "state", "prevention_model")
                + ("practice", "program", "notes"),
            ),
        ),
        {"fund": (int | None, _fund)},
    ),
    Collection(
        "events",
        "Exchange events",
        "exchanges.ExchangeEventPage",
        _owned,
        {"recent": ("-date", "-pk"), "title": ("title", "pk")},
        (
            *CLASSIFIED,
            *("organizers", "date", "place", "municipality", "participants"),
            *("municipalities_reached", "objectives", "conclusions"),
        ),
    ),
    Collection(
        "institutions",
        "Institutions",
        "institutions.InstitutionPage",
        _institution_facets,
        {"title": ("title", "pk"), "recent": ("-first_published_at", "-pk")},
        ("kind", "municipality", "unit_name", "summary", "body", "website"),
    ),
]

BY_NAME = {collection.name: collection for collection in COLLECTIONS}
