import pytest
from django.core.files.base import ContentFile
from django.db import connection

from portal.core.models import PortalDocument, Theme
from portal.institutions.models import InstitutionPage
from portal.practices.models import ManualPage
from tests.factories.files import make_pdf

POSTGRES = connection.vendor == "postgresql"
needs_stemming = pytest.mark.skipif(
    not POSTGRES, reason="SQLite's FTS5 index folds accents and case but does not stem"
)


def titles(response):
    return [entry.title for entry in response.context["result"].entries]


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page under an institution and run the after-commit indexing, as in production."""

    def publish_page(page, parent_slug="penalolen", themes=()):
        parent = InstitutionPage.objects.get(slug=parent_slug)
        with django_capture_on_commit_callbacks(execute=True):
            parent.add_child(instance=page)
            if themes:
                page.themes.set(Theme.objects.filter(slug__in=themes, locale__language_code="es"))
            page.save_revision().publish()
        return page

    return publish_page


@pytest.fixture
def manual_with_pdf(publish, django_capture_on_commit_callbacks):
    """A manual whose only mention of a word is inside its PDF."""
    penalolen = InstitutionPage.objects.get(slug="penalolen")
    with django_capture_on_commit_callbacks(execute=True):
        document = PortalDocument(title="Anexo técnico", collection=penalolen.access.collection)
        document.file.save(
            "anexo.pdf",
            ContentFile(make_pdf(["Protocolo de georreferenciación de luminarias en plazas"])),
            save=False,
        )
        document.save()
    manual = ManualPage(
        title="Manual de espacios seguros",
        slug="manual-espacios-seguros",
        summary="Cómo recuperar espacios públicos con la comunidad.",
        document=document,
    )
    return publish(manual)
