from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.core import visibility

from . import views
from .models import InstitutionAccess

admin_urls = (
    [
        path("", views.join_requests_admin, name="join_requests"),
        path("<int:pk>/<str:decision>/", views.decide_join_request, name="decide"),
        path(
            "members/<int:institution_pk>/<int:user_pk>/revoke/",
            views.revoke_member,
            name="revoke",
        ),
    ],
    "accounts_admin",
)


@hooks.register("register_admin_urls")
def register_join_request_urls():
    return [path("join-requests/", include(admin_urls))]


class ManagersOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or InstitutionAccess.objects.filter(managers__user=user).exists()


@hooks.register("register_admin_menu_item")
def register_join_requests_menu_item():
    return ManagersOnlyMenuItem(
        _("Join requests"), reverse("accounts_admin:join_requests"), icon_name="group", order=900
    )


@hooks.register("construct_page_chooser_queryset")
def hide_other_institutions_drafts(pages, request):
    """Choosers list the pages a visitor may see and the pages the user may edit: never others'
    drafts, nor their private pages (``portal.core.visibility``)."""
    if request.user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        request.user, ["change", "publish"]
    )
    public = visibility.visible_queryset(Page.objects.all())
    return pages.filter(Q(pk__in=public.values("pk")) | Q(pk__in=editable.values("pk")))


from . import isolation_hooks  # noqa: E402,F401
