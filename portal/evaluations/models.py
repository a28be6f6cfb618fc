"""One evaluation record for every page type that has evaluations (practices and programs today).

An evaluation is a study, report or monitoring of a page's subject: who made it, how (its design,
from a fixed list), on what sample or territory, and what it found. Pages edit them inline
(``InlinePanel("evaluations")``); the parental key points at Wagtail's ``Page`` so any page type
can have them without a model of its own.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable


class Design(models.TextChoices):
    """How the study tells what changed because of the intervention, strongest first."""

    RANDOMISED = "randomised", _("Randomised")
    QUASI_EXPERIMENTAL = "quasi_experimental", _("Quasi-experimental with comparison group")
    BEFORE_AFTER_COMPARISON = "before_after_comparison", _("Before-after with comparison")
    BEFORE_AFTER = "before_after", _("Before-after without comparison")
    TIME_SERIES = "time_series", _("Time series")
    QUALITATIVE = "qualitative", _("Qualitative")
    MONITORING = "monitoring", _("Monitoring only")


class EvaluatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal evaluation")
    EXTERNAL = "external", _("External evaluation")
    ACADEMIC = "academic", _("Academic evaluation")


class Evaluation(Orderable):
    """A study, report or monitoring of what a practice or program did and achieved."""

    Design = Design
    # What the API shows of an evaluation, on every page type that has them
    # (``content.Inline("evaluations")``).
    api_fields = (
        *("title", "design", "year", "date", "evaluator", "evaluator_kind", "independent"),
        *("sample", "findings", "citation", "link", "document"),
    )
    EvaluatorKind = EvaluatorKind

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(_("title of the study or report"), max_length=255, blank=True)
    design = models.CharField(_("design"), max_length=30, choices=Design.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Only if the report gives an exact date.")
    )
    evaluator = models.CharField(_("who evaluated"), max_length=250, blank=True)
    evaluator_kind = models.CharField(
        _("internal, external or academic"),
        max_length=20,
        choices=EvaluatorKind.choices,
        blank=True,
    )
    independent = models.BooleanField(
        _("independent of those who run it"),
        null=True,
        blank=True,
        help_text=_("Whether the evaluators were independent of the team that runs it."),
    )
    sample = models.CharField(_("sample or territory"), max_length=250, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    citation = models.TextField(
        _("citation"), blank=True, help_text=_("The full reference of the study or report.")
    )
    link = models.URLField(_("link"), blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("design"), FieldPanel("year"), FieldPanel("date")]),
        MultiFieldPanel(
            [
                FieldPanel("evaluator"),
                FieldRowPanel([FieldPanel("evaluator_kind"), FieldPanel("independent")]),
            ],
            heading=_("Who evaluated"),
        ),
        FieldPanel("sample"),
        FieldPanel("findings"),
        FieldPanel("citation"),
        FieldRowPanel([FieldPanel("link"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return self.title or self.get_design_display()

    def clean(self):
        super().clean()
        if self.date and self.year is None:
            self.year = self.date.year
        elif self.date and self.year != self.date.year:
            raise ValidationError({"date": _("The date must fall in the year given.")})
