"""A preview shows the editor's unsaved changes, also in relations the page reads in advance."""

import pytest

from portal.core.models import Theme
from portal.exchanges.models import ProjectActivity
from portal.practices.models import PracticeOutcome, PracticePage
from tests.factories.exchanges import ProjectPageFactory
from tests.factories.pages import publish
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db


def _preview(page) -> str:
    response = page.make_preview_request()
    response.render()
    assert response.status_code == 200
    return response.content.decode()


def test_practice_preview_shows_unsaved_outcomes_and_themes():
    practice = PracticePageFactory()
    practice.themes = list(Theme.objects.filter(locale__language_code="es")[:1])
    practice = PracticePage.objects.get(pk=publish(practice).pk)
    unused = Theme.objects.filter(locale__language_code="es").exclude(
        pk__in=practice.themes.values("pk")
    )[0]
    practice.outcomes = [PracticeOutcome(indicator="Indicador aún sin guardar", result="42")]
    practice.themes = [unused]

    html = _preview(practice)

    assert "Indicador aún sin guardar" in html
    assert unused.name in html
    # The published page is untouched, and still shows what was saved.
    assert PracticeOutcome.objects.filter(indicator="Indicador aún sin guardar").count() == 0


def test_project_preview_shows_unsaved_activities():
    project = publish(ProjectPageFactory())
    project.activities = [ProjectActivity(kind="seminar", title="Seminario aún sin guardar")]
    assert "Seminario aún sin guardar" in _preview(project)
