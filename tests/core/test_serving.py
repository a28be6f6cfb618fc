"""Serving pages: ``HomePage.route`` finds pages as Wagtail's level-by-level routing would, and
Wagtail's own ``check_view_restrictions`` hook guards private pages with the restrictions the
request has already read (``RoutedRestrictionsMixin``)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.core.visibility import RoutedRestrictionsMixin
from portal.practices.models import PracticeIndexPage
from tests.factories.accounts import UserFactory
from tests.factories.core import section
from tests.factories.pages import (
    FundPageFactory,
    InstitutionPageFactory,
    PracticePageFactory,
    ProjectPageFactory,
    publish,
    restrict,
)

pytestmark = pytest.mark.django_db


def test_a_public_page_is_served_with_its_breadcrumbs(client):
    practice = publish(PracticePageFactory(title="Patrullaje preventivo en ferias"))
    institution = practice.get_parent()
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Patrullaje preventivo en ferias" in html
    assert institution.title in html  # the breadcrumb names the institution above it


def test_an_unknown_path_and_an_unpublished_page_answer_404(client):
    practice = publish(PracticePageFactory())
    assert client.get(practice.url + "no-existe/").status_code == 404
    assert client.get("/instituciones/no-existe/nada/").status_code == 404
    practice.unpublish()
    assert client.get(practice.url).status_code == 404


def test_a_page_under_an_unpublished_page_is_still_served_as_wagtail_does(client):
    practice = publish(PracticePageFactory())
    institution = practice.get_parent()
    institution.unpublish()
    assert client.get(practice.url).status_code == 200


@pytest.mark.parametrize("kind", ["password", "login"])
def test_a_restricted_page_asks_for_the_password_or_the_sign_in(client, kind):
    practice = publish(PracticePageFactory(title="Protocolo reservado de coordinación"))
    restrict(practice, kind)
    response = client.get(practice.url)
    if kind == "password":
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="password"' in html
        assert 'class="site-footer"' in html  # the portal's layout, not Wagtail's bare page
        assert "noindex" in html
    else:
        assert response.status_code == 302
        assert "/login" in response["Location"] or "/accounts/" in response["Location"]
    assert "Protocolo reservado" not in response.content.decode()


def test_a_restriction_on_an_ancestor_guards_the_pages_below(client):
    practice = publish(PracticePageFactory(title="Mesa barrial reservada"))
    restrict(practice.get_parent(), "password")
    response = client.get(practice.url)
    assert 'name="password"' in response.content.decode()
    assert "Mesa barrial reservada" not in response.content.decode()


def submit_password(client, restriction, page, password):
    """Wagtail's password form for ``page``, posted as a visitor does."""
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": page.url},
    )


def test_the_right_password_opens_the_page(client):
    practice = publish(PracticePageFactory(title="Plan de invierno con clave"))
    restriction = restrict(practice, "password")
    response = submit_password(client, restriction, practice, "clave-larga-1")
    assert response.status_code == 302
    assert "Plan de invierno con clave" in client.get(practice.url).content.decode()


def test_a_wrong_password_is_refused_with_the_form_again_and_the_page_unnamed(client):
    practice = publish(PracticePageFactory(title="Diagnóstico con clave"))
    restriction = restrict(practice, "password")
    response = submit_password(client, restriction, practice, "no-es-la-clave")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'name="password"' in html
    assert "Diagnóstico con clave" not in html
    assert "Diagnóstico con clave" not in client.get(practice.url).content.decode()


def test_a_group_restriction_lets_members_in_and_keeps_others_out(client):
    practice = publish(PracticePageFactory(title="Informe para el consejo comunal"))
    group = Group.objects.create(name="Consejo comunal de prueba")
    restriction = PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    outsider = UserFactory()
    client.force_login(outsider)
    assert "Informe para el consejo comunal" not in client.get(practice.url).content.decode()
    member = UserFactory()
    member.groups.add(group)
    client.force_login(member)
    assert "Informe para el consejo comunal" in client.get(practice.url).content.decode()


def test_a_served_page_reads_no_restrictions_of_its_own_when_public(client):
    """The restrictions come from the query that also reads the menu's sections."""
    practice = publish(PracticePageFactory())
    client.get(practice.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(practice.url).status_code == 200
    reads = [q["sql"] for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]
    assert len(reads) == 1, reads


def test_outside_serving_a_page_gets_wagtails_own_restrictions():
    practice = publish(PracticePageFactory())
    restriction = restrict(practice.get_parent(), "login")
    assert list(practice.get_view_restrictions()) == [restriction]


def test_every_portal_page_type_reads_its_restrictions_from_the_request():
    from wagtail.models import get_page_models

    portal_pages = [
        model
        for model in get_page_models()
        if model.__module__.startswith("portal.") and not model._meta.abstract
    ]
    assert portal_pages
    missing = [m.__name__ for m in portal_pages if not issubclass(m, RoutedRestrictionsMixin)]
    assert missing == []


def test_a_routable_index_answers_its_sub_routes_and_its_children(client):
    index = section(PracticeIndexPage)
    assert client.get(index.url).status_code == 200
    assert client.get(index.url + "manuales/").status_code == 200
    assert client.get(index.url + "no-es-una-ruta/").status_code == 404


def test_a_page_below_a_routable_page_is_found_with_its_breadcrumbs(client):
    fund = publish(FundPageFactory(title="Fondo binacional de prueba"))
    lead = publish(InstitutionPageFactory())
    project = publish(
        ProjectPageFactory(parent=fund, title="Proyecto espejo", lead_institution=lead)
    )
    response = client.get(project.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Proyecto espejo" in html
    assert "Fondo binacional de prueba" in html
    restrict(fund, "password")
    assert "Proyecto espejo" not in client.get(project.url).content.decode()
