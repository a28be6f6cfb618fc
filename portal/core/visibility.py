"""Private sections read from the site structure snapshot, not at every call.

Wagtail reads the view restrictions afresh each time it needs them:

- ``PageQuerySet.public()`` reads every restriction (with its page) to exclude the private
  sections, five times on a practice page (its related practices, adaptations, partners, the
  menu's sections and the listing links);
- serving a page reads its ancestors and then their restrictions (two queries), to ask for a
  password or a sign-in.

Restrictions are content: saving or deleting one renews the snapshot of the site structure
(``portal.core.structure``), so within a GET request both answers come from it. Outside one
(management commands, POSTs, a request that has itself changed content) every call reads the
database exactly as Wagtail does.

``install()`` is the only place the portal changes Wagtail methods; the rules it applies are
Wagtail's own (``descendant_of_q(restricted page, inclusive=True)`` for each restriction; a page's
own restrictions and its ancestors'), and ``tests/core/test_visibility.py`` checks that private
pages stay out of every listing and ask for their password.
"""

from django.db.models import Q

from portal.core import structure


def restricted_pages() -> list:
    """The pages that head private sections."""
    from wagtail.models import PageViewRestriction

    snapshot = structure.current()
    if snapshot is not None:
        return [restriction.page for restriction in snapshot.restrictions()]
    return [r.page for r in PageViewRestriction.objects.select_related("page")]


def install() -> None:
    from wagtail.models import Page
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

    wagtail_view_restrictions = Page.get_view_restrictions

    def get_view_restrictions(self):
        # The router leaves the answer on the page it serves when the snapshot gives it
        # (``portal.core.routing``): a list, iterated by Wagtail's serve hook.
        known = self.__dict__.get("_portal_view_restrictions")
        return wagtail_view_restrictions(self) if known is None else known

    Page.get_view_restrictions = get_view_restrictions


# The one rule for linking to another page from a public one (templates, cards, API fields,
# feeds, exports, JSON-LD, citations): a visitor may see a page when it is live and has no
# view restriction on it or above it (an expired page is unpublished, so not live). A link to any other page is not rendered:
# neither its address, nor its title, nor its id.


def restricted_paths() -> list[str]:
    """Tree paths of the pages that head private sections."""
    return [page.path for page in restricted_pages()]


def may_see(page, private: list[str] | None = None) -> bool:
    """Whether an anonymous visitor may see ``page`` (see the rule above); ``private`` is
    ``restricted_paths()`` when the caller already has it."""
    if page is None:
        return False
    if getattr(page, "alias_of_id", None) and page.live:
        # Wagtail resolves an alias (and aliased ancestors) to the original's restrictions.
        return not page.get_view_restrictions()
    return may_see_row(page.live, page.path, private)


def may_see_row(live: bool, path: str, private: list[str] | None = None) -> bool:
    """The same rule for a page read as values (its ``live`` and tree ``path`` columns)."""
    if not live:
        return False
    heads = restricted_paths() if private is None else private
    return not any(path.startswith(head) for head in heads)


def visible(pages) -> list:
    """The pages of ``pages`` a visitor may see, in their order."""
    private = restricted_paths()
    return [page for page in pages if may_see(page, private)]


def visible_queryset(queryset):
    """The same rule as a filter of a page queryset (Wagtail's ``live()`` and ``public()``)."""
    return queryset.live().public()
