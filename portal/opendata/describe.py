"""Machine-readable descriptions of pages: schema.org JSON-LD and citations (BibTeX, RIS).

JSON-LD goes in the page head of the home page (``WebSite``), of every content type the content
registry gives a ``schema_type`` (practices, manuals, programs, observatories and their reports,
funds, projects, network meetings, institutions), and of the funding index's editions and comuna
pages (``Dataset``). Citations are downloads for the types the registry marks ``citable``
(practices and manuals: ``/cita/<page id>/bibtex/``, ``/cita/<page id>/ris/``), for live,
public pages only.

Each description uses only properties that schema.org defines for its type (or inherits):
dates, language and ``about`` belong to creative works (``CreativeWork``, ``Book``, ``Report``,
``WebSite``, ``Dataset``) and events, not to organisations (``Organization``, its subtypes
``ResearchOrganization``, ``Project``, ``FundingScheme``) nor to services
(``GovernmentService``). ``tests/opendata/test_json_ld.py`` holds the table of allowed
properties and checks every block the site emits. Another page is named only when a visitor may
see it (``portal.core.visibility.may_see``).
"""

import json
import unicodedata

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.html import mark_safe
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from portal.core import addresses, content, visibility
from portal.core.locales import language_codes
from portal.institutions.evaluations.models import RatedMixin

# Content types declare their schema.org type in the content registry (``schema_type``); the
# home page is the one page outside it.
HOME_PAGE = "core.homepage"
# Types with datePublished, dateModified, inLanguage, about and author (CreativeWork's).
CREATIVE_WORKS = frozenset({"CreativeWork", "Book", "Report", "WebSite", "Dataset"})


def schema_type(model) -> str | None:
    if model is None:
        return None
    if model._meta.label_lower == HOME_PAGE:
        return "WebSite"
    entry = content.of_model(model)
    return entry.schema_type if entry else None


def citable(model) -> bool:
    entry = content.of_model(model) if model is not None else None
    return bool(entry and entry.citable)


def _url(request, page) -> str:
    return addresses.page_url(page, request)


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


def _visible_organization(request, institution) -> dict | None:
    return _organization(request, institution) if visibility.may_see(institution) else None


def _names(page, relation: str) -> list[str]:
    shown = getattr(page, "shown_terms", None)  # (classified pages: read once, when served)
    if shown is not None and relation in shown:
        return [term.name for term in shown[relation]]
    terms = getattr(page, relation, None)
    return [term.name for term in terms.all()] if terms is not None else []


def _things(names: list[str]) -> list[dict]:
    return [{"@type": "Thing", "name": name} for name in names]


def _publisher(request) -> dict:
    """The portal itself: the network that publishes every page."""
    from portal.core.templatetags.portal_tags import site_name

    return {"@type": "Organization", "name": site_name(), "url": addresses.absolute("/", request)}


def _creative_work(request, page, data: dict) -> None:
    """What a creative work says of itself: language, dates, author, subjects, file."""
    data["inLanguage"] = language_codes().get(page.locale_id, settings.LANGUAGE_CODE)
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    author = _visible_organization(request, getattr(page, "institution", None))
    if author:
        data["author"] = author
    if about := _things(_names(page, "themes")):
        data["about"] = about
    document = getattr(page, "document", None)
    if document is not None:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": addresses.absolute(document.url, request),
            "name": document.title,
        }


def _website(request, page, data: dict) -> None:
    data["name"] = _publisher(request)["name"]
    data["description"] = getattr(page, "intro", "") or data.get("description", "")
    if not data["description"]:
        data.pop("description")
    # One site in every interface language (the content keeps its own language).
    data["inLanguage"] = [code for code, _name in settings.LANGUAGES]
    data["publisher"] = _publisher(request)


def _program(request, page, data: dict) -> None:
    provider = _visible_organization(request, page.institution)
    if provider:
        data["provider"] = provider
    if categories := _things(_names(page, "themes")):
        data["category"] = categories
    if audiences := _names(page, "target_populations"):
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    if page.territory:
        data["areaServed"] = page.territory


def _observatory(request, page, data: dict) -> None:
    parent = _visible_organization(request, page.institution)
    if parent:
        data["parentOrganization"] = parent
    if page.founded_year:
        data["foundingDate"] = str(page.founded_year)
    if keywords := _names(page, "themes"):
        data["keywords"] = keywords


def _fund_node(request, fund, data: dict | None = None) -> dict:
    """A fund as schema.org's ``FundingScheme`` (an Organization): the bodies managing it are
    the organisation it belongs to."""
    data = data if data is not None else {"@type": "FundingScheme", "name": fund.title}
    data.setdefault("url", _url(request, fund))
    if fund.managing_bodies:
        data["parentOrganization"] = {"@type": "Organization", "name": fund.managing_bodies}
    return data


def _fund(request, page, data: dict) -> None:
    _fund_node(request, page, data)
    if page.year_created:
        data["foundingDate"] = str(page.year_created)
    countries = [
        {"@type": "Country", "name": country.name, "identifier": country.code}
        for country in page.countries.all()
    ]
    if countries:
        data["areaServed"] = countries


