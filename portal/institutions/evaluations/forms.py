"""The admin form of rated pages: a reviewer's judgement is checked against the evaluations
being saved with it, before anything is written."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from .models import judgement_errors
from .rating import Finding, outcome_key, rate


def _kept(formset) -> list:
    """The forms of ``formset`` that will be saved: valid, not deleted, not left empty."""
    kept = []
    for form in formset.forms:
        if form.empty_permitted and not form.has_changed():
            continue
        if not form.is_valid():
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        kept.append(form)
    return kept


def _outcome_key(data: dict) -> str:
    theme = data.get("theme")
    return outcome_key(theme.slug if theme is not None else None, data.get("measure"))


class RatedPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        evaluations = _kept(self.formsets["evaluations"]) if "evaluations" in self.formsets else []
        findings = [
            Finding(
                outcome=_outcome_key(outcome.cleaned_data),
                design=evaluation.cleaned_data.get("design"),
                direction=outcome.cleaned_data.get("direction"),
                confidence=outcome.cleaned_data.get("confidence") or "",
                evaluation=evaluation,
            )
            for evaluation in evaluations
            for outcome in _kept(evaluation.formsets["outcomes"])
        ]
        rating = rate(findings, evaluations=len(evaluations))
        judged = cleaned_data.get("judged_rating", self.instance.judged_rating)
        justification = cleaned_data.get("impact_justification", self.instance.impact_justification)
        for field, message in judgement_errors(
            judged or "", justification or "", rating.level, len(evaluations)
        ).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned_data

    def save(self, commit=True):
        page = self.instance
        if {"judged_rating", "impact_justification"} & set(self.changed_data):
            judged = bool(self.cleaned_data.get("judged_rating"))
            page.judged_by = self.for_user if judged else None
            page.judged_at = timezone.now() if judged else None
        return super().save(commit=commit)
