"""Real PDF and DOCX files built in memory for tests (no fixtures to keep in sync)."""

import io

from portal.demo.pdf import make_pdf

__all__ = ["make_docx", "make_pdf"]


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
