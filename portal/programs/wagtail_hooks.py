from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.core.imports import editable_pages

from .models import PreventionModel, ProgramPage
from .views import import_indicators_view


class PreventionModelViewSet(SnippetViewSet):
    model = PreventionModel
    icon = "site"
    menu_label = _("Prevention models")
    list_display = ["name", "slug", "origin", "locale"]
    search_fields = ["name", "description"]
    ordering = ["name"]


register_snippet(PreventionModelViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "programs/import-indicators/",
            import_indicators_view,
            name="programs_import_indicators",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return editable_pages(request.user, ProgramPage).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import indicators"),
        reverse("programs_import_indicators"),
        icon_name="table",
        order=450,
    )
