"""The network the open-data tests read, and pages that must never reach an API, export, feed,
harvest or sitemap."""

import pytest

from tests.factories.network import build_network, municipal_institution
from tests.factories.pages import ManualPageFactory, PracticePageFactory, publish, restrict


@pytest.fixture
def network(db, django_capture_on_commit_callbacks):
    """Two published institutions (Chile, Mexico), each with one published item of every content
    type, indexed for search after the commit as in production (``tests/factories/network``)."""
    with django_capture_on_commit_callbacks(execute=True):
        return build_network()


@pytest.fixture
def hidden(db, django_capture_on_commit_callbacks):
    """Under Peñalolén's institution: a draft, a private page, an unpublished page and a live
    manual with a newer draft."""
    with django_capture_on_commit_callbacks(execute=True):
        penalolen = municipal_institution("CL", "13122", "penalolen", "Municipalidad de Peñalolén")
        draft = PracticePageFactory(
            parent=penalolen, title="BORRADOR nunca publicado", slug="borrador-oai", live=False
        )
        draft.save_revision()

        private = publish(
            PracticePageFactory(
                parent=penalolen, title="PRIVADA con restricción", slug="privada-oai"
            )
        )
        restrict(private, "password")
        private = publish(private)  # the restriction is seen at the next publish

        withdrawn = publish(
            PracticePageFactory(
                parent=penalolen, title="RETIRADA despublicada", slug="retirada-oai"
            )
        )
        withdrawn.unpublish()

        changed = publish(ManualPageFactory(parent=penalolen, title="Manual publicado oculto"))
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
