"""Pages that must never reach an API, export, feed, harvest or sitemap."""

import pytest
from wagtail.models import PageViewRestriction

from portal.institutions.models import InstitutionPage
from portal.practices.models import ManualPage, PracticePage


@pytest.fixture
def hidden(django_capture_on_commit_callbacks):
    """A draft, a private page, an unpublished page and a live page with a newer draft."""
    penalolen = InstitutionPage.objects.get(slug="penalolen")
    with django_capture_on_commit_callbacks(execute=True):
        draft = PracticePage(
            title="BORRADOR nunca publicado", slug="borrador-oai", live=False, summary="x"
        )
        penalolen.add_child(instance=draft)
        draft.save_revision()

        private = PracticePage(title="PRIVADA con restricción", slug="privada-oai", summary="x")
        penalolen.add_child(instance=private)
        private.save_revision().publish()
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="clave-larga-1"
        )
        private.save_revision().publish()  # the restriction is seen at the next publish

        withdrawn = PracticePage(title="RETIRADA despublicada", slug="retirada-oai", summary="x")
        penalolen.add_child(instance=withdrawn)
        withdrawn.save_revision().publish()
        withdrawn.unpublish()

        changed = ManualPage.objects.live().first()
        published_title = changed.title
        changed.title = "TÍTULO EN BORRADOR"
        changed.save_revision()
    return {"pages": [draft, private, withdrawn], "changed": (changed, published_title)}


@pytest.fixture(scope="session")
def site_pages(django_db_setup, django_db_blocker) -> dict[str, str]:
    """Address -> HTML of every public page type in both languages (``tests/opendata/crawl``),
    crawled once per test session over the demo content (read only)."""
    from django.test import Client

    from portal.observatories.models import IndicatorSeries
    from tests.opendata.crawl import EXTRA, crawl

    with django_db_blocker.unblock():
        series = list(IndicatorSeries.objects.order_by("pk").values_list("pk", flat=True)[:2])
        compare = [
            f"{prefix}/?a={series[0]}&b={series[1]}"
            for prefix in ("/observatorios/comparar", "/en/observatorios/compare")
            if len(series) == 2
        ]
        return crawl(Client(), extra=EXTRA + compare)
