from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content
from portal.core.mixins import ClassifiedPageMixin, ListingPageMixin, live_pages
from portal.institutions.models import OwnedPageMixin

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


@content.register("observatories", section="observatories.ObservatoryIndexPage")
class ObservatoryPage(OwnedPageMixin, ClassifiedPageMixin, Page):
    """A crime or human-security observatory: who measures what, and how."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        ACADEMIC = "academic", _("Academic")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPAL)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    restructured_year = models.PositiveSmallIntegerField(
        _("year restructured"), null=True, blank=True
    )
    history = RichTextField(
        _("history"),
        features=RICH,
        blank=True,
        help_text=_("How it was founded and later restructured."),
    )
    lines_of_work = RichTextField(_("lines of work"), features=RICH, blank=True)
    work_processes = RichTextField(_("work processes"), features=RICH, blank=True)
    products = RichTextField(_("products"), features=RICH, blank=True)
    lessons = RichTextField(_("lessons and success factors"), features=RICH, blank=True)
    networks = models.CharField(_("networks it belongs to"), max_length=300, blank=True)
    awards = models.CharField(_("awards"), max_length=300, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("founded_year"), FieldPanel("restructured_year")]),
                FieldPanel("networks"),
                FieldPanel("awards"),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("history"),
        FieldPanel("lines_of_work"),
        FieldPanel("work_processes"),
        FieldPanel("products"),
        FieldPanel("lessons"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("history"),
            index.SearchField("lines_of_work"),
            index.SearchField("work_processes"),
            index.SearchField("products"),
            index.FilterField("kind"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("observatory")
        verbose_name_plural = _("observatories")

    def clean(self):
        super().clean()
        if (
            self.founded_year
            and self.restructured_year
            and self.restructured_year < self.founded_year
        ):
            raise ValidationError(
                {"restructured_year": _("A restructuring cannot precede the founding.")}
            )


class ObservatoryIndexPage(ListingPageMixin, Page):
    """The network-wide registry of observatories."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("observatory listing")

    def get_listing_queryset(self):
        return live_pages(ObservatoryPage)
