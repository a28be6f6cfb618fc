"""What the API and the exports say of a rated page's evidence: each evaluation's outcomes, and
the rating with its rule, per-outcome levels, judgement and history (read by the content
registry's declarations of practices and programs)."""

import datetime

from pydantic import BaseModel

from portal.core.content import Inline

from .models import RatingChange


class OutcomeFound(BaseModel):
    outcome: str
    theme: str
    measure: str
    direction: str
    effect_size: str
    confidence: str


class OutcomeRating(BaseModel):
    outcome: str
    level: str
    rule: str
    findings: int


class Change(BaseModel):
    level: str
    previous_level: str
    computed_level: str
    rule: str
    judged: bool
    reason: str
    changed_at: datetime.datetime


class Evidence(BaseModel):
    level: str
    computed_level: str
    rule: str
    rule_text: str
    next_step: str
    judged: bool
    justification: str
    judged_at: datetime.datetime | None
    outcomes: list[OutcomeRating]
    history: list[Change]


def outcomes(request, evaluation) -> list[dict]:
    return [
        {
            "outcome": row.outcome_key,
            "theme": row.theme.slug if row.theme_id else "",
            "measure": row.measure,
            "direction": row.direction,
            "effect_size": row.effect_size,
            "confidence": row.confidence,
        }
        for row in evaluation.outcomes.all()
    ]


def evidence(request, page) -> dict:
    rating = page.evidence
    judged = bool(page.judged_rating)
    return {
        "level": page.impact_rating,
        "computed_level": rating.level,
        "rule": rating.rule,
        "rule_text": str(rating.rule_text),
        "next_step": str(rating.next_step),
        "judged": judged,
        "justification": page.impact_justification if judged else "",
        "judged_at": page.judged_at if judged else None,
        "outcomes": [
            {
                "outcome": key,
                "level": found.level,
                "rule": found.rule,
                "findings": len(found.counted),
            }
            for key, found in rating.outcomes.items()
        ],
        "history": [
            {name: getattr(change, name) for name in Change.model_fields}
            for change in RatingChange.objects.filter(page_id=page.pk)
        ],
    }


EVALUATIONS = Inline("evaluations", computed={"outcomes": (list[OutcomeFound], outcomes)})
EVIDENCE = {"evidence": (Evidence, evidence)}

# The listings' CSV/JSON exports: the rules' level, a reviewer's judgement, and the designs of
# the evaluations on record (``RatedMixin.evaluation_designs``), read in one query.
EXPORT_COLUMNS = ("computed_rating", "judged_rating", "evaluation_designs")
EXPORT_PREFETCH = ("evaluations",)
