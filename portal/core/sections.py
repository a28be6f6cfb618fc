"""The site's sections (the live, public children of its root), read once per request.

The main menu lists them, and detail pages link to their section's sub-pages (a practice to the
ratings, a program to its prevention model, an observatory to the comparison). Each used to look
its section up on its own, with the view-restriction query that ``public()`` runs: now the menu's
single read serves them all, in the visitor's language.
"""

from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from portal.core import structure


def _roots(request) -> tuple[dict, str]:
    """The request's site roots by language, and the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return request.__dict__.setdefault("_portal_site_roots", {}), language


def remember_root(request, root) -> None:
    """Keep the root the router already read in the active language (portal.core.routing)."""
    roots, language = _roots(request)
    roots[language] = root


def site_root(request):
    """The current site's root page in the active language (or the default one)."""
    from portal.core.templatetags.portal_tags import _localized

    if request is None:
        return None
    roots, language = _roots(request)
    if language not in roots:
        structure.prime(request)
        site = Site.find_for_request(request)
        roots[language] = _localized(request, site.root_page) if site is not None else None
    return roots[language]


def sections(request) -> list:
    """Live, public children of the site root, in tree order (generic pages; within a GET
    request, shared with the other requests of the process: read them, do not change them)."""
    if request is None:
        return []
    language = translation.get_language() or settings.LANGUAGE_CODE
    cache = request.__dict__.setdefault("_portal_sections", {})
    if language not in cache:
        root = site_root(request)
        snapshot = structure.current()
        if root is None:
            cache[language] = []
        elif snapshot is not None:
            cache[language] = snapshot.sections(root)
        else:
            cache[language] = list(root.get_children().live().public())
    return cache[language]


def section(request, model):
    """The section page of type ``model``, as an instance of it (its own fields not read: its
    address and sub-routes need none), or None. Falls back to the first live one anywhere."""
    for page in sections(request):
        cls = page.specific_class
        if cls is not None and issubclass(cls, model):
            return page.specific_deferred
    return model.objects.live().public().first()
