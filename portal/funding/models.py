"""The national funding index: editions, their variables and inputs, and the computed results.

An **edition** (e.g. 2023) holds its rules: variables with weight, direction, source and whether
they come from the census; the sizes of the urgent groups; the normalisation; how the rotating
municipalities are split; the two annual budgets and either an amount or a share per group.
Values are imported from CSV while the edition is a draft; ``services.compute_edition`` stores
the scores, ranks, groups and allocations. **Publishing freezes the edition**: nothing of it can
change afterwards (``save`` and ``delete`` refuse). A correction is a new *version* of the same
year, which records what changed; the earlier version stays public.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from portal.core import visibility
from portal.institutions.models import Municipality

GROUPS = ("U1", "U2", "U3", "A", "B")


class EditionFrozen(Exception):
    """A published edition (or anything of it) was about to change."""


class Edition(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Normalisation(models.TextChoices):
        MINMAX = "minmax", _("Min–max: (value − minimum) / (maximum − minimum)")
        RANK = "rank", _("Rank: position among all municipalities, from 0 to 1")

    class Split(models.TextChoices):
        ALTERNATE = "alternate", _("Alternate by rank (A, B, A, B…)")
        HALVES = "halves", _("Halves by rank (first half A)")

    class Mode(models.TextChoices):
        SHARES = "shares", _("Shares: the budget is divided by relative shares per group")
        AMOUNTS = "amounts", _("Amounts: a fixed amount per municipality in each group")

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("first year"), help_text=_("The edition covers this year and the next.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="correction",
    )
    census_from = models.ForeignKey(
        "self",
        verbose_name=_("census values from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The published edition whose census-based values are carried forward when this "
            "edition has none (the census is not repeated every two years)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    urgent_sizes = models.CharField(
        _("urgent group sizes"),
        max_length=40,
        default="40, 40, 40",
        validators=[RegexValidator(r"^\s*\d+(\s*,\s*\d+){0,2}\s*$")],
        help_text=_("Municipalities in urgent groups 1, 2 and 3, separated by commas."),
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=10, choices=Normalisation.choices, default="minmax"
    )
    rotating_split = models.CharField(
        _("rotating groups"), max_length=10, choices=Split.choices, default="alternate"
    )
    currency = models.CharField(_("currency"), max_length=3, default="CLP")
    budget_year1 = models.PositiveBigIntegerField(_("budget, first year"), default=0)
    budget_year2 = models.PositiveBigIntegerField(_("budget, second year"), default=0)
    allocation_mode = models.CharField(
        _("allocation"), max_length=10, choices=Mode.choices, default="shares"
    )
    weights_are_placeholder = models.BooleanField(
        _("weights are placeholders"),
        default=True,
        help_text=_("Shown on the public pages until the official weights are entered."),
    )
    illustrative = models.BooleanField(
        _("illustrative values"),
        default=False,
        help_text=_("The inputs are not official figures; the public pages say so."),
    )
    notes = models.TextField(_("notes"), blank=True)
    changes = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("For a correction: why it was made. The portal adds what changed."),
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    remainder_year1 = models.BigIntegerField(null=True, blank=True, editable=False)
    remainder_year2 = models.BigIntegerField(null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("year")]),
        FieldPanel("census_from"),
        MultiFieldPanel(
            [
                FieldPanel("normalisation"),
                FieldPanel("weights_are_placeholder"),
                InlinePanel("variables", label=_("Variables"), min_num=1),
            ],
            heading=_("Formula"),
        ),
        MultiFieldPanel(
            [FieldPanel("urgent_sizes"), FieldPanel("rotating_split")],
            heading=_("Groups"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("budget_year1"),
                        FieldPanel("budget_year2"),
                        FieldPanel("currency"),
                    ]
                ),
                FieldPanel("allocation_mode"),
                InlinePanel("group_rules", label=_("Amount or share per group")),
            ],
            heading=_("Budget"),
        ),
        FieldPanel("illustrative"),
        FieldPanel("notes"),
        FieldPanel("changes"),
    ]

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("index edition")
        verbose_name_plural = _("index editions")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_edition_version")
        ]
        permissions = [("publish_edition", "Can publish and correct index editions")]

    def __str__(self) -> str:
        version = f" (v{self.version})" if self.version > 1 else ""
        return f"{self.name}{version}"

    def clean(self):
        super().clean()
        if self.census_from_id and self.census_from_id == self.pk:
            raise ValidationError({"census_from": _("An edition cannot carry from itself.")})
        if self.census_from and not self.census_from.published:
            raise ValidationError(
                {"census_from": _("Census values can only come from a published edition.")}
            )

    def _stored_status(self):
        if self.pk is None:
            return None
        return Edition.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise EditionFrozen(_("A published edition cannot change; make a correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise EditionFrozen(_("A published edition cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def years(self) -> tuple[int, int]:
        return self.year, self.year + 1

    def sizes(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.urgent_sizes.split(",") if part.strip())


class _Frozen(models.Model):
    """Rows of an edition: refused once the edition is published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_open()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_open()
        return super().delete(*args, **kwargs)

    def _check_open(self):
        status = Edition.objects.filter(pk=self.edition_id).values_list("status", flat=True)
        if status.first() == Edition.Status.PUBLISHED:
            raise EditionFrozen(_("A published edition cannot change; make a correction."))


