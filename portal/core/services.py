"""Write operations of the core app."""

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from .models import PreventionApproach, PreventionLevel, TargetPopulation, Theme

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabularies.json"
VOCABULARY_MODELS = {
    "themes": Theme,
    "target_populations": TargetPopulation,
    "prevention_approaches": PreventionApproach,
    "prevention_levels": PreventionLevel,
}


def ensure_locales() -> tuple[Locale, Locale]:
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return spanish, english


@transaction.atomic
def seed_vocabularies(*, path: Path = VOCABULARY_FILE) -> dict[str, int]:
    """Create the vocabulary terms in Spanish and English; existing terms are kept as they are.

    Returns how many rows were created per vocabulary.
    """
    spanish, english = ensure_locales()
    data = json.loads(path.read_text(encoding="utf-8"))
    created = {}
    for key, model in VOCABULARY_MODELS.items():
        created[key] = 0
        for term in data[key]:
            original = model.objects.filter(slug=term["slug"], locale=spanish).first()
            if original is None:
                original = model.objects.create(
                    slug=term["slug"],
                    name=term["es"],
                    description=term.get("description_es", ""),
                    locale=spanish,
                )
                created[key] += 1
            if not model.objects.filter(
                translation_key=original.translation_key, locale=english
            ).exists():
                model.objects.create(
                    slug=term["slug"],
                    name=term["en"],
                    description=term.get("description_en", ""),
                    locale=english,
                    translation_key=original.translation_key,
                )
                created[key] += 1
    return created


def extract_document_text(*, document, only_pending: bool = False) -> str:
    """Fill the document's extracted text; a failure is recorded on it, never raised.

    Returns the resulting extraction status.
    """
    from .extraction import ExtractionError, extract_text

    status = document.Extraction
    if only_pending and document.extraction_status != status.PENDING:
        return document.extraction_status
    try:
        with document.open_file() as handle:
            data = handle.read()
        text = extract_text(document.file.name, data)
    except ExtractionError as error:
        document.extraction_status, document.extraction_error = status.FAILED, str(error)[:300]
        document.extracted_text = ""
    except OSError as error:
        document.extraction_status = status.FAILED
        document.extraction_error = f"The stored file cannot be opened ({error})."[:300]
        document.extracted_text = ""
    else:
        if text is None:
            document.extraction_status, document.extraction_error = status.UNSUPPORTED, ""
            document.extracted_text = ""
        else:
            document.extraction_status, document.extraction_error = status.DONE, ""
            document.extracted_text = text
    document.save(update_fields=["extracted_text", "extraction_status", "extraction_error"])
    return document.extraction_status
