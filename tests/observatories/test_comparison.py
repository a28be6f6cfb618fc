"""Comparing a series with the same indicator of another observatory: only where units match."""

import pytest
from django.utils import translation

from portal.observatories.comparison import why_not_comparable

from .conftest import add_observatory, series

pytestmark = pytest.mark.django_db

YEARS = [("2019", 5100), ("2020", 4800), ("2021", 4650), ("2022", 4700), ("2023", 4500)]


@pytest.fixture
def neza():
    """Nezahualcóyotl publishes the same indicator as a count, a rate, and monthly."""
    return add_observatory(
        "nezahualcoyotl",
        "observatorio-neza",
        series_list=[
            # Same name once accents, case and spaces are ignored; same unit.
            series("  denuncias  de DELITOS ", "Denuncias", YEARS, territory="Nezahualcóyotl"),
            series(
                "Denuncias de delitos",
                "tasa por 100 mil hab.",
                [("2022", 412)],
                territory="Zona Norte",
            ),
            series("Denuncias de delitos", "denuncias", [("2022-01", 400)], territory="Zona Sur"),
            series("Robos a transeúnte", "denuncias", [("2022", 900)]),
        ],
    )


def by_territory(observatory):
    return {s.territory: s for s in observatory.series.all()}


def test_the_rule(crimes, neza):
    theirs = by_territory(neza)
    own_other = crimes.page.series.exclude(pk=crimes.pk).first()
    with translation.override("en"):
        assert why_not_comparable(crimes, theirs["Nezahualcóyotl"]) is None
        assert "units differ" in why_not_comparable(crimes, theirs["Zona Norte"])
        assert "yearly" in why_not_comparable(crimes, theirs["Zona Sur"])
        assert "not the same indicator" in why_not_comparable(crimes, theirs["Comuna"])
        assert "same observatory" in why_not_comparable(crimes, own_other)


def test_the_observatory_page_offers_only_comparable_series_as_links(client, crimes, neza):
    theirs = by_territory(neza)
    html = client.get(crimes.page.url).content.decode()
    link = f"?a={crimes.pk}&amp;b={theirs['Nezahualcóyotl'].pk}"
    assert link in html
    # The rate is listed with the reason, never as a link.
    assert f"b={theirs['Zona Norte'].pk}" not in html
    assert "Las unidades son distintas" in html and "tasa por 100 mil hab." in html
    # Another indicator is not mentioned at all.
    assert "Robos a transeúnte" not in html


def test_the_comparison_page_puts_both_series_side_by_side(client, crimes, neza):
    theirs = by_territory(neza)["Nezahualcóyotl"]
    response = client.get(f"/observatorios/comparar/?a={crimes.pk}&b={theirs.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "chart--series" in html and html.count("<polyline") == 2
    # One row per period of either series; a period only one of them has shows a dash.
    assert response.context["rows"][0][0] == "2018"
    rows = {period: (a, b) for period, a, b in response.context["rows"]}
    assert rows["2018"][1] is None and str(rows["2023"][1]) == "4500"
    assert "9\xa0850" in html and "4\xa0500" in html  # Spanish grouping


def test_units_that_differ_are_refused_in_words(client, crimes, neza):
    rate = by_territory(neza)["Zona Norte"]
    response = client.get(f"/observatorios/comparar/?a={crimes.pk}&b={rate.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "no se pueden comparar" in html and "Las unidades son distintas" in html
    assert "<polyline" not in html and response.context.get("rows") is None


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?a=1", 400),
        ("?a=1&b=dos", 400),
        ("?a=-1&b=2", 400),
        ("?a=99999999999&b=1", 400),
        ("?a=999999&b=999998", 404),
    ],
)
def test_malformed_or_unknown_series_get_a_clear_error(client, query, status):
    response = client.get(f"/observatorios/comparar/{query}")
    assert response.status_code == status
    assert "notice--error" in response.content.decode()


def test_unpublished_observatories_are_never_compared(client, crimes):
    draft = add_observatory(
        "nezahualcoyotl",
        "observatorio-borrador",
        publish=False,
        series_list=[series("Denuncias de delitos", "denuncias", YEARS)],
    )
    hidden = draft.series.get()
    assert f"b={hidden.pk}" not in client.get(crimes.page.url).content.decode()
    response = client.get(f"/observatorios/comparar/?a={crimes.pk}&b={hidden.pk}")
    assert response.status_code == 404
    assert "Observatorio observatorio-borrador" not in response.content.decode()


def test_comparison_in_english(client, crimes, neza):
    theirs = by_territory(neza)["Zona Norte"]
    response = client.get(f"/en/observatorios/compare/?a={crimes.pk}&b={theirs.pk}")
    assert response.status_code == 200
    assert "The units differ" in response.content.decode()


def test_the_list_of_candidates_does_not_grow_with_the_network(client, crimes, neza, monkeypatch):
    """Thousands of observatories may share an indicator: the page lists the first few (the
    comparable one before those with another unit) and says there are more."""
    from portal.observatories import comparison

    monkeypatch.setattr(comparison, "CANDIDATES_SHOWN", 1)
    html = client.get(crimes.page.url).content.decode()
    theirs = by_territory(neza)
    assert f"b={theirs['Nezahualcóyotl'].pk}" in html  # the comparable one comes first
    assert "tasa por 100 mil hab." not in html
    assert "Más observatorios publican este indicador" in html
