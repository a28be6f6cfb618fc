"""A small registry of the public content types.

Content apps register their page models here; the home page, listings, search and
exports find content types through it instead of importing each app.
"""

from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class ContentType:
    key: str
    model: type[Model]
    counted: bool


_registry: dict[str, ContentType] = {}


def register(key: str, *, counted: bool = True):
    """Class decorator: ``@register("practices")`` on a page model.

    ``counted`` types appear in the home page's network counts under ``key``.
    """

    def decorator(model):
        _registry[key] = ContentType(key=key, model=model, counted=counted)
        return model

    return decorator


def content_types() -> list[ContentType]:
    return list(_registry.values())


def content_models() -> list[type[Model]]:
    return [entry.model for entry in _registry.values()]


def get(key: str) -> ContentType | None:
    return _registry.get(key)
