"""Text extraction from uploaded documents, so search can find words inside manuals.

PDF through pypdf, DOCX through python-docx. The text is capped; a file that cannot be read is
kept as it is and flagged, never lost.
"""

import io
import logging
import zipfile

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 500_000
MAX_PDF_PAGES = 1_000


class ExtractionError(Exception):
    """The file's text cannot be read; the message is shown to the editor."""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError(_("The PDF is password-protected."))
        parts, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_TEXT_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError(
            _("The PDF is damaged or not a PDF (%(error)s).") % {"error": error}
        ) from None
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ExtractionError(
            _("The DOCX file is damaged or not a DOCX (%(error)s).") % {"error": error}
        ) from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text}


def extract_text(filename: str, data: bytes) -> str | None:
    """The text of a PDF or DOCX file, capped; None for formats we do not read.

    Raises ExtractionError when a PDF or DOCX cannot be read.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return None
    text = extractor(data)
    text = " ".join(text.replace("\x00", " ").split())
    if not text:
        raise ExtractionError(_("The file has no readable text (it may be a scanned image)."))
    return text[:MAX_TEXT_CHARS]
