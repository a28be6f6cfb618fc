"""An edition of the index and its rules: variables and the amount or share of each group.

Publishing freezes the edition: ``save`` and ``delete`` refuse, here and in its rows.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

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
