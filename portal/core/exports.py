"""Download what a listing shows: ``?format=csv`` or ``?format=json`` on any faceted listing.

The export holds every result of the current filtered view (not just the page on screen), in
the listing's order, with stable column names (documented in README):

``id, type, title, url, institution, country, region, themes, target_populations, approaches,
year, status, impact_rating, documentation_level, summary, first_published_at,
last_published_at``

A content type may add columns of its own after these (``ContentType.export_columns`` in the
content registry). Multi-valued columns join their slugs with ``|``. Text is UTF-8; in CSV a cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) is prefixed with an apostrophe. Only live, public pages ever reach a listing.
"""

import csv
import io

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from . import addresses, content

FORMATS = ("csv", "json")
COLUMNS = [
    "id",
    "type",
    "title",
    "url",
    "institution",
    "country",
    "region",
    "themes",
    "target_populations",
    "approaches",
    "year",
    "status",
    "impact_rating",
    "documentation_level",
    "summary",
    "first_published_at",
    "last_published_at",
]
MAX_ROWS = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _slugs(page, attribute) -> str:
    manager = getattr(page, attribute, None)
    if manager is None:
        return ""
    return "|".join(sorted(term.slug for term in manager.all()))


def _year(page):
    """The year the content registry names for the page's type (``ContentType.year``)."""
    entry = content.of_model(type(page))
    return entry.year_of(page) if entry else None


def _cell(value):
    """A type's own column (``ContentType.export_columns``): related objects by slug or id."""
    if hasattr(value, "all"):
        return "|".join(sorted(str(getattr(item, "slug", item.pk)) for item in value.all()))
    if isinstance(value, Model):
        return getattr(value, "slug", value.pk)
    return "" if value is None else value


def row(request, page) -> dict:
    institution = getattr(page, "institution", None)
    return {
        "id": page.pk,
        "type": page._meta.model_name,
        "title": page.title,
        "url": addresses.page_url(page, request),
        "institution": institution.slug if institution else "",
        "country": institution.country.code if institution and institution.country_id else "",
        "region": institution.region.name if institution and institution.region_id else "",
        "themes": _slugs(page, "themes"),
        "target_populations": _slugs(page, "target_populations"),
        "approaches": _slugs(page, "approaches"),
        "year": _year(page),
        "status": getattr(page, "status", "") or "",
        "impact_rating": getattr(page, "impact_rating", "") or "",
        "documentation_level": getattr(page, "documentation_level", "") or "",
        "summary": getattr(page, "summary", "") or "",
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


def for_listing(request, results, name: str):
    """The export response when ``?format=`` asks for one, else None (render the page)."""
    fmt = request.GET.get("format", "")
    if not fmt or fmt == "html":
        return None
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Unknown format “%(format)s”: use csv or json.") % {"format": fmt[:20]},
            content_type="text/plain; charset=utf-8",
        )
    model = results.model
    prefetch = [
        name for name in ("themes", "target_populations", "approaches") if hasattr(model, name)
    ]
    related = [
        name
        for name in ("institution__country", "institution__region")
        if hasattr(model, "institution")
    ]
    entry = content.of_model(model)
    prefetch += list(entry.export_prefetch) if entry else []
    pages = list(results.select_related(*related).prefetch_related(*prefetch)[:MAX_ROWS])
    extra = list(entry.export_columns) if entry else []
    columns = COLUMNS + extra
    rows = [
        row(request, page) | {c: _cell(getattr(page, c, None)) for c in extra} for page in pages
    ]
    if fmt == "json":
        response = JsonResponse(
            {"count": len(rows), "columns": columns, "results": rows},
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        for item in rows:
            writer.writerow(
                {
                    key: spreadsheet_safe(
                        value.isoformat() if hasattr(value, "isoformat") else value
                    )
                    for key, value in item.items()
                }
            )
        response = HttpResponse(
            buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
