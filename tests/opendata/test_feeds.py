"""Atom feeds of new and updated items: network-wide, per institution, type and theme."""

import xml.etree.ElementTree as ET

import pytest

from portal.practices.models import PracticePage
from portal.search.models import SearchEntry

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, **params):
    response = client.get("/buscar/", {"format": "atom", "sort": "date", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    return root, root.findall(f"{ATOM}entry")


def test_the_network_feed_lists_the_newest_items_first(client, network, hidden):
    root, items = entries(client)
    assert len(items) >= len(network.pages())
    updated = [item.find(f"{ATOM}updated").text for item in items]
    assert updated == sorted(updated, reverse=True)
    text = ET.tostring(root, encoding="unicode")
    for page in hidden["pages"]:
        assert page.slug not in text
    assert "TÍTULO EN BORRADOR" not in text


def test_feeds_per_institution_type_and_theme_hold_only_their_items(client, network):
    _root, items = entries(client, institution=network.chile.slug)
    links = {item.find(f"{ATOM}link").get("href") for item in items}
    assert links and all(network.chile.url in link for link in links)
    _root, items = entries(client, type="practices")
    titles = {item.find(f"{ATOM}title").text for item in items}
    practices = PracticePage.objects.live().public()
    assert titles == set(practices.values_list("title", flat=True)) and len(titles) == 2
    _root, items = entries(client, theme="espacios-publicos")
    tagged = SearchEntry.objects.filter(
        term_rows__vocabulary="theme", term_rows__slug="espacios-publicos"
    )
    assert tagged.exists() and tagged.count() < len(network.pages())
    assert {item.find(f"{ATOM}title").text for item in items} == set(
        tagged.values_list("title", flat=True)
    )


def test_pages_announce_their_feeds(client, network):
    html = client.get(network.chile.url).content.decode()
    assert f"format=atom&amp;sort=date&amp;institution={network.chile.slug}" in html
    assert 'type="application/atom+xml"' in client.get("/practicas/").content.decode()
