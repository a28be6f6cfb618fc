"""The national funding index, computed: a pure function from inputs to ranking and money.

Nothing here reads or writes the database; ``compute`` takes plain values and returns plain
values, so the formula can be read, tested and re-run by anyone.

The formula, step by step (the public page says the same in plain language):

1. **Normalise** each variable over all municipalities of the edition.
   - ``minmax``: ``(x - min) / (max - min)``, between 0 and 1. When every municipality has the
     same value the variable carries no information and everyone gets 0.5.
   - ``rank``: the municipality's position among all values, from 0 (lowest) to 1 (highest);
     equal values share the average position. Robust to extreme values.
2. **Direction**: when a *higher* value means *less* vulnerable (e.g. municipal income), the
   normalised value is turned around: ``1 - n``.
3. **Weights**: the score is ``100 × Σ(weightᵢ × nᵢ) / Σ weightᵢ``, from 0 to 100; each
   variable's *contribution* is its term of that sum, so the contributions add up to the score.
4. **Rank**: highest score first (most vulnerable = rank 1). Ties are broken, in order, by
   the larger contribution of each variable in the edition's order, then by the official code
   (ascending). Arithmetic is exact (fractions), so equal inputs always tie and the order never
   depends on rounding.
5. **Groups**: the first ranks fill the urgent groups in order (by default three groups of 40);
   the rest are *rotating*, split into groups A and B by the edition's rule: ``alternate``
   (A, B, A, B… by rank, so both carry similar need; 225 municipalities give 113 and 112) or
   ``halves`` (the first half, rounded up, is A).
6. **Money**, for each year of the two-year edition: the urgent groups every year, rotating
   group A in year 1 and B in year 2. Every municipality of a group receives the same amount,
   in whole currency units (rounded down). Either the edition fixes the amount per group, or it
   gives relative shares per municipality (e.g. 4 : 3 : 2 : 1): then
   ``amount_g = floor(budget × share_g / Σ(count_h × share_h))`` over the groups funded that
   year. The total never exceeds the budget; what is left over is reported as the remainder.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

URGENT_PREFIX = "U"
ROTATING = ("A", "B")
NORMALISATIONS = ("minmax", "rank")
SPLITS = ("alternate", "halves")


class FormulaError(ValueError):
    """The inputs cannot be computed; the message says why, in words a coordinator can act on."""


@dataclass(frozen=True)
class Variable:
    key: str
    weight: Fraction
    higher_is_more_vulnerable: bool = True


@dataclass(frozen=True)
class Rules:
    urgent_sizes: tuple[int, ...] = (40, 40, 40)
    normalisation: str = "minmax"
    rotating_split: str = "alternate"
    budgets: tuple[int, int] = (0, 0)  # year 1, year 2, whole currency units
    # Either amounts per municipality by group ("U1", "U2", "U3", "A", "B") …
    amounts: dict[str, int] = field(default_factory=dict)
    # … or relative shares per municipality by group; "R" stands for both rotating groups.
    shares: dict[str, Fraction] = field(default_factory=dict)


@dataclass
class Ranked:
    code: str
    score: Fraction
    contributions: dict[str, Fraction]
    rank: int = 0
    group: str = ""


@dataclass
class Allocation:
    year: int
    group: str
    municipalities: int
    amount: int  # per municipality

    @property
    def total(self) -> int:
        return self.municipalities * self.amount


@dataclass
class Result:
    ranking: list[Ranked]
    allocations: list[Allocation]
    remainders: dict[int, int]  # year -> budget left over

    def group_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for row in self.ranking:
            sizes[row.group] = sizes.get(row.group, 0) + 1
        return sizes


def urgent_groups(rules: Rules) -> list[str]:
    return [f"{URGENT_PREFIX}{i}" for i in range(1, len(rules.urgent_sizes) + 1)]


def compute(
    variables: list[Variable], values: dict[str, dict[str, Fraction]], rules: Rules
) -> Result:
    """Score, rank, group and fund every municipality in ``values`` ({code: {variable: x}})."""
    _check(variables, values, rules)
    normalised = {v.key: _normalise(v, values, rules.normalisation) for v in variables}
    total_weight = sum(v.weight for v in variables)
    ranking = []
    for code in values:
        contributions = {
            v.key: 100 * v.weight * normalised[v.key][code] / total_weight for v in variables
        }
        ranking.append(Ranked(code, sum(contributions.values(), Fraction(0)), contributions))
    order = [v.key for v in variables]
    ranking.sort(key=lambda r: (-r.score, *(-r.contributions[k] for k in order), r.code))
    for position, row in enumerate(ranking, start=1):
        row.rank = position
    _assign_groups(ranking, rules)
    allocations, remainders = _allocate(ranking, rules)
    return Result(ranking, allocations, remainders)


def _check(variables, values, rules):
    if not variables:
        raise FormulaError(_("The edition has no variables."))
    if any(v.weight < 0 for v in variables) or sum(v.weight for v in variables) <= 0:
        raise FormulaError(_("Weights must be zero or more, and at least one must be positive."))
    if rules.normalisation not in NORMALISATIONS:
        raise FormulaError(_("Unknown normalisation “%s”.") % rules.normalisation)
    if rules.rotating_split not in SPLITS:
        raise FormulaError(_("Unknown rule for the rotating groups “%s”.") % rules.rotating_split)
    if any(size < 0 for size in rules.urgent_sizes):
        raise FormulaError(_("Group sizes cannot be negative."))
    if not values:
        raise FormulaError(_("There are no municipalities to rank."))
    scale = rules.amounts or rules.shares
    urgent = [scale[g] for g in urgent_groups(rules) if g in scale]
    if any(later >= earlier for earlier, later in zip(urgent, urgent[1:], strict=False)):
        raise FormulaError(_("Amounts must decrease from one urgent group to the next."))
    missing = [
        f"{code}: {v.key}" for code, row in values.items() for v in variables if v.key not in row
    ]
    if missing:
        shown = ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        raise FormulaError(
            _("%(n)s values are missing (%(shown)s).") % {"n": len(missing), "shown": shown}
        )


def _normalise(variable: Variable, values, method: str) -> dict[str, Fraction]:
    column = {code: Fraction(row[variable.key]) for code, row in values.items()}
    if method == "rank":
        counts = Counter(column.values())
        n = len(column)
        positions: dict[Fraction, Fraction] = {}
        below = 0
        for x in sorted(counts):
            # Average position of the equal values, scaled to 0..1.
            middle = Fraction(2 * below + counts[x] - 1, 2)
            positions[x] = middle / (n - 1) if n > 1 else Fraction(1, 2)
            below += counts[x]
        out = {code: positions[x] for code, x in column.items()}
    else:
        low, high = min(column.values()), max(column.values())
        if high == low:
            out = {code: Fraction(1, 2) for code in column}
        else:
            out = {code: (x - low) / (high - low) for code, x in column.items()}
    if not variable.higher_is_more_vulnerable:
        out = {code: 1 - n for code, n in out.items()}
    return out


def _assign_groups(ranking: list[Ranked], rules: Rules) -> None:
    position = 0
    for name, size in zip(urgent_groups(rules), rules.urgent_sizes, strict=True):
        for row in ranking[position : position + size]:
            row.group = name
        position += size
    rotating = ranking[position:]
    if rules.rotating_split == "alternate":
        for i, row in enumerate(rotating):
            row.group = ROTATING[i % 2]
    else:
        half = (len(rotating) + 1) // 2
        for i, row in enumerate(rotating):
            row.group = ROTATING[0] if i < half else ROTATING[1]


def _allocate(ranking: list[Ranked], rules: Rules):
    sizes: dict[str, int] = {}
    for row in ranking:
        sizes[row.group] = sizes.get(row.group, 0) + 1
    allocations, remainders = [], {}
    for year, budget in enumerate(rules.budgets, start=1):
        funded = [g for g in urgent_groups(rules) if sizes.get(g)]
        rotating = ROTATING[year - 1]
        if sizes.get(rotating):
            funded.append(rotating)
        amounts = _amounts(funded, sizes, budget, rules, year)
        spent = sum(sizes[g] * amounts[g] for g in funded)
        if spent > budget:
            raise FormulaError(
                _(
                    "Year %(year)s: the amounts per group add up to %(spent)s, more than the budget of %(budget)s."
                )
                % {"year": year, "spent": spent, "budget": budget}
            )
        allocations += [Allocation(year, g, sizes[g], amounts[g]) for g in funded]
        remainders[year] = budget - spent
    return allocations, remainders


def _amounts(funded, sizes, budget, rules, year) -> dict[str, int]:
    if rules.amounts:
        missing = [g for g in funded if g not in rules.amounts]
        if missing:
            raise FormulaError(
                _("Year %(year)s: no amount for group(s) %(groups)s.")
                % {"year": year, "groups": ", ".join(missing)}
            )
        return {g: int(rules.amounts[g]) for g in funded}
    shares = {g: Fraction(rules.shares.get(g, rules.shares.get("R", 0))) for g in funded}
    if any(s < 0 for s in shares.values()):
        raise FormulaError(_("Shares cannot be negative."))
    weight = sum(sizes[g] * shares[g] for g in funded)
    if weight == 0:
        return dict.fromkeys(funded, 0)
    return {g: int(budget * shares[g] / weight) for g in funded}  # int() of a positive = floor
