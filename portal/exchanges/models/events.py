"""Network meetings, outside any one project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import ClassifiedPageMixin
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.models import OwnedPageMixin

from .. import listing
from .fields import RICH


@content.register(
    "events",
    counted=False,
    section="exchanges.CooperationIndexPage",
    label=_("Network events"),
    facets=listing.owned_facets,
    sorts=listing.EVENT_SORTS,
    year="date",
    api_fields=listing.EVENT_API_FIELDS,
    schema_type="Event",
)
class ExchangeEventPage(
    PublicAddressMixin, RoutedRestrictionsMixin, OwnedPageMixin, ClassifiedPageMixin, Page
):
    """A network meeting where institutions exchange experience, outside any one project."""

    serve_related = (*OwnedPageMixin.serve_related, "municipality__region", "municipality__country")

    organizers = models.CharField(_("organizers"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "institutions.Municipality",
        verbose_name=_("municipality where it took place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.TextField(_("who took part"), blank=True)
    municipalities_reached = models.PositiveIntegerField(
        _("municipalities taking part"), null=True, blank=True
    )
    objectives = RichTextField(_("objectives"), features=RICH, blank=True)
    conclusions = RichTextField(_("conclusions"), features=RICH, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("organizers"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("place")]),
        FieldPanel("municipality"),
        FieldPanel("participants"),
        FieldPanel("municipalities_reached"),
        FieldPanel("objectives"),
        FieldPanel("conclusions"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("organizers"),
            index.SearchField("objectives"),
            index.SearchField("conclusions"),
        ]
    )
    parent_page_types = ["exchanges.CooperationIndexPage", "institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
