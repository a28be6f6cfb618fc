"""OAI-PMH conformance (issue 24): every verb's answer, every error and a whole paged harvest
validate against the official OAI-PMH 2.0 and ``oai_dc`` schemas (offline copies in
``schemas/``, see its README); error answers to a bad verb, argument or token carry the base URL
only; identifiers come from configuration, not from the request's host; ``adminEmail`` is a
valid address, and a system check warns in production when it is not configured.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core import checks
from lxml import etree

from portal.opendata import oai

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).parent / "schemas"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
XSD = "{http://www.w3.org/2001/XMLSchema}"
BASE_URL = "http://testserver/oai/"
# The repository identifier's syntax (OAI identifier format, oai-identifier.xsd).
REPOSITORY_ID = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
NO_ECHO = {"badVerb", "badArgument", "badResumptionToken"}
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd"), PARSER))


def test_the_schemas_resolve_offline():
    """Every import names a file of this folder: validation never reaches the network."""
    for path in SCHEMAS.glob("*.xsd"):
        document = etree.parse(str(path), PARSER)
        for element in document.iter(f"{XSD}import", f"{XSD}include"):
            location = element.get("schemaLocation")
            assert location and "/" not in location, f"{path.name} imports {location}"
            assert (SCHEMAS / location).is_file(), f"{path.name}: {location} is missing"
        assert (SCHEMAS / "README.md").read_text().count(path.name) >= 1


def answer(client, schema, query, **extra):
    """The validated answer to a query (a dict, or a raw query string)."""
    url = "/oai/?" + (query if isinstance(query, str) else urlencode(query))
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    document = etree.fromstring(response.content, PARSER)
    if not schema.validate(document):
        errors = "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"{url} does not validate:\n{errors}\n{response.content[:1500]!r}")
    return document


def error_code(document):
    error = document.find(f"{OAI}error")
    return error.get("code") if error is not None else None


def some_identifiers(client, schema, **extra):
    document = answer(
        client, schema, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, **extra
    )
    return [e.text for e in document.iter(f"{OAI}identifier")]


# Every verb -------------------------------------------------------------------------------


def test_every_verb_answers_valid_documents(client, schema, network):
    identify = answer(client, schema, {"verb": "Identify"})
    assert identify.findtext(f"{OAI}Identify/{OAI}baseURL") == BASE_URL
    identifier = some_identifiers(client, schema)[0]
    queries = [
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": identifier},
        {"verb": "ListSets"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "type:practices"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "country:CL"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "theme:espacios-publicos"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2000-01-01"},
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2000-01-01T00:00:00Z",
            "until": "2999-12-31T23:59:59Z",
        },
        {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"},
    ]
    for query in queries:
        document = answer(client, schema, query)
        assert error_code(document) is None, query
        verb = query["verb"]
        assert document.find(f"{OAI}{verb}") is not None
        # A successful answer repeats the request's arguments as attributes.
        assert dict(document.find(f"{OAI}request").attrib) == query
    record = answer(
        client, schema, {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"}
    )
    assert record.findtext(f".//{OAI}header/{OAI}identifier") == identifier
    assert record.find(f".//{{{oai.OAI_DC}}}dc/{{{oai.DC}}}title") is not None


def test_a_paged_harvest_validates_page_after_page(client, schema, settings, network):
    settings.OAI_PAGE_SIZE = 4
    for verb in ("ListIdentifiers", "ListRecords"):
        seen, pages, cursor = [], 0, 0
        query = {"verb": verb, "metadataPrefix": "oai_dc"}
        while True:
            document = answer(client, schema, query)
            assert error_code(document) is None
            pages += 1
            headers = list(document.iter(f"{OAI}header"))
            assert 0 < len(headers) <= 4
            seen += [h.findtext(f"{OAI}identifier") for h in headers]
            token = document.find(f"{OAI}{verb}/{OAI}resumptionToken")
            assert token is not None  # every page of a list that has several
            assert int(token.get("cursor")) == cursor
            cursor += len(headers)
            if not token.text:
                break
            query = {"verb": verb, "resumptionToken": token.text}
        assert pages > 2
        assert len(seen) == len(set(seen)) == int(token.get("completeListSize"))


# Every error ------------------------------------------------------------------------------

ERRORS = [
    ({}, "badVerb"),
    ({"verb": "Borrar"}, "badVerb"),
    ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ("verb=Identify&verb=Identify", "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListIdentifiers", "set": "type:practices"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "desde": "x"}, "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "ayer"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2020-01-01T00:00:00"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2020-01-01",
            "until": "2020-01-01T00:00:00Z",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListIdentifiers",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01",
            "until": "2020-01-01",
        },
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nada:x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:a b<"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:\uffff"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc 21"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:x.org:page/1"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "falso"}, "badResumptionToken"),
    ({"verb": "ListIdentifiers", "resumptionToken": "2020-13-45"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    (
        {"verb": "GetRecord", "identifier": "oai:x.org:page/1", "metadataPrefix": "marc21"},
        "cannotDisseminateFormat",
    ),
    (
        {"verb": "GetRecord", "identifier": "oai:x.org:page/999999", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    ({"verb": "GetRecord", "identifier": "x\x00y", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    (
        {"verb": "GetRecord", "identifier": "oai:otro host:<1>", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "oai:x.org:page/1"}, "idDoesNotExist"),
    # Characters XML 1.0 does not allow stay out of the document (the message quotes the value).
    (
        {"verb": "GetRecord", "identifier": "oai:x.org:\uffff\ufffe", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    (
        {
            "verb": "ListIdentifiers",
            "metadataPrefix": "oai_dc",
            "set": "type:practices",
            "until": "2000-01-01T00:00:00Z",
        },
        "noRecordsMatch",
    ),
]


@pytest.mark.parametrize(("query", "code"), ERRORS)
def test_every_error_answers_a_valid_document(client, schema, query, code):
    document = answer(client, schema, query)
    assert error_code(document) == code
    request = document.find(f"{OAI}request")
    assert request.text == BASE_URL
    if code in NO_ECHO:
        # "the repository must return the base URL of the protocol request only"
        assert dict(request.attrib) == {}


def test_a_bad_date_names_the_declared_granularity(client, schema):
    declared = answer(client, schema, {"verb": "Identify"}).findtext(
        f"{OAI}Identify/{OAI}granularity"
    )
    for name in ("from", "until"):
        document = answer(
            client, schema, {"verb": "ListRecords", "metadataPrefix": "oai_dc", name: "2020-13-45"}
        )
        message = document.findtext(f"{OAI}error")
        assert declared in message and "YYYY-MM-DD" in message.replace(declared, ""), message


def test_a_tampered_or_foreign_token_is_refused_without_echo(client, schema, settings, network):
    settings.OAI_PAGE_SIZE = 2
    first = answer(client, schema, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    token = first.findtext(f"{OAI}ListRecords/{OAI}resumptionToken")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), token + "x"):
        document = answer(client, schema, {"verb": "ListRecords", "resumptionToken": bad})
        assert error_code(document) == "badResumptionToken"
        assert dict(document.find(f"{OAI}request").attrib) == {}


# Identifiers ------------------------------------------------------------------------------


def test_identifiers_do_not_change_with_the_host(client, schema, network):
    by_host = {
        host: some_identifiers(client, schema, HTTP_HOST=host)
        for host in ("localhost", "127.0.0.1", "testserver")
    }
    assert by_host["localhost"] == by_host["127.0.0.1"] == by_host["testserver"]
    repository = oai.repository_identifier()
    assert REPOSITORY_ID.fullmatch(repository)
    for identifier in by_host["localhost"]:
        assert re.fullmatch(rf"oai:{re.escape(repository)}:page/\d+", identifier)
    # An identifier harvested through one host name is found through another.
    document = answer(
        client,
        schema,
        {"verb": "GetRecord", "identifier": by_host["localhost"][0], "metadataPrefix": "oai_dc"},
        HTTP_HOST="127.0.0.1",
    )
    assert error_code(document) is None


def test_the_repository_identifier_comes_from_configuration(client, schema, settings, network):
    settings.OAI_REPOSITORY_IDENTIFIER = "observatorio.example.org"
    assert some_identifiers(client, schema)[0].startswith("oai:observatorio.example.org:page/")
    # By default, the public base URL's host ...
    settings.OAI_REPOSITORY_IDENTIFIER = ""
    settings.WAGTAILADMIN_BASE_URL = "https://Portal.Example.org:8443/"
    assert oai.repository_identifier() == "portal.example.org"
    assert some_identifiers(client, schema)[0].startswith("oai:portal.example.org:page/")
    # ... or, when that host is not a domain name, a placeholder that still is one.
    for base_url in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]/"):
        settings.WAGTAILADMIN_BASE_URL = base_url
        assert REPOSITORY_ID.fullmatch(oai.repository_identifier())


def run_settings(env_overrides: dict, code: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("OAI_")}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "DEBUG": "1"})
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_oai_settings_are_read_from_the_environment():
    result = run_settings(
        {"OAI_REPOSITORY_IDENTIFIER": "Red.Example.org", "OAI_ADMIN_EMAIL": "oai@red.example.org"},
        "from django.conf import settings as s;"
        "print(s.OAI_REPOSITORY_IDENTIFIER, s.OAI_ADMIN_EMAIL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["red.example.org", "oai@red.example.org"]
    result = run_settings({"OAI_REPOSITORY_IDENTIFIER": "127.0.0.1"}, "")
    assert result.returncode != 0
    assert "OAI_REPOSITORY_IDENTIFIER must be a domain name" in result.stderr


# adminEmail -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "default_from", "expected"),
    [
        ("oai@portal.example.org", "portal@localhost", "oai@portal.example.org"),
        ("", "avisos@portal.example.org", "avisos@portal.example.org"),
        ("", "portal@localhost", None),
        ("no es un correo", "portal@localhost", None),
    ],
)
def test_admin_email_is_always_a_valid_address(
    client, schema, settings, configured, default_from, expected
):
    settings.OAI_ADMIN_EMAIL = configured
    settings.DEFAULT_FROM_EMAIL = default_from
    email = answer(client, schema, {"verb": "Identify"}).findtext(f"{OAI}Identify/{OAI}adminEmail")
    if expected:
        assert email == expected
    else:
        assert email.endswith("@" + oai.repository_identifier())


@pytest.mark.parametrize(
    ("debug", "configured", "warned"),
    [
        (False, "", True),
        (False, "portal@localhost", True),
        (False, "oai@192.168.0.1", True),
        (False, "oai@[10.0.0.1]", True),
        (False, "oai@intranet.local", True),
        (False, "no es un correo", True),
        (False, "oai@portal.example.org", False),
        (True, "", False),
        (True, "portal@localhost", False),
    ],
)
def test_a_system_check_warns_in_production_without_a_public_admin_email(
    settings, debug, configured, warned
):
    settings.DEBUG = debug
    settings.OAI_ADMIN_EMAIL = configured
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    messages = [m for m in checks.run_checks() if m.id and m.id.startswith("opendata.")]
    assert [m.id for m in messages] == (["opendata.W001"] if warned else [])
    assert all(m.level == checks.WARNING and "OAI_ADMIN_EMAIL" in m.msg for m in messages)


def test_a_system_check_warns_in_production_without_a_repository_domain(settings):
    settings.DEBUG = False
    settings.OAI_ADMIN_EMAIL = "oai@portal.example.org"
    settings.OAI_REPOSITORY_IDENTIFIER = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    messages = [m for m in checks.run_checks() if m.id and m.id.startswith("opendata.")]
    assert [m.id for m in messages] == ["opendata.W002"]
    settings.OAI_REPOSITORY_IDENTIFIER = "portal.example.org"
    assert not [m for m in checks.run_checks() if m.id and m.id.startswith("opendata.")]
