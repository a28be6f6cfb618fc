"""The observatories section: the listing, "who measures this?" and comparisons."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core import visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.listing import FacetedIndexMixin, ListingView
from portal.core.visibility import RoutedRestrictionsMixin

from .. import listing
from .observatory import ObservatoryPage


class ObservatoryIndexPage(
    PublicAddressMixin, RoutedRestrictionsMixin, RoutablePageMixin, FacetedIndexMixin, Page
):
    """The network-wide registry of observatories: listing, "who measures this?", comparisons."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("observatory listing")

    def live_observatories(self):
        return visibility.shown_queryset(ObservatoryPage.objects)

    @path("")
    def observatories(self, request):
        return self.serve_listing(
            request,
            OBSERVATORIES,
            queryset=self.live_observatories(),
            header_link=(
                self.reverse_subpage("who_measures"),
                _(
                    "Who measures this? Find every observatory that holds data on a theme or "
                    "from a source"
                ),
            ),
        )

    @path(_("who-measures/"), name="who_measures")
    def who_measures(self, request):
        from ..registry import who_measures_context

        return self.render(
            request,
            context_overrides=who_measures_context(request, self.live_observatories()),
            template="observatories/who_measures.html",
        )

    @path(_("compare/"), name="compare")
    def compare(self, request):
        from ..comparison import compare_view_context

        # Series are named by id: those of any language's version (the switcher keeps the ids).
        observatories = visibility.visible_queryset(ObservatoryPage.objects)
        context, status = compare_view_context(request, observatories)
        response = self.render(
            request, context_overrides=context, template="observatories/compare.html"
        )
        response.status_code = status
        return response


OBSERVATORIES = ListingView(
    "observatories",
    card="observatories/observatory_card.html",
    count=ngettext_lazy("%(counter)s observatory", "%(counter)s observatories", "counter"),
    no_match=_("No observatories match these filters"),
    no_match_hint=_(
        "Remove one of the active filters above, or all of them, to see more observatories."
    ),
    see_all=_("See all observatories"),
    nothing_yet=_("No observatories have been published yet."),
    sort_labels=listing.SORT_LABELS,
    related=("institution", "institution__country"),
    feed_title=_("New observatories"),
)
