"""`tallies serve`: Datasette over the store, read-only, with metadata, facets, canned
queries and the event pages, tested without a server through Datasette's own client.

Model-free: the store is the one tests/test_report.py builds (storekit articles and a hostile
one).
"""
from __future__ import annotations

import asyncio
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tallies.errors import StoreError
from tallies.report import render_event
from tallies.serve import make_datasette
from tallies.store import Store
from test_report import PWN, SETTINGS, hostile_event, make_store


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = make_store(tmp_path_factory.mktemp("serve"))
    name = Path(db).stem
    ds = make_datasette(db, SETTINGS)
    with Store.reader(db) as store:
        events = [e["id"] for e in store.events()]
    return {"db": db, "name": name, "ds": ds, "events": events}


def get(served, path: str):
    return asyncio.run(served["ds"].client.get(path))


def test_the_store_is_served_immutable(served):
    db = served["ds"].databases[served["name"]]
    assert db.is_mutable is False
    path = Path(served["db"])
    before = (path.stat().st_mtime_ns, path.read_bytes())
    for url in ("/", f"/{served['name']}", f"/{served['name']}/claims", "/-/tallies/"):
        assert get(served, url).status_code == 200
    sql = quote("INSERT INTO meta VALUES ('x', 'y')")
    assert get(served, f"/{served['name']}?sql={sql}").status_code == 400
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_metadata_titles_descriptions_and_column_descriptions(served):
    home = get(served, "/").text
    assert "<h1>Tallies</h1>" in home and 'href="/-/tallies/"' in home
    claims = get(served, f"/{served['name']}/claims").text
    assert "Every figure as someone stated it" in claims
    assert "The figure as stated, hedge included" in claims  # a column's description
    database = get(served, f"/{served['name']}").text
    assert "article_signatures" not in database  # hidden


@pytest.mark.parametrize("table, facets", [
    ("claims_in_context", ["measure", "source", "event_id"]),
    ("event_figures", ["grade", "measure", "event_id"]),
    ("claims", ["measure", "source_id", "event_id"]),
    ("reconciliations", ["grade", "measure", "event_id"]),
])
def test_facets(served, table, facets):
    data = get(served, f"/{served['name']}/{table}.json?_size=1").json()
    got = set(data["facet_results"])
    assert set(facets) <= got, got
    html = get(served, f"/{served['name']}/{table}").text
    assert html.count('class="facet-info') >= len(facets)


@pytest.mark.parametrize("query", ["contested_events", "revisions", "running_totals",
                                   "failures"])
def test_canned_queries(served, query):
    r = get(served, f"/{served['name']}/{query}.json?_shape=array")
    assert r.status_code == 200, r.text
    rows = r.json()
    assert isinstance(rows, list)
    if query in ("contested_events", "revisions"):
        assert rows  # storekit's sources disagree and revise
    if query == "revisions":
        assert all(" → " in row["history"] and row["figures"] > 1 for row in rows)


def test_the_figures_of_one_event(served):
    eid = served["events"][0]
    rows = get(served, f"/{served['name']}/figures_of_one_event.json?_shape=array&event_id="
                       f"{eid}").json()
    assert rows and {"measure", "source", "figure", "sentence"} <= set(rows[0])


def test_event_pages_are_reachable(served):
    eid = served["events"][0]
    events = get(served, f"/{served['name']}/events").text
    assert f'href="/-/tallies/events/{eid}"' in events  # the place links to its page
    assert "Open the event pages" in events
    figures = get(served, f"/{served['name']}/event_figures").text
    assert f'href="/-/tallies/events/{eid}"' in figures  # so do event ids in views
    index = get(served, "/-/tallies/")
    assert index.status_code == 200 and f'href="/-/tallies/events/{eid}"' in index.text
    page = get(served, f"/-/tallies/events/{eid}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    with Store.reader(served["db"]) as store:
        static = render_event(store, eid)
    # the same page as `tallies report` writes, with links back into Datasette
    assert page.text.split("<main", 1)[1].split("</main>")[0] == \
        static.split("<main", 1)[1].split("</main>")[0]
    assert f"/{served['name']}/claims_in_context?event_id={eid}" in page.text
    assert get(served, "/-/tallies/events/atlantis").status_code == 404


def test_hostile_text_is_escaped_in_datasette(served):
    eid = hostile_event(served["db"])
    name = served["name"]
    for url in (f"/{name}/articles", f"/{name}/claims_in_context?article_id=hostile-1",
                f"/{name}/articles/hostile-1", f"/-/tallies/events/{eid}"):
        html = get(served, url).text
        assert PWN not in html and "window.__pwned" in html, url


def test_a_store_being_written_is_not_served_immutable(tmp_path):
    """An immutable reader would not see what is in the write-ahead log."""
    db = make_store(tmp_path, n=3)
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("INSERT INTO meta VALUES ('writer', 'here')")
        with pytest.raises(StoreError, match="another process is writing"):
            make_datasette(db, SETTINGS)
    finally:
        writer.close()
    make_datasette(db, SETTINGS)  # the log is folded in when the writer is gone


def test_a_busy_port_is_one_line(served):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "tallies", "serve", "--db", served["db"],
                               "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in proc.stderr
