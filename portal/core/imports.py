"""The admin side of CSV imports into a page: a form, a view and a template shared by every
import (program indicators, observatory series). The services do the work; this shows it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .csvimport import CsvImportError
from .params import parse_id


def editable_pages(user, model):
    """Pages of ``model`` this user may edit (Wagtail's own page permissions)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return model.objects.filter(pk__in=editable.values("pk")).order_by("title")


class PageImportForm(forms.Form):
    page = forms.ModelChoiceField(label=gettext_lazy("Page"), queryset=None)
    file = forms.FileField(label=gettext_lazy("CSV file"))
    publish = forms.BooleanField(
        label=gettext_lazy("Publish at once"),
        required=False,
        help_text=gettext_lazy("Only for moderators; otherwise the change waits for review."),
    )

    def __init__(self, *args, pages, page_label, file_help, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        self.fields["page"].label = page_label
        self.fields["page"].label_from_instance = lambda page: (
            f"{page.title} — {page.institution.title if page.institution else ''}"
        )
        self.fields["file"].help_text = file_help


def page_import_view(request, *, model, run, summary, texts):
    """Upload a CSV into one of the pages of ``model`` the user may edit.

    ``run(page=, data=, user=, publish=)`` returns a report or raises CsvImportError;
    ``summary(page, report)`` says what was done; ``texts`` holds the page's title, intro,
    example, the page field's label and the file's help text.
    """
    pages = editable_pages(request.user, model)
    if not pages.exists():
        raise PermissionDenied
    problems = []
    form = PageImportForm(
        request.POST or None,
        request.FILES or None,
        pages=pages,
        page_label=texts["page_label"],
        file_help=texts["file_help"],
    )
    if request.method == "POST" and form.is_valid():
        page = form.cleaned_data["page"]
        can_publish = page.permissions_for_user(request.user).can_publish()
        try:
            report = run(
                page,
                data=form.cleaned_data["file"].read(),
                user=request.user,
                publish=form.cleaned_data["publish"] and can_publish,
            )
        except CsvImportError as error:
            problems = error.problems
            messages.error(request, _("Nothing was imported: fix the lines below and try again."))
        else:
            text = summary(page, report)
            if report.published:
                messages.success(request, text + " " + _("Published."))
            else:
                messages.success(request, text + " " + _("Saved as a draft: submit it for review."))
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "core/admin/csv_import.html",
        {
            "form": form,
            "problems": problems[:200],
            "more": max(len(problems) - 200, 0),
            **texts,
        },
    )


class PageImportCommand:
    """The body of a ``manage.py import_…`` command that loads a CSV file into one page.

    Subclasses of BaseCommand mix this in and set ``model``, ``page_help`` and ``run(page,
    data, publish)`` returning a report, and ``describe(page, report)``.
    """

    model = None
    page_help = "The page's slug or id."

    def add_arguments(self, parser):
        parser.add_argument("page", help=self.page_help)
        parser.add_argument("csv", help="Path of the CSV file.")
        parser.add_argument("--publish", action="store_true", help="Publish the new revision.")

    def handle(self, *args, page, csv, publish, **options):
        from django.core.management.base import CommandError

        page_id = parse_id(page)
        lookup = {"pk": page_id} if page_id is not None else {"slug": page}
        target = self.model.objects.filter(**lookup).first()
        if target is None:
            raise CommandError(f"No {self.model._meta.verbose_name} with slug or id {page!r}.")
        try:
            with open(csv, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {csv}: {error}") from error
        try:
            report = self.run(target, data, publish)
        except CsvImportError as error:
            for line, reason in error.problems:
                self.stderr.write(f"line {line}: {reason}")
            raise CommandError("Nothing was imported.") from error
        self.stdout.write(
            f"{target.title}: {self.describe(report)}"
            + (", published." if report.published else ", saved as a draft revision.")
        )
