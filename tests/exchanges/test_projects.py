"""Funds, projects, activities and transfers: what the public sees, and what is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portal.exchanges.models import (
    FundCall,
    FundPage,
    ProjectActivity,
    ProjectPage,
    Transfer,
)
from tests.factories.institutions import nezahualcoyotl, penalolen

from .conftest import FUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cooperation):
    return ProjectPage.objects.get(pk=cooperation.pk)


def test_a_project_keeps_its_activities_with_visitors_and_its_transfers(project):
    activities = list(project.activities.order_by("start_date"))
    assert [(a.start_date, a.end_date) for a in activities] == [
        (datetime.date(2022, 3, 21), datetime.date(2022, 3, 25)),
        (datetime.date(2022, 7, 25), datetime.date(2022, 7, 29)),
        (datetime.date(2022, 10, 23), datetime.date(2022, 10, 26)),
        (datetime.date(2022, 11, 6), datetime.date(2022, 11, 11)),
    ]
    # Each internship is one municipality visiting the other.
    for activity in activities:
        visitors = list(activity.visiting_institutions.all())
        assert len(visitors) == 1 and visitors[0] != activity.host_institution
    transfers = {t.name: t for t in project.transfers.all()}
    proximity = transfers[
        "Modelo de proximidad social policial (agentes preventivos de proximidad social)"
    ]
    assert (proximity.from_institution.slug, proximity.to_institution.slug) == (
        "nezahualcoyotl",
        "penalolen",
    )
    assert proximity.prevention_model.slug == "proximidad-social"
    to_neza = sorted(
        t.name for t in transfers.values() if t.to_institution.slug == "nezahualcoyotl"
    )
    assert to_neza == [
        "Modelo de promoción de derechos y prevención social",
        "Procuraduría (Defensoría) del Adulto Mayor",
        "Programa comunitario CATC",
    ]
    assert transfers["Procuraduría (Defensoría) del Adulto Mayor"].state == "institutionalized"


def test_project_page_shows_the_timeline_and_the_transfers(client, project):
    html = client.get(project.url).content.decode()
    assert html.count('class="timeline__item"') == 4
    assert "Lo que se transfirió" in html
    assert "Institucionalizado" in html and "Adoptado" in html
    assert "Servicio de vigilancia preventiva" in html  # the program the transfer links to
    assert "Visitantes" in html


def test_transfers_show_on_both_institutions_pages(client, cooperation):
    penalolen_html = client.get(penalolen().url).content.decode()
    neza_html = client.get(nezahualcoyotl().url).content.decode()
    assert "Modelos y prácticas que recibió" in penalolen_html
    assert "Modelo de proximidad social policial" in penalolen_html
    assert (
        "Programa comunitario CATC" in neza_html and "Modelos y prácticas que recibió" in neza_html
    )
    assert "Modelos y prácticas que compartió" in neza_html  # proximity went from Neza


def test_transfers_of_an_unpublished_project_stay_hidden(client, cooperation):
    cl, neza = penalolen(), nezahualcoyotl()
    draft = ProjectPage(
        title="Proyecto en borrador",
        slug="proyecto-borrador",
        summary="Borrador.",
        live=False,
        transfers=[
            Transfer(
                name="Modelo secreto",
                from_institution=neza,
                to_institution=cl,
                state="studied",
            )
        ],
    )
    cl.add_child(instance=draft)
    draft.save_revision()
    assert "Modelo secreto" not in client.get(cl.url).content.decode()
    assert "Proyecto en borrador" not in client.get("/cooperacion/red/").content.decode()


def test_fund_page_shows_its_portfolio_and_calls(client, cooperation):
    fund = FundPage.objects.get(slug=FUND)
    revision = fund.get_latest_revision_as_object()
    revision.calls = [
        FundCall(year=2021, name="Convocatoria 2021", budget=Decimal("250000"), currency="USD")
    ]
    revision.save_revision().publish()
    html = client.get(fund.url).content.decode()
    assert "Coproducción de Seguridad en el ámbito local" in html
    assert "Municipalidad de Peñalolén (CL)" in html and "Municipio de Nezahualcóyotl (MX)" in html
    assert "Convocatoria 2021" in html and "250\xa0000 USD" in html


def test_network_page_links_the_two_municipalities(client, cooperation):
    response = client.get("/cooperacion/red/")
    assert response.status_code == 200
    links = response.context["links"]
    assert len(links) == 1
    pair = {links[0]["a"].slug, links[0]["b"].slug}
    assert pair == {"penalolen", "nezahualcoyotl"}
    assert len(links[0]["transfers"]) == 4
    assert response.context["cross_border_count"] == 1
    assert client.get("/en/cooperacion/network/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        (
            {"start_date": datetime.date(2022, 3, 25), "end_date": datetime.date(2022, 3, 21)},
            "end_date",
        ),
        ({"start_date": datetime.date(2022, 3, 21), "place": "", "online": False}, "place"),
        (
            {"start_date": datetime.date(2022, 3, 21), "participants_in_person": -3},
            "participants_in_person",
        ),
    ],
)
def test_bad_activities_are_refused(fields, error_field):
    data = {"kind": "seminar", "title": "X", "place": "Lima", **fields}
    with pytest.raises(ValidationError) as error:
        ProjectActivity(**data).full_clean(exclude=["page"])
    assert error_field in error.value.message_dict


def test_an_activity_outside_the_project_is_flagged_not_refused(project):
    early = ProjectActivity(
        page=project, kind="seminar", title="Antes", start_date=datetime.date(2019, 5, 1), place="X"
    )
    early.full_clean(exclude=["page"])
    assert early.outside_project
    inside = ProjectActivity(
        page=project, kind="seminar", title="En", start_date=datetime.date(2022, 5, 1), place="X"
    )
    assert not inside.outside_project


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"budget": Decimal("-1"), "currency": "USD"}, "budget"),
        ({"budget": Decimal("1000")}, "currency"),
        ({"spent": Decimal("10")}, "currency"),
        (
            {"planned_start": datetime.date(2021, 1, 1), "planned_end": datetime.date(2020, 1, 1)},
            "planned_end",
        ),
        (
            {"actual_start": datetime.date(2021, 1, 1), "end_date": datetime.date(2020, 1, 1)},
            "end_date",
        ),
    ],
)
def test_bad_project_amounts_and_dates_are_refused(project, fields, error_field):
    for name, value in fields.items():
        setattr(project, name, value)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error_field in error.value.message_dict


def test_a_transfer_goes_between_two_institutions():
    cl = penalolen()
    with pytest.raises(ValidationError):
        Transfer(name="X", from_institution=cl, to_institution=cl, state="adopted").full_clean(
            exclude=["page"]
        )


def test_a_call_cannot_close_before_it_opens_and_needs_a_currency():
    with pytest.raises(ValidationError) as error:
        FundCall(
            year=2024,
            opens=datetime.date(2024, 5, 1),
            closes=datetime.date(2024, 4, 1),
            budget=Decimal("5"),
        ).full_clean(exclude=["page"])
    assert {"closes", "currency"} <= set(error.value.message_dict)


def test_a_new_fund_gets_its_own_coordinators_group_and_collection(cooperation):
    from portal.exchanges.models import CooperationIndexPage

    cooperation = CooperationIndexPage.objects.get()
    fund = FundPage(title="Fondo Nuevo", slug="fondo-nuevo", summary="S")
    cooperation.add_child(instance=fund)
    access = fund.access
    assert "coordinators" in access.coordinators.name
    codenames = set(
        access.coordinators.page_permissions.filter(page=fund).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "lock_page", "unlock_page"}
    old = FundPage.objects.get(slug=FUND).access
    assert access.coordinators != old.coordinators and access.collection != old.collection


def test_network_page_lists_links_a_page_at_a_time(client, cooperation, monkeypatch):
    from portal.exchanges.models import CooperationIndexPage
    from tests.factories.pages import InstitutionPageFactory, ProjectPageFactory, publish

    # Two more projects, each linking a new institution with Peñalolén.
    for number in range(2):
        partner = publish(InstitutionPageFactory(title=f"Socia {number}"))
        project = ProjectPageFactory(lead_institution=penalolen(), title=f"Proyecto {number}")
        project.partner_institutions.set([partner])
        publish(project)
    whole = client.get("/cooperacion/red/").content.decode()
    total = whole.count('class="network-link"')
    assert total == 3
    monkeypatch.setattr(CooperationIndexPage, "network_page_size", 1)
    first = client.get("/cooperacion/red/").content.decode()
    second = client.get("/cooperacion/red/?page=2").content.decode()
    assert first.count('class="network-link"') == second.count('class="network-link"') == 1
    assert first != second
    assert 'class="pagination"' in first and f"Página 1 de {total}" in first
    # The figures above the list still count the whole network.
    assert first.split('class="network-list"')[0] == whole.split('class="network-list"')[0]
