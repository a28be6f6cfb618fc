"""The Content-Security-Policy holds on the site's own pages, in a real browser.

Every public page type (the same list the accessibility test walks) in both languages, and the
admin pages an editor uses, load with no policy violation and with no request to another host.
"""

from urllib.parse import urlsplit

from .test_accessibility import page_types
from .test_journeys import sign_in

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/images/",
    "/admin/snippets/",
    "/admin/reports/site-history/",
]


def watch(page, base: str):
    """Collect policy violations (reported by the page itself) and requests to other hosts."""
    found = {"violations": [], "outside": []}
    page.on(
        "console",
        lambda message: (
            found["violations"].append(f"{page.url}: {message.text[:200]}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    host = urlsplit(base).netloc
    page.on(
        "request",
        lambda request: (
            found["outside"].append(request.url)
            if urlsplit(request.url).scheme in ("http", "https")
            and urlsplit(request.url).netloc != host
            else None
        ),
    )
    return found


def test_public_pages_satisfy_their_own_policy(browser, portal):
    context = browser.new_context(base_url=portal["url"], locale="es-CL")
    page = context.new_page()
    found = watch(page, portal["url"])
    visited = 0
    for path in page_types(portal["url"]).values():
        response = page.goto(path)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        english = page.locator("a[hreflang=en]")
        if english.count():
            page.goto(english.first.get_attribute("href"))
        visited += 2
    # A page that breaks the policy is noticed: the harness itself can fail.
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = 1'; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert len(found["violations"]) == 1, found["violations"]
    context.close()
    assert visited >= 60
    assert found["outside"] == []


def test_admin_pages_satisfy_the_admin_policy(browser, portal):
    context = browser.new_context(base_url=portal["url"], locale="es-CL")
    page = context.new_page()
    found = watch(page, portal["url"])
    sign_in(page, "admin@example.org", portal["password"])
    for path in ADMIN_PAGES:
        assert page.goto(path).status == 200, path
    page.goto("/admin/pages/")
    edit = page.locator("a[href*='/edit/']").first.get_attribute("href")
    page.goto(edit)
    page.wait_for_load_state("networkidle")
    context.close()
    assert found["violations"] == []
    assert found["outside"] == []