def _project(request, page, data: dict) -> None:
    """A project is an Organization: its lead institution is the organisation it belongs to,
    lead and partners its members, the fund (with its managing bodies) its funder."""
    fund = page.fund
    if fund is not None and visibility.may_see(fund):
        data["funder"] = _fund_node(request, fund)
    lead = page.lead_institution if page.lead_institution_id else None
    lead_node = _visible_organization(request, lead)
    if lead_node:
        data["parentOrganization"] = lead_node
    members = [_visible_organization(request, i) for i in page.institutions()]
    if members := [node for node in members if node]:
        data["member"] = members
    if keywords := _names(page, "themes"):
        data["keywords"] = keywords


def _event(request, page, data: dict) -> None:
    data["inLanguage"] = language_codes().get(page.locale_id, settings.LANGUAGE_CODE)
    if page.date:
        data["startDate"] = page.date.isoformat()
    municipality = page.municipality
    if page.place or municipality is not None:
        place = {"@type": "Place", "name": page.place or municipality.name}
        if municipality is not None:
            place["address"] = {
                "@type": "PostalAddress",
                "addressLocality": municipality.name,
                "addressRegion": municipality.region.name,
                "addressCountry": municipality.country.code,
            }
        data["location"] = place
    if page.organizers:
        data["organizer"] = {"@type": "Organization", "name": page.organizers}
    if about := _things(_names(page, "themes")):
        data["about"] = about


def _institution(request, page, data: dict) -> None:
    organization = _organization(request, page)
    data.update({k: v for k, v in organization.items() if k not in ("name", "url")})


# What each schema.org type says beyond name, url, description (and a creative work's own).
def _evidence(request, page, data: dict) -> None:
    """A rated page's impact evidence as reviews (the whole, then each outcome) and its
    evaluations as the reports it is the subject of: a reader can recompute the level."""
    rating = page.evidence
    whole = {
        "@type": "Review",
        "reviewAspect": gettext("Impact evidence"),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": str(page.get_impact_rating_display()),
            "ratingExplanation": str(rating.rule_text),
        },
        "author": _publisher(request),
    }
    if page.judged_rating and page.impact_justification:
        whole["reviewBody"] = page.impact_justification
    reviews = [whole]
    for key, found in rating.outcomes.items():
        record = found.counted[0].record if found.counted else None
        aspect = (record.theme.name if record.theme_id else record.measure) if record else key
        reviews.append(
            {
                "@type": "Review",
                "reviewAspect": aspect,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": str(found.label),
                    "ratingExplanation": str(found.rule_text),
                },
                "author": _publisher(request),
            }
        )
    data["review"] = reviews
    reports = []
    for evaluation in page.evaluations.all():
        report = {"@type": "Report", "name": evaluation.title or evaluation.get_design_display()}
        if evaluation.evaluator:
            report["author"] = {"@type": "Organization", "name": evaluation.evaluator}
        if evaluation.year:
            report["datePublished"] = str(evaluation.year)
        if evaluation.link:
            report["url"] = evaluation.link
        reports.append(report)
    if reports:
        data["subjectOf"] = reports


BUILDERS = {
    "WebSite": _website,
    "GovernmentService": _program,
    "ResearchOrganization": _observatory,
    "FundingScheme": _fund,
    "Project": _project,
    "Event": _event,
    "Organization": _institution,
}


def describe(request, page) -> dict | None:
    kind = schema_type(page.specific_class)
    if kind is None:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": page.title,
        "url": _url(request, page),
    }
    summary = getattr(page, "summary", "") or getattr(page, "search_description", "")
    if summary:
        data["description"] = summary
    if kind in CREATIVE_WORKS:
        _creative_work(request, page, data)
    builder = BUILDERS.get(kind)
    if builder is not None:
        builder(request, page, data)
    if isinstance(page, RatedMixin):
        _evidence(request, page, data)
    return data


def describe_edition(request, index_page, edition) -> dict:
    """An edition of the funding index as a ``Dataset``, its CSV files as ``distribution``."""
    base = _url(request, index_page) + index_page.edition_url(edition)
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": edition.name,
        "url": base,
        "version": str(edition.version),
        "temporalCoverage": f"{edition.year}/{edition.year + 1}",
        "spatialCoverage": {"@type": "Country", "name": "Chile", "identifier": "CL"},
        "isAccessibleForFree": True,
        "publisher": _publisher(request),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "contentUrl": f"{base}csv/{key}/",
                "encodingFormat": "text/csv",
            }
            for key, name in (
                ("ranking", gettext("Ranking: score, rank, group and allocation per comuna")),
                ("inputs", gettext("Inputs: the value of each variable per comuna")),
            )
        ],
    }
    description = [getattr(index_page, "intro", "") or edition.notes]
    if edition.illustrative:
        description.append(
            gettext(
                "The inputs of this edition are not official figures: they show how the index "
                "works. Do not use them to judge a comuna."
            )
        )
    if description := " ".join(part for part in description if part):
        data["description"] = description
    if edition.published_at:
        data["datePublished"] = edition.published_at.isoformat()
    return data


def _script(data: dict | None) -> str:
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" must never appear: escape <, > and &.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def json_ld(request, page) -> str:
    return _script(describe(request, page))


def edition_json_ld(request, index_page, edition) -> str:
    return _script(describe_edition(request, index_page, edition))


def _citable(page_id: int):
    from wagtail.models import Page

    page = visibility.visible_queryset(Page.objects).filter(pk=page_id).first()
    if page is None or not citable(page.specific_class):
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
    kind = "manual" if schema_type(page.specific_class) == "Book" else "misc"
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
    kind = "BOOK" if schema_type(page.specific_class) == "Book" else "GEN"
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
