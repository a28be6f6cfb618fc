"""One evaluation record for every page type that has evaluations (practices and programs today).

An evaluation is a study, report or monitoring of a page's subject: who made it, how (its design,
from a fixed list), on what sample or territory, and what it found for each outcome it measured
(``EvaluationOutcome``: the direction of the change, its size and confidence). Pages edit them
inline (``InlinePanel("evaluations")``, each with its outcomes nested); the parental key points
at Wagtail's ``Page`` so any page type can have them without a model of its own. A page that
shows a rating derives it from them (``RatedMixin``, by the rules in ``rating.py``) and keeps
each change of level (``RatingChange``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from portal.core.mixins import prefetch_shown

from .rating import (
    Confidence,
    Design,
    Direction,
    Finding,
    ImpactRating,
    Rating,
    Rule,
    outcome_key,
    rate,
)


class EvaluatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal evaluation")
    EXTERNAL = "external", _("External evaluation")
    ACADEMIC = "academic", _("Academic evaluation")


class Evaluation(TranslatableMixin, Orderable, ClusterableModel):
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
        InlinePanel("outcomes", label=_("outcome measured"), heading=_("Outcomes measured")),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
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


class EvaluationOutcome(TranslatableMixin, Orderable):
    """What one evaluation found on one outcome: the direction of the change and, where the
    study gives them, its size and confidence. The rating rules read these rows."""

    # The outcome theme stays the shared (Spanish) term, shown in the visitor's language.
    override_translatable_fields = [SynchronizedField("theme")]

    api_fields = ("outcome_key", "theme_name", "measure", "direction", "effect_size", "confidence")

    evaluation = ParentalKey(Evaluation, on_delete=models.CASCADE, related_name="outcomes")
    theme = models.ForeignKey(
        "core.Theme",
        verbose_name=_("outcome theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The theme the outcome belongs to (the evidence map's columns)."),
    )
    measure = models.CharField(
        _("what was measured"),
        max_length=250,
        help_text=_(
            "The indicator, as the study names it, e.g. victimization reported in a survey."
        ),
    )
    direction = models.CharField(
        _("direction of the change"), max_length=20, choices=Direction.choices, blank=True
    )
    effect_size = models.CharField(
        _("size of the change"),
        max_length=120,
        blank=True,
        help_text=_("As the study reports it, e.g. -12 % of reports, or d = 0.3."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=Confidence.choices, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("theme"), FieldPanel("measure")]),
        FieldRowPanel(
            [FieldPanel("direction"), FieldPanel("effect_size"), FieldPanel("confidence")]
        ),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("outcome measured")
        verbose_name_plural = _("outcomes measured")

    def save(self, *args, **kwargs):
        # A new outcome is in its evaluation's language. Wagtail's copy for translation moves
        # an evaluation to the new language but not the outcomes nested in it.
        if self._state.adding and self.evaluation_id and self.evaluation.locale_id:
            self.locale_id = self.evaluation.locale_id
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.measure}: {self.get_direction_display()}"

    @property
    def outcome_key(self) -> str:
        """What findings on the same outcome share: the theme's code, else the measure."""
        return outcome_key(self.theme.slug if self.theme_id is not None else None, self.measure)

    @property
    def theme_name(self) -> str:
        return self.theme.name if self.theme_id is not None else ""


