"""Charts drawn on the server as SVG: no script, no CDN. Each chart is shown
beside a table of the same figures (for screen readers and for copying) and
offered as CSV; the SVG itself is `role="img"` with a title."""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 190
LIGHT_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", None: "#1565c0"}


def _num(value):
    return float(value) if value is not None else None


def _fmt(value):
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:,.1f}" if value != value.to_integral() else f"{value:,.0f}"
    # Vietnamese: dot for thousands, comma for decimals.
    return text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")


def bar_chart(items, *, title, target=None):
    """Horizontal bars. `items`: [(label, value or None, light or None)]."""
    items = list(items)
    values = [_num(v) for _, v, _ in items if v is not None]
    if target is not None:
        values.append(_num(target))
    top = max(values, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 70
    height = BAR_HEIGHT * len(items) + 30
    bars = []
    for i, (label, value, light) in enumerate(items):
        y = 10 + i * BAR_HEIGHT
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                LABEL_WIDTH - 6,
                y + 15,
                label,
            )
        )
        if value is None:
            bars.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-value">–</text>', LABEL_WIDTH + 4, y + 15
                )
            )
            continue
        w = max(1, round(_num(value) / top * plot))
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH,
                y + 3,
                w,
                BAR_HEIGHT - 6,
                LIGHT_COLOURS.get(light, LIGHT_COLOURS[None]),
                LABEL_WIDTH + w + 4,
                y + 15,
                _fmt(value),
            )
        )
    if target is not None:
        x = LABEL_WIDTH + round(_num(target) / top * plot)
        bars.append(
            format_html(
                '<line x1="{}" x2="{}" y1="5" y2="{}" class="chart-target"></line>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                x,
                x,
                height - 18,
                x + 2,
                height - 4,
                _fmt(target),
            )
        )
    # Every part comes from format_html, which escaped the labels.
    body = mark_safe("".join(bars))  # noqa: S308
    return _svg(title, height, body)


def line_chart(points, *, title, target=None):
    """A line over periods. `points`: [(label, value or None)]."""
    points = list(points)
    values = [_num(v) for _, v in points if v is not None]
    if target is not None:
        values.append(_num(target))
    top = max(values, default=0) or 1
    height, left, right, bottom = 220, 50, 20, 30
    plot_w, plot_h = WIDTH - left - right, height - 20 - bottom
    step = plot_w / max(1, len(points) - 1)

    def y_of(v):
        return round(20 + plot_h - _num(v) / top * plot_h, 1)

    parts = [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-axis"></line>',
            left,
            WIDTH - right,
            20 + plot_h,
            20 + plot_h,
        )
    ]
    path = []
    for i, (label, value) in enumerate(points):
        x = round(left + i * step, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                x,
                height - 8,
                label,
            )
        )
        if value is None:
            continue
        path.append(f"{x},{y_of(value)}")
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" class="chart-point"></circle>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
                x,
                y_of(value),
                x,
                y_of(value) - 8,
                _fmt(value),
            )
        )
    if len(path) > 1:
        parts.insert(
            1, format_html('<polyline points="{}" class="chart-line"></polyline>', " ".join(path))
        )
    if target is not None:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-target"></line>',
                left,
                WIDTH - right,
                y_of(target),
                y_of(target),
            )
        )
    # Every part comes from format_html, which escaped the labels.
    body = mark_safe("".join(parts))  # noqa: S308
    return _svg(title, height, body)


def _svg(title, height, body):
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        body,
    )
