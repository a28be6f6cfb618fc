"""Offline maps: inline SVG drawn on the server from data/maps.json (no tiles, no CDN, no JS).

The outlines are the registry's real boundaries (IDE Chile's comunas dissolved into regions,
INEGI's states), projected and simplified once by scripts/build_map_data.py. Points are the
registry's municipality and region centroids, placed with the same projection. A map only
illustrates: every page that draws one also gives its figures as a list or table.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

MAPS_FILE = Path(__file__).resolve().parent / "data" / "maps.json"
LEVELS = 5


@lru_cache(maxsize=1)
def _countries() -> dict:
    return json.loads(MAPS_FILE.read_text(encoding="utf-8"))["countries"]


def has_map(country_code: str) -> bool:
    return country_code in _countries()


def is_tall(country_code: str) -> bool:
    """A long, narrow country (Chile) is laid out beside its table, not above it."""
    p = _countries()[country_code]["projection"]
    return p["height"] > 2 * p["width"]


def outside_frame(country_code: str) -> list[str]:
    """Names of the municipalities the drawing leaves out (remote islands)."""
    return [item["name"] for item in _countries().get(country_code, {}).get("outside_frame", [])]


def project(country_code: str, longitude, latitude) -> tuple[float, float] | None:
    """Drawing coordinates of a point, or None when it falls outside the country's frame."""
    if longitude is None or latitude is None or country_code not in _countries():
        return None
    p = _countries()[country_code]["projection"]
    x = (float(longitude) - p["lon_min"]) * p["kx"] * p["scale"]
    y = (p["lat_max"] - float(latitude)) * p["scale"]
    if not (0 <= x <= p["width"] and 0 <= y <= p["height"]):
        return None
    return round(x, 1), round(y, 1)


@dataclass
class Marker:
    longitude: float
    latitude: float
    title: str
    size: int = 1  # 1..3


@dataclass
class Scale:
    """Classes for a choropleth: level 0 is "none", levels 1..5 have a label each."""

    labels: list[str] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)  # upper bound of each level
    zero_is_none: bool = True  # a count of 0 is "none"; a score of 0 is a value

    def level(self, value) -> int:
        if value is None or not self.bounds or (self.zero_is_none and value <= 0):
            return 0
        for number, bound in enumerate(self.bounds, start=1):
            if float(value) <= bound + 1e-9:
                return number
        return len(self.bounds)


def count_scale(values) -> Scale:
    """Classes for counts: one per value while they are few, else ranges of whole numbers."""
    top = max((v for v in values if v), default=0)
    if top == 0:
        return Scale()
    if top <= LEVELS:
        return Scale([str(n) for n in range(1, top + 1)], list(range(1, top + 1)))
    step = -(-top // LEVELS)  # ceiling division
    bounds = [min(step * n, top) for n in range(1, LEVELS + 1)]
    labels = [f"{1 + step * (n - 1)}–{bound}" for n, bound in enumerate(bounds, start=1)]
    return Scale(labels, bounds)


def range_scale(values, digits: int = 1) -> Scale:
    """Equal intervals between the lowest and highest value (for scores)."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return Scale()
    low, high = min(values), max(values)
    width = (high - low) / LEVELS or 1
    bounds = [low + width * n for n in range(1, LEVELS + 1)]
    bounds[-1] = high

    def number(value):  # in the active language's format (34,3 in Spanish)
        return formats.number_format(round(value, digits), digits)

    labels = [
        f"{number(low + width * (n - 1))}–{number(bound)}"
        for n, bound in enumerate(bounds, start=1)
    ]
    return Scale(labels, bounds, zero_is_none=False)


def _viewbox(country_code: str, focus) -> tuple[float, float, float, float]:
    p = _countries()[country_code]["projection"]
    width, height = p["width"], p["height"]
    if focus is None or not is_tall(country_code):
        return 0, 0, width, height
    # A long, narrow country (Chile) is cropped around the point of interest.
    window = min(height, width * 1.6)
    top = min(max(focus[1] - window / 2, 0), height - window)
    return 0, round(top, 1), width, round(window, 1)


def draw(
    country_code: str,
    *,
    ident: str,
    label: str,
    levels: dict[str, tuple[int, str]] | None = None,
    markers: list[Marker] = (),
    focus: tuple[float, float] | None = None,
    extra_class: str = "",
) -> SafeString:
    """An inline SVG of a country's regions.

    ``levels`` maps a region code to (level 0..5, tooltip); ``markers`` are points; ``focus``
    (lon, lat) crops a long country around that point and draws it as the main marker.
    """
    if country_code not in _countries():
        return mark_safe("")
    levels = levels or {}
    focus_xy = project(country_code, *focus) if focus else None
    x, y, width, height = _viewbox(country_code, focus_xy)
    unit = max(width, height) / 1000  # markers keep their size whatever the crop
    parts = [
        format_html(
            '<svg class="map {}" viewBox="{} {} {} {}" role="img" aria-labelledby="{}-title" '
            'focusable="false" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>',
            extra_class,
            x,
            y,
            width,
            height,
            ident,
            ident,
            label,
        )
    ]
    for code, path in sorted(_countries()[country_code]["regions"].items()):
        level, title = levels.get(code, (0, ""))
        tooltip = format_html("<title>{}</title>", title) if title else ""
        parts.append(
            format_html(
                '<path class="map__area map__area--{}" d="{}">{}</path>', level, path, tooltip
            )
        )
    for marker in markers:
        point = project(country_code, marker.longitude, marker.latitude)
        if point:
            parts.append(
                format_html(
                    '<circle class="map__marker" cx="{}" cy="{}" r="{}"><title>{}</title></circle>',
                    point[0],
                    point[1],
                    round((4 + 3 * marker.size) * unit, 1),
                    marker.title,
                )
            )
    if focus_xy:
        parts.append(
            format_html(
                '<circle class="map__focus" cx="{}" cy="{}" r="{}"/>',
                focus_xy[0],
                focus_xy[1],
                round(9 * unit, 1),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - each part from format_html


def legend(scale: Scale, caption: str, none_label: str = "") -> SafeString:
    """The colour key as an HTML list (text, not only colour)."""
    if not scale.labels:
        return mark_safe("")
    keys = [(0, none_label)] if none_label else []
    keys += list(enumerate(scale.labels, start=1))
    return format_html(
        '<div class="map-legend"><p class="map-legend__caption">{}</p><ul>{}</ul></div>',
        caption,
        format_html_join(
            "",
            '<li><span class="map-legend__swatch map-legend__swatch--{}" aria-hidden="true">'
            "</span>{}</li>",
            keys,
        ),
    )
