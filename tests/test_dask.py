"""Extraction on Dask (tallies.engine_dask, tallies.partfiles): the same claims as one process,
resume, a worker killed in the middle of a partition.

The input is the project's fixture corpus (tests/fixtures/corpus) and a few lines written here
(a line that is not JSON, an article in another language, one with no figures), so that
failures and empty partitions go through the same files. One local cluster of two worker
processes serves the whole module; partitions are small so that a run has many.
"""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from tallies.engine_dask import extract_to_parquet
from tallies.partfiles import (MANIFEST, PART_KINDS, claim_schema, part_name, partitions,
                               settings_hash)
from tallies.errors import EngineError, RunMismatch
from tallies.records import Article, Claim, Failure
from tallies.settings import Settings

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PARTITION = 4

EXTRA = [
    json.dumps({"id": "quiet-day", "title": "A quiet day in Korvany",
                "text": "A quiet day in Korvany\nThe market reopened and the trams ran on time. "
                        "Residents said they hoped the calm would last through the spring."}),
    "{not json",
    json.dumps({"id": "in-solvarian", "text": "Die Behörden in Korvany teilten am Dienstag mit, "
                "dass die Straßen nach dem Hochwasser wieder befahrbar seien und die Schulen "
                "am Montag öffnen würden."}),
]


# -- model-free ---------------------------------------------------------------------------------


def test_claim_columns_are_the_output_record():
    from tallies.output import claim_record

    claim = Claim(doc="d", start=0, end=2, text="63", value=63.0, low=63.0, high=63.0,
                  qualifier="exact", measure="killed", counted="people", source="reporter",
                  source_text=None, via=None, cumulative=False, sentence="63 people died.")
    assert claim_schema().names == list(claim_record(claim))


def test_partitions_are_numbered_in_input_order_and_lazy():
    def items():
        for i in range(7):
            yield Article(id=f"a{i}", text="x") if i != 3 else Failure("bad", "bad: empty")
        raise AssertionError("read past what was asked for")

    stream = partitions(items(), 3)
    first = next(stream)
    assert (first.number, first.first, first.end) == (0, 0, 3)
    second = next(stream)
    assert (second.number, second.first, second.end) == (1, 3, 6)
    assert isinstance(second.items[0], Failure)
    assert first.digest() != second.digest()


def test_settings_hash_ignores_the_engine_settings():
    base = Settings.load()
    assert settings_hash(base) == settings_hash(
        Settings.load(overrides={"dask": {"workers": 7, "partition_size": 3},
                                 "extract": {"processes": 2}}))
    assert settings_hash(base) != settings_hash(
        Settings.load(overrides={"extract": {"include_reporter": False}}))


def test_a_directory_with_parts_but_no_manifest_is_refused(tmp_path):
    (tmp_path / part_name(0, "claims")).write_bytes(b"PAR1")
    with pytest.raises(RunMismatch, match="no _manifest.json"):
        extract_to_parquet(["x.jsonl"], tmp_path, Settings.load(), items=[])


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    settings = Settings.load(overrides={"dask": {"scheduler": "tcp://127.0.0.1:9", "timeout": 1}})
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler"):
        extract_to_parquet(["a.txt"], tmp_path / "out", settings,
                           items=[Article(id="a", text="Four people were hurt.")])


@pytest.mark.parametrize("args,message", [
    (["--engine", "dask"], "give the output directory with -o DIR"),
    (["--engine", "dask", "-o", "{tmp}", "--format", "csv"], "and no --format"),
    (["-o", "{tmp}"], "is a directory"),
])
def test_cli_engine_options(tmp_path, capsys, args, message):
    from tallies.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Four people were hurt in Korvany, officials said.", encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        main(["extract", str(article)] + [a.format(tmp=tmp_path) for a in args])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


# -- on a cluster -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("tests/fixtures/corpus is not there")
    extra = tmp_path_factory.mktemp("input") / "extra.jsonl"
    extra.write_text("\n".join(EXTRA) + "\n", encoding="utf-8")
    return [str(CORPUS), str(extra)]


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client

    from tallies.engine_dask import local_cluster

    with local_cluster(2, dashboard_address=None) as cluster, Client(cluster) as client:
        yield cluster, client


@pytest.fixture(scope="module")
def settings(cluster):
    return Settings.load(overrides={
        "ingest": {"latest_published": "2031-12-31"},
        "dask": {"scheduler": cluster[0].scheduler_address, "partition_size": PARTITION}})


@pytest.fixture(scope="module")
def expected(inputs, settings):
    """What the single-process path gives: claim rows, article ids, failures, in order."""
    from tallies.ingest import iter_articles
    from tallies.output import claim_record
    from tallies.runner import extract_stream

    claims, articles, failures = [], [], []
    for item in extract_stream(iter_articles(inputs, settings), settings, processes=1):
        if isinstance(item, Failure):
            failures.append((item.input, item.reason, item.kind))
            continue
        articles.append(item.article.id)
        if item.failure is not None:
            failures.append((item.failure.input, item.failure.reason, item.failure.kind))
        claims.extend(claim_record(c) for c in item.claims)
    return claims, articles, failures


