"""The facets of the network-wide practice listing and the manual library."""

from django.utils.translation import gettext_lazy as _

from portal.core.listing import Facet
from portal.institutions.listing import choice_labels, classification_facets, owner_facets

from .ratings import DocumentationLevel, ImpactRating


def practice_facets(status_choices):
    return [
        *owner_facets(),
        *classification_facets(),
        Facet("impact", _("Impact evidence"), "impact_rating", choice_labels(ImpactRating)),
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
    "recent": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "year": ("-start_year", "title"),
    "documentation": ("-documentation_score", "title"),
}
