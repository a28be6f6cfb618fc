"""What a content page contributes to the search: its text, its terms, its facet values.

The text comes from the page type's own ``search_fields`` (the same declaration Wagtail's
admin search uses), so a new field declared there is searched here too, plus the extracted
text of the page's document (a manual's PDF or DOCX, a report) and the vocabulary terms in
every language.
"""

from django.utils.html import strip_tags
from wagtail.search import index

from portal.core import content
from portal.institutions.evaluations.models import RatedMixin
from portal.institutions.evaluations.rating import strongest_design

VOCABULARIES = {
    "themes": "theme",
    "target_populations": "population",
    "approaches": "approach",
    "levels": "level",
}
MAX_BODY = 400_000


def _text(value) -> str:
    # str() of a StreamField value renders its blocks; rich text is HTML: both lose their tags.
    return "" if value is None else strip_tags(str(value))


def _field_text(obj, fields) -> list[str]:
    parts = []
    for field in fields:
        if isinstance(field, index.SearchField):
            if field.field_name in ("title",):
                continue
            parts.append(_text(getattr(obj, field.field_name, "")))
        elif isinstance(field, index.RelatedFields):
            related = getattr(obj, field.field_name, None)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:
                parts.extend(_field_text(item, field.fields))
    return parts


def registry_key(page) -> str | None:
    for entry in content.content_types():
        if isinstance(page, entry.model):
            return entry.key
    return None


def entry_data(page, term_names=None) -> tuple[dict, list[tuple[str, str]], str]:
    """(fields of the SearchEntry, [(vocabulary, slug)], terms text) for a specific page.

    ``term_names`` maps (vocabulary, slug) to the term's names in every language, for callers
    that write many entries at once (``portal.demo.generate``); otherwise they are queried.
    """
    key = registry_key(page)
    institution = getattr(page, "institution", None)
    if institution is None and page.__class__.__name__ == "InstitutionPage":
        institution = page
    elif institution is not None and not institution.live:
        # An unpublished owner is not named (the visibility rule; a private owner makes the
        # page below it private, so it has no entry at all).
        institution = None
    body = [t for t in _field_text(page, page.get_search_fields()) if t.strip()]
    document = getattr(page, "document", None)
    if document is not None and getattr(document, "extracted_text", ""):
        body.append(document.extracted_text)
    term_rows, names = [], []
    for attribute, vocabulary in VOCABULARIES.items():
        manager = getattr(page, attribute, None)
        if manager is None:
            continue
        for term in manager.all():
            term_rows.append((vocabulary, term.slug))
            if term_names is not None:
                names.extend(term_names[(vocabulary, term.slug)])
            else:
                names.extend(term.get_translations(inclusive=True).values_list("name", flat=True))
    entry = content.get(key) if key else None
    year = entry.year_of(page) if entry else None
    summary = getattr(page, "summary", "") or ""
    fields = {
        "kind": key or "",
        "title": page.title[:255],
        "summary": summary,
        "body": "\n".join(body)[:MAX_BODY],
        "url_path": page.url_path[:255],
        "language": (page.locale.language_code if page.locale_id else "es")[:8],
        "country": institution.country.code if institution and institution.country_id else "",
        "region": institution.region_id if institution else None,
        "institution": institution.slug if institution else "",
        "institution_title": institution.title if institution else "",
        "year": year,
        "date": page.last_published_at or page.first_published_at,
        "impact_rating": getattr(page, "impact_rating", "") or "",
        "evaluation_design": (
            strongest_design(e.design for e in page.evaluations.all())
            if isinstance(page, RatedMixin)
            else ""
        ),
        "documentation_level": getattr(page, "documentation_level", "") or "",
        "index_group": (
            institution.municipality.index_group
            if institution and institution.municipality_id
            else ""
        ),
    }
    return fields, term_rows, " ".join(dict.fromkeys(names))
