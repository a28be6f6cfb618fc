"""Private sections are read once per GET request, and never kept from one request to the next."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from portal.core import visibility
from portal.practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db


def _restriction_reads(queries) -> int:
    return sum(
        'FROM "wagtailcore_pageviewrestriction"' in query["sql"]
        and 'INNER JOIN "wagtailcore_page"' in query["sql"]
        for query in queries.captured_queries
    )


def test_a_page_reads_the_private_sections_once(client):
    practice = PracticePage.objects.live().filter(themes__isnull=False).first()
    client.get(practice.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(practice.url).status_code == 200
    # related practices, adaptations, partners and the menu all exclude private sections
    assert _restriction_reads(queries) == 1


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


def test_posts_are_not_given_a_kept_list(rf):
    seen = []

    def view(request):
        seen.append(visibility._kept.get())
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = visibility.ViewRestrictionsOnce(view)
    middleware(rf.post("/"))
    middleware(rf.get("/"))
    assert seen == [None, {}]
    assert visibility._kept.get() is None
