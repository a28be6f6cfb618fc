"""Private sections read once per request.

Wagtail's ``PageQuerySet.public()`` reads every view restriction (with its page) each time it
is called, to exclude the private sections. A practice page calls it five times: its related
practices, its adaptations, its partners, the menu's sections and the listing links. Within
one GET request the restrictions cannot change in a way that request should see, so
``ViewRestrictionsOnce`` keeps the list for the length of the request, and ``install()`` makes
``private_q()`` use it. Outside a request (management commands, tests, streamed responses still
running after the view returned) and on every other method, nothing is kept: each call reads the
restrictions afresh, exactly as Wagtail does.

This is the only place the portal changes a Wagtail method; the rule it applies is Wagtail's own
(``descendant_of_q(restricted page, inclusive=True)`` for each restriction), and
``tests/core/test_visibility.py`` checks that private pages stay out of every listing.
"""

from contextvars import ContextVar

from django.db.models import Q

_kept: ContextVar[dict | None] = ContextVar("portal_view_restrictions", default=None)


def restricted_pages() -> list:
    """The pages that head private sections (read once per GET request)."""
    from wagtail.models import PageViewRestriction

    kept = _kept.get()
    if kept is not None and "pages" in kept:
        return kept["pages"]
    pages = [r.page for r in PageViewRestriction.objects.select_related("page")]
    if kept is not None:
        kept["pages"] = pages
    return pages


def install() -> None:
    from wagtail.query import PageQuerySet

    if getattr(PageQuerySet.private_q, "portal_kept", False):
        return

    def private_q(self):
        q = Q()
        for page in restricted_pages():
            q |= self.descendant_of_q(page, inclusive=True)
        # Match no page at all when no section is private (as Wagtail does).
        return q if q else Q(pk__in=[])

    private_q.portal_kept = True
    PageQuerySet.private_q = private_q


class ViewRestrictionsOnce:
    """Keep the view restrictions read by ``public()`` for the rest of a GET or HEAD request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _kept.set({})
        try:
            return self.get_response(request)
        finally:
            _kept.reset(token)
