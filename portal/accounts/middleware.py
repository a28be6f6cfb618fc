"""Object checks in front of the few Wagtail admin views that check too little.

These views have no Wagtail hook; each one either renders for any page (showing its draft
title) or names objects the user may not see in its messages. The explorer is among them for
users with permissions in more than one subtree (an institution's editor who also coordinates a
fund). The isolation matrix
(tests/accounts/test_isolation.py) finds them; this middleware refuses them before the view
runs unless the user may work on the objects named in the URL.
"""

from django.apps import apps
from django.core.exceptions import BadRequest, PermissionDenied
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import TranslationSource

from portal.core import visibility
from portal.core.models import VocabularyTerm
from portal.core.params import MAX_ID, parse_id, parse_int_list

PAGE_VIEWS = {
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:workflow_preview",
}
CHOOSER_VIEWS = {"wagtailadmin_choose_page_chosen_multiple"}
# Wagtail lets a user explore below the closest common ancestor of the pages they hold
# permissions on. With permissions in two subtrees (an institution and a fund, or two
# institutions) that ancestor is the home page, and every other tenant's draft titles show.
EXPLORE_VIEWS = {"wagtailadmin_explore", "wagtailadmin_explore_results"}
BULK_VIEW = "wagtail_bulk_action"
MODERATOR_REPORTS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    # Lists every translation with its source's title, drafts included.
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
}
# wagtail-localize asks only for its global "submit translation" permission before these;
# a translator must also be allowed to work on the page translated.
TRANSLATE_PAGE_VIEWS = {
    "wagtail_localize:submit_page_translation",
    "wagtail_localize:convert_to_alias",
}
TRANSLATE_SNIPPET_VIEW = "wagtail_localize:submit_snippet_translation"
UPDATE_TRANSLATIONS_VIEW = "wagtail_localize:update_translations"
SNIPPET_API_VIEWS = {
    "wagtail_localize:snippets_api_listing",
    "wagtail_localize:snippets_api_detail",
}


def _ids(request) -> list[int]:
    """The ``id`` values of the query string and form ("all", in bulk actions, is not an id).

    One that is not a number is a bad request (400), before Wagtail's view fails on it.
    """
    values = [v for v in request.GET.getlist("id") + request.POST.getlist("id") if v != "all"]
    ids, rejected = parse_int_list(values, minimum=1, maximum=MAX_ID, max_digits=len(str(MAX_ID)))
    if rejected:
        raise BadRequest("An id in the address is not a number.")
    return ids


def _page_policy():
    return policy_registry.get_by_type(Page)


def _may_work_on_pages(user, page_ids) -> bool:
    if not page_ids:
        return True
    allowed = _page_policy().instances_user_has_any_permission_for(user, ["change", "publish"])
    return allowed.filter(pk__in=page_ids).count() == len(set(page_ids))


def _may_see_in_chooser(user, page_ids) -> bool:
    """Public live pages without a pending draft, or pages the user may edit."""
    shown = visibility.visible_queryset(Page.objects.filter(has_unpublished_changes=False))
    hidden = Page.objects.filter(pk__in=page_ids).exclude(pk__in=shown.values("pk"))
    return _may_work_on_pages(user, list(hidden.values_list("pk", flat=True)))


def _may_explore(user, page_id) -> bool:
    """Pages inside a subtree the user holds a permission on, or on the way down to one."""
    from wagtail.models import GroupPagePermission

    page = Page.objects.filter(pk=page_id).only("path").first()
    if page is None:
        return True  # the view answers 404
    roots = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    return any(page.path.startswith(root) or root.startswith(page.path) for root in roots)


def _may_change_media(user, model, ids) -> bool:
    if not ids:
        return True
    collections = policy_registry.get_by_type(model).collections_user_has_permission_for(
        user, "change"
    )
    return model.objects.filter(pk__in=ids, collection__in=collections).count() == len(set(ids))


def _snippet_model(kwargs):
    try:
        return apps.get_model(kwargs.get("app_label"), kwargs.get("model_name"))
    except (LookupError, ValueError):
        return None


