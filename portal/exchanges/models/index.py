"""The cooperation section: funds, projects and events, and the cooperation network."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core import visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import ListingPageMixin, live_pages
from portal.core.visibility import RoutedRestrictionsMixin

from .events import ExchangeEventPage
from .funds import FundPage, ProjectPage


class CooperationIndexPage(
    PublicAddressMixin, RoutedRestrictionsMixin, RoutablePageMixin, ListingPageMixin, Page
):
    """Cooperation: funds, the projects they finance and network exchanges."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["exchanges.FundPage", "exchanges.ExchangeEventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("cooperation index")

    def get_listing_queryset(self):
        return live_pages(ProjectPage, ExchangeEventPage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["funds"] = (
            visibility.visible_queryset(FundPage.objects).child_of(self).order_by("title")
        )
        context["network_path"] = self.reverse_subpage("network")
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    network_page_size = 50

    @path(_("network/"), name="network")
    def network(self, request):
        from portal.core.mixins import paginate

        from ..network import cooperation_network, with_pages

        context = cooperation_network()
        # The strongest links first, a page at a time: with thousands of projects the whole
        # list ran to megabytes. Only the links shown are read as pages.
        links = paginate(request, context["links"], self.network_page_size)
        links.object_list = with_pages(list(links.object_list))
        context["links"] = links
        return self.render(request, context_overrides=context, template="exchanges/network.html")
