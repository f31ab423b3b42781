"""Events as HTML pages people look at: `tallies report` and the pages `tallies serve` shows.

`build(db, out)` writes an index (the events, with place, dates, headline figure, grade and
sources; searchable and sortable) and a page per event; `build(db, out, event=...)` writes one
page. An event page holds, per measure, low / best / high with the grade and its reason, a
chart of each source's figures over time (charts.py), the "what do we know" table, the running
totals kept apart, and the evidence of every figure: its sentence with the figure marked, and
its article's title, outlet, date and link.

Pages are self-contained: the stylesheet and the script (tallies/static/) are written into
each page and allowed by their hashes in a Content-Security-Policy that allows nothing else
(no other script, no remote load), so a page works from a file:// URL, offline, and as an
e-mail attachment. Article text is untrusted: the templates (tallies/templates/) escape
everything (Jinja2 autoescape); the marked sentence is built from escaped pieces; a link is
made only of an http(s) URL.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import __version__
from .charts import Band, Point, Series, figures_chart, number, short_date
from .errors import NotFound, StoreError, TalliesError
from .places import Gazetteer
from .reconcile import bounds, figure_text
from .records import Reconciliation
from .settings import Settings
from .store import Store
from .terminal import HEADLINE_MEASURES, find_events, headline

GRADES = {"contested": ("grade-contested", "≠", 0), "single source": ("grade-single", "○", 1),
          "confirmed": ("grade-confirmed", "✓", 2)}
HEDGES = {"approximate": "about", "at_least": "at least", "at_most": "at most",
          "range": "range", "vague": "vague"}
# Measures of people, shown first and unfolded; the rest go under "Other figures".
PEOPLE_MEASURES = ("killed", "casualties", "injured", "missing", "captured", "arrested",
                   "displaced", "evacuated", "present")
GENERATOR = "Tallies"


@dataclass(frozen=True)
class Built:
    """What `build` wrote: the page to open, and how many event pages."""

    path: Path
    pages: int


# -- small pieces ---------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) URL a link may point to; None otherwise (javascript:,
    data:, relative, or with whitespace or control characters a browser would strip)."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) <= 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def highlight(sentence: str, start: int | None, end: int | None, figure: str = "") -> Markup:
    """The sentence, escaped, with the figure at [start, end) (offsets in the sentence) in
    <mark>. When the offsets do not hold the figure, its first occurrence is marked; when it
    is not there at all, nothing is."""
    ok = (start is not None and end is not None and 0 <= start < end <= len(sentence)
          and (not figure or sentence[start:end] == figure))
    if not ok and figure:
        at = sentence.find(figure)
        start, end, ok = at, at + len(figure), at >= 0
    if not ok:
        return Markup(escape(sentence))
    return Markup("{}<mark>{}</mark>{}").format(sentence[:start], sentence[start:end],
                                                sentence[end:])


def interval(low: float | None, high: float | None) -> str:
    """A figure's interval as a reader says it: 63, ≥61, ≤10, 200–900."""
    if low is None and high is None:
        return "?"
    if low is not None and high is not None:
        return number(low) if low == high else f"{number(low)}–{number(high)}"
    return f"≥{number(low)}" if high is None else f"≤{number(high)}"


def long_date(day: str | None) -> str:
    if not day:
        return "date unknown"
    d = date.fromisoformat(day[:10])
    return f"{d.day} {d:%B %Y}"


def date_span(first: str | None, last: str | None, long: bool = False) -> str:
    """9 Mar 2031; 9–11 Mar 2031; 28 Feb – 2 Mar 2031."""
    if not first:
        return "date unknown"
    last = last or first
    a, b = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    month = "%B" if long else "%b"
    if a == b:
        return f"{a.day} {a:{month} %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:{month} %Y}"
    if a.year == b.year:
        return f"{a.day} {a:{month}} – {b.day} {b:{month} %Y}"
    return f"{a.day} {a:{month} %Y} – {b.day} {b:{month} %Y}"


