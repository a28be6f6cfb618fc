"""The whole path of a new editor, driven through HTTP: sign up, verify, ask to join,
be approved, write a draft, submit it, and see it public only after a moderator approves."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from portal.accounts.models import JoinRequest
from portal.practices.models import PracticePage
from tests.factories.admin_forms import practice_form

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_EMAIL = "analista@penalolen.example"


def sign_in(client, email):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def confirmation_link(message) -> str:
    match = re.search(
        r"https?://[^/\s]+(/\S*/confirm-email/\S+/|/\S*/confirmar-correo/\S+/)", message.body
    )
    if match is None:
        match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_new_editor_journey(client, penalolen, manager, moderator):
    # 1. Sign up: nothing is usable until the email address is verified.
    response = client.post(
        reverse("account_signup"),
        {"email": NEW_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    response = client.post(reverse("account_login"), {"login": NEW_EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    # 2. Verify through the link in the email.
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    sign_in(client, NEW_EMAIL)

    # A member without an institution cannot enter the admin.
    assert client.get("/admin/").status_code in (302, 403)

    # 3. Ask to join Peñalolén; its managers are told by email.
    mail.outbox.clear()
    response = client.post(
        reverse("account_memberships"),
        {"institution": penalolen.pk, "message": "Analista del observatorio."},
    )
    assert response.status_code == 302
    join_request = JoinRequest.objects.get(user__email=NEW_EMAIL)
    assert join_request.status == "pending"
    assert [m.to for m in mail.outbox] == [[manager.email]]

    # 4. The manager approves in the admin; the member is told.
    manager_client = client.__class__()
    sign_in(manager_client, manager.email)
    listing = manager_client.get("/admin/join-requests/")
    assert NEW_EMAIL in listing.content.decode()
    mail.outbox.clear()
    response = manager_client.post(f"/admin/join-requests/{join_request.pk}/approve/")
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "approved"
    assert mail.outbox[0].to == [NEW_EMAIL]

    # 5. The new editor writes a draft in Peñalolén's subtree and tries to publish it directly.
    assert client.get("/admin/").status_code == 200
    add_url = f"/admin/pages/add/practices/practicepage/{penalolen.pk}/"
    data = practice_form(client, penalolen, "Patrullaje preventivo a pie", "patrullaje-a-pie")
    response = client.post(add_url, {**data, "action-publish": "action-publish"})
    page = PracticePage.objects.get(slug="patrullaje-a-pie")
    assert not page.live, "an editor must not be able to publish"

    # 6. Submit it for moderation: still not public.
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", {**data, "action-submit": "action-submit"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live
    anonymous = client.__class__()
    url = "/instituciones/penalolen/patrullaje-a-pie/"
    assert anonymous.get(url).status_code == 404

    # 7. A moderator approves, with a comment: now it is public.
    moderator_client = client.__class__()
    sign_in(moderator_client, moderator.email)
    task_state = state.current_task_state
    response = moderator_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Bien documentada."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert anonymous.get(url).status_code == 200
    assert "Patrullaje preventivo a pie" in anonymous.get(url).content.decode()
    assert Page.objects.get(pk=page.pk).owner.email == NEW_EMAIL
