"""Factories of the cooperation section: funds, projects, meetings and transfers."""

import factory
import wagtail_factories

from portal.exchanges.models import (
    CooperationIndexPage,
    ExchangeEventPage,
    FundPage,
    ProjectPage,
    Transfer,
)

from .core import home, section
from .institutions import InstitutionPageFactory


class CooperationIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Cooperación de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = CooperationIndexPage


class FundPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Fondo de prueba {n}")
    summary = "Un fondo creado por una prueba."
    parent = factory.LazyFunction(lambda: section(CooperationIndexPage))

    class Meta:
        model = FundPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    """A project under a new fund; pass ``parent=`` an institution for a project of its own."""

    title = factory.Sequence(lambda n: f"Proyecto de prueba {n}")
    summary = "Un proyecto creado por una prueba."
    parent = factory.SubFactory(FundPageFactory)

    class Meta:
        model = ProjectPage


class ExchangeEventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Encuentro de prueba {n}")
    summary = "Un encuentro creado por una prueba."
    organizers = "Instituciones de prueba"
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = ExchangeEventPage


class TransferFactory(factory.django.DjangoModelFactory):
    """A transfer of a project (pass ``page=`` a project, saved with it)."""

    name = factory.Sequence(lambda n: f"Modelo transferido {n}")
    state = Transfer.State.STUDIED

    class Meta:
        model = Transfer
