from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.core.imports import editable_pages

from .models import ObservatoryPage
from .views import import_series_view


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "observatories/import-series/",
            import_series_view,
            name="observatories_import_series",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return editable_pages(request.user, ObservatoryPage).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import series"),
        reverse("observatories_import_series"),
        icon_name="table",
        order=460,
    )
