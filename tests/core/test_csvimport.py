"""The shared CSV reader: what spreadsheets really produce is read the way a person means it."""

from decimal import Decimal

import pytest

from portal.core.csvimport import CsvImportError, parse_number, read_rows

COLUMNS = {"name": ("name", "nombre"), "value": ("value", "valor")}


@pytest.mark.parametrize(
    ("raw", "decimal_comma", "expected"),
    [
        ("6.512", True, Decimal("6512")),  # a Chilean spreadsheet: dots group thousands
        ("1.234.567,5", True, Decimal("1234567.5")),
        ("41.2", True, Decimal("41.2")),  # not a thousands pattern: a decimal point
        ("298,5", True, Decimal("298.5")),
        ("6.512", False, Decimal("6.512")),  # a comma-separated file: the dot is decimal
        ("1,234.5", False, Decimal("1234.5")),
        ("-3", False, Decimal("-3")),
        ("", False, None),
    ],
)
def test_numbers_are_read_as_written(raw, decimal_comma, expected):
    problems = []
    assert parse_number(raw, 2, "value", problems, decimal_comma=decimal_comma) == expected
    assert problems == []


@pytest.mark.parametrize("raw", ["abc", "1e400", "NaN", "12..3"])
def test_bad_numbers_add_a_problem(raw):
    problems = []
    assert parse_number(raw, 7, "value", problems) is None
    assert problems and problems[0][0] == 7


def test_semicolon_files_are_marked_as_decimal_comma_and_headers_match_in_spanish():
    rows = read_rows("Nombre;Valor\nA;6.512\n".encode("cp1252"), COLUMNS, ("name", "value"))
    assert rows.decimal_comma
    assert rows == [{"name": "A", "value": "6.512", "line": 2}]
    assert not read_rows(b"name,value\nA,1\n", COLUMNS, ("name",)).decimal_comma


def test_blank_lines_are_skipped_but_line_numbers_stay_true():
    rows = read_rows(b"name,value\n\nA,1\n,\nB,2\n", COLUMNS, ("name",))
    assert [(r["name"], r["line"]) for r in rows] == [("A", 3), ("B", 5)]


def test_a_missing_required_column_is_named():
    with pytest.raises(CsvImportError) as error:
        read_rows(b"nombre\nA\n", COLUMNS, ("name", "value"))
    assert error.value.problems[0][0] == 1 and "value" in error.value.problems[0][1]
