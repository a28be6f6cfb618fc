"""Security headers and cookies as a browser receives them over HTTPS.

The browser test (tests/browser/test_security.py) shows that the pages satisfy the policy; these
tests pin down the policy itself, for fresh and cached pages, the admin and the cookies.
"""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from portal.core import pagecache
from portal.core.csp import PortalCSPMiddleware

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-9"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_site_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_get_a_strict_policy_and_the_security_headers(client):
    response = client.get("/practicas/", secure=True)
    assert response.status_code == 200
    assert_site_headers(response)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no nonce unless one is used
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_a_page_from_the_cache_carries_the_same_headers(client, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    fresh = client.get("/programas/", secure=True)
    cached = client.get("/programas/", secure=True)
    assert cached[pagecache.HEADER] == "hit"
    assert_site_headers(cached)
    assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]


def test_the_admin_alone_allows_inline_script_and_style(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert "gravatar" not in response.content.decode()


def test_a_nonce_used_by_a_page_is_in_its_header_and_keeps_it_out_of_the_cache():
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = RequestFactory().get("/algo/")
    middleware = PortalCSPMiddleware(view)
    response = middleware(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    assert not pagecache.may_store(request, response)
    # Another request gets another nonce.
    other = middleware(RequestFactory().get("/algo/"))
    assert nonce not in other["Content-Security-Policy"]


def test_no_template_has_an_inline_script():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            if "src=" not in tag and "nonce=" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
    assert offenders == []


def test_session_and_csrf_cookies_are_secure_and_the_session_one_http_only(client):
    user = get_user_model().objects.create_user("ines", "ines@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    form = client.get("/cuenta/login/", secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/cuenta/login/", {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
