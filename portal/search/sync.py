"""Keeping ``SearchEntry`` rows and the search backend in step with what is published.

Rows are written in the publishing transaction (the database is the source of truth). The
backend is updated only after that transaction commits; if the backend fails (Elasticsearch
down or slow), the failure is logged, the row stays marked ``indexed=False`` and
``python manage.py update_index`` (or ``sync_search --pending``) catches up. A publish never
fails because of search.
"""

import logging

from django.db import transaction
from wagtail.models import Page

from portal.core import content

from . import vectors
from .documents import entry_data
from .models import SearchEntry, SearchEntryTerm

logger = logging.getLogger(__name__)


def is_searchable(page) -> bool:
    return (
        page.live
        and isinstance(page, tuple(content.content_models()))
        and not page.get_view_restrictions().exists()
    )


def upsert_entry(page) -> SearchEntry | None:
    """Write (or remove) the page's entry from its current state; index it after commit."""
    page = page.specific
    if not is_searchable(page):
        remove_entry(page)
        return None
    fields, term_rows, terms = entry_data(page)
    keys = " ".join(sorted({f"{v}:{s}" for v, s in term_rows}))
    entry, _created = SearchEntry.objects.update_or_create(
        page_id=page.pk, defaults={**fields, "terms": terms, "facet_terms": keys, "indexed": False}
    )
    SearchEntryTerm.objects.filter(entry=entry).delete()
    SearchEntryTerm.objects.bulk_create(
        [SearchEntryTerm(entry=entry, vocabulary=v, slug=s) for v, s in set(term_rows)]
    )
    vectors.refresh(SearchEntry.objects.filter(pk=entry.pk))
    transaction.on_commit(lambda: index_entries([entry.pk]))
    return entry


def remove_entry(page) -> None:
    entry = SearchEntry.objects.filter(page_id=page.pk).first()
    if entry is None:
        return
    entry.delete()  # the backend is told by the post_delete signal


def _backends():
    from wagtail.search.backends import get_search_backends_with_name

    return get_search_backends_with_name(with_auto_update=True)


def index_entries(pks) -> int:
    """Send the entries to every search backend; returns how many were indexed."""
    entries = list(SearchEntry.objects.filter(pk__in=pks))
    if not entries:
        return 0
    try:
        for _name, backend in _backends():
            backend.add_bulk(SearchEntry, entries)
    except Exception:
        logger.exception("Search backend failed to index %s entries; kept for catch-up", len(pks))
        return 0
    SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(indexed=True)
    return len(entries)


def unindex_entry(pk) -> None:
    stub = SearchEntry(pk=pk)
    try:
        for _name, backend in _backends():
            backend.delete(stub)
    except Exception:
        logger.exception("Search backend failed to remove entry %s", pk)


def refresh_subtree(page) -> None:
    """After a move or a change of view restrictions: every page below may have changed."""
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        upsert_entry(descendant)  # writes the entry, or removes it if the page left the search


def refresh_pages_using_document(document) -> None:
    """A document's text was (re)extracted: the pages that carry it are searched anew."""
    for model in content.content_models():
        if any(f.name == "document" for f in model._meta.get_fields()):
            for page in model.objects.live().filter(document=document):
                upsert_entry(page)


def rebuild_entries(*, batch: int = 500) -> int:
    """Recreate every entry from the live pages (after an import, or on a new database)."""
    count = 0
    models = content.content_models()
    live_ids = set()
    for page in Page.objects.live().type(*models).specific().iterator(chunk_size=batch):
        if upsert_entry(page) is not None:
            live_ids.add(page.pk)
            count += 1
    SearchEntry.objects.exclude(page_id__in=live_ids).delete()
    return count


def index_pending() -> int:
    pending = list(SearchEntry.objects.filter(indexed=False).values_list("pk", flat=True))
    done = 0
    for start in range(0, len(pending), 500):
        done += index_entries(pending[start : start + 500])
    return done
