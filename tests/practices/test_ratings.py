import pytest

from portal.core.models import PreventionApproach, TargetPopulation
from portal.institutions.evaluations.models import Evaluation
from portal.practices.models import PracticeOutcome, PracticePage
from portal.practices.ratings import CHECKLIST, documentation_quality, level_for
from tests.factories.institutions import penalolen as penalolen_institution

pytestmark = pytest.mark.django_db


def new_practice(**fields):
    penalolen = penalolen_institution()
    practice = PracticePage(
        title="Práctica de prueba", slug="practica-de-prueba", summary="Resumen.", **fields
    )
    penalolen.add_child(instance=practice)
    return practice


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "complete"),
        (85, "complete"),
        (84, "good"),
        (60, "good"),
        (59, "partial"),
        (30, "partial"),
        (29, "minimal"),
        (0, "minimal"),
    ],
)
def test_level_thresholds(score, level):
    assert level_for(score) == level


def test_an_empty_practice_is_minimal_and_lists_everything_missing():
    practice = new_practice()
    quality = documentation_quality(practice)
    assert quality.score == 0
    assert practice.documentation_level == "minimal"
    assert len(quality.missing) == len(CHECKLIST)


def test_empty_rich_text_does_not_count_as_filled():
    practice = new_practice(problem="<p> </p>", lessons="<p></p>")
    keys = {key for key, _label in documentation_quality(practice).present}
    assert "problem" not in keys and "lessons" not in keys


def test_a_fully_systematized_practice_is_complete():
    rich = "<p>Texto.</p>"
    practice = new_practice(
        problem=rich,
        general_objective="Objetivo.",
        territory="Toda la comuna",
        how_it_works=rich,
        theory_of_change=rich,
        implementation_steps=rich,
        team=rich,
        replication_staff="3 personas",
        budget_amount=1000,
        budget_currency="CLP",
        obstacles=rich,
        success_factors=rich,
        lessons=rich,
        recommendations=rich,
        contact_email="equipo@example.org",
        outcomes=[PracticeOutcome(indicator="Denuncias", baseline="10", result="8")],
        evaluations=[Evaluation(design="qualitative", evaluator="Universidad")],
    )
    practice.target_populations.set(
        [TargetPopulation.objects.filter(locale__language_code="es").first()]
    )
    practice.approaches.set([PreventionApproach.objects.filter(locale__language_code="es").first()])
    practice.save()
    practice.refresh_from_db()
    quality = documentation_quality(practice)
    assert quality.missing == []
    assert (practice.documentation_score, practice.documentation_level) == (100, "complete")


def test_documentation_level_is_stored_on_publish():
    practice = new_practice()
    practice.problem = "<p>Un problema descrito.</p>"
    practice.save_revision().publish()
    practice.refresh_from_db()
    assert practice.documentation_score == round(100 / len(CHECKLIST))


def test_a_judgement_of_the_impact_rating_is_for_moderators_only(client, network):
    from django.contrib.auth.models import Group

    from tests.accounts.conftest import make_user

    practice = network["ciudadania-deportiva"]
    penalolen = practice.institution
    editor = make_user("calificar@penalolen.example", groups=[penalolen.access.editors])
    moderator = make_user("califica@red.example", groups=[Group.objects.get(name="Moderators")])
    client.force_login(editor)
    form = client.get(f"/admin/pages/{practice.pk}/edit/").context["form"]
    assert "judged_rating" not in form.fields and "impact_rating" not in form.fields
    client.force_login(moderator)
    form = client.get(f"/admin/pages/{practice.pk}/edit/").context["form"]
    assert "judged_rating" in form.fields
    assert "impact_rating" not in form.fields  # the level shown is computed, never typed


def test_the_page_shows_both_ratings_and_what_is_missing(client, network):
    practice = network["modelo-de-proximidad-social"]
    html = client.get(practice.url).content.decode()
    assert "Evidencia insuficiente" in html
    assert practice.get_documentation_level_display() in html
    assert "7 de cada 10" in html  # the outcome table


def test_image_needs_alt_text_and_budget_needs_currency():
    from django.core.exceptions import ValidationError

    practice = PracticePage(title="X", slug="x", summary="s", budget_amount=500)
    with pytest.raises(ValidationError) as error:
        practice.clean()
    assert "budget_currency" in error.value.message_dict


def test_the_ratings_page_explains_both_ratings_and_counts_the_network(client, network):
    practices = PracticePage.objects.live().public()
    assert practices.count() == len(network)
    response = client.get("/practicas/calificaciones/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cómo se califican las prácticas" in html
    for label in ("Efectiva", "Prometedora", "Perjudicial", "Completa", "Mínima"):
        assert label in html
    context = response.context
    assert context["total"] == practices.count()
    cell = {
        (row["rating"].value, level.value): count
        for row in context["rows"]
        for level, count in row["cells"]
    }
    for practice in practices:
        assert cell[(practice.impact_rating, practice.documentation_level)] >= 1
    insufficient_partial = practices.filter(
        impact_rating="insufficient", documentation_level="partial"
    ).count()
    assert cell[("insufficient", "partial")] == insufficient_partial
    assert "?impact=insufficient&amp;documentation=partial" in html
    # Drafts are not counted.
    draft = new_practice()
    draft.unpublish()
    assert client.get("/practicas/calificaciones/").context["total"] == practices.count()


def test_the_ratings_page_has_an_english_address(client):
    response = client.get("/en/practicas/ratings/")
    assert response.status_code == 200
    assert "How practices are rated" in response.content.decode()


def test_a_practice_links_to_the_ratings_explanation(client, network):
    practice = network["modelo-de-proximidad-social"]
    assert "/practicas/calificaciones/" in client.get(practice.url).content.decode()


def test_the_contact_block_counts_as_a_contact():
    """The page shows a contact block for a role alone; the checklist must not say it lacks one."""
    by_role = documentation_quality(PracticePage(contact_role="Dirección de Seguridad Humana"))
    assert "contact" in {key for key, _label in by_role.present}
    nobody = documentation_quality(PracticePage(contact_role="", contact_email=""))
    assert "contact" in {key for key, _label in nobody.missing}
