"""The sitemap: every live, public page of the default site, in both languages.

Spanish URLs carry no prefix and English ones live under ``/en/`` (``i18n_patterns``); each URL
lists its alternates with ``hreflang`` and an ``x-default``. Pages behind a view restriction
and drafts are never listed.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.utils import translation
from wagtail.models import Page, Site

from portal.core import visibility


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def __init__(self, site: Site):
        self.site = site
        self.root_path = site.root_page.url_path

    def items(self):
        return (
            visibility.visible_queryset(Page.objects.all())
            .descendant_of(self.site.root_page, inclusive=True)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )

    def location(self, page):
        path = page.url_path[len(self.root_path) - 1 :]
        language = translation.get_language() or settings.LANGUAGE_CODE
        return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"

    def lastmod(self, page):
        return page.last_published_at


def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    return django_sitemap(request, {"pages": PageSitemap(site)})


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cuenta/",
        "Disallow: /en/account/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
