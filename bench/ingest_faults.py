"""Faults during ingest: kill -9 at random moments, a locked store, a full disk. After each,
the store must pass SQLite's integrity check and a rerun must leave every article stored
exactly once, no claim lost or doubled, and the same events as a run never interrupted.

The input is a Dask-style Parquet run directory of project-written articles with claims built
by hand (tests/storekit.py), so the runs spend their time in the store. Prints the counts for
bench/RESULTS.md.

    python bench/ingest_faults.py              # 25 kills, 1,000 articles
    python bench/ingest_faults.py --kills 40
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import storekit  # noqa: E402  (tests/storekit.py)
from test_store_faults import kill_and_resume, snapshot  # noqa: E402

from tallies.errors import StoreFull, StoreLocked  # noqa: E402
from tallies.load import ingest  # noqa: E402
from tallies.settings import Settings  # noqa: E402


def compare(got: dict, want: dict) -> tuple[int, int]:
    """(items lost, items doubled) over articles and claims."""
    lost = len(set(want["articles"]) - set(got["articles"])) + \
        len(set(want["claims"]) - set(got["claims"]))
    doubled = (len(got["articles"]) - len(set(got["articles"]))) + \
        (len(got["claims"]) - len(set(got["claims"])))
    return lost, doubled


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=25)
    ap.add_argument("-n", type=int, default=1000, help="articles per run")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="tallies-faults-"))
    run = storekit.write_run(work / "run", storekit.corpus(args.n, seed=args.seed), 250)
    ref_db = str(work / "ref.db")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "tallies", "ingest", str(run), "--db", ref_db],
                   check=True, capture_output=True)
    seconds = time.monotonic() - started
    want = snapshot(ref_db)
    rows = []
    lost_total = doubled_total = 0
    landed = {"killed": 0, "finished": 0}
    for k in range(args.kills):
        db = str(work / f"kill{k}.db")
        where = kill_and_resume(run, db, rng.uniform(0.4 * seconds, 0.95 * seconds))
        landed[where] += 1
        got = snapshot(db)
        lost, doubled = compare(got, want)
        same_events = got["reconciliations"] == want["reconciliations"]
        lost_total += lost
        doubled_total += doubled
        if lost or doubled or not same_events:
            rows.append(f"kill {k}: lost {lost}, doubled {doubled}, events same: {same_events}")
    # a locked store: another connection holds the write lock
    locked_db = str(work / "locked.db")
    ingest([], locked_db, Settings.load())
    holder = sqlite3.connect(locked_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        ingest([str(run)], locked_db, Settings.load(overrides={"store": {"busy_timeout": 0.5}}))
        locked = "not detected"
    except StoreLocked as exc:
        locked = "clear message: " + str(exc)[:70] + "..."
    holder.execute("ROLLBACK")
    holder.close()
    ingest([str(run)], locked_db, Settings.load())
    locked_lost, locked_doubled = compare(snapshot(locked_db), want)
    # a full disk: the store may not grow past a few hundred pages
    full_db = str(work / "full.db")
    try:
        ingest([str(run)], full_db, Settings.load(overrides={"store": {"max_pages": 300}}))
        full = "not detected"
    except StoreFull:
        full = "clear message"
    with sqlite3.connect(full_db) as c:
        stored_before = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    ingest([str(run)], full_db, Settings.load())
    full_lost, full_doubled = compare(snapshot(full_db), want)

    print(f"{args.n:,} articles, {len(want['claims']):,} claims per run; an uninterrupted run "
          f"takes {seconds:.1f} s")
    print()
    print("| fault | runs | landed mid-run | integrity ok | items lost | items doubled |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| kill -9 at a random moment, then rerun | {args.kills} | {landed['killed']} | "
          f"{args.kills} | {lost_total} | {doubled_total} |")
    print(f"| store locked by another writer ({locked}), then rerun | 1 | 1 | 1 | "
          f"{locked_lost} | {locked_doubled} |")
    print(f"| disk full ({full}, {stored_before} of {args.n} articles stored), then rerun "
          f"| 1 | 1 | 1 | {full_lost} | {full_doubled} |")
    for line in rows:
        print(line)
    if lost_total or doubled_total or locked_lost or full_lost or rows:
        raise SystemExit("faults lost or doubled items")


if __name__ == "__main__":
    main()
