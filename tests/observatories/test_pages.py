"""The observatory page and its reports (Peñalolén's observatory, built in conftest)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.observatories.models import ObservatoryPage, ObservatoryReportPage

from .conftest import REPORT_TITLE, add_observatory, series

pytestmark = pytest.mark.django_db


def test_the_observatory_page_shows_territory_holdings_series_and_reports(
    client, penalolen_observatory
):
    response = client.get(penalolen_observatory.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "270\xa0054",
        "70\xa0065",
        "Macrosectores",
        "31",
        "Unidades vecinales",
        "Datos de la fiscalía",
        "Llamados a líneas de emergencia",
        "A solicitud",
        "desde 2021",
        "Denuncias de delitos — Peñalolén",
        "chart--series",
        "Valor ilustrativo",  # the series' source says its values are illustrative
        REPORT_TITLE,
        "Ningún otro observatorio publica aún este indicador",
    ):
        assert text in html, text
    # Every series has an accessible table beside its chart.
    assert html.count("<table") == 1 + penalolen_observatory.series.count()


def test_the_observatory_page_query_count_does_not_grow_with_series(client, penalolen_observatory):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(penalolen_observatory.url).status_code == 200
        return len(queries)

    before = count()
    other = add_observatory(
        "nezahualcoyotl",
        "obs-neza",
        series_list=[
            series("Denuncias de delitos", "denuncias", [("2020", 1)], territory=t)
            for t in ("A", "B", "C", "D")
        ],
    )
    assert other.series.count() == 4
    revision = penalolen_observatory.get_latest_revision_as_object()
    revision.series.add(series("Otro indicador", "%", [("2020", 1)]))
    revision.save_revision().publish()
    assert count() <= before + 2


def test_report_page_shows_its_date_as_precisely_as_known(client, penalolen_observatory):
    report = ObservatoryReportPage.objects.get(slug="cartografia-denuncias-y-llamados-1461-2021")
    assert report.institution.slug == "penalolen"
    html = client.get(report.url).content.decode()
    assert ">2021<" in html
    assert "1 de enero" not in html  # a year-only date never pretends to be a day
    assert "Observatorio de Gestión Local de Peñalolén" in html
    assert report.document and "download" in html


def test_reports_appear_in_the_evidence_search(client, penalolen_observatory):
    response = client.get("/buscar/?q=cartografía")
    titles = [entry.title for entry in response.context["result"].entries]
    assert REPORT_TITLE in titles


def test_observatories_only_live_below_institutions_and_reports_below_observatories():
    assert ObservatoryPage.allowed_parent_page_models()[0]._meta.label == (
        "institutions.InstitutionPage"
    )
    assert [m._meta.label for m in ObservatoryReportPage.allowed_parent_page_models()] == [
        "observatories.ObservatoryPage"
    ]


def test_a_series_cannot_mix_kinds_of_period_or_repeat_one():
    from django.core.exceptions import ValidationError

    mixed = series("X", "%", [("2020", 1), ("2021-03", 2)])
    with pytest.raises(ValidationError):
        mixed.full_clean(exclude=["page"])
    repeated = series("X", "%", [("2020", 1), ("2020", 2)])
    with pytest.raises(ValidationError):
        repeated.full_clean(exclude=["page"])
