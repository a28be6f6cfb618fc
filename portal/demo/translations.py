"""The demo's English version, made the way an editor makes one: through wagtail-localize.

``demo-en.po`` holds an English text for every Spanish string of the demo pages (titles, slugs,
summaries, rich text…). Each live Spanish page whose strings all have one gets a synced
translation (``Translation``), its strings imported from that catalogue and its English page
published; a page with a string the catalogue lacks (content someone added) is left alone.
Idempotent: a page already translated from an unchanged source is not saved again. Run it
outside any transaction (``load_demo`` the command does): wagtail-localize publishes each
translation when its transaction commits.
"""

from pathlib import Path

import polib
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

CATALOGUE = Path(__file__).with_name("demo-en.po")


def english_catalogue(path: Path = CATALOGUE) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr}


def translate_demo(language_code: str = "en", path: Path = CATALOGUE) -> str:
    english = english_catalogue(path)
    target, _ = Locale.objects.get_or_create(language_code=language_code)
    source_locale = Locale.get_default()
    translated = unchanged = skipped = 0
    # Parents first, so that every English page goes under its English parent.
    pages = Page.objects.filter(locale=source_locale, depth__gt=1, live=True).order_by("path")
    for page in pages.specific():
        source, created = TranslationSource.get_or_create_from_instance(page)
        changed = created
        if not created:
            before = source.content_json
            source.update_from_db()  # the page's current text, segments extracted again
            changed = source.content_json != before
        strings = StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
        if any(text not in english for text in strings):
            skipped += 1
            continue
        translation, new = Translation.objects.get_or_create(source=source, target_locale=target)
        version = page.get_translation_or_none(target)
        if not (changed or new) and version is not None and version.live:
            unchanged += 1
            continue
        po = translation.export_po()
        for entry in po:
            entry.msgstr = english[entry.msgid]
        translation.import_po(po)
        translation.save_target(publish=True)
        # The demo's English pages carry their originals' publication dates: a translation of
        # an old practice is not news ("Recently published" lists the same works).
        Page.objects.filter(translation_key=page.translation_key, locale=target).update(
            first_published_at=page.first_published_at
        )
        translated += 1
    return (
        f"English: {translated} pages translated, {unchanged} already up to date, "
        f"{skipped} without an English text"
    )
