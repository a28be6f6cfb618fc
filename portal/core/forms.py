from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm


class PortalDocumentForm(BaseDocumentForm):
    """Shows editors whether the portal could read the file's text (search depends on it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.instance
        if document.pk and "file" in self.fields:
            status = document.get_extraction_status_display()
            note = _("Text for search: %(status)s.") % {"status": status}
            if document.extraction_error:
                note += (
                    " "
                    + document.extraction_error
                    + " "
                    + _(
                        "The file is stored and can be downloaded, but search will not find words inside it."
                    )
                )
            self.fields["file"].help_text = f"{self.fields['file'].help_text} {note}".strip()