def page_name(event_id: str) -> str:
    """A file name for an event's page (event ids are slugs; anything else is replaced)."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", event_id).strip(".")[:120] or "event"


def measure_label(r: Reconciliation) -> str:
    return r.measure.capitalize() + (f" ({r.subject})" if r.subject else "")


def _measure_order(r: Reconciliation):
    rank = HEADLINE_MEASURES.index(r.measure) if r.measure in HEADLINE_MEASURES else 99
    return (r.reporter_only, r.measure not in PEOPLE_MEASURES, rank, r.subject != "people",
            r.measure, r.subject)


def _primary(r: Reconciliation) -> bool:
    return not r.reporter_only and r.measure in PEOPLE_MEASURES and r.subject in (
        "people", "children", "women")


# -- rendering ------------------------------------------------------------------------------------


class _Assets:
    """The templates, the stylesheet and the script, and the policy that allows only them."""

    def __init__(self):
        self.env = Environment(loader=PackageLoader("tallies", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        static = resources.files("tallies").joinpath("static")
        self.css = static.joinpath("report.css").read_text(encoding="utf-8")
        self.js = static.joinpath("report.js").read_text(encoding="utf-8")
        for name, text, closing in (("report.css", self.css, "</style"),
                                    ("report.js", self.js, "</script")):
            if closing in text.lower():  # it would end the element it is written into
                raise TalliesError(f"tallies/static/{name} holds {closing}>")
        self.csp = ("default-src 'none'; "
                    f"script-src '{_sha256(self.js)}'; style-src '{_sha256(self.css)}'; "
                    "img-src data:; base-uri 'none'; form-action 'none'")

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(
            css=Markup(self.css), js=Markup(self.js), csp=self.csp, version=__version__,
            built=date.today().isoformat(), **context)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


_ASSETS: _Assets | None = None


def _assets() -> _Assets:
    global _ASSETS
    if _ASSETS is None:
        _ASSETS = _Assets()
    return _ASSETS


class _Styles:
    """One colour and marker per source on a page: the same source looks the same in every
    chart."""

    def __init__(self):
        self.index: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        return self.index.setdefault(name, len(self.index))


def _grade(r: Reconciliation) -> dict:
    cls, symbol, rank = GRADES.get(r.grade, ("grade-single", "?", 1))
    return {"grade": r.grade, "grade_class": cls, "grade_symbol": symbol, "grade_rank": rank}


def _anchor(r: Reconciliation, used: set[str]) -> str:
    base = "m-" + re.sub(r"[^a-z0-9]+", "-", f"{r.measure} {r.subject}".lower()).strip("-")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def render_event(store: Store, event_id: str, *, index_href: str | None = None,
                 extra_links: Iterable[tuple[str, str]] = (), store_name: str = "") -> str:
    """One event's page (HTML). `index_href`: where "All events" goes (None: no link)."""
    e = store.event(event_id)
    if e is None:
        raise NotFound(f"no event {event_id!r} in {store.path} (`tallies events` lists them)")
    recs = sorted(store.reconciliations(event_id), key=_measure_order)
    totals = _dedupe_totals(store.event_running_totals(event_id))
    evidence = store.report_evidence(
        [f.claim_id for r in recs for h in r.histories for f in h.figures]
        + [t["id"] for t in totals])
    styles = _Styles()
    used: set[str] = set()
    items: dict[int, dict] = {}  # claim id -> its evidence, in the order first cited
    sections = []
    for r in recs:
        anchor = _anchor(r, used)
        label = measure_label(r)
        histories = []
        series = []
        for h in r.histories:
            rows, points = [], []
            for step, f in enumerate(h.figures, 1):
                ev = evidence.get(f.claim_id)
                ev_id = f"ev-{f.claim_id}"
                stated = (ev["text"] if ev else f.text).strip()
                rows.append({"stated": stated, "hedge": HEDGES.get(f.qualifier, ""),
                             "interval": interval(f.low, f.high),
                             "reported": short_date(f.reported) if f.reported else "—",
                             "via": ev["via"] if ev else None,
                             "outlet": ev["outlet"] if ev else None, "copies": f.copies,
                             "evidence": ev_id, "latest": step == len(h.figures)})
                points.append(Point(f.reported, f.best, f.low, f.high, f.text, f"#{ev_id}",
                                    note=f"“{stated}”" if stated != f.text else ""))
                if ev is not None and f.claim_id not in items:
                    items[f.claim_id] = _evidence_item(ev, h.source, h.side, label, anchor,
                                                       f.copies)
            histories.append({"source": h.source, "side": h.side, "figures": rows})
            series.append(Series(h.source, tuple(points), styles(h.source)))
        # one figure is a number, not a history: the table says it all
        dated = sum(1 for s in series for p in s.points if p.day and p.best is not None)
        chart = figures_chart(series, chart_id=f"chart-{anchor}",
                              title=f"{label}: each source's figures over time",
                              band=Band(r.low, r.best, r.high), end_day=e["last_report"],
                              event_day=e["event_date"]) if dated > 1 else Markup("")
        sections.append({"anchor": anchor, "label": label, "low": number(r.low),
                         "best": number(r.best), "high": number(r.high), "reason": r.reason,
                         "n_sources": len(r.histories), "histories": histories, "chart": chart,
                         "primary": _primary(r), **_grade(r)})
    totals_rows, totals_chart = _totals(totals, evidence, items, styles, e["last_report"])
    primary = [s for s in sections if s["primary"]]
    return _assets().render(
        "event.html",
        event={"id": e["id"], "place": e["place"] or e["id"],
               "date_long": long_date(e["event_date"] or e["first_date"]),
               "dates": date_span(e["first_date"], e["last_date"]),
               "one_date": (e["first_date"] or "") == (e["last_date"] or ""),
               "title": e["title"], "n_articles": e["n_articles"] or 0,
               "n_reports": e["n_reports"] or 0, "n_sources": e["n_sources"] or 0,
               "reported": date_span(e["first_report"], e["last_report"])},
        glance=primary[:4], primary=primary,
        secondary=[s for s in sections if not s["primary"]],
        totals=totals_rows, totals_chart=totals_chart,
        evidence=list(items.values()),
        links={"index": index_href, "extra": list(extra_links)},
        store_name=store_name or store.path.name)