class RatingChange(models.Model):
    """One change of a page's shown evidence level: computed by the rules, or judged by a
    reviewer (with the justification and who made it). Kept forever, shown on the page."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="rating_changes"
    )
    level = models.CharField(_("level shown"), max_length=20, choices=ImpactRating.choices)
    previous_level = models.CharField(
        _("level shown before"), max_length=20, choices=ImpactRating.choices, blank=True
    )
    computed_level = models.CharField(
        _("level by the rules"), max_length=20, choices=ImpactRating.choices
    )
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    judged = models.BooleanField(_("reviewer's judgement"), default=False)
    reason = models.TextField(_("reviewer's justification"), blank=True)
    changed_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    api_fields = (
        "level",
        "previous_level",
        "computed_level",
        "rule",
        "judged",
        "reason",
        "changed_at",
    )

    class Meta:
        verbose_name = _("rating change")
        verbose_name_plural = _("rating changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_level_display()} ({self.changed_at:%Y-%m-%d})"

    @property
    def rule_text(self):
        return Rule(self.rule).label


class RatedMixin(models.Model):
    """For page types rated by their evaluations: the level the rules give (``computed_rating``,
    recomputed at every save), a reviewer's judgement that may differ from it only with a
    written justification, the level shown (the judgement if any, else the computed one) and
    its history. The admin form (``RatedPageForm``) checks the judgement before anything is
    saved."""

    impact_rating = models.CharField(
        _("impact evidence"),
        max_length=20,
        choices=ImpactRating.choices,
        default=ImpactRating.NOT_EVALUATED,
        editable=False,
        help_text=_("The level shown: the reviewer's judgement if any, else the rules' level."),
    )
    computed_rating = models.CharField(
        _("impact evidence by the rules"),
        max_length=20,
        choices=ImpactRating.choices,
        default=ImpactRating.NOT_EVALUATED,
        editable=False,
    )
    judged_rating = models.CharField(
        _("reviewer's judgement"),
        max_length=20,
        choices=ImpactRating.choices,
        blank=True,
        help_text=_(
            "Leave empty to show the level the rules give. A different level needs a written "
            "justification, which visitors see."
        ),
    )
    impact_justification = models.TextField(
        _("why this judgement"),
        blank=True,
        help_text=_("A short justification, shown to visitors with the reviewer and the date."),
    )
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    judged_at = models.DateTimeField(_("judged on"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        rating = self.evidence
        self.computed_rating = rating.level
        self.impact_rating = self.judged_rating or rating.level
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if update_fields is None and self.live:
            self.record_rating(rating)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_shown(
            request,
            self,
            "evaluations",
            Prefetch("evaluations__outcomes", EvaluationOutcome.objects.select_related("theme")),
        )
        context["evidence"] = self.evidence
        context["rating_history"] = list(
            RatingChange.objects.filter(page_id=self.pk).select_related("changed_by")[:50]
        )
        return context

    def findings(self) -> list[Finding]:
        """Every outcome of every evaluation on record (in memory while an edit is saved)."""
        return [
            Finding(
                outcome=outcome.outcome_key,
                design=evaluation.design,
                direction=outcome.direction,
                confidence=outcome.confidence,
                evaluation=evaluation,
                record=outcome,
            )
            for evaluation in self.evaluations.all()
            for outcome in evaluation.outcomes.all()
        ]

    @property
    def evaluation_designs(self) -> str:
        """The designs of the evaluations on record, strongest first, joined by ``|``."""
        designs = {evaluation.design for evaluation in self.evaluations.all()}
        return "|".join(design for design in Design.values if design in designs)

    @property
    def evidence(self) -> Rating:
        """The rules' rating of the evaluations on record, per outcome and as a whole."""
        return rate(self.findings(), evaluations=len(self.evaluations.all()))

    def record_rating(self, rating: Rating) -> RatingChange | None:
        """Keep a change of the shown level (or of who decides it) in the page's history."""
        judged = bool(self.judged_rating)
        last = RatingChange.objects.filter(page_id=self.pk).first()
        if last is not None and (last.level, last.judged) == (self.impact_rating, judged):
            return None
        return RatingChange.objects.create(
            page_id=self.pk,
            level=self.impact_rating,
            previous_level=last.level if last is not None else "",
            computed_level=rating.level,
            rule=rating.rule,
            judged=judged,
            reason=self.impact_justification if judged else "",
            changed_by_id=self.judged_by_id if judged else None,
        )


def judgement_errors(judged: str, justification: str, computed: str, evaluations: int) -> dict:
    """The admin's refusals, in the editor's language: an evaluated level with no evaluation on
    record, and a judgement that differs from the rules without a justification."""
    errors = {}
    if judged and judged != ImpactRating.NOT_EVALUATED and not evaluations:
        errors["judged_rating"] = _(
            "An impact level needs at least one evaluation on record: add the evaluation "
            "(even internal monitoring) under “Results and evidence”, or leave the "
            "judgement empty."
        )
    elif judged and judged != computed and not justification.strip():
        errors["impact_justification"] = _(
            "The rules give “%(computed)s” from the evaluations on record. To show "
            "“%(judged)s” instead, write why: visitors see it as a reviewer's judgement."
        ) % {
            "computed": ImpactRating(computed).label,
            "judged": ImpactRating(judged).label,
        }
    return errors
