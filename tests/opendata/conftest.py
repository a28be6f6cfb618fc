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
