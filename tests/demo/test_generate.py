"""The benchmark's content generator: its pages are real pages (they render, list and search)."""

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.utils.html import escape
from wagtail.models import Page

from portal.demo.generate import GENERATED_SLUG, generate, real_content_exists
from portal.practices.models import PracticePage
from portal.search.models import SearchEntry
from portal.search.service import Search

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    before = set(Page.objects.values_list("pk", flat=True))
    report = generate(50, seed=3)
    pages = Page.objects.exclude(pk__in=before).specific()
    return report, list(pages)


def test_generates_the_items_and_their_institutions(generated):
    report, pages = generated
    assert sum(report.items.values()) == 50
    kinds = {type(page).__name__ for page in pages}
    assert {"InstitutionPage", "PracticePage", "ManualPage", "ProgramPage"} <= kinds
    assert {"ObservatoryPage", "ObservatoryReportPage", "ProjectPage"} <= kinds
    assert all(GENERATED_SLUG.search(page.slug) for page in pages)
    assert report.seconds > 0


def test_the_tree_stays_consistent(generated):
    # treebeard's own check: paths, depths and numchild of every node.
    assert all(not problems for problems in Page.find_problems())
    for page in generated[1]:
        assert page.url_path == page.get_parent().url_path + page.slug + "/"
        assert page.locale.language_code == "es"


def test_every_generated_page_renders_like_a_published_one(client, generated):
    for page in generated[1]:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.live_revision.as_object().title == page.title
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title).encode() in response.content, page.url


def test_generated_practices_are_listed_and_filtered(client, generated):
    practice = next(p for p in generated[1] if isinstance(p, PracticePage))
    assert practice.institution is not None
    country = practice.institution.country.code
    response = client.get("/practicas/", {"country": country, "sort": "recent"})
    assert response.status_code == 200
    assert PracticePage.objects.live().filter(institution__country__code=country).exists()


def test_generated_items_are_found_by_the_search(generated):
    pages = [p for p in generated[1] if type(p).__name__ != "InstitutionPage"]
    assert SearchEntry.objects.filter(page__in=pages).count() == len(pages)
    practice = next(p for p in pages if isinstance(p, PracticePage))
    theme = practice.themes.first()
    query = QueryDict(mutable=True)
    # Generated titles repeat across institutions: the institution's facet narrows the results
    # to this practice's owner, so the first page holds it whatever the engine's ranking.
    query.update(
        {"q": practice.title, "theme": theme.slug, "institution": practice.institution.slug}
    )
    result = Search(query).run()
    assert practice.pk in [entry.page_id for entry in result.entries]


def test_the_command_refuses_a_database_with_real_content():
    assert real_content_exists()  # the demo content
    with pytest.raises(CommandError, match="not generated"):
        call_command("generate_content", "5")
