from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core import visibility
from portal.institutions.models import InstitutionPage


class JoinRequestForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=InstitutionPage.objects.none(),
        empty_label=_("Choose an institution"),
        error_messages={
            "invalid_choice": _("That institution does not exist. Choose one from the list."),
            "required": _("Choose the institution you want to join."),
        },
    )
    message = forms.CharField(
        label=_("Message for its managers"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are and what you will publish."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = visibility.shown_queryset(
            InstitutionPage.objects
        ).order_by("title")
