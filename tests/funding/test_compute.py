"""The index formula as a pure function: groups, ties, direction, money."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.funding.compute import FormulaError, Rules, Variable, compute


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


CRIME = Variable("delitos", Fraction(1))
INCOME = Variable("ingresos", Fraction(1), higher_is_more_vulnerable=False)


def municipalities(n):
    # Distinct, deterministic values: crime grows with i, income falls with i.
    return {
        f"{13000 + i:05d}": {"delitos": Fraction(i * 7 % 101), "ingresos": Fraction(1000 - i)}
        for i in range(n)
    }


def test_345_comunas_make_groups_of_40_40_40_113_112():
    result = compute([CRIME, INCOME], municipalities(345), Rules())
    assert result.group_sizes() == {"U1": 40, "U2": 40, "U3": 40, "A": 113, "B": 112}
    by_rank = [row.group for row in result.ranking]
    assert by_rank[:120] == ["U1"] * 40 + ["U2"] * 40 + ["U3"] * 40
    assert by_rank[120:124] == ["A", "B", "A", "B"]  # alternate by rank
    halves = compute([CRIME, INCOME], municipalities(345), Rules(rotating_split="halves"))
    assert [row.group for row in halves.ranking][120:] == ["A"] * 113 + ["B"] * 112


def test_ranks_follow_scores_and_contributions_add_up():
    result = compute([CRIME, INCOME], municipalities(50), Rules(urgent_sizes=(10, 10, 10)))
    scores = [row.score for row in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert [row.rank for row in result.ranking] == list(range(1, 51))
    for row in result.ranking:
        assert sum(row.contributions.values()) == row.score
        assert 0 <= row.score <= 100


def test_direction_turns_a_variable_around():
    values = {
        "00001": {"ingresos": Fraction(100)},
        "00002": {"ingresos": Fraction(500)},
        "00003": {"ingresos": Fraction(900)},
    }
    poorer_first = compute([INCOME], values, Rules(urgent_sizes=(1,)))
    assert [row.code for row in poorer_first.ranking] == ["00001", "00002", "00003"]
    assert poorer_first.ranking[0].score == 100 and poorer_first.ranking[-1].score == 0
    richer_first = compute([Variable("ingresos", Fraction(1))], values, Rules(urgent_sizes=(1,)))
    assert [row.code for row in richer_first.ranking] == ["00003", "00002", "00001"]


def test_ties_are_broken_by_contribution_in_variable_order_then_code():
    a, b = Variable("a", Fraction(1)), Variable("b", Fraction(1))
    values = {
        "00009": {"a": Fraction(0), "b": Fraction(10)},  # same score as 00005, less on "a"
        "00005": {"a": Fraction(10), "b": Fraction(0)},
        "00003": {"a": Fraction(5), "b": Fraction(5)},  # same score again, in between on "a"
        "00002": {"a": Fraction(5), "b": Fraction(5)},  # identical to 00003: code decides
    }
    result = compute([a, b], values, Rules(urgent_sizes=(1, 1)))
    assert len({row.score for row in result.ranking}) == 1
    assert [row.code for row in result.ranking] == ["00005", "00002", "00003", "00009"]
    # The same inputs in another order give the same ranking.
    shuffled = dict(reversed(list(values.items())))
    assert [r.code for r in compute([a, b], shuffled, Rules(urgent_sizes=(1, 1))).ranking] == [
        "00005",
        "00002",
        "00003",
        "00009",
    ]


def test_weights_change_the_order():
    values = {"1": {"a": Fraction(1), "b": Fraction(0)}, "2": {"a": Fraction(0), "b": Fraction(1)}}
    heavy_a = [Variable("a", Fraction(3)), Variable("b", Fraction(1))]
    heavy_b = [Variable("a", Fraction(1)), Variable("b", Fraction(3))]
    assert compute(heavy_a, values, Rules(urgent_sizes=(1,))).ranking[0].code == "1"
    assert compute(heavy_b, values, Rules(urgent_sizes=(1,))).ranking[0].code == "2"


def test_rank_normalisation_shares_positions_of_equal_values():
    values = {"1": {"a": Fraction(5)}, "2": {"a": Fraction(5)}, "3": {"a": Fraction(9)}}
    result = compute([Variable("a", Fraction(1))], values, Rules(normalisation="rank"))
    scores = {row.code: row.score for row in result.ranking}
    assert scores == {"3": 100, "1": 25, "2": 25}


def test_a_variable_without_spread_gives_everyone_the_middle():
    values = {"1": {"a": Fraction(3)}, "2": {"a": Fraction(3)}}
    result = compute([Variable("a", Fraction(1))], values, Rules(urgent_sizes=(1,)))
    assert {row.score for row in result.ranking} == {50}


def test_shares_allocate_equal_decreasing_amounts_within_the_budget():
    rules = Rules(
        budgets=(10_000_000_007, 9_000_000_000),
        shares={"U1": Fraction(4), "U2": Fraction(3), "U3": Fraction(2), "R": Fraction(1)},
    )
    result = compute([CRIME, INCOME], municipalities(345), rules)
    year1 = {a.group: a for a in result.allocations if a.year == 1}
    year2 = {a.group: a for a in result.allocations if a.year == 2}
    assert set(year1) == {"U1", "U2", "U3", "A"} and set(year2) == {"U1", "U2", "U3", "B"}
    assert year1["U1"].amount > year1["U2"].amount > year1["U3"].amount > year1["A"].amount
    assert year1["A"].municipalities == 113 and year2["B"].municipalities == 112
    for year, budget, groups in ((1, 10_000_000_007, year1), (2, 9_000_000_000, year2)):
        spent = sum(a.total for a in groups.values())
        assert spent <= budget
        assert result.remainders[year] == budget - spent
        # Rounding down leaves less than one more peso per funded comuna.
        assert result.remainders[year] < sum(a.municipalities for a in groups.values())


def test_fixed_amounts_over_the_budget_are_refused():
    rules = Rules(budgets=(1_000, 1_000), amounts={"U1": 30, "U2": 20, "U3": 10, "A": 5, "B": 5})
    with pytest.raises(FormulaError, match="more than the budget"):
        compute([CRIME, INCOME], municipalities(345), rules)


def test_amounts_must_decrease_across_urgent_groups():
    rules = Rules(budgets=(10**9, 10**9), amounts={"U1": 10, "U2": 20, "U3": 5, "A": 1, "B": 1})
    with pytest.raises(FormulaError, match="decrease"):
        compute([CRIME, INCOME], municipalities(345), rules)


def test_missing_values_are_named():
    values = municipalities(5)
    del values["13002"]["ingresos"]
    with pytest.raises(FormulaError, match="13002: ingresos"):
        compute([CRIME, INCOME], values, Rules())


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 50)), min_size=1, max_size=200),
    weights=st.tuples(st.integers(0, 5), st.integers(1, 5)),
    budget=st.integers(0, 10**12),
)
def test_invariants_hold_for_any_inputs(data, weights, budget):
    values = {f"{i:05d}": {"a": Fraction(x), "b": Fraction(y)} for i, (x, y) in enumerate(data)}
    variables = [Variable("a", Fraction(weights[0])), Variable("b", Fraction(weights[1]), False)]
    rules = Rules(
        budgets=(budget, budget),
        shares={"U1": Fraction(3), "U2": Fraction(2), "U3": Fraction(1), "R": Fraction(1, 2)},
    )
    result = compute(variables, values, rules)
    assert sorted(row.code for row in result.ranking) == sorted(values)
    assert [row.rank for row in result.ranking] == list(range(1, len(values) + 1))
    sizes = result.group_sizes()
    assert sizes.get("U1", 0) == min(40, len(values))
    assert abs(sizes.get("A", 0) - sizes.get("B", 0)) <= 1
    for year in (1, 2):
        spent = sum(a.total for a in result.allocations if a.year == year)
        assert 0 <= spent <= budget and result.remainders[year] == budget - spent
