"""Every page type and snippet of the portal has a factory that builds and saves one (pages
published).

The models come from Wagtail's registries, so a new page type or snippet of an app under
portal/ without a factory in tests/factories/ fails here.
"""

import importlib
import pkgutil

import factory
import pytest
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

import tests.factories
from tests.factories.pages import publish

pytestmark = pytest.mark.django_db


def _factories() -> dict:
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


FACTORIES = _factories()


def _portal(models) -> list:
    return [model for model in models if model.__module__.startswith("portal.")]


PAGE_MODELS = _portal(model for model in get_page_models() if model is not Page)
SNIPPET_MODELS = _portal(get_snippet_models())


def _label(model) -> str:
    return model._meta.label


def test_the_registries_are_read():
    assert len(PAGE_MODELS) >= 16
    assert {"core.Theme", "programs.PreventionModel", "funding.Edition"} <= {
        _label(model) for model in SNIPPET_MODELS
    }


@pytest.mark.parametrize("model", PAGE_MODELS, ids=_label)
def test_every_page_type_has_a_factory_that_builds_a_published_page(model):
    assert model in FACTORIES, f"no factory for {_label(model)} in tests/factories/"
    page = publish(FACTORIES[model]())
    assert type(page) is model
    assert page.live and page.has_unpublished_changes is False
    assert page.get_parent() is not None, "placed in the tree, not a new root"
    assert page.revisions.count() == 1


@pytest.mark.parametrize("model", SNIPPET_MODELS, ids=_label)
def test_every_snippet_has_a_factory_that_saves_one(model):
    assert model in FACTORIES, f"no factory for {_label(model)} in tests/factories/"
    first, second = FACTORIES[model](), FACTORIES[model]()
    assert first.pk and second.pk and first.pk != second.pk
    assert model.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
