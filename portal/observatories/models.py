from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.core import content, visibility
from portal.core.csvimport import fold
from portal.core.listing import FacetedIndexMixin, ListingView
from portal.core.mixins import ClassifiedPageMixin, default_language_terms, unordered
from portal.core.periods import PERIOD_ERROR, PERIOD_HELP, PERIOD_RE, granularity
from portal.core.sections import section
from portal.institutions.models import OwnedPageMixin

from . import listing

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


class DataSource(models.TextChoices):
    POLICE = "police", _("Police reports")
    PROSECUTION = "prosecution", _("Prosecution data")
    EMERGENCY_CALLS = "emergency_calls", _("Emergency-line calls")
    SURVEYS = "surveys", _("Perception and victimization surveys")
    MUNICIPAL_RECORDS = "municipal_records", _("Municipal administrative records")
    OTHER = "other", _("Other source")


class TerritorialLevel(models.TextChoices):
    """From the coarsest to the finest."""

    MUNICIPALITY = "municipality", _("Municipality")
    SECTOR = "sector", _("Sector")
    NEIGHBOURHOOD_UNIT = "neighbourhood_unit", _("Neighbourhood unit")
    POINT = "point", _("Point (address or coordinates)")


class Periodicity(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")
    IRREGULAR = "irregular", _("Irregular")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    ON_REQUEST = "on_request", _("On request")
    INTERNAL = "internal", _("Internal")


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
        reports = (
            ObservatoryReportPage.objects.child_of(self).live().exclude(visibility.private_q())
        )
        return sorted(
            unordered(reports.defer_streamfields()),
            key=lambda report: (report.date, report.pk),
            reverse=True,
        )

    def get_context(self, request, *args, **kwargs):
        from .comparison import CANDIDATES_SHOWN, comparison_candidates

        context = super().get_context(request, *args, **kwargs)
        series = list(self.series.select_related("theme"))
        context["series_list"] = series
        context["candidates"] = comparison_candidates(series)
        context["candidates_shown"] = CANDIDATES_SHOWN
        context["holdings"] = list(self.holdings.select_related("theme", "theme__locale"))
        context["reports"] = self.reports()
        index_page = section(request, ObservatoryIndexPage)
        if index_page is not None:
            context["index_page"] = index_page
            context["who_path"] = index_page.reverse_subpage("who_measures")
            context["compare_path"] = index_page.reverse_subpage("compare")
        return context


class TerritorialDivision(Orderable):
    """How the observatory divides its territory (e.g. 5 macro-sectors, 31 neighbourhood units)."""

    page = ParentalKey(ObservatoryPage, on_delete=models.CASCADE, related_name="divisions")
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=[c for c in TerritorialLevel.choices if c[0] != TerritorialLevel.MUNICIPALITY],
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. macro-sectors."))
    count = models.PositiveIntegerField(_("how many"))

    panels = [FieldRowPanel([FieldPanel("level"), FieldPanel("name"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("territorial division")
        verbose_name_plural = _("territorial divisions")


class DataHolding(Orderable):
    """An indicator or data source the observatory keeps: the registry row of "who measures what"."""

    page = ParentalKey(ObservatoryPage, on_delete=models.CASCADE, related_name="holdings")
    name = models.CharField(_("indicator or data"), max_length=250)
    theme = models.ForeignKey(
        "core.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=default_language_terms,
    )
    source = models.CharField(_("source"), max_length=20, choices=DataSource.choices)
    level = models.CharField(
        _("territorial level"), max_length=20, choices=TerritorialLevel.choices
    )
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, blank=True
    )
    first_period = models.CharField(
        _("first period"), max_length=7, blank=True, help_text=PERIOD_HELP
    )
    last_period = models.CharField(
        _("last period"),
        max_length=7,
        blank=True,
        help_text=_("Leave empty while it is still being collected."),
    )
    access = models.CharField(_("access"), max_length=20, choices=Access.choices)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("level")]),
        FieldRowPanel(
            [FieldPanel("periodicity"), FieldPanel("first_period"), FieldPanel("last_period")]
        ),
        FieldRowPanel([FieldPanel("access"), FieldPanel("notes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("data holding")
        verbose_name_plural = _("data holdings")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("first_period", "last_period"):
            value = getattr(self, name)
            if value and not PERIOD_RE.match(value):
                errors[name] = PERIOD_ERROR
        if (
            not errors
            and self.first_period
            and self.last_period
            and granularity(self.first_period) == granularity(self.last_period)
            and self.last_period < self.first_period
        ):
            errors["last_period"] = _("The last period cannot come before the first.")
        if errors:
            raise ValidationError(errors)

    @property
    def coverage(self) -> str:
        if self.first_period and self.last_period:
            return f"{self.first_period}–{self.last_period}"
        if self.first_period:
            return _("since %(period)s") % {"period": self.first_period}
        return self.last_period


class SeriesValueBlock(blocks.StructBlock):
    period = blocks.RegexBlock(
        regex=PERIOD_RE.pattern,
        label=_("period"),
        max_length=7,
        help_text=PERIOD_HELP,
        error_messages={"invalid": PERIOD_ERROR},
    )
    value = blocks.DecimalBlock(label=_("value"), decimal_places=4)

    class Meta:
        icon = "table"
        label = _("Value for a period")


class IndicatorSeries(Orderable):
    """The values of one indicator in one territory, period by period."""

    page = ParentalKey(ObservatoryPage, on_delete=models.CASCADE, related_name="series")
    indicator = models.CharField(_("indicator"), max_length=250)
    territory = models.CharField(
        _("territory"), max_length=150, help_text=_("e.g. the municipality, or a sector.")
    )
    level = models.CharField(
        _("territorial level"),
        max_length=20,
        choices=TerritorialLevel.choices,
        default=TerritorialLevel.MUNICIPALITY,
    )
    unit = models.CharField(
        _("unit"), max_length=60, help_text=_("e.g. reports, rate per 100,000 inhabitants, %.")
    )
    source = models.CharField(_("source"), max_length=250, blank=True)
    theme = models.ForeignKey(
        "core.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=default_language_terms,
    )
    values = StreamField(
        [("value", SeriesValueBlock())], verbose_name=_("values per period"), blank=True
    )
    # How series are matched across observatories: the names without case, accents or extra
    # spaces. Kept as columns so the comparison can be looked up with one query.
    indicator_key = models.CharField(max_length=250, editable=False, db_index=True, default="")
    unit_key = models.CharField(max_length=60, editable=False, default="")
    # The kind of period its values have ("year", "half", "quarter", "month"), kept on save so
    # that comparison candidates can be checked without reading their values.
    period_kind = models.CharField(max_length=10, editable=False, default="")

    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("territory"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("source")]),
        FieldPanel("values"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator series")
        verbose_name_plural = _("indicator series")
        # Comparison candidates are read in this order, a few rows at a time (comparison.py).
        indexes = [
            models.Index(
                fields=["indicator_key", "unit_key", "id"], name="series_indicator_unit_id"
            )
        ]

    def __str__(self):
        return f"{self.indicator} — {self.territory}"

    def save(self, *args, **kwargs):
        self.indicator_key = fold(self.indicator)
        self.unit_key = fold(self.unit)
        self.period_kind = self.granularity or ""
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        periods = [period for period, _value in self.points()]
        repeated = sorted({p for p in periods if periods.count(p) > 1})
        if repeated:
            raise ValidationError(
                {
                    "values": _("Each period may appear once; repeated: %(periods)s.")
                    % {"periods": ", ".join(repeated)}
                }
            )
        if len({granularity(p) for p in periods if PERIOD_RE.match(p)}) > 1:
            raise ValidationError(
                {"values": _("Use one kind of period in a series: all years, or all months, …")}
            )

    def points(self) -> list[tuple[str, Decimal]]:
        """(period, value) in period order."""
        out = []
        for block in self.values or []:
            value = block.value.get("value")
            if value in (None, ""):
                continue
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            out.append((block.value.get("period") or "", number))
        return sorted(out)

    @property
    def granularity(self) -> str | None:
        points = self.points()
        return granularity(points[0][0]) if points else None

    @property
    def anchor(self) -> str:
        return f"serie-{self.pk}"


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
class ObservatoryReportPage(OwnedPageMixin, ClassifiedPageMixin, Page):
    """A product an observatory publishes: a report, a cartography, a typology, a bulletin."""

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
    def observatory(self):
        return self.get_parent().specific


class ObservatoryIndexPage(RoutablePageMixin, FacetedIndexMixin, Page):
    """The network-wide registry of observatories: listing, "who measures this?", comparisons."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("observatory listing")

    def live_observatories(self):
        return ObservatoryPage.objects.live().exclude(visibility.private_q())

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
        from .registry import who_measures_context

        return self.render(
            request,
            context_overrides=who_measures_context(request, self.live_observatories()),
            template="observatories/who_measures.html",
        )

    @path(_("compare/"), name="compare")
    def compare(self, request):
        from .comparison import compare_view_context

        context, status = compare_view_context(request, self.live_observatories())
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
