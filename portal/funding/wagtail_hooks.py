from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from . import views
from .models import Edition


class _RefusePublished:
    """Published editions are frozen: the edit and delete screens send the user back."""

    def dispatch(self, request, *args, **kwargs):
        edition = Edition.objects.filter(pk=kwargs.get("pk")).first()
        if edition is not None and edition.published and views.can_manage(request.user):
            messages.error(request, _("A published edition cannot change; make a correction."))
            return redirect("funding_overview")
        return super().dispatch(request, *args, **kwargs)


class EditionEditView(_RefusePublished, EditView):
    pass


class EditionDeleteView(_RefusePublished, DeleteView):
    pass


class _ManagersOnly:
    """Editions (drafts included) are chosen only by those who prepare them."""

    def dispatch(self, request, *args, **kwargs):
        if not views.can_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EditionChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (_ManagersOnly, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (_ManagersOnly, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (_ManagersOnly, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (_ManagersOnly, chooser.SnippetChosenMultipleView), {}
    )
    create_view_class = type("CreateView", (_ManagersOnly, chooser.SnippetCreateView), {})


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "table"
    menu_label = gettext_lazy("Index editions")
    add_to_admin_menu = False
    list_display = ["name", "year", "version", "status"]
    edit_view_class = EditionEditView
    delete_view_class = EditionDeleteView
    chooser_viewset_class = EditionChooserViewSet


register_snippet(EditionViewSet)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("funding-index/", views.overview, name="funding_overview"),
        path("funding-index/<int:pk>/import/", views.import_values, name="funding_import"),
        path("funding-index/<int:pk>/compute/", views.compute_view, name="funding_compute"),
        path("funding-index/<int:pk>/publish/", views.publish_view, name="funding_publish"),
        path("funding-index/<int:pk>/correct/", views.correct_view, name="funding_correct"),
    ]


class IndexMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return IndexMenuItem(
        gettext_lazy("Funding index"), reverse("funding_overview"), icon_name="table", order=480
    )
