"""The index follows publishing; a failing backend never breaks a publish or a page; no query,
however strange, produces a server error."""

import logging

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from portal.practices.models import PracticePage
from portal.search.models import SearchEntry
from portal.search.sync import index_pending

from .conftest import titles

pytestmark = pytest.mark.django_db

SEARCH = "/buscar/"


def test_publish_unpublish_and_restrict_keep_the_index_current(
    client, publish, django_capture_on_commit_callbacks
):
    page = publish(
        PracticePage(title="Ferias de barrio", slug="ferias", summary="Ferias vecinales.")
    )
    assert titles(client.get(SEARCH, {"q": "ferias"})) == ["Ferias de barrio"]
    entry = SearchEntry.objects.get(page=page)
    assert entry.indexed and entry.country == "CL" and entry.kind == "practices"

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert titles(client.get(SEARCH, {"q": "ferias"})) == []
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=page).delete()
    assert titles(client.get(SEARCH, {"q": "ferias"})) == ["Ferias de barrio"]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles(client.get(SEARCH, {"q": "ferias"})) == []
    assert not SearchEntry.objects.filter(page=page).exists()


def test_a_draft_change_is_not_searched_until_published(client, publish):
    page = publish(PracticePage(title="Canchas iluminadas", slug="canchas", summary="Deporte."))
    page.title = "Canchas SECRETAS"
    page.save_revision()
    assert titles(client.get(SEARCH, {"q": "secretas"})) == []
    assert titles(client.get(SEARCH, {"q": "canchas"})) == ["Canchas iluminadas"]


def test_a_backend_failure_during_publish_keeps_the_content_and_is_logged(
    client, publish, monkeypatch, caplog
):
    from wagtail.search.backends import get_search_backend

    backend_class = type(get_search_backend())

    def broken(*args, **kwargs):
        raise ConnectionError("search server down")

    monkeypatch.setattr(backend_class, "add_bulk", broken)
    with caplog.at_level(logging.ERROR, logger="portal.search.sync"):
        page = publish(PracticePage(title="Taller de murales", slug="murales", summary="Arte."))
    page.refresh_from_db()
    assert page.live  # the publish went through
    entry = SearchEntry.objects.get(page=page)
    assert not entry.indexed
    assert "Search backend failed" in caplog.text

    monkeypatch.undo()
    assert index_pending() >= 1
    entry.refresh_from_db()
    assert entry.indexed
    assert "Taller de murales" in titles(client.get(SEARCH, {"q": "murales"}))


def test_a_backend_that_is_down_answers_503_quickly(client, monkeypatch):
    from portal.search import service

    def down(self, base):
        raise TimeoutError("no answer")

    monkeypatch.setattr(service.Search, "_matches", down)
    response = client.get(SEARCH, {"q": "prevención"})
    assert response.status_code == 503
    assert "La búsqueda no está disponible por el momento" in response.content.decode()
    assert client.get(SEARCH, {"q": "prevención", "format": "json"}).status_code == 503


AWKWARD = [
    '"',
    "'",
    "(((",
    "a\x00b",
    "x" * 10_000,
    "palabra " * 300,
    "🙂 prevención",
    "-",
    '-"',
    '""',
    "a AND (b OR",
    "1' OR '1'='1; DROP TABLE wagtailcore_page; --",
    "foo & !bar | baz:*",
    "title:(a OR b)^3 ~2 *",
    "\u200b\u202e\ufeff",
    "-prevención",
]


@pytest.mark.parametrize("query", AWKWARD)
def test_awkward_queries_never_fail(client, query):
    for fmt in ("html", "json", "atom"):
        response = client.get(SEARCH, {"q": query, "format": fmt})
        assert response.status_code == 200, (query, fmt)


@settings(
    max_examples=60 if connection.vendor == "postgresql" else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(min_size=0, max_size=300))
def test_any_text_gets_an_answer_not_a_server_error(client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    response = client.get(SEARCH, {"q": query, "country": query[:10], "format": "json"})
    assert response.status_code == 200
