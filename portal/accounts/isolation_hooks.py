"""Wagtail hooks that keep one institution's staff out of another's content.

Imported by wagtail_hooks.py; kept apart so the isolation rules read as one list.
tests/accounts/test_isolation.py calls every admin URL with another institution's IDs and
lists what still gets through.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from portal.core import visibility


def _page_policy():
    return policy_registry.get_by_type(Page)


# --- Moving pages --------------------------------------------------------------------------
# Wagtail's move confirmation renders (GET) for any page and destination, showing the page's
# draft title; only the POST checks permissions. Refuse both unless the user may change the
# page and add under the destination.


@hooks.register("before_move_page")
def refuse_moves_outside_own_subtree(request, page_to_move, destination):
    user = request.user
    if user.is_superuser:
        return None
    policy = _page_policy()
    if not policy.user_has_permission_for_instance(user, "change", page_to_move):
        return permission_denied(request)
    if not policy.user_has_permission_for_instance(user, "add", destination):
        return permission_denied(request)
    return None


# --- Page chooser: never another institution's draft title -----------------------------------
# The chooser shows ``get_admin_display_title()``, i.e. the *draft* title, even for live pages
# whose newer draft belongs to someone else. Among pages the user cannot edit, it lists only
# those whose draft title is their live title (a page retitled in a pending draft is left out
# until that draft is published).


def _editable(user):
    return _page_policy().instances_user_has_any_permission_for(user, ["change", "publish"])


@hooks.register("construct_page_chooser_queryset", order=100)
def hide_others_pending_titles(pages, request):
    if request.user.is_superuser:
        return pages
    # Ids, not an expression: the chooser's search filters through the search backend.
    retitled = Page.objects.exclude(draft_title=F("title")).exclude(
        pk__in=_editable(request.user).values("pk")
    )
    pages = pages.exclude(pk__in=list(retitled.values_list("pk", flat=True)))
    # Browsing *into* a page shows that page's own (draft) title, outside this queryset:
    # refuse to open a page the user cannot edit unless it is live without a pending draft.
    match = getattr(request, "resolver_match", None)
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id).first()
        if (
            parent is not None
            and not _editable(request.user).filter(pk=parent.pk).exists()
            and (parent.has_unpublished_changes or not visibility.may_see(parent))
        ):
            raise PermissionDenied
    return pages


# --- Admin API: documents and images by collection permission -------------------------------
# Wagtail's admin API lists every document and image (titles included) to anyone with admin
# access; scope it like the choosers: the collections where the user may choose or change.


class _CollectionScopedMixin:
    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_superuser:
            return queryset
        policy = policy_registry.get_by_type(queryset.model)
        return queryset.filter(
            collection__in=policy.collections_user_has_any_permission_for(
                user, ["choose", "change"]
            )
        )


class ScopedDocumentsAdminAPIViewSet(_CollectionScopedMixin, DocumentsAdminAPIViewSet):
    pass


class ScopedImagesAdminAPIViewSet(_CollectionScopedMixin, ImagesAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=100)
def scope_admin_api_media(router):
    # Runs after wagtaildocs/wagtailimages register theirs; same names, so these replace them.
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)


# --- Reports -------------------------------------------------------------------------------
# "Page types usage" names the latest edited page of each type across every institution, drafts
# included; the middleware refuses it to all but moderators, and the menu does not offer it.


@hooks.register("construct_reports_menu")
def offer_page_types_usage_to_moderators_only(request, menu_items):
    if request.user.is_superuser or _page_policy().user_has_any_permission(
        request.user, ["publish"]
    ):
        return
    menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
