"""Editing an observatory in the admin: holdings, series values, reports; and who may do it."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.observatories.models import ObservatoryReportPage
from tests.accounts.conftest import make_user
from tests.factories.admin_forms import editor_form_data

from .conftest import institution

pytestmark = pytest.mark.django_db


def series_values(index: int, values: list[tuple[str, str]]) -> dict:
    return nested_form_data(
        {
            f"series-{index}-values": streamfield(
                [("value", {"period": p, "value": v}) for p, v in values]
            )
        }
    )


def all_series_values(page, **replace) -> dict:
    """The posted streams of every series as they are, with some replaced by position."""
    data = {}
    for i, item in enumerate(page.series.all()):
        points = replace.get(i, [(p, str(v)) for p, v in item.points()])
        data.update(series_values(i, points))
    return data


@pytest.fixture
def moderator_client(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("raiz-o", "raiz-o@example.org", "x-long-1")
    client.force_login(admin)
    return client


def test_holdings_and_series_values_are_edited_and_bad_ones_refused(
    moderator_client, penalolen_observatory
):
    client, page = moderator_client, penalolen_observatory
    url = f"/admin/pages/{page.pk}/edit/"
    data = {
        **editor_form_data(client, url),
        **all_series_values(page),
        "holdings-0-last_period": "2024-12",
        "holdings-0-first_period": "2019-01",
    }
    data.update(series_values(0, [("2022", "6880"), ("2023", "6500")]))
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    holding = page.holdings.first()
    assert holding.coverage == "2019-01–2024-12"
    assert [p for p, _v in page.series.first().points()] == ["2022", "2023"]

    # A last period before the first, and a series mixing years and months, are refused.
    data = {**editor_form_data(client, url), **all_series_values(page)}
    data["holdings-0-first_period"], data["holdings-0-last_period"] = "2024-01", "2020-01"
    data.update(series_values(0, [("2022", "1"), ("2023-05", "2")]))
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "El último periodo no puede ser anterior al primero" in html
    assert "Use un solo tipo de periodo" in html
    page.refresh_from_db()
    assert page.holdings.first().coverage == "2019-01–2024-12"


def test_an_editor_adds_a_report_to_their_observatory_but_not_to_anothers(
    client, penalolen_observatory
):
    penalolen = penalolen_observatory.institution
    neza = institution("nezahualcoyotl")
    url = f"/admin/pages/add/observatories/observatoryreportpage/{penalolen_observatory.pk}/"

    outsider = make_user("editor-neza-obs@example.org", groups=[neza.access.editors])
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        url,
        {
            "title": "Intruso",
            "slug": "intruso",
            "summary": "x",
            "kind": "report",
            "date": "2024-01-01",
            "date_precision": "day",
        },
    )
    assert response.status_code in (302, 403)
    assert not ObservatoryReportPage.objects.filter(slug="intruso").exists()

    editor = make_user("editor-obs@penalolen.example", groups=[penalolen.access.editors])
    client.force_login(editor)
    data = editor_form_data(
        client,
        url,
        title="Boletín de seguridad, marzo 2024",
        slug="boletin-marzo-2024",
        summary="Boletín mensual del observatorio.",
        kind="bulletin",
        date="2024-03-01",
        date_precision="month",
    )
    response = client.post(url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    report = ObservatoryReportPage.objects.get(slug="boletin-marzo-2024")
    assert report.institution == penalolen and not report.live
