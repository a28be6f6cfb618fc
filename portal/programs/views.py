from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import IndicatorImportForm, editable_programs
from .services import IndicatorImportError, import_indicators


def import_indicators_view(request):
    """Upload a CSV of indicator values into one of the programs the user may edit."""
    if not editable_programs(request.user).exists():
        raise PermissionDenied
    problems = []
    form = IndicatorImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        program = form.cleaned_data["program"]
        can_publish = program.permissions_for_user(request.user).can_publish()
        publish = form.cleaned_data["publish"] and can_publish
        try:
            report = import_indicators(
                program=program,
                data=form.cleaned_data["file"].read(),
                user=request.user,
                publish=publish,
            )
        except IndicatorImportError as error:
            problems = error.problems
            messages.error(request, _("Nothing was imported: fix the lines below and try again."))
        else:
            summary = _(
                "Imported into “%(title)s”: %(indicators)s new indicators, %(created)s new "
                "values, %(updated)s values updated."
            ) % {
                "title": program.title,
                "indicators": report.indicators_created,
                "created": report.values_created,
                "updated": report.values_updated,
            }
            if report.published:
                messages.success(request, summary + " " + _("Published."))
            else:
                messages.success(
                    request, summary + " " + _("Saved as a draft: submit it for review.")
                )
            return redirect(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    return TemplateResponse(
        request,
        "programs/admin/import_indicators.html",
        {"form": form, "problems": problems[:200], "more": max(len(problems) - 200, 0)},
    )
