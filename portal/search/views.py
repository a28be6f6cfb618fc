"""The search page, its JSON and Atom forms, and suggestions while typing."""

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.core import addresses, content
from portal.core.params import page_number, parse_int

from .models import SearchEntry
from .query import clean_query
from .service import PAGE_SIZE, SORTS, Search, SearchUnavailable

logger = logging.getLogger(__name__)


def _kind_labels():
    return {entry.key: entry.model._meta.verbose_name for entry in content.content_types()}


def _relative(request, entry) -> str:
    """The entry's public path: in the active language, or in the entry's own when it was
    written in another (an English page found from the Spanish interface)."""
    path = entry.path_in_language
    language = translation.get_language() or settings.LANGUAGE_CODE
    if entry.language != settings.LANGUAGE_CODE:
        language = entry.language
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def _absolute(request, entry) -> str:
    return addresses.absolute(_relative(request, entry), request)


def _decorate(request, entries):
    from portal.practices.models import PracticePage

    impact = dict(PracticePage._meta.get_field("impact_rating").choices)
    documentation = dict(PracticePage._meta.get_field("documentation_level").choices)
    for entry in entries:
        entry.href = _relative(request, entry)
        entry.impact_label = impact.get(entry.impact_rating, "")
        entry.documentation_label = documentation.get(entry.documentation_level, "")
    return entries


FORMATS = ("html", "json", "atom")


def invalid_parameters(params) -> list[dict]:
    """The parameters that cannot mean anything (``[{"param", "message"}]``): a format, sort or
    content type the search does not have, or a page that is not a number. Answered with 400,
    never with a silently wider result."""
    errors = []
    fmt = params.get("format", "html")
    if fmt not in FORMATS:
        errors.append(
            {
                "param": "format",
                "message": _("Unknown format “%(value)s”: use html, json or atom.")
                % {"value": fmt[:20]},
            }
        )
    sort = params.get("sort")
    if sort is not None and sort not in SORTS:
        errors.append(
            {
                "param": "sort",
                "message": _("Unknown sort “%(value)s”: use relevance or date.")
                % {"value": sort[:20]},
            }
        )
    page = params.get("page")
    if page is not None and parse_int(page, minimum=1) is None:
        errors.append(
            {
                "param": "page",
                "message": _("The page “%(value)s” is not a number from 1 up.")
                % {"value": page[:20]},
            }
        )
    kinds = {entry.key for entry in content.content_types()}
    unknown = [value for value in params.getlist("type") if value not in kinds]
    if unknown:
        errors.append(
            {
                "param": "type",
                "message": _("Unknown content type “%(value)s”: use %(kinds)s.")
                % {"value": unknown[0][:40], "kinds": ", ".join(sorted(kinds))},
            }
        )
    return errors


def _refused(request, fmt, search_, errors):
    """400: a problem document for JSON, plain text for Atom, the page with its notice."""
    detail = " ".join(str(error["message"]) for error in errors)
    if fmt == "json":
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": detail,
                "errors": [{"param": e["param"], "message": str(e["message"])} for e in errors],
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Type"] = "application/problem+json"
        return response
    if fmt != "html":
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
    invalid = [error["message"] for error in errors]
    return _page(request, search_, None, status=400, asked=False, invalid=invalid)


def search(request):
    fmt = request.GET.get("format", "html")
    search_ = Search(request.GET)
    errors = invalid_parameters(request.GET)
    if errors:
        return _refused(request, fmt if fmt in FORMATS else "text", search_, errors)
    result, unavailable = None, False
    asked = not search_.query.empty or bool(search_.selected) or bool(search_.query.excluded)
    # A feed with nothing asked is the network-wide feed of new and updated items.
    asked = asked or fmt == "atom"
    if asked:
        try:
            result = search_.run(page=page_number(request.GET))
        except SearchUnavailable:
            logger.exception("Search backend failed for query %r", search_.raw[:200])
            unavailable = True
    if result is not None:
        result.entries = _decorate(request, list(result.entries))
        result.start = (result.page - 1) * PAGE_SIZE + 1
    if fmt == "json":
        return _json(request, search_, result, unavailable, asked)
    if fmt == "atom":
        return _atom(request, search_, result, unavailable)
    status = 503 if unavailable else 200
    return _page(request, search_, result, status=status, asked=asked, unavailable=unavailable)


