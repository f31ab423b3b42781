"""`tallies serve`: Datasette over the store, read-only, with the event pages.

The store is opened immutable (Datasette never writes to it, and SQLite takes no locks), with
metadata that says what each table and column holds, facets by measure, source, event and
grade, and canned queries (Store.BROWSE_QUERIES: contested events, revisions, running totals,
failures, one event's figures). This module is also a Datasette plugin, registered by
`make_datasette`:

- /-/tallies/ is the index of `tallies report`, and /-/tallies/events/ID each event's page
  (report.render_event, the same HTML as the static pages);
- event ids in the views, and places in the events table, link to those pages;
- "Event pages" is in Datasette's menu and in the events table's actions.

Datasette escapes what it renders; the event pages escape everything themselves (report.py).
"""
from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from .errors import NotFound, StoreError, TalliesError
from .report import open_store, render_event, render_index
from .settings import Settings
from .store import Store

PLUGIN = "tallies"
PREFIX = "/-/tallies"

QUERY_DESCRIPTIONS = {
    "contested_events": "Measures of an event whose sources' current figures do not agree "
                        "(the outlets' own figures left out), biggest events first.",
    "revisions": "Each source that changed its figure for an event and measure, with its "
                 "figures in the order they appeared.",
    "running_totals": "Every running total (\"since the start of the war\", or over a "
                      "period), by source and measure, in date order. These are never an "
                      "event's figures.",
    "failures": "Inputs that could not be used, with the reason and how often they were tried.",
    "figures_of_one_event": "All the figures of one event with their sentences: give the event id "
                     "(from the events table).",
}

TABLES = {
    "articles": {
        "description": "One row per article stored, with its text (every claim's offsets "
                       "point into it). Copies of one report share a dup_group.",
        "facets": ["outlet", "published"], "sort_desc": "published",
        "columns": {"id": "From the input: file path, JSONL id or URL", "dup_group":
                    "The first stored article of its near-duplicates (copies of one report)",
                    "dup_similarity": "Estimated similarity to the copy it was matched to",
                    "place": "The article's main place, as written",
                    "text": "The article text every offset points into"}},
    "claims": {
        "description": "Every figure as someone stated it, with its sentence, source and "
                       "channel, and the place, event and source it was linked to.",
        "facets": ["measure", "source_id", "event_id"],
        "columns": {"text": "The figure as stated, hedge included (\"more than 60\")",
                    "value": "The number as stated (none for ranges and vague amounts)",
                    "low": "Lowest value the phrase allows (empty: open)",
                    "high": "Highest value the phrase allows (empty: open)",
                    "qualifier": "exact, approximate, at_least, at_most, range or vague",
                    "measure": "What happened to what is counted: killed, injured, ...",
                    "counted": "What is counted, as written", "source":
                    "Who states it, as written (reporter: the outlet's own voice)",
                    "via": "The channel: Telegram, a news agency, state television...",
                    "cumulative": "1 for a running total (since the start of the war)",
                    "sentence": "The sentence the figure came from",
                    "subject": "What is counted, coarsely: people, children, vehicle...",
                    "part": "increment or subset: part of a toll, not a toll",
                    "source_id": "The source entity (across spellings)", "voice_id":
                    "Who the figure counts as in reconciliation (a spokesman: his body)",
                    "event_id": "The event the figure is about"}},
    "events": {
        "description": "Claims grouped by place and date. Open an event's page from its "
                       "place.", "label_column": "place", "sort_desc": "size",
        "columns": {"id": "place-date slug", "event_date": "The date most claims give",
                    "title": "Headline of the earliest report",
                    "n_reports": "Articles once copies of one report count once",
                    "size": "Best figure of people killed or hurt (for sorting)"}},
    "reconciliations": {
        "description": "Per event, measure and thing counted: the sources side by side, "
                       "low / best / high, and the grade with its reason.",
        "facets": ["grade", "measure", "event_id"],
        "columns": {"grade": "confirmed, single source or contested",
                    "reason": "Why: the sources and figures the grade rests on",
                    "reporter_only": "1 when only the outlets' own figures were there"}},
    "histories": {
        "description": "Each source's figures for an event and measure in the order they "
                       "appeared: a revision is a later step.",
        "facets": ["source_id"],
        "columns": {"step": "1, 2, ... in the order the figures appeared",
                    "copies": "Articles that gave this figure",
                    "current": "1 for the source's latest figure"}},
    "sources": {"description": "Claimants across spellings: bodies, people, outlets.",
                "facets": ["kind", "side"], "label_column": "name",
                "columns": {"voice_id": "Who this source's figures count as"}},
    "places": {"description": "Places across spellings.", "facets": ["level"],
               "label_column": "name"},
    "running_totals": {"description": "Series of running totals per source and measure; "
                                      "never an event's figures.",
                       "facets": ["measure", "source_id"]},
    "failures": {"description": "Inputs that could not be used, and why.", "facets": ["kind"]},
    "claims_in_context": {"description": "Each claim with its article, source, place and "
                                         "event.",
                          "facets": ["measure", "source", "event_id"]},
    "event_figures": {"description": "Events with low / best / high and grades.",
                      "facets": ["grade", "measure", "event_id"]},
    "source_histories": {"description": "Each source's figures per event, with the sentence "
                                        "and article they came from.",
                         "facets": ["source", "event_id", "measure"]},
    "source_claims": {"description": "All of a source's claims in date order.",
                      "facets": ["source", "measure"]},
    "duplicate_groups": {"description": "Copies of one report, with their outlets."},
    "article_signatures": {"hidden": True},
    "migrations": {"hidden": True},
    "meta": {"hidden": True},
}


