"""Admin views of the index: the editions' overview, CSV import, compute, publish, correct."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.core.csvimport import CsvImportError

from . import compute, services
from .models import Edition, EditionFrozen

EXAMPLE = "code,variable,value,source\n13122,delitos-gravedad,812.4,CEAD 2022\n13122,ingresos,215000,SINIM 2022"


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("funding.change_edition")


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm("funding.publish_edition")


def _guard(request, check=can_manage):
    if not check(request.user):
        raise PermissionDenied


def overview(request):
    _guard(request)
    editions = Edition.objects.prefetch_related("variables").order_by("-year", "-version")
    return TemplateResponse(
        request,
        "funding/admin/overview.html",
        {"editions": editions, "can_publish": can_publish(request.user)},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: code (CUT), variable (its key), value, source. UTF-8 or Windows-1252, "
            "commas or semicolons. Values of a variable already imported are replaced."
        ),
    )


def import_values(request, pk):
    _guard(request)
    edition = get_object_or_404(Edition, pk=pk)
    if edition.published:
        messages.error(request, _("A published edition cannot change; make a correction."))
        return redirect("funding_overview")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_values(edition, form.cleaned_data["file"].read())
        except CsvImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("%(imported)s values imported; %(carried)s census values carried forward.")
                % report,
            )
            return redirect("funding_overview")
    return TemplateResponse(
        request,
        "core/admin/csv_import.html",
        {
            "title": _("Import values into %s") % edition,
            "intro": _(
                "Nothing is saved if any line has a problem; every problem is listed with its "
                "line. Keys of this edition's variables: %s."
            )
            % ", ".join(edition.variables.values_list("key", flat=True)),
            "example": EXAMPLE,
            "form": form,
            "problems": problems[:50],
            "more": max(0, len(problems) - 50),
        },
    )


@require_POST
def compute_view(request, pk):
    _guard(request)
    edition = get_object_or_404(Edition, pk=pk)
    try:
        result = services.compute_edition(edition)
    except (compute.FormulaError, EditionFrozen) as error:
        messages.error(request, _("Not computed: %s") % error)
    else:
        sizes = ", ".join(f"{g} {n}" for g, n in result.group_sizes().items())
        messages.success(
            request,
            _("Computed: %(n)s comunas (%(sizes)s).")
            % {
                "n": len(result.ranking),
                "sizes": sizes,
            },
        )
    return redirect("funding_overview")


@require_POST
def publish_view(request, pk):
    _guard(request, can_publish)
    edition = get_object_or_404(Edition, pk=pk)
    try:
        edition = services.publish_edition(edition)
    except (compute.FormulaError, EditionFrozen) as error:
        messages.error(request, _("Not published: %s") % error)
    else:
        messages.success(request, _("%s is published and can no longer change.") % edition)
    return redirect("funding_overview")


@require_POST
def correct_view(request, pk):
    _guard(request, can_publish)
    edition = get_object_or_404(Edition, pk=pk)
    try:
        copy = services.correct_edition(edition)
    except EditionFrozen as error:
        messages.error(request, str(error))
        return redirect("funding_overview")
    messages.success(
        request, _("Version %(v)s is a draft copy: correct it, then publish.") % {"v": copy.version}
    )
    return redirect(reverse("wagtailsnippets_funding_edition:edit", args=[copy.pk]))
