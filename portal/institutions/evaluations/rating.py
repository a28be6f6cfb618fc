"""The evidence rating rules: from the evaluations on record to one of six published levels.

One pure function, ``rate``, reads what each evaluation found for each outcome (its design and
the direction of the change) and returns the level for each outcome and for the whole practice
or program, the rule that produced each level, the findings that counted and what would raise
it. Nothing else decides a level; a moderator's judgement is recorded beside it, never instead
of it (``portal.institutions.evaluations.models.RatedMixin``). README ("How evidence is rated") explains the
rules in plain words; ``tests/evaluations/test_rating.py`` holds them as tables.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImpactRating(models.TextChoices):
    """The six published levels, strongest finding first."""

    EFFECTIVE = "effective", _("Effective")
    PROMISING = "promising", _("Promising")
    NO_EFFECT = "no_effect", _("No effect")
    HARMFUL = "harmful", _("Harmful")
    INSUFFICIENT = "insufficient", _("Insufficient evidence")
    NOT_EVALUATED = "not_evaluated", _("Not evaluated")


class Design(models.TextChoices):
    """How the study tells what changed because of the intervention, strongest first."""

    RANDOMISED = "randomised", _("Randomised")
    QUASI_EXPERIMENTAL = "quasi_experimental", _("Quasi-experimental with comparison group")
    BEFORE_AFTER_COMPARISON = "before_after_comparison", _("Before-after with comparison")
    BEFORE_AFTER = "before_after", _("Before-after without comparison")
    TIME_SERIES = "time_series", _("Time series")
    QUALITATIVE = "qualitative", _("Qualitative")
    MONITORING = "monitoring", _("Monitoring only")


def outcome_key(theme_slug: str | None, measure: str) -> str:
    """What findings on the same outcome share: the theme's code, else the measure's words."""
    return theme_slug or " ".join((measure or "").lower().split())


def strongest_design(designs) -> str:
    """The strongest of ``designs`` in the list's order (randomised first), or ""."""
    order = list(Design)
    found = [Design(design) for design in designs if design in Design.values]
    return min(found, key=order.index).value if found else ""


