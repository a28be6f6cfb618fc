"""Good practices, their outcome indicators, manuals and the practices section."""

from .index import MANUALS, PRACTICES, PracticeIndexPage
from .manual import ChapterBlock, ManualPage
from .outcomes import PracticeOutcome
from .practice import (
    _EPOCH,
    CHECKED,
    RECENT_PER_TERM,
    RICH,
    PracticePage,
    card_queryset,
    related_practices,
)

__all__ = [
    "CHECKED",
    "MANUALS",
    "PRACTICES",
    "RECENT_PER_TERM",
    "RICH",
    "_EPOCH",
    "ChapterBlock",
    "ManualPage",
    "PracticeIndexPage",
    "PracticeOutcome",
    "PracticePage",
    "card_queryset",
    "related_practices",
]
