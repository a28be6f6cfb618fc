"""The two ratings of a practice: impact evidence (computed from its evaluations by
``portal.institutions.evaluations.rating``) and documentation quality (computed from how complete its
systematization is)."""

from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.institutions.evaluations.rating import ImpactRating


class DocumentationLevel(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    GOOD = "good", _("Good")
    PARTIAL = "partial", _("Partial")
    MINIMAL = "minimal", _("Minimal")


# (key, label, how to tell it is there). Each item weighs the same.
CHECKLIST = [
    ("problem", _("Problem it addresses"), lambda p: _filled(p.problem)),
    (
        "objectives",
        _("Objectives"),
        lambda p: _filled(p.general_objective) or _filled(p.objectives),
    ),
    ("population", _("Target populations"), lambda p: _has(p, "target_populations")),
    ("approach", _("Prevention approach"), lambda p: _has(p, "approaches")),
    ("territory", _("Territory"), lambda p: _filled(p.territory)),
    (
        "how_it_works",
        _("Components and activities"),
        lambda p: _filled(p.how_it_works) or _filled(p.components),
    ),
    ("theory_of_change", _("Theory of change"), lambda p: _filled(p.theory_of_change)),
    ("implementation", _("Implementation steps"), lambda p: _filled(p.implementation_steps)),
    ("team", _("Team and partners"), lambda p: _filled(p.team)),
    (
        "replication",
        _("What it takes to replicate it"),
        lambda p: any(
            _filled(v) for v in (p.replication_staff, p.replication_budget, p.replication_time)
        ),
    ),
    ("budget", _("Cost or budget"), lambda p: p.budget_amount is not None),
    (
        "outcomes",
        _("Outcomes with indicators"),
        lambda p: _has(p, "outcomes") or _filled(p.results),
    ),
    ("evaluation", _("Evaluation or monitoring"), lambda p: _has(p, "evaluations")),
    ("obstacles", _("Obstacles overcome"), lambda p: _filled(p.obstacles)),
    ("success_factors", _("Success factors"), lambda p: _filled(p.success_factors)),
    ("lessons", _("Lessons learned"), lambda p: _filled(p.lessons)),
    ("recommendations", _("Recommendations for others"), lambda p: _filled(p.recommendations)),
    # The page's contact block shows either (a role names whom to ask at the institution).
    ("contact", _("Contact"), lambda p: _filled(p.contact_email) or _filled(p.contact_role)),
]


def _filled(value) -> bool:
    return bool(value and strip_tags(str(value)).strip())


def _has(page, relation: str) -> bool:
    # modelcluster answers from memory while an edit is being saved, from the database otherwise;
    # a served page has its vocabularies read already (``load_terms``).
    if getattr(page, "loaded_terms", None) is not None and relation in page.loaded_terms:
        return bool(page.loaded_terms[relation])
    return bool(list(getattr(page, relation).all()))


@dataclass(frozen=True)
class DocumentationQuality:
    score: int
    level: str
    present: list
    missing: list

    @property
    def level_label(self):
        return DocumentationLevel(self.level).label


def level_for(score: int) -> str:
    if score >= 85:
        return DocumentationLevel.COMPLETE
    if score >= 60:
        return DocumentationLevel.GOOD
    if score >= 30:
        return DocumentationLevel.PARTIAL
    return DocumentationLevel.MINIMAL


def documentation_quality(page) -> DocumentationQuality:
    present, missing = [], []
    for key, label, test in CHECKLIST:
        (present if test(page) else missing).append((key, label))
    score = round(100 * len(present) / len(CHECKLIST))
    return DocumentationQuality(
        score=score, level=level_for(score), present=present, missing=missing
    )


def rating_overview(practices) -> dict:
    """How the given practices are rated: a table of impact evidence by documentation level,
    with totals, in one query."""
    counts = {
        (row["impact_rating"], row["documentation_level"]): row["n"]
        for row in practices.values("impact_rating", "documentation_level")
        .annotate(n=models.Count("pk"))
        .order_by()
    }
    levels = list(DocumentationLevel)
    rows = []
    for impact in ImpactRating:
        cells = [(level, counts.get((impact.value, level.value), 0)) for level in levels]
        rows.append({"rating": impact, "cells": cells, "total": sum(n for _l, n in cells)})
    column_totals = [
        (level, sum(n for (impact, lvl), n in counts.items() if lvl == level.value))
        for level in levels
    ]
    return {
        "levels": levels,
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(counts.values()),
        "checklist": [label for _key, label, _test in CHECKLIST],
    }