def _may_change_snippets(user, kwargs) -> bool:
    model = _snippet_model(kwargs)
    return model is None or user.has_perm(get_permission_name("change", model))


def _may_read_snippets(user, kwargs) -> bool:
    """Vocabulary terms are public; other snippets need the permission to change them."""
    model = _snippet_model(kwargs)
    return model is None or issubclass(model, VocabularyTerm) or _may_change_snippets(user, kwargs)


def _may_update_translations(user, source_id, action="change") -> bool:
    """Syncing a source's translations rewrites every language version of it: only for those
    who may work on the source (and publish it, to publish the translations at once)."""
    source = TranslationSource.objects.filter(pk=source_id).first()
    if source is None:
        return True  # the view answers 404
    model = source.specific_content_type.model_class()
    if model is not None and issubclass(model, Page):
        pages = Page.objects.filter(translation_key=source.object_id, locale_id=source.locale_id)
        ids = list(pages.values_list("pk", flat=True)) or [0]
        if action == "publish":
            allowed = _page_policy().instances_user_has_permission_for(user, "publish")
            return allowed.filter(pk__in=ids).count() == len(ids)
        return _may_work_on_pages(user, ids)
    return model is None or user.has_perm(get_permission_name("change", model))


class AdminIsolationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        name = match.view_name
        ids = []
        if name in CHOOSER_VIEWS or _bulk_model(name, view_kwargs) is not None:
            # Read for superusers too: Wagtail's views fail on an id that is not a number.
            ids = _ids(request)
            if _bulk_model(name, view_kwargs) is Page and "all" in request.GET.getlist("id"):
                parent = request.GET.get("childOf")
                if parent is not None and parse_id(parent) is None:
                    raise BadRequest("childOf is not a page id.")
        if user.is_superuser:
            return None
        if name in PAGE_VIEWS:
            allowed = _may_work_on_pages(user, [view_kwargs.get("page_id")])
        elif name in EXPLORE_VIEWS:
            allowed = _may_explore(user, view_kwargs.get("parent_page_id"))
        elif name in CHOOSER_VIEWS:
            allowed = _may_see_in_chooser(user, ids)
        elif name == BULK_VIEW:
            allowed = self._bulk_allowed(user, view_kwargs, ids, request)
        elif name in MODERATOR_REPORTS:
            allowed = _page_policy().user_has_any_permission(user, ["publish"])
        elif name in TRANSLATE_PAGE_VIEWS:
            allowed = _may_work_on_pages(user, [view_kwargs.get("page_id")])
        elif name == TRANSLATE_SNIPPET_VIEW:
            allowed = _may_change_snippets(user, view_kwargs)
        elif name == UPDATE_TRANSLATIONS_VIEW:
            # "Publish the translations at once" skips review: only for who may publish.
            action = "publish" if request.POST.get("publish_translations") else "change"
            allowed = _may_update_translations(
                user, view_kwargs.get("translation_source_id"), action
            )
        elif name in SNIPPET_API_VIEWS:
            allowed = _may_read_snippets(user, view_kwargs)
        else:
            return None
        if not allowed:
            raise PermissionDenied
        return None

    def _bulk_allowed(self, user, kwargs, ids, request) -> bool:
        model = _bulk_model(BULK_VIEW, kwargs)
        if model is Page:
            if "all" in request.GET.getlist("id"):
                parent = parse_id(request.GET.get("childOf"))
                if parent is None or not _may_work_on_pages(user, [parent]):
                    return False
            return _may_work_on_pages(user, ids)
        if model is not None:
            return _may_change_media(user, model, ids)
        return True  # other bulk actions (users, snippets) check model permissions themselves


def _bulk_model(name, kwargs):
    """Page, the document or the image model for their bulk actions (whose ids this middleware
    reads), else None."""
    if name != BULK_VIEW:
        return None
    key = (kwargs.get("app_label"), kwargs.get("model_name"))
    for model in (Page, get_document_model(), get_image_model()):
        if key == (model._meta.app_label, model._meta.model_name):
            return model
    return None
