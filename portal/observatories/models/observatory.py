"""The observatory page and the reports it publishes."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import ClassifiedPageMixin, parent_page, unordered
from portal.core.sections import section
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.models import OwnedPageMixin

from .. import listing

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


@content.register(
    "observatories",
    section="observatories.ObservatoryIndexPage",
    label=_("Observatories"),
    facets=listing.observatory_facets,
    sorts=listing.SORTS,
    year="founded_year",
    api_fields=listing.API_FIELDS,
    api_inlines=listing.API_INLINES,
    schema_type="ResearchOrganization",
    owner_listing="",
)
class ObservatoryPage(
    PublicAddressMixin, RoutedRestrictionsMixin, OwnedPageMixin, ClassifiedPageMixin, Page
):
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
    governance = RichTextField(
        _("governance"),
        features=RICH,
        blank=True,
        help_text=_("Where it sits in the institution, who it reports to, how it is funded."),
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    disciplines = models.CharField(
        _("disciplines of the team"),
        max_length=300,
        blank=True,
        help_text=_("e.g. sociology, geography, statistics, social work."),
    )
    lines_of_work = RichTextField(_("lines of work"), features=RICH, blank=True)
    work_processes = RichTextField(_("work processes"), features=RICH, blank=True)
    products = RichTextField(
        _("products and services"),
        features=RICH,
        blank=True,
        help_text=_(
            "Its permanent products; publish each report, cartography or bulletin as a page "
            "below the observatory so it can be found and downloaded."
        ),
    )
    lessons = RichTextField(_("lessons and success factors"), features=RICH, blank=True)
    territory = models.CharField(
        _("territory covered"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the whole municipality; its divisions go below."),
    )
    networks = models.CharField(_("networks it belongs to"), max_length=300, blank=True)
    awards = models.CharField(_("awards"), max_length=300, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("founded_year"), FieldPanel("restructured_year")]),
                FieldPanel("networks"),
                FieldPanel("awards"),
                FieldRowPanel([FieldPanel("contact_role"), FieldPanel("contact_email")]),
                FieldPanel("website"),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("history"),
        MultiFieldPanel(
            [
                FieldPanel("governance"),
                FieldRowPanel([FieldPanel("team_size"), FieldPanel("disciplines")]),
            ],
            heading=_("Governance and team"),
        ),
        FieldPanel("lines_of_work"),
        FieldPanel("work_processes"),
        MultiFieldPanel(
            [
                FieldPanel("territory"),
                InlinePanel("divisions", label=_("territorial division")),
            ],
            heading=_("Territory"),
        ),
        MultiFieldPanel(
            [InlinePanel("holdings", label=_("data holding"))],
            heading=_("Data holdings"),
            help_text=_(
                "Each indicator or data source the observatory keeps: where it comes from, at "
                "what territorial level, how often, for which periods and who may see it."
            ),
        ),
        MultiFieldPanel(
            [InlinePanel("series", label=_("indicator series"))],
            heading=_("Indicator series"),
            help_text=_(
                "Values per period of an indicator for one territory. Many at once can be "
                "imported from a CSV file (Observatories → Import series)."
            ),
        ),
        FieldPanel("products"),
        FieldPanel("lessons"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("history"),
            index.SearchField("governance"),
            index.SearchField("lines_of_work"),
            index.SearchField("work_processes"),
            index.SearchField("products"),
            index.SearchField("networks"),
            index.RelatedFields("holdings", [index.SearchField("name")]),
            index.RelatedFields("series", [index.SearchField("indicator")]),
            index.FilterField("kind"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = ["observatories.ObservatoryReportPage"]

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

    def reports(self) -> list:
        """Its live, public reports, newest first (without their StreamFields: the page lists
        their titles, kinds and dates; sorted here, see ``unordered``)."""
        reports = visibility.visible_queryset(ObservatoryReportPage.objects.child_of(self))
        return sorted(
            unordered(reports.defer_streamfields()),
            key=lambda report: (report.date, report.pk),
            reverse=True,
        )

    def get_context(self, request, *args, **kwargs):
        from ..comparison import CANDIDATES_SHOWN, comparison_candidates

        context = super().get_context(request, *args, **kwargs)
        series = list(self.series.select_related("theme"))
        context["series_list"] = series
        context["candidates"] = comparison_candidates(series)
        context["candidates_shown"] = CANDIDATES_SHOWN
        context["holdings"] = list(self.holdings.select_related("theme", "theme__locale"))
        context["reports"] = self.reports()
        # index.py imports this module, so the section's page type is looked up by its label.
        index_page = section(request, apps.get_model("observatories", "ObservatoryIndexPage"))
        if index_page is not None:
            context["index_page"] = index_page
            context["who_path"] = index_page.reverse_subpage("who_measures")
            context["compare_path"] = index_page.reverse_subpage("compare")
        return context


@content.register(
    "reports",
    section="observatories.ObservatoryIndexPage",
    label=_("Observatory reports"),
    facets=listing.report_facets,
    sorts=listing.REPORT_SORTS,
    year="date",
    api_fields=listing.REPORT_API_FIELDS,
    oai_type="producto de observatorio / observatory report",
    schema_type="Report",
)
class ObservatoryReportPage(
    PublicAddressMixin, RoutedRestrictionsMixin, OwnedPageMixin, ClassifiedPageMixin, Page
):
    """A product an observatory publishes: a report, a cartography, a typology, a bulletin."""

    serve_related = (*OwnedPageMixin.serve_related, "document")

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        CARTOGRAPHY = "cartography", _("Cartography")
        TYPOLOGY = "typology", _("Neighbourhood typology")
        BULLETIN = "bulletin", _("Periodic bulletin")
        DIAGNOSIS = "diagnosis", _("Diagnosis")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("the date is known to the"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("For a product known only by its year, give 1 January and choose Year."),
    )
    body = RichTextField(_("contents"), features=RICH, blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("date_precision")]),
        FieldPanel("document"),
        FieldPanel("body"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("body"),
            index.RelatedFields("document", [index.SearchField("extracted_text")]),
            index.FilterField("kind"),
            index.FilterField("date"),
            index.FilterField("institution"),
        ]
    )
    parent_page_types = ["observatories.ObservatoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("observatory report")
        verbose_name_plural = _("observatory reports")

    @property
    def observatory(self) -> Page:
        """The observatory publishing the report, as its tree row (the page names its title and
        address; ``.specific`` for the rest)."""
        return parent_page(self)
