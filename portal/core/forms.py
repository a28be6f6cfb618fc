import logging

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import check_document_content, check_image_pixels

logger = logging.getLogger(__name__)


class StoreFileFirstMixin:
    """Writes the uploaded file to storage while the form is validated, so that a full disk or
    an unwritable media folder is a message on the form instead of a server error, and no
    database row is ever saved for a file that was not stored."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors or "file" not in self.changed_data:
            return
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return
        try:
            # Saving the field file now marks it committed: the model's save will not write it
            # a second time.
            self.instance.file.save(upload.name, upload, save=False)
        except OSError:
            logger.exception("Could not store the uploaded file %r", upload.name)
            self.add_error(
                "file",
                _(
                    "The file could not be stored on the server, so nothing was saved. Try "
                    "again in a few minutes; if it happens again, tell the site's "
                    "administrators (the server's disk may be full)."
                ),
            )


class PortalDocumentForm(StoreFileFirstMixin, BaseDocumentForm):
    """Checks that a file is what its name says, and shows editors whether the portal could read
    the file's text (search depends on it)."""

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

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            check_document_content(file)
        return file


class PortalImageField(WagtailImageField):
    """Wagtail's image field, refusing too many pixels before the image is decoded."""

    def to_python(self, data):
        check_image_pixels(data, self.max_image_pixels)
        return super().to_python(data)


class PortalImageForm(StoreFileFirstMixin, BaseImageForm):
    """Wagtail's image form with the header check and the storage-failure message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, PortalImageField):
            self.fields["file"] = PortalImageField(
                label=field.label, required=field.required, widget=field.widget
            )
