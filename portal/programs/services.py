"""Importing a program's indicator values from CSV: one row per indicator and period.

Columns (header row required; names in English or Spanish, any order):

    indicator | indicador        required
    period    | periodo          required: 2023, 2023-S1, 2023-Q2 or 2023-06
    target    | meta             number, optional
    actual    | valor            number, optional
    source    | fuente           optional
    unit      | unidad           required when the indicator is new
    kind      | tipo             efficiency/eficiencia, effectiveness/eficacia, quality/calidad,
                                 coverage/cobertura, other/otro (new indicators; default other)
    direction | direccion        higher/mayor or lower/menor (new indicators; default higher)
    baseline  | linea_base       number, optional

Rows update the values of an existing indicator (matched by name, ignoring case and accents) or
create the indicator. The import writes a new revision of the program, so it is reviewed like any
other change; with ``publish`` (moderators, administrators) it is published at once. Every
problem is reported with its line; if there is any, nothing is saved.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.core.csvimport import CsvImportError, parse_number, read_rows, save_import
from portal.core.csvimport import fold as _fold
from portal.core.periods import PERIOD_RE

from .indicators import Direction

logger = logging.getLogger(__name__)

# Kept under its old name: views, the command and tests catch it.
IndicatorImportError = CsvImportError

COLUMNS = {
    "indicator": ("indicator", "indicador"),
    "period": ("period", "periodo"),
    "target": ("target", "meta"),
    "actual": ("actual", "valor", "value"),
    "source": ("source", "fuente"),
    "unit": ("unit", "unidad"),
    "kind": ("kind", "tipo"),
    "direction": ("direction", "direccion"),
    "baseline": ("baseline", "linea_base", "linea base"),
}
KINDS = {
    "efficiency": "efficiency",
    "eficiencia": "efficiency",
    "effectiveness": "effectiveness",
    "eficacia": "effectiveness",
    "quality": "quality",
    "calidad": "quality",
    "coverage": "coverage",
    "cobertura": "coverage",
    "other": "other",
    "otro": "other",
}
DIRECTIONS = {
    "higher": Direction.HIGHER,
    "mayor": Direction.HIGHER,
    "lower": Direction.LOWER,
    "menor": Direction.LOWER,
}


@dataclass
class ImportReport:
    indicators_created: int = 0
    values_created: int = 0
    values_updated: int = 0
    published: bool = False
    revision_id: int | None = None
    names: list[str] = field(default_factory=list)


def import_indicators(*, program, data: bytes, user=None, publish: bool = False) -> ImportReport:
    """Apply the CSV to the program's latest revision; save a new revision (and publish)."""
    from .models import ProgramIndicator

    rows = read_rows(data, COLUMNS, required=("indicator", "period"))
    problems: list[tuple[int, str]] = []
    # A fresh copy: Wagtail hands back the very object when there is no pending draft, and the
    # caller's page must not change in memory if the import fails.
    page = type(program).objects.get(pk=program.pk).get_latest_revision_as_object()
    indicators = list(page.indicators.all())
    by_name = {_fold(i.name): i for i in indicators}
    values: dict[str, dict[str, dict]] = {
        _fold(i.name): {b.value["period"]: dict(b.value) for b in i.measurements or []}
        for i in indicators
    }
    seen: set[tuple[str, str]] = set()
    report = ImportReport()

    for row in rows:
        line = row["line"]
        name, period = row.get("indicator", ""), row.get("period", "")
        if not name:
            problems.append((line, _("The indicator name is empty.")))
            continue
        if len(name) > 250:
            problems.append((line, _("The indicator name is longer than 250 characters.")))
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
        key = _fold(name)
        if (key, period) in seen:
            problems.append(
                (
                    line,
                    _("“%(name)s” has period %(period)s twice in the file.")
                    % {"name": name[:60], "period": period},
                )
            )
            continue
        seen.add((key, period))
        target = parse_number(
            row.get("target", ""), line, "target", problems, decimal_comma=rows.decimal_comma
        )
        actual = parse_number(
            row.get("actual", ""), line, "actual", problems, decimal_comma=rows.decimal_comma
        )
        baseline = parse_number(
            row.get("baseline", ""), line, "baseline", problems, decimal_comma=rows.decimal_comma
        )
        source = row.get("source", "")[:250]

        if key not in by_name:
            unit = row.get("unit", "")
            kind = KINDS.get(_fold(row.get("kind", "") or "other"))
            direction = DIRECTIONS.get(_fold(row.get("direction", "") or "higher"))
            if not unit:
                problems.append(
                    (line, _("“%(name)s” is a new indicator: give its unit.") % {"name": name[:60]})
                )
                continue
            if kind is None:
                problems.append(
                    (line, _("Unknown kind “%(kind)s”.") % {"kind": row.get("kind", "")[:30]})
                )
                continue
            if direction is None:
                problems.append(
                    (
                        line,
                        _("Unknown direction “%(direction)s”; use higher or lower.")
                        % {"direction": row.get("direction", "")[:30]},
                    )
                )
                continue
            indicator = ProgramIndicator(
                name=name, unit=unit[:50], kind=kind, direction=direction, baseline=baseline
            )
            by_name[key] = indicator
            indicators.append(indicator)
            values[key] = {}
            report.indicators_created += 1
            report.names.append(name)
        elif baseline is not None:
            by_name[key].baseline = baseline

        entry = {"period": period, "target": target, "actual": actual, "source": source}
        if period in values[key]:
            report.values_updated += 1
        else:
            report.values_created += 1
        values[key][period] = entry

    if problems:
        raise IndicatorImportError(problems)

    for key, indicator in by_name.items():
        indicator.measurements = [("value", values[key][period]) for period in sorted(values[key])]
    page.indicators = indicators
    report.revision_id, report.published = save_import(page, user=user, publish=publish)
    logger.info(
        "Indicators imported into %s by %s: %s", program.pk, getattr(user, "pk", None), report
    )
    return report
