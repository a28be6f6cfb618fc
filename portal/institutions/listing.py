"""Facets every network-wide listing shares: who owns an item, and how it is classified."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.core import visibility
from portal.core.listing import Facet
from portal.core.models import PreventionApproach, PreventionLevel, TargetPopulation, Theme

from .models import Country, InstitutionPage, Region, index_group_labels


def vocabulary_labels(model):
    def labels(slugs):
        language = translation.get_language() or "es"
        names = {}
        for term in model.objects.filter(slug__in=slugs).select_related("locale"):
            if term.slug not in names or term.locale.language_code == language[:2]:
                names[term.slug] = term.name
        return names

    return labels


def country_labels(codes):
    english = (translation.get_language() or "es").startswith("en")
    return {
        c.code: (c.name_en or c.name) if english else c.name
        for c in Country.objects.filter(code__in=codes)
    }


def region_labels(ids):
    return {r.pk: r.name for r in Region.objects.filter(pk__in=ids)}


def institution_labels(slugs):
    """Titles of the institutions a visitor may see (another shows as its slug, which its
    pages' addresses carry anyway)."""
    institutions = visibility.shown_queryset(InstitutionPage.objects).filter(slug__in=slugs)
    return dict(institutions.values_list("slug", "title"))


def choice_labels(choices):
    return lambda values: {
        value: choices(value).label for value in values if value in choices.values
    }


def owner_facets():
    return [
        Facet("country", _("Country"), "institution__country__code", country_labels),
        Facet("region", _("Region"), "institution__region_id", region_labels, integer=True),
        Facet("institution", _("Institution"), "institution__slug", institution_labels),
        # "Municipalities like mine": the owner's group in the current funding index.
        Facet(
            "group",
            _("Funding index group"),
            "institution__municipality__index_group",
            index_group_labels,
        ),
    ]


def classification_facets():
    return [
        Facet("theme", _("Theme"), "themes__slug", vocabulary_labels(Theme)),
        Facet(
            "population",
            _("Target population"),
            "target_populations__slug",
            vocabulary_labels(TargetPopulation),
        ),
        Facet(
            "approach",
            _("Prevention approach"),
            "approaches__slug",
            vocabulary_labels(PreventionApproach),
        ),
        Facet("level", _("Prevention level"), "levels__slug", vocabulary_labels(PreventionLevel)),
    ]
