"""Factories of practices, manuals and the practice listing page."""

import factory
import wagtail_factories

from portal.practices.models import ManualPage, PracticeIndexPage, PracticePage

from .core import home
from .institutions import InstitutionPageFactory


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Prácticas de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = PracticeIndexPage


class PracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Práctica de prueba {n}")
    summary = "Una práctica creada por una prueba."
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = PracticePage


class ManualPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Manual de prueba {n}")
    summary = "Un manual creado por una prueba."
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = ManualPage
