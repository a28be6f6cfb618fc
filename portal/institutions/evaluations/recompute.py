"""Recompute the stored ratings of one rated page type by the rules (data migrations).

Before issue 26 a moderator chose a practice's level by hand. Every page is rated again from its
evaluations; a hand-chosen level different from the rules' survives only as a reviewer's
judgement, and only when it came with a justification and an evaluation is on record (the rule
the admin now enforces). Each page's history starts with the level it shows after this, and
``previous_level`` keeps the hand-chosen one. Reads and writes in bulk (a network has tens of
thousands of pages).
"""

from collections import defaultdict

from .rating import Finding, ImpactRating, outcome_key, rate

BATCH = 2000


def recompute_ratings(apps, app_label: str, model_name: str, *, shown_before: bool = True) -> None:
    """``shown_before``: whether pages of this type showed a level before (practices did,
    programs did not: their history then starts without a "before")."""
    model = apps.get_model(app_label, model_name)
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Outcome = apps.get_model("evaluations", "EvaluationOutcome")
    RatingChange = apps.get_model("evaluations", "RatingChange")
    pages = model.objects.values_list("pk", flat=True)
    evaluations = defaultdict(int)
    for page_id in Evaluation.objects.filter(page_id__in=pages).values_list("page_id", flat=True):
        evaluations[page_id] += 1
    findings = defaultdict(list)
    for row in Outcome.objects.filter(evaluation__page_id__in=pages).values(
        "evaluation_id", "evaluation__page_id", "evaluation__design", "theme__slug", "measure",
        "direction", "confidence",
    ):  # fmt: skip
        findings[row["evaluation__page_id"]].append(
            Finding(
                outcome=outcome_key(row["theme__slug"], row["measure"]),
                design=row["evaluation__design"],
                direction=row["direction"],
                confidence=row["confidence"],
                evaluation=row["evaluation_id"],
            )
        )
    fields = ["computed_rating", "judged_rating", "impact_rating"]
    batch, changes = [], []
    for page in model.objects.only("pk", "impact_rating", "impact_justification").iterator():
        rating = rate(findings[page.pk], evaluations=evaluations[page.pk])
        before = page.impact_rating
        keep = (
            before != rating.level
            and page.impact_justification.strip()
            and (evaluations[page.pk] or before == ImpactRating.NOT_EVALUATED)
        )
        page.computed_rating = rating.level
        page.judged_rating = before if keep else ""
        page.impact_rating = before if keep else rating.level
        batch.append(page)
        changes.append(
            RatingChange(
                page_id=page.pk,
                level=page.impact_rating,
                previous_level=before if shown_before and before != page.impact_rating else "",
                computed_level=rating.level,
                rule=rating.rule,
                judged=bool(keep),
                reason=page.impact_justification if keep else "",
            )
        )
        if len(batch) >= BATCH:
            _write(model, RatingChange, batch, changes, fields)
            batch, changes = [], []
    _write(model, RatingChange, batch, changes, fields)


def _write(model, RatingChange, pages, changes, fields) -> None:
    model.objects.bulk_update(pages, fields)
    RatingChange.objects.bulk_create(changes)
