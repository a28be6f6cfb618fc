"""A minimal content type: owned by an institution, with a summary and a year, declared once."""

from django.db import models
from wagtail.models import Page

from portal.core import content
from portal.institutions.listing import owner_facets
from portal.institutions.models import OwnedPageMixin


@content.register(
    "studies",
    label="Field studies",
    facets=owner_facets,
    sorts={"recent": ("-first_published_at", "-pk"), "year": ("-year", "title")},
    year="year",
    export_columns=("method",),
    api_fields=("summary", "year"),
    oai_type="estudio de campo / field study",
    schema_type="Report",
)
class FieldStudyPage(OwnedPageMixin, Page):
    summary = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    method = models.CharField(max_length=100, blank=True)

    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "field study"
        verbose_name_plural = "field studies"
