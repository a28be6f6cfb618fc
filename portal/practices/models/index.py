"""The practices section: the listing of good practices, the manual library and the ratings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core import visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.listing import FacetedIndexMixin, ListingView
from portal.core.templatetags.portal_tags import localized_pageurl
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.evaluations.models import RatingChange
from portal.institutions.evaluations.views import evidence_map

from .. import listing
from ..ratings import rating_overview
from .practice import PracticePage


class PracticeIndexPage(
    PublicAddressMixin, RoutedRestrictionsMixin, RoutablePageMixin, FacetedIndexMixin, Page
):
    """The network-wide listing of good practices, with the manual library at manuales/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("practice listing")

    @path("")
    def practices(self, request):
        return self.serve_listing(
            request,
            PRACTICES,
            header_link=(
                self.reverse_subpage("manuals"),
                _("Manual library: step-by-step guides to replicate practices"),
            ),
        )

    @path(_("manuals/"), name="manuals")
    def manuals(self, request):
        return self.serve_listing(request, MANUALS, header_link=("", _("See the good practices")))

    @path(_("evidence-map/"), name="evidence_map")
    def evidence_map(self, request):
        return evidence_map(self, request, localized_pageurl({"request": request}, self))

    @path(_("ratings/"), name="ratings")
    def ratings(self, request):
        practices = visibility.shown_queryset(PracticePage.objects)
        changes = RatingChange.objects.filter(page_id__in=practices.values("pk"))
        return self.render(
            request,
            context_overrides={
                **rating_overview(practices),
                "recent_changes": list(changes.select_related("page")[:20]),
                "map_path": self.reverse_subpage("evidence_map").lstrip("/"),
            },
            template="practices/ratings.html",
        )


PRACTICES = ListingView(
    "practices",
    card="practices/practice_card.html",
    count=ngettext_lazy("%(counter)s good practice", "%(counter)s good practices", "counter"),
    no_match=_("No practices match these filters"),
    no_match_hint=_(
        "Remove one of the active filters above, or all of them, to see more practices."
    ),
    see_all=_("See all good practices"),
    nothing_yet=_("No good practices have been published yet."),
    sort_labels=listing.SORT_LABELS,
    related=("institution", "institution__country"),
    feed_title=_("New practices"),
)
MANUALS = ListingView(
    "manuals",
    card="practices/manual_card.html",
    count=ngettext_lazy("%(counter)s manual", "%(counter)s manuals", "counter"),
    no_match=_("No manuals match these filters"),
    no_match_hint=_("Remove one of the active filters above, or all of them, to see more manuals."),
    see_all=_("See all manuals"),
    nothing_yet=_("No manuals have been published yet."),
    related=("institution", "institution__country", "document"),
    heading=_("Manual library"),
    lead=_(
        "Manuals in which municipalities and institutions explain step by step how to "
        "replicate their practices. Read them online or download them."
    ),
    description=_(
        "Manuals published by the network’s municipalities and institutions to replicate "
        "their crime and violence prevention practices: read online or download."
    ),
    body_class="page-practices-manuallibrary",
)
