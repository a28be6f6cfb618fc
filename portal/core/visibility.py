"""Who may see a page: the one rule behind every link from a public page.

Serving a private page is Wagtail's business (its ``check_view_restrictions`` serve hook asks
for the password or the sign-in); this module answers, for links, cards, listings, API fields
and feeds, whether a page may be named at all. The private sections are read from
``PageViewRestriction`` once per request (``portal.core.perrequest``).
"""

from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from wagtail.models import Page, PageViewRestriction

from portal.core import perrequest
from portal.core.locales import active_locale_id


def _read_restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def restricted_paths() -> list[str]:
    """Tree paths of the pages that head private sections, read once per request."""
    return perrequest.remember("restricted_paths", _read_restricted_paths)


def children_of_root(root) -> list[Page]:
    """The live, public children of ``root`` (a site root: the menu's sections), read once per
    request in the same query as the private heads, which ``restricted_paths()`` then keeps."""
    return perrequest.remember(("children_of_root", root.pk), lambda: _read_around(root)[0])


def route_pages(root, url_paths: list[str]) -> list[Page]:
    """The pages at ``url_paths`` (the route from ``root`` to a page), read in the statement
    that reads ``root``'s menu and the private heads, with the live translations of the last
    of them (``live_translations``): one query for what every page served reads."""
    menu, on_the_way = _read_around(root, url_paths)
    perrequest.remember(("children_of_root", root.pk), lambda: menu)
    return on_the_way


def live_translations(page) -> list[Page]:
    """The live pages sharing ``page``'s translation key (itself included), once per request."""
    return perrequest.remember(
        ("translations", page.translation_key),
        lambda: list(page.get_translations(inclusive=True).live().order_by()),
    )


def _read_around(root, url_paths: list[str] = ()) -> tuple[list[Page], list[Page]]:
    """Root's visible children and the pages at ``url_paths``, remembering the private heads
    and the last path's live translations for this request."""
    # Indexed reads in one statement (an OR of the conditions scans every page); written as
    # SQL because compiling the ORM's union cost more than running it.
    sql = (
        "SELECT p.*, 'menu' AS portal_row FROM wagtailcore_page p "
        "WHERE p.depth = %s AND p.live AND p.path LIKE %s "
        "UNION ALL SELECT p.*, 'head' FROM wagtailcore_page p "
        "WHERE p.id IN (SELECT page_id FROM wagtailcore_pageviewrestriction)"
    )
    params = [root.depth + 1, root.path + "%"]
    if url_paths:
        # Only placeholders are formatted in; the paths are parameters.
        placeholders = ", ".join(["%s"] * len(url_paths))
        on_the_way = f"WHERE p.url_path IN ({placeholders})"
        sql += (
            " UNION ALL SELECT p.*, 'way' FROM wagtailcore_page p "  # noqa: S608
            + on_the_way
            + " UNION ALL SELECT p.*, 'translation' FROM wagtailcore_page p WHERE p.live AND "
            "p.translation_key IN (SELECT translation_key FROM wagtailcore_page WHERE url_path = %s)"
        )
        params += [*url_paths, url_paths[-1]]
    rows = list(Page.objects.raw(sql + " ORDER BY path", params))
    by_kind = {"menu": [], "head": [], "way": [], "translation": []}
    for page in rows:
        by_kind[page.portal_row].append(page)
    heads = perrequest.remember("restricted_paths", lambda: [p.path for p in by_kind["head"]])
    translations = by_kind["translation"]
    if translations:
        key = translations[0].translation_key
        perrequest.remember(("translations", key), lambda: translations)
    menu = [page for page in by_kind["menu"] if may_see_row(page.live, page.path, heads)]
    return menu, by_kind["way"]


# The one rule for linking to another page from a public one (templates, cards, API fields,
# feeds, exports, JSON-LD, citations): a visitor may see a page when it is live and has no
# view restriction on it or above it (an expired page is unpublished, so not live). A link to any other page is not rendered:
# neither its address, nor its title, nor its id.


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


def private_q(private: list[str] | None = None) -> Q:
    """Pages in private sections, as a filter (the rule of Wagtail's ``public()``)."""
    heads = restricted_paths() if private is None else private
    q = Q()
    for head in heads:
        q |= Q(path__startswith=head)
    return q if q else Q(pk__in=[])


def visible_queryset(queryset):
    """The same rule as a filter of a page queryset (Wagtail's ``live().public()``, reading the
    private sections once per request)."""
    return queryset.live().exclude(private_q())


def shown_queryset(queryset):
    """``visible_queryset`` for what is listed or counted across the network: each piece of
    content once, in the visitor's language where it has a live version in it, else as
    written (a Spanish practice without an English translation stays in the English listing).
    """
    visible = visible_queryset(queryset)
    active = active_locale_id()
    if active is None:
        return visible
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=active, live=True
    )
    return visible.filter(Q(locale_id=active) | ~Exists(translated))


class RoutedRestrictionsMixin:
    """For page classes: Wagtail's ``check_view_restrictions`` hook asks a served page for its
    restrictions; a page reached by ``HomePage.route`` finds them among the private heads this
    request reads anyway (with the site root's sections: ``children_of_root``), by tree path,
    and needs no query when it is public. A page served otherwise (admin, previews) or with an
    alias on its way gets Wagtail's own answer."""

    def get_view_restrictions(self):
        on_the_way = getattr(self, "pages_on_the_way", None)
        if on_the_way is None or any(page.alias_of_id for page in (*on_the_way, self)):
            return super().get_view_restrictions()
        children_of_root(on_the_way[0] if on_the_way else self)
        heads = [path for path in restricted_paths() if self.path.startswith(path)]
        if not heads:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page__path__in=heads)

    def serve_password_required_response(self, request, form, action_url):
        """Wagtail's password form in the portal's layout, rendered without the page: its
        context would name the private page (title, description, metadata)."""
        context = {"form": form, "action_url": action_url}
        return TemplateResponse(request, "core/password_required.html", context)
