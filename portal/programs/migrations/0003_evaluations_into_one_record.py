"""Move programs' evaluations into the one evaluation record (portal.institutions.evaluations), every row kept.

The old kinds map onto the fixed list of designs (docs/DECISIONS.md, "One evaluation record"),
the findings keep their text, and the programs' revisions are rewritten the same way, with each
evaluation's id pointing at its new row, so that reverting to or publishing an old draft neither
loses an evaluation nor takes over another page's row.
"""

from django.db import migrations

BATCH = 1000
KIND_TO_DESIGN = {
    "experimental": "randomised",
    "quasi_experimental": "quasi_experimental",
    "process": "qualitative",
    "monitoring": "monitoring",
    "none": "monitoring",
}
DESIGN_TO_KIND = {
    "randomised": "experimental",
    "quasi_experimental": "quasi_experimental",
    "before_after_comparison": "quasi_experimental",
    "before_after": "monitoring",
    "time_series": "monitoring",
    "qualitative": "process",
    "monitoring": "monitoring",
}
OLD = ("programs", "ProgramEvaluation")
PAGE = ("programs", "programpage")


def _year(date) -> int | None:
    """The year of a date, or of an ISO date as a revision stores it."""
    if not date:
        return None
    return int(date[:4]) if isinstance(date, str) else date.year


def new_values(old: dict) -> dict:
    """The one record's fields from an old row's (or its revision's) values."""
    return {
        "sort_order": old.get("sort_order"),
        "title": "",
        "design": KIND_TO_DESIGN.get(old.get("kind"), "monitoring"),
        "year": _year(old.get("date")),
        "date": old.get("date"),
        "evaluator": old.get("evaluator") or "",
        "evaluator_kind": "",
        "independent": None,
        "sample": "",
        "findings": old.get("findings") or "",
        "citation": "",
        "link": "",
    }


def old_values(new: dict) -> dict:
    return {
        "sort_order": new.get("sort_order"),
        "kind": DESIGN_TO_KIND.get(new.get("design"), "monitoring"),
        "date": new.get("date"),
        "evaluator": new.get("evaluator") or "",
        "findings": new.get("findings") or "",
    }


ROW_FIELDS = ("sort_order", "kind", "date", "evaluator", "findings")
NEW_FIELDS = ("sort_order", "design", "date", "evaluator", "findings")


def _copy(source, target, fields, convert, pages):
    """Copy the rows of ``source`` on ``pages`` into ``target``; returns {old id: new id}."""
    ids = {}
    rows = source.objects.filter(page_id__in=pages).order_by("pk")
    batch = []
    for row in rows.values("pk", "page_id", "document_id", *fields).iterator():
        values = convert(row)
        batch.append(
            (row["pk"], target(page_id=row["page_id"], document_id=row["document_id"], **values))
        )
        if len(batch) == BATCH:
            ids.update(_create(target, batch))
            batch = []
    ids.update(_create(target, batch))
    return ids


def _create(target, batch):
    created = target.objects.bulk_create([row for _pk, row in batch])
    return {pk: row.pk for (pk, _row), row in zip(batch, created, strict=True)}


def _revisions(apps, convert, ids):
    """Rewrite the evaluations held in the page type's revisions, ids mapped to the new rows."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label=PAGE[0], model=PAGE[1]).first()
    if content_type is None:
        return
    changed = []
    for revision in Revision.objects.filter(content_type=content_type).only("content").iterator():
        items = (revision.content or {}).get("evaluations")
        if not items:
            continue
        revision.content["evaluations"] = [
            {
                **convert(item),
                "pk": ids.get(item.get("pk")),
                "page": item.get("page"),
                "document": item.get("document"),
            }
            for item in items
        ]
        changed.append(revision)
        if len(changed) == BATCH:
            Revision.objects.bulk_update(changed, ["content"])
            changed = []
    Revision.objects.bulk_update(changed, ["content"])


def _pages(apps):
    return apps.get_model(*PAGE).objects.values("pk")


def forward(apps, schema_editor):
    old = apps.get_model(*OLD)
    evaluation = apps.get_model("evaluations", "Evaluation")
    ids = _copy(old, evaluation, ROW_FIELDS, new_values, _pages(apps))
    _revisions(apps, new_values, ids)


def backward(apps, schema_editor):
    old = apps.get_model(*OLD)
    evaluation = apps.get_model("evaluations", "Evaluation")
    pages = _pages(apps)
    ids = _copy(evaluation, old, NEW_FIELDS, old_values, pages)
    _revisions(apps, old_values, ids)
    evaluation.objects.filter(page_id__in=pages).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0072_alter_revision_content_type_notnull"),
        ("evaluations", "0001_initial"),
        ("programs", "0002_programpage_annual_budget_and_more"),
    ]

    operations = [migrations.RunPython(forward, backward)]
