"""The evidence gap map: each cell counts the visible practices and programs with an evaluation of
that outcome, their evaluations and the best level the rules give there; filters, CSV and the
table carry the same figures; a private or unpublished page is never counted; bad filters get a
message and a 400."""

import csv
import io
import re

import pytest

from portal.core.models import PreventionApproach, Theme
from tests.factories.evaluations import EvaluationFactory, EvaluationOutcomeFactory
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.pages import PracticePageFactory, ProgramPageFactory, publish, restrict

pytestmark = pytest.mark.django_db

MAP = "/practicas/mapa-de-evidencia/"


def term(model, slug):
    return model.objects.get(slug=slug, locale__language_code="es")


def rated(factory, owner, slug, approach, found, *, live=True):
    """A page with ``approach`` and one evaluation per (design, direction, theme)."""
    page = factory(
        parent=owner, slug=slug, approaches=[term(PreventionApproach, approach)], live=False
    )
    for design, direction, theme in found:
        evaluation = EvaluationFactory(page=page, design=design)
        EvaluationOutcomeFactory(
            evaluation=evaluation, direction=direction, theme=term(Theme, theme)
        )
    return publish(page) if live else page


@pytest.fixture
def network():
    cl, mx = penalolen(), nezahualcoyotl()
    pages = {
        "strong": rated(PracticePageFactory, cl, "fuerte", "prevencion-situacional",
                        [("randomised", "improved", "espacios-publicos")]),
        "program": rated(ProgramPageFactory, cl, "programa", "prevencion-situacional",
                         [("monitoring", "improved", "espacios-publicos"),
                          ("time_series", "improved", "espacios-publicos")]),
        "mexico": rated(PracticePageFactory, mx, "mexico", "proximidad-policial",
                        [("monitoring", "", "confianza-en-la-policia")]),
        "private": rated(PracticePageFactory, cl, "privada", "mediacion",
                         [("randomised", "worsened", "espacios-publicos")]),
        "draft": rated(PracticePageFactory, cl, "borrador", "mediacion",
                       [("randomised", "worsened", "espacios-publicos")], live=False),
    }  # fmt: skip
    restrict(pages["private"], "login")
    return pages


def table(html: str) -> dict:
    """(outcome, approach) -> (pages, evaluations, best level) from the page's table."""
    body = html.split('class="gapmap__table"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td><a href="[^"]+">([^<]+)</a></td>'
        r"<td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td></tr>",
        body,
    )
    return {(o, a): (int(p), int(e), level) for o, a, p, e, level in rows}


def test_cells_count_pages_evaluations_and_the_best_level(client, network):
    response = client.get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert table(html) == {
        # the practice's randomised study: effective; the program's time series: promising
        ("Espacios públicos", "Prevención situacional"): (2, 3, "Efectiva"),
        # a level measured once: an evaluation on record, insufficient evidence
        ("Confianza en la policía", "Proximidad policial"): (1, 1, "Evidencia insuficiente"),
    }
    # One circle per cell of the table, with the same count, linked to the filtered listing.
    circles = re.findall(r'<circle class="gapmap__dot gapmap__dot--(\w+)"', html)
    assert sorted(circles) == ["effective", "insufficient"]
    assert "/practicas/?approach=prevencion-situacional&amp;theme=espacios-publicos" in html
    # The private and the unpublished practices (mediation, a harm) are not counted: no
    # harmful circle above, no mediation row in the table.


def test_filters_and_csv_give_the_same_figures(client, network):
    html = client.get(MAP, {"country": "MX"}).content.decode()
    assert list(table(html)) == [("Confianza en la policía", "Proximidad policial")]
    response = client.get(MAP, {"country": "CL", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = [
        r for r in csv.DictReader(io.StringIO(response.content.decode())) if r["evaluations"] != "0"
    ]
    assert rows == [
        {"outcome_theme": "espacios-publicos", "approach": "prevencion-situacional",
         "practices_and_programs": "2", "evaluations": "3", "best_level": "effective"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"country": "XX"}, "Código de país desconocido «XX»"),
        ({"population": "<script>"}, "Población objetivo desconocida «&lt;script&gt;»"),
        ({"group": "9"}, "Grupo del índice de financiamiento desconocido «9»"),
        ({"format": "pdf"}, "Formato desconocido «pdf»"),
    ],
)
def test_a_bad_filter_is_refused_with_a_message(client, network, query, message):
    response = client.get(MAP, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_the_map_has_an_english_address(client, network):
    response = client.get("/en/practicas/evidence-map/")
    assert response.status_code == 200
    assert "Evidence gap map" in response.content.decode()
    assert ("Public spaces", "Situational prevention") in table(response.content.decode())
