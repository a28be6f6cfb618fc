"""Machine-readable descriptions of pages: schema.org JSON-LD and citations (BibTeX, RIS).

JSON-LD goes in the page head of practices, manuals, programs, observatories, projects and
institutions. Citations are downloads for practices and manuals
(``/cita/<page id>/bibtex/``, ``/cita/<page id>/ris/``), for live, public pages only.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.html import mark_safe

from portal.core.locales import language_codes

SCHEMA_TYPES = {
    "practicepage": "CreativeWork",
    "manualpage": "Book",
    "programpage": "GovernmentService",
    "observatorypage": "ResearchOrganization",
    "projectpage": "Project",
    "institutionpage": "Organization",
    "observatoryreportpage": "Report",
}
CITABLE = ("practicepage", "manualpage")


def _url(request, page) -> str:
    relative = page.get_url(request)
    return request.build_absolute_uri(relative) if relative else ""


def _organization(request, institution) -> dict | None:
    if institution is None:
        return None
    kind = getattr(institution, "kind", "")
    data = {
        "@type": "GovernmentOrganization" if kind == "municipality" else "Organization",
        "name": institution.title,
        "url": _url(request, institution),
    }
    if institution.country_id:
        data["address"] = {"@type": "PostalAddress", "addressCountry": institution.country.code}
    return data


def describe(request, page) -> dict | None:
    model = page.specific_class._meta.model_name if page.specific_class else ""
    kind = SCHEMA_TYPES.get(model)
    if kind is None:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": page.title,
        "url": _url(request, page),
        "inLanguage": language_codes().get(page.locale_id, settings.LANGUAGE_CODE),
    }
    summary = getattr(page, "summary", "") or getattr(page, "search_description", "")
    if summary:
        data["description"] = summary
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    institution = getattr(page, "institution", None)
    if model == "institutionpage":
        organization = _organization(request, page)
        data.update({k: v for k, v in organization.items() if k not in ("name", "url")})
    elif institution is not None:
        role = "provider" if kind in ("GovernmentService", "Project") else "author"
        if kind == "ResearchOrganization":
            role = "parentOrganization"
        data[role] = _organization(request, institution)
    themes = getattr(page, "themes", None)
    if themes is not None:
        names = [term.name for term in themes.all()]
        if names:
            data["about"] = [{"@type": "Thing", "name": name} for name in names]
    document = getattr(page, "document", None)
    if document is not None:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(document.url),
            "name": document.title,
        }
    return data


def json_ld(request, page) -> str:
    data = describe(request, page)
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" must never appear: escape <, > and &.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _citable(page_id: int):
    from wagtail.models import Page

    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or page.specific_class._meta.model_name not in CITABLE:
        raise Http404
    return page.specific


def _year(page) -> str:
    moment = page.first_published_at or page.last_published_at
    return str(getattr(page, "publication_year", None) or (moment.year if moment else ""))


def _bibtex_escape(text: str) -> str:
    return "".join("\\" + c if c in "{}%&$#_" else c for c in text)


def bibtex(request, page_id: int) -> HttpResponse:
    page = _citable(page_id)
    author = page.institution.title if page.institution else settings.WAGTAIL_SITE_NAME
    kind = "manual" if page.specific_class._meta.model_name == "manualpage" else "misc"
    fields = {
        "title": page.title,
        "author": "{" + author + "}",
        "year": _year(page),
        "publisher": settings.WAGTAIL_SITE_NAME,
        "url": _url(request, page),
        "note": (getattr(page, "summary", "") or "")[:300],
    }
    body = ",\n".join(
        f"  {key} = {{{_bibtex_escape(value)}}}" for key, value in fields.items() if value
    )
    text = f"@{kind}{{portal{page.pk},\n{body}\n}}\n"
    response = HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.bib"'
    return response


def ris(request, page_id: int) -> HttpResponse:
    page = _citable(page_id)
    author = page.institution.title if page.institution else settings.WAGTAIL_SITE_NAME
    kind = "BOOK" if page.specific_class._meta.model_name == "manualpage" else "GEN"
    lines = [
        f"TY  - {kind}",
        f"TI  - {page.title}",
        f"AU  - {author}",
        f"PY  - {_year(page)}",
        f"PB  - {settings.WAGTAIL_SITE_NAME}",
        f"UR  - {_url(request, page)}",
        f"AB  - {' '.join((getattr(page, 'summary', '') or '').split())}",
        f"LA  - {page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE}",
        "ER  - ",
    ]
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="application/x-research-info-systems"
    )
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ris"'
    return response
