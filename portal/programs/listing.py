"""The facets of the network-wide program listing."""

from django.utils.translation import gettext_lazy as _

from portal.core.listing import Facet
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
    ]


SORTS = {
    "recent": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "year": ("-start_year", "title"),
}
