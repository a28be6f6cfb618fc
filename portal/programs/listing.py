"""The facets, sorts and API fields of the network-wide program listing (declared in the content
registry by ``models.py``)."""

from django.utils.translation import gettext_lazy as _

from portal.core.content import RECENT, Inline
from portal.core.listing import Facet
from portal.institutions.evaluations.describe import EVALUATIONS
from portal.institutions.evaluations.rating import Design, ImpactRating
from portal.institutions.listing import (
    choice_labels,
    classification_facets,
    owner_facets,
    vocabulary_labels,
)

from .indicators import TargetStatus


def program_facets():
    from .models import PreventionModel, ProgramPage

    return [
        *owner_facets(),
        Facet(
            "model",
            _("Prevention model"),
            "prevention_model__slug",
            vocabulary_labels(PreventionModel),
        ),
        *classification_facets()[:3],
        Facet("status", _("Status"), "status", choice_labels(ProgramPage.Status)),
        Facet("targets", _("Meets its targets"), "target_status", choice_labels(TargetStatus)),
        Facet("impact", _("Impact evidence"), "impact_rating", choice_labels(ImpactRating)),
        Facet("design", _("Evaluation design"), "evaluations__design", choice_labels(Design)),
    ]


SORTS = {**RECENT, "year": ("-start_year", "title")}
SORT_LABELS = [
    ("recent", _("Most recent")),
    ("title", _("Title")),
    ("year", _("Start year")),
]


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


API_FIELDS = (
    *("summary", "levels"),
    *("start_year", "end_year", "prevention_model", "description", "components"),
    *("territory", "team_size", "annual_budget", "budget_currency", "observatory"),
    *("target_status", "related_practices"),
)
API_INLINES = (
    Inline(
        "indicators",
        ("name", "kind", "unit", "direction", "baseline", "baseline_period"),
        {
            "status": (str, _indicator_status),
            "measurements": (list[dict], _measurements),
        },
    ),
    Inline("funding_sources", ("kind", "name")),
    EVALUATIONS,
)
