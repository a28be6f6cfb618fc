"""The demo's ratings follow from what its seeds record, by the rules (issue 26): the ENSU 2023
perception figures for Nezahualcóyotl (a survey measurement, no comparison group) and the
internal monitoring of Peñalolén's model and program (monitoring only)."""

import pytest

from portal.demo.generate import generate
from portal.practices.models import PracticePage
from portal.programs.models import ProgramPage
from tests.evaluations.test_judgement import assert_ratings_follow_the_rules

pytestmark = pytest.mark.django_db


def test_the_demo_ratings_follow_from_its_evaluations(client):
    neza = PracticePage.objects.filter(locale__language_code="es").get(
        institution__slug="nezahualcoyotl"
    )
    evaluation = neza.evaluations.get()
    assert (evaluation.design, evaluation.evaluator_kind) == ("monitoring", "external")
    assert [o.effect_size for o in evaluation.outcomes.all()][0] == "7 de cada 10"
    assert (neza.impact_rating, neza.judged_rating) == ("insufficient", "")
    html = client.get(neza.url).content.decode()
    assert "Evidencia insuficiente" in html
    assert "Habitantes que confían en su policía municipal" in html
    assert "Hay evaluaciones registradas, pero ninguna informa la dirección" in html

    program = ProgramPage.objects.filter(locale__language_code="es").get(
        slug="plan-de-crianza-positiva"
    )
    assert program.evaluations.get().design == "monitoring"
    assert program.impact_rating == "insufficient"
    assert "Monitoreo interno con indicadores de eficiencia, eficacia y calidad" in (
        client.get(program.url).content.decode()
    )
    # Nothing in the demo is rated by hand.
    assert not PracticePage.objects.exclude(judged_rating="").exists()
    assert_ratings_follow_the_rules()


def test_generated_ratings_follow_the_rules():
    generate(30, seed=5)
    assert_ratings_follow_the_rules()
