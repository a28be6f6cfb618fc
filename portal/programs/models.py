from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content
from portal.core.mixins import ClassifiedPageMixin, ListingPageMixin, YearRangeMixin, live_pages
from portal.institutions.models import OwnedPageMixin

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


@content.register("programs", section="programs.ProgramIndexPage")
class ProgramPage(OwnedPageMixin, ClassifiedPageMixin, YearRangeMixin, Page):
    """A prevention program an institution runs."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    description = RichTextField(_("description"), features=RICH, blank=True)
    components = RichTextField(
        _("axes and components"),
        features=RICH,
        blank=True,
        help_text=_("What the program is made of."),
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("team_size"),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("description"),
        FieldPanel("components"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("description"),
            index.SearchField("components"),
            index.FilterField("status"),
            index.FilterField("start_year"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("prevention program")
        verbose_name_plural = _("prevention programs")


class ProgramIndexPage(ListingPageMixin, Page):
    """The network-wide listing of prevention programs."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("program listing")

    def get_listing_queryset(self):
        return live_pages(ProgramPage)
