import pytest
from django.core.files.base import ContentFile
from django.db import connection

from portal.core.models import PortalDocument, Theme
from portal.institutions.models import InstitutionPage
from portal.practices.models import ManualPage
from tests.factories.files import make_pdf
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import publish as publish_revision

POSTGRES = connection.vendor == "postgresql"
needs_stemming = pytest.mark.skipif(
    not POSTGRES, reason="SQLite's FTS5 index folds accents and case but does not stem"
)


def titles(response):
    return [entry.title for entry in response.context["result"].entries]


def institution(slug: str) -> InstitutionPage:
    """The institution with ``slug``, built (and published) the first time it is asked for."""
    found = InstitutionPage.objects.filter(slug=slug).first()
    return found or publish_revision(InstitutionPageFactory(slug=slug, title=f"Institución {slug}"))


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page under an institution and run the after-commit indexing, as in production."""

    def publish_page(page, parent_slug="penalolen", themes=()):
        parent = institution(parent_slug)
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
    penalolen = institution("penalolen")
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


@pytest.fixture
def corpus(publish, django_capture_on_commit_callbacks):
    """A small indexed corpus: two Chilean pages of different types and a Mexican one, all about
    prevention, two about proximity, one tagged with domestic violence."""
    from portal.institutions.models import Country
    from portal.practices.models import PracticePage
    from portal.programs.models import ProgramPage

    mexico = Country.objects.get(code="MX")
    with django_capture_on_commit_callbacks(execute=True):
        publish_revision(InstitutionPageFactory(slug="chile-corpus", title="Comuna del corpus"))
        publish_revision(
            InstitutionPageFactory(
                slug="mexico-corpus", title="Municipio del corpus", country=mexico
            )
        )
    pages = [
        publish(
            PracticePage(
                title="Patrullaje de proximidad",
                slug="patrullaje-de-proximidad",
                summary="Prevención de la violencia con proximidad policial en los barrios.",
            ),
            parent_slug="chile-corpus",
            themes=["violencia-intrafamiliar"],
        ),
        publish(
            ProgramPage(
                title="Programa de prevención comunitaria",
                slug="prevencion-comunitaria",
                summary="Prevención de la violencia en la comuna con deporte y ciudadanía.",
            ),
            parent_slug="chile-corpus",
        ),
        publish(
            PracticePage(
                title="Modelo de proximidad social",
                slug="modelo-de-proximidad-social",
                summary="Prevención del delito con proximidad social.",
            ),
            parent_slug="mexico-corpus",
        ),
    ]
    return pages
