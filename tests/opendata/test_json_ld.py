"""schema.org JSON-LD: every property the site emits is one its type has, and what it names.

``ALLOWED`` is the test's own table of the properties each schema.org type the portal uses may
carry, copied from the type's page on schema.org (https://schema.org/<Type>, "Properties from
<Type>" and from each supertype; schema.org 29). It is a subset: only properties the portal
uses or may plausibly use are listed, and nothing a type lacks. A new property goes in the
table only after checking it on that page.

Every JSON-LD block of every page type, in both languages (a network crawled: ``site_pages``), is
walked, nested objects too; each property must be allowed for the ``@type`` of the object that
holds it.
"""

import json
import re

import pytest
from wagtail.models import PageViewRestriction

from portal.exchanges.models import ExchangeEventPage, FundPage
from tests.factories.funding import published_edition
from tests.factories.pages import InstitutionPageFactory, publish

pytestmark = pytest.mark.django_db

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# https://schema.org/Thing
THING = {
    "additionalType",
    "alternateName",
    "description",
    "disambiguatingDescription",
    "identifier",
    "image",
    "mainEntityOfPage",
    "name",
    "potentialAction",
    "sameAs",
    "subjectOf",
    "url",
}
# https://schema.org/CreativeWork (a Thing)
CREATIVE_WORK = THING | {
    "about",
    "abstract",
    "audience",
    "author",
    "citation",
    "contributor",
    "copyrightHolder",
    "copyrightYear",
    "creator",
    "dateCreated",
    "dateModified",
    "datePublished",
    "encoding",
    "encodingFormat",
    "funder",
    "genre",
    "hasPart",
    "inLanguage",
    "isAccessibleForFree",
    "isBasedOn",
    "isPartOf",
    "keywords",
    "license",
    "mainEntity",
    "publisher",
    "review",
    "sourceOrganization",
    "spatialCoverage",
    "temporalCoverage",
    "version",
}
# https://schema.org/Organization (a Thing)
ORGANIZATION = THING | {
    "address",
    "areaServed",
    "department",
    "email",
    "founder",
    "foundingDate",
    "dissolutionDate",
    "funder",
    "funding",
    "keywords",
    "knowsAbout",
    "knowsLanguage",
    "legalName",
    "location",
    "logo",
    "member",
    "memberOf",
    "parentOrganization",
    "sponsor",
    "subOrganization",
    "telephone",
}
# https://schema.org/MediaObject (a CreativeWork)
MEDIA_OBJECT = CREATIVE_WORK | {"contentSize", "contentUrl", "embedUrl", "uploadDate"}
# https://schema.org/Place (a Thing)
PLACE = THING | {"address", "containedInPlace", "geo", "latitude", "longitude", "hasMap"}

ALLOWED = {
    "Thing": THING,
    # https://schema.org/Review: a CreativeWork
    "Review": CREATIVE_WORK | {"itemReviewed", "reviewAspect", "reviewBody", "reviewRating"},
    # https://schema.org/Rating: an Intangible (a Thing)
    "Rating": THING
    | {"author", "bestRating", "ratingExplanation", "ratingValue", "reviewAspect", "worstRating"},
    "CreativeWork": CREATIVE_WORK,
    # https://schema.org/Book: CreativeWork's and its own
    "Book": CREATIVE_WORK | {"bookEdition", "bookFormat", "illustrator", "isbn", "numberOfPages"},
    # https://schema.org/Report: an Article (a CreativeWork)
    "Report": CREATIVE_WORK | {"articleBody", "articleSection", "pagination", "reportNumber"},
    # https://schema.org/WebSite: a CreativeWork
    "WebSite": CREATIVE_WORK | {"issn"},
    # https://schema.org/Dataset: a CreativeWork
    "Dataset": CREATIVE_WORK
    | {"distribution", "includedInDataCatalog", "measurementTechnique", "variableMeasured"},
    "MediaObject": MEDIA_OBJECT,
    # https://schema.org/DataDownload: a MediaObject
    "DataDownload": MEDIA_OBJECT | {"measurementTechnique"},
    # https://schema.org/Organization and its subtypes GovernmentOrganization,
    # ResearchOrganization, Project and FundingScheme, which add no property of their own
    # (Project: "use properties from Organization").
    "Organization": ORGANIZATION,
    "GovernmentOrganization": ORGANIZATION,
    "ResearchOrganization": ORGANIZATION,
    "Project": ORGANIZATION,
    "FundingScheme": ORGANIZATION,
    # https://schema.org/GovernmentService: a Service (a Thing); no dates, language or about
    "GovernmentService": THING
    | {
        "review",
        "aggregateRating",
        "areaServed",
        "audience",
        "availableChannel",
        "category",
        "hoursAvailable",
        "isRelatedTo",
        "provider",
        "serviceOutput",
        "serviceType",
        "termsOfService",
        "jurisdiction",
        "serviceOperator",
    },
    # https://schema.org/Event (a Thing)
    "Event": THING
    | {
        "about",
        "attendee",
        "audience",
        "contributor",
        "endDate",
        "eventAttendanceMode",
        "eventStatus",
        "funder",
        "inLanguage",
        "isAccessibleForFree",
        "keywords",
        "location",
        "organizer",
        "sponsor",
        "startDate",
        "subEvent",
        "superEvent",
    },
    "Place": PLACE,
    # https://schema.org/Country: an AdministrativeArea (a Place)
    "Country": PLACE,
    "AdministrativeArea": PLACE,
    # https://schema.org/PostalAddress: a ContactPoint (a StructuredValue, a Thing)
    "PostalAddress": THING
    | {
        "addressCountry",
        "addressLocality",
        "addressRegion",
        "postalCode",
        "streetAddress",
        "areaServed",
        "contactType",
        "email",
        "telephone",
    },
    # https://schema.org/Audience (an Intangible, a Thing)
    "Audience": THING | {"audienceType", "geographicArea"},
}
KEYWORDS = {"@context", "@type", "@id"}


def blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in LD.findall(html)]


def problems(node, where: str) -> list[str]:
    """Every property of ``node`` (and of the objects it holds) its ``@type`` lacks."""
    found = []
    if isinstance(node, list):
        for item in node:
            found += problems(item, where)
    elif isinstance(node, dict):
        kind = node.get("@type")
        allowed = ALLOWED.get(kind)
        if allowed is None:
            return [f"{where}: type {kind!r} is not in the table"]
        for key, value in node.items():
            if key in KEYWORDS:
                continue
            if key not in allowed:
                found.append(f"{where}: {kind} has no property {key!r}")
            found += problems(value, f"{where} > {kind}.{key}")
    return found


def test_every_property_belongs_to_its_type(site_pages):
    found = []
    for url, html in sorted(site_pages.items()):
        for data in blocks(html):
            assert data["@context"] == "https://schema.org", url
            found += problems(data, url)
    assert not found, "\n".join(found)


def test_every_described_page_type_is_reached_in_both_languages(site_pages):
    expected = {
        "WebSite",
        "CreativeWork",
        "Book",
        "Report",
        "GovernmentService",
        "ResearchOrganization",
        "FundingScheme",
        "Project",
        "Event",
        "GovernmentOrganization",
        "Organization",
        "Dataset",
    }
    for english in (False, True):
        types = {
            data["@type"]
            for url, html in site_pages.items()
            if url.startswith("/en/") == english
            for data in blocks(html)
        }
        assert expected <= types, expected - types


def only_block(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    (data,) = blocks(response.content.decode())
    return data


def test_a_project_names_its_fund_lead_and_partners(client, network):
    project = network.item("projects")
    fund = project.get_parent().specific
    fund.managing_bodies = "AGCID (Chile) y AMEXCID (México)"
    fund.save_revision().publish()
    data = only_block(client, project.url)
    assert data["@type"] == "Project"
    assert data["funder"] == {
        "@type": "FundingScheme",
        "name": fund.title,
        "url": f"http://testserver{fund.url}",
        "parentOrganization": {"@type": "Organization", "name": fund.managing_bodies},
    }
    assert data["parentOrganization"]["name"] == project.lead_institution.title
    members = [member["name"] for member in data["member"]]
    partners = [p.title for p in project.partner_institutions.all()]
    assert members == [project.lead_institution.title, *partners] and partners
    for absent in ("datePublished", "dateModified", "inLanguage", "about", "provider"):
        assert absent not in data


def test_a_project_never_names_a_page_a_visitor_may_not_see(client, network):
    project = network.item("projects")
    fund = project.get_parent().specific
    index = project.lead_institution.get_parent()
    hidden_lead = publish(InstitutionPageFactory(parent=index, title="Líder oculto zqx"))
    private_partner = publish(InstitutionPageFactory(parent=index, title="Socio privado zqx"))
    PageViewRestriction.objects.create(
        page=private_partner, restriction_type=PageViewRestriction.LOGIN
    )
    project.lead_institution = hidden_lead
    project.partner_institutions.add(private_partner)
    project.save_revision().publish()
    fund.title = "Fondo retirado zqx"
    fund.save_revision().publish()
    fund_url = f'"http://testserver{fund.url}"'  # the project's own address holds its slug
    fund.unpublish()
    hidden_lead.unpublish()
    data = only_block(client, project.url)
    text = json.dumps(data, ensure_ascii=False)
    assert "zqx" not in text and fund_url not in text
    assert "funder" not in data and "parentOrganization" not in data
    assert [member["name"] for member in data["member"]] == [
        p.title for p in project.partner_institutions.all() if p.live and "zqx" not in p.title
    ]


def test_fund_event_and_home_describe_themselves(client, network):
    fund = FundPage.objects.live().first()
    data = only_block(client, fund.url)
    assert data["@type"] == "FundingScheme" and data["name"] == fund.title
    assert data["foundingDate"] == str(fund.year_created)
    assert {c["identifier"] for c in data["areaServed"]} == {"CL", "MX"}

    event = ExchangeEventPage.objects.live().first()
    data = only_block(client, "/en" + event.url)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["organizer"] == {"@type": "Organization", "name": event.organizers}
    assert data["location"]["address"]["addressLocality"] == event.municipality.name

    for url, name in (
        ("/", "Red de Prevención Municipal"),
        ("/en/", "Municipal Prevention Network"),
    ):
        data = only_block(client, url)
        assert data["@type"] == "WebSite" and data["name"] == name
        assert data["url"] == "http://testserver/"
        assert data["publisher"] == {"@type": "Organization", "name": name, "url": data["url"]}


@pytest.mark.parametrize("url", ["/indice/", "/indice/2023/v1/", "/en/indice/2023/v1/13122/"])
def test_the_funding_index_describes_its_edition_as_a_dataset(client, db, url):
    published_edition(year=2023)
    data = only_block(client, url)
    assert data["@type"] == "Dataset"
    assert data["url"] == "http://testserver/indice/2023/v1/"
    downloads = data["distribution"]
    assert [d["@type"] for d in downloads] == ["DataDownload", "DataDownload"]
    for download in downloads:
        assert download["encodingFormat"] == "text/csv"
        response = client.get(download["contentUrl"].removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
