"""The one evaluation record: edited inline on practices and programs in the admin, shown on
their pages in Spanish and English, and served by the API with the same fields."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from portal.institutions.evaluations.models import Evaluation
from tests.factories.admin_forms import editor_form_data
from tests.factories.evaluations import EvaluationFactory
from tests.factories.pages import (
    InstitutionPageFactory,
    PracticePageFactory,
    ProgramPageFactory,
    publish,
)

pytestmark = pytest.mark.django_db

PAGE_TYPES = [PracticePageFactory, ProgramPageFactory]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("evalua", "evalua@example.org", "x" * 12)
    client.force_login(user)
    return client


def _inline(index: int, outcomes: tuple = (), **values) -> dict:
    """A new evaluation as the editor posts it, with its nested outcomes (dicts of fields)."""
    fields = {"id": "", "ORDER": str(index + 1), "title": "", "design": "", "year": "", "date": ""}
    fields |= {"evaluator": "", "evaluator_kind": "", "independent": "unknown", "sample": ""}
    fields |= {"findings": "", "citation": "", "link": "", "document": ""}
    fields |= {"outcomes-TOTAL_FORMS": str(len(outcomes)), "outcomes-INITIAL_FORMS": "0"}
    fields |= {"outcomes-MIN_NUM_FORMS": "0", "outcomes-MAX_NUM_FORMS": "1000"}
    for number, outcome in enumerate(outcomes):
        row = {"id": "", "ORDER": str(number + 1), "theme": "", "measure": "", "direction": ""}
        row |= {"effect_size": "", "confidence": ""}
        fields |= {f"outcomes-{number}-{name}": value for name, value in (row | outcome).items()}
    return {f"evaluations-{index}-{name}": value for name, value in (fields | values).items()}


@pytest.mark.parametrize("factory", PAGE_TYPES)
def test_the_admin_adds_an_evaluation_inline_and_the_page_shows_it(admin_client, factory):
    page = publish(factory(parent=InstitutionPageFactory()))
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(
        admin_client,
        url,
        **{"evaluations-TOTAL_FORMS": "1"},
        **_inline(
            0,
            title="Evaluación de impacto del programa",
            design="before_after_comparison",
            year="2022",
            evaluator="Universidad de la Frontera",
            evaluator_kind="academic",
            independent="true",
            sample="12 barrios",
            findings="Bajan los robos con violencia.",
            citation="Pérez, A. (2022). Informe final.",
            link="https://example.org/estudio",
        ),
    )
    response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context and response.context.get("form").errors

    saved = Evaluation.objects.get(page=page)
    assert (saved.design, saved.year, saved.evaluator_kind, saved.independent) == (
        "before_after_comparison",
        2022,
        "academic",
        True,
    )
    html = admin_client.get(page.url).content.decode()
    for text in (
        "Antes y después, con grupo de comparación",
        "Evaluación de impacto del programa",
        "Evaluación académica",
        "Equipo evaluador independiente",
        "Muestra o territorio: 12 barrios",
        "Bajan los robos con violencia.",
        "Pérez, A. (2022). Informe final.",
        'href="https://example.org/estudio"',
    ):
        assert text in html, text


@pytest.mark.parametrize("factory", PAGE_TYPES)
def test_the_admin_edits_and_removes_an_existing_evaluation(admin_client, factory):
    page = factory(parent=InstitutionPageFactory())
    kept = EvaluationFactory(page=page, sort_order=0)
    removed = EvaluationFactory(page=page, sort_order=1)
    publish(page)
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(
        admin_client,
        url,
        **{
            "evaluations-0-design": "time_series",
            "evaluations-0-independent": "false",
            "evaluations-1-DELETE": "1",
        },
    )
    assert data["evaluations-0-id"] == str(kept.pk) and data["evaluations-1-id"] == str(removed.pk)
    response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    assert list(
        Evaluation.objects.filter(page=page).values_list("pk", "design", "independent")
    ) == [(kept.pk, "time_series", False)]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("es", ["Cuasiexperimental con grupo de comparación", "Evaluación externa", "Hallazgos"]),
        ("en", ["Quasi-experimental with comparison group", "External evaluation", "Findings"]),
    ],
)
def test_the_evaluation_card_speaks_the_page_language(language, texts):
    evaluation = Evaluation(
        design=Evaluation.Design.QUASI_EXPERIMENTAL,
        evaluator_kind=Evaluation.EvaluatorKind.EXTERNAL,
        independent=False,
        findings="Texto.",
    )
    with translation.override(language):
        html = render_to_string(
            "includes/evaluations.html", {"evaluations": [evaluation], "heading_level": 3}
        )
    for text in texts:
        assert text in html
    assert "<h3>" in html


def test_a_date_gives_its_year_and_must_agree_with_it():
    evaluation = EvaluationFactory.build(page=None, year=None, date="2021-05-04")
    evaluation.date = evaluation._meta.get_field("date").to_python(evaluation.date)
    evaluation.clean()
    assert evaluation.year == 2021
    evaluation.year = 2020
    with pytest.raises(ValidationError) as refused:
        evaluation.clean()
    assert "date" in refused.value.message_dict


@pytest.mark.parametrize(
    ("factory", "collection"),
    [(PracticePageFactory, "practices"), (ProgramPageFactory, "programs")],
)
def test_the_api_serves_the_same_evaluation_fields_for_practices_and_programs(
    client, factory, collection
):
    page = factory(parent=InstitutionPageFactory())
    evaluation = EvaluationFactory(page=page, date="2023-06-01", independent=None)
    publish(page)
    data = client.get(f"/api/v1/{collection}/{page.pk}/").json()
    assert data["evaluations"] == [
        {
            "title": evaluation.title,
            "design": "quasi_experimental",
            "year": 2023,
            "date": "2023-06-01",
            "evaluator": "Universidad de prueba",
            "evaluator_kind": "academic",
            "independent": None,
            "sample": "Dos barrios de la comuna",
            "findings": "Bajan las denuncias en el barrio intervenido.",
            "citation": "",
            "link": "",
            "document": None,
            "outcomes": [],
        }
    ]
