"""The network the open-data tests read, and pages that must never reach an API, export, feed,
harvest or sitemap."""

import pytest

from tests.factories.network import build_network, municipal_institution
from tests.factories.pages import (
    InstitutionPageFactory,
    ManualPageFactory,
    PracticePageFactory,
    publish,
    restrict,
)


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


@pytest.fixture
def site_pages(network, client) -> dict[str, str]:
    """Address -> HTML of every public page type in both languages (``tests/opendata/crawl``),
    crawled over the network, an institution that is not a municipality and a published funding
    index edition (its comuna pages)."""
    from portal.observatories.models import IndicatorSeries
    from tests.factories.funding import published_edition
    from tests.opendata.crawl import EXTRA, crawl

    publish(InstitutionPageFactory(title="Fundación de prueba"))
    published_edition(year=2023)
    series = list(IndicatorSeries.objects.order_by("pk").values_list("pk", flat=True)[:2])
    assert len(series) == 2
    compare = [
        f"{prefix}/?a={series[0]}&b={series[1]}"
        for prefix in ("/observatorios/comparar", "/en/observatorios/compare")
    ]
    return crawl(client, extra=EXTRA + compare)
