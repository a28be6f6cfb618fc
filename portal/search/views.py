import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page

from portal.core import content

from .query import clean_query

logger = logging.getLogger(__name__)


def search(request):
    """A first search over every public content type (the full evidence search is issue 8)."""
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    results = None
    unavailable = False
    if query:
        pages = Page.objects.live().public().type(*content.content_models()).specific()
        try:
            found = list(pages.search(query)[:200])
        except Exception:  # any backend failure becomes a clear page, never a 500
            logger.exception("Search backend failed for query %r", query)
            found, unavailable = [], True
        paginator = Paginator(found, 20)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
    return render(
        request,
        "search/search.html",
        {"query": query, "raw_query": raw, "results": results, "unavailable": unavailable},
        status=503 if unavailable else 200,
    )
