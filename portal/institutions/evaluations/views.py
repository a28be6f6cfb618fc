"""The evidence gap map's page: HTML (an SVG drawn here, with the same figures as a table) and
CSV, filtered by country, target population and funding index group."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import gapmap


def evidence_map(page, request, listing_url: str):
    """Rendered by a section page's route (``page``: the practices section)."""
    filters, errors = gapmap.clean_filters(request.GET)
    output = request.GET.get("format", "")
    if output not in ("", "html", "csv"):
        errors["format"] = _("Unknown format “%(value)s”: use csv, or leave it out.") % {
            "value": output[:20]
        }
    built = gapmap.build(filters)
    if output == "csv" and not errors:
        response = HttpResponse(built.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="evidence-map.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    response = page.render(
        request,
        context_overrides={
            "map": built,
            "svg": built.svg(listing_url),
            "choices": gapmap.filter_choices(),
            "filter_errors": errors,
            "csv_query": query.urlencode(),
            "levels": gapmap.SHADE_ORDER,
            "ratings_path": page.reverse_subpage("ratings").lstrip("/"),
        },
        template="evaluations/evidence_map.html",
    )
    if errors:
        response.status_code = 400
    return response
