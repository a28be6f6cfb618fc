"""What an observatory measures: territorial divisions, data holdings, indicator series."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from portal.core.csvimport import fold
from portal.core.mixins import default_language_terms
from portal.core.periods import PERIOD_ERROR, PERIOD_HELP, PERIOD_RE, granularity

from .observatory import ObservatoryPage


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


class TerritorialDivision(TranslatableMixin, Orderable):
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
        unique_together = [("translation_key", "locale")]
        verbose_name = _("territorial division")
        verbose_name_plural = _("territorial divisions")


class DataHolding(TranslatableMixin, Orderable):
    """An indicator or data source the observatory keeps: the registry row of "who measures what"."""

    # Keys, figures, periods and links to shared terms stay as they are in the original.
    override_translatable_fields = [
        SynchronizedField("theme"),
        SynchronizedField("first_period"),
        SynchronizedField("last_period"),
    ]

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
        unique_together = [("translation_key", "locale")]
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


class IndicatorSeries(TranslatableMixin, Orderable):
    """The values of one indicator in one territory, period by period."""

    # Keys, figures, periods and links to shared terms stay as they are in the original.
    override_translatable_fields = [
        SynchronizedField("theme"),
        SynchronizedField("values"),
        SynchronizedField("indicator_key"),
        SynchronizedField("unit_key"),
        SynchronizedField("period_kind"),
    ]

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
        unique_together = [("translation_key", "locale")]
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
