"""Factories of programs, prevention models and the program listing page."""

import factory
import wagtail_factories

from portal.programs.models import PreventionModel, ProgramIndexPage, ProgramPage

from .core import VocabularyTermFactory, home
from .institutions import InstitutionPageFactory


class ProgramIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programas de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = ProgramIndexPage


class PreventionModelFactory(VocabularyTermFactory):
    name = factory.Sequence(lambda n: f"Modelo de prueba {n}")
    slug = factory.Sequence(lambda n: f"modelo-de-prueba-{n}")

    class Meta:
        model = PreventionModel


class ProgramPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programa de prueba {n}")
    summary = "Un programa creado por una prueba."
    parent = factory.SubFactory(InstitutionPageFactory)

    class Meta:
        model = ProgramPage