def read_run(out: Path) -> tuple[list[dict], list[str], list[tuple]]:
    import pyarrow.parquet as pq

    claims, articles, failures = [], [], []
    for path in sorted(out.glob("part-*.claims.parquet")):
        stem = path.name.removesuffix(".claims.parquet")
        assert pq.read_schema(path).remove_metadata() == claim_schema()
        claims += pq.read_table(path).to_pylist()
        articles += pq.read_table(out / f"{stem}.articles.parquet").column("id").to_pylist()
        failures += [(f["input"], f["reason"], f["kind"])
                     for f in pq.read_table(out / f"{stem}.failures.parquet").to_pylist()]
    return claims, articles, failures


@pytest.fixture(scope="module")
def first_run(inputs, settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "claims"
    summary = extract_to_parquet(inputs, out, settings)
    return out, summary


@pytest.mark.model
@pytest.mark.slow
def test_same_claims_as_single_process(first_run, expected):
    out, summary = first_run
    claims, articles, failures = read_run(out)
    assert summary.failed == []
    assert len(expected[0]) > 100 and summary.partitions > 5
    assert claims == expected[0]
    assert articles == expected[1]
    assert failures == expected[2]
    assert any(kind == "skipped" for _, _, kind in failures)  # the article not in English
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] and manifest["partitions_done"] == summary.partitions
    assert [(e["partition"], e["first"]) for e in manifest["partitions"]] == [
        (n, n * PARTITION) for n in range(summary.partitions)]
    assert summary.claims == len(claims)


@pytest.mark.model
@pytest.mark.slow
def test_rerun_skips_done_partitions(first_run, inputs, settings, expected):
    out, first = first_run
    for kind in PART_KINDS:  # as if the run had stopped before partitions 1 and 3 were done
        (out / part_name(1, kind)).unlink()
    (out / part_name(3, "claims")).unlink()
    def untouched():
        return {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")
                if not p.name.startswith(("part-00001.", "part-00003."))}
    before = untouched()

    again = extract_to_parquet(inputs, out, settings)
    assert (again.resumed, again.written, again.failed) == (first.partitions - 2, 2, [])
    assert untouched() == before
    assert read_run(out) == expected
    assert again.claims == first.claims

    done = extract_to_parquet(inputs, out, settings)  # nothing left: no cluster is started
    assert (done.written, done.resumed, done.workers) == (0, first.partitions, 0)


@pytest.mark.model
@pytest.mark.slow
def test_rerun_with_other_settings_or_inputs_is_refused(first_run, inputs, settings, tmp_path):
    out, _ = first_run
    other = Settings(dict(settings.data, extract=dict(settings.extract, include_reporter=False)))
    with pytest.raises(RunMismatch, match="settings"):
        extract_to_parquet(inputs, out, other)
    with pytest.raises(RunMismatch, match="inputs"):
        extract_to_parquet(inputs[:1], out, settings)
    # Same names, other content: found at the first partition that differs, nothing rewritten.
    changed = [Article(id="other", text="Something else entirely, 5 people were hurt.")]
    with pytest.raises(RunMismatch, match="other input"):
        extract_to_parquet(inputs, out, settings, items=changed)


def _kill_before_commit(marker: str) -> None:
    """Runs on each worker: the first worker to reach a partition's rename dies there, hard,
    its files written under temporary names."""
    from tallies import engine_dask

    def hook(number: int) -> None:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(number).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    engine_dask._BEFORE_COMMIT = hook


@pytest.mark.model
@pytest.mark.slow
def test_worker_killed_mid_partition_loses_nothing(cluster, inputs, settings, expected,
                                                   tmp_path):
    _, client = cluster
    marker = tmp_path / "killed"
    before = set(client.run(os.getpid).values())
    client.run(_kill_before_commit, str(marker))
    out = tmp_path / "claims"

    summary = extract_to_parquet(inputs, out, settings)

    assert marker.exists(), "no worker was killed"
    assert set(client.run(os.getpid).values()) != before  # the nanny started a new one
    assert summary.failed == []
    claims, articles, failures = read_run(out)
    assert (claims, articles, failures) == expected
    rows = [json.dumps(c, sort_keys=True) for c in claims]
    assert len(rows) == len(set(rows)), "a claim was written twice"
    # The dead worker's files never got their names; the next run removes them.
    assert list(out.glob(f".{part_name(int(marker.read_text()), 'claims')}.*.tmp"))
    extract_to_parquet(inputs, out, settings)
    assert not list(out.glob(".part-*"))
