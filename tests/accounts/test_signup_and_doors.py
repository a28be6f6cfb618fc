import re
import time

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.db import connection
from django.urls import reverse

from portal.accounts.models import JoinRequest

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup(client, email, password1=PASSWORD, password2=None):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password1, "password2": password2 or password1},
    )


def test_account_pages_live_under_spanish_and_english_addresses(client):
    assert reverse("account_login") == "/cuenta/login/"
    assert client.get("/cuenta/login/").status_code == 200
    assert client.get("/en/account/login/").status_code == 200
    html = client.get("/cuenta/signup/").content.decode()
    assert '<html lang="es"' in html


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", PASSWORD, "correo"),
        ("nueva@example.org", "123", "contraseña"),
        ("nueva@example.org", "password123", "contraseña"),
    ],
)
def test_bad_signups_say_why_and_create_nothing(client, email, password, message):
    users = User.objects.count()
    response = signup(client, email, password)
    assert response.status_code == 200
    assert response.context["form"].errors
    # What the visitor reads: the error lists as the page rendered them, in Spanish.
    shown = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert shown
    assert message in " ".join(shown).lower()
    assert User.objects.count() == users
    assert not mail.outbox


def test_signup_with_an_address_in_use_creates_nothing_and_does_not_say_so(client):
    make_user("ocupado@example.org")
    users = User.objects.count()
    response = signup(client, "ocupado@example.org")
    # The same answer as a new address (tests/accounts/test_enumeration.py); the owner is told
    # by email.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == users
    assert [m.to for m in mail.outbox] == [["ocupado@example.org"]]


def test_mismatched_passwords_are_refused(client):
    response = signup(client, "otra@example.org", PASSWORD, PASSWORD + "x")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="otra@example.org").exists()


