from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.core import content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.listing import FacetedIndexMixin, ListingView
from portal.core.mixins import (
    CURRENCIES,
    ClassifiedPageMixin,
    YearRangeMixin,
)
from portal.core.models import VocabularyTerm
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.evaluations.describe import EVIDENCE, EXPORT_COLUMNS, EXPORT_PREFETCH
from portal.institutions.evaluations.forms import RatedPageForm
from portal.institutions.evaluations.models import RatedMixin
from portal.institutions.models import OwnedPageMixin

from . import listing
from .indicators import (
    PERIOD_RE,
    Direction,
    Measurement,
    TargetStatus,
    indicator_status,
    latest_judged,
    program_status,
)

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


class PreventionModel(VocabularyTerm):
    """A prevention model that several programs apply (e.g. a police-proximity model)."""

    origin = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("originated at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The institution where the model was first developed, if known."),
    )

    panels = VocabularyTerm.panels + [FieldPanel("origin")]

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("prevention model")
        verbose_name_plural = _("prevention models")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


@content.register(
    "programs",
    section="programs.ProgramIndexPage",
    label=_("Prevention programs"),
    facets=listing.program_facets,
    sorts=listing.SORTS,
    year="start_year",
    api_fields=listing.API_FIELDS,
    api_inlines=listing.API_INLINES,
    api_computed=EVIDENCE,
    export_columns=EXPORT_COLUMNS,
    export_prefetch=EXPORT_PREFETCH,
    oai_type="programa de prevención / prevention program",
    schema_type="GovernmentService",
    owner_listing="",
    card_status="target_status",
)
class ProgramPage(
    PublicAddressMixin,
    RoutedRestrictionsMixin,
    OwnedPageMixin,
    ClassifiedPageMixin,
    YearRangeMixin,
    RatedMixin,
    Page,
):
    """A prevention program an institution runs, with indicators against its targets."""

    base_form_class = RatedPageForm

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    # Pages keep the Spanish row of a shared term and show its translation (``localized``);
    # a translation copies the link instead of pointing at the English row.
    override_translatable_fields = [SynchronizedField("prevention_model", overridable=False)]
    prevention_model = models.ForeignKey(
        PreventionModel,
        verbose_name=_("model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
        limit_choices_to=models.Q(locale__language_code=settings.LANGUAGE_CODE),
        help_text=_("The prevention model this program applies, shared with other programs."),
    )
    description = RichTextField(_("description"), features=RICH, blank=True)
    components = RichTextField(
        _("axes and components"),
        features=RICH,
        blank=True,
        help_text=_("What the program is made of."),
    )
    territory = models.CharField(
        _("territory"),
        max_length=300,
        blank=True,
        help_text=_("The whole municipality, or the sectors or neighbourhood units it covers."),
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    annual_budget = models.DecimalField(
        _("annual budget"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    related_practices = ParentalManyToManyField(
        "practices.PracticePage",
        verbose_name=_("practices it produced or applies"),
        blank=True,
        related_name="programs",
    )
    observatory = models.ForeignKey(
        "observatories.ObservatoryPage",
        verbose_name=_("observatory that monitors it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitored_programs",
    )
    target_status = models.CharField(
        _("meets its targets"),
        max_length=10,
        choices=TargetStatus.choices,
        default=TargetStatus.NO_DATA,
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("prevention_model"),
                FieldPanel("territory"),
                FieldPanel("team_size"),
                FieldRowPanel([FieldPanel("annual_budget"), FieldPanel("budget_currency")]),
                InlinePanel("funding_sources", label=_("funding source")),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("description"),
        FieldPanel("components"),
        *ClassifiedPageMixin.classification_panels,
        MultiFieldPanel(
            [InlinePanel("indicators", label=_("indicator"))],
            heading=_("Indicators"),
            help_text=_(
                "For each indicator, its values per period: a target and the actual value. "
                "Periods are written 2023, 2023-S1, 2023-Q2 or 2023-06. Many values at once can "
                "be imported from a CSV file (Programs → Import indicators)."
            ),
        ),
        MultiFieldPanel(
            [InlinePanel("evaluations", label=_("evaluation"))], heading=_("Evaluations")
        ),
        MultiFieldPanel(
            [
                FieldPanel("judged_rating", permission="programs.rate_impact"),
                FieldPanel("impact_justification", permission="programs.rate_impact"),
            ],
            heading=_("Impact evidence (moderators)"),
        ),
        MultiFieldPanel(
            [FieldPanel("related_practices"), FieldPanel("observatory")],
            heading=_("Links"),
        ),
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("description"),
            index.SearchField("components"),
            index.SearchField("territory"),
            index.RelatedFields("prevention_model", [index.SearchField("name")]),
            index.FilterField("status"),
            index.FilterField("start_year"),
            index.FilterField("institution"),
            index.FilterField("prevention_model"),
            index.FilterField("target_status"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("prevention program")
        verbose_name_plural = _("prevention programs")
        permissions = [("rate_impact", "Can judge the impact evidence rating of programs")]

    def clean(self):
        super().clean()
        if self.annual_budget is not None and not self.budget_currency:
            raise ValidationError({"budget_currency": _("Say in which currency the budget is.")})

    def save(self, *args, **kwargs):
        self.target_status = program_status([i.status for i in self.indicators.all()])
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from portal.core.sections import section
        from portal.core.templatetags.portal_tags import localized_pageurl

        context = super().get_context(request, *args, **kwargs)
        index = section(request, ProgramIndexPage)
        if index is not None and self.prevention_model_id:
            slug = self.prevention_model.slug
            context["model_url"] = localized_pageurl(
                {"request": request}, index
            ) + index.reverse_subpage("model", kwargs={"slug": slug})
        return context


class ProgramFunding(TranslatableMixin, Orderable):
    """Where a program's money comes from."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal budget")
        NATIONAL = "national", _("National fund")
        COOPERATION = "cooperation", _("Cooperation fund")
        OTHER = "other", _("Other")

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="funding_sources")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("e.g. the name of the fund.")
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("name")])]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class MeasurementBlock(blocks.StructBlock):
    period = blocks.RegexBlock(
        regex=PERIOD_RE.pattern,
        label=_("period"),
        max_length=7,
        help_text=_("2023, 2023-S1, 2023-Q2 or 2023-06"),
        error_messages={"invalid": _("Write the period as 2023, 2023-S1, 2023-Q2 or 2023-06.")},
    )
    target = blocks.DecimalBlock(label=_("target"), required=False, decimal_places=4)
    actual = blocks.DecimalBlock(label=_("actual value"), required=False, decimal_places=4)
    source = blocks.CharBlock(label=_("source"), required=False, max_length=250)

    class Meta:
        icon = "table"
        label = _("Value for a period")


class ProgramIndicator(TranslatableMixin, Orderable):
    """An indicator of a program: what is measured, which way is better, and its values."""

    # Keys, figures, periods and links to shared terms stay as they are in the original.
    override_translatable_fields = [
        SynchronizedField("baseline_period"),
        SynchronizedField("measurements"),
    ]

    class Kind(models.TextChoices):
        EFFICIENCY = "efficiency", _("Efficiency")
        EFFECTIVENESS = "effectiveness", _("Effectiveness")
        QUALITY = "quality", _("Quality")
        COVERAGE = "coverage", _("Coverage")
        OTHER = "other", _("Other")

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("e.g. %, people, days."))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.CharField(_("baseline period"), max_length=7, blank=True)
    measurements = StreamField(
        [("value", MeasurementBlock())], verbose_name=_("values per period"), blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("baseline_period")]),
        FieldPanel("measurements"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def clean(self):
        super().clean()
        if self.baseline_period and not PERIOD_RE.match(self.baseline_period):
            raise ValidationError(
                {"baseline_period": _("Write the period as 2023, 2023-S1, 2023-Q2 or 2023-06.")}
            )
        periods = [m.period for m in self.measurement_list()]
        repeated = sorted({p for p in periods if periods.count(p) > 1})
        if repeated:
            raise ValidationError(
                {
                    "measurements": _("Each period may appear once; repeated: %(periods)s.")
                    % {"periods": ", ".join(repeated)}
                }
            )

    def measurement_list(self) -> list[Measurement]:
        """The values in period order."""
        out = []
        for block in self.measurements or []:
            value = block.value
            out.append(
                Measurement(
                    period=value.get("period") or "",
                    target=_decimal(value.get("target")),
                    actual=_decimal(value.get("actual")),
                    source=value.get("source") or "",
                )
            )
        return sorted(out, key=lambda m: m.period)

    @property
    def latest(self) -> Measurement | None:
        return latest_judged(self.measurement_list())

    @property
    def status(self) -> str:
        return indicator_status(
            direction=self.direction, baseline=self.baseline, measurements=self.measurement_list()
        )

    def get_status_display(self):
        return TargetStatus(self.status).label


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


class ProgramIndexPage(
    PublicAddressMixin, RoutedRestrictionsMixin, RoutablePageMixin, FacetedIndexMixin, Page
):
    """The network-wide listing of prevention programs, with a page per prevention model."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("program listing")

    def live_programs(self):
        return visibility.shown_queryset(ProgramPage.objects)

    @path("")
    def programs(self, request):
        return self.serve_listing(
            request,
            PROGRAMS,
            queryset=self.live_programs(),
            header_link=(
                self.reverse_subpage("models"),
                _(
                    "Prevention models: the programs that apply each one, across "
                    "municipalities and countries"
                ),
            ),
            # Read only when a card shows a model (never for an export).
            model_names=SimpleLazyObject(model_names),
        )

    @path(_("models/"), name="models")
    def models(self, request):
        counts = dict(
            self.live_programs()
            .exclude(prevention_model=None)
            .values_list("prevention_model__slug")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        terms = [
            (term, counts.get(term.slug, 0))
            for term in PreventionModel.objects.filter(
                locale__language_code=settings.LANGUAGE_CODE
            ).select_related("origin")
        ]
        return self.render(
            request,
            context_overrides={"terms": terms},
            template="programs/model_index.html",
        )

    @path(_("models/<slug:slug>/"), name="model")
    def model(self, request, slug):
        from django.http import Http404

        term = (
            PreventionModel.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE)
            .select_related("origin")
            .first()
        )
        if term is None:
            raise Http404
        programs = (
            self.live_programs()
            .filter(prevention_model=term)
            .select_related("institution", "institution__country", "prevention_model")
            .order_by("institution__country__code", "institution__title", "title")
        )
        countries = sorted(
            {p.institution.country for p in programs if p.institution and p.institution.country},
            key=lambda c: c.code,
        )
        return self.render(
            request,
            context_overrides={
                "term": term,
                "programs": programs,
                "countries": countries,
                "model_names": model_names(),
            },
            template="programs/model_page.html",
        )


def model_names() -> dict[str, str]:
    """Each prevention model's name in the active language, by slug (one query)."""
    from django.utils import translation

    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    names = {}
    for term in PreventionModel.objects.select_related("locale"):
        if term.slug not in names or term.locale.language_code == language:
            names[term.slug] = term.name
    return names


PROGRAMS = ListingView(
    "programs",
    card="programs/program_card.html",
    count=ngettext_lazy(
        "%(counter)s prevention program", "%(counter)s prevention programs", "counter"
    ),
    no_match=_("No programs match these filters"),
    no_match_hint=_(
        "Remove one of the active filters above, or all of them, to see more programs."
    ),
    see_all=_("See all programs"),
    nothing_yet=_("No prevention programs have been published yet."),
    sort_labels=listing.SORT_LABELS,
    related=("institution", "institution__country", "prevention_model"),
    feed_title=_("New programs"),
)
