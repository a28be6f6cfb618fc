"""A small trend chart for an indicator, drawn on the server as SVG: no script, no CDN."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

WIDTH, HEIGHT, PAD = 240, 64, 6


@register.simple_tag
def trend_chart(indicator):
    """Actual values as a line with dots, targets as hollow squares; decorative (the table
    beside it carries the same numbers for screen readers)."""
    measurements = indicator.measurement_list()
    values = [m.actual for m in measurements if m.actual is not None]
    values += [m.target for m in measurements if m.target is not None]
    if indicator.baseline is not None:
        values.append(indicator.baseline)
    if len(measurements) < 1 or not values:
        return ""
    low, high = float(min(values)), float(max(values))
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(measurements) - 1, 1)

    def x(i):
        return PAD + i * step if len(measurements) > 1 else WIDTH / 2

    def y(v):
        return HEIGHT - PAD - (float(v) - low) / span * (HEIGHT - 2 * PAD)

    actual_points = [
        (x(i), y(m.actual)) for i, m in enumerate(measurements) if m.actual is not None
    ]
    target_points = [
        (x(i), y(m.target)) for i, m in enumerate(measurements) if m.target is not None
    ]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in actual_points)
    parts = []
    if indicator.baseline is not None:
        by = y(indicator.baseline)
        parts.append(
            format_html(
                '<line class="chart__baseline" x1="0" x2="{}" y1="{}" y2="{}"/>',
                WIDTH,
                f"{by:.1f}",
                f"{by:.1f}",
            )
        )
    if len(actual_points) > 1:
        parts.append(format_html('<polyline class="chart__line" points="{}"/>', line))
    parts.append(
        format_html_join(
            "",
            '<rect class="chart__target" x="{}" y="{}" width="6" height="6"/>',
            ((f"{px - 3:.1f}", f"{py - 3:.1f}") for px, py in target_points),
        )
    )
    parts.append(
        format_html_join(
            "",
            '<circle class="chart__dot" cx="{}" cy="{}" r="3"/>',
            ((f"{px:.1f}", f"{py:.1f}") for px, py in actual_points),
        )
    )
    return format_html(
        '<svg class="chart chart--trend" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-hidden="true" focusable="false">{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        mark_safe("".join(str(p) for p in parts)),  # noqa: S308 - every part built by format_html
    )
