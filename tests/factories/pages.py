"""Factories of the portal's page types (wagtail-factories): tests build what they assert on.

Pass ``parent=`` (a page) to place a page in the tree. ``publish(page)`` publishes a revision
of it, so that what publishing sets off (search entries, the page cache) happens as in the
admin; ``restrict(page, kind)`` puts a login or password restriction on it.
"""

import factory
import wagtail_factories
from wagtail.models import Page, PageViewRestriction

from portal.exchanges.models import FundPage, ProjectPage, Transfer
from portal.institutions.models import Country, InstitutionIndexPage, InstitutionPage
from portal.observatories.models import ObservatoryPage
from portal.practices.models import PracticePage
from portal.programs.models import ProgramPage


class InstitutionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Institución de prueba {n}")
    kind = InstitutionPage.Kind.CIVIL_SOCIETY
    country = factory.LazyFunction(lambda: Country.objects.get(code="CL"))
    parent = factory.LazyFunction(lambda: InstitutionIndexPage.objects.first())

    class Meta:
        model = InstitutionPage


class PracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Práctica de prueba {n}")
    summary = "Una práctica creada por una prueba."

    class Meta:
        model = PracticePage


class ProgramPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programa de prueba {n}")
    summary = "Un programa creado por una prueba."

    class Meta:
        model = ProgramPage


class ObservatoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Observatorio de prueba {n}")
    summary = "Un observatorio creado por una prueba."

    class Meta:
        model = ObservatoryPage


class FundPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Fondo de prueba {n}")

    class Meta:
        model = FundPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Proyecto de prueba {n}")
    summary = "Un proyecto creado por una prueba."

    class Meta:
        model = ProjectPage


class TransferFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Modelo transferido {n}")
    state = Transfer.State.STUDIED

    class Meta:
        model = Transfer


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
