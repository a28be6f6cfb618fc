"""The facets, sorts and API fields of funds, projects and network meetings (declared in the
content registry by ``models.py``)."""

from django.utils.translation import gettext_lazy as _

from portal.core import visibility
from portal.core.content import RECENT, Inline
from portal.core.listing import Facet
from portal.institutions.listing import choice_labels, classification_facets, owner_facets


def owned_facets():
    return [*owner_facets(), *classification_facets()]


def fund_facets():
    return [Facet("country", _("Country"), "countries__code")]


def project_facets():
    from .models import ProjectPage

    return [
        *owned_facets(),
        Facet("status", _("Status"), "status", choice_labels(ProjectPage.Status)),
    ]


def _fund(request, project) -> int | None:
    """The cooperation fund a project belongs to (its parent page), if a visitor may see it."""
    from .models import FundPage

    parent = project.get_parent()
    if parent is None or parent.specific_class is not FundPage or not visibility.may_see(parent):
        return None
    return parent.pk


PROJECT_SORTS = {**RECENT, "start": ("-planned_start", "title")}
EVENT_SORTS = {"recent": ("-date", "-pk"), "title": RECENT["title"]}

FUND_API_FIELDS = (
    *("summary", "managing_bodies", "year_created", "description", "call_for_projects"),
    "countries",
)
FUND_API_INLINES = (
    Inline("calls", ("year", "name", "opens", "closes", "budget", "currency", "notes")),
)
PROJECT_API_FIELDS = (
    *("summary", "levels"),
    *("status", "lead_institution", "general_objective", "specific_objectives"),
    *("agreement_year", "planned_start", "planned_end", "actual_start", "end_date"),
    *("budget", "spent", "currency", "disruptions", "outcomes"),
    *("municipalities_reached", "online_participants", "partner_institutions"),
)
PROJECT_API_INLINES = (
    Inline(
        "activities",
        ("kind", "title", "host_institution", "start_date", "end_date", "place")
        + ("online", "participants_in_person", "participants_online")
        + ("institutions_reached", "outputs", "learned", "visiting_institutions"),
    ),
    Inline(
        "transfers",
        ("name", "from_institution", "to_institution", "state", "prevention_model")
        + ("practice", "program", "notes"),
    ),
)
PROJECT_API_COMPUTED = {"fund": (int | None, _fund)}
EVENT_API_FIELDS = (
    *("summary", "levels"),
    *("organizers", "date", "place", "municipality", "participants"),
    *("municipalities_reached", "objectives", "conclusions"),
)
