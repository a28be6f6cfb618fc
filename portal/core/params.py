"""Values from a request (query string, form, command line): the one way to read them.

Numbers: ``str.isdigit()`` is true for "²", "①" and the digits of every script; ``int()`` then
fails on some ("²") and silently reads others ("١٢" is 12, "１２" too), and refuses more than
4,300 digits. Here a number is ASCII digits only, at most ``max_digits`` of them (nine by
default: always within a 32-bit database integer), within optional bounds; anything else is
``None``, for the caller to answer 400 or show its "not a number" notice. Never a server error.

Filter values (``text_values``): a bounded number of bounded strings without control characters
(PostgreSQL refuses a NUL in a query parameter: a server error).
"""

import re
import unicodedata
from collections.abc import Iterable

_DIGITS = re.compile(r"[0-9]+")  # not \d, which matches every script's digits

# The largest id of an integer primary key (Wagtail's pages, documents, images).
MAX_ID = 2**31 - 1


def parse_int(
    raw: str | None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    max_digits: int = 9,
) -> int | None:
    """``raw`` as a non-negative integer, or None when it is not one or is out of bounds.

    Surrounding whitespace is ignored (as Django's forms do); signs, decimal points,
    underscores and non-ASCII digits are not numbers here.
    """
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > max_digits or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    if minimum is not None and value < minimum:
        return None
    if maximum is not None and value > maximum:
        return None
    return value


def parse_id(raw: str | None) -> int | None:
    """A database id: 1 to ``MAX_ID``."""
    return parse_int(raw, minimum=1, maximum=MAX_ID, max_digits=len(str(MAX_ID)))


def parse_int_list(
    values: Iterable[str],
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    max_digits: int = 9,
) -> tuple[list[int], list[str]]:
    """(the numbers read, the values that were not numbers) from e.g. ``GET.getlist(name)``.

    Blank values are skipped: they are neither.
    """
    numbers, rejected = [], []
    for raw in values:
        if not raw or not raw.strip():
            continue
        value = parse_int(raw, minimum=minimum, maximum=maximum, max_digits=max_digits)
        if value is None:
            rejected.append(raw)
        else:
            numbers.append(value)
    return numbers, rejected


def page_number(params, name: str = "page") -> int:
    """A page number from ``params`` (a QueryDict): 1 when absent or not a number (the
    paginator brings a number past the end back to the last page)."""
    return parse_int(params.get(name), minimum=1, max_digits=6) or 1


def clean_text(raw: str, *, max_length: int = 200) -> str:
    """``raw`` without control characters (Unicode category C: NUL, format, private use…),
    stripped and cut to ``max_length``."""
    return "".join(c for c in raw if unicodedata.category(c)[0] != "C").strip()[:max_length]


def text_values(params, name: str, *, limit: int = 20, max_length: int = 200) -> list[str]:
    """At most ``limit`` values of ``name`` in ``params`` (a QueryDict), each ``clean_text``;
    blank ones are dropped."""
    out = []
    for raw in params.getlist(name)[:limit]:
        value = clean_text(raw, max_length=max_length)
        if value:
            out.append(value)
    return out
