"""Browsers and crawlers ask for /favicon.ico on their own: it leads to the portal's mark, which
every page also names in its head (issue 28)."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_portals_mark(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302  # not permanent: the static address may change
    assert response["Location"].endswith(".svg")
    path = finders.find("img/favicon.svg")
    assert path is not None
    root = ET.parse(path).getroot()  # noqa: S314 - the repository's own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_every_page_names_its_icon(client):
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon' in body and 'type="image/svg+xml"' in body
    assert client.post("/favicon.ico").status_code == 405
