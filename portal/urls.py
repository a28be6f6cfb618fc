import os

from django.conf.urls.i18n import i18n_patterns
from django.db import transaction
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts import views as account_views
from portal.api.api import api
from portal.core import media
from portal.core import views as core_views
from portal.network import views as network_views
from portal.opendata import describe, oai, sitemaps
from portal.search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # OAI-PMH harvesting (Dublin Core): one address for every language. Harvesters may POST
    # their requests; they only read, so no transaction (portal/core/transactions.py).
    path("oai/", transaction.non_atomic_requests(oai.endpoint), name="oai"),
    # The public, read-only API and its OpenAPI document (/api/v1/openapi.json, /api/v1/docs/).
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("cita/<int:page_id>/bibtex/", describe.bibtex, name="citation_bibtex"),
    path("cita/<int:page_id>/ris/", describe.ris, name="citation_ris"),
    # Wagtail's own sign-in and password reset would skip email verification, rate limits and
    # two-factor: every way into the admin goes through the account pages instead.
    path("admin/login/", core_views.to_account_login),
    re_path(r"^admin/password_reset/", core_views.to_password_reset),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Development only: images under /media/, as the front web server serves them in production;
# documents only through /documents/ (portal/core/media.py).
urlpatterns += media.development_urls()

if os.environ.get("BENCH_BARE_VIEW") == "1":
    # The speed benchmark's baseline (make bench): the cheapest view the same stack serves.
    from django.http import HttpResponse

    def bench_bare(request):
        return HttpResponse("ok")

    urlpatterns.append(path("bench/bare/", bench_bare))

# Spanish is the default language and carries no prefix; English lives under /en/.
urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path(_("network-in-figures/"), network_views.network_numbers, name="network_numbers"),
    path(_("search/suggestions/"), search_views.suggest, name="search_suggest"),
    path(_("account/institutions/"), account_views.memberships, name="account_memberships"),
    path(_("account/"), include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
