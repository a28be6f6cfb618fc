import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from portal.accounts.services import ensure_institution_access
from portal.institutions.models import InstitutionPage
from portal.practices.models import PracticePage
from tests.factories.exchanges import FundPageFactory, ProjectPageFactory
from tests.factories.pages import publish
from tests.factories.practices import PracticePageFactory

from .conftest import make_user
from .test_journey import practice_form

pytestmark = pytest.mark.django_db

GLOBAL_ADMIN_URLS = [
    "/admin/users/",
    "/admin/users/new/",
    "/admin/groups/",
    "/admin/groups/new/",
    "/admin/sites/",
    "/admin/locales/",
    "/admin/redirects/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
]


@pytest.fixture
def editor(penalolen):
    return make_user("redactora@penalolen.example", groups=[penalolen.access.editors])


@pytest.mark.parametrize("role", ["editor", "manager", "moderator"])
def test_global_settings_are_for_administrators_only(client, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in GLOBAL_ADMIN_URLS:
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"] in ("/admin/",) or "/cuenta/login/" in response["Location"]


def test_administrator_reaches_global_settings(client):
    admin = make_user("raiz@red.example")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    for url in GLOBAL_ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_moderators_curate_vocabularies_and_editors_do_not(client, moderator, editor):
    add_theme = reverse("wagtailsnippets_core_theme:add")
    client.force_login(moderator)
    assert client.get(add_theme).status_code == 200
    client.force_login(editor)
    assert client.get(add_theme).status_code in (302, 403)


def test_rejection_with_a_comment_reaches_the_editor_and_a_new_version_is_reviewed_again(
    client, penalolen, editor, moderator
):
    client.force_login(editor)
    data = practice_form(client, penalolen, "Mediación vecinal", "mediacion-vecinal")
    client.post(
        f"/admin/pages/add/practices/practicepage/{penalolen.pk}/",
        {**data, "action-submit": "action-submit"},
    )
    page = PracticePage.objects.get(slug="mediacion-vecinal")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    moderator_client = client.__class__()
    moderator_client.force_login(moderator)
    mail.outbox.clear()
    response = moderator_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Falta describir los resultados."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any(editor.email in message.to for message in mail.outbox)
    assert any("Falta describir los resultados." in message.body for message in mail.outbox)

    # The editor revises and resubmits: the new version waits for review again.
    client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-submit": "action-submit"})
    page.refresh_from_db()
    assert not page.live
    assert WorkflowState.objects.filter(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()


def test_new_institution_gets_its_groups_and_collection(penalolen):
    index = penalolen.get_parent()
    new = InstitutionPage(
        title="Municipalidad de La Florida",
        slug="la-florida",
        kind="municipality",
        municipality=penalolen.municipality.__class__.objects.get(country__code="CL", code="13110"),
        country=penalolen.country,
    )
    index.add_child(instance=new)
    access = new.access
    assert access.editors.name.endswith("editors")
    perms = set(access.editors.page_permissions.values_list("page_id", "permission__codename"))
    assert perms == {(new.pk, "add_page"), (new.pk, "change_page")}
    assert access.collection.name == "Municipalidad de La Florida"
    assert ensure_institution_access(new).pk == access.pk  # idempotent


def test_editors_can_never_publish(penalolen):
    perms = penalolen.access.editors.page_permissions.values_list("permission__codename", flat=True)
    assert "publish_page" not in perms
    managers = penalolen.access.managers.page_permissions.values_list(
        "permission__codename", flat=True
    )
    assert "publish_page" not in managers


def test_audit_log_is_shown_for_each_role_scope(client, penalolen, neza, manager, moderator):
    ours = publish(PracticePageFactory(parent=penalolen))
    theirs = publish(PracticePageFactory(parent=neza))
    for page, title in ((ours, "Auditoría propia"), (theirs, "Auditoría ajena")):
        page.title = title
        page.save_revision(log_action=True)
    client.force_login(manager)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "Auditoría propia" in html
    assert "Auditoría ajena" not in html
    client.force_login(moderator)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "Auditoría propia" in html and "Auditoría ajena" in html


def test_page_types_usage_report_is_for_moderators(client, editor, moderator):
    client.force_login(editor)
    assert "page-types-usage" not in client.get("/admin/").content.decode()
    assert client.get("/admin/reports/page-types-usage/").status_code in (302, 403)
    client.force_login(moderator)
    assert "page-types-usage" in client.get("/admin/").content.decode()
    assert client.get("/admin/reports/page-types-usage/").status_code == 200


def test_fund_coordinators_work_on_their_fund_only(client, penalolen):
    from django.contrib.auth.models import Group

    from portal.exchanges.models import CooperationIndexPage

    fund = publish(FundPageFactory())
    project = publish(ProjectPageFactory(parent=fund))
    coordinator = make_user("coordinacion@fondo.example", groups=[fund.access.coordinators])
    client.force_login(coordinator)
    assert client.get(f"/admin/pages/{fund.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/exchanges/projectpage/{fund.pk}/").status_code == 200
    # Not a new fund, not an institution's pages.
    cooperation = CooperationIndexPage.objects.get()
    assert client.get(f"/admin/pages/add/exchanges/fundpage/{cooperation.pk}/").status_code in (
        302,
        403,
    )
    assert client.get(f"/admin/pages/{penalolen.pk}/edit/").status_code in (302, 403)
    perms = fund.access.coordinators.page_permissions
    assert "publish_page" not in perms.values_list("permission__codename", flat=True)
    # The old network-wide group is gone.
    assert not Group.objects.filter(name="Fund coordinators").exists()
