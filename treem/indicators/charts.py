"""Charts drawn on the server as SVG: no script, no CDN.

Each chart has a scaled axis with its unit, the 2025 and 2030 targets as
labelled lines, a legend, and labels wrapped rather than cut (the full text
is in each row's <title> and in the table of figures under the chart). The
SVG is `role="img"` with a title; the table is its text alternative.

A chart is drawn twice, wide and narrow, and CSS shows one: an SVG scales
its text with its width, so one drawing would print 6 px text on a phone.
"""

import math
import textwrap
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDE, NARROW = 640, 360
FONT = 12
# The average advance of a character at FONT px in DejaVu/Noto Sans,
# Vietnamese diacritics included: used to wrap labels and legends.
CHAR_W = 6.9
LINE_H = 15

# Status colours mean one thing everywhere (shared/style/ui.md); grey = not
# judged. The word goes with the colour in the legend, the value label and
# the table.
FILLS = {
    "green": "#2e7d32",
    "amber": "#f9a825",
    "red": "#c62828",
    "none": "#8a8a8a",
    "plain": "#1565c0",
}
TARGET_STYLES = {2025: "chart-target chart-target-2025", 2030: "chart-target chart-target-2030"}


@dataclass
class Bar:
    label: str
    value: Decimal | int | None
    light: str | None = None  # "green" / "amber" / "red" / None
    suppressed: bool = False


@dataclass
class Point:
    label: str
    value: Decimal | int | None
    suppressed: bool = False


# --- words and numbers ---------------------------------------------------------------------------


def number(value, kind=None):
    """Vietnamese: dot for thousands, comma for decimals; rates and
    percentages with one decimal, counts without ("45,3", "1.204")."""
    if value is None:
        return "–"
    value = Decimal(value)
    whole = kind == "count" or (kind is None and value == value.to_integral())
    # Half up, as the stored values are rounded (Python formats half even).
    value = value.quantize(Decimal(1) if whole else Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")


def with_unit(value, kind):
    """A value with its short unit: "45,3 %", "12,5 ‰", "3.204"."""
    text = number(value, kind)
    if value is None:
        return text
    suffix = {"percentage": "\u00a0%", "per_1000": "\u00a0‰", "per_100000": "/100.000"}
    return text + suffix.get(kind, "")


def suppressed_text():
    return _("<5 (hidden)")


def light_word(state):
    return {
        "green": _("Met"),
        "amber": _("Nearly"),
        "red": _("Not met"),
        "none": _("No target"),
        "suppressed": _("Hidden"),
        "no_data": _("No data"),
    }.get(state, "")


def row_state(row):
    """What a row's status chip says: a light, or why there is none."""
    if row.status:
        return row.status
    if row.suppressed:
        return "suppressed"
    if row.value is None:
        return "no_data"
    return "none"


def target_text(year, value, direction, kind):
    sign = "≤" if direction == "below" else "≥"
    return _("Target %(year)s: %(sign)s %(value)s") % {
        "year": year,
        "sign": sign,
        "value": with_unit(value, kind),
    }


# --- geometry ------------------------------------------------------------------------------------


def nice_ticks(top, *, whole=False, count=5):
    """0 … a round maximum at or above `top`, in about `count` steps of 1, 2,
    2.5 or 5 × 10^n (whole steps only for counts)."""
    top = float(top) if top and top > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(top / count))
    step = None
    for m in (1, 2, 2.5, 5, 10, 20):
        candidate = m * magnitude
        if whole and candidate != int(candidate):
            continue
        if candidate * count >= top:
            step = candidate
            break
    step = step or max(1, math.ceil(top / count))
    steps = math.ceil(top / step - 1e-9)
    return [Decimal(str(round(step * i, 6))) for i in range(steps + 1)]


def wrap(label, width_px, max_lines=2):
    """The label in lines that fit `width_px`; the last line ends in "…"
    when it is still too long."""
    chars = max(4, int(width_px / CHAR_W))
    lines = textwrap.wrap(str(label), chars) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


