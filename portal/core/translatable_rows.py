"""Making existing inline rows translatable (evaluations, indicators, activities…): each row
gets its own translation key and its page's language. Used by the migrations that add
``TranslatableMixin`` to those models; kept here so that every app's migration does the same."""

import uuid

from django.conf import settings

BATCH = 1000


def fill(apps, app_label: str, rows: list[tuple[str, str]]) -> None:
    """For each (model, parent field) in order: a new key and the parent's locale for every row
    without them. A parent is a page or a row filled before it in ``rows``."""
    Locale = apps.get_model("wagtailcore", "Locale")
    default = (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values_list("pk", flat=True)
    ).first()
    for model_name, parent in rows:
        model = apps.get_model(app_label, model_name)
        parent_model = model._meta.get_field(parent).related_model
        locales = dict(parent_model.objects.values_list("pk", "locale_id"))
        pending = model.objects.filter(translation_key__isnull=True).only("pk", f"{parent}_id")
        batch = []
        for row in pending.iterator(chunk_size=BATCH):
            row.translation_key = uuid.uuid4()
            row.locale_id = locales.get(getattr(row, f"{parent}_id")) or default
            batch.append(row)
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, ["translation_key", "locale"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["translation_key", "locale"])
