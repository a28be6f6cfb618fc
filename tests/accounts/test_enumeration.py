"""Sign-up and password reset do not tell who has an account (issue 23).

For an address with an account and one without, the visitor gets the same status, the same
redirect and the same page, in Spanish and in English; only the email sent to the address
differs, and only its owner reads it. The rate limits still hold.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

KNOWN = "conocida@example.org"
UNKNOWN = "desconocida@example.org"
LANGUAGES = ["es", "en"]


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def visible(response, address: str) -> str:
    """The page as the visitor sees it, without this request's tokens or the typed address."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return html.replace(address, "ADDRESS")


def journey(response) -> list:
    return [(status, location) for location, status in response.redirect_chain] + [
        response.status_code
    ]


@pytest.fixture
def known_account():
    return make_user(KNOWN)


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(known_account, language):
    reset = url("account_reset_password", language)
    known = Client().post(reset, {"email": KNOWN}, follow=True)
    unknown = Client().post(reset, {"email": UNKNOWN}, follow=True)
    assert (
        journey(known)
        == journey(unknown)
        == [(302, url("account_reset_password_done", language)), 200]
    )
    assert visible(known, KNOWN) == visible(unknown, UNKNOWN)
    # Each address is written to: a reset link for the account, a note for the stranger.
    assert [m.to for m in mail.outbox] == [[KNOWN], [UNKNOWN]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_answers_the_same_for_known_and_unknown_addresses(known_account, language):
    signup = url("account_signup", language)
    data = {"password1": PASSWORD + "x", "password2": PASSWORD + "x"}
    known = Client().post(signup, {**data, "email": KNOWN}, follow=True)
    unknown = Client().post(signup, {**data, "email": UNKNOWN}, follow=True)
    assert journey(known) == journey(unknown)
    assert journey(known)[0][0] == 302 and journey(known)[-1] == 200
    assert visible(known, KNOWN) == visible(unknown, UNKNOWN)
    # No second account; the owner of the known address is told, the new one gets its link.
    assert known_account.__class__.objects.filter(email__iexact=KNOWN).count() == 1
    assert [m.to for m in mail.outbox] == [[KNOWN], [UNKNOWN]]


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("es", "Ya tiene una cuenta", ["Ya existe una cuenta", "Si olvidó su contraseña"]),
        ("en", "You already have an account", ["already an account", "If you forgot"]),
    ],
)
def test_the_sign_up_of_a_known_address_tells_its_owner_how_to_get_back_in(
    known_account, language, subject, words
):
    data = {"email": KNOWN, "password1": PASSWORD, "password2": PASSWORD}
    Client().post(url("account_signup", language), data)
    (message,) = mail.outbox
    assert message.to == [KNOWN]
    assert message.subject == f"[Red de Prevención] {subject}"
    body = " ".join(message.body.split())
    for word in words:
        assert word in body, body
    assert KNOWN in body
    assert f"http://testserver{url('account_reset_password', language)}" in body


@pytest.mark.parametrize(
    ("language", "words", "signup_path"),
    [
        ("es", ["No hay ninguna cuenta con esta dirección", "Si no fue usted"], "/cuenta/signup/"),
        (
            "en",
            ["There is no account with this address", "If it was not you"],
            "/en/account/signup/",
        ),
    ],
)
def test_a_reset_for_an_unknown_address_sends_a_plain_note(language, words, signup_path):
    Client().post(url("account_reset_password", language), {"email": UNKNOWN})
    (message,) = mail.outbox
    assert message.to == [UNKNOWN]
    assert message.subject == f"[Red de Prevención] {words[0]}"
    body = " ".join(message.body.split())
    for word in words:
        assert word in body, body
    assert UNKNOWN in body
    assert f"http://testserver{signup_path}" in body
    # Signed with the portal's name, not the server's host name; no English in the Spanish note.
    assert "testserver!" not in body
    if language == "es":
        assert body.startswith("Hola:") and "Red de Prevención Municipal" in body
        assert not re.search(r"\b(the|account|email|Hello)\b", body), body


@pytest.mark.parametrize("address", [KNOWN, UNKNOWN])
def test_password_resets_stay_limited_per_address(known_account, address):
    reset = url("account_reset_password", "es")
    for _ in range(3):
        assert Client().post(reset, {"email": address}).status_code == 302
    response = Client().post(reset, {"email": address})
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert len(mail.outbox) == 3