class Variable(_Frozen, Orderable):
    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="variables")
    key = models.SlugField(
        _("key"), max_length=60, help_text=_("The name used in CSV files, e.g. delitos-gravedad.")
    )
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
    higher_is_more_vulnerable = models.BooleanField(
        _("a higher value means more vulnerable"),
        default=True,
        help_text=_("Untick when a higher value means less vulnerable (e.g. municipal income)."),
    )
    census_based = models.BooleanField(
        _("census-based"),
        default=False,
        help_text=_("Carried forward from the previous edition until the next census."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("weight")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("higher_is_more_vulnerable"), FieldPanel("census_based")]),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="unique_variable_key")
        ]

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class GroupRule(_Frozen, Orderable):
    """The amount (per municipality) or the relative share of one group."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="group_rules")
    group = models.CharField(
        _("group"),
        max_length=2,
        choices=[
            ("U1", _("Urgent 1")),
            ("U2", _("Urgent 2")),
            ("U3", _("Urgent 3")),
            ("R", _("Rotating (A and B)")),
            ("A", _("Rotating A")),
            ("B", _("Rotating B")),
        ],
    )
    share = models.DecimalField(
        _("share"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount = models.PositiveBigIntegerField(_("amount per municipality"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("group"), FieldPanel("share"), FieldPanel("amount")])]

    class Meta(Orderable.Meta):
        verbose_name = _("group rule")
        verbose_name_plural = _("group rules")

    def __str__(self) -> str:
        return f"{self.group}: {self.amount if self.amount is not None else self.share}"


class Value(_Frozen):
    """One input: a municipality's value of a variable in an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="values")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    variable = models.ForeignKey(Variable, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    carried_from = models.ForeignKey(
        Edition,
        verbose_name=_("carried forward from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality", "variable"], name="unique_index_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.variable_id}: {self.value}"


