"""OAI-PMH 2.0 with Dublin Core (``oai_dc``), so other repositories can harvest the portal.

Records are the published, public pages of every content type the registry gives an
``oai_type`` (practices, manuals, programs, observatory reports and cooperation projects),
read from the evidence search's own table (``SearchEntry``), which holds
exactly the public, live pages: a draft, a private page or an unpublished one is never there.
The datestamp is when the record last changed (``SearchEntry.updated_at``, UTC, seconds).

- Sets: ``type:<kind>``, ``country:<ISO code>``, ``theme:<slug>``.
- Incremental harvesting with ``from`` and ``until`` (day or second granularity).
- Lists come in pages of ``OAI_PAGE_SIZE`` with a signed ``resumptionToken``; a token that was
  altered, or comes from another query, is ``badResumptionToken``.
- Deleted records are not tracked (``deletedRecord`` is ``no``): a harvester that needs to
  notice withdrawals harvests everything again.
- Every protocol error is answered with its OAI-PMH error code, never a server error; the
  ``request`` element repeats the request's arguments only when they were valid (a
  ``badVerb``, ``badArgument`` or ``badResumptionToken`` answer carries the base URL only).
- Identifiers are ``oai:<repository identifier>:page/<page id>``: the repository identifier is a
  domain name from configuration (``OAI_REPOSITORY_IDENTIFIER``, by default ``BASE_URL``'s
  host), never the request's host name, so a record keeps one identifier however it is reached.
- Answers validate against the official OAI-PMH 2.0 and ``oai_dc`` schemas
  (``tests/opendata/test_oai_schema.py``).
"""

import datetime
import ipaddress
import re
import xml.etree.ElementTree as ET
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.core import addresses, content
from portal.core.models import Theme
from portal.core.params import clean_text, parse_id
from portal.institutions.evaluations.models import Evaluation
from portal.institutions.evaluations.rating import ImpactRating
from portal.institutions.models import Country
from portal.search.models import SearchEntry, SearchEntryTerm
from portal.search.service import once_per_translation

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", OAI)
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)


def kinds() -> dict[str, str]:
    """The harvested types, ``key -> Dublin Core type``: the registry's entries with an
    ``oai_type``."""
    return {entry.key: entry.oai_type for entry in content.content_types() if entry.oai_type}


# Read when the URLconf imports this module, once every app has registered its types.
KINDS = kinds()
VERBS = {
    "Identify": set(),
    "ListMetadataFormats": {"identifier"},
    "ListSets": {"resumptionToken"},
    "ListIdentifiers": {"metadataPrefix", "from", "until", "set", "resumptionToken"},
    "ListRecords": {"metadataPrefix", "from", "until", "set", "resumptionToken"},
    "GetRecord": {"identifier", "metadataPrefix"},
}
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"  # declared by Identify; days (YYYY-MM-DD) are accepted too
# The OAI identifier format's repository identifier: a domain name whose labels start with a
# letter (so neither "localhost" nor an IP address).
REPOSITORY_ID = re.compile(r"[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*)+")
# When BASE_URL's host is not a domain name (development: 127.0.0.1, localhost).
LOCAL_REPOSITORY_ID = "portal.localhost"
# Top-level names that are never a public mail domain (RFC 2606, RFC 6761, common LAN ones).
PRIVATE_TLDS = {"localhost", "local", "localdomain", "invalid", "test", "internal", "lan", "home"}
# The schema's syntax of the request's arguments (OAI-PMH.xsd): anything else is not repeated.
METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
TOKEN_SALT = "portal.opendata.oai"  # noqa: S105 - a signing salt, not a secret


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def clean(text: str) -> str:
    """Text without the characters XML 1.0 forbids: controls (a NUL would break the
    document), surrogates, U+FFFE and U+FFFF."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r"
        or (" " <= c < "\ud800")
        or ("\ue000" <= c <= "\ufffd")
        or c >= "\U00010000"
    )


def page_size() -> int:
    return getattr(settings, "OAI_PAGE_SIZE", 100)


def base_url_domain() -> str | None:
    """BASE_URL's host when it is a domain name a repository identifier may be."""
    try:
        host = urlsplit(addresses.base_url()).hostname or ""
    except ValueError:
        return None
    return host if REPOSITORY_ID.fullmatch(host) else None


