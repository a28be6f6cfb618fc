"""Checks that an uploaded document is what its extension says, by looking at its content.

Wagtail checks the extension against ``WAGTAILDOCS_EXTENSIONS`` and the size against
``WAGTAILDOCS_MAX_UPLOAD_SIZE``; neither looks inside the file, so a program or a web page
renamed ``.pdf`` would pass. ``check_document_content`` refuses such a file:

- pdf: starts with ``%PDF-``;
- docx, xlsx, pptx: a zip holding ``[Content_Types].xml`` and the format's main part;
- odt, ods: a zip whose ``mimetype`` entry names the OpenDocument kind;
- doc, xls: the old Office (OLE2) signature;
- csv, txt: text (UTF-8, UTF-16 with its byte-order mark, or Windows-1252), no NUL bytes.

Zip files whose declared content would unpack to more than ``MAX_UNZIPPED_BYTES`` are refused
too (a "zip bomb" would exhaust memory when the text is extracted).

Images: Wagtail refuses more than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` only after decoding the
whole image, so a small file declaring a huge size would take hundreds of megabytes first.
``check_image_pixels`` reads only the header and refuses it before anything is decoded.
"""

import codecs
import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
CHUNK = 1024 * 1024

OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPE = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# How a person calls each format, in messages.
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "doc": "Word 97-2003 (.doc)",
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97-2003 (.xls)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument (.odt)",
    "ods": "OpenDocument (.ods)",
    "csv": "CSV",
    "txt": "text (.txt)",
}


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _head(file, size: int = 8) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _zip_problem(file, extension: str) -> str | None:
    """Why the zip container does not hold an ``extension`` document, or None if it does."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES
            ):
                return "too_large"
            names = {entry.filename for entry in entries}
            if extension in OOXML_MAIN_PART:
                if "[Content_Types].xml" in names and OOXML_MAIN_PART[extension] in names:
                    return None
                return "mismatch"
            if "mimetype" not in names:
                return "mismatch"
            declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
            return None if declared == ODF_MIMETYPE[extension] else "mismatch"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "mismatch"
    finally:
        file.seek(0)


def _is_text(file) -> bool:
    """True if the whole file decodes as text with no NUL character."""
    start = _head(file, 4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    try:
        for encoding in encodings:
            decoder = codecs.getincrementaldecoder(encoding)()
            file.seek(0)
            try:
                while chunk := file.read(CHUNK):
                    if "\x00" in decoder.decode(chunk):
                        return False
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return True
        return False
    finally:
        file.seek(0)


def content_problem(file, extension: str) -> str | None:
    """``None`` when the content matches ``extension``; otherwise ``"mismatch"``,
    ``"too_large"`` (a zip that would unpack to too much) or ``"unknown"`` (no rule for it)."""
    if extension == "pdf":
        return None if _head(file, 5) == b"%PDF-" else "mismatch"
    if extension in ("doc", "xls"):
        return None if _head(file, 8) == OLE2_MAGIC else "mismatch"
    if extension in OOXML_MAIN_PART or extension in ODF_MIMETYPE:
        if not _head(file, 4).startswith(b"PK\x03\x04"):
            return "mismatch"
        return _zip_problem(file, extension)
    if extension in ("csv", "txt"):
        return None if _is_text(file) else "mismatch"
    return "unknown"


def check_document_content(file) -> None:
    """Raise a ValidationError a person can act on if ``file`` is not what its name says.

    Extensions Wagtail does not allow are left to Wagtail's own message.
    """
    from django.conf import settings

    extension = extension_of(file.name)
    if extension not in getattr(settings, "WAGTAILDOCS_EXTENSIONS", []):
        return
    problem = content_problem(file, extension)
    if problem is None:
        return
    values = {"name": os.path.basename(file.name), "format": FORMAT_NAMES.get(extension, extension)}
    if problem == "too_large":
        message = _(
            "“%(name)s” would take too much space once unpacked. Save it again from the "
            "program that created it (without embedded videos or very large images) and "
            "upload it again."
        )
    elif problem == "unknown":
        message = _(
            "Files ending in .%(extension)s cannot be checked yet; ask the site's "
            "administrators to allow them."
        )
        values["extension"] = extension
    else:
        message = _(
            "“%(name)s” is not a real %(format)s file: its content does not match its name. "
            "Open it in the program that created it and save or export it as %(format)s, "
            "or upload it with the extension of its real format."
        )
    raise ValidationError(message % values, code="content_mismatch")


def check_image_pixels(file, max_pixels: int | None) -> None:
    """Raise a ValidationError if the image's header declares more than ``max_pixels``.

    Pillow only parses the header here; files it cannot read are left to Wagtail's own checks.
    """
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if not max_pixels or file is None or not hasattr(file, "seek"):
        return
    name = os.path.basename(getattr(file, "name", "") or "")
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            width, height = image.size
    except PILImage.DecompressionBombError:
        width = height = None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return
    finally:
        file.seek(0)
    if width is not None and width * height <= max_pixels:
        return
    raise ValidationError(
        _(
            "“%(name)s” is too large in pixels (%(size)s). Reduce it to at most %(max)s "
            "million pixels (for example 8000 × 8000 or less) and upload it again."
        )
        % {
            "name": name,
            "size": f"{width} × {height}" if width is not None else _("far too many"),
            "max": max_pixels // 1_000_000,
        },
        code="file_too_many_pixels",
    )
