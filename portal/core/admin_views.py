"""The admin's "Traducciones" page: an editor's translations, where each stands, and the button
that sends one to review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.models import Translation

from .translations import NothingToSubmit, submit_for_review, translations_for


def translations_view(request):
    return TemplateResponse(
        request,
        "core/admin/translations.html",
        {"statuses": translations_for(request.user)},
    )


@require_POST
def submit_translation_view(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    try:
        page = translation.get_target_instance()
    except Page.DoesNotExist:
        raise PermissionDenied from None
    if not isinstance(page, Page) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    try:
        page = submit_for_review(translation, request.user)
    except NothingToSubmit as reason:
        messages.error(request, str(reason))
    else:
        messages.success(
            request,
            _("The translation “%(title)s” (%(language)s) was sent for review.")
            % {"title": page.title, "language": translation.target_locale.get_display_name()},
        )
    return redirect("core_translations")
