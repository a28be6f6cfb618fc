"""A highlighted excerpt of a search result, and links that keep the search's state."""

import re
import unicodedata

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

WINDOW = 240


def _fold(text: str) -> str:
    """Lower case without accents, keeping every character's position."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)) or char
        out.append(base[0].lower() if len(base) >= 1 else char)
    return "".join(out)


@register.simple_tag
def search_snippet(entry, query):
    """Up to 240 characters of the summary or body around the first query word, with the
    words marked. Words match without accents or case, and by their first five letters so
    "violencias" marks "violencia"."""
    words = [w for w in (query.words + list(query.phrases)) if w] if query else []
    text = " ".join((entry.summary or "").split())
    body = " ".join((entry.body or "").split())
    stems = [_fold(w)[:5] for w in words if len(w) >= 3]
    source = text
    if stems:
        folded = _fold(text)
        if not any(stem in folded for stem in stems):
            folded_body = _fold(body)
            positions = [folded_body.find(stem) for stem in stems if stem in folded_body]
            if positions:
                start = max(0, min(positions) - 60)
                source = ("…" if start else "") + body[start : start + WINDOW] + "…"
    source = source[: WINDOW + 2]
    if not stems:
        return escape(source)
    pattern = re.compile(r"\w+", re.UNICODE)
    pieces, last = [], 0
    for match in pattern.finditer(source):
        word = match.group(0)
        if any(_fold(word).startswith(stem) for stem in stems):
            pieces.append(escape(source[last : match.start()]))
            pieces.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    pieces.append(escape(source[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped


@register.simple_tag(takes_context=True)
def search_url(context, drop_param=None, drop_value=None, **changes):
    """The current search URL without one filter value (or with ``changes``), page reset."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    if drop_param:
        values = [v for v in params.getlist(drop_param) if v != str(drop_value)]
        if drop_value is None:
            values = []
        params.setlist(drop_param, values)
    for key, value in changes.items():
        params[key] = value
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
