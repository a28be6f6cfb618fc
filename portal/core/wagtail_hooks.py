from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import PreventionApproach, PreventionLevel, TargetPopulation, Theme


class VocabularyViewSet(SnippetViewSet):
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "description"]
    ordering = ["name"]


class ThemeViewSet(VocabularyViewSet):
    model = Theme


class TargetPopulationViewSet(VocabularyViewSet):
    model = TargetPopulation
    icon = "group"


class PreventionApproachViewSet(VocabularyViewSet):
    model = PreventionApproach
    icon = "crosshairs"


class PreventionLevelViewSet(VocabularyViewSet):
    model = PreventionLevel
    icon = "order"


class VocabularyViewSetGroup(SnippetViewSetGroup):
    items = (
        ThemeViewSet,
        TargetPopulationViewSet,
        PreventionApproachViewSet,
        PreventionLevelViewSet,
    )
    menu_icon = "tag"
    menu_label = _("Vocabularies")
    menu_name = "vocabularies"


register_snippet(VocabularyViewSetGroup)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translations/", admin_views.translations_view, name="core_translations"),
        path(
            "translations/<int:translation_id>/submit/",
            admin_views.submit_translation_view,
            name="core_translation_submit",
        ),
    ]


class TranslatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtail_localize.submit_translation")


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslatorsMenuItem(
        _("Translations"), reverse("core_translations"), icon_name="globe", order=460
    )
