"""Whether a program meets its targets: the status of one measurement, one indicator, a program.

Rules (the same on the page, in the listing filter and in tests):

- A measurement has a target and an actual value for one period. Without both there is nothing
  to judge: **no data**.
- **Met**: the actual value reaches the target — at or above it when higher is better, at or
  below it when lower is better.
- **Partly met**: the target is not reached, but the value moved from the baseline towards it
  (strictly better than the baseline). Without a baseline there is no way to tell progress from
  standing still, so a missed target is **not met**.
- **Not met**: anything else, including a value equal to or worse than the baseline.
- An indicator's status is that of its latest period that has both values; a program's is
  *met* when every indicator with data is met, *not met* when none is met or partly met,
  *partly met* in between, and *no data* when no indicator has data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Years (2023), halves (2023-S1), quarters (2023-Q2) or months (2023-06): they sort as text.
from portal.core.periods import PERIOD_RE  # noqa: F401 - re-exported


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class TargetStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NO_DATA = "no_data", _("No data")


def measurement_status(
    *,
    direction: str,
    baseline: Decimal | None,
    target: Decimal | None,
    actual: Decimal | None,
) -> str:
    if target is None or actual is None:
        return TargetStatus.NO_DATA
    sign = 1 if direction == Direction.HIGHER else -1
    if sign * (actual - target) >= 0:
        return TargetStatus.MET
    if baseline is not None and sign * (actual - baseline) > 0:
        return TargetStatus.PARTLY
    return TargetStatus.NOT_MET


@dataclass(frozen=True)
class Measurement:
    period: str
    target: Decimal | None
    actual: Decimal | None
    source: str = ""


def latest_judged(measurements: list[Measurement]) -> Measurement | None:
    """The latest period that has both a target and an actual value."""
    judged = [m for m in measurements if m.target is not None and m.actual is not None]
    return max(judged, key=lambda m: m.period) if judged else None


def indicator_status(*, direction: str, baseline, measurements: list[Measurement]) -> str:
    latest = latest_judged(measurements)
    if latest is None:
        return TargetStatus.NO_DATA
    return measurement_status(
        direction=direction, baseline=baseline, target=latest.target, actual=latest.actual
    )


def program_status(statuses: list[str]) -> str:
    judged = [s for s in statuses if s != TargetStatus.NO_DATA]
    if not judged:
        return TargetStatus.NO_DATA
    if all(s == TargetStatus.MET for s in judged):
        return TargetStatus.MET
    if all(s == TargetStatus.NOT_MET for s in judged):
        return TargetStatus.NOT_MET
    return TargetStatus.PARTLY