def _text_lines(x, y, lines, cls, anchor="start"):
    return mark_safe(  # noqa: S308 - every line is escaped by format_html
        "".join(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" class="{}">{}</text>',
                x,
                y + i * LINE_H,
                anchor,
                cls,
                line,
            )
            for i, line in enumerate(lines)
        )
    )


def legend(items, *, top, width):
    """Legend entries laid out in rows that wrap at `width`. `items`:
    (kind, style, text); kind "box" (a fill colour) or "line" (a CSS class).
    Returns (svg, height)."""
    parts = [format_html('<g class="chart-legend" transform="translate(0 {})">', top)]
    x = y = 0
    for kind, style, text in items:
        lines = wrap(text, width - 30, 3)
        needed = 26 + max(len(line) for line in lines) * CHAR_W + 14
        if x and (x + needed > width or len(lines) > 1):
            x, y = 0, y + LINE_H + 6
        if kind == "box":
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="14" height="14" fill="{}" '
                    'class="chart-swatch"></rect>',
                    x,
                    y,
                    style,
                )
            )
        else:
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" class="{}"></line>',
                    x,
                    x + 20,
                    y + 7,
                    y + 7,
                    style,
                )
            )
        parts.append(_text_lines(x + 26, y + 12, lines, "chart-label"))
        if len(lines) > 1:
            # A long entry takes rows of its own.
            x, y = width, y + (len(lines) - 1) * LINE_H
        else:
            x += needed
    parts.append(mark_safe("</g>"))
    return mark_safe("".join(parts)), y + LINE_H + 6  # noqa: S308


def _svg(uid, title, width, height, body):
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{uid}-t">{title}</title><desc id="{uid}-d">{desc}</desc>{body}</svg>',
        uid=uid,
        w=width,
        h=round(height),
        title=title,
        desc=_("The figures are in the table under the chart."),
        body=body,
    )


def responsive(draw, uid, **kwargs):
    """The chart drawn wide and narrow; CSS shows the one that fits."""
    return format_html(
        '<div class="chart-box chart-wide">{}</div><div class="chart-box chart-narrow">{}</div>',
        draw(width=WIDE, uid=f"{uid}-w", **kwargs),
        draw(width=NARROW, uid=f"{uid}-n", **kwargs),
    )


def _target_items(targets, direction, kind):
    return [
        ("line", TARGET_STYLES.get(year, "chart-target"), target_text(year, v, direction, kind))
        for year, v in targets
    ]


# --- bar chart -----------------------------------------------------------------------------------


