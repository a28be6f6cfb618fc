"""Factories of the portal's page types (wagtail-factories): tests build what they assert on.

One module per app (core, institutions, practices, programs, observatories, exchanges,
funding); this module gathers the page factories. Pass ``parent=`` (a page) to place a page in
the tree; content pages default to a new institution of their own. ``publish(page)`` publishes
a revision of it, so that what publishing sets off (search entries, the page cache) happens as
in the admin; ``restrict(page, kind)`` puts a login or password restriction on it.
"""

from wagtail.models import Page, PageViewRestriction

from .core import HomePageFactory, home, section
from .exchanges import (
    CooperationIndexPageFactory,
    ExchangeEventPageFactory,
    FundPageFactory,
    ProjectPageFactory,
    TransferFactory,
)
from .funding import FundingIndexPageFactory
from .institutions import InstitutionIndexPageFactory, InstitutionPageFactory
from .observatories import (
    ObservatoryIndexPageFactory,
    ObservatoryPageFactory,
    ObservatoryReportPageFactory,
)
from .practices import ManualPageFactory, PracticeIndexPageFactory, PracticePageFactory
from .programs import ProgramIndexPageFactory, ProgramPageFactory

__all__ = [
    "CooperationIndexPageFactory",
    "ExchangeEventPageFactory",
    "FundPageFactory",
    "FundingIndexPageFactory",
    "HomePageFactory",
    "InstitutionIndexPageFactory",
    "InstitutionPageFactory",
    "ManualPageFactory",
    "ObservatoryIndexPageFactory",
    "ObservatoryPageFactory",
    "ObservatoryReportPageFactory",
    "PracticeIndexPageFactory",
    "PracticePageFactory",
    "ProgramIndexPageFactory",
    "ProgramPageFactory",
    "ProjectPageFactory",
    "TransferFactory",
    "home",
    "publish",
    "restrict",
    "section",
]


def publish(page: Page) -> Page:
    """Publish the page's current state as a revision, as the admin does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def restrict(page: Page, kind: str) -> PageViewRestriction:
    """A login (``"login"``) or password (``"password"``) restriction on ``page``."""
    if kind == "password":
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
        )
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
