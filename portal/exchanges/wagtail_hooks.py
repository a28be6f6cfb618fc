from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_see_dashboard, dashboard_view, portfolio_csv_view


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("cooperation/", dashboard_view, name="exchanges_dashboard"),
        path("cooperation/portfolio.csv", portfolio_csv_view, name="exchanges_portfolio_csv"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Cooperation dashboard"), reverse("exchanges_dashboard"), icon_name="globe", order=470
    )