class Direction(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No change")
    WORSENED = "worsened", _("Worsened")
    MIXED = "mixed", _("Mixed")
    LEVEL_ONLY = "", _("Level only: no change measured")


class Confidence(models.TextChoices):
    SIGNIFICANT = "significant", _("Statistically significant")
    NOT_SIGNIFICANT = "not_significant", _("Not statistically significant")
    NOT_REPORTED = "", _("Not reported")


# What a design can tell: "strong" designs compare with a group like the one served, chosen at
# random or matched; "comparison" designs compare with another group or a long series before
# the start; the rest describe what happened without telling what would have happened anyway.
STRONG = frozenset({Design.RANDOMISED, Design.QUASI_EXPERIMENTAL})
COMPARISON = STRONG | {Design.BEFORE_AFTER_COMPARISON, Design.TIME_SERIES}

# How levels combine into the rating of the whole: a harm found on any outcome is shown first,
# then the strongest positive finding.
OVERALL_ORDER = [
    ImpactRating.HARMFUL,
    ImpactRating.EFFECTIVE,
    ImpactRating.PROMISING,
    ImpactRating.NO_EFFECT,
    ImpactRating.INSUFFICIENT,
    ImpactRating.NOT_EVALUATED,
]


class Rule(models.TextChoices):
    """Which rule gave a level: shown on the page, in the API and in the rating history."""

    NONE = "none", _("No evaluation on record.")
    NO_OUTCOME = (
        "no_outcome",
        _("Evaluations are on record, but none reports the direction of an outcome."),
    )
    DESCRIPTIVE_ONLY = (
        "descriptive_only",
        _(
            "Only studies without a comparison (before-after, qualitative or monitoring) measured "
            "it: they show what happened, not what would have happened without the intervention."
        ),
    )
    HARM = (
        "harm",
        _(
            "A study with a comparison found it worsened, and none with a comparison found it "
            "improved or mixed."
        ),
    )
    STRONG_IMPROVEMENT = (
        "strong_improvement",
        _(
            "A randomised or quasi-experimental study found a statistically significant "
            "improvement, and no study with a comparison found it worsened."
        ),
    )
    REPLICATED_IMPROVEMENT = (
        "replicated_improvement",
        _(
            "Two or more studies with a comparison found an improvement, and none found it worsened."
        ),
    )
    ONE_IMPROVEMENT = (
        "one_improvement",
        _(
            "One study with a comparison found an improvement (not yet a significant one from a "
            "randomised or quasi-experimental design, nor a second study), and none found it "
            "worsened."
        ),
    )
    NO_CHANGE = (
        "no_change",
        _("Studies with a comparison found no change, and none found an improvement or a harm."),
    )
    CONFLICTING = "conflicting", _("Studies with a comparison disagree, or report mixed results.")


NEXT_STEP = {
    ImpactRating.NOT_EVALUATED: _(
        "Record an evaluation, even internal monitoring, with the outcomes it measured."
    ),
    ImpactRating.INSUFFICIENT: _(
        "An evaluation that compares with a similar group or territory without the "
        "intervention (quasi-experimental or randomised) and reports the direction of each "
        "outcome."
    ),
    ImpactRating.PROMISING: _(
        "A randomised or quasi-experimental study with a statistically significant "
        "improvement, or a second study with a comparison that finds an improvement."
    ),
    ImpactRating.NO_EFFECT: _(
        "A study with a comparison that finds an improvement after the approach is adjusted."
    ),
    ImpactRating.HARMFUL: _(
        "Stop or redesign the intervention; a new study with a comparison that finds no harm."
    ),
    ImpactRating.EFFECTIVE: _("The highest level: further studies keep it current."),
}


@dataclass(frozen=True)
class Finding:
    """What one evaluation found on one outcome (an ``EvaluationOutcome`` row, or a test's)."""

    outcome: str  # the outcome's key: its theme's code, or what was measured
    design: str
    direction: str
    confidence: str = ""
    evaluation: object = None  # the evaluation it comes from: one study, however many measures
    record: object = None  # the outcome row it was read from, for the page to show


@dataclass(frozen=True)
class Rating:
    level: str
    rule: str
    counted: tuple = ()  # the findings the rule read
    outcomes: dict = field(default_factory=dict)  # outcome key -> Rating (whole ratings only)

    @property
    def label(self):
        return ImpactRating(self.level).label

    @property
    def rule_text(self):
        return Rule(self.rule).label

    @property
    def next_step(self):
        return NEXT_STEP[ImpactRating(self.level)]

    @property
    def evaluations(self) -> list:
        """The evaluations the rule counted, each once, in the order found."""
        seen, found = set(), []
        for finding in self.counted:
            if finding.evaluation is not None and id(finding.evaluation) not in seen:
                seen.add(id(finding.evaluation))
                found.append(finding.evaluation)
        return found


def rate_outcome(findings: list[Finding]) -> Rating:
    """The level of one outcome from what every evaluation found on it (rules in order)."""
    if not findings:
        return Rating(ImpactRating.NOT_EVALUATED, Rule.NONE)
    compared = tuple(f for f in findings if f.design in COMPARISON)
    if not compared:
        return Rating(ImpactRating.INSUFFICIENT, Rule.DESCRIPTIVE_ONLY, tuple(findings))
    directions = {f.direction for f in compared}
    improved = [f for f in compared if f.direction == Direction.IMPROVED]
    if Direction.MIXED in directions or (improved and Direction.WORSENED in directions):
        return Rating(ImpactRating.INSUFFICIENT, Rule.CONFLICTING, compared)
    if Direction.WORSENED in directions:
        return Rating(ImpactRating.HARMFUL, Rule.HARM, compared)
    if improved:
        if any(f.design in STRONG and f.confidence == Confidence.SIGNIFICANT for f in improved):
            return Rating(ImpactRating.EFFECTIVE, Rule.STRONG_IMPROVEMENT, compared)
        studies = {
            id(f.evaluation) if f.evaluation is not None else n for n, f in enumerate(improved)
        }
        if len(studies) >= 2:
            return Rating(ImpactRating.EFFECTIVE, Rule.REPLICATED_IMPROVEMENT, compared)
        return Rating(ImpactRating.PROMISING, Rule.ONE_IMPROVEMENT, compared)
    return Rating(ImpactRating.NO_EFFECT, Rule.NO_CHANGE, compared)


def rate(findings: list[Finding], evaluations: int | None = None) -> Rating:
    """The level of each outcome and of the whole, from every finding on record.

    ``evaluations`` is how many evaluations are on record (some may report no outcome yet, or only
    a level measured once): with evaluations but no direction of change the whole is
    "Insufficient evidence", never "Not evaluated".
    """
    by_outcome: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.direction:  # a level measured once tells no change
            by_outcome.setdefault(finding.outcome, []).append(finding)
    outcomes = {key: rate_outcome(found) for key, found in by_outcome.items()}
    if not outcomes:
        if evaluations:
            return Rating(ImpactRating.INSUFFICIENT, Rule.NO_OUTCOME)
        return Rating(ImpactRating.NOT_EVALUATED, Rule.NONE)
    best = min(outcomes.values(), key=lambda rating: OVERALL_ORDER.index(rating.level))
    return Rating(best.level, best.rule, best.counted, outcomes)
