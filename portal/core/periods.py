"""Periods of a series or an indicator, written as text so that they sort as text.

Years (2023), halves (2023-S1), quarters (2023-Q2) or months (2023-06). Within one series every
period has the same granularity, otherwise "2023" and "2023-06" would sit side by side on a chart.
"""

import re

from django.utils.translation import gettext_lazy as _

PERIOD_RE = re.compile(r"^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$")
PERIOD_HELP = _("2023, 2023-S1, 2023-Q2 or 2023-06")
PERIOD_ERROR = _("Write the period as 2023, 2023-S1, 2023-Q2 or 2023-06.")


def granularity(period: str) -> str:
    """'year', 'half', 'quarter' or 'month' for a valid period."""
    if len(period) == 4:
        return "year"
    return {"S": "half", "Q": "quarter"}.get(period[5], "month")
