import datetime

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.exchanges.models import ExchangeEventPage, FundPage, ProjectPage
from portal.institutions.models import InstitutionPage, Municipality
from portal.observatories.models import ObservatoryPage

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_demo_load_is_idempotent(capsys):
    before = Page.objects.count()
    call_command("load_demo")
    assert Page.objects.count() == before
    assert "0 created" in capsys.readouterr().out


def test_demo_institutions_point_at_the_registry():
    penalolen = InstitutionPage.objects.filter(locale__language_code="es").get(slug="penalolen")
    assert penalolen.municipality.code == "13122"
    assert penalolen.region.code == "13"
    assert penalolen.municipality.population == 270_054
    assert penalolen.municipality.households == 70_065
    neza = InstitutionPage.objects.filter(locale__language_code="es").get(slug="nezahualcoyotl")
    assert neza.municipality.code == "15058"
    assert neza.country.code == "MX"


def test_observatory_facts_from_the_seed():
    observatory = ObservatoryPage.objects.filter(locale__language_code="es").get()
    assert (observatory.founded_year, observatory.restructured_year) == (2018, 2021)
    assert observatory.institution.slug == "penalolen"


def test_cooperation_project_with_its_four_activities():
    fund = FundPage.objects.filter(locale__language_code="es").get()
    assert fund.year_created == 2016
    assert sorted(fund.countries.values_list("code", flat=True)) == ["CL", "MX"]
    project = ProjectPage.objects.filter(locale__language_code="es").get()
    assert project.fund.pk == fund.pk
    assert project.lead_institution.slug == "penalolen"
    assert [p.slug for p in project.partner_institutions.all()] == ["nezahualcoyotl"]
    assert (project.municipalities_reached, project.online_participants) == (87, 1500)
    dates = [(a.start_date, a.end_date) for a in project.activities.order_by("start_date")]
    assert dates == [
        (datetime.date(2022, 3, 21), datetime.date(2022, 3, 25)),
        (datetime.date(2022, 7, 25), datetime.date(2022, 7, 29)),
        (datetime.date(2022, 10, 23), datetime.date(2022, 10, 26)),
        (datetime.date(2022, 11, 6), datetime.date(2022, 11, 11)),
    ]


def test_metropolitan_meeting():
    meeting = ExchangeEventPage.objects.filter(locale__language_code="es").get()
    assert meeting.municipalities_reached == 52
    assert meeting.municipality == Municipality.objects.get(country__code="CL", code="13203")
    assert meeting.institution.slug == "gobierno-de-santiago"


def test_project_page_shows_activities(client):
    project = ProjectPage.objects.filter(locale__language_code="es").get()
    html = client.get(project.url).content.decode()
    for activity in project.activities.all():
        assert activity.title in html
