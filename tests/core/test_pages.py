import pytest
from wagtail.models import Locale, Page

from portal.core import content
from portal.core.models import HomePage, Theme
from portal.exchanges.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_home_page_shows_network_counts_and_latest_demo_items(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    counts = {item["key"]: item["count"] for item in response.context["network_counts"]}
    assert counts["institutions"] == 4
    assert counts["practices"] == 5
    assert counts["programs"] == 6
    assert counts["observatories"] == 1
    assert counts["projects"] == 1
    latest = response.context["latest_items"]
    assert latest, "the home page lists the latest published items"
    assert latest[0].title in html
    assert "Peñalolén" in html


def test_home_page_counts_only_live_pages(client):
    project = ProjectPage.objects.get()
    project.unpublish()
    response = client.get("/")
    counts = {item["key"]: item["count"] for item in response.context["network_counts"]}
    assert counts["projects"] == 0
    assert project.title not in response.content.decode()


def test_header_has_search_box_and_navigation(client):
    html = client.get("/").content.decode()
    assert 'action="/buscar/"' in html
    for section in (
        "/practicas/",
        "/programas/",
        "/observatorios/",
        "/cooperacion/",
        "/instituciones/",
    ):
        assert f'href="{section}"' in html


def test_every_published_page_renders(client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() >= 25
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        assert page.title in response.content.decode(), page.url


def test_english_home_is_served_with_english_interface(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert 'action="/en/search/"' in response.content.decode()


def test_unknown_page_is_a_404_page(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404


def test_drafts_are_not_public(client):
    home = HomePage.objects.get()
    project = ProjectPage.objects.get()
    url = project.url
    project.unpublish()
    assert client.get(url).status_code == 404
    assert home.live


def test_every_counted_content_type_is_registered():
    keys = {entry.key for entry in content.content_types() if entry.counted}
    assert {"institutions", "practices", "programs", "observatories", "projects"} <= keys


def test_vocabularies_exist_in_both_languages():
    spanish = Theme.objects.get(slug="violencia-intrafamiliar", locale__language_code="es")
    english = spanish.get_translation(Locale.objects.get(language_code="en"))
    assert spanish.name == "Violencia intrafamiliar"
    assert english.name == "Domestic violence"


def test_menu_marks_the_section_that_lists_the_page(client):
    from portal.practices.models import ManualPage

    manual = ManualPage.objects.first()
    html = client.get(manual.url).content.decode()
    assert 'href="/practicas/" aria-current="true"' in html
    assert 'href="/instituciones/" aria-current' not in html
