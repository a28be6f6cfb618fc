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

from django.conf import settings
from django.db.models import Subquery
from django.http import Http404
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from portal.core import locales, sections


def route(request, path: str):
    """The ``RouteResult`` Wagtail's ``Page.route_for_request`` would give, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        root = _localized_root(site)
        # The menu and breadcrumbs start from the same root: they need not read it again.
        sections.remember_root(request, root)
        if not components:
            return root.specific.route(request, [])
        return _route_below(request, root, components)
    except Http404:
        return None


def _localized_root(site):
    """``site.root_page.localized``: its live translation in the active language, or itself."""
    translations = list(
        Page.objects.filter(
            translation_key=Subquery(
                Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
            )
        )
    )
    root = next(page for page in translations if page.pk == site.root_page_id)
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return root
    active = locales.locale_id(translation.get_language() or settings.LANGUAGE_CODE)
    for page in translations:
        if page.locale_id == active and page.live:
            return page
    return root


def _route_below(request, root, components):
    prefixes = [root.url_path + "/".join(components[: n + 1]) + "/" for n in range(len(components))]
    found = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    parent = root
    for depth, prefix in enumerate(prefixes):
        rest = components[depth:]
        if _answers_itself(parent, rest):
            return parent.specific.route(request, rest)
        page = found.get(prefix)
        if page is None or page.depth != parent.depth + 1:
            raise Http404
        page._cached_parent_obj = parent
        parent = page
    page = parent.specific
    page._cached_parent_obj = parent._cached_parent_obj
    # The pages on the way, for the breadcrumbs (portal_tags.breadcrumb_trail).
    request._portal_ancestors = (page.pk, [root, *(found[prefix] for prefix in prefixes[:-1])])
    return page.route(request, [])


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
