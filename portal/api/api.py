"""The portal's public, read-only API (``/api/v1/``), with its OpenAPI document.

Built on django-ninja, the framework of Wagtail 8's v3 API. Every content type has a listing
(the listing pages' filters, a sort, ``updated_since`` for incremental copies, limit/offset
paging) and a detail with its full content. Only live, public pages are ever served.

Bad requests (an unknown parameter, a malformed date, a value out of range) answer 400 with
RFC 9457 problem details; a missing item answers 404; there is no write operation.
"""

import datetime
import logging
from http import HTTPStatus

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from portal.core import addresses, exports

from . import fields, schemas
from .collections import COLLECTIONS, Collection

logger = logging.getLogger("django.request")

DESCRIPTION = """
Read-only access to everything the portal publishes: good practices, manuals, prevention
programs with their indicators, crime observatories with their data holdings and indicator
series, observatory reports, cooperation funds, projects with their activities and transfers,
exchange events, institutions, vocabularies and the national funding index.

Filters use the same names and values as the listing pages (repeat a parameter to combine
alternatives; different parameters all apply). Unknown parameters and malformed values answer
400 with problem details. Only published, public content is ever served.
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are documented as what they are: ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        return schema


PROBLEM = "application/problem+json"

api = PortalAPI(
    renderer=Renderer(),
    title="Portal de prevención municipal — API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    # The document and its browsable docs answer GET and HEAD only, like every route here.
    docs_decorator=require_safe,
    docs_url="/docs/",
)

# Where ninja says a value came from; the reader only needs the parameter's name.
WRAPPERS = {"query", "path", "filters", "body"}
ERRORS = {400: schemas.Problem, 404: schemas.Problem}


def problem(request, status: int, detail: str, errors=None):
    body = schemas.Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=errors or [],
    )
    response = api.create_response(request, body.model_dump(), status=status)
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [
        {
            "loc": [str(part) for part in error.get("loc", ()) if part not in WRAPPERS],
            "msg": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
    return problem(request, 400, detail or "Invalid request.", errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, str(exc) or "Not found.")


@api.exception_handler(Exception)
def _server_error(request, exc):
    """A bug still answers in the API's format; the traceback goes to the error log."""
    logger.error("API error on %s", request.get_full_path(), exc_info=exc)
    return problem(request, 500, "Internal error: it has been logged.")


