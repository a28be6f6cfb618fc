"""Reading the CSV files people upload: the shared, forgiving part of every import.

Spreadsheets are saved in UTF-8 or Windows-1252, separated by commas, semicolons or tabs, with
Spanish (1.234,5) or English (1,234.5) numbers and headers in either language. ``read_rows``
accepts all of these and refuses anything else with a line number and a reason; each import then
checks its own rows and raises ``CsvImportError`` with every problem found, before it saves.
"""

import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_ROWS = 5_000
MAX_BYTES = 2 * 1024 * 1024


class CsvImportError(Exception):
    """The file cannot be imported; ``problems`` lists (line, reason)."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in problems[:20]))


def fold(text: str) -> str:
    """Lower case, no accents, underscores as spaces: how names and headers are matched."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join(
        "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ").split()
    )


THOUSANDS_WITH_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


class Rows(list):
    """The parsed rows, and whether the file writes decimals with a comma.

    Spreadsheets saved where the comma is the decimal mark (Chile, Mexico's Excel in Spanish…)
    separate cells with semicolons; there "6.512" is six thousand five hundred and twelve.
    """

    decimal_comma = False


def parse_number(
    raw: str, line: int, column: str, problems: list, *, decimal_comma: bool = False
) -> Decimal | None:
    """A decimal from a cell, or None for an empty cell; a bad cell adds a problem."""
    raw = raw.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if decimal_comma and THOUSANDS_WITH_DOTS.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") else raw
        raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    values = {"value": raw[:40], "column": column}
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append((line, _("“%(value)s” in %(column)s is not a number.") % values))
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        problems.append((line, _("“%(value)s” in %(column)s is out of range.") % values))
        return None
    return value.quantize(Decimal("0.0001"))


def read_rows(data: bytes, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]):
    """Decode and parse the file into dicts keyed by ``columns``' keys, each with its ``line``.

    ``columns`` maps a key to the header names accepted for it (the first is the one named in
    messages); the keys in ``required`` must be present.
    """
    if len(data) > MAX_BYTES:
        raise CsvImportError(
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
        raise CsvImportError([(0, _("This is not a text CSV file."))])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvImportError([(1, _("The file is empty."))]) from None
    except csv.Error as error:
        raise CsvImportError([(1, _("The file cannot be read as CSV: %s") % error)]) from None
    folded = [fold(h) for h in header]
    index = {}
    for key, names in columns.items():
        accepted = {fold(n) for n in names}
        for position, name in enumerate(folded):
            if name in accepted:
                index[key] = position
    missing = [columns[key][0] for key in required if key not in index]
    if missing:
        raise CsvImportError(
            [(1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    rows = Rows()
    rows.decimal_comma = dialect.delimiter == ";"
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvImportError(
                    [(line, _("More than %(n)s rows; split the file.") % {"n": MAX_ROWS})]
                )
            row = {
                key: (cells[pos] if pos < len(cells) else "").strip() for key, pos in index.items()
            }
            row["line"] = line
            rows.append(row)
    except csv.Error as error:
        raise CsvImportError(
            [(reader.line_num, _("The file cannot be read as CSV: %s") % error)]
        ) from None
    if not rows:
        raise CsvImportError([(2, _("The file has a header but no rows."))])
    return rows


def save_import(page, *, user=None, publish: bool = False) -> tuple[int, bool]:
    """Save the imported page as a new revision (and publish it), all or nothing.

    Returns the revision's id and whether it was published.
    """
    from django.db import transaction

    with transaction.atomic():
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return revision.pk, publish
