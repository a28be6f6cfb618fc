"""OAI-PMH 2.0 with Dublin Core (``oai_dc``), so other repositories can harvest the portal.

Records are the published, public practices, manuals, programs, observatory reports and
cooperation projects, read from the evidence search's own table (``SearchEntry``), which holds
exactly the public, live pages: a draft, a private page or an unpublished one is never there.
The datestamp is when the record last changed (``SearchEntry.updated_at``, UTC, seconds).

- Sets: ``type:<kind>``, ``country:<ISO code>``, ``theme:<slug>``.
- Incremental harvesting with ``from`` and ``until`` (day or second granularity).
- Lists come in pages of ``OAI_PAGE_SIZE`` with a signed ``resumptionToken``; a token that was
  altered, or comes from another query, is ``badResumptionToken``.
- Deleted records are not tracked (``deletedRecord`` is ``no``): a harvester that needs to
  notice withdrawals harvests everything again.
- Every protocol error is answered with its OAI-PMH error code, never a server error.
"""

import datetime
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.core.models import Theme
from portal.core.params import clean_text, parse_id
from portal.institutions.models import Country
from portal.search.models import SearchEntry, SearchEntryTerm

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", OAI)
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)

KINDS = {
    "practices": "buena práctica / good practice",
    "manuals": "manual",
    "programs": "programa de prevención / prevention program",
    "reports": "producto de observatorio / observatory report",
    "projects": "proyecto de cooperación / cooperation project",
}
VERBS = {
    "Identify": set(),
    "ListMetadataFormats": {"identifier"},
    "ListSets": {"resumptionToken"},
    "ListIdentifiers": {"metadataPrefix", "from", "until", "set", "resumptionToken"},
    "ListRecords": {"metadataPrefix", "from", "until", "set", "resumptionToken"},
    "GetRecord": {"identifier", "metadataPrefix"},
}
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
TOKEN_SALT = "portal.opendata.oai"  # noqa: S105 - a signing salt, not a secret


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def clean(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (a NUL would break the document)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)


def page_size() -> int:
    return getattr(settings, "OAI_PAGE_SIZE", 100)


def repository_id(request) -> str:
    return request.get_host().split(":")[0] or "localhost"


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, name: str) -> tuple[datetime.datetime, str]:
    for fmt, granularity in (("%Y-%m-%d", "day"), ("%Y-%m-%dT%H:%M:%SZ", "seconds")):
        try:
            parsed = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        return parsed, granularity
    raise OAIError("badArgument", f"“{value[:40]}” is not a valid {name} (YYYY-MM-DD).")


def records():
    return SearchEntry.objects.filter(page__isnull=False, kind__in=KINDS).order_by(
        "updated_at", "pk"
    )


def _filtered(arguments: dict):
    queryset = records()
    granularities = []
    if "from" in arguments:
        start, granularity = _parse_date(arguments["from"], "from")
        granularities.append(granularity)
        queryset = queryset.filter(updated_at__gte=start)
    if "until" in arguments:
        end, granularity = _parse_date(arguments["until"], "until")
        granularities.append(granularity)
        if granularity == "day":
            end += datetime.timedelta(days=1) - datetime.timedelta(microseconds=1)
        else:
            end += datetime.timedelta(seconds=1) - datetime.timedelta(microseconds=1)
        queryset = queryset.filter(updated_at__lte=end)
    if len(set(granularities)) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if "from" in arguments and "until" in arguments and arguments["from"] > arguments["until"]:
        raise OAIError("badArgument", "from is later than until.")
    if "set" in arguments:
        kind, _sep, value = arguments["set"].partition(":")
        if value != clean_text(value):
            kind = ""  # no set has control characters (a NUL would reach the database)
        if kind == "type" and value in KINDS:
            queryset = queryset.filter(kind=value)
        elif kind == "country" and value:
            queryset = queryset.filter(country=value)
        elif kind == "theme" and value:
            queryset = queryset.filter(
                pk__in=SearchEntryTerm.objects.filter(vocabulary="theme", slug=value).values(
                    "entry_id"
                )
            )
        else:
            raise OAIError("badArgument", f"Unknown set “{arguments['set'][:60]}”.")
    return queryset


def _identifier(request, entry) -> str:
    return f"oai:{repository_id(request)}:page/{entry.page_id}"


