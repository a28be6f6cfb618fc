"""Private sections come from the site structure snapshot within GET requests, and are read
afresh elsewhere (portal/core/visibility.py, portal/core/structure.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from portal.core import structure, visibility
from portal.practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db


def _restriction_reads(queries) -> int:
    return sum(
        'FROM "wagtailcore_pageviewrestriction"' in query["sql"]
        and 'INNER JOIN "wagtailcore_page"' in query["sql"]
        for query in queries.captured_queries
    )


def test_a_page_reads_no_private_sections_once_they_are_known(client):
    practice = PracticePage.objects.live().filter(themes__isnull=False).first()
    with CaptureQueriesContext(connection) as first:
        assert client.get(practice.url).status_code == 200
    # related practices, adaptations, partners and the menu all exclude private sections,
    # and the page asks whether it is private itself: one read serves them all
    assert _restriction_reads(first) == 1
    client.get(practice.url)  # (the first visit may save its documents' sizes: a change)
    with CaptureQueriesContext(connection) as again:
        assert client.get(practice.url).status_code == 200
    assert _restriction_reads(again) == 0
    assert not any("wagtailcore_pageviewrestriction" in q["sql"] for q in again.captured_queries)


def test_a_section_made_private_disappears_at_the_next_request(client):
    listing = PracticeIndexPage.objects.get().url
    practice = PracticePage.objects.live().first()
    assert practice.title in client.get(listing).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
    )
    assert practice.title not in client.get(listing).content.decode()
    assert not Page.objects.public().filter(pk=practice.pk).exists()

    restriction.delete()
    assert practice.title in client.get(listing).content.decode()
    assert Page.objects.public().filter(pk=practice.pk).exists()


def test_outside_a_request_every_call_reads_afresh():
    practice = PracticePage.objects.live().first()
    with CaptureQueriesContext(connection) as queries:
        visibility.restricted_pages()
        visibility.restricted_pages()
    assert len(queries) == 2
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
    )
    assert practice.pk in [page.pk for page in visibility.restricted_pages()]


def test_posts_read_the_private_sections_afresh(rf):
    seen = []

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            visibility.restricted_pages()
        seen.append(len(queries))
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = structure.SnapshotPerRequest(view)
    middleware(rf.post("/"))
    middleware(rf.get("/"))
    middleware(rf.get("/"))
    assert seen == [1, 1, 0]
