import pytest
from django.core.exceptions import ValidationError

from portal.core.models import HomePage
from portal.exchanges.models import ProjectPage
from portal.institutions.models import Country, InstitutionIndexPage, InstitutionPage
from portal.practices.models import ManualPage, PracticePage
from portal.programs.models import ProgramPage
from tests.factories.exchanges import FundPageFactory
from tests.factories.institutions import InstitutionPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [PracticePage, ManualPage, ProgramPage])
def test_content_lives_only_under_an_institution(model):
    assert model.can_create_at(InstitutionPageFactory())
    assert not model.can_create_at(HomePage.objects.get())
    assert not model.can_create_at(InstitutionIndexPage.objects.get())


def test_projects_live_under_a_fund_or_an_institution():
    assert ProjectPage.can_create_at(FundPageFactory())
    assert ProjectPage.can_create_at(InstitutionPageFactory())
    assert not ProjectPage.can_create_at(HomePage.objects.get())


def test_owner_is_derived_from_the_tree():
    penalolen = InstitutionPageFactory()
    practice = PracticePage(title="Práctica nueva", slug="practica-nueva", summary="Resumen.")
    penalolen.add_child(instance=practice)
    assert practice.institution == penalolen


def test_a_municipality_institution_needs_its_registry_record():
    page = InstitutionPage(title="Sin registro", slug="sin-registro", kind="municipality")
    page.country = Country.objects.get(code="CL")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "municipality" in error.value.message_dict


def test_end_year_before_start_year_is_refused():
    practice = PracticePage(title="X", slug="x", summary="s", start_year=2020, end_year=2019)
    with pytest.raises(ValidationError) as error:
        practice.clean()
    assert "end_year" in error.value.message_dict
