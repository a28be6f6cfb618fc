"""The kind of period of each indicator series, kept as a column (filled for existing series)."""

from django.db import migrations, models

from portal.core.periods import PERIOD_RE, granularity


def _kind(raw) -> str:
    periods = sorted(
        (item.get("value") or {}).get("period") or ""
        for item in raw or []
        if (item.get("value") or {}).get("value") not in (None, "")
    )
    return granularity(periods[0]) if periods and PERIOD_RE.match(periods[0]) else ""


def fill(apps, schema_editor):
    IndicatorSeries = apps.get_model("observatories", "IndicatorSeries")
    changed = []
    for series in IndicatorSeries.objects.only("pk", "values").iterator(chunk_size=2000):
        raw = getattr(series.values, "raw_data", series.values)
        series.period_kind = _kind(list(raw))
        if series.period_kind:
            changed.append(series)
    IndicatorSeries.objects.bulk_update(changed, ["period_kind"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("observatories", "0003_series_indicator_unit_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorseries",
            name="period_kind",
            field=models.CharField(default="", editable=False, max_length=10),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