def _evidence_item(ev, source: str, side: str | None, what: str, back: str,
                   copies: int) -> dict:
    sentence = ev["sentence"] or ""
    offset = ev["sentence_start"]
    start = ev["start"] - offset if offset is not None and ev["start"] is not None else None
    end = ev["end"] - offset if offset is not None and ev["end"] is not None else None
    # the sentence's own leading and trailing blanks go, and the offsets with them
    lead = len(sentence) - len(sentence.lstrip())
    text = sentence.strip()
    return {"id": f"ev-{ev['id']}", "source": source, "side": side, "what": what,
            "stated": ev["text"].strip(), "via": ev["via"],
            "sentence": highlight(text, None if start is None else start - lead,
                                  None if end is None else end - lead, ev["text"]),
            "url": safe_url(ev["url"]), "title": ev["title"] or ev["article_id"],
            "outlet": ev["outlet"], "published": long_date(ev["published"]),
            "copies": copies, "back": back, "back_label": what.lower()}


def _dedupe_totals(rows) -> list:
    """Running totals given in the event's articles, each (source, figure, measure) once."""
    seen, out = set(), []
    for t in rows:
        key = (t["source"], t["text"], t["measure"])
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _totals(totals, evidence, items: dict, styles: _Styles, end_day: str | None):
    rows, by_series = [], {}
    for t in totals:
        ev = evidence.get(t["id"])
        if ev is None:
            continue
        what = t["measure"] + (f" ({t['counted']})" if t["counted"] else "")
        source = t["source"] or "source unknown"
        ev_id = f"ev-{t['id']}"
        rows.append({"source": source, "what": what, "stated": ev["text"].strip(),
                     "reported": short_date(ev["published"]) if ev["published"] else "—",
                     "outlet": ev["outlet"], "evidence": ev_id})
        lo, best, hi = bounds(ev["qualifier"], ev["value"], ev["low"], ev["high"])
        label = figure_text(ev["qualifier"], ev["value"], ev["low"], ev["high"], ev["text"])
        name = f"{source}: {t['measure']}" + (f" ({ev['subject']})" if ev["subject"] else "")
        by_series.setdefault((t["running_total_id"], name), []).append(
            Point(ev["published"], best, lo, hi, label, f"#{ev_id}"))
        if t["id"] not in items:
            items[t["id"]] = _evidence_item(ev, source, ev["source_side"],
                                            f"running total, {what}", "running-totals", 1)
    series = [Series(name, tuple(sorted(points, key=lambda p: p.day or "")), styles(name))
              for (_, name), points in by_series.items()]
    chart = figures_chart(series, chart_id="chart-running-totals",
                          title="Running totals in these articles, by source",
                          end_day=end_day) if series else Markup("")
    return rows, chart


