"""The store: migrations, upsert rules, re-ingest, near-duplicates across runs, failures, a
locked database and a full disk. Model-free: articles come with claims built by hand, from
Dask-style Parquet run directories (tests/storekit.py)."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
import storekit

from tallies.dedup import DuplicateIndex, shingles
from tallies.errors import StoreError, StoreFull, StoreLocked
from tallies.load import ingest
from tallies.records import Failure
from tallies.settings import Settings
from tallies.store import MIGRATIONS, Store


def settings(**store) -> Settings:
    return Settings.load(overrides={"store": store} if store else None)


def count(db, sql="SELECT count(*) FROM articles") -> int:
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchone()[0]


def test_migrations_are_named_recorded_and_applied_once(tmp_path):
    db = tmp_path / "t.db"
    with Store(db) as store:
        assert store.migrations() == [name for name, _ in MIGRATIONS]
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    with Store(db) as store:  # opening again applies nothing twice
        assert len(store.query("SELECT * FROM migrations")) == len(MIGRATIONS)
    with sqlite3.connect(db) as c:
        c.execute("INSERT INTO migrations VALUES ('9999_from_the_future', 'now')")
    with pytest.raises(StoreError, match="newer Tallies"):
        Store(db)


def test_reading_a_store_that_is_not_there_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "nope.db", create=False)


def test_ingest_then_reingest_adds_nothing(tmp_path):
    run = storekit.write_run(tmp_path / "run", storekit.corpus(120), per_part=50)
    db = str(tmp_path / "t.db")
    first = ingest([str(run)], db, settings())
    assert (first.added, first.skipped, first.claims) == (120, 0, 360)
    assert first.events > 0
    before = count(db, "SELECT group_concat(id) FROM (SELECT id FROM claims ORDER BY id)")
    again = ingest([str(run)], db, settings())
    assert (again.added, again.skipped, again.claims, again.updated) == (0, 120, 0, 0)
    assert count(db) == 120 and count(db, "SELECT count(*) FROM claims") == 360
    assert count(db, "SELECT group_concat(id) FROM (SELECT id FROM claims ORDER BY id)") == before
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        assert store.get_meta("stale") == "0"


def test_upsert_rules(tmp_path):
    db = str(tmp_path / "t.db")
    (a, claims), (b, b_claims) = storekit.corpus(2)
    ingest([], db, settings(), items=[])  # an empty store
    s = settings()
    with Store(db) as store:
        from tallies.load import _Loader

        loader = _Loader(store, s, None, None)
        assert loader.plan(a) == a
        loader.store_article(a, claims)
        assert loader.plan(a) is None  # same id, same text: skipped
        changed = replace(a, text=a.text + "\n\nUpdated.")
        assert loader.plan(changed) == changed  # same input, new text: replaces
        loader.store_article(changed, claims[:1])
        assert store.query("SELECT n_claims FROM articles WHERE id = ?", (a.id,))[0][0] == 1
        assert store.query("SELECT count(*) FROM claims WHERE article_id = ?", (a.id,))[0][0] == 1
        other = replace(b, id=a.id)  # same id from another input: another article
        planned = loader.plan(other)
        assert planned.id.startswith(a.id + "#") and len(planned.id) == len(a.id) + 13
        loader.store_article(planned, [replace(c, doc=planned.id) for c in b_claims])
        assert loader.plan(other) is None  # and a rerun finds it
        elsewhere = replace(changed, id="another/path/" + a.id)  # same document, other path
        assert loader.plan(elsewhere) is None
        assert (loader.counts.added, loader.counts.updated) == (2, 1)


def test_failures_are_recorded_once_and_cleared_when_the_input_works(tmp_path):
    db = str(tmp_path / "t.db")
    bad = Failure("feed.jsonl:1", "feed.jsonl:1: not valid JSON (Expecting value, column 1)")
    seen = []
    for _ in range(2):
        summary = ingest([], db, settings(), items=[bad], on_failure=seen.append)
        assert summary.failed == 1
    with Store(db) as store:
        [row] = store.failures()
        assert (row["input"], row["kind"], row["attempts"]) == ("feed.jsonl:1", "error", 2)
    assert len(seen) == 2
    # the input works now: its article is stored and the failure goes
    (a, claims) = storekit.article(0)
    run = storekit.write_run(tmp_path / "run", [(replace(a, origin="feed.jsonl:1"), claims)])
    ingest([str(run)], db, settings())
    with Store(db) as store:
        assert store.failures() == []


def test_copies_join_groups_made_by_an_earlier_run(tmp_path):
    db = str(tmp_path / "t.db")
    items = storekit.corpus(30, seed=3)
    ingest([str(storekit.write_run(tmp_path / "one", items[:20]))], db, settings())
    copies = []
    for n, (a, cs) in enumerate(items[:3]):
        text = "Syndicated from the Wire.\n\n" + a.text.replace("Report number", "Story")
        shift = len("Syndicated from the Wire.\n\n")
        cid = f"copy-{n}"
        copies.append((replace(a, id=cid, text=text, outlet="Valley Gazette",
                               origin=f"copies.jsonl:{n}", url=None),
                       [replace(c, doc=cid, start=c.start + shift, end=c.end + shift,
                                sentence_start=c.sentence_start + shift,
                                source_start=None, source_end=None) for c in cs]))
    summary = ingest([str(storekit.write_run(tmp_path / "two", copies + items[20:]))], db,
                     settings())
    assert summary.duplicates == 3 and summary.added == 13
    with Store(db) as store:
        groups = dict(store.query("SELECT id, dup_group FROM articles"))
        for n, (a, _) in enumerate(items[:3]):
            assert groups[f"copy-{n}"] == a.id
        # a figure repeated by a copy is one report: its copies are counted, not its sources
        rows = store.query("SELECT copies FROM histories h JOIN claims c ON c.id = h.claim_id "
                           "WHERE c.article_id = ? AND c.measure = 'killed'", (items[0][0].id,))
        assert rows and rows[0][0] == 2


def test_duplicate_index_finds_trimmed_copies_not_other_stories():
    index = DuplicateIndex()
    (a, _), (b, _) = storekit.corpus(2, seed=9)
    index.add(a.id, a.id, index.signature(a.text))
    index.add(b.id, b.id, index.signature(b.text))
    trimmed = a.text[: int(len(a.text) * 0.6)]
    match = index.match(index.signature(trimmed))
    assert match is not None and match.group == a.id and match.containment > 0.7
    assert index.match(index.signature(storekit.article(77)[0].text)) is None
    assert shingles("one two") == {b"one two"}


def test_a_locked_store_gives_a_clear_message_and_a_rerun_completes(tmp_path):
    db = str(tmp_path / "t.db")
    run = storekit.write_run(tmp_path / "run", storekit.corpus(40))
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    with pytest.raises(StoreLocked, match="locked by another process.*run the command again"):
        ingest([str(run)], db, settings(busy_timeout=0.2))
    holder.execute("ROLLBACK")
    holder.close()
    summary = ingest([str(run)], db, settings())
    assert summary.added == 40
    with Store(db) as store:
        assert store.integrity_check() == "ok"


def test_a_full_disk_stops_cleanly_and_a_rerun_completes(tmp_path):
    db = str(tmp_path / "t.db")
    items = storekit.corpus(200, seed=5)
    run = storekit.write_run(tmp_path / "run", items)
    with pytest.raises(StoreFull, match="full while storing article .*run the command again"):
        ingest([str(run)], db, settings(max_pages=120))
    stored = count(db)
    assert 0 < stored < 200
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        # whole articles only: every stored article has all its claims
        assert store.query("SELECT count(*) FROM articles a WHERE n_claims != "
                           "(SELECT count(*) FROM claims c WHERE c.article_id = a.id)")[0][0] == 0
    summary = ingest([str(run)], db, settings())
    assert (summary.added, summary.skipped) == (200 - stored, stored)
    assert count(db) == 200 and count(db, "SELECT count(*) FROM claims") == 600
    assert count(db, "SELECT count(DISTINCT id) FROM articles") == 200


def test_views_answer(tmp_path):
    db = str(tmp_path / "t.db")
    ingest([str(storekit.write_run(tmp_path / "run", storekit.corpus(20)))], db, settings())
    with Store(db) as store:
        for view in ("claims_in_context", "event_figures", "source_histories", "source_claims",
                     "duplicate_groups"):
            store.query(f"SELECT * FROM {view} LIMIT 3")
        row = store.query("SELECT source, outlet, title, place FROM claims_in_context "
                          "WHERE source IS NOT NULL AND place IS NOT NULL LIMIT 1")[0]
        assert all(row)
