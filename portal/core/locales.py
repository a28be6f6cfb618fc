"""Locale ids by language code, kept per process.

Wagtail's ``Locale.get_active()`` runs a query on every call, and ``.localized`` calls it for
each term and page a template shows (nine times on a practice page). Locales are a handful of
rows that change only when a language is added or removed, so their ids are read once per
process; saving or deleting a Locale empties this cache in the process that did it (others
read it again when restarted, and meanwhile fall back to a query for a language they do not
know).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation

_ids: dict[str, int] = {}


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


def _forget(**kwargs):
    _ids.clear()


def connect_signals():
    from wagtail.models import Locale

    post_save.connect(_forget, sender=Locale, dispatch_uid="portal-locales-save")
    post_delete.connect(_forget, sender=Locale, dispatch_uid="portal-locales-delete")
