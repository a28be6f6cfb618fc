"""The site structure snapshot (portal.core.structure): read once, renewed by every change.

Each test checks what a visitor sees after a change against what the database says, so a
snapshot kept too long fails here (the menu, a private section, a page's restrictions).
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from portal.core import pagecache, structure
from portal.practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db

STRUCTURE_TABLES = ('"wagtailcore_site"', '"wagtailcore_pageviewrestriction"', '"portal_cache"')


@pytest.fixture(autouse=True)
def shared_generation(settings, tmp_path):
    """The page cache folder that carries the generation every server process reads."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]


def structure_reads(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if any(table in query["sql"] for table in STRUCTURE_TABLES)
    ]


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), queries


def menu(html: str) -> str:
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def practices_section():
    return PracticeIndexPage.objects.get(locale__language_code="es")


def test_a_page_reads_the_site_structure_once_per_change(client):
    url = PracticePage.objects.live().first().url
    visit(client, url)  # (a first visit may save its documents' sizes: a change)
    structure.forget()
    _html, cold = visit(client, url)
    assert structure_reads(cold), "the first visit reads the site and the restrictions"
    _html, warm = visit(client, url)
    assert structure_reads(warm) == []
    # the site, its root in the visitor's language, the sections, the root paths (for URLs)
    # and the restrictions (which also answer whether the page itself is private)
    assert len(cold) - len(warm) >= 5


def test_the_menu_follows_renaming_and_unpublishing_a_section(client):
    section = practices_section()
    assert "Prácticas" in menu(visit(client, "/")[0])

    revision = section.save_revision()
    revision.content["title"] = "Buenas prácticas"
    revision.save()
    revision.publish()
    assert "Buenas prácticas" in menu(visit(client, "/")[0])

    section.refresh_from_db()
    section.unpublish()
    html = menu(visit(client, "/")[0])
    assert "Buenas prácticas" not in html and "/practicas/" not in html
    assert client.get("/practicas/").status_code == 404


def test_a_private_section_asks_for_its_password_from_the_next_request(client):
    practice = PracticePage.objects.live().first()
    institution = practice.get_parent()
    assert practice.title in visit(client, practice.url)[0]

    # On an ancestor: the practice below it is private too.
    restriction = PageViewRestriction.objects.create(
        page=institution, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
    )
    html = visit(client, practice.url)[0]
    assert 'type="password"' in html
    assert practice.title not in html

    restriction.delete()
    html = visit(client, practice.url)[0]
    assert 'type="password"' not in html
    assert practice.title in html


def test_an_alias_takes_its_originals_restriction_as_in_wagtail(client):
    practice = PracticePage.objects.live().first()
    elsewhere = (
        Page.objects.type(practice.get_parent().specific_class)
        .exclude(pk=practice.get_parent().pk)
        .first()
    )
    alias = practice.create_alias(parent=elsewhere, update_slug=f"{practice.slug}-alias")
    assert practice.title in visit(client, alias.url)[0]

    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
    )
    # The alias's own path has no restriction: only Wagtail's rule (the original's) protects it.
    assert 'type="password"' in visit(client, alias.url)[0]


def test_a_change_made_by_another_process_is_seen_when_the_generation_moves(client):
    section = practices_section()
    assert "Prácticas" in menu(visit(client, "/")[0])
    # Another server process renames the section: its signals run there, not here.
    Page.objects.filter(pk=section.pk).update(title="Repositorio")
    assert "Prácticas" in menu(visit(client, "/")[0])  # kept: nothing said it changed
    # ... and its commit moves the shared generation on (portal.core.pagecache).
    pagecache.start_new_generation()
    html = menu(visit(client, "/")[0])
    assert "Repositorio" in html and "Prácticas" not in html


def test_a_snapshot_is_never_kept_longer_than_its_maximum_age(client, monkeypatch):
    section = practices_section()
    visit(client, "/")
    Page.objects.filter(pk=section.pk).update(title="Repositorio")  # behind Django's back
    monkeypatch.setattr(structure, "MAX_AGE", -1)
    assert "Repositorio" in menu(visit(client, "/")[0])


def test_only_reads_use_it_and_a_request_that_writes_reads_afresh(rf):
    seen = []

    def view(request):
        seen.append(structure.current())
        if request.GET.get("write"):
            site = Site.objects.get(is_default_site=True)
            site.site_name = "Otra red"
            site.save()
            seen.append(structure.current())
        return HttpResponse("ok")

    middleware = structure.SnapshotPerRequest(view)
    middleware(rf.post("/"))
    assert seen == [None]

    seen.clear()
    middleware(rf.get("/", {"write": "1"}))
    assert isinstance(seen[0], structure.Snapshot)
    assert seen[1] is None  # its change is not committed: the database answers
    assert structure.current() is None  # nothing is left pinned after the request

    seen.clear()
    middleware(rf.get("/"))
    assert seen[0] is not None
    assert seen[0].site_for(rf.get("/")).site_name == "Otra red"


def test_the_health_check_reads_no_structure(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert structure_reads(queries) == []


def test_a_page_reads_only_which_terms_it_carries_and_sees_a_renamed_term(client):

    practice = PracticePage.objects.live().filter(themes__isnull=False).first()
    theme = practice.themes.first()
    visit(client, practice.url)
    visit(client, practice.url)
    html, queries = visit(client, practice.url)
    assert theme.name in html
    sql = [query["sql"] for query in queries.captured_queries]
    assert not any('FROM "core_theme"' in statement for statement in sql)
    # one statement reads all four link tables (related practices read two of them again)
    links = [statement for statement in sql if "practices_practicepage_levels" in statement]
    assert len(links) == 1 and "practices_practicepage_approaches" in links[0]

    theme.name = "Convivencia escolar renovada"
    theme.save()
    assert "Convivencia escolar renovada" in visit(client, practice.url)[0]
