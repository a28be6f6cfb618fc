"""Manuals that let others replicate a practice, chapter by chapter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core import addresses, content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import ClassifiedPageMixin
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.models import OwnedPageMixin

from .. import listing
from .practice import RICH


class ChapterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=RICH)

    class Meta:
        icon = "doc-full"
        template = "blocks/chapter_block.html"
        label = _("Chapter")
        description = _("A chapter of the manual: a heading and its text.")
        preview_value = {"heading": "1. Contexto", "body": "<p>Texto del capítulo.</p>"}


@content.register(
    "manuals",
    section="practices.PracticeIndexPage",
    label=_("Manuals"),
    facets=listing.manual_facets,
    sorts=listing.MANUAL_SORTS,
    year="publication_year",
    api_fields=listing.MANUAL_API_FIELDS,
    oai_type="manual",
    schema_type="Book",
    citable=True,
    owner_listing="manuals",
)
class ManualPage(
    PublicAddressMixin, RoutedRestrictionsMixin, OwnedPageMixin, ClassifiedPageMixin, Page
):
    """A manual that lets others replicate a practice: readable online and downloadable."""

    serve_related = (*OwnedPageMixin.serve_related, "document")

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

    def citation(self, request=None) -> str:
        owner = self.institution.title if visibility.may_see(self.institution) else ""
        published = self.first_published_at or self.last_published_at
        year = self.publication_year or (published.year if published else "")
        url = addresses.page_url(self, request)
        return f"{owner} ({year}). {self.title}. {settings.WAGTAIL_SITE_NAME}. {url}".strip()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["citation"] = self.citation(request)
        # Each chapter with its neighbours, for the links at its end.
        blocks = list(self.chapters)
        context["chapter_list"] = [
            {
                "number": number,
                "block": block,
                "previous": (number - 1, blocks[number - 2]) if number > 1 else None,
                "next": (number + 1, blocks[number]) if number < len(blocks) else None,
            }
            for number, block in enumerate(blocks, start=1)
        ]
        return context
