from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
