"""Ratings follow from the evaluations on record: the admin refuses a level the evaluations do not
support unless a reviewer writes why, the page shows the rule, the findings that counted, the
judgement and the history, and no stored rating disagrees with the rules without a judgement."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from portal.accounts.models import MODERATORS_GROUP
from portal.institutions.evaluations.models import RatingChange
from portal.practices.models import PracticePage
from portal.programs.models import ProgramPage
from tests.accounts.conftest import make_user
from tests.evaluations.test_evaluations import _inline
from tests.factories.admin_forms import editor_form_data
from tests.factories.evaluations import EvaluationFactory, EvaluationOutcomeFactory
from tests.factories.pages import (
    InstitutionPageFactory,
    PracticePageFactory,
    ProgramPageFactory,
    publish,
)

pytestmark = pytest.mark.django_db

PAGE_TYPES = [PracticePageFactory, ProgramPageFactory]


@pytest.fixture
def moderator(client):
    """A moderator of the network, with a name the page shows beside a judgement."""
    user = make_user("modera@red.example", groups=[Group.objects.get(name=MODERATORS_GROUP)])
    user.first_name, user.last_name = "Ana", "Revisora"
    user.save()
    client.force_login(user)
    return user


def post_edit(client, page, **overrides):
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(client, url, **overrides)
    return client.post(url, {**data, "action-publish": "action-publish"})


def errors(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.mark.parametrize("factory", PAGE_TYPES)
@pytest.mark.parametrize("justification", ["", "Lo vimos funcionar en terreno."])
def test_no_evaluated_level_without_an_evaluation(client, moderator, factory, justification):
    page = publish(factory(parent=InstitutionPageFactory()))
    revisions = page.revisions.count()
    response = post_edit(
        client, page, judged_rating="effective", impact_justification=justification
    )
    assert "necesita al menos una evaluación registrada" in errors(response)
    page.refresh_from_db()
    assert (page.impact_rating, page.judged_rating) == ("not_evaluated", "")
    assert page.revisions.count() == revisions
    assert not RatingChange.objects.filter(page=page, level="effective").exists()


@pytest.mark.parametrize("factory", PAGE_TYPES)
def test_a_raised_level_needs_a_justification_and_is_shown_as_a_judgement(
    client, moderator, factory
):
    page = factory(parent=InstitutionPageFactory(), live=False)  # published below, as in the admin
    evaluation = EvaluationFactory(page=page, design="monitoring", title="Monitoreo interno 2023")
    EvaluationOutcomeFactory(evaluation=evaluation, measure="Asistencia a talleres")
    page = publish(page)
    assert page.impact_rating == page.computed_rating == "insufficient"

    refused = post_edit(client, page, judged_rating="promising", impact_justification="")
    message = errors(refused)
    assert "Las reglas dan «Evidencia insuficiente»" in message
    assert "«Prometedora»" in message
    assert not type(page).objects.filter(pk=page.pk, judged_rating="promising").exists()

    why = "El equipo revisor conoce una réplica con grupo de comparación aún no publicada."
    accepted = post_edit(client, page, judged_rating="promising", impact_justification=why)
    assert accepted.status_code == 302
    page = type(page).objects.get(pk=page.pk)
    assert (page.impact_rating, page.computed_rating, page.judged_by) == (
        "promising",
        "insufficient",
        moderator,
    )
    html = client.get(page.url).content.decode()
    for text in (
        "Juicio del revisor",
        "Ana Revisora",
        why,
        "Según las reglas, con las evaluaciones registradas: Evidencia insuficiente.",
        "Asistencia a talleres",
    ):
        assert text in html, text
    history = list(RatingChange.objects.filter(page=page).order_by("changed_at", "pk"))
    assert [(c.level, c.judged) for c in history] == [
        ("insufficient", False),
        ("promising", True),
    ]
    assert history[1].previous_level == "insufficient" and history[1].reason == why


@pytest.mark.parametrize("factory", PAGE_TYPES)
def test_the_level_follows_the_outcomes_posted_with_the_evaluation(client, moderator, factory):
    page = publish(factory(parent=InstitutionPageFactory()))
    outcome = {"measure": "Robos con violencia denunciados", "direction": "improved"}
    outcome |= {"effect_size": "-18 %", "confidence": "significant"}
    response = post_edit(
        client,
        page,
        **{"evaluations-TOTAL_FORMS": "1"},
        **_inline(
            0,
            outcomes=(outcome,),
            title="Evaluación cuasiexperimental de la Universidad",
            design="quasi_experimental",
            year="2022",
        ),
    )
    assert response.status_code == 302, errors(response)
    page = type(page).objects.get(pk=page.pk)
    assert (page.computed_rating, page.impact_rating) == ("effective", "effective")
    html = client.get(page.url).content.decode()
    for text in (
        "Efectiva",
        "Un estudio aleatorizado o cuasiexperimental encontró una mejora estadísticamente",
        "Robos con violencia denunciados",
        "-18 %",
    ):
        assert text in html, text


def test_no_stored_rating_disagrees_with_the_rules_without_a_judgement():
    owner = InstitutionPageFactory()
    cases = [
        [],
        [("monitoring", "improved")],
        [("randomised", "improved")],
        [("quasi_experimental", "no_change"), ("before_after_comparison", "no_change")],
        [("time_series", "worsened")],
    ]
    for number, found in enumerate(cases):
        for factory in PAGE_TYPES:
            page = factory(parent=owner, slug=f"caso-{factory.__name__.lower()}-{number}")
            for design, direction in found:
                evaluation = EvaluationFactory(page=page, design=design)
                EvaluationOutcomeFactory(evaluation=evaluation, direction=direction)
            publish(page)
    assert_ratings_follow_the_rules()


def assert_ratings_follow_the_rules():
    """Every rated page: the stored level is the rules' one, or a justified judgement."""
    pages = [*PracticePage.objects.all(), *ProgramPage.objects.all()]
    assert pages
    for page in pages:
        rules = page.evidence.level
        assert page.computed_rating == rules, page
        if page.impact_rating != rules:
            assert page.judged_rating == page.impact_rating, page
            assert page.impact_justification.strip(), page


