"""The evidence rules as tables: each row is what the evaluations on record found on one outcome,
and the level and rule the portal must publish for it (README, "How evidence is rated")."""

import pytest

from portal.institutions.evaluations.rating import (
    COMPARISON,
    Design,
    Finding,
    ImpactRating,
    Rating,
    Rule,
    rate,
    rate_outcome,
)

R, Q, BAC = Design.RANDOMISED, Design.QUASI_EXPERIMENTAL, Design.BEFORE_AFTER_COMPARISON
TS, BA, QL, MON = Design.TIME_SERIES, Design.BEFORE_AFTER, Design.QUALITATIVE, Design.MONITORING
UP, SAME, DOWN, MIXED = "improved", "no_change", "worsened", "mixed"
SIG, NS = "significant", "not_significant"

EFFECTIVE, PROMISING = ImpactRating.EFFECTIVE, ImpactRating.PROMISING
NO_EFFECT, HARMFUL = ImpactRating.NO_EFFECT, ImpactRating.HARMFUL
INSUFFICIENT, NOT_EVALUATED = ImpactRating.INSUFFICIENT, ImpactRating.NOT_EVALUATED


def studies(*rows):
    """One finding per row (design, direction[, confidence]), each from its own study."""
    return [
        Finding("violencia", row[0], row[1], row[2] if len(row) > 2 else "", evaluation=object())
        for row in rows
    ]


# what the studies found on one outcome                      -> level,        rule
OUTCOME_TABLE = [
    ([],                                                        NOT_EVALUATED, Rule.NONE),
    ([(MON, UP)],                                               INSUFFICIENT, Rule.DESCRIPTIVE_ONLY),
    ([(QL, UP)],                                                INSUFFICIENT, Rule.DESCRIPTIVE_ONLY),
    ([(BA, UP, SIG), (MON, UP)],                                INSUFFICIENT, Rule.DESCRIPTIVE_ONLY),
    ([(BA, DOWN)],                                              INSUFFICIENT, Rule.DESCRIPTIVE_ONLY),
    ([(R, UP, SIG)],                                            EFFECTIVE,    Rule.STRONG_IMPROVEMENT),
    ([(Q, UP, SIG), (MON, DOWN)],                               EFFECTIVE,    Rule.STRONG_IMPROVEMENT),
    ([(Q, UP, SIG), (BAC, SAME)],                               EFFECTIVE,    Rule.STRONG_IMPROVEMENT),
    ([(BAC, UP), (TS, UP)],                                     EFFECTIVE,    Rule.REPLICATED_IMPROVEMENT),
    ([(Q, UP, NS), (BAC, UP)],                                  EFFECTIVE,    Rule.REPLICATED_IMPROVEMENT),
    ([(R, UP)],                                                 PROMISING,    Rule.ONE_IMPROVEMENT),
    ([(Q, UP, NS)],                                             PROMISING,    Rule.ONE_IMPROVEMENT),
    ([(BAC, UP, SIG)],                                          PROMISING,    Rule.ONE_IMPROVEMENT),
    ([(TS, UP), (BA, UP)],                                      PROMISING,    Rule.ONE_IMPROVEMENT),
    ([(TS, UP), (Q, SAME)],                                     PROMISING,    Rule.ONE_IMPROVEMENT),
    ([(R, SAME)],                                               NO_EFFECT,    Rule.NO_CHANGE),
    ([(Q, SAME), (BAC, SAME), (MON, UP)],                       NO_EFFECT,    Rule.NO_CHANGE),
    ([(R, DOWN, SIG)],                                          HARMFUL,      Rule.HARM),
    ([(TS, DOWN), (Q, SAME)],                                   HARMFUL,      Rule.HARM),
    ([(BAC, DOWN), (MON, UP)],                                  HARMFUL,      Rule.HARM),
    ([(R, UP, SIG), (Q, DOWN)],                                 INSUFFICIENT, Rule.CONFLICTING),
    ([(Q, MIXED)],                                              INSUFFICIENT, Rule.CONFLICTING),
    ([(R, UP, SIG), (TS, MIXED)],                               INSUFFICIENT, Rule.CONFLICTING),
]  # fmt: skip


@pytest.mark.parametrize(("found", "level", "rule"), OUTCOME_TABLE)
def test_an_outcome_is_rated_by_the_published_rules(found, level, rule):
    rating = rate_outcome(studies(*found))
    assert (rating.level, rating.rule) == (level, rule)
    # The findings the rule counted are those with a comparison whenever there is one.
    findings = studies(*found)
    if any(f.design in COMPARISON for f in findings):
        assert all(f.design in COMPARISON for f in rating.counted)


def test_the_table_covers_every_level_every_design_and_every_rule():
    levels = {level for _found, level, _rule in OUTCOME_TABLE}
    designs = {row[0] for found, _level, _rule in OUTCOME_TABLE for row in found}
    rules = {rule for _found, _level, rule in OUTCOME_TABLE}
    assert levels == set(ImpactRating)
    assert designs == set(Design)
    assert rules | {Rule.NO_OUTCOME} == set(Rule)


def test_two_measures_from_one_study_are_one_study_not_a_replication():
    study = object()
    one = [
        Finding("violencia", BAC, UP, evaluation=study),
        Finding("violencia", TS, UP, evaluation=study),
    ]
    assert rate_outcome(one).level == PROMISING


# outcomes and what was found on each                        -> level of the whole
WHOLE_TABLE = [
    ({},                                                        0, NOT_EVALUATED),
    ({},                                                        2, INSUFFICIENT),
    ({"confianza": [(MON, "")]},                                1, INSUFFICIENT),
    ({"violencia": [(MON, UP)]},                                1, INSUFFICIENT),
    ({"violencia": [(R, UP, SIG)], "percepcion": [(MON, UP)]},  2, EFFECTIVE),
    ({"violencia": [(Q, UP)], "percepcion": [(Q, SAME)]},       1, PROMISING),
    ({"violencia": [(Q, SAME)], "percepcion": [(BA, UP)]},      1, NO_EFFECT),
    ({"violencia": [(R, UP, SIG)], "percepcion": [(Q, DOWN)]},  1, HARMFUL),
]  # fmt: skip


@pytest.mark.parametrize(("outcomes", "evaluations", "level"), WHOLE_TABLE)
def test_the_whole_takes_a_harm_first_then_the_strongest_finding(outcomes, evaluations, level):
    study = object()
    findings = [
        Finding(outcome, row[0], row[1], row[2] if len(row) > 2 else "", evaluation=study)
        for outcome, rows in outcomes.items()
        for row in rows
    ]
    rating = rate(findings, evaluations=evaluations)
    assert rating.level == level
    assert set(rating.outcomes) == {key for key, rows in outcomes.items() if rows[0][1]}
    if rating.outcomes:
        assert rating.level in {outcome.level for outcome in rating.outcomes.values()}


def test_every_level_says_what_would_raise_it_and_every_rule_says_why():
    steps = {str(Rating(level, Rule.NONE).next_step) for level in ImpactRating}
    assert len(steps) == len(ImpactRating)  # one for each level, none empty
    assert "" not in steps
    assert all(str(rule.label).endswith(".") for rule in Rule)
