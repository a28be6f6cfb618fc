"""Cooperation: funds, the projects they finance, their activities and transfers, network meetings."""

from .activities import ProjectActivity, Transfer
from .events import ExchangeEventPage
from .fields import RICH, _amount, _check_currency
from .funds import FundAccess, FundCall, FundPage, ProjectPage
from .index import CooperationIndexPage

__all__ = [
    "RICH",
    "CooperationIndexPage",
    "ExchangeEventPage",
    "FundAccess",
    "FundCall",
    "FundPage",
    "ProjectActivity",
    "ProjectPage",
    "Transfer",
    "_amount",
    "_check_currency",
]
