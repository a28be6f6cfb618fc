"""A small registry of the public content types.

Content apps register their page models here; the home page, listings, search and
exports find content types through it instead of importing each app.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class ContentType:
    key: str
    model: type[Model]
    counted: bool
    # The network-wide listing page that presents this type (app label), for the menu.
    section: str | None
    # A plural name for people (lazy gettext, English source): network figures' columns.
    # Defaults to the model's ``verbose_name_plural``.
    label: Any = None
    # Network figures: the path from a page to its owner's country code (None: not counted by
    # country).
    country_path: str | None = "institution__country__code"

    @property
    def name(self) -> Any:
        return self.label or self.model._meta.verbose_name_plural


_registry: dict[str, ContentType] = {}


def register(key: str, *, counted: bool = True, section: str | None = None, **declarations):
    """Class decorator: ``@register("practices", section="practices.PracticeIndexPage")``.

    ``counted`` types appear in the home page's network counts under ``key``; ``section`` names
    the listing page that presents the type, so the menu marks it while a visitor reads one;
    ``declarations`` are the other fields of ``ContentType``.
    """

    def decorator(model):
        _registry[key] = ContentType(
            key=key, model=model, counted=counted, section=section, **declarations
        )
        return model

    return decorator


def content_types() -> list[ContentType]:
    return list(_registry.values())


def content_models() -> list[type[Model]]:
    return [entry.model for entry in _registry.values()]


def get(key: str) -> ContentType | None:
    return _registry.get(key)


def section_of(model: type[Model]) -> str | None:
    """The lower-cased label of the listing page that presents ``model``, if registered."""
    for entry in _registry.values():
        if entry.model is model and entry.section:
            return entry.section.lower()
    return None