def repository_identifier() -> str:
    """The repository's identifier: configured, or BASE_URL's host, never the request's."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    return (configured or base_url_domain() or LOCAL_REPOSITORY_ID).lower()


def is_valid_email(address: str) -> bool:
    """An address with a domain name, as the schema's emailType needs (not ``x@localhost``)."""
    try:
        validate_email(address)
    except ValidationError:
        return False
    return "." in address.rpartition("@")[2].strip(".")


def is_public_email(address: str) -> bool:
    """A valid address at a domain that can receive mail from outside (no IP, no LAN name)."""
    if not is_valid_email(address):
        return False
    domain = address.rpartition("@")[2].lower().rstrip(".")
    try:
        ipaddress.ip_address(domain.strip("[]").removeprefix("IPv6:").removeprefix("ipv6:"))
    except ValueError:
        return domain.rsplit(".", 1)[-1] not in PRIVATE_TLDS
    return False


def admin_email() -> str:
    """``OAI_ADMIN_EMAIL``, else ``DEFAULT_FROM_EMAIL``, when valid; else an address at the
    repository's domain, so Identify always validates (a system check warns in production)."""
    for address in (
        getattr(settings, "OAI_ADMIN_EMAIL", ""),
        parseaddr(getattr(settings, "DEFAULT_FROM_EMAIL", ""))[1],
    ):
        if address and is_valid_email(address):
            return address
    return f"portal@{repository_identifier()}"


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, name: str) -> tuple[datetime.datetime, str]:
    for fmt, granularity in (("%Y-%m-%d", "day"), ("%Y-%m-%dT%H:%M:%SZ", "seconds")):
        try:
            parsed = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        return parsed, granularity
    raise OAIError(
        "badArgument",
        f"“{value[:40]}” is not a valid {name}: use {GRANULARITY} or YYYY-MM-DD (UTC).",
    )