@pytest.mark.parametrize(
    ("factory", "collection"),
    [(PracticePageFactory, "practices"), (ProgramPageFactory, "programs")],
)
def test_the_api_carries_the_outcomes_the_rating_and_its_history(client, factory, collection):
    page = factory(parent=InstitutionPageFactory(), live=False)  # published below, as in the admin
    evaluation = EvaluationFactory(page=page, design="randomised")
    EvaluationOutcomeFactory(
        evaluation=evaluation, measure="Riñas en la vía pública", effect_size="-30 %"
    )
    publish(page)
    data = client.get(f"/api/v1/{collection}/{page.pk}/").json()
    assert data["evaluations"][0]["outcomes"] == [
        {
            "outcome": "riñas en la vía pública",
            "theme": "",
            "measure": "Riñas en la vía pública",
            "direction": "improved",
            "effect_size": "-30 %",
            "confidence": "significant",
        }
    ]
    evidence = data["evidence"]
    assert (evidence["level"], evidence["computed_level"], evidence["rule"]) == (
        "effective",
        "effective",
        "strong_improvement",
    )
    assert evidence["outcomes"] == [
        {"outcome": "riñas en la vía pública", "level": "effective", "rule": "strong_improvement",
         "findings": 1}
    ]  # fmt: skip
    assert [change["level"] for change in evidence["history"]] == ["effective"]
    assert evidence["judged"] is False and evidence["justification"] == ""


def test_oai_records_and_json_ld_carry_the_level_and_its_evaluations(client):
    page = PracticePageFactory(parent=InstitutionPageFactory(), live=False)
    evaluation = EvaluationFactory(
        page=page, design="randomised", title="Ensayo en doce barrios", link="https://example.org/e"
    )
    EvaluationOutcomeFactory(evaluation=evaluation)
    page = publish(page)
    xml = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content.decode()
    assert "<dc:description>Evidencia de impacto: Efectiva</dc:description>" in xml
    assert "Evaluación: Ensayo en doce barrios (Aleatorizado" in xml
    assert "<dc:relation>https://example.org/e</dc:relation>" in xml
    html = client.get(page.url).content.decode()
    assert '"reviewAspect": "Evidencia de impacto"' in html
    assert '"name": "Ensayo en doce barrios"' in html


def test_the_listing_exports_carry_the_levels_and_the_designs(client):
    page = PracticePageFactory(parent=InstitutionPageFactory(), live=False)
    for design in ("monitoring", "quasi_experimental", "monitoring"):
        EvaluationFactory(page=page, design=design)
    publish(page)
    rows = list(csv.DictReader(io.StringIO(client.get("/practicas/?format=csv").text)))
    assert [
        (r["impact_rating"], r["computed_rating"], r["judged_rating"], r["evaluation_designs"])
        for r in rows
    ] == [("insufficient", "insufficient", "", "quasi_experimental|monitoring")]