def metadata(name: str) -> dict:
    """Datasette metadata for a store served under the database name `name`."""
    pages = f'<a href="{PREFIX}/">event pages</a>'
    tables = {t: dict(m) for t, m in TABLES.items()}
    for m in tables.values():
        if "description" in m:
            m["description_html"] = str(escape(m.pop("description")))
    tables["events"]["description_html"] += f" All events as pages: {pages}."
    return {
        "title": "Tallies",
        "description_html": "Every figure in war and disaster news as an attributed claim, "
                            f"grouped into events and reconciled. Read-only. See the {pages}.",
        "databases": {name: {
            "description_html": f"The Tallies store: articles, claims, events and their "
                                f"reconciliations. See the {pages}.",
            "tables": tables,
            "queries": {key: {"title": title, "sql": sql,
                              "description": QUERY_DESCRIPTIONS.get(key, "")}
                        for key, (title, sql) in Store.BROWSE_QUERIES.items()},
        }},
        "plugins": {PLUGIN: {"database": name}},
    }


def event_href(event_id: str) -> str:
    return f"{PREFIX}/events/{quote(event_id, safe='')}"


def _check_store(path: Path, settings: Settings) -> None:
    """A store that can be opened immutable: a Tallies store of this version with no
    write-ahead log (immutable readers do not see it). Opening it as every command does
    upgrades it and folds a log left by a killed run into the file; a log still there means
    another process is writing."""
    open_store(path, settings).close()
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise StoreError(f"{path}: another process is writing to the store (an ingest?); "
                         "serve it when that has finished")


def make_datasette(db: str | Path | None, settings: Settings | None = None):
    """A Datasette over the store at `db`, immutable, with Tallies' metadata and plugin."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    settings = settings or Settings.load()
    path = Path(db or settings.store["path"])
    _check_store(path, settings)
    if not pm.is_registered(sys.modules[__name__]):
        pm.register(sys.modules[__name__], name=PLUGIN)
    name = path.stem
    return Datasette([], immutables=[str(path)], metadata=metadata(name),
                     settings={"truncate_cells_html": 200, "default_page_size": 50,
                               "sql_time_limit_ms": 5000})


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8001,
          settings: Settings | None = None,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve the store until interrupted. `announce(url)` is called when it listens."""
    import uvicorn

    ds = make_datasette(db, settings)
    try:  # a port in use is one line, not uvicorn's traceback
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise TalliesError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    if announce:
        announce(f"http://{shown}:{port}/")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")


# -- the plugin -----------------------------------------------------------------------------------


def _store_path(datasette) -> Path:
    name = (datasette.plugin_config(PLUGIN) or {}).get("database")
    if name is None or name not in datasette.databases:
        raise NotFound("no Tallies store is being served")
    return Path(datasette.databases[name].path)


def _index_page(path: Path, name: str) -> str:
    with Store.reader(path, immutable=True) as store:
        return render_index(store, event_href, extra_links=[("Browse the store", f"/{name}")],
                            store_name=path.name)


def _event_page(path: Path, name: str, event_id: str) -> str:
    links = [("Browse the store", f"/{name}"),
             ("This event's figures as a table",
              f"/{name}/claims_in_context?event_id={quote(event_id, safe='')}")]
    with Store.reader(path, immutable=True) as store:
        return render_event(store, event_id, index_href=f"{PREFIX}/", extra_links=links,
                            store_name=path.name)


async def _index_view(datasette, request):
    path = _store_path(datasette)
    name = datasette.plugin_config(PLUGIN)["database"]
    return Response.html(await asyncio.to_thread(_index_page, path, name))


async def _event_view(datasette, request):
    path = _store_path(datasette)
    name = datasette.plugin_config(PLUGIN)["database"]
    event_id = request.url_vars["event_id"]
    try:
        html = await asyncio.to_thread(_event_page, path, name, event_id)
    except NotFound as exc:
        return Response.text(str(exc), status=404)
    return Response.html(html)


@hookimpl
def register_routes(datasette):
    return [(rf"^{PREFIX}/?$", _index_view),
            (rf"^{PREFIX}/events/(?P<event_id>[^/]+)$", _event_view)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Event ids (in views, where they are not foreign keys) and events' places link to the
    event's page."""
    if not isinstance(value, str) or not value:
        return None
    if (datasette.plugin_config(PLUGIN) or {}).get("database") != database:
        return None
    if column == "event_id":
        return Markup('<a href="{}">{}</a>').format(event_href(value), value)
    if table == "events" and column == "place":
        try:
            event_id = row["id"]
        except (KeyError, IndexError, TypeError):
            return None
        return Markup('<a href="{}" title="The event\'s page">{}</a>').format(
            event_href(event_id), value)
    return None


@hookimpl
def menu_links(datasette, actor):
    if (datasette.plugin_config(PLUGIN) or {}).get("database"):
        return [{"href": datasette.urls.path(f"{PREFIX}/"), "label": "Event pages"}]
    return []


@hookimpl
def table_actions(datasette, actor, database, table):
    if table == "events" and (datasette.plugin_config(PLUGIN) or {}).get("database") == database:
        return [{"href": datasette.urls.path(f"{PREFIX}/"), "label": "Open the event pages"}]
    return []
