import logging
from urllib.parse import urlencode

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def favicon(request):
    """``/favicon.ico``, asked for by browsers and crawlers on their own: the portal's mark
    (an SVG under its current static address, so not a permanent redirect)."""
    return HttpResponseRedirect(static("img/favicon.svg"))


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check failed: database unreachable: %s", error)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def to_account_login(request):
    """Wagtail's /admin/login/ (GET or POST) goes to the one sign-in page, keeping ``next``."""
    target = reverse("account_login")
    next_url = request.GET.get("next") or "/admin/"
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target += "?" + urlencode({"next": next_url})
    return HttpResponseRedirect(target)


def to_password_reset(request):
    return HttpResponseRedirect(reverse("account_reset_password"))
