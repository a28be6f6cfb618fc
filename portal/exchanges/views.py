import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import addresses
from portal.core.params import parse_int

from .access import coordinated_funds, sees_everything
from .dashboard import portfolio, portfolio_csv

DEFAULT_MONTHS = 6
MAX_MONTHS = 60


def can_see_dashboard(user) -> bool:
    return sees_everything(user) or coordinated_funds(user).exists()


def _months(request) -> tuple[int, str | None]:
    raw = request.GET.get("months", "").strip()
    if not raw:
        return DEFAULT_MONTHS, None
    months = parse_int(raw, minimum=1, maximum=MAX_MONTHS)
    if months is not None:
        return months, None
    return DEFAULT_MONTHS, _(
        "“%(value)s” is not a number of months between 1 and 60; showing %(default)s."
    ) % {"value": raw[:20], "default": DEFAULT_MONTHS}


def dashboard_view(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    months, notice = _months(request)
    today = timezone.localdate()
    result = portfolio(request.user, today=today, months=months)
    return TemplateResponse(
        request,
        "exchanges/admin/dashboard.html",
        {
            "portfolio": result,
            "months": months,
            "notice": notice,
            "today": today,
            "soon": today + datetime.timedelta(days=90),
        },
    )


def portfolio_csv_view(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    result = portfolio(request.user, today=timezone.localdate())
    response = HttpResponse(
        portfolio_csv(result, base_url=addresses.base_url(request)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="portfolio-{stamp}.csv"'
    return response
