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

import csv
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from .indicators import PERIOD_RE, Direction

logger = logging.getLogger(__name__)

MAX_ROWS = 5_000
MAX_BYTES = 2 * 1024 * 1024

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


class IndicatorImportError(Exception):
    """The file cannot be imported; ``problems`` lists (line, reason)."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in problems[:20]))


@dataclass
class ImportReport:
    indicators_created: int = 0
    values_created: int = 0
    values_updated: int = 0
    published: bool = False
    revision_id: int | None = None
    names: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


def _number(raw: str, line: int, column: str, problems: list) -> Decimal | None:
    raw = raw.strip().replace(" ", "")
    if not raw:
        return None
    # Spanish spreadsheets write 1.234,5; English ones 1,234.5.
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") else raw
        raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append((line, _("“%(value)s” in %(column)s is not a number.") % _fmt(raw, column)))
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        problems.append((line, _("“%(value)s” in %(column)s is out of range.") % _fmt(raw, column)))
        return None
    return value.quantize(Decimal("0.0001"))


def _fmt(value, column):
    return {"value": value[:40], "column": column}


def read_rows(data: bytes) -> list[dict]:
    """Decode and parse the file; raise IndicatorImportError for a file that is not a CSV."""
    if len(data) > MAX_BYTES:
        raise IndicatorImportError(
            [(0, _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})]
        )
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise IndicatorImportError([(0, _("This is not a text CSV file."))])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise IndicatorImportError([(1, _("The file is empty."))]) from None
    folded = [_fold(h) for h in header]
    index = {}
    for key, names in COLUMNS.items():
        for position, name in enumerate(folded):
            if name in {_fold(n) for n in names}:
                index[key] = position
    missing = [COLUMNS[k][0] for k in ("indicator", "period") if k not in index]
    if missing:
        raise IndicatorImportError(
            [(1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise IndicatorImportError(
                [(line, _("More than %(n)s rows; split the file.") % {"n": MAX_ROWS})]
            )
        row = {key: (cells[pos] if pos < len(cells) else "").strip() for key, pos in index.items()}
        row["line"] = line
        rows.append(row)
    if not rows:
        raise IndicatorImportError([(2, _("The file has a header but no rows."))])
    return rows


def import_indicators(*, program, data: bytes, user=None, publish: bool = False) -> ImportReport:
    """Apply the CSV to the program's latest revision; save a new revision (and publish)."""
    from .models import ProgramIndicator

    rows = read_rows(data)
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
        target = _number(row.get("target", ""), line, "target", problems)
        actual = _number(row.get("actual", ""), line, "actual", problems)
        baseline = _number(row.get("baseline", ""), line, "baseline", problems)
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
    with transaction.atomic():
        revision = page.save_revision(user=user, log_action=True)
        report.revision_id = revision.pk
        if publish:
            revision.publish(user=user)
            report.published = True
    logger.info(
        "Indicators imported into %s by %s: %s", program.pk, getattr(user, "pk", None), report
    )
    return report