class Score(_Frozen):
    """A computed result: score, rank, group and each variable's contribution."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="scores")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank"))
    group = models.CharField(_("group"), max_length=2)
    contributions = models.JSONField(_("contributions"), default=dict)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("index score")
        verbose_name_plural = _("index scores")
        constraints = [
            models.UniqueConstraint(fields=["edition", "municipality"], name="unique_index_score"),
            models.UniqueConstraint(fields=["edition", "rank"], name="unique_index_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.municipality_id} ({self.group}, {self.score})"


class Allocation(_Frozen):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="allocations")
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("group"), max_length=2)
    municipalities = models.PositiveIntegerField(_("municipalities"))
    amount = models.PositiveBigIntegerField(_("amount per municipality"))

    class Meta:
        ordering = ["year", "group"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.year} {self.group}: {self.municipalities} × {self.amount}"

    @property
    def total(self) -> int:
        return self.municipalities * self.amount


class FundingIndexPage(RoutablePageMixin, Page):
    """The public pages of the index: ranking, formula, allocations, downloads, history."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("funding index page")

    def edition_url(self, edition, suffix: str = "") -> str:
        return (
            self.reverse_subpage(
                "edition", kwargs={"year": edition.year, "version": edition.version}
            )
            + suffix
        )

    def _edition_context(self, request, edition) -> dict:
        from . import public, regions
        from .chart import distribution_chart

        scores = list(edition.scores.values_list("score", flat=True).order_by("rank"))
        groups = public.group_summaries(edition)
        history = Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by(
            "-year", "-version"
        )
        latest = history.filter(year=edition.year).first()
        carried = dict(
            Value.objects.filter(edition=edition, carried_from__isnull=False)
            .values_list("variable_id", "carried_from__year")
            .distinct()
        )
        variables = list(edition.variables.all())
        for variable in variables:
            variable.carried_year = carried.get(variable.pk)
        return {
            "edition": edition,
            "latest_of_year": latest,
            "is_latest": latest is not None and latest.pk == edition.pk,
            "variables": variables,
            "groups": groups,
            "allocations": public.allocations_by_year(edition),
            "chart": distribution_chart([float(s) for s in scores], public.chart_spans(groups)),
            "regions_map": regions.by_region(edition, groups),
            "history": history,
            "edition_path": self.edition_url(edition),
            "total": len(scores),
            **public.ranking(edition, request.GET),
        }

    @path("")
    def current(self, request):
        from . import public

        try:
            edition = public.edition_for()
        except Http404:  # no published edition yet
            return self.render(request, context_overrides={"edition": None})
        return self.render(
            request,
            context_overrides=self._edition_context(request, edition),
            template="funding/edition.html",
        )

    @path("<int:year>/", name="year")
    def year(self, request, year):
        from django.shortcuts import redirect

        from . import public

        edition = public.edition_for(year)
        return redirect(self.url + self.edition_url(edition))

    @path("<int:year>/v<int:version>/", name="edition")
    def edition(self, request, year, version):
        from . import public

        edition = public.edition_for(year, version)
        return self.render(
            request,
            context_overrides=self._edition_context(request, edition),
            template="funding/edition.html",
        )

    @path("<int:year>/v<int:version>/csv/<slug:name>/", name="download")
    def download(self, request, year, version, name):
        from . import public

        edition = public.edition_for(year, version)
        if name == "ranking":
            return public.ranking_csv(edition)
        if name == "inputs":
            return public.inputs_csv(edition)
        raise Http404

    @path("<int:year>/v<int:version>/<slug:code>/", name="municipality")
    def municipality(self, request, year, version, code):
        from . import public

        edition = public.edition_for(year, version)
        score = (
            edition.scores.select_related("municipality__region")
            .filter(municipality__code=code)
            .first()
        )
        if score is None:
            raise Http404
        score.group_label = public.group_label(score.group)
        allocations = {a.year: a for a in edition.allocations.filter(group=score.group)}
        from portal.institutions.models import InstitutionPage

        institution = (
            InstitutionPage.objects.live()
            .exclude(visibility.private_q())
            .filter(municipality=score.municipality)
            .first()
        )
        return self.render(
            request,
            context_overrides={
                "edition": edition,
                "score": score,
                "rows": public.breakdown(edition, score),
                "allocations": [allocations.get(y) for y in edition.years],
                "edition_path": self.edition_url(edition),
                "institution": institution,
                "total": edition.scores.count(),
            },
            template="funding/municipality.html",
        )