def refuse_unknown(request: HttpRequest, allowed) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise HttpError(
            400,
            f"Unknown parameter “{unknown[0][:40]}”. Allowed: {', '.join(sorted(allowed))}.",
        )


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 and pydantic allow."""
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise HttpError(400, "updated_since: that moment is out of range.") from error


def page_links(request, count: int, limit: int, offset: int) -> dict:
    def link(new_offset):
        query = request.GET.copy()
        query["offset"] = new_offset
        return addresses.absolute(f"{request.path}?{urlencode(query, doseq=True)}", request)

    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
    }


def item(request, collection: Collection, page) -> dict:
    row = exports.row(request, page)
    for name in ("themes", "target_populations", "approaches"):
        row[name] = [slug for slug in row[name].split("|") if slug]
    if collection.entry.country_path == "country__code":  # a page placed by its own country
        row["country"] = page.country.code if page.country_id else ""
        row["region"] = page.region.name if page.region_id else ""
    row["status"] = str(row["status"])
    row["api_url"] = addresses.absolute(
        reverse(f"api:{collection.name}_detail", kwargs={"page_id": page.pk}), request
    )
    row["language"] = page.locale.language_code
    return row


def _prefetches(collection: Collection, *, detail: bool) -> list:
    model = collection.model
    names = [n for n in ("themes", "target_populations", "approaches") if hasattr(model, n)]
    if not detail:
        return names
    for f in fields.model_fields(model, collection.fields):
        if f.many_to_many:
            names.append(f.name)
    for child in collection.children:
        child_fields = child.model_fields(model)
        select = [f.name for f in child_fields if f.many_to_one]
        inner = child.model(model).objects.select_related(*select)
        names.append(Prefetch(child.name, queryset=inner))
        names += [f"{child.name}__{f.name}" for f in child_fields if f.many_to_many]
    return names


def detail(request, collection: Collection, page) -> dict:
    data = item(request, collection, page)
    for f in fields.model_fields(collection.model, collection.fields):
        if f.name not in data:
            data[f.name] = fields.value(request, page, f)
    for child in collection.children:
        child_fields = child.model_fields(collection.model)
        data[child.name] = [
            {f.name: fields.value(request, obj, f) for f in child_fields}
            | {name: fn(request, obj) for name, (_kind, fn) in child.computed.items()}
            for obj in getattr(page, child.name).all()
        ]
    for name, (_kind, fn) in collection.computed.items():
        data[name] = fn(request, page)
    return data


def register(collection: Collection) -> None:
    Filters = schemas.filter_schema(collection)
    Detail = schemas.detail_schema(collection)
    Paged = schemas.paged(schemas.Item, collection.model._meta.object_name.removesuffix("Page"))
    label = str(collection.label)

    @api.get(
        f"/{collection.name}/",
        response={200: Paged, **ERRORS},
        operation_id=f"{collection.name}_list",
        url_name=f"{collection.name}_list",
        summary=f"{label}: list",
        tags=[collection.name],
    )
    def listing(request, filters: Query[Filters]):
        refuse_unknown(request, Filters.model_fields)
        queryset = collection.queryset()
        for facet in collection.facets():
            values = getattr(filters, facet.param)
            if values:
                queryset = queryset.filter(**{f"{facet.path}__in": values})
        if filters.updated_since:
            queryset = queryset.filter(last_published_at__gte=_utc(filters.updated_since))
        queryset = queryset.distinct().order_by(*collection.sorts[filters.sort])
        count = queryset.count()
        window = queryset.prefetch_related(*_prefetches(collection, detail=False))[
            filters.offset : filters.offset + filters.limit
        ]
        return {
            **page_links(request, count, filters.limit, filters.offset),
            "results": [item(request, collection, page) for page in window],
        }

    @api.get(
        f"/{collection.name}/{{page_id}}/",
        response={200: Detail, **ERRORS},
        operation_id=f"{collection.name}_detail",
        url_name=f"{collection.name}_detail",
        summary=f"{label}: one item",
        tags=[collection.name],
    )
    def one(request, page_id: Path[int]):
        refuse_unknown(request, ())
        if not 1 <= page_id < 2**31:
            raise Http404("No such item.")
        queryset = collection.queryset().prefetch_related(*_prefetches(collection, detail=True))
        page = queryset.filter(pk=page_id).first()
        if page is None:
            raise Http404(f"No published item {page_id} among {collection.name}.")
        return detail(request, collection, page)


# The OpenAPI document is written in English, whatever language is active at import.
with translation.override("en"):
    for _collection in COLLECTIONS:
        register(_collection)


class Index(Schema):
    openapi: str
    documentation: str
    endpoints: dict[str, str]


@api.get(
    "/",
    response={200: Index, **ERRORS},
    operation_id="index",
    url_name="index",
    summary="What this API serves, with links",
    tags=["reference"],
)
def index(request):
    refuse_unknown(request, ())

    def absolute(name):
        return addresses.absolute(reverse(f"api:{name}"), request)

    endpoints = {c.name: absolute(f"{c.name}_list") for c in COLLECTIONS}
    endpoints["vocabularies"] = absolute("vocabularies")
    endpoints["funding_index_editions"] = absolute("funding_editions_list")
    return {
        "openapi": absolute("openapi-json"),
        "documentation": absolute("openapi-view"),
        "endpoints": endpoints,
    }


# Registered after the page collections: vocabularies and the funding index.
from . import reference  # noqa: E402, F401
