"""Factories of observatories, their reports and the observatory listing page."""

import datetime

import factory
import wagtail_factories

from portal.observatories.models import (
    ObservatoryIndexPage,
    ObservatoryPage,
    ObservatoryReportPage,
)

from .core import home
from .institutions import InstitutionPageFactory


class ObservatoryIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Observatorios de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = ObservatoryIndexPage


class ObservatoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Observatorio de prueba {n}")
    summary = "Un observatorio creado por una prueba."
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = ObservatoryPage


class ObservatoryReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Informe de prueba {n}")
    summary = "Un informe creado por una prueba."
    date = datetime.date(2024, 3, 1)
    parent = factory.SubFactory(ObservatoryPageFactory)

    class Meta:
        model = ObservatoryReportPage