def render_index(store: Store, event_href: Callable[[str], str], *,
                 extra_links: Iterable[tuple[str, str]] = (), store_name: str = "") -> str:
    """The index of events (HTML), biggest first; `event_href(id)` links each to its page."""
    events = []
    for e in store.events():
        r = headline(store.reconciliations(e["id"]))
        sources = (e["source_names"] or "").replace(",", " ")
        head = None
        if r is not None:
            head = {"measure": r.measure + (f" ({r.subject})" if r.subject not in ("people", "")
                                            else ""),
                    "best": number(r.best),
                    "range": f"{number(r.low)}–{number(r.high)}" if r.low != r.high else "",
                    **_grade(r)}
        events.append({
            "id": e["id"], "href": event_href(e["id"]), "place": e["place"] or e["id"],
            "title": e["title"] or "",
            "dates": date_span(e["event_date"] or e["first_date"], None),
            "date_sort": e["event_date"] or e["first_date"] or "",
            "reported": date_span(e["first_report"], e["last_report"]),
            "reported_sort": e["first_report"] or "",
            "headline": head, "best_sort": r.best if r is not None and r.best is not None
            else -1, "grade_sort": _grade(r)["grade_rank"] if r is not None else 9,
            "n_sources": e["n_sources"] or 0, "n_reports": e["n_reports"] or 0,
            "search": " ".join(x for x in (e["id"], e["place"], e["title"], sources) if x)})
    counts = store.counts()
    return _assets().render("index.html", events=events, counts=counts,
                            stale=store.get_meta("stale") == "1",
                            links={"index": None, "extra": list(extra_links)},
                            store_name=store_name or store.path.name)


# -- files ----------------------------------------------------------------------------------------


def _write(path: Path, html: str) -> None:
    """Whole pages only: a browser open on the old page never sees half of the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f'<meta name="generator" content="{GENERATOR} ' in f.read(2048)
    except OSError:
        return False


def build(db: str | None, out: str | Path, settings: Settings | None = None,
          event: str | None = None) -> Built:
    """Write the report of the store at `db` (the settings' store.path when None).

    Without `event`: `out` is a directory; it gets index.html and events/ID.html for each
    event (pages of events no longer in the store are removed). With `event` (an event id or
    a place in any spelling that names one event): one page, written to the file `out` (or
    into `out` when it is a directory). Raises NotFound, or TalliesError for a place that
    names several events (each is then listed)."""
    settings = settings or Settings.load()
    out = Path(out)
    with open_store(db, settings) as store:
        if event is not None:
            eid = _one_event(store, event, settings)
            path = out / f"{page_name(eid)}.html" if out.is_dir() else out
            _write(path, render_event(store, eid))
            return Built(path, 1)
        if out.exists() and not out.is_dir():
            raise TalliesError(f"{out}: exists and is not a directory (give --event to write "
                               "one page to a file)")
        names: dict[str, str] = {}
        for e in store.events():
            name = page_name(e["id"])
            while name in names.values():
                name += "-"
            names[e["id"]] = name
        pages = out / "events"
        for eid, name in names.items():
            _write(pages / f"{name}.html", render_event(store, eid, index_href="../index.html"))
        wanted = {f"{n}.html" for n in names.values()}
        if pages.is_dir():
            for old in pages.glob("*.html"):
                if old.name not in wanted and _ours(old):
                    old.unlink()
        index = out / "index.html"
        _write(index, render_index(store, lambda eid: f"events/{quote(names[eid])}.html"))
        return Built(index, len(names))


def open_store(db: str | Path | None, settings: Settings, immutable: bool = False) -> Store:
    """The store at `db` (the settings' store.path when None), read-only. It is first opened
    as every command opens it, which upgrades a store made by an older Tallies and folds a
    write-ahead log left by a killed run into the file; when that cannot be done (another
    process holds the store, the file is read-only) what is there is read."""
    path = Path(db or settings.store["path"])
    if path.is_file():
        try:
            Store.open(path, settings, create=False).close()
        except StoreError:
            pass
    return Store.reader(path, immutable=immutable)


def _one_event(store: Store, query: str, settings: Settings) -> str:
    gazetteer = Gazetteer.load(settings.reconcile["gazetteer"] or None)
    found = find_events(store, query, gazetteer)
    if not found:
        raise NotFound(f"no event or place {query!r} in {store.path} (`tallies events` "
                       "lists them)")
    if len(found) > 1:
        raise TalliesError(f"{query!r} names {len(found)} events: {', '.join(found)}; give "
                           "one of these ids")
    return found[0]
