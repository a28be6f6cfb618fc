"""The national funding index: editions, their variables and inputs, and the computed results.

An **edition** (e.g. 2023) holds its rules: variables with weight, direction, source and whether
they come from the census; the sizes of the urgent groups; the normalisation; how the rotating
municipalities are split; the two annual budgets and either an amount or a share per group.
Values are imported from CSV while the edition is a draft; ``services.compute_edition`` stores
the scores, ranks, groups and allocations. **Publishing freezes the edition**: nothing of it can
change afterwards (``save`` and ``delete`` refuse). A correction is a new *version* of the same
year, which records what changed; the earlier version stays public.
"""

from .edition import GROUPS, Edition, EditionFrozen, GroupRule, Variable, _Frozen
from .page import FundingIndexPage
from .values import Allocation, Score, Value

__all__ = [
    "GROUPS",
    "Allocation",
    "Edition",
    "EditionFrozen",
    "FundingIndexPage",
    "GroupRule",
    "Score",
    "Value",
    "Variable",
    "_Frozen",
]
