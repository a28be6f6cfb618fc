"""The portal's public address: the one answer to "which host do absolute links name?".

Every absolute link the portal writes (citations and their downloads, the page head's canonical
and alternates, JSON-LD, listing and portfolio exports, the Atom feed, the sitemap and
robots.txt, OAI-PMH, the API, notification emails) goes through ``absolute()`` or
``base_url()``, and page classes take their root URL from here (``PublicAddressMixin``), so
Wagtail's own ``page.full_url`` (its moderation emails) agrees with them.

Which address (docs/DECISIONS.md, "One public address"):

1. ``BASE_URL`` set in the environment (``settings.BASE_URL``) wins everywhere, with a request
   or without one: emails, citations and exports then name the same host, whatever host a
   request came in on (a proxy, ``127.0.0.1`` on the server itself).
2. Not set: the request's scheme and host where there is a request (development on any host and
   port works as it is reached), and ``settings.WAGTAILADMIN_BASE_URL`` (``DEFAULT_BASE_URL``
   unless the settings say otherwise) where there is none (emails, commands).

Wagtail's ``Site`` records (hostname and port, ``localhost:80`` by default) are not read: the
portal serves one site, and its address is configuration, not content.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def configured() -> str:
    """``BASE_URL`` as set explicitly, without a trailing slash; empty when it is not set."""
    return (getattr(settings, "BASE_URL", "") or "").strip().rstrip("/")


def base_url(request=None) -> str:
    """The public address without a trailing slash: ``scheme://host[:port]``."""
    explicit = configured()
    if explicit:
        return explicit
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or DEFAULT_BASE_URL).rstrip("/")


def absolute(url: str, request=None) -> str:
    """``url`` (a path, as ``page.get_url`` or ``reverse`` give it) on the public address.

    An empty URL stays empty; an address that already names a host (a file on a storage's own
    host) stays as it is. Non-ASCII paths are percent-encoded, as ``build_absolute_uri`` does.
    """
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url if parts.scheme else f"{urlsplit(base_url(request)).scheme}:{url}"
    return iri_to_uri(base_url(request) + (url if url.startswith("/") else f"/{url}"))


def page_url(page, request=None) -> str:
    """A page's public absolute URL; empty when the page has no URL (not routable)."""
    return absolute(page.get_url(request) or "", request)


class PublicAddressMixin:
    """For page classes: the root URL of every page's URL is the public address, so
    ``page.full_url`` and ``page.get_full_url()`` (Wagtail's moderation emails, the admin's
    links) name the same host as the rest of the portal. ``get_url_parts`` is the method
    Wagtail documents for pages to override; the site and the path are Wagtail's."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None:
            return None
        site_id, _site_root_url, page_path = parts
        return site_id, base_url(request), page_path
