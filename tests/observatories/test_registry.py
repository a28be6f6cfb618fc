"""“Who measures this?” and the observatory listing's filters, read from the data holdings."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from portal.observatories.models import DataHolding

from .conftest import add_observatory, holding, theme

pytestmark = pytest.mark.django_db

WHO = "/observatorios/quien-mide/"


@pytest.fixture
def neza(penalolen_observatory):
    """Nezahualcóyotl's observatory, beside Peñalolén's (conftest)."""
    return add_observatory(
        "nezahualcoyotl",
        "observatorio-neza",
        holdings=[
            holding(
                "Encuesta de victimización",
                "surveys",
                "municipality",
                theme=theme("percepcion-de-inseguridad"),
                access="public",
                periodicity="yearly",
            ),
            holding(
                "Incidencia por cuadrante",
                "police",
                "sector",
                theme=theme("incidencia-delictiva"),
                access="on_request",
            ),
        ],
    )


def observatories_in(response):
    return [group["observatory"].slug for group in response.context["groups"]]


def test_a_theme_lists_every_observatory_that_holds_it_and_at_what_level(client, neza):
    response = client.get(f"{WHO}?theme=percepcion-de-inseguridad")
    assert response.status_code == 200
    # Peñalolén holds 1461 calls at point level: finer than Neza's municipal survey, so first.
    assert observatories_in(response) == ["observatorio-de-gestion-local", "observatorio-neza"]
    penalolen, neza_group = response.context["groups"]
    assert [h.name for h in penalolen["holdings"]] == [
        "Llamados al número de seguridad y emergencia 1461",
        "Percepción de temor y demandas de los vecinos",
    ]
    assert [h.name for h in neza_group["holdings"]] == ["Encuesta de victimización"]
    html = response.content.decode()
    assert "2 observatorios tienen datos de Percepción de inseguridad" in html
    assert "Unidad vecinal" in html and "Punto (dirección o coordenadas)" in html
    assert "Público" in html and "Interno" in html
    # Holdings on other themes of the same observatories are not listed.
    assert "Incidencia por cuadrante" not in html and "Casos de violencia" not in html


def test_a_source_and_a_level_narrow_it_down_holding_by_holding(client, neza):
    police = client.get(f"{WHO}?source=police")
    assert observatories_in(police) == ["observatorio-de-gestion-local", "observatorio-neza"]
    # Theme, source and level must all hold for one and the same holding.
    both = client.get(f"{WHO}?theme=percepcion-de-inseguridad&source=surveys&level=municipality")
    assert observatories_in(both) == ["observatorio-neza"]
    # A combination no single holding has gives an empty answer, not a mix of holdings.
    none = client.get(f"{WHO}?theme=violencia-intrafamiliar&source=police")
    assert observatories_in(none) == []
    assert "Ningún observatorio publicado tiene esta combinación" in none.content.decode()


def test_without_a_choice_it_shows_what_the_network_holds(client, neza):
    response = client.get(WHO)
    assert response.context["groups"] is None
    themes = {slug: count for slug, _label, count in response.context["themes"]}
    assert themes["percepcion-de-inseguridad"] == 2 and themes["violencia-intrafamiliar"] == 1
    html = response.content.decode()
    assert "?theme=incidencia-delictiva" in html and "?source=emergency_calls" in html


@pytest.mark.parametrize(
    "query",
    [
        "?theme=astrologia",
        "?source=tarot",
        "?theme=<script>alert(1)</script>",
        "?level=galaxia&theme=percepcion-de-inseguridad",
        "?theme=" + "x" * 5000,
    ],
)
def test_unknown_choices_are_reported_and_ignored(client, query):
    response = client.get(WHO + query)
    assert response.status_code == 200
    assert response.context["notices"]
    assert "<script>alert(1)" not in response.content.decode()


def test_unpublished_and_private_observatories_are_not_listed(client):
    add_observatory(
        "nezahualcoyotl",
        "borrador",
        publish=False,
        holdings=[holding("Secreto", "police", "point", theme=theme("crimen-organizado"))],
    )
    private = add_observatory(
        "nezahualcoyotl",
        "privado",
        holdings=[holding("Privado", "police", "point", theme=theme("crimen-organizado"))],
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get(f"{WHO}?source=police")
    assert "borrador" not in observatories_in(response)
    assert "privado" not in observatories_in(response)
    assert "crimen-organizado" not in {slug for slug, *_ in response.context["themes"]}


def test_english(client, neza):
    response = client.get("/en/observatorios/who-measures/?source=surveys")
    assert response.status_code == 200
    assert "Perception and victimization surveys" in response.content.decode()


def test_listing_filters_by_source_level_access_and_kind(client, neza):
    def slugs(query):
        return {item.slug for item in client.get("/observatorios/" + query).context["items"]}

    assert slugs("") == {"observatorio-de-gestion-local", "observatorio-neza"}
    assert slugs("?source=emergency_calls") == {"observatorio-de-gestion-local"}
    assert slugs("?access=public") == {"observatorio-neza"}
    assert slugs("?level=sector&country=MX") == {"observatorio-neza"}
    assert slugs("?theme=violencia-intrafamiliar") == {"observatorio-de-gestion-local"}
    assert slugs("?kind=municipal&source=surveys") == {
        "observatorio-de-gestion-local",
        "observatorio-neza",
    }
    response = client.get("/observatorios/?source=tarot")
    assert response.status_code == 200 and response.context["listing"].notices


def test_holding_periods_are_checked():
    bad = DataHolding(
        name="X",
        source="police",
        level="point",
        access="public",
        first_period="2023",
        last_period="2021",
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean(exclude=["page"])
    assert "last_period" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        DataHolding(
            name="X", source="police", level="point", access="public", first_period="enero"
        ).full_clean(exclude=["page"])
    assert "first_period" in error.value.message_dict
    DataHolding(
        name="X",
        source="police",
        level="point",
        access="public",
        first_period="2019-01",
        last_period="2023-12",
    ).full_clean(exclude=["page"])
