"""Kill `tallies ingest` (SIGKILL, at a random moment), run it again, and check that every
article is stored exactly once, no claim is lost or doubled, and events are rebuilt as after a
run that was never interrupted. Model-free: the input is a Dask-style Parquet run directory
(tests/storekit.py), so each run spends its time in the store, where the faults matter.

The default suite kills twice; `-m slow` kills 20 times (bench/ingest_faults.py also reports
the counts for bench/RESULTS.md).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import storekit


N_ARTICLES = 600


def snapshot(db: str) -> dict:
    """What must be the same after any interrupted run plus a rerun."""
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            "articles": sorted(r[0] for r in c.execute("SELECT id FROM articles")),
            "claims": sorted(c.execute(
                "SELECT article_id, seq, start, \"end\", measure, source FROM claims")),
            "groups": sorted(c.execute("SELECT id, dup_group FROM articles")),
            "reconciliations": sorted(c.execute(
                "SELECT event_id, measure, subject, low, best, high, grade, reason "
                "FROM reconciliations")),
            "stale": c.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()[0],
        }


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return storekit.write_run(tmp_path_factory.mktemp("faults") / "run",
                              storekit.corpus(N_ARTICLES, seed=11), per_part=200)


@pytest.fixture(scope="module")
def reference(run_dir, tmp_path_factory) -> dict:
    """The store after one uninterrupted run, and how long that run took."""
    db = str(tmp_path_factory.mktemp("ref") / "ref.db")
    started = time.monotonic()
    subprocess.run(cli("ingest", str(run_dir), "--db", db), check=True, capture_output=True)
    return {**snapshot(db), "seconds": time.monotonic() - started}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tallies", *args]


def kill_and_resume(run_dir: Path, db: str, delay: float) -> str:
    """Start an ingest, SIGKILL it after `delay` seconds, run it again to the end. Returns
    whether the kill landed before the first run finished ("killed") or after ("finished")."""
    first = subprocess.Popen(cli("ingest", str(run_dir), "--db", db), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(delay)
    landed = "finished" if first.poll() is not None else "killed"
    if landed == "killed":
        os.kill(first.pid, signal.SIGKILL)
    first.wait()
    done = subprocess.run(cli("ingest", str(run_dir), "--db", db), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return landed


def check_runs(run_dir, reference, tmp_path, runs: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    landed = []
    for n in range(runs):
        db = str(tmp_path / f"k{n}.db")
        # a moment after the imports, before the run would have finished
        seconds = reference["seconds"]
        landed.append(kill_and_resume(run_dir, db, rng.uniform(0.4 * seconds, 0.95 * seconds)))
        got = snapshot(db)
        assert got["articles"] == reference["articles"]  # every article once
        assert got["claims"] == reference["claims"]  # no claim lost or doubled
        assert got["groups"] == reference["groups"]
        assert got["reconciliations"] == reference["reconciliations"]
        assert got["stale"] == "0"
    return landed


def test_kill_ingest_and_resume(run_dir, reference, tmp_path):
    landed = check_runs(run_dir, reference, tmp_path, runs=2, seed=1)
    assert landed.count("killed") >= 1


@pytest.mark.long  # ~2 minutes: run by `make test-all`; bench/ingest_faults.py does 25 in make bench
def test_kill_ingest_and_resume_twenty_times(run_dir, reference, tmp_path):
    landed = check_runs(run_dir, reference, tmp_path, runs=20, seed=2)
    assert landed.count("killed") >= 12
