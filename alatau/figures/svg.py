"""A small server-side SVG chart helper: horizontal bars and a line over seasons, no JavaScript.

Charts are accessible: ``role="img"`` with a ``<title>`` and a ``<desc>`` that reads out every value,
each bar carries its label and its number as text, and the same figures are in a table beside it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5f8b", "#d98c1f")  # this season, the previous one (colour-blind safe pair)
# A narrow drawing with each label on its own line above its bars: long names ("Ski jumping" in
# Kazakh runs to 27 letters) never get cut, and the text stays readable when a phone shrinks it.
WIDTH = 400
FONT = 14
LABEL_HEIGHT = 20
ROW = 18
GAP = 12
NUMBER_WIDTH = 56
BAR_WIDTH = WIDTH - NUMBER_WIDTH


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return str(number_format(value, force_grouping=True))


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    ident: str,
    fmt: Callable[[float], str] = _number,
) -> SafeString:
    """Horizontal grouped bars: one group per label, one bar per series (e.g. this season and the last).

    Parameters
    ----------
    title : str
        The chart's title (also its accessible name).
    labels : sequence of str
        Category names, top to bottom.
    series : sequence of Series
        One to two series of the same length as ``labels``.
    ident : str
        A unique id prefix for the title and description elements.
    fmt : callable
        Formats a number for the active language.
    """
    peak = max((v for s in series for v in s.values), default=0) or 1
    bars = len(series)
    group = LABEL_HEIGHT + ROW * bars + GAP
    head = 28 if bars > 1 else 4
    height = head + group * len(labels)
    parts = [_open(ident, title, _describe(labels, series, fmt), WIDTH, height, "bars"), _legend(series)]
    for row, label in enumerate(labels):
        top = head + row * group
        parts.append(f'<text x="0" y="{top + FONT}" class="chart-label">{escape(label)}</text>')
        for index, one in enumerate(series):
            bar_top = top + LABEL_HEIGHT + index * ROW
            parts.append(_bar(bar_top, one.values[row], peak, PALETTE[index % 2], fmt))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text piece above is escaped


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    ident: str,
    fmt: Callable[[float], str] = _number,
) -> SafeString:
    """A line with labelled points, for a figure over seasons."""
    width, height, pad = WIDTH, 200, 36
    peak = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + i * step, height - 40 - (height - 90) * v / peak) for i, v in enumerate(values)]
    description = _describe(labels, [Series(title, values)], fmt)
    parts = [_open(ident, title, description, width, height)]
    parts.append(
        f'<line x1="{pad}" y1="{height - 40}" x2="{width - pad}" y2="{height - 40}" class="chart-axis" '
        'stroke="#888"/>'
    )
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="3"/>')
    for (x, y), label, value in zip(points, labels, values, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{PALETTE[0]}"/>'
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" class="chart-value">'
            f"{escape(fmt(value))}</text>"
            f'<text x="{x:.1f}" y="{height - 20}" text-anchor="middle" class="chart-label">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text piece above is escaped


def _open(ident: str, title: str, description: str, width: int, height: int, kind: str = "line") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" '
        f'viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif" '
        f'font-size="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )


def _legend(series: Sequence[Series]) -> str:
    if len(series) < 2:
        return ""
    items = []
    for index, one in enumerate(series):
        x = index * 120
        items.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{PALETTE[index % 2]}"/>'
            f'<text x="{x + 20}" y="16" class="chart-legend">{escape(one.name)}</text>'
        )
    return "".join(items)


def _bar(top: float, value: int, peak: int, colour: str, fmt: Callable[[float], str]) -> str:
    length = BAR_WIDTH * value / peak
    return (
        f'<rect x="0" y="{top:.0f}" width="{length:.1f}" height="{ROW - 4}" rx="2" fill="{colour}"/>'
        f'<text x="{length + 6:.1f}" y="{top + ROW - 6:.0f}" class="chart-value">'
        f"{escape(fmt(value))}</text>"
    )


def _describe(labels: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str]) -> str:
    """Every value in words, for screen readers: "Almaty: 120 (2024/25), 98 (2023/24); …"."""
    items = []
    for row, label in enumerate(labels):
        numbers = ", ".join(f"{fmt(s.values[row])} ({s.name})" for s in series)
        items.append(f"{label}: {numbers}")
    return "; ".join(items)
