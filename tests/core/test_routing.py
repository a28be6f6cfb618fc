"""The portal's router (portal.core.routing) answers exactly as Wagtail's, in fewer queries."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from portal.core import routing
from portal.practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db


def _request():
    return RequestFactory().get("/", HTTP_HOST="localhost")


def _answer(result):
    """What a route result serves: the page (id and type) and the routable view, if any."""
    if result is None:
        return None
    page, args, kwargs = result
    view = None
    if args:
        func, view_args, view_kwargs = args
        view = (func.__name__, tuple(view_args), dict(view_kwargs))
    return (page.pk, type(page).__name__, view, kwargs)


def _both(path: str, language: str = "es"):
    with translation.override(language):
        ours = routing.route(_request(), path)
        wagtails = Page.route_for_request(_request(), path)
    return _answer(ours), _answer(wagtails)


def _paths_to_try():
    """Every page of every language, each routable page's own routes, and wrong addresses."""
    site = Site.objects.get(is_default_site=True)
    roots = site.root_page.get_translations(inclusive=True).select_related("locale")
    paths = []
    for root in roots:
        language = root.locale.language_code
        for page in root.get_descendants(inclusive=True).specific():
            relative = page.url_path[len(root.url_path) :]
            paths.append((relative, language))
            if isinstance(page, RoutablePageMixin):
                with translation.override(language):
                    for pattern in page.get_subpage_urls():
                        if pattern.name and not pattern.pattern.regex.groups:
                            route = page.reverse_subpage(pattern.name).lstrip("/")
                            paths.append((relative + route, language))
                paths.append((relative + "no-such-route/", language))
            paths.append((relative + "no-such-child/", language))
            paths.append((relative + "no-such-child/deeper/", language))
    return paths


def test_every_page_and_route_is_found_as_wagtail_finds_it():
    paths = _paths_to_try()
    assert len(paths) > 100
    ratings = PracticeIndexPage.objects.live().first().reverse_subpage("ratings")
    assert any(path.endswith(ratings.lstrip("/")) for path, _language in paths)
    found = 0
    for path, language in paths:
        ours, wagtails = _both(path, language)
        assert ours == wagtails, f"{language} {path!r}: ours {ours}, Wagtail's {wagtails}"
        found += ours is not None
    assert found > 40
    for language in ("es", "en"):
        ours, wagtails = _both("", language)
        assert ours is not None and ours == wagtails


def test_unpublished_pages_and_their_children_are_routed_as_wagtail_does():
    practice = PracticePage.objects.live().first()
    institution = practice.get_parent().specific
    root_path = Site.objects.get(is_default_site=True).root_page.url_path
    practice_path = practice.url_path[len(root_path) :]
    institution.unpublish()
    # Wagtail still serves a live page below an unpublished one (the tree is not a permission).
    ours, wagtails = _both(practice_path)
    assert ours == wagtails and ours[0] == practice.pk
    assert _both(institution.url_path[len(root_path) :]) == (None, None)
    practice.unpublish()
    assert _both(practice_path) == (None, None)


def test_a_routable_page_answers_its_routes_before_its_children():
    index = PracticeIndexPage.objects.live().first()
    root = Site.objects.get(is_default_site=True).root_page
    # A child whose slug is one of the index's routes is shadowed by the route, as in Wagtail.
    route = index.reverse_subpage("ratings").strip("/")
    index.add_child(instance=Page(title="Ratings", slug=route))
    path = index.url_path[len(root.url_path) :] + route + "/"
    ours, wagtails = _both(path)
    assert ours == wagtails
    assert ours[0] == index.pk and ours[2] is not None


def test_the_router_reads_the_same_few_rows_at_any_depth():
    root = Site.objects.get(is_default_site=True).root_page
    shallow = Page.objects.live().filter(depth=root.depth + 1).first()
    deep = PracticePage.objects.live().first()
    assert deep.depth >= root.depth + 3
    counts = {}
    for page in (shallow, deep):
        routing.route(_request(), page.url_path[len(root.url_path) :])  # content types, once
    for page in (shallow, deep):
        request = _request()
        Site.find_for_request(request)
        with CaptureQueriesContext(connection) as queries:
            result = routing.route(request, page.url_path[len(root.url_path) :])
        assert result[0].pk == page.pk
        counts[page.depth] = len(queries)
    assert set(counts.values()) == {3}, counts


def test_pages_are_served_through_the_router(client):
    practice = PracticePage.objects.live().first()
    response = client.get(practice.url)
    assert response.status_code == 200
    assert practice.title in response.content.decode()
    assert client.get(practice.url + "no-such-child/").status_code == 404
    english_home = client.get("/en/")
    assert english_home.status_code == 200
    assert '<html lang="en"' in english_home.content.decode()
