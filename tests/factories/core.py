"""Factories of core's page type and vocabularies, and the site's sections.

``home()`` is the default site's home page; ``section(Model)`` is its one index page of that
type (the production structure that ``setup_site`` creates), created if missing.
"""

import factory
import wagtail_factories
from wagtail.models import Collection, Locale, Page, Site

from portal.core.models import (
    HomePage,
    PortalDocument,
    PreventionApproach,
    PreventionLevel,
    TargetPopulation,
    Theme,
)
from portal.demo.pdf import make_pdf


def home() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


def section(model, **fields):
    """The home page's index page of ``model``, created (and published) if there is none."""
    page = model.objects.child_of(home()).first()
    if page is None:
        page = home().add_child(
            instance=model(title=str(model._meta.verbose_name), show_in_menus=True, **fields)
        )
        page.save_revision().publish()
    return page


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


class HomePageFactory(wagtail_factories.PageFactory):
    """A second home page under the tree's root (the site's own is ``home()``)."""

    title = factory.Sequence(lambda n: f"Inicio de prueba {n}")
    intro = "Un portal creado por una prueba."
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class VocabularyTermFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Término de prueba {n}")
    slug = factory.Sequence(lambda n: f"termino-de-prueba-{n}")
    locale = factory.LazyFunction(spanish)

    class Meta:
        abstract = True


class ThemeFactory(VocabularyTermFactory):
    class Meta:
        model = Theme


class TargetPopulationFactory(VocabularyTermFactory):
    class Meta:
        model = TargetPopulation


class PreventionApproachFactory(VocabularyTermFactory):
    class Meta:
        model = PreventionApproach


class PreventionLevelFactory(VocabularyTermFactory):
    class Meta:
        model = PreventionLevel


class PortalDocumentFactory(factory.django.DjangoModelFactory):
    """A one-page PDF in the root collection (pass ``collection=`` for an institution's)."""

    title = factory.Sequence(lambda n: f"Documento de prueba {n}")
    file = factory.django.FileField(
        filename="documento.pdf", data=make_pdf(["Documento creado por una prueba."])
    )
    collection = factory.LazyFunction(Collection.get_first_root_node)

    class Meta:
        model = PortalDocument