def records():
    """One record per piece of content, in the default language where it has a version in it
    (its translations are the same work; harvesters would count it twice)."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = once_per_translation(SearchEntry.objects.filter(page__isnull=False))
    return entries.filter(kind__in=KINDS).order_by("updated_at", "pk")


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
        if not SET_SPEC.fullmatch(arguments["set"]) or value != clean_text(value):
            kind = ""  # not a set's syntax (a NUL would have reached the database)
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
    return f"oai:{repository_identifier()}:page/{entry.page_id}"


def _entry_for(request, identifier: str):
    prefix = f"oai:{repository_identifier()}:page/"
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


def _evaluations_of(entries) -> dict:
    """Page id -> its evaluations (title, design, year, link), in one query."""
    found = {}
    rows = Evaluation.objects.filter(page_id__in=[entry.page_id for entry in entries]).order_by(
        "page_id", "sort_order"
    )
    for evaluation in rows.only("page_id", "title", "design", "year", "link"):
        found.setdefault(evaluation.page_id, []).append(evaluation)
    return found


def _metadata(parent, request, entry, theme_names, countries, evaluations=()):
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
    if entry.impact_rating in ImpactRating.values:
        # The level and the evaluations it is computed from (docs: README, "How evidence is rated").
        with translation.override(settings.LANGUAGE_CODE):
            level = ImpactRating(entry.impact_rating).label
            add("description", _("Impact evidence: %(level)s") % {"level": level})
            for evaluation in evaluations:
                design = evaluation.get_design_display()
                study = evaluation.title or design
                design += f", {evaluation.year}" if evaluation.year else ""
                add(
                    "description",
                    _("Evaluation: %(study)s (%(design)s)") % {"study": study, "design": design},
                )
                add("relation", evaluation.link)
    add("publisher", settings.WAGTAIL_SITE_NAME)
    add("date", entry.date.date().isoformat() if entry.date else entry.year)
    add("type", KINDS.get(entry.kind, entry.kind))
    add("identifier", addresses.absolute(entry.url_path_public, request))
    add("language", entry.language)
    add("coverage", countries.get(entry.country, entry.country))
    return metadata


def _public_paths(entries):
    """Each entry's public path, under its language's prefix."""
    for entry in entries:
        entry.url_path_public = entry.public_path


def _records_xml(parent, request, entries, *, with_metadata: bool):
    themes = _sets_of(entries)
    _public_paths(entries)
    names = {}
    if with_metadata:
        slugs = {slug for values in themes.values() for slug in values}
        for slug, name in Theme.objects.filter(slug__in=slugs).values_list("slug", "name"):
            names.setdefault(slug, []).append(name)  # Spanish and English names
    countries = dict(Country.objects.values_list("code", "name"))
    evaluations = _evaluations_of(entries) if with_metadata else {}
    for entry in entries:
        if with_metadata:
            record = ET.SubElement(parent, f"{{{OAI}}}record")
            _header(record, request, entry, themes)
            theme_names = [
                n for slug in sorted(themes.get(entry.pk, [])) for n in names.get(slug, [])
            ]
            _metadata(
                record, request, entry, theme_names, countries, evaluations.get(entry.page_id, ())
            )
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


def _check_format(prefix: str) -> None:
    if not METADATA_PREFIX.fullmatch(prefix):
        raise OAIError("badArgument", "metadataPrefix has an illegal syntax.")
    if prefix != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "Only oai_dc is available.")


def _list(root, request, verb, arguments):
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        arguments, offset = _read_token(arguments["resumptionToken"])
    else:
        offset = 0
        if "metadataPrefix" not in arguments:
            raise OAIError("badArgument", "metadataPrefix is required.")
    _check_format(arguments.get("metadataPrefix", ""))
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
        ("baseURL", addresses.absolute(request.path, request)),
        ("protocolVersion", "2.0"),
        ("adminEmail", admin_email()),
        ("earliestDatestamp", _stamp(earliest)),
        ("deletedRecord", "no"),
        ("granularity", GRANULARITY),
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
    _check_format(arguments["metadataPrefix"])
    entry = _entry_for(request, arguments["identifier"])
    container = ET.SubElement(root, f"{{{OAI}}}GetRecord")
    _records_xml(container, request, [entry], with_metadata=True)


def _valid_argument(name: str, value: str) -> bool:
    """Whether a value has its argument's syntax in the schema, so it may be repeated."""
    if len(value) > 500 or value != clean(value):
        return False
    if name == "metadataPrefix":
        return bool(METADATA_PREFIX.fullmatch(value))
    if name == "set":
        return bool(SET_SPEC.fullmatch(value))
    if name in ("from", "until"):
        try:
            _parse_date(value, name)
        except OAIError:
            return False
        return True
    if name == "identifier":  # a URI: no spaces nor characters URIs never hold
        return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value))
    return name == "resumptionToken"


def _echo(request_element, verb: str, arguments: dict) -> None:
    """The request's verb and arguments as attributes (those with a valid syntax)."""
    request_element.set("verb", verb)
    for name, value in arguments.items():
        if _valid_argument(name, value):
            request_element.set(name, value)


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
    request_element.text = addresses.absolute(request.path, request)
    verb = params.get("verb", "")
    arguments = {}
    code = None
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
        code = error.code
        ET.SubElement(root, f"{{{OAI}}}error", {"code": code}).text = clean(str(error))
    # "In cases where the request that generated this response resulted in a badVerb or
    # badArgument error condition, the repository must return the base URL of the protocol
    # request only" (OAI-PMH 2.0, 3.6); a bad token's arguments are not repeated either.
    if code not in ("badVerb", "badArgument", "badResumptionToken"):
        _echo(request_element, verb, arguments)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
