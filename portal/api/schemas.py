"""The API's response and query schemas (they make the OpenAPI document)."""

import datetime
import re
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints, WithJsonSchema, create_model

from . import fields
from .collections import Collection

# A filter value: no NUL byte (PostgreSQL refuses them) and a sane length.
FilterValue = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]


def _iso_moment(value):
    """ISO 8601 only: pydantic would also read ``6321`` as seconds since 1970."""
    if isinstance(value, str) and not ISO_MOMENT.match(value):
        raise ValueError("use an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00Z")
    return value


ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].+)?$")
# What the document says a moment is: a date or a date-time, as the validator reads them (pydantic
# reads a date alone as its midnight; a moment without an offset is then taken in TIME_ZONE).
MOMENT_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
    ],
}
Moment = Annotated[datetime.datetime, BeforeValidator(_iso_moment), WithJsonSchema(MOMENT_SCHEMA)]
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] = []


class Item(Schema):
    """One item of a listing: the same stable columns as the listings' CSV/JSON exports."""

    id: int
    type: str
    title: str
    url: str = Field(description="The public page.")
    api_url: str = Field(description="This item in the API.")
    language: str
    institution: str = Field(description="Slug of the owning institution.")
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    region: str
    themes: list[str]
    target_populations: list[str]
    approaches: list[str]
    year: int | None
    status: str
    impact_rating: str
    documentation_level: str
    summary: str
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None


def paged(item: type[Schema], name: str) -> type[Schema]:
    return create_model(
        f"{name}Page",
        __base__=Schema,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[item], ...),
    )


def _title(collection: Collection) -> str:
    return collection.model._meta.object_name.removesuffix("Page")


def child_schema(collection: Collection, child) -> type[Schema]:
    model = child.model(collection.model)
    definitions = {
        f.name: fields.annotation(f) if f.name != "id" else (int, ...)
        for f in child.model_fields(collection.model)
    }
    definitions.update({name: (kind, ...) for name, (kind, _fn) in child.computed.items()})
    return create_model(
        f"{_title(collection)}{model._meta.object_name}", __base__=Schema, **definitions
    )


def detail_schema(collection: Collection) -> type[Schema]:
    definitions = {
        f.name: fields.annotation(f)
        for f in fields.model_fields(collection.model, collection.fields)
        if f.name not in Item.model_fields
    }
    for child in collection.children:
        definitions[child.name] = (list[child_schema(collection, child)], [])
    definitions.update({name: (kind, ...) for name, (kind, _fn) in collection.computed.items()})
    return create_model(f"{_title(collection)}Detail", __base__=Item, **definitions)


def filter_schema(collection: Collection) -> type[Schema]:
    definitions = {}
    for facet in collection.facets():
        kind = (
            list[Annotated[int, Field(ge=0, le=2**31 - 1)]] if facet.integer else list[FilterValue]
        )
        definitions[facet.param] = (
            kind,
            Field([], description=f"{facet.label} (repeat to combine alternatives)."),
        )
    sorts = tuple(collection.sorts)
    definitions.update(
        sort=(Literal[sorts], Field(sorts[0], description="Order of the results.")),
        updated_since=(
            Moment,
            Field(
                None,
                description=(
                    "Only items published or updated since this moment: an ISO 8601 date "
                    "(2024-05-01: from that day's midnight) or date-time (RFC 3339, "
                    "2024-05-01T12:00:00Z). A date, or a date-time without an offset, is read "
                    f"in the portal's time zone ({settings.TIME_ZONE})."
                ),
            ),
        ),
        limit=(int, Field(20, ge=1, le=MAX_LIMIT)),
        offset=(int, Field(0, ge=0, le=MAX_OFFSET)),
    )
    return create_model(f"{_title(collection)}Filters", __base__=Schema, **definitions)
