"""Finding the page for a URL in three queries, whatever its depth.

Wagtail routes a URL one tree level at a time: for each path component it reads the child with
that slug, then the child's specific row, so a practice five levels down costs ten queries
before anything is rendered (a third of an uncached page's time at 100,000 items). Every page
stores its full ``url_path``, so the same answer can be read at once:

1. the site root in the active language (the root and its translations, one query);
2. every page on the way to the requested one, by ``url_path`` (one query, indexed);
3. the specific row of the page that answers.

Wagtail's rules are kept exactly, and its own ``route()`` still answers wherever a page type
changes them: a routable page (``RoutablePageMixin``) whose routes match the rest of the path
answers instead of its children, as in Wagtail, and a page type with its own ``route()`` is
handed the rest of the path. ``tests/core/test_routing.py`` compares both routers on every page
and route of the demo content.
"""

import copy

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from portal.core import locales, sections, structure
from portal.core.mixins import unordered


def route(request, path: str):
    """The ``RouteResult`` Wagtail's ``Page.route_for_request`` would give, or None."""
    structure.prime(request)
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        root = _localized_root(site)
        # The menu and breadcrumbs start from the same root: they need not read it again.
        sections.remember_root(request, root)
        if not components:
            return _answer(request, root.specific, [], [])
        return _route_below(request, root, components)
    except Http404:
        return None


def _localized_root(site):
    """``site.root_page.localized``: its live translation in the active language, or itself
    (a copy of the snapshot's, so that this request may cache things on it)."""
    translations = structure.root_translations(site)
    root = next(page for page in translations if page.pk == site.root_page_id)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        active = locales.locale_id(translation.get_language() or settings.LANGUAGE_CODE)
        for page in translations:
            if page.locale_id == active and page.live:
                root = page
                break
    return copy.copy(root)


def _route_below(request, root, components):
    prefixes = [root.url_path + "/".join(components[: n + 1]) + "/" for n in range(len(components))]
    found = {
        page.url_path: page
        for page in unordered(
            Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
        )
    }
    parent = root
    for depth, prefix in enumerate(prefixes):
        rest = components[depth:]
        if _answers_itself(parent, rest):
            return _answer(request, parent.specific, rest, [root, *found.values()])
        page = found.get(prefix)
        if page is None or page.depth != parent.depth + 1:
            raise Http404
        page._cached_parent_obj = parent
        parent = page
    page = parent.specific
    page._cached_parent_obj = parent._cached_parent_obj
    # The pages on the way, for the breadcrumbs (portal_tags.breadcrumb_trail).
    request._portal_ancestors = (page.pk, [root, *(found[prefix] for prefix in prefixes[:-1])])
    return _answer(request, page, [], [root, *found.values()])


def _answer(request, page, rest, read):
    """``page.route(request, rest)``, telling Wagtail's serve hook the view restrictions that
    apply to ``page`` when the site structure snapshot knows them: ``read`` holds the pages
    read on the way, which must include every ancestor and none may be an alias (an alias
    takes its original's restrictions: Wagtail reads those)."""
    snapshot = structure.current()
    chain = [*read, page]
    if (
        snapshot is not None
        and not any(getattr(p, "alias_of_id", None) for p in chain)
        and {p.path for p in chain} >= set(_tree_prefixes(page.path)[1:])
    ):
        page._portal_view_restrictions = snapshot.restrictions_on(page.path)
    return page.route(request, rest)


def _tree_prefixes(path: str) -> list[str]:
    """The tree paths of a page and its ancestors, the tree root first."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _answers_itself(page, rest) -> bool:
    """Whether Wagtail would let ``page`` answer ``rest`` rather than look among its children."""
    cls = page.specific_class
    if cls is None or cls.route is Page.route:
        return False
    if issubclass(cls, RoutablePageMixin) and cls.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            cls.get_resolver().resolve("/" + "/".join(rest) + "/")
        except Resolver404:
            return False
        return True
    return True
