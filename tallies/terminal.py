"""The store on a terminal: `tallies events` (the events, biggest first) and `tallies show`
(one event's sources side by side, each figure with its evidence).

Article text is shown as text, never as markup (rich.Text throughout).
"""
from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import names
from .errors import NotFound
from .places import Gazetteer
from .records import Reconciliation
from .settings import Settings
from .store import Store

GRADE_STYLE = {"confirmed": "green", "contested": "red", "single source": "yellow"}
HEADLINE_MEASURES = ("killed", "casualties", "injured", "missing", "displaced", "damaged",
                     "destroyed", "fired", "intercepted")


def _n(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _range(r: Reconciliation) -> str:
    if r.low is not None and r.high is not None and r.low == r.high:
        return _n(r.best)
    return f"{_n(r.low)} / {_n(r.best)} / {_n(r.high)}"


def _console(out: IO[str]) -> Console:
    terminal = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, highlight=False, soft_wrap=not terminal,
                   width=None if terminal else 140, no_color=not terminal)


def headline(recs) -> Reconciliation | None:
    """The figure an event is known by: people killed, else hurt, else the first measure a
    named source gave (the events table and the report's index use the same)."""
    recs = list(recs)
    for measure in HEADLINE_MEASURES:
        for r in recs:
            if r.measure == measure and r.subject in ("people", "") and not r.reporter_only:
                return r
    named = [r for r in recs if not r.reporter_only]
    return (named or recs or [None])[0]


def find_events(store: Store, query: str, gazetteer: Gazetteer) -> list[str]:
    """Event ids for an event id or a place name in any spelling ("makeyevka"), biggest
    first."""
    if store.event(query) is not None:
        return [query]
    keys = {names.key(query)}
    entry = gazetteer.lookup(query)
    if entry:
        keys.add(names.key(entry.name))
    found = store.events_at(keys)
    if not found:
        similar = {k for k, _ in store.place_keys() if names.same_name(query, k)}
        found = store.events_at(similar)
    return found


def print_events(db: str | None, settings: Settings, out: IO[str], limit: int | None = None
                 ) -> int:
    """The events, biggest first: place, dates, the headline measure with low / best / high,
    its grade and the sources. Returns the number of events."""
    with Store.open(db, settings, create=False) as store:
        rows = store.events(limit)
        console = _console(out)
        if not rows:
            console.print(Text(f"no events in {store.path} (tallies ingest adds some)"))
            return 0
        table = Table(show_lines=False, title=Text(f"{len(rows)} events in {store.path}"),
                      title_justify="left")
        for col, kw in (("event", {}), ("place", {}), ("date", {}), ("reports", {"justify": "right"}),
                        ("measure", {}), ("low / best / high", {"justify": "right"}),
                        ("grade", {}), ("sources", {"max_width": 50})):
            table.add_column(col, **kw)
        for e in rows:
            r = headline(store.reconciliations(e["id"]))
            date = e["event_date"] or ""
            if e["first_report"] and e["last_report"] and e["first_report"] != e["last_report"]:
                date += f" (reported {e['first_report'][5:]}–{e['last_report'][5:]})"
            sources = (", ".join(h.source for h in r.histories) if r else "") or ""
            table.add_row(Text(e["id"]), Text(e["place"] or ""), Text(date),
                          Text(str(e["n_reports"])),
                          Text(f"{r.measure} ({r.subject})" if r and r.subject else
                               (r.measure if r else "")),
                          Text(_range(r) if r else ""),
                          Text(r.grade if r else "", style=GRADE_STYLE.get(r.grade, "")
                               if r else ""),
                          Text(sources))
        console.print(table)
        return len(rows)


def print_event(db: str | None, query: str, settings: Settings, out: IO[str]) -> int:
    """Every event the query names (an event id, or a place in any spelling): each measure
    with its sources side by side, their histories, low / best / high, grade and reason, and
    each figure's evidence. Raises NotFound when nothing matches."""
    gazetteer = Gazetteer.load(settings.reconcile["gazetteer"] or None)
    with Store.open(db, settings, create=False) as store:
        ids = find_events(store, query, gazetteer)
        if not ids:
            raise NotFound(f"no event or place {query!r} in {store.path} (`tallies events` "
                           "lists them)")
        console = _console(out)
        for eid in ids:
            _print_one(store, eid, console)
        return len(ids)


def _print_one(store: Store, eid: str, console: Console) -> None:
    e = store.event(eid)
    recs = store.reconciliations(eid)
    head = Text()
    head.append(f"{e['place']}, {e['event_date'] or 'undated'}", style="bold")
    head.append(f"   event {eid}\n")
    head.append(f"{e['n_articles']} articles ({e['n_reports']} reports once copies are merged), "
                f"reported {e['first_report'] or '?'} to {e['last_report'] or '?'}; "
                f"first: {e['title'] or ''}")
    console.print(head)
    evidence = store.evidence({f.claim_id for r in recs for h in r.histories for f in h.figures})
    for r in sorted(recs, key=_measure_order):
        console.print()
        title = Text()
        title.append(f"{r.measure}" + (f" ({r.subject})" if r.subject else ""), style="bold")
        title.append(f"   low {_n(r.low)} · best {_n(r.best)} · high {_n(r.high)}   ")
        title.append(r.grade.upper(), style=GRADE_STYLE.get(r.grade, ""))
        console.print(title)
        console.print(Text("  " + r.reason))
        for h in r.histories:
            steps = " → ".join(
                f"{f.text} ({(f.reported or '?')[5:]}"
                + (f", {f.copies} articles" if f.copies > 1 else "") + ")" for f in h.figures)
            line = Text("  • ")
            line.append(h.source, style="bold")
            line.append(f" [{h.side}]" if h.side else "")
            line.append(f": {steps}")
            console.print(line)
            for f in h.figures:
                ev = evidence.get(f.claim_id)
                if ev is None:
                    continue
                where = ", ".join(x for x in (ev["outlet"], ev["published"]) if x)
                console.print(Text(f"      {f.text}: “{ev['sentence'].strip()}” — "
                                   f"{ev['title'] or ev['article_id']} ({where})",
                                   style="dim"))
    totals = store.event_running_totals(eid)
    if totals:
        console.print()
        console.print(Text("Running totals in these articles (kept apart: not this event's "
                           "figures)", style="bold"))
        seen = set()
        for t in totals:
            key = (t["source"], t["text"], t["measure"])
            if key in seen:
                continue
            seen.add(key)
            where = ", ".join(x for x in (t["outlet"], t["published"]) if x)
            console.print(Text(f"  • {t['source'] or '?'}: {t['text']} {t['measure']}"
                               + (f" ({t['counted']})" if t["counted"] else "")
                               + f" — “{t['sentence'].strip()}” ({where})"))
    console.print()


def _measure_order(r: Reconciliation):
    rank = HEADLINE_MEASURES.index(r.measure) if r.measure in HEADLINE_MEASURES else 99
    return (r.reporter_only, rank, r.subject != "people", r.measure, r.subject)
