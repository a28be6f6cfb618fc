from django import template

from portal.opendata.describe import edition_json_ld as edition_script
from portal.opendata.describe import json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    """schema.org JSON-LD for the page, or nothing for pages without a description."""
    request = context.get("request")
    if request is None or page is None or not getattr(page, "pk", None):
        return ""
    return json_ld(request, page)


@register.simple_tag(takes_context=True)
def edition_json_ld(context, page, edition):
    """A funding index edition as a schema.org ``Dataset`` with its CSV downloads."""
    request = context.get("request")
    if request is None or page is None or edition is None:
        return ""
    return edition_script(request, page, edition)
