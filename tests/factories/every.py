"""One published page of every page type of the portal, built with the factories, for tests
that walk every type (admin forms, rendering, page weight): a new page type is covered as soon
as it has a factory (``tests/factories/test_factories.py`` asks for one).

The site's sections (``section(Model)``) and the home page are the ones the test database
already holds; every other page is new, under its factory's default parent.
"""

import importlib
import pkgutil

import factory
from wagtail.models import Page, get_page_models

from portal.core import content

from .core import home, section
from .pages import publish


def factories() -> dict:
    """Model -> its factory, found in every module of ``tests/factories``."""
    import tests.factories

    found = {}
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        if module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.Factory)
                and not value._meta.abstract
                and value._meta.model is not None
            ):
                found[value._meta.model] = value
    return found


def portal_page_models() -> list:
    """Every page type declared under ``portal/`` (test-only apps left aside)."""
    return [
        model
        for model in get_page_models()
        if model is not Page and model.__module__.startswith("portal.")
    ]


def one_published(model, made: dict | None = None) -> Page:
    """The home page, the site's section of ``model``, or a new published page of it."""
    if model is type(home()):
        return home()
    if model.objects.child_of(home()).exists():
        return section(model)
    made = made if made is not None else factories()
    return publish(made[model]())


def one_of_every_page_type() -> list[Page]:
    made = factories()
    return [one_published(model, made) for model in portal_page_models()]


def one_of_every_content_type() -> list[Page]:
    """A published page of every type in the content registry (``portal.core.content``) that
    belongs to the portal."""
    made = factories()
    return [
        one_published(entry.model, made)
        for entry in content.content_types()
        if entry.model.__module__.startswith("portal.")
    ]
