"""The head's hreflang alternates are absolute, carry an x-default and say what the sitemap says.

Search engines read the alternates of a page from its head and from the sitemap; when the two
disagree (relative or absolute addresses, an x-default in one only) they may ignore both.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories.funding import published_edition
from tests.factories.network import portal_content_types

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    """Sitemap location -> {hreflang: address}."""
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    return {
        url.find(f"{SM}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }


def head_alternates(client, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    head = response.content.decode().split("</head>")[0]
    found = ALTERNATE.findall(head)
    alternates = dict(found)
    assert len(alternates) == len(found), f"{path}: one language twice: {found}"
    return alternates


def addresses(network) -> list[str]:
    """The home page, the sections and a detail page of every content type."""
    paths = ["/", "/practicas/", "/programas/", "/observatorios/", "/cooperacion/", "/indice/"]
    paths += ["/instituciones/"]
    for entry in portal_content_types():
        paths.append(network.item(entry.key).url)
    return paths


def test_head_alternates_match_the_sitemap(client, network):
    sitemap = sitemap_alternates(client)
    for path in addresses(network):
        for prefix in ("", "/en"):
            address = f"http://testserver{prefix}{path}"
            head = head_alternates(client, prefix + path)
            assert set(head) == {"es", "en", "x-default"}, (address, head)
            assert head == sitemap[address], address
            assert head["es"] == f"http://testserver{path}"
            assert head["en"] == f"http://testserver/en{path}"
            assert head["x-default"] == head["es"]


@pytest.mark.parametrize(
    ("path", "spanish", "english"),
    [
        ("/practicas/manuales/", "/practicas/manuales/", "/en/practicas/manuals/"),
        ("/en/programas/models/", "/programas/modelos/", "/en/programas/models/"),
        ("/buscar/?q=plan", "/buscar/?q=plan", "/en/search/?q=plan"),
        ("/en/account/login/", "/cuenta/login/", "/en/account/login/"),
        ("/indice/2023/v1/13122/", "/indice/2023/v1/13122/", "/en/indice/2023/v1/13122/"),
    ],
)
def test_pages_outside_the_sitemap_have_absolute_alternates_too(client, db, path, spanish, english):
    published_edition(year=2023)  # /indice/2023/v1/13122/: Peñalolén in the 2023 edition
    head = head_alternates(client, path)
    assert head == {
        "es": f"http://testserver{spanish}",
        "x-default": f"http://testserver{spanish}",
        "en": f"http://testserver{english}",
    }
