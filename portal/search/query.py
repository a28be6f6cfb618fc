"""Bounding user queries before they reach a search backend.

Some backends fail on control characters, bare quotes or very long queries (see
PITFALLS.md); every query is cleaned here first.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 24
_UNSAFE = re.compile(r"[\"'()\[\]{}<>:^~*\\|&!+=/?;,.@#$%`]")
_UNSAFE_BUT_QUOTES = re.compile(r"['()\[\]{}<>:^~*\\|&!+=/?;,.@#$%`]")


def clean_query(raw: str | None, *, keep_quotes: bool = False) -> str:
    """Control characters and operator symbols become spaces; at most 24 terms, 200 chars.

    With ``keep_quotes``, double quotes stay so the caller can read phrases (it must remove
    any quote it does not pair).
    """
    if not raw:
        return ""
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw[: MAX_QUERY_CHARS * 4]
    )
    text = (_UNSAFE_BUT_QUOTES if keep_quotes else _UNSAFE).sub(" ", text)
    terms = text.split()[:MAX_QUERY_TERMS]
    return " ".join(terms)[:MAX_QUERY_CHARS].strip()
