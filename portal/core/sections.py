"""The site's sections: the live, public children of its root in the visitor's language.

The main menu lists them, and detail pages link to their section's sub-pages (a practice to the
ratings, a program to its prevention model, an observatory to the comparison): read once per
request (``portal.core.perrequest``).
"""

from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from portal.core import perrequest, visibility


def site_root(request):
    """The current site's root page in the active language (or the default one)."""
    from portal.core.templatetags.portal_tags import _localized

    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    return perrequest.remember(
        ("site_root", site.pk, language), lambda: _localized(request, site.root_page)
    )


def sections(request) -> list:
    """Live, public children of the site root, in tree order (generic pages)."""
    root = site_root(request)
    if root is None:
        return []
    return visibility.children_of_root(root)


def section(request, model):
    """The section page of type ``model``, as an instance of it (its own fields not read: its
    address and sub-routes need none), or None. Falls back to the first live one anywhere."""
    for page in sections(request):
        cls = page.specific_class
        if cls is not None and issubclass(cls, model):
            return page.specific_deferred
    return visibility.visible_queryset(model.objects.all()).first()
