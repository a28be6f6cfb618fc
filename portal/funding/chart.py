"""The score distribution as SVG: score by rank, with the group boundaries marked.

Drawn on the server (no script, works offline and in print). Decorative for assistive
technology: the page gives the same information as a table of groups and a sentence.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 22, 34


def distribution_chart(scores: list[float], boundaries: list[tuple[int, str]]) -> SafeString:
    """``scores`` in rank order; ``boundaries``: (last rank of a group, group name)."""
    if not scores:
        return mark_safe("")  # noqa: S308 - constant
    n = len(scores)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(rank):
        return LEFT + (rank - 1) / max(n - 1, 1) * inner_w

    def y(score):
        return TOP + inner_h - float(score) / 100 * inner_h

    points = " ".join(f"{x(i + 1):.1f},{y(s):.1f}" for i, s in enumerate(scores))
    ticks = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, WIDTH - RIGHT, y(v), y(v), LEFT - 6, y(v) + 4, v) for v in (0, 25, 50, 75, 100)),
    )
    previous = 0
    marks = []
    for last, name in boundaries:
        middle = x((previous + 1 + last) / 2)
        marks.append(
            format_html(
                '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{middle:.1f}",
                TOP - 8,
                name,
            )
        )
        if last < n:
            edge = x(last + 0.5)
            marks.append(
                format_html(
                    '<line class="chart__boundary" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                    f"{edge:.1f}",
                    f"{edge:.1f}",
                    TOP,
                    TOP + inner_h,
                )
            )
        previous = last
    axis = format_html(
        '<line class="chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="start">1</text>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT,
        WIDTH - RIGHT,
        TOP + inner_h,
        TOP + inner_h,
        LEFT,
        HEIGHT - 12,
        WIDTH - RIGHT,
        HEIGHT - 12,
        n,
    )
    return format_html(
        '<svg class="chart chart--distribution" viewBox="0 0 {} {}" role="presentation" aria-hidden="true" '
        'focusable="false">{}{}{}<polyline class="chart__line" points="{}" fill="none"/></svg>',
        WIDTH,
        HEIGHT,
        ticks,
        axis,
        mark_safe("".join(marks)),  # noqa: S308 - each part built with format_html
        points,
    )
