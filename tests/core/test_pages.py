import pytest
from wagtail.models import Locale, Page

from portal.core import content
from portal.core.models import HomePage, Theme
from tests.factories.every import one_of_every_page_type, portal_page_models
from tests.factories.pages import (
    InstitutionPageFactory,
    ManualPageFactory,
    ObservatoryPageFactory,
    PracticePageFactory,
    ProgramPageFactory,
    ProjectPageFactory,
    publish,
)

pytestmark = pytest.mark.django_db


def counts_on_home(client) -> dict:
    response = client.get("/")
    return {item["key"]: item["count"] for item in response.context["network_counts"]}


@pytest.mark.smoke
def test_home_page_shows_network_counts_and_latest_items(client):
    first = publish(InstitutionPageFactory(title="Municipalidad de Peñalolén"))
    second = publish(InstitutionPageFactory())
    for owner in (first, first, second):
        publish(PracticePageFactory(parent=owner))
    for owner in (first, second):
        publish(ProgramPageFactory(parent=owner))
    publish(ObservatoryPageFactory(parent=second))
    PracticePageFactory(parent=second, live=False)  # a draft is not counted
    newest = publish(ProjectPageFactory(parent=first))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    counts = {item["key"]: item["count"] for item in response.context["network_counts"]}
    assert counts["institutions"] == 2
    assert counts["practices"] == 3
    assert counts["programs"] == 2
    assert counts["observatories"] == 1
    assert counts["projects"] == 1
    latest = response.context["latest_items"]
    assert latest, "the home page lists the latest published items"
    assert latest[0].pk == newest.pk
    assert latest[0].title in html
    assert "Peñalolén" in html


def test_home_page_counts_only_live_pages(client):
    project = publish(ProjectPageFactory())
    assert counts_on_home(client)["projects"] == 1
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
    one_of_every_page_type()
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert {type(page) for page in pages} >= set(portal_page_models())
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
    project = publish(ProjectPageFactory())
    url = project.url
    assert client.get(url).status_code == 200
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
    manual = publish(ManualPageFactory())
    html = client.get(manual.url).content.decode()
    assert 'href="/practicas/" aria-current="true"' in html
    assert 'href="/instituciones/" aria-current' not in html
