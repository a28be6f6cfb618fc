"""Observatories: who measures what and how, their data and reports, and the section's pages."""

from .data import (
    Access,
    DataHolding,
    DataSource,
    IndicatorSeries,
    Periodicity,
    SeriesValueBlock,
    TerritorialDivision,
    TerritorialLevel,
)
from .index import OBSERVATORIES, ObservatoryIndexPage
from .observatory import RICH, ObservatoryPage, ObservatoryReportPage

__all__ = [
    "OBSERVATORIES",
    "RICH",
    "Access",
    "DataHolding",
    "DataSource",
    "IndicatorSeries",
    "ObservatoryIndexPage",
    "ObservatoryPage",
    "ObservatoryReportPage",
    "Periodicity",
    "SeriesValueBlock",
    "TerritorialDivision",
    "TerritorialLevel",
]
