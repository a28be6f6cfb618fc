"""Django model fields as API fields: one mapping from a field to its JSON type and its value.

Rich text is served as HTML with internal links resolved; a relation is served by the key a
reader can use elsewhere in the API and the listings' filters (a slug, a code, or an id);
documents are served as their absolute download address.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from portal.core import addresses, visibility

TEXT = (models.CharField, models.TextField)
INTEGER = (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)


def by_key(model) -> bool:
    """Whether the API names objects of ``model`` by slug or code (else by id).

    Institutions go by slug, like the listings' ``institution`` filter; other pages go by id,
    because a page slug is only unique among its siblings.
    """
    if issubclass(model, Page):
        return model._meta.model_name == "institutionpage"
    return any(f.name in ("slug", "code") for f in model._meta.get_fields())


def key_of(obj) -> str | int | None:
    """What identifies a related object to an API reader: slug, code or id."""
    if obj is None or not by_key(type(obj)):
        return None if obj is None else obj.pk
    for attribute in ("slug", "code"):
        value = getattr(obj, attribute, None)
        if value:
            return value
    return obj.pk


def annotation(field) -> tuple[Any, Any]:
    """(type, default) of ``field`` in a pydantic schema."""
    if isinstance(field, models.ManyToManyField):
        return (list[str] if by_key(field.related_model) else list[int]), []
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target._meta.model_name in ("document", "portaldocument"):
            return str | None, None
        return (str if by_key(target) else int) | None, None
    if isinstance(field, StreamField):
        return list[dict[str, Any]], []
    if isinstance(field, (RichTextField, *TEXT)):
        return str, ""
    if isinstance(field, models.BooleanField):
        return (bool | None, None) if field.null else (bool, False)
    if isinstance(field, (models.DecimalField, models.FloatField)):
        return float | None, None
    if isinstance(field, INTEGER):
        return int | None, None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime | None, None
    if isinstance(field, models.DateField):
        return datetime.date | None, None
    if isinstance(field, models.JSONField):
        return dict[str, Any] | None, None
    raise TypeError(f"No API type for {field!r}")


def _stream(value) -> list[dict]:
    out = []
    for block in value or []:
        data = block.block.get_api_representation(block.value)
        out.append({"type": block.block_type, "value": _plain(data)})
    return out


def _plain(value):
    """Decimals inside stream blocks become numbers, recursively."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def value(request, obj, field):
    """The API value of ``field`` on ``obj``."""
    if isinstance(field, models.ManyToManyField):
        items = getattr(obj, field.name).all()
        if issubclass(field.related_model, Page):
            items = visibility.visible(items)
        return [key_of(item) for item in items]
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        if related is None:
            return None
        if isinstance(related, Page) and not visibility.may_see(related):
            return None  # a private or unpublished page is not named, not even by its id
        if field.related_model._meta.model_name in ("document", "portaldocument"):
            return addresses.absolute(related.url, request)
        return key_of(related)
    raw = getattr(obj, field.name)
    if isinstance(field, StreamField):
        return _stream(raw)
    if isinstance(field, RichTextField):
        return expand_db_html(raw or "")
    if isinstance(raw, Decimal):
        return float(raw)
    if raw is None and isinstance(field, TEXT):
        return ""
    return raw


def model_fields(model, names) -> list:
    return [model._meta.get_field(name) for name in names]
