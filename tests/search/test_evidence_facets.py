"""The search filters by impact level and by the strongest design among a page's evaluations."""

import pytest

from portal.institutions.evaluations.models import Evaluation, EvaluationOutcome
from portal.practices.models import PracticePage
from portal.programs.models import ProgramPage
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db

SEARCH = "/buscar/"


def evaluated(model, title, slug, design, direction="improved"):
    page = model(title=title, slug=slug, summary="Intervención barrial zeltrona.")
    evaluation = Evaluation(design=design, title=f"Estudio de {title}")
    evaluation.outcomes = [
        EvaluationOutcome(measure="Riñas", direction=direction, confidence="significant")
    ]
    page.evaluations = [Evaluation(design="monitoring"), evaluation]
    return page


def facet(response, param):
    for item in response.context["result"].facets:
        if item.param == param:
            return {o.value: o.count for o in item.options}
    raise AssertionError(param)


def test_search_filters_by_design_and_level(client, publish):
    publish(evaluated(PracticePage, "Ensayo zeltrona", "ensayo-zeltrona", "randomised"))
    publish(evaluated(ProgramPage, "Serie zeltrona", "serie-zeltrona", "time_series"))
    publish(PracticePage(title="Sin evaluar zeltrona", slug="sin-evaluar", summary="zeltrona"))
    everything = client.get(SEARCH, {"q": "zeltrona"})
    assert facet(everything, "design") == {"randomised": 1, "time_series": 1}
    assert facet(everything, "impact") == {"effective": 1, "promising": 1, "not_evaluated": 1}
    assert titles(client.get(SEARCH, {"q": "zeltrona", "design": "randomised"})) == [
        "Ensayo zeltrona"
    ]
    assert titles(client.get(SEARCH, {"q": "zeltrona", "impact": "promising"})) == [
        "Serie zeltrona"
    ]
