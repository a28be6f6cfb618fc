"""Bounding user queries before they reach a search backend.

Some backends fail on control characters, bare quotes or very long queries (see
PITFALLS.md); every query is cleaned here first.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 24
_UNSAFE = re.compile(r"[\"'()\[\]{}<>:^~*\\|&!+=/]")


def clean_query(raw: str | None) -> str:
    if not raw:
        return ""
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw[: MAX_QUERY_CHARS * 4]
    )
    text = _UNSAFE.sub(" ", text)
    terms = text.split()[:MAX_QUERY_TERMS]
    return " ".join(terms)[:MAX_QUERY_CHARS].strip()
