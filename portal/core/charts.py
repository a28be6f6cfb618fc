"""Line charts drawn on the server as SVG: no script, no external library, they print and work
offline. Charts are decorative for assistive technology (``aria-hidden``): every chart on the
site sits next to a table with the same numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class Line:
    label: str
    values: dict[str, Decimal]  # period -> value
    css: str = "chart__line"


def _label(value: float) -> str:
    """A tick label in the active language's number format (9.850 in Spanish)."""
    rounded = Decimal(str(round(value, 2))).normalize()
    return formats.number_format(rounded, force_grouping=True)


def line_chart(lines: list[Line], periods: list[str], *, title: str = "") -> SafeString:
    """One line per ``Line`` over the shared, ordered ``periods``; empty markup without data."""
    numbers = [float(v) for line in lines for v in line.values.values()]
    if not periods or not numbers:
        return mark_safe("")  # noqa: S308 - constant
    low, high = min(numbers + [0.0]), max(numbers)
    span = (high - low) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(periods) - 1, 1)
    position = {p: i for i, p in enumerate(periods)}

    def x(period):
        return LEFT + (position[period] * step if len(periods) > 1 else inner_w / 2)

    def y(value):
        return TOP + inner_h - (float(value) - low) / span * inner_h

    parts = [
        format_html(
            '<line class="chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP + inner_h,
            TOP + inner_h,
        ),
        format_html(
            '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP,
            TOP,
        ),
        format_html(
            '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 6,
            TOP + 4,
            _label(high),
        ),
        format_html(
            '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 6,
            TOP + inner_h + 4,
            _label(low),
        ),
    ]
    # Period labels: all when few, otherwise about six evenly spaced ones.
    every = max(1, round(len(periods) / 6))
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(
                format_html(
                    '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x(period):.1f}",
                    HEIGHT - BOTTOM + 18,
                    period,
                )
            )
    for line in lines:
        points = [(x(p), y(line.values[p])) for p in periods if p in line.values]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline class="{}" points="{}"/>',
                    line.css,
                    " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                )
            )
        parts.append(
            format_html_join(
                "",
                '<circle class="{} chart__dot" cx="{}" cy="{}" r="4"/>',
                ((line.css, f"{px:.1f}", f"{py:.1f}") for px, py in points),
            )
        )
    return format_html(
        '<svg class="chart chart--series" viewBox="0 0 {} {}" preserveAspectRatio="xMidYMid meet" '
        'aria-hidden="true" focusable="false"><title>{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        mark_safe("".join(str(p) for p in parts)),  # noqa: S308 - every part built by format_html
    )


@dataclass
class Bar:
    label: str
    values: list[int]  # one per series, stacked

    @property
    def total(self) -> int:
        return sum(self.values)


def bar_chart(bars: list[Bar], *, series: int = 1) -> SafeString:
    """Horizontal bars, one row per ``Bar``, stacked when a bar has several values.

    Rows are HTML (labels wrap and stay readable on a phone); each bar is a small SVG whose
    lengths are attributes, not inline styles, so a strict Content-Security-Policy holds.
    """
    longest = max((bar.total for bar in bars), default=0)
    if not longest:
        return mark_safe("")  # noqa: S308 - constant
    rows = []
    for bar in bars:
        start, rects = 0.0, []
        for number, value in enumerate(bar.values[:series], start=1):
            width = 100 * value / longest
            rects.append(
                format_html(
                    '<rect class="bar-chart__bar bar-chart__bar--{}" x="{}" width="{}" height="10"/>',
                    number,
                    f"{start:.2f}",
                    f"{width:.2f}",
                )
            )
            start += width
        rows.append(
            format_html(
                '<li><span class="bar-chart__label">{}</span><svg class="bar-chart__track" '
                'viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">{}</svg>'
                '<span class="bar-chart__value">{}</span></li>',
                bar.label,
                mark_safe("".join(rects)),  # noqa: S308 - every rect built by format_html
                formats.number_format(bar.total, force_grouping=True),
            )
        )
    return format_html(
        '<ul class="bar-chart" aria-hidden="true">{}</ul>',
        mark_safe("".join(str(row) for row in rows)),  # noqa: S308 - rows built by format_html
    )


def describe_change(points: list[tuple[str, Decimal]], unit: str = "") -> str:
    """A one-sentence summary of a series, for the text beside its chart."""
    from django.utils.translation import gettext as _

    if not points:
        return ""
    (first_period, first), (last_period, last) = points[0], points[-1]
    values = {
        "first_period": first_period,
        "last_period": last_period,
        "first": formats.number_format(first, force_grouping=True),
        "last": formats.number_format(last, force_grouping=True),
        "unit": unit,
        "count": len(points),
    }
    if len(points) == 1:
        return _("One value: %(last)s %(unit)s in %(last_period)s.") % values
    if first:
        change = (Decimal(last) - Decimal(first)) / abs(Decimal(first)) * 100
        sign = "+" if change > 0 else ""
        values["change"] = sign + formats.number_format(round(change, 1), 1, force_grouping=True)
    if last > first:
        text = _(
            "Rose from %(first)s %(unit)s in %(first_period)s to %(last)s %(unit)s in %(last_period)s"
        )
    elif last < first:
        text = _(
            "Fell from %(first)s %(unit)s in %(first_period)s to %(last)s %(unit)s in %(last_period)s"
        )
    else:
        text = _("The same in %(first_period)s and %(last_period)s: %(last)s %(unit)s")
    if "change" in values and last != first:
        text += " (%(change)s %%)"
    return (text + ". " + _("%(count)d values.")) % values
