"""The sitemap lists every live, public page in both languages, and nothing else."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_every_public_page_is_listed_with_its_alternates(client, network, hidden):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    urls = root.findall(f"{SM}url")
    locations = {u.find(f"{SM}loc").text for u in urls}
    pages = Page.objects.live().public().filter(depth__gt=1)
    assert {page.pk for page in network.pages()} <= set(pages.values_list("pk", flat=True))
    for page in pages:
        path = page.url
        assert f"http://testserver{path}" in locations, path
        assert f"http://testserver/en{path}" in locations, path
    text = response.content.decode()
    for page in hidden["pages"]:
        assert page.slug not in text
    first = urls[0]
    languages = {link.get("hreflang") for link in first.findall(f"{XHTML}link")}
    assert languages == {"es", "en", "x-default"}


def test_robots_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
