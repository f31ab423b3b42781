"""Charts drawn at build time as inline SVG: each source's figures over time.

A chart is a few series (one per source, or per running total), each a list of figures in the
order they appeared, and optionally the reconciled low / best / high drawn as a band. What a
reader sees:

- a marker per figure at its report date and best value, linking to its evidence;
- a step line through a source's figures: a revision is a visible step, and a dashed tail
  carries the source's latest figure to the right edge, where it is labelled;
- a vertical bar per figure that is an interval ("several hundred", "200-900"); a bar open
  at one end ("more than 60", "up to 10") ends in an arrow;
- the band from low to high with the best figure as a dashed line, labelled.

Colours are the Okabe-Ito palette (told apart with the common colour-vision deficiencies), and
each series also has its own marker shape, so colour is never the only cue. Every text is
escaped; the SVG carries <title> and <desc> for screen readers, and each marker a <title>
that browsers show as a tooltip. Classes (pt, bar, step, tail, band) let the page's CSS and
the tests find the parts.
"""
from __future__ import annotations

import math
from itertools import pairwise
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

# Okabe & Ito (2008): blue, vermillion, bluish green, reddish purple, orange, sky blue, grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#595959")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 84, 132, 18, 38  # the right margin holds the latest figures' labels


@dataclass(frozen=True)
class Point:
    """One figure: when it was reported, its best value and interval (None is open)."""

    day: str | None  # YYYY-MM-DD
    best: float | None
    low: float | None
    high: float | None
    label: str  # the figure as a reader says it: "~450", "≥61", "200–900"
    href: str | None = None  # its evidence ("#ev-123")
    note: str = ""  # more for the tooltip: the words as stated, the outlet


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]
    style: int = 0  # index into the palette and markers (the same source, the same style)


@dataclass(frozen=True)
class Band:
    low: float | None
    best: float | None
    high: float | None


@dataclass
class _Scale:
    lo: float
    hi: float
    log: bool
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM

    def __call__(self, v: float) -> float:
        if self.log:
            v, lo, hi = math.log10(max(v, self.lo)), math.log10(self.lo), math.log10(self.hi)
        else:
            lo, hi = self.lo, self.hi
        frac = (v - lo) / (hi - lo) if hi > lo else 0.5
        return round(self.bottom - frac * (self.bottom - self.top), 1)

    def ticks(self) -> list[float]:
        if self.log:
            out = [10.0 ** k for k in range(math.floor(math.log10(self.lo)),
                                            math.ceil(math.log10(self.hi)) + 1)]
            return [t for t in out if self.lo <= t <= self.hi]
        step = _nice_step((self.hi - self.lo) / 5)
        first = math.ceil(self.lo / step) * step
        return [first + i * step for i in range(int((self.hi - first) / step + 1e-9) + 1)]


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return max(m * power, 1.0)
    return 10 * power


def number(x: float | None) -> str:
    """1240 -> "1,240"; 5.5 -> "5.5"; None -> "?"."""
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}".rstrip("0").rstrip(".")


def short_date(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d:%b}"


def _attrs(**kw) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in kw.items()
                   if v is not None)


def _el(tag: str, text: str | None = None, **kw) -> str:
    if text is None:
        return f"<{tag}{_attrs(**kw)}/>"
    return f"<{tag}{_attrs(**kw)}>{escape(text)}</{tag}>"


def marker(shape: str, x: float, y: float, r: float = 5.0) -> tuple[str, dict]:
    """An SVG element name and attributes for a marker centred at (x, y)."""
    if shape == "circle":
        return "circle", {"cx": x, "cy": y, "r": r}
    if shape == "square":
        return "rect", {"x": round(x - r * .9, 1), "y": round(y - r * .9, 1),
                        "width": round(r * 1.8, 1), "height": round(r * 1.8, 1)}
    corners = {"triangle": [(0, -1.2), (1.1, .8), (-1.1, .8)],
               "triangle-down": [(0, 1.2), (1.1, -.8), (-1.1, -.8)],
               "diamond": [(0, -1.25), (1.15, 0), (0, 1.25), (-1.15, 0)],
               "hexagon": [(math.cos(a) * 1.1, math.sin(a) * 1.1)
                           for a in (k * math.pi / 3 for k in range(6))]}[shape]
    pts = " ".join(f"{round(x + dx * r, 1)},{round(y + dy * r, 1)}" for dx, dy in corners)
    return "polygon", {"points": pts}


