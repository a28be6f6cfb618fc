"""The facets, sorts and API fields of the network-wide practice listing and the manual
library (declared in the content registry by ``models.py``)."""

from django.utils.translation import gettext_lazy as _

from portal.core.content import RECENT, Inline
from portal.core.listing import Facet
from portal.institutions.evaluations.describe import EVALUATIONS
from portal.institutions.evaluations.rating import Design
from portal.institutions.listing import choice_labels, classification_facets, owner_facets

from .ratings import DocumentationLevel, ImpactRating


def practice_facets(status_choices):
    return [
        *owner_facets(),
        *classification_facets(),
        Facet("impact", _("Impact evidence"), "impact_rating", choice_labels(ImpactRating)),
        Facet("design", _("Evaluation design"), "evaluations__design", choice_labels(Design)),
        Facet(
            "documentation",
            _("Documentation quality"),
            "documentation_level",
            choice_labels(DocumentationLevel),
        ),
        Facet("status", _("Status"), "status", choice_labels(status_choices)),
        Facet("year", _("Start year"), "start_year", integer=True),
    ]


def manual_facets():
    return [*owner_facets(), *classification_facets()[:2]]


SORTS = {
    **RECENT,
    "year": ("-start_year", "title"),
    "documentation": ("-documentation_score", "title"),
}
SORT_LABELS = [
    ("recent", _("Most recent")),
    ("title", _("Title")),
    ("year", _("Start year")),
    ("documentation", _("Best documented")),
]
MANUAL_SORTS = {**RECENT, "year": ("-publication_year", "title")}

CLASSIFIED = ("summary", "levels")
API_FIELDS = (
    *CLASSIFIED,
    *("start_year", "end_year", "territory", "budget_amount", "budget_currency"),
    *("funding_sources", "problem", "general_objective", "objectives"),
    *("risk_factors", "protective_factors", "how_it_works", "components"),
    *("theory_of_change", "implementation_steps", "team", "replication_staff"),
    *("replication_budget", "replication_time", "results", "obstacles"),
    *("success_factors", "lessons", "recommendations", "impact_justification"),
    *("documentation_score", "adapted_from", "adaptation_notes", "local_results"),
    *("contact_role", "partner_institutions"),
    *("emmie_mechanism", "emmie_moderators", "emmie_implementation", "emmie_cost"),
)
API_INLINES = (
    Inline("outcomes", ("indicator", "baseline", "result", "period", "source")),
    EVALUATIONS,
)
MANUAL_API_FIELDS = (*CLASSIFIED, "publication_year", "chapters", "document")