def test_unverified_account_cannot_sign_in_or_reach_the_admin(client):
    make_user("sinverificar@example.org", verified=False)
    client.post(
        reverse("account_login"), {"login": "sinverificar@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


class _OldSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 10 * 86400)


def test_expired_and_reused_verification_links(client):
    user = make_user("expira@example.org", verified=False)
    address = EmailAddress.objects.get(user=user)
    old_key = _OldSigner(salt=allauth_settings.SALT).sign_object(address.pk, compress=False)
    # Following the old link says it expired and offers a new one; confirming it does nothing.
    response = client.get(reverse("account_confirm_email", args=[old_key]))
    assert response.status_code == 200
    assert "caducado" in response.content.decode()
    client.post(reverse("account_confirm_email", args=[old_key]))
    address.refresh_from_db()
    assert not address.verified

    key = EmailConfirmationHMAC(address).key
    assert client.post(reverse("account_confirm_email", args=[key])).status_code == 302
    address.refresh_from_db()
    assert address.verified
    again = client.post(reverse("account_confirm_email", args=[key]))
    assert again.status_code in (200, 302, 404)
    assert EmailAddress.objects.filter(email="expira@example.org").count() == 1


def test_wagtail_login_is_not_a_side_door(client):
    make_user("puerta@example.org", verified=False)
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/login/?next=")
    response = client.post("/admin/login/", {"username": "puerta", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").url.startswith("/cuenta/login/")


def test_wagtail_password_reset_is_closed(client):
    for url in ("/admin/password_reset/", "/admin/password_reset/done/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_reset_password")


def test_failed_logins_are_limited_in_the_shared_cache(client):
    make_user("limite@example.org")
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    login = reverse("account_login")
    for _ in range(5):
        # A new session each time: the limit follows the address, not the browser.
        response = client.__class__().post(
            login, {"login": "limite@example.org", "password": "wrong-password-1"}
        )
        assert response.status_code == 200
        assert "no son correctas" in response.content.decode()
    # The counters live in the database cache table, shared by every server process.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        assert cursor.fetchone()[0] > 0
    # Now even the right password is refused, with a message that says why.
    fresh = client.__class__()
    response = fresh.post(login, {"login": "limite@example.org", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Demasiados intentos" in response.content.decode()
    assert "_auth_user_id" not in fresh.session


def test_join_request_to_an_unknown_institution_is_refused(client):
    user = make_user("miembro@example.org")
    client.force_login(user)
    response = client.post(reverse("account_memberships"), {"institution": 999_999, "message": ""})
    assert response.status_code == 400
    assert "no existe" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_request_needs_a_verified_address(client, penalolen):
    user = make_user("noverificado@example.org", verified=False)
    client.force_login(user)
    response = client.post(reverse("account_memberships"), {"institution": penalolen.pk})
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_duplicate_join_request_is_refused(client, penalolen):
    user = make_user("doble@example.org")
    client.force_login(user)
    assert (
        client.post(reverse("account_memberships"), {"institution": penalolen.pk}).status_code
        == 302
    )
    response = client.post(reverse("account_memberships"), {"institution": penalolen.pk})
    assert response.status_code == 400
    assert JoinRequest.objects.filter(user=user).count() == 1


def test_only_the_institutions_managers_decide(client, penalolen, neza, manager):
    other_manager = make_user("gestor@neza.example", groups=[neza.access.managers])
    applicant = make_user("solicita@example.org")
    join_request = JoinRequest.objects.create(user=applicant, institution=penalolen)
    client.force_login(other_manager)
    response = client.post(f"/admin/join-requests/{join_request.pk}/approve/")
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert response.status_code == 403 or response["Location"] == "/admin/"
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not applicant.groups.exists()
    assert (
        join_request.pk
        and penalolen.title not in client.get("/admin/join-requests/").content.decode()
    )


def test_removing_a_member_revokes_access_at_once(client, penalolen, manager):
    editor = make_user("editora@penalolen.example", groups=[penalolen.access.editors])
    editor_client = client.__class__()
    editor_client.force_login(editor)
    assert editor_client.get(f"/admin/pages/{penalolen.pk}/edit/").status_code == 200
    client.force_login(manager)
    response = client.post(f"/admin/join-requests/members/{penalolen.pk}/{editor.pk}/revoke/")
    assert response.status_code == 302
    assert editor_client.get(f"/admin/pages/{penalolen.pk}/edit/").status_code in (302, 403)


def test_mfa_is_available_to_signed_in_users(client):
    user = make_user("dosfactores@example.org")
    client.force_login(user)
    assert client.get(reverse("mfa_index")).status_code == 200
    # Turning it on asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_form_errors_are_announced_and_point_at_their_fields(client):
    """A form that comes back with errors says so in its title, in a summary announced as an
    alert whose links lead to each field, and on each field (aria-invalid, described by its
    error)."""
    import re

    html = signup(client, "not-an-email", "123").content.decode()
    assert re.search(r"<title>\s*Error:", html)
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</div>", html.index('class="error-summary"')
        )
    ]
    assert 'role="alert"' in summary and "data-error-summary" in summary
    assert 'href="#id_email"' in summary and 'href="#id_password1"' in summary
    for name in ("email", "password1"):
        field = re.search(rf'<input[^>]*id="id_{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        described = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
        assert f"id_{name}_error" in described
        for target in described:
            assert f'id="{target}"' in html, f"{name} is described by a missing element {target}"

    wrong = client.post(reverse("account_login"), {"login": "nadie@example.org", "password": "x"})
    html = wrong.content.decode()
    assert 'role="alert"' in html and "data-error-summary" in html
    # A page without errors has no summary and no "Error" title.
    html = client.get(reverse("account_login")).content.decode()
    assert "data-error-summary" not in html and not re.search(r"<title>\s*Error", html)


def test_one_address_guessing_many_accounts_is_slowed(client):
    """Failed sign-ins from one IP address are limited across accounts, not only per account
    (an attacker trying one password on every account of the admin)."""
    login = reverse("account_login")
    for number in range(10):
        response = client.__class__().post(
            login, {"login": f"persona{number}@example.org", "password": "wrong-password-1"}
        )
        assert response.status_code == 200
        assert "Demasiados intentos" not in response.content.decode()
    response = client.__class__().post(
        login, {"login": "otra.persona@example.org", "password": "wrong-password-1"}
    )
    assert "Demasiados intentos" in response.content.decode()


def test_sign_ups_from_one_address_are_limited(client):
    for number in range(10):
        response = signup(client.__class__(), f"alta{number}@example.org")
        assert response.status_code == 302, number
    users = User.objects.count()
    response = signup(client.__class__(), "una.mas@example.org")
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert User.objects.count() == users
    # The admin has no sign-in of its own to try passwords against.
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302
