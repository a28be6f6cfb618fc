import pytest
from django.contrib.auth import get_user_model

from tests.factories.every import one_of_every_page_type, portal_page_models
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
