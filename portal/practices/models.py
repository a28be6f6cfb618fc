from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content
from portal.core.mixins import ClassifiedPageMixin, ListingPageMixin, YearRangeMixin, live_pages
from portal.institutions.models import OwnedPageMixin

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


@content.register("practices", section="practices.PracticeIndexPage")
class PracticePage(OwnedPageMixin, ClassifiedPageMixin, YearRangeMixin, Page):
    """A systematized good practice of a municipality or other institution."""

    class Status(models.TextChoices):
        DESIGN = "design", _("In design")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        DISCONTINUED = "discontinued", _("Discontinued")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    problem = RichTextField(_("problem it addresses"), features=RICH, blank=True)
    objectives = RichTextField(_("objectives"), features=RICH, blank=True)
    how_it_works = RichTextField(_("how it works"), features=RICH, blank=True)
    results = RichTextField(_("results and evidence"), features=RICH, blank=True)
    lessons = RichTextField(
        _("lessons learned"),
        features=RICH,
        blank=True,
        help_text=_("Obstacles overcome, success factors and recommendations for others."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("problem"),
        FieldPanel("objectives"),
        FieldPanel("how_it_works"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("problem"),
            index.SearchField("objectives"),
            index.SearchField("how_it_works"),
            index.SearchField("results"),
            index.SearchField("lessons"),
            index.FilterField("status"),
            index.FilterField("start_year"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")


class ChapterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=RICH)

    class Meta:
        icon = "doc-full"
        template = "blocks/chapter_block.html"
        label = _("Chapter")
        description = _("A chapter of the manual: a heading and its text.")
        preview_value = {"heading": "1. Contexto", "body": "<p>Texto del capítulo.</p>"}


@content.register("manuals", section="practices.PracticeIndexPage")
class ManualPage(OwnedPageMixin, ClassifiedPageMixin, Page):
    """A manual that lets others replicate a practice: readable online and downloadable."""

    publication_year = models.PositiveSmallIntegerField(
        _("publication year"), null=True, blank=True
    )
    chapters = StreamField([("chapter", ChapterBlock())], verbose_name=_("chapters"), blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("downloadable file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The manual as a PDF or DOCX file."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("publication_year"),
        FieldPanel("chapters"),
        FieldPanel("document"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("chapters"),
            index.FilterField("publication_year"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("manual")
        verbose_name_plural = _("manuals")


class PracticeIndexPage(ListingPageMixin, Page):
    """The network-wide listing of good practices and manuals."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("practice listing")

    def get_listing_queryset(self):
        return live_pages(PracticePage, ManualPage)