def _entry_for(request, identifier: str):
    prefix = f"oai:{repository_id(request)}:page/"
    page_id = parse_id(identifier[len(prefix) :]) if identifier.startswith(prefix) else None
    entry = records().filter(page_id=page_id).first() if page_id is not None else None
    if entry is None:
        raise OAIError("idDoesNotExist", f"No record “{identifier[:80]}” in this repository.")
    return entry


def _sets_of(entries) -> dict[int, list[str]]:
    themes: dict[int, list[str]] = {}
    for entry_id, slug in SearchEntryTerm.objects.filter(
        entry__in=[e.pk for e in entries], vocabulary="theme"
    ).values_list("entry_id", "slug"):
        themes.setdefault(entry_id, []).append(slug)
    return themes


def _header(parent, request, entry, themes):
    header = ET.SubElement(parent, f"{{{OAI}}}header")
    ET.SubElement(header, f"{{{OAI}}}identifier").text = _identifier(request, entry)
    ET.SubElement(header, f"{{{OAI}}}datestamp").text = _stamp(entry.updated_at)
    ET.SubElement(header, f"{{{OAI}}}setSpec").text = f"type:{entry.kind}"
    if entry.country:
        ET.SubElement(header, f"{{{OAI}}}setSpec").text = f"country:{entry.country}"
    for slug in sorted(themes.get(entry.pk, [])):
        ET.SubElement(header, f"{{{OAI}}}setSpec").text = f"theme:{slug}"
    return header


def _metadata(parent, request, entry, theme_names, countries):
    metadata = ET.SubElement(parent, f"{{{OAI}}}metadata")
    dc = ET.SubElement(
        metadata,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"},
    )

    def add(name, value):
        if value:
            ET.SubElement(dc, f"{{{DC}}}{name}").text = clean(str(value))

    add("title", entry.title)
    add("creator", entry.institution_title)
    for name in theme_names:
        add("subject", name)
    add("description", entry.summary)
    add("publisher", settings.WAGTAIL_SITE_NAME)
    add("date", entry.date.date().isoformat() if entry.date else entry.year)
    add("type", KINDS.get(entry.kind, entry.kind))
    add("identifier", request.build_absolute_uri(entry.url_path_public))
    add("language", entry.language)
    add("coverage", countries.get(entry.country, entry.country))
    return metadata