def _page(request, search_, result, *, status: int, **context):
    """The search page (HTML) with ``result`` and the flags in ``context``."""
    return render(
        request,
        "search/search.html",
        {
            "search": search_,
            "result": result,
            "raw_query": search_.raw[:200],
            "kind_labels": _kind_labels(),
            "sorts": [("relevance", _("Relevance")), ("date", _("Most recent"))],
            **context,
        },
        status=status,
    )


def _json(request, search_, result, unavailable, asked):
    if unavailable:
        return JsonResponse(
            {"error": _("Search is temporarily unavailable. Please try again later.")}, status=503
        )
    labels = _kind_labels()
    notices = list(result.notices if result else search_.notices)
    if not asked:
        # The same as the page: nothing is listed until something is asked.
        notices.append(_("Nothing was asked: give words (q) or a filter to get results."))
    payload = {
        "query": search_.raw[:200],
        "asked": asked,
        "total": result.total if result else 0,
        "page": result.page if result else 1,
        "pages": result.pages if result else 1,
        "page_size": PAGE_SIZE,
        "sort": search_.sort,
        "notices": [str(notice) for notice in notices],
        "results": [
            {
                "title": entry.title,
                "type": entry.kind,
                "type_label": str(labels.get(entry.kind, entry.kind)),
                "url": _absolute(request, entry),
                "summary": entry.summary,
                "institution": entry.institution_title,
                "country": entry.country,
                "year": entry.year,
                "date": entry.date.isoformat() if entry.date else None,
                "impact_rating": entry.impact_rating or None,
                "documentation_level": entry.documentation_level or None,
            }
            for entry in (result.entries if result else [])
        ],
        "facets": {
            facet.param: {
                "label": str(facet.label),
                "values": [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in facet.options
                ],
            }
            for facet in (result.facets if result else [])
        },
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


def _atom(request, search_, result, unavailable):
    from django.http import HttpResponse

    if unavailable:
        return HttpResponse(
            _("Search is temporarily unavailable. Please try again later."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    link = addresses.absolute(
        request.get_full_path().replace("format=atom", "format=html"), request
    )
    if search_.query.empty and not search_.selected and not search_.query.excluded:
        title = _("New and updated in the network")
    else:
        title = _("Search: %(query)s") % {"query": clean_query(search_.raw) or _("everything")}
    feed = Atom1Feed(
        title=title,
        link=link,
        description=_("New published items matching this search."),
        language=translation.get_language(),
        feed_url=addresses.absolute(request.get_full_path(), request),
    )
    if result is not None:
        for entry in sorted(result.entries, key=lambda e: e.date or timezone.now(), reverse=True):
            feed.add_item(
                title=_xml_safe(entry.title),
                link=_absolute(request, entry),
                # Atom readers render the summary as HTML (type="html"); it is plain text.
                description=escape(_xml_safe(entry.summary)),
                pubdate=entry.date,
                updateddate=entry.date,
                unique_id=_absolute(request, entry),
                author_name=entry.institution_title or None,
            )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _xml_safe(text: str) -> str:
    return "".join(c for c in text or "" if c in "\t\n\r" or ord(c) >= 32)


def suggest(request):
    """Titles and vocabulary terms starting with what was typed (JSON; optional)."""
    from portal.core.models import PreventionApproach, TargetPopulation, Theme

    text = clean_query(request.GET.get("q", ""))[:60]
    if len(text) < 2:
        return JsonResponse({"suggestions": []})
    language = (translation.get_language() or "es")[:2]
    suggestions = []
    try:
        from wagtail.search.backends import get_search_backend

        titles = get_search_backend().autocomplete(text, SearchEntry)[:6]
        suggestions += [{"label": entry.title, "kind": "title"} for entry in titles]
    except Exception:  # suggestions are optional: never an error page
        logger.exception("Autocomplete failed for %r", text)
    for model in (Theme, TargetPopulation, PreventionApproach):
        for name in model.objects.filter(
            locale__language_code=language, name__icontains=text
        ).values_list("name", flat=True)[:4]:
            suggestions.append({"label": name, "kind": "term"})
    seen, unique = set(), []
    for item in suggestions:
        if item["label"].lower() not in seen:
            seen.add(item["label"].lower())
            unique.append(item)
    return JsonResponse(
        {"suggestions": unique[:10], "search_url": reverse("search")},
        json_dumps_params={"ensure_ascii": False},
    )
