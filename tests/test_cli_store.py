"""The store's commands: ingest (one-line summary, failures one line each, exit 1), events,
show, export; and the store opened by Datasette. Model-free (Parquet run directories from
tests/storekit.py) except the dev-set check, which needs the model and ../shared."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import storekit
from click.testing import CliRunner

from tallies.cli import cli

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("cli")
    items = storekit.corpus(60, seed=4)
    run = storekit.write_run(tmp / "run", items, per_part=25, failures=[
        {"input": "feed.jsonl:99", "reason": "feed.jsonl:99: not valid JSON (column 1)",
         "kind": "error"}])
    db = str(tmp / "t.db")
    result = CliRunner().invoke(cli, ["ingest", str(run), "--db", db])
    assert result.exit_code == 1  # one input failed
    assert "feed.jsonl:99: not valid JSON" in result.stderr
    assert result.stdout.startswith("60 articles added")
    assert "1 failed" in result.stdout and "180 claims" in result.stdout
    return db, run


def test_rerun_adds_nothing_and_says_so(store):
    db, run = store
    result = CliRunner().invoke(cli, ["ingest", str(run), "--db", db])
    assert "0 articles added" in result.stdout and "60 already stored" in result.stdout


def test_events_lists_biggest_first(store):
    db, _ = store
    result = CliRunner().invoke(cli, ["events", "--db", db])
    assert result.exit_code == 0
    assert "events in" in result.stdout and "killed (people)" in result.stdout


def test_show_by_place_in_another_spelling_and_by_id(store):
    db, _ = store
    import sqlite3

    with sqlite3.connect(db) as c:
        event_id, place = c.execute("SELECT id, place FROM events ORDER BY size DESC").fetchone()
    by_id = CliRunner().invoke(cli, ["show", event_id, "--db", db])
    assert by_id.exit_code == 0 and f"event {event_id}" in by_id.stdout
    by_place = CliRunner().invoke(cli, ["show", place.upper(), "--db", db])
    assert by_place.exit_code == 0 and f"event {event_id}" in by_place.stdout
    assert "low" in by_place.stdout and "best" in by_place.stdout
    missing = CliRunner().invoke(cli, ["show", "Atlantis", "--db", db])
    assert missing.exit_code != 0


def test_commands_on_a_missing_store_fail_in_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tallies", "events", "--db",
                          str(tmp_path / "none.db")], capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "no such store" in out.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export(store, tmp_path, fmt):
    db, _ = store
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", fmt, "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    files = {p.name for p in (tmp_path / "out").iterdir()}
    assert f"claims.{fmt}" in files and f"events.{fmt}" in files and f"histories.{fmt}" in files
    path = tmp_path / "out" / f"claims.{fmt}"
    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    elif fmt == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    assert len(rows) == 180
    assert {"measure", "source_id", "event_id", "published", "outlet"} <= set(rows[0])


def test_export_one_table_to_standard_output(store):
    db, _ = store
    result = CliRunner().invoke(cli, ["export", "--db", db, "--table", "events", "-o", "-",
                                      "--format", "json"])
    events = json.loads(result.stdout)
    assert events and {"id", "place", "event_date", "size"} <= set(events[0])


@pytest.mark.skipif(shutil.which("datasette", path=str(Path(sys.executable).parent)) is None,
                    reason="datasette is not installed")
def test_datasette_browses_the_store(store):
    db, _ = store
    name = Path(db).stem
    exe = str(Path(sys.executable).parent / "datasette")
    out = subprocess.run([exe, db, "--get", f"/{name}/claims_in_context.json?_shape=array"
                                            "&_size=5"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 5 and {"figure", "source", "outlet", "title", "place"} <= set(rows[0])


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev is not beside the repository")
def test_dev_set_makiivka(tmp_path):
    """`tallies show makiivka` on the dev set: the ministry's 63 killed, the Ukrainian army's
    400 killed and 300 wounded, Strelkov's several hundred, Rybar's 600 present, and Shoigu's
    5,937 kept apart as a running total."""
    db = str(tmp_path / "dev.db")
    run = subprocess.run([sys.executable, "-m", "tallies", "ingest", str(DEV), "--db", db],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = subprocess.run([sys.executable, "-m", "tallies", "show", "makiivka", "--db", db],
                         capture_output=True, text=True).stdout
    killed, rest = out.split("killed (people)", 1)[1].split("\n\n", 1)
    assert "Russian Defense Ministry [Russia]: 63" in killed
    assert "Ukrainian army [Ukraine]: ~400" in killed and "CONTESTED" in killed
    assert "Ukrainian army [Ukraine]: 300" in out.split("injured (people)", 1)[1]
    assert "Igor Strelkov: several hundred" in out.split("casualties (people)", 1)[1]
    assert "Rybar: 600" in out.split("present (people)", 1)[1]
    totals = out.split("Running totals in these articles", 1)[1]
    assert "Sergei Choigou: 5,937 killed" in totals
    assert "5,937" not in out.split("Running totals", 1)[0]
