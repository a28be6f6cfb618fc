"""The sitemap: every live, public page of the default site, in both languages.

Spanish URLs carry no prefix and English ones live under ``/en/`` (``i18n_patterns``); each URL
lists its alternates with ``hreflang`` and an ``x-default``. Pages behind a view restriction
and drafts are never listed. Addresses are on the public address (``portal.core.addresses``),
not on whatever host the request came in on.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.utils import translation
from wagtail.models import Page, Site

from portal.core import addresses, visibility


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def __init__(self, site: Site, request=None):
        self.site = site
        self.public = urlsplit(addresses.base_url(request))

    def get_protocol(self, protocol=None):
        return self.public.scheme

    def get_domain(self, site=None):
        return self.public.netloc

    def items(self):
        return (
            visibility.visible_queryset(Page.objects.all())
            .descendant_of(self.site.root_page, inclusive=True)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )

    def location(self, page):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE:
            # The page's translation where it has a public one, else the page in that
            # language's interface (shown in its original language).
            page = self._versions(language).get(page.translation_key, page)
        # The first segment is the language's home page (each language's tree hangs off root).
        path = "/" + page.url_path.lstrip("/").partition("/")[2]
        return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"

    def _versions(self, language) -> dict:
        """The public pages of ``language`` by translation key, read once per sitemap."""
        versions = self.__dict__.setdefault("_versions_by_language", {})
        if language not in versions:
            pages = visibility.visible_queryset(Page.objects.filter(locale__language_code=language))
            versions[language] = {
                page.translation_key: page for page in pages.only("translation_key", "url_path")
            }
        return versions[language]

    def lastmod(self, page):
        return page.last_published_at


def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    return django_sitemap(request, {"pages": PageSitemap(site, request)})


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cuenta/",
        "Disallow: /en/account/",
        "",
        f"Sitemap: {addresses.absolute('/sitemap.xml', request)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