def bar_chart(
    bars,
    *,
    title,
    unit="",
    kind=None,
    targets=(),
    direction="at_least",
    lights=True,
    series="",
    width=WIDE,
    uid="bars",
):
    """Horizontal bars, one per `Bar`, with a value axis at the bottom.
    `lights`: bars are coloured by their traffic light and the legend says
    what each colour means; else one neutral colour. Narrow charts put each
    label above its bar."""
    bars = [b if isinstance(b, Bar) else Bar(*b) for b in bars]
    targets = [(y, v) for y, v in targets if v is not None]
    stacked = width < 500
    label_w = 0 if stacked else 230
    value_w = 150 if lights else 70
    plot_x, plot_w = label_w, width - label_w - value_w
    values = [b.value for b in bars if b.value is not None] + [v for _y, v in targets]
    ticks = nice_ticks(max(values, default=0), whole=kind == "count")
    top = float(ticks[-1]) or 1.0

    def x_of(v):
        return round(plot_x + float(v) / top * plot_w, 1)

    header = 34 if targets else 8
    parts, y = [], header
    used = set()
    for bar in bars:
        lines = wrap(bar.label, width - 8 if stacked else label_w - 8, 2 if stacked else 3)
        if bar.suppressed:
            state, shown = "suppressed", suppressed_text()
        elif bar.value is None:
            state, shown = "no_data", _("No data")
        else:
            state = (bar.light or "none") if lights else "plain"
            shown = with_unit(bar.value, kind)
            if lights:
                shown = f"{shown} · {light_word(state)}"
        used.add(state)
        tip = f"{bar.label}: {shown}"
        if stacked:
            label = _text_lines(0, y + 12, lines, "chart-label")
            bar_y = y + LINE_H * len(lines) + 2
            row_h = LINE_H * len(lines) + 26
        else:
            row_h = max(26, LINE_H * len(lines) + 8)
            first = y + row_h / 2 - (len(lines) - 1) * LINE_H / 2 + 4
            label = _text_lines(label_w - 8, first, lines, "chart-label", "end")
            bar_y = y + row_h / 2 - 9
        if bar.value is None:
            mark = format_html(
                '<text x="{}" y="{}" class="chart-value chart-muted">{}</text>',
                plot_x + 4,
                bar_y + 13,
                shown,
            )
        else:
            x_end = max(plot_x + 1, x_of(bar.value))
            mark = format_html(
                '<rect x="{}" y="{}" width="{}" height="18" fill="{}" class="chart-bar '
                'chart-bar-{}"></rect><text x="{}" y="{}" class="chart-value">{}</text>',
                plot_x,
                bar_y,
                round(x_end - plot_x, 1),
                FILLS[state],
                state,
                x_end + 5,
                bar_y + 13,
                shown,
            )
        parts.append(format_html("<g><title>{}</title>{}{}</g>", tip, label, mark))
        y += row_h
    plot_bottom = y + 2
    axis = [
        format_html(
            '<line x1="{x}" x2="{x}" y1="{t}" y2="{b}" class="chart-axis"></line>'
            '<line x1="{x}" x2="{r}" y1="{b}" y2="{b}" class="chart-axis"></line>',
            x=plot_x,
            t=header - 4,
            b=plot_bottom,
            r=plot_x + plot_w,
        )
    ]
    for tick in ticks:
        tx = x_of(tick)
        axis.append(
            format_html(
                '<line x1="{x}" x2="{x}" y1="{t}" y2="{b}" class="chart-grid"></line>'
                '<line x1="{x}" x2="{x}" y1="{b}" y2="{b2}" class="chart-axis"></line>'
                '<text x="{x}" y="{ty}" text-anchor="middle" class="chart-tick">{v}</text>',
                x=tx,
                t=header - 4,
                b=plot_bottom,
                b2=plot_bottom + 4,
                ty=plot_bottom + 17,
                v=number(tick),
            )
        )
    axis.append(
        format_html(
            '<text x="{}" y="{}" text-anchor="end" class="chart-unit">{}</text>',
            plot_x + plot_w,
            plot_bottom + 34,
            _("Unit: %(unit)s") % {"unit": unit} if unit else "",
        )
    )
    for row, (year, value) in enumerate(targets):
        tx = x_of(value)
        # Two rows of target labels so that close targets do not overlap.
        axis.append(
            format_html(
                '<line x1="{x}" x2="{x}" y1="{t}" y2="{b}" class="{cls}"></line>'
                '<text x="{x}" y="{ty}" text-anchor="middle" class="chart-tick">{label}</text>',
                x=tx,
                t=header - 6,
                b=plot_bottom,
                cls=TARGET_STYLES.get(year, "chart-target"),
                ty=12 + (row % 2) * 14,
                label=f"{year}: {number(value)}",
            )
        )
    items = []
    if lights:
        for state, text in (
            ("green", _("Met the target")),
            ("amber", _("Near the target")),
            ("red", _("Off target")),
            ("none", _("No target")),
        ):
            items.append(("box", FILLS[state], text))
    else:
        items.append(("box", FILLS["plain"], series or unit or title))
    items += _target_items(targets, direction, kind)
    if "suppressed" in used:
        items.append(("box", "#ffffff", _("<5 (hidden): fewer than 5 children, not shown")))
    key, key_h = legend(items, top=plot_bottom + 46, width=width)
    height = plot_bottom + 46 + key_h
    # Every part comes from format_html, which escaped the labels.
    body = mark_safe("".join(axis + parts) + key)  # noqa: S308
    return _svg(uid, title, width, height, body)


# --- line chart ----------------------------------------------------------------------------------


