"""Charts drawn at build time as SVG: readable with JavaScript off, with a text alternative.

The SVG is inline in the page, so it follows the page's colours (currentColor) in light and dark mode,
and it carries role="img" with a <title> and <desc>; the data table beside it gives every figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 28, 44
FONT_SIZE = 24  # the largest size strategy.css gives .chart text (on a phone), in the chart's own units


@dataclass(frozen=True)
class ChartPoint:
    x: float  # e.g. a date as an ordinal
    y: float
    label: str  # the period as text
    value_text: str  # the value as text


def _nice_range(lo: float, hi: float, decimals: int = 3) -> tuple[float, float, float]:
    """Round axis ends and a step, so ticks fall on round numbers that `decimals` digits can tell apart."""
    if hi == lo:
        pad = abs(hi) * 0.1 or 1
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    finest = 10**-decimals
    steps = (1, 2, 5, 10) if decimals == 0 and magnitude <= 1 else (1, 2, 2.5, 5, 10)
    step = max(finest, next(s * magnitude for s in steps if s * magnitude >= raw))
    return (lo // step) * step, -((-hi) // step) * step, step


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _x_labels(points: list[ChartPoint], xs: list[float]) -> list[tuple[float, str, str]]:
    """The period labels under the x axis as (x, anchor, text): the newest always, then older ones wherever
    they fit without touching the one drawn after them, each kept inside the chart (every label is in the
    data table and in the points' titles anyway)."""
    gap = FONT_SIZE * 0.6
    labels: list[tuple[float, str, str]] = []
    limit = float("inf")  # where the label to the right starts
    for p, x in reversed(list(zip(points, xs))):
        half = len(p.label) * FONT_SIZE * 0.3  # about half the label's width (a digit is about 0.6 em)
        if x + half > WIDTH:
            x, anchor, left, right = WIDTH - 2, "end", WIDTH - 2 - 2 * half, WIDTH - 2
        elif x - half < 0:
            x, anchor, left, right = 2, "start", 2, 2 + 2 * half
        else:
            anchor, left, right = "middle", x - half, x + half
        if right + gap <= limit:
            labels.append((x, anchor, p.label))
            limit = left
    return labels[::-1]


def axis(points: list[ChartPoint], target: float | None, decimals: int) -> tuple[float, float, float]:
    """The value axis's (lowest, highest, step): the figures and the target, rounded out (the caption says when
    it does not start at zero, since a short axis makes a small change look large)."""
    ys = [p.y for p in points] + ([target] if target is not None else [])
    return _nice_range(min(ys), max(ys), decimals)


def _ticks(lo: float, hi: float, step: float, tick_text) -> list[tuple[float, str]]:
    """The value axis's ticks as (value, text), from `lo` to `hi` by `step` (the last one kept despite float noise)."""
    ticks = []
    tick = lo
    while tick <= hi + step / 1000:
        ticks.append((tick, tick_text(tick)))
        tick += step
    return ticks


def _scales(points: list[ChartPoint], left: float, lo: float, hi: float):
    """Functions from a point's x and y to the chart's units: the plot sits between `left` and the right margin,
    a single point in the middle."""
    x0, x1 = min(p.x for p in points), max(p.x for p in points)
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return left + (plot_w / 2 if x1 == x0 else (x - x0) / (x1 - x0) * plot_w)

    def sy(y: float) -> float:
        return TOP + plot_h - (y - lo) / (hi - lo) * plot_h

    return sx, sy


def _grid(ticks: list[tuple[float, str]], left: float, sy) -> list[str]:
    """The value axis: a grid line and its label at each tick, hidden from assistive technology (the data
    table gives every figure)."""
    out = ['<g class="chart-grid" aria-hidden="true">']
    for tick, text in ticks:
        y = sy(tick)
        out.append(f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{_f(y)}" y2="{_f(y)}"/>')
        out.append(f'<text x="{left - 8}" y="{_f(y + 4)}" text-anchor="end">{escape(text)}</text>')
    out.append("</g>")
    return out


def line_chart(
    points: list[ChartPoint],
    *,
    title: str,
    desc: str,
    target: float | None,
    target_label: str,
    tick_text,
    chart_id: str,
    decimals: int,
    breaks: frozenset[int] = frozenset(),
) -> str:
    """An SVG line chart of `points` with an optional dashed target line; `tick_text` formats axis values. The
    line breaks before each index in `breaks` (a period with no figure): no line is drawn across a missing year."""
    lo, hi, step = axis(points, target, decimals)
    ticks = _ticks(lo, hi, step, tick_text)
    # Room on the left for the longest axis label at the largest type ("450 €/asukas" on a phone).
    left = max(LEFT, round(max(len(text) for _, text in ticks) * FONT_SIZE * 0.6) + 12)
    sx, sy = _scales(points, left, lo, hi)
    out = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    out += _grid(ticks, left, sy)
    if target is not None:
        y = sy(target)
        out.append(
            f'<g class="chart-target" data-value="{target!r}"><line x1="{left}" x2="{WIDTH - RIGHT}" '
            f'y1="{_f(y)}" y2="{_f(y)}"/><text x="{WIDTH - RIGHT}" y="{_f(y - 6)}" text-anchor="end">'
            f"{escape(target_label)}</text></g>"
        )
    coords = [(sx(p.x), sy(p.y)) for p in points]
    segments, start = [], 0
    for i in sorted(b for b in breaks if 0 < b < len(coords)) + [len(coords)]:
        segments.append(coords[start:i])
        start = i
    for segment in segments:
        if len(segment) > 1:
            out.append(
                '<polyline class="chart-line" points="' + " ".join(f"{_f(x)},{_f(y)}" for x, y in segment) + '"/>'
            )
    out.append('<g class="chart-points">')
    for p, (x, y) in zip(points, coords):
        out.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="5" data-value="{p.y!r}" data-period={quoteattr(p.label)}>'
            f"<title>{escape(p.label)}: {escape(p.value_text)}</title></circle>"
        )
    out.append("</g>")
    out.append('<g class="chart-x" aria-hidden="true">')
    out += [
        f'<text x="{_f(x)}" y="{HEIGHT - BOTTOM + 22}" text-anchor="{anchor}">{escape(label)}</text>'
        for x, anchor, label in _x_labels(points, [x for x, _ in coords])
    ]
    out.append("</g></svg>")
    return "".join(out)


BAR_WIDTH, BAR_HEIGHT = 100, 10


def status_bar(counts: list[tuple[str, int]]) -> str:
    """A stacked bar of how many metrics are in each status, in the order given, drawn to scale. Only a picture
    of the list beside it (which says the same in words), so it is hidden from assistive technology."""
    total = sum(n for _, n in counts)
    out = [
        f'<svg class="progress-bar" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    x = 0.0
    for status, n in counts:
        if not n:
            continue
        width = BAR_WIDTH * n / total
        out.append(
            f'<rect class="bar--{status}" x="{_f(x)}" width="{_f(width)}" height="{BAR_HEIGHT}" data-count="{n}"/>'
        )
        x += width
    out.append("</svg>")
    return "".join(out)
