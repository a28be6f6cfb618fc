"""Machine-readable descriptions of pages: schema.org JSON-LD and citations (BibTeX, RIS).

JSON-LD goes in the page head of practices, manuals, programs, observatories, projects and
institutions. Citations are downloads for practices and manuals
(``/cita/<page id>/bibtex/``, ``/cita/<page id>/ris/``), for live, public pages only.
"""

import json
import unicodedata

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.html import mark_safe
from django.utils.http import content_disposition_header

from portal.core import visibility
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
    elif visibility.may_see(institution):
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


def _author(page) -> str:
    """The publishing institution, when a visitor may see it; else the portal."""
    institution = page.institution
    return institution.title if visibility.may_see(institution) else settings.WAGTAIL_SITE_NAME


def _year(page) -> str:
    moment = page.first_published_at or page.last_published_at
    return str(getattr(page, "publication_year", None) or (moment.year if moment else ""))


BREAKS = frozenset({"Cc", "Zl", "Zp"})


def one_line(text: str) -> str:
    """The text with every line break and control character (CR, LF, NEL, U+2028, U+2029, tabs,
    C0 and C1 controls) turned into a space and runs of spaces collapsed: one field, one line."""
    spaced = "".join(" " if unicodedata.category(c) in BREAKS else c for c in str(text))
    return " ".join(spaced.split())


# Characters LaTeX or BibTeX read as syntax. A backslash would start a command (\input,
# \write18); the others are \%, \&… or a text command that prints the character.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}


def bibtex_escape(text: str) -> str:
    r"""A value for a braced BibTeX field: one line, special characters escaped, braces balanced.

    BibTeX ends a braced field at the brace that balances its opening one and does not read
    backslashes while counting, so ``\{`` alone would still open a group. Braces that pair up
    in the text are written ``\{`` and ``\}`` (balanced, printed as braces); a brace without
    its partner becomes ``\textbraceleft{}`` or ``\textbraceright{}``, whose own braces
    balance.
    """
    text = one_line(text)
    opened: list[int] = []
    paired: set[int] = set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    out = []
    for index, char in enumerate(text):
        if char == "{":
            out.append(r"\{" if index in paired else r"\textbraceleft{}")
        elif char == "}":
            out.append(r"\}" if index in paired else r"\textbraceright{}")
        else:
            out.append(BIBTEX_ESCAPES.get(char, char))
    return "".join(out)


def _bibtex_url(url: str) -> str:
    """A URL as BibTeX's url field expects it: verbatim (biblatex and ``\\url`` print it as it
    is, so a percent sign stays one), with braces, backslashes and spaces percent-encoded."""
    return iri_to_uri(one_line(url))


def _attachment(page, extension: str) -> str:
    return content_disposition_header(as_attachment=True, filename=f"{page.slug}.{extension}")


def bibtex(request, page_id: int) -> HttpResponse:
    page = _citable(page_id)
    author = _author(page)
    kind = "manual" if page.specific_class._meta.model_name == "manualpage" else "misc"
    fields = {
        "title": bibtex_escape(page.title),
        # A corporate author in double braces, so BibTeX never splits it into given and
        # family names: {{Municipalidad de Peñalolén}}.
        "author": "{" + bibtex_escape(author) + "}",
        "year": bibtex_escape(_year(page)),
        "publisher": bibtex_escape(settings.WAGTAIL_SITE_NAME),
        "url": _bibtex_url(_url(request, page)),
        "note": bibtex_escape((getattr(page, "summary", "") or "")[:300]),
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    text = f"@{kind}{{portal{page.pk},\n{body}\n}}\n"
    response = HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = _attachment(page, "bib")
    return response


def ris(request, page_id: int) -> HttpResponse:
    """RIS: one ``TAG  - value`` line per field, so no value may hold a line break of any kind
    (reference managers split lines on CR, LF and the Unicode separators alike)."""
    page = _citable(page_id)
    author = _author(page)
    kind = "BOOK" if page.specific_class._meta.model_name == "manualpage" else "GEN"
    fields = [
        ("TY", kind),
        ("TI", page.title),
        ("AU", author),
        ("PY", _year(page)),
        ("PB", settings.WAGTAIL_SITE_NAME),
        ("UR", _url(request, page)),
        ("AB", getattr(page, "summary", "") or ""),
        ("LA", page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields] + ["ER  - "]
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="application/x-research-info-systems"
    )
    response["Content-Disposition"] = _attachment(page, "ris")
    return response