def line_chart(
    points,
    *,
    title,
    unit="",
    kind=None,
    targets=(),
    direction="at_least",
    width=WIDE,
    uid="line",
):
    """A line over periods with a y axis (ticks, unit) and the targets as
    horizontal dashed lines labelled at the right."""
    points = [p if isinstance(p, Point) else Point(*p) for p in points]
    targets = [(y, v) for y, v in targets if v is not None]
    values = [p.value for p in points if p.value is not None] + [v for _y, v in targets]
    ticks = nice_ticks(max(values, default=0), whole=kind == "count")
    top = float(ticks[-1]) or 1.0
    left, right, head, plot_h = 48, 80, 26, 170
    plot_w = width - left - right
    bottom = head + plot_h
    inset = 24
    step = (plot_w - 2 * inset) / max(1, len(points) - 1)

    def y_of(v):
        return round(bottom - float(v) / top * plot_h, 1)

    parts = [
        format_html(
            '<text x="0" y="12" class="chart-unit">{}</text>',
            _("Unit: %(unit)s") % {"unit": unit} if unit else "",
        )
    ]
    for tick in ticks:
        ty = y_of(tick)
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" class="chart-grid"></line>'
                '<line x1="{l4}" x2="{l}" y1="{y}" y2="{y}" class="chart-axis"></line>'
                '<text x="{tx}" y="{yt}" text-anchor="end" class="chart-tick">{v}</text>',
                l=left,
                l4=left - 4,
                r=left + plot_w,
                y=ty,
                tx=left - 7,
                yt=ty + 4,
                v=number(tick),
            )
        )
    parts.append(
        format_html(
            '<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" class="chart-axis"></line>'
            '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" class="chart-axis"></line>',
            l=left,
            r=left + plot_w,
            t=head,
            b=bottom,
        )
    )
    ys = [y_of(v) for _y, v in targets]
    close = len(ys) == 2 and abs(ys[0] - ys[1]) < 14
    for year, value in targets:
        ty = y_of(value)
        # Two close lines: the lower one's label goes under it, so that each
        # label stays beside its own line.
        ly = ty + 13 if close and ty == max(ys) else ty - 4
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" class="{cls}"></line>'
                '<text x="{tx}" y="{ly}" class="chart-tick">{label}</text>',
                l=left,
                r=left + plot_w,
                y=ty,
                cls=TARGET_STYLES.get(year, "chart-target"),
                tx=left + plot_w + 4,
                ly=ly,
                label=f"{year}: {number(value)}",
            )
        )
    path, used = [], set()
    for i, point in enumerate(points):
        x = round(left + inset + i * step, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-tick">{}</text>',
                x,
                bottom + 17,
                point.label,
            )
        )
        if point.value is None:
            # A dash for no data (the legend says so): the words would run
            # into the next period's label.
            shown = suppressed_text() if point.suppressed else "–"
            used.add("suppressed" if point.suppressed else "no_data")
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-value chart-muted">'
                    "{}</text>",
                    x,
                    # Alternate heights so that two neighbours never touch.
                    bottom - 6 - (i % 2) * 14,
                    shown,
                )
            )
            continue
        y = y_of(point.value)
        if i and points[i - 1].value is None:
            # A hidden or missing period breaks the line: no slope through it.
            path.append(None)
        path.append(f"{x},{y}")
        parts.append(
            format_html(
                '<g><title>{}: {}</title><circle cx="{}" cy="{}" r="4" class="chart-point">'
                '</circle><text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
                "</g>",
                point.label,
                with_unit(point.value, kind),
                x,
                y,
                x,
                y - 8,
                number(point.value, kind),
            )
        )
    runs = " ".join(p or "|" for p in path).split("|")
    for run in runs:
        if len(run.split()) > 1:
            parts.insert(
                1, format_html('<polyline points="{}" class="chart-line"></polyline>', run.strip())
            )
    items = [("line", "chart-line", title)]
    items += _target_items(targets, direction, kind)
    if "suppressed" in used:
        items.append(("box", "#ffffff", _("<5 (hidden): fewer than 5 children, not shown")))
    if "no_data" in used:
        items.append(("box", "#ffffff", _("–: no data")))
    key, key_h = legend(items, top=bottom + 32, width=width)
    height = bottom + 32 + key_h
    # Every part comes from format_html, which escaped the labels.
    body = mark_safe("".join(parts) + key)  # noqa: S308
    return _svg(uid, title, width, height, body)
