import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.institutions.models import Country, Municipality, Region
from tests.factories.every import one_of_every_page_type, portal_page_models
from tests.factories.exchanges import ExchangeEventPageFactory
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import PracticePageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(
        "root", "root@example.org", "a-long-password-1"
    )
    client.force_login(user)
    return client


def test_admin_edit_form_opens_for_every_page_type(admin_client):
    seen = set()
    for page in one_of_every_page_type():
        seen.add(type(page))
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, type(page).__name__
    assert seen == set(portal_page_models())
    assert len(seen) >= 12


@pytest.mark.parametrize(
    "model", ["theme", "targetpopulation", "preventionapproach", "preventionlevel"]
)
def test_vocabularies_are_managed_as_snippets(admin_client, model):
    response = admin_client.get(f"/admin/snippets/core/{model}/")
    assert response.status_code == 200


def test_editor_sees_a_clear_error_for_an_inverted_year_range(admin_client):
    practice = publish(PracticePageFactory())
    response = admin_client.post(
        f"/admin/pages/{practice.pk}/edit/",
        {
            "title": practice.title,
            "slug": practice.slug,
            "summary": practice.summary,
            "status": practice.status,
            "start_year": "2020",
            "end_year": "2018",
        },
    )
    assert response.status_code == 200
    assert "end_year" in response.context["form"].errors
    practice.refresh_from_db()
    assert practice.end_year != 2018


@pytest.mark.parametrize("factory", [InstitutionPageFactory, ExchangeEventPageFactory])
def test_a_municipality_select_costs_no_query_per_municipality(admin_client, factory):
    """The edit form lists every municipality of the registry (2,810) by name and region: read
    in one query with their regions, whatever their number."""
    page = publish(factory())
    url = f"/admin/pages/{page.pk}/edit/"
    admin_client.get(url)
    with CaptureQueriesContext(connection) as before:
        response = admin_client.get(url)
    html = response.content.decode()
    assert Municipality.objects.count() > 2000
    assert ">Peñalolén (Metropolitana de Santiago)</option>" in html
    chile = Country.objects.get(code="CL")
    region = Region.objects.filter(country=chile).first()
    Municipality.objects.bulk_create(
        Municipality(country=chile, region=region, code=f"9{n:04d}", name=f"Comuna {n}")
        for n in range(40)
    )
    with CaptureQueriesContext(connection) as after:
        admin_client.get(url)
    assert len(after) == len(before)
    assert not [q["sql"] for q in after if '"boundary"' in q["sql"]]
