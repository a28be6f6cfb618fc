"""Locale ids by language code, kept per process.

Wagtail's ``Locale.get_active()`` runs a query on every call, and ``.localized`` calls it for
each term and page a template shows (nine times on a practice page). Locales are a handful of
rows that change only when a language is added or removed, so their ids are read once per
process. Saving or deleting a Locale empties this cache in the process that did it; restart the
server processes after adding or removing a language so that all of them see it.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation

_ids: dict[str, int] = {}
_codes: dict[int, str] = {}


def locale_id(language: str) -> int | None:
    """The id of the Locale of ``language`` (a Django language code), or None."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    if language not in _ids:
        try:
            code = get_supported_content_language_variant(language)
            _ids[language] = Locale.objects.only("pk").get(language_code=code).pk
        except (LookupError, Locale.DoesNotExist):
            return None
    return _ids[language]


def active_locale_id() -> int | None:
    """The id of the active language's Locale (the default language's when it has none)."""
    return locale_id(translation.get_language() or settings.LANGUAGE_CODE) or locale_id(
        settings.LANGUAGE_CODE
    )


def language_codes() -> dict[int, str]:
    """Every Locale's language code by id (shared: read it, do not change it)."""
    from wagtail.models import Locale

    if not _codes:
        _codes.update(Locale.objects.values_list("pk", "language_code"))
    return _codes


def _forget(**kwargs):
    _ids.clear()
    _codes.clear()


def connect_signals():
    from wagtail.models import Locale

    post_save.connect(_forget, sender=Locale, dispatch_uid="portal-locales-save")
    post_delete.connect(_forget, sender=Locale, dispatch_uid="portal-locales-delete")
