"""Pages are served the Wagtail way (issue 25): Wagtail's view routes them (the home page's
``route()`` reads the pages on the way in one query), Wagtail's serve hook asks for a private
page's password or sign-in, and what a visitor sees follows every change at the next request.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.core import visibility
from portal.institutions.models import InstitutionIndexPage
from portal.practices.models import PracticeIndexPage
from tests.factories.pages import (
    InstitutionPageFactory,
    PracticePageFactory,
    publish,
    restrict,
    section,
)

pytestmark = pytest.mark.django_db


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def menu(page_html: str) -> str:
    return page_html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.fixture
def practice():
    institution = publish(InstitutionPageFactory(title="Municipio de Prueba Visible"))
    return publish(PracticePageFactory(parent=institution, title="Práctica de prueba visible"))


def test_a_page_below_the_home_page_is_found_and_named_in_its_breadcrumbs(client, practice):
    page = html(client, practice.url)
    assert "Práctica de prueba visible" in page
    breadcrumbs = page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Municipio de Prueba Visible" in breadcrumbs
    html(client, practice.url + "no-such-child/", status=404)
    html(client, "/no-such-section/deeper/", status=404)


def test_routing_reads_the_same_few_rows_at_any_depth(client, practice):
    institutions = section(InstitutionIndexPage)
    counts = {}
    for page in (institutions, practice):
        client.get(page.url)  # content types, once per process
        with CaptureQueriesContext(connection) as queries:
            client.get(page.url)
        counts[page.depth] = sum(
            "url_path IN (" in query["sql"].replace('"', "") for query in queries.captured_queries
        )
    assert set(counts.values()) == {1}, counts


def test_routable_pages_answer_their_routes_and_english_lives_under_en(client):
    index = section(PracticeIndexPage)
    assert html(client, index.url + index.reverse_subpage("manuals").lstrip("/"))
    assert html(client, index.url + index.reverse_subpage("ratings").lstrip("/"))
    html(client, index.url + "no-such-route/", status=404)
    assert '<html lang="en"' in html(client, "/en/")


def test_a_live_page_under_an_unpublished_one_is_served_as_in_wagtail(client, practice):
    institution = practice.get_parent().specific
    institution.unpublish()
    page = html(client, practice.url)
    assert "Práctica de prueba visible" in page
    # ... and the unpublished institution is not named in its breadcrumbs
    assert "Municipio de Prueba Visible" not in page.split('class="breadcrumbs"', 1)[1][:2000]
    html(client, practice.url.rstrip("/").rsplit("/", 1)[0] + "/", status=404)


def test_a_private_page_asks_for_its_password_or_a_sign_in(client, practice):
    restriction = restrict(practice.get_parent(), "password")
    page = html(client, practice.url)
    assert 'type="password"' in page and "Práctica de prueba visible" not in page
    restriction.delete()
    restrict(practice, "login")
    response = client.get(practice.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_alias_takes_its_originals_restriction_as_in_wagtail(client, practice):
    elsewhere = publish(InstitutionPageFactory())
    alias = practice.create_alias(parent=elsewhere, update_slug=f"{practice.slug}-alias")
    assert "Práctica de prueba visible" in html(client, alias.url)
    restrict(practice, "password")
    assert 'type="password"' in html(client, alias.url)


def test_private_pages_stay_out_of_listings_and_the_menu(client, practice):
    listing = section(PracticeIndexPage).url
    assert "Práctica de prueba visible" in html(client, listing)
    restriction = restrict(practice, "password")
    assert "Práctica de prueba visible" not in html(client, listing)
    assert not visibility.visible_queryset(Page.objects.filter(pk=practice.pk)).exists()
    restriction.delete()
    assert "Práctica de prueba visible" in html(client, listing)

    practices = section(PracticeIndexPage)
    assert practices.title in menu(html(client, "/"))
    restrict(practices, "login")
    assert practices.title not in menu(html(client, "/"))


def test_the_menu_follows_publishing_renaming_unpublishing_and_moving(client):
    practices = section(PracticeIndexPage)
    revision = practices.save_revision()
    revision.content["title"] = "Buenas prácticas de prueba"
    revision.save()
    revision.publish()
    assert "Buenas prácticas de prueba" in menu(html(client, "/"))

    practices.refresh_from_db()
    practices.unpublish()
    assert "Buenas prácticas de prueba" not in menu(html(client, "/"))
    html(client, "/practicas/", status=404)
    practices.refresh_from_db()
    publish(practices)
    assert "Buenas prácticas de prueba" in menu(html(client, "/"))

    practices.refresh_from_db()
    practices.move(section(InstitutionIndexPage), pos="last-child")
    assert "Buenas prácticas de prueba" not in menu(html(client, "/"))


def test_the_private_sections_are_read_once_per_request(client, practice):
    from tests.factories.core import ThemeFactory

    restrict(publish(InstitutionPageFactory()), "password")
    # A related practice (a shared theme) and a partner: each asks who may be named.
    theme = ThemeFactory()
    practice.themes.add(theme)
    practice.partner_institutions.add(publish(InstitutionPageFactory()))
    publish(practice)
    related = PracticePageFactory(title="Práctica relacionada de prueba")
    related.themes.add(theme)
    publish(related)
    assert "Práctica relacionada de prueba" in html(client, practice.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(practice.url).status_code == 200
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if "wagtailcore_pageviewrestriction" in query["sql"]
    ]
    # The serve hook, the menu, related practices, partners and links share one read.
    assert len(reads) == 1, reads
    # Outside a request, every call reads afresh.
    with CaptureQueriesContext(connection) as queries:
        visibility.restricted_paths()
        visibility.restricted_paths()
    assert len(queries) == 2


def test_a_classified_page_reads_its_terms_in_one_statement(client, practice):
    from tests.factories.core import ThemeFactory

    theme = ThemeFactory(name="Convivencia de prueba")
    practice.themes.add(theme)
    publish(practice)
    client.get(practice.url)
    with CaptureQueriesContext(connection) as queries:
        page = html(client, practice.url)
    assert "Convivencia de prueba" in page
    sql = [query["sql"] for query in queries.captured_queries]
    terms = [statement for statement in sql if "practices_practicepage_levels" in statement]
    assert len(terms) == 1 and '"core_theme"' in terms[0]
    theme.name = "Convivencia renovada de prueba"
    theme.save()
    assert "Convivencia renovada de prueba" in html(client, practice.url)


def test_the_page_chooser_never_shows_another_institutions_pending_title(client):
    from tests.factories.accounts import editor_of

    ours = publish(InstitutionPageFactory(title="Municipio propio de prueba"))
    theirs = publish(InstitutionPageFactory(title="Municipio ajeno de prueba"))
    retitled = publish(PracticePageFactory(parent=theirs, title="Práctica ajena publicada"))
    untouched = publish(PracticePageFactory(parent=theirs, title="Práctica ajena sin cambios"))
    revision = retitled.save_revision()
    revision.content["title"] = "Título secreto en borrador"
    revision.save()
    retitled.draft_title = "Título secreto en borrador"
    retitled.save(update_fields=["draft_title"])
    client.force_login(editor_of(ours))
    page = client.get(f"/admin/choose-page/{theirs.pk}/").json()["html"]
    assert "Título secreto en borrador" not in page
    assert untouched.title in page
    found = client.get("/admin/choose-page/search/?q=secreto")
    assert found.status_code == 200
    assert "Título secreto en borrador" not in found.content.decode("unicode_escape")
