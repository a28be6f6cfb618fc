"""OAI-PMH: a standard harvester (oaipmh-scythe, from PyPI) takes every published record and
nothing else, through resumption tokens; protocol errors get their OAI-PMH codes.

The harvester talks HTTP to the real Django application in this process (httpx's WSGI
transport), so the test runs inside the test database's transaction.
"""

import xml.etree.ElementTree as ET

import httpx2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from oaipmh_scythe import Scythe
from oaipmh_scythe.exceptions import NoRecordsMatch
from wagtail.models import Page

from portal.core import content
from portal.opendata.oai import repository_identifier
from portal.practices.models import PracticePage

pytestmark = pytest.mark.django_db

ENDPOINT = "http://testserver/oai/"
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def parse(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - the portal's own response


@pytest.fixture
def harvester(settings):
    settings.OAI_PAGE_SIZE = 3  # several pages, so resumption tokens are exercised
    scythe = Scythe(ENDPOINT)
    scythe._client = httpx2.Client(transport=httpx2.WSGITransport(app=WSGIHandler()))
    # As Django's test client does: the test's transaction must survive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield scythe
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    scythe.close()


def oai_id(pk: int) -> str:
    return f"oai:{repository_identifier()}:page/{pk}"


def expected_ids():
    harvested = [entry.model for entry in content.content_types() if entry.oai_type]
    pages = Page.objects.live().public().type(*harvested)
    return {oai_id(pk) for pk in pages.values_list("pk", flat=True)}


def test_a_harvester_gets_every_published_record_and_nothing_else(harvester, network, hidden):
    records = list(harvester.list_records(metadata_prefix="oai_dc"))
    identifiers = [record.header.identifier for record in records]
    assert len(identifiers) == len(set(identifiers)), "a record came twice across pages"
    assert set(identifiers) == expected_ids()
    assert len(identifiers) > 3  # more than one page
    assert {oai_id(page.pk) for page in network.pages() if content.of_model(page).oai_type} <= set(
        identifiers
    )
    texts = " ".join(str(record.metadata) for record in records)
    for page in hidden["pages"]:
        assert f"page/{page.pk}" not in identifiers
    assert "BORRADOR" not in texts and "PRIVADA" not in texts and "RETIRADA" not in texts
    changed, published_title = hidden["changed"]
    assert "TÍTULO EN BORRADOR" not in texts
    record = harvester.get_record(oai_id(changed.pk))
    assert record.metadata["title"] == [published_title]
    assert record.metadata["identifier"][0].startswith("http://testserver/")


def test_identifiers_sets_and_dates_narrow_the_harvest(harvester, network):
    practices = {r.identifier for r in harvester.list_identifiers(set_="type:practices")}
    assert practices == {
        oai_id(pk) for pk in PracticePage.objects.live().public().values_list("pk", flat=True)
    }
    assert len(practices) == 2
    chile = list(harvester.list_identifiers(set_="country:CL"))
    assert chile and all("country:CL" in h.setSpecs for h in chile)
    assert len(chile) < len(list(harvester.list_identifiers()))
    themed = list(harvester.list_identifiers(set_="theme:espacios-publicos"))
    assert themed and all("theme:espacios-publicos" in h.setSpecs for h in themed)
    assert list(harvester.list_identifiers(from_="2000-01-01", until="2999-12-31"))
    with pytest.raises(NoRecordsMatch):
        list(harvester.list_identifiers(from_="2999-01-01"))
    specs = {s.setSpec for s in harvester.list_sets()}
    assert {"type:practices", "country:CL", "theme:espacios-publicos"} <= specs
    assert harvester.identify().granularity == "YYYY-MM-DDThh:mm:ssZ"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Borrar"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "desde": "x"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "ayer"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2020-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nada:x"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "falso"}, "badResumptionToken"),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:testserver:page/999999",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "x\x00y", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ],
)
def test_protocol_errors_get_their_codes(client, query, code):
    response = client.get("/oai/", query)
    assert response.status_code == 200
    root = parse(response.content)  # well-formed even with a NUL in the query
    assert root.find(f"{OAI}error").get("code") == code


def test_a_repeated_argument_and_a_tampered_token_are_refused(client, settings, network):
    settings.OAI_PAGE_SIZE = 2
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
    assert parse(response.content).find(f"{OAI}error").get("code") == "badArgument"
    first = parse(
        client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).content
    )
    token = first.find(f"{OAI}ListIdentifiers/{OAI}resumptionToken").text
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get("/oai/", {"verb": "ListIdentifiers", "resumptionToken": tampered})
    assert parse(response.content).find(f"{OAI}error").get("code") == "badResumptionToken"
    response = client.post("/oai/", {"verb": "ListIdentifiers", "resumptionToken": token})
    assert parse(response.content).find(f"{OAI}ListIdentifiers") is not None
