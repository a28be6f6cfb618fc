"""Importing an observatory's indicator series from CSV: one row per indicator, territory and period.

Columns (header row required; names in English or Spanish, any order):

    indicator | indicador        required
    territory | territorio       required: the municipality, a sector, a neighbourhood unit…
    period    | periodo          required: 2023, 2023-S1, 2023-Q2 or 2023-06
    value     | valor            required: a number (1.234,5 and 1,234.5 are both read)
    unit      | unidad           required for a new series; must equal an existing series' unit
    source    | fuente           optional; replaces the series' source when given
    level     | nivel            optional: municipality/comuna/municipio, sector,
                                 neighbourhood unit/unidad vecinal, point/punto
    theme     | tema             optional: a theme of the portal, by name or code

A series is an indicator in a territory. Rows add or replace values of an existing series
(matched by indicator and territory, ignoring case and accents) or create the series. Within a
series every period is of one kind (all years, all months…). The import writes a new revision of
the observatory, reviewed like any other change; with ``publish`` (moderators, administrators) it
is published at once. Every problem is reported with its line; if there is any, nothing is saved.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.core.csvimport import CsvImportError, fold, parse_number, read_rows, save_import
from portal.core.models import Theme
from portal.core.periods import PERIOD_RE, granularity

from .models import IndicatorSeries, TerritorialLevel

logger = logging.getLogger(__name__)

COLUMNS = {
    "indicator": ("indicator", "indicador"),
    "territory": ("territory", "territorio"),
    "period": ("period", "periodo"),
    "value": ("value", "valor"),
    "unit": ("unit", "unidad"),
    "source": ("source", "fuente"),
    "level": ("level", "nivel"),
    "theme": ("theme", "tema"),
}
LEVELS = {
    "municipality": TerritorialLevel.MUNICIPALITY,
    "municipio": TerritorialLevel.MUNICIPALITY,
    "comuna": TerritorialLevel.MUNICIPALITY,
    "sector": TerritorialLevel.SECTOR,
    "macrosector": TerritorialLevel.SECTOR,
    "neighbourhood unit": TerritorialLevel.NEIGHBOURHOOD_UNIT,
    "neighborhood unit": TerritorialLevel.NEIGHBOURHOOD_UNIT,
    "unidad vecinal": TerritorialLevel.NEIGHBOURHOOD_UNIT,
    "point": TerritorialLevel.POINT,
    "punto": TerritorialLevel.POINT,
}


@dataclass
class SeriesImportReport:
    series_created: int = 0
    values_created: int = 0
    values_updated: int = 0
    published: bool = False
    revision_id: int | None = None
    names: list[str] = field(default_factory=list)


def _themes() -> dict[str, Theme]:
    """Themes by folded slug and folded name, in any language, pointing at the Spanish row."""
    spanish = {t.translation_key: t for t in Theme.objects.filter(locale__language_code="es")}
    out = {}
    for term in Theme.objects.all():
        target = spanish.get(term.translation_key)
        if target is not None:
            out[fold(term.slug)] = target
            out[fold(term.name)] = target
    return out


def import_series(*, observatory, data: bytes, user=None, publish: bool = False):
    """Apply the CSV to the observatory's latest revision; save a new revision (and publish)."""
    rows = read_rows(data, COLUMNS, required=("indicator", "territory", "period", "value"))
    problems: list[tuple[int, str]] = []
    # A fresh copy: the caller's page must not change in memory if the import fails.
    page = type(observatory).objects.get(pk=observatory.pk).get_latest_revision_as_object()
    series_list = list(page.series.all())
    by_key = {(fold(s.indicator), fold(s.territory)): s for s in series_list}
    values = {
        key: {b.value["period"]: b.value["value"] for b in s.values or []}
        for key, s in by_key.items()
    }
    themes = _themes() if any(row.get("theme") for row in rows) else {}
    seen: set[tuple] = set()
    report = SeriesImportReport()

    for row in rows:
        line = row["line"]
        name, territory, period = row.get("indicator", ""), row.get("territory", ""), row["period"]
        if not name or not territory:
            problems.append((line, _("The indicator and the territory must both be given.")))
            continue
        if len(name) > 250 or len(territory) > 150:
            problems.append(
                (line, _("The indicator (250) or the territory (150 characters) is too long."))
            )
            continue
        if not PERIOD_RE.match(period):
            problems.append(
                (
                    line,
                    _("Period “%(period)s” is not 2023, 2023-S1, 2023-Q2 or 2023-06.")
                    % {"period": period[:20]},
                )
            )
            continue
        key = (fold(name), fold(territory))
        label = {"name": name[:60], "territory": territory[:40], "period": period}
        if key + (period,) in seen:
            problems.append(
                (
                    line,
                    _("“%(name)s” in %(territory)s has period %(period)s twice in the file.")
                    % label,
                )
            )
            continue
        seen.add(key + (period,))
        value = parse_number(
            row["value"], line, "value", problems, decimal_comma=rows.decimal_comma
        )
        if value is None:
            if not row["value"].strip():
                problems.append((line, _("The value is empty; leave out periods without data.")))
            continue
        unit = row.get("unit", "")
        level = None
        if row.get("level"):
            level = LEVELS.get(fold(row["level"]))
            if level is None:
                problems.append(
                    (
                        line,
                        _(
                            "Unknown level “%(level)s”; use municipality, sector, neighbourhood "
                            "unit or point."
                        )
                        % {"level": row["level"][:30]},
                    )
                )
                continue
        theme = None
        if row.get("theme"):
            theme = themes.get(fold(row["theme"]))
            if theme is None:
                problems.append(
                    (line, _("Unknown theme “%(theme)s”.") % {"theme": row["theme"][:40]})
                )
                continue

        series = by_key.get(key)
        if series is None:
            if not unit:
                problems.append(
                    (line, _("“%(name)s” in %(territory)s is a new series: give its unit.") % label)
                )
                continue
            if len(unit) > 60:
                problems.append((line, _("The unit is longer than 60 characters.")))
                continue
            series = IndicatorSeries(
                indicator=name,
                territory=territory,
                unit=unit,
                level=level or TerritorialLevel.MUNICIPALITY,
            )
            by_key[key] = series
            series_list.append(series)
            values[key] = {}
            report.series_created += 1
            report.names.append(f"{name} — {territory}")
        elif unit and fold(unit) != fold(series.unit):
            problems.append(
                (
                    line,
                    _(
                        "“%(name)s” in %(territory)s is measured in “%(old)s”, not “%(new)s”: "
                        "values in another unit belong to another indicator."
                    )
                    % {**label, "old": series.unit, "new": unit[:60]},
                )
            )
            continue
        if level:
            series.level = level
        if theme:
            series.theme = theme
        if row.get("source"):
            series.source = row["source"][:250]
        if period in values[key]:
            report.values_updated += 1
        else:
            report.values_created += 1
        values[key][period] = value

    for key, series_values in values.items():
        kinds = {granularity(p) for p in series_values}
        if len(kinds) > 1:
            series = by_key[key]
            lines = [
                row["line"]
                for row in rows
                if (fold(row.get("indicator", "")), fold(row.get("territory", ""))) == key
            ]
            problems.append(
                (
                    min(lines) if lines else 0,
                    _(
                        "“%(name)s” in %(territory)s mixes kinds of period (%(periods)s); use "
                        "one: all years, or all months…"
                    )
                    % {
                        "name": series.indicator[:60],
                        "territory": series.territory[:40],
                        "periods": ", ".join(sorted(series_values)[:4]),
                    },
                )
            )

    if problems:
        raise CsvImportError(sorted(problems))

    for key, series in by_key.items():
        series.values = [
            ("value", {"period": period, "value": values[key][period]})
            for period in sorted(values[key])
        ]
    page.series = series_list
    report.revision_id, report.published = save_import(page, user=user, publish=publish)
    logger.info(
        "Series imported into %s by %s: %s", observatory.pk, getattr(user, "pk", None), report
    )
    return report