def swatch(style: int) -> Markup:
    """The series' marker on its line, for a legend written in HTML."""
    colour, shape = PALETTE[style % len(PALETTE)], MARKERS[style % len(MARKERS)]
    tag, attrs = marker(shape, 14, 8, 4.5)
    return Markup(
        '<svg class="swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">'
        + _el("line", x1=1, y1=8, x2=27, y2=8, stroke=colour, stroke_width=2)
        + _el(tag, fill=colour, stroke="#fff", stroke_width=1, **attrs) + "</svg>")


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def figures_chart(series: list[Series], *, chart_id: str, title: str, band: Band | None = None,
                  unit: str = "", end_day: str | None = None,
                  event_day: str | None = None) -> Markup:
    """An SVG of the series' figures over time (see the module's docstring). `end_day`
    extends the time axis (to the event's last report); `event_day` is marked on it with a
    dotted line. Figures without a date are left out of the drawing and named in the
    description."""
    dated = [(s, [p for p in s.points if p.day and p.best is not None]) for s in series]
    dated = [(s, pts) for s, pts in dated if pts]
    undated = [(s, p) for s in series for p in s.points if not p.day or p.best is None]
    desc = _description(series, band, unit)
    if not dated:
        return Markup(f'<p class="no-chart">{escape(desc)}</p>')

    days = sorted({p.day for _, pts in dated for p in pts}
                  | {d for d in (end_day, event_day) if d})
    first, last = days[0], days[-1]
    span = _days(first, last) + 1  # a day is a slot; a figure sits in the middle of its day
    x0, x1 = LEFT + 4, WIDTH - RIGHT - 4

    def x_of(day: str, offset: float = 0.0) -> float:
        return round(x0 + (_days(first, day) + 0.5 + offset) / span * (x1 - x0), 1)

    # y: from zero (counts), log when the figures span more than two orders of magnitude
    values = [v for _, pts in dated for p in pts for v in (p.best, p.low, p.high)
              if v is not None]
    if band:
        values += [v for v in (band.low, band.best, band.high) if v is not None]
    top = max(values) if values else 1.0
    positive = [v for v in values if v > 0]
    log = bool(positive) and top / min(positive) > 100
    if log:
        scale = _Scale(10 ** math.floor(math.log10(min(positive))),
                       10 ** math.ceil(math.log10(top * 1.05)), True)
    else:
        step = _nice_step(top * 1.1 / 5)
        scale = _Scale(0.0, max(step * math.ceil(top * 1.1 / step), 1.0), False)

    out = [(f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
            f'id="{escape(chart_id)}" xmlns="http://www.w3.org/2000/svg">'),
           _el("title", title, id=f"{chart_id}-t"), _el("desc", desc, id=f"{chart_id}-d")]

    # axes and grid
    plot_bottom, plot_top = HEIGHT - BOTTOM, TOP
    y_best = scale(band.best) if band and band.best is not None else None
    out.append('<g class="axis y-axis" font-size="12" fill="#555">')
    for t in scale.ticks():
        y = scale(t)
        out.append(_el("line", x1=LEFT, y1=y, x2=WIDTH - RIGHT, y2=y, class_="grid"))
        if y_best is None or abs(y - y_best) > 13:  # the best figure's label goes there
            out.append(_el("text", number(t), x=LEFT - 8, y=y + 4, text_anchor="end"))
    if log:
        out.append(_el("text", "log scale", x=WIDTH - RIGHT, y=HEIGHT - 4, text_anchor="end",
                       font_size=11, class_="axis-note"))
    out.append("</g>")
    out.append('<g class="axis x-axis" font-size="12" fill="#555">')
    every = max(1, math.ceil(span / 8))
    for k in range(0, span, every):
        day = (date.fromisoformat(first) + timedelta(days=k)).isoformat()
        x = x_of(day)
        out.append(_el("line", x1=x, y1=plot_bottom, x2=x, y2=plot_bottom + 5, class_="tick"))
        out.append(_el("text", short_date(day), x=x, y=plot_bottom + 20, text_anchor="middle"))
    out.append(_el("line", x1=LEFT, y1=plot_bottom, x2=WIDTH - RIGHT, y2=plot_bottom,
                   class_="baseline"))
    out.append("</g>")

    if event_day:
        x = x_of(event_day)
        out.append(_el("line", x1=x, y1=plot_top, x2=x, y2=plot_bottom, class_="event-day"))
        out.append(_el("text", "event", x=x + 4, y=plot_top + 10, font_size=11,
                       class_="event-day-label"))

    # the reconciled band: low to high, best dashed
    if band and band.best is not None:
        lo = band.low if band.low is not None else band.best
        hi = band.high if band.high is not None else band.best
        y_hi, y_lo = scale(hi), scale(lo)
        out.append('<g class="band">')
        out.append(_el("rect", x=LEFT, y=y_hi, width=WIDTH - RIGHT - LEFT,
                       height=max(round(y_lo - y_hi, 1), 1), class_="band-range"))
        yb = scale(band.best)
        out.append(_el("line", x1=LEFT, y1=yb, x2=WIDTH - RIGHT, y2=yb, class_="band-best"))
        out.append(_el("text", f"best {number(band.best)}", x=LEFT - 8, y=yb + 4,
                       font_size=12, font_weight="bold", text_anchor="end",
                       class_="band-label"))
        out.append("</g>")

    # the series: bars, steps, tails, markers
    labels = []
    n_series = len(dated)
    for si, (s, pts) in enumerate(dated):
        colour, shape = PALETTE[s.style % len(PALETTE)], MARKERS[s.style % len(MARKERS)]
        spread = (si - (n_series - 1) / 2) * min(0.08, 0.3 / n_series)
        per_day: dict[str, list[Point]] = {}
        for p in pts:
            per_day.setdefault(p.day, []).append(p)
        xy = []
        for p in pts:
            same = per_day[p.day]
            k = same.index(p)
            within = (k - (len(same) - 1) / 2) * (0.6 / len(same)) if len(same) > 1 else 0
            xy.append((p, x_of(p.day, spread + within), scale(p.best)))
        out.append(f'<g class="series" data-series="{escape(s.name)}" stroke="{colour}" '
                   f'fill="{colour}">')
        for p, x, y in xy:  # intervals
            if p.low == p.high and p.low is not None:
                continue
            if p.low is None and p.high is None:
                continue
            # open above ("more than 60"): an arrow of a fixed length, not a bar to the
            # top, which would draw a bound nobody gave
            y_top = scale(p.high) if p.high is not None else max(plot_top, y - 36)
            y_bot = scale(p.low) if p.low is not None and (p.low > 0 or not log) \
                else plot_bottom
            kind = "bar" + (" open" if p.low is None or p.high is None else "")
            out.append(_el("line", x1=x, y1=y_top, x2=x, y2=y_bot, class_=kind,
                           stroke_width=3, stroke_opacity=0.55))
            if p.high is None:
                out.append(_el("path", d=f"M{x - 5},{y_top + 7} L{x},{y_top} L{x + 5},{y_top + 7}",
                               class_="arrow", fill="none", stroke_width=2))
            else:
                out.append(_el("line", x1=x - 5, y1=y_top, x2=x + 5, y2=y_top, class_="cap",
                               stroke_width=2))
            if p.low is None:
                out.append(_el("path", d=f"M{x - 5},{y_bot - 7} L{x},{y_bot} L{x + 5},{y_bot - 7}",
                               class_="arrow", fill="none", stroke_width=2))
            else:
                out.append(_el("line", x1=x - 5, y1=y_bot, x2=x + 5, y2=y_bot, class_="cap",
                               stroke_width=2))
        for (_, xa, ya), (_, xb, yb) in pairwise(xy):  # the history: flat, then a step
            out.append(_el("path", d=f"M{xa},{ya} H{xb}", class_="run", fill="none",
                           stroke_width=2))
            if ya != yb:
                out.append(_el("path", d=f"M{xb},{ya} V{yb}", class_="step", fill="none",
                               stroke_width=2))
        p_last, x_last, y_last = xy[-1]
        out.append(_el("path", d=f"M{x_last},{y_last} H{WIDTH - RIGHT}", class_="tail",
                       fill="none", stroke_width=1.5, stroke_dasharray="4 4"))
        label = p_last.label if len(p_last.label) <= 18 else p_last.label[:17] + "…"
        labels.append([y_last, label, colour])
        for p, x, y in xy:  # markers last, on top, each a link to its evidence
            tag, attrs = marker(shape, x, y)
            tip = f"{s.name}: {p.label}" + (f" ({p.note})" if p.note else "") + \
                  f", reported {short_date(p.day)}"
            el = (f"<{tag}{_attrs(**attrs)} class=\"pt\" stroke=\"#fff\" stroke-width=\"1.5\">"
                  f"{_el('title', tip)}</{tag}>")
            if p.href:
                el = f'<a href="{escape(p.href)}" class="pt-link">{el}</a>'
            out.append(el)
        out.append("</g>")

    # the latest figures, labelled at the right edge, nudged apart to stay legible
    labels.sort(key=lambda item: item[0])
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + 14)
    shift = max(0, labels[-1][0] - plot_bottom) if labels else 0
    out.append('<g class="latest" font-size="12">')
    for y, text, colour in labels:
        out.append(_el("text", text, x=WIDTH - RIGHT + 6, y=round(y - shift + 4, 1),
                       fill=colour, class_="latest-label"))
    out.append("</g>")
    if undated:
        out.append(_el("text", f"{len(undated)} undated figure(s) not drawn", x=LEFT,
                       y=HEIGHT - 4, font_size=11, fill="#555"))
    out.append("</svg>")
    legend = "".join(
        f'<li>{swatch(s.style)}<span>{escape(s.name)}</span></li>' for s, _ in dated)
    return Markup(f'<figure class="chart">{"".join(out)}'
                  f'<ul class="legend" aria-label="Legend">{legend}</ul></figure>')


def _description(series: list[Series], band: Band | None, unit: str) -> str:
    parts = []
    for s in series:
        figs = ", ".join(p.label + (f" on {short_date(p.day)}" if p.day else " (undated)")
                         for p in s.points)
        parts.append(f"{s.name}: {figs}.")
    if band and band.best is not None:
        parts.append(f"Reconciled: low {number(band.low)}, best {number(band.best)}, "
                     f"high {number(band.high)}{(' ' + unit) if unit else ''}.")
    return " ".join(parts)
