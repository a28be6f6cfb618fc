from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProgramPage


def editable_programs(user):
    """Programs whose pages this user may edit (Wagtail's own page permissions)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProgramPage.objects.filter(pk__in=editable.values("pk")).order_by("title")


class IndicatorImportForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramPage.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per indicator and period, with the columns indicator, period, target, "
            "actual and source (and unit, kind, direction and baseline for new indicators)."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("Only for moderators; otherwise the change waits for review."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = editable_programs(user)
        self.fields["program"].label_from_instance = lambda page: (
            f"{page.title} — {page.institution.title if page.institution else ''}"
        )