def _public_paths(entries):
    """Each entry's public path (the site root's path stripped, Spanish URLs)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.url_path if site else "/"
    for entry in entries:
        path = entry.url_path
        entry.url_path_public = path[len(root) - 1 :] if path.startswith(root) else path


def _records_xml(parent, request, entries, *, with_metadata: bool):
    themes = _sets_of(entries)
    _public_paths(entries)
    names = {}
    if with_metadata:
        slugs = {slug for values in themes.values() for slug in values}
        for slug, name in Theme.objects.filter(slug__in=slugs).values_list("slug", "name"):
            names.setdefault(slug, []).append(name)  # Spanish and English names
    countries = dict(Country.objects.values_list("code", "name"))
    for entry in entries:
        if with_metadata:
            record = ET.SubElement(parent, f"{{{OAI}}}record")
            _header(record, request, entry, themes)
            theme_names = [
                n for slug in sorted(themes.get(entry.pk, [])) for n in names.get(slug, [])
            ]
            _metadata(record, request, entry, theme_names, countries)
        else:
            _header(parent, request, entry, themes)


def _token(arguments: dict, offset: int) -> str:
    return signing.dumps({"a": arguments, "o": offset}, salt=TOKEN_SALT, compress=True)


def _read_token(token: str) -> tuple[dict, int]:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        return dict(data["a"]), int(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise OAIError(
            "badResumptionToken", "The resumption token is invalid or has expired."
        ) from None


def _list(root, request, verb, arguments):
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        arguments, offset = _read_token(arguments["resumptionToken"])
    else:
        offset = 0
        if "metadataPrefix" not in arguments:
            raise OAIError("badArgument", "metadataPrefix is required.")
    if arguments.get("metadataPrefix") != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "Only oai_dc is available.")
    queryset = _filtered(arguments)
    total = queryset.count()
    entries = list(queryset[offset : offset + page_size()])
    if not entries:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    container = ET.SubElement(root, f"{{{OAI}}}{verb}")
    _records_xml(container, request, entries, with_metadata=verb == "ListRecords")
    following = offset + len(entries)
    if following < total or offset:
        token = ET.SubElement(
            container,
            f"{{{OAI}}}resumptionToken",
            {"completeListSize": str(total), "cursor": str(offset)},
        )
        token.text = _token(arguments, following) if following < total else ""


def _identify(root, request):
    identify = ET.SubElement(root, f"{{{OAI}}}Identify")
    earliest = records().values_list("updated_at", flat=True).first() or EARLIEST
    for name, value in (
        ("repositoryName", settings.WAGTAIL_SITE_NAME),
        ("baseURL", request.build_absolute_uri(request.path)),
        ("protocolVersion", "2.0"),
        ("adminEmail", settings.DEFAULT_FROM_EMAIL),
        ("earliestDatestamp", _stamp(earliest)),
        ("deletedRecord", "no"),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        ET.SubElement(identify, f"{{{OAI}}}{name}").text = value


def _list_sets(root):
    sets = ET.SubElement(root, f"{{{OAI}}}ListSets")

    def add(spec, name):
        item = ET.SubElement(sets, f"{{{OAI}}}set")
        ET.SubElement(item, f"{{{OAI}}}setSpec").text = spec
        ET.SubElement(item, f"{{{OAI}}}setName").text = name

    for kind, name in KINDS.items():
        add(f"type:{kind}", name)
    for code, name in Country.objects.filter(code__in=records().values("country")).values_list(
        "code", "name"
    ):
        add(f"country:{code}", name)
    seen = set()
    for slug, name in Theme.objects.filter(locale__language_code="es").values_list("slug", "name"):
        if slug not in seen:
            seen.add(slug)
            add(f"theme:{slug}", name)


def _list_formats(root, request, arguments):
    if "identifier" in arguments:
        _entry_for(request, arguments["identifier"])
    formats = ET.SubElement(root, f"{{{OAI}}}ListMetadataFormats")
    item = ET.SubElement(formats, f"{{{OAI}}}metadataFormat")
    ET.SubElement(item, f"{{{OAI}}}metadataPrefix").text = "oai_dc"
    ET.SubElement(item, f"{{{OAI}}}schema").text = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    ET.SubElement(item, f"{{{OAI}}}metadataNamespace").text = OAI_DC


def _get_record(root, request, arguments):
    if "identifier" not in arguments or "metadataPrefix" not in arguments:
        raise OAIError("badArgument", "GetRecord needs identifier and metadataPrefix.")
    if arguments["metadataPrefix"] != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "Only oai_dc is available.")
    entry = _entry_for(request, arguments["identifier"])
    container = ET.SubElement(root, f"{{{OAI}}}GetRecord")
    _records_xml(container, request, [entry], with_metadata=True)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    root = ET.Element(
        f"{{{OAI}}}OAI-PMH",
        {f"{{{XSI}}}schemaLocation": (f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")},
    )
    ET.SubElement(root, f"{{{OAI}}}responseDate").text = _stamp(timezone.now())
    request_element = ET.SubElement(root, f"{{{OAI}}}request")
    request_element.text = request.build_absolute_uri(request.path)
    verb = params.get("verb", "")
    try:
        if verb not in VERBS:
            raise OAIError("badVerb", "Missing or unknown verb.")
        names = [key for key in params if key != "verb"]
        if any(len(params.getlist(key)) > 1 for key in params):
            raise OAIError("badArgument", "An argument is repeated.")
        unknown = [name for name in names if name not in VERBS[verb]]
        if unknown:
            raise OAIError("badArgument", f"Unknown argument(s): {', '.join(unknown)[:80]}.")
        arguments = {name: params[name] for name in names}
        request_element.set("verb", verb)
        for name, value in arguments.items():
            request_element.set(name, clean(value[:200]))
        if verb == "Identify":
            _identify(root, request)
        elif verb == "ListMetadataFormats":
            _list_formats(root, request, arguments)
        elif verb == "ListSets":
            if "resumptionToken" in arguments:
                raise OAIError("badResumptionToken", "ListSets is not paged.")
            _list_sets(root)
        elif verb == "GetRecord":
            _get_record(root, request, arguments)
        else:
            _list(root, request, verb, arguments)
    except OAIError as error:
        ET.SubElement(root, f"{{{OAI}}}error", {"code": error.code}).text = clean(str(error))
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
