"""Dask speed: articles per second with 1 and 2 workers, peak memory per worker, and the cost
against the single-process path on the same input.

    python bench/dask_speed.py [--articles 20000] [--workers 1 2] [--json]

The corpus is the project's fixture articles (tests/fixtures/corpus, read by iter_articles)
repeated to N, each copy a little different (its small numbers shifted), written to a JSONL file
in a temporary directory. Each configuration runs in its own fresh process, so that peak memory
(ru_maxrss) belongs to that configuration alone:

- single: `extract_stream(iter_articles([jsonl]), processes=1)` writing JSONL claims, the
  local path the Dask path is weighed against;
- dask N: a LocalCluster of N worker processes (one thread each, as `--engine dask` starts
  it), then `extract_to_parquet`; the time counts the cluster's start.

Every run reads and parses the same JSONL file and writes its claims, and the claims must come
out the same (a digest of the rows in order), or the benchmark fails.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus"
SETTINGS = {"ingest": {"latest_published": "2031-12-31"}}


def make_corpus(n: int, path: Path) -> dict:
    """N articles as JSONL: the fixture corpus repeated, numbers under 1,000 shifted per copy."""
    from tallies.ingest import iter_articles
    from tallies.records import Article
    from tallies.settings import Settings

    base = [a for a in iter_articles([str(CORPUS)], Settings.load(overrides=SETTINGS))
            if isinstance(a, Article)]
    if not base:
        raise SystemExit("bench/dask_speed.py: no articles in tests/fixtures/corpus")
    small = re.compile(r"(?<![\d.,])\d{1,3}(?![\d.,]\d)")
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            article, copy = base[i % len(base)], i // len(base)
            text = article.text if copy == 0 else small.sub(
                lambda m: str(int(m.group()) + copy % 7), article.text)
            chars += len(text)
            out.write(json.dumps({"id": f"{article.id}~{copy}", "title": article.title,
                                  "url": article.url, "published": article.published,
                                  "text": text}, ensure_ascii=False) + "\n")
    return {"articles": n, "base_articles": len(base), "mean_chars": chars / n}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (Linux /proc/stat)."""
    with open("/proc/stat") as fh:
        ticks = [int(x) for x in fh.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _peak_and_cpu() -> tuple[int, float]:  # runs on a worker
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss, r.ru_utime + r.ru_stime


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_single(corpus: Path, out: Path) -> dict:
    from tallies.ingest import iter_articles
    from tallies.output import claim_record
    from tallies.records import Failure
    from tallies.runner import extract_stream
    from tallies.settings import Settings

    settings = Settings.load(overrides=SETTINGS)
    articles = 0
    t0 = time.perf_counter()
    with (out / "claims.jsonl").open("w", encoding="utf-8") as fh:
        for r in extract_stream(iter_articles([str(corpus)], settings), settings, processes=1):
            if isinstance(r, Failure):
                continue
            articles += 1
            for c in r.claims:
                fh.write(json.dumps(claim_record(c), ensure_ascii=False) + "\n")
    seconds, cpu, peak = time.perf_counter() - t0, cpu_seconds(), peak_mb()
    digest, claims = hashlib.sha256(), 0
    with (out / "claims.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            digest.update(_row_key(json.loads(line)))
            claims += 1
    return {"seconds": seconds, "startup": None, "articles": articles, "claims": claims,
            "digest": digest.hexdigest()[:16], "peak_mb": [peak], "client_cpu": cpu,
            "work_cpu": cpu}


def run_dask(corpus: Path, out: Path, workers: int) -> dict:
    import pyarrow.parquet as pq
    from distributed import Client

    from tallies.engine_dask import Progress, extract_to_parquet, local_cluster
    from tallies.settings import Settings

    class Clock(Progress):
        def started(self, summary):
            self.ready = time.perf_counter()

    t0 = time.perf_counter()
    # The cluster `--engine dask` starts, made here so that the workers' peak memory can be
    # read before it closes.
    with local_cluster(workers, dashboard_address=None) as cluster, Client(cluster) as client:
        settings = Settings.load(overrides={**SETTINGS, "dask": {
            "scheduler": cluster.scheduler_address}})
        clock = Clock()
        summary = extract_to_parquet([str(corpus)], out / "claims", settings, progress=clock)
        seconds, client_cpu, client_peak = time.perf_counter() - t0, cpu_seconds(), peak_mb()
        measured = client.run(_peak_and_cpu).values()
        worker_peaks = sorted(kib / 1024 for kib, _ in measured)
        worker_cpu = sum(cpu for _, cpu in measured)
    digest, claims = hashlib.sha256(), 0
    for path in sorted((out / "claims").glob("part-*.claims.parquet")):
        for row in pq.read_table(path).to_pylist():
            digest.update(_row_key(row))
            claims += 1
    assert summary.failed == [] and summary.claims == claims
    return {"seconds": seconds, "startup": clock.ready - t0, "articles": summary.articles,
            "claims": claims, "digest": digest.hexdigest()[:16], "peak_mb": worker_peaks,
            "client_cpu": client_cpu, "client_peak_mb": client_peak, "work_cpu": worker_cpu}


def _row_key(row: dict) -> bytes:
    # 63 and 63.0 are the same figure: JSON from a Claim says 63, Parquet reads back 63.0
    row = {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
           for k, v in row.items()}
    return (json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n").encode()


def child(args) -> int:
    corpus, out = Path(args.corpus), Path(args.out)
    result = run_single(corpus, out) if args.run == "single" else run_dask(
        corpus, out, args.run_workers)
    print(json.dumps(result))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", metavar="FILE", help="print the table of a result saved with --json")
    ap.add_argument("--run", choices=["single", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--run-workers", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run:
        return child(args)
    if args.show:
        show(json.loads(Path(args.show).read_text(encoding="utf-8")))
        return 0

    with tempfile.TemporaryDirectory(prefix="tallies-dask-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        info = make_corpus(args.articles, corpus)
        runs = [("single process (extract_stream, processes=1)", "single", None)]
        runs += [(f"dask, {w} worker{'s' * (w > 1)}", "dask", w) for w in args.workers]
        rows = []
        for name, kind, workers in runs:
            out = Path(tempfile.mkdtemp(dir=tmp))
            cmd = [sys.executable, __file__, "--run", kind, "--corpus", str(corpus),
                   "--out", str(out)] + (["--run-workers", str(workers)] if workers else [])
            print(f"running: {name} ...", file=sys.stderr, flush=True)
            busy0, ours0, t0 = machine_busy(), children_cpu(), time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode:
                sys.stderr.write(done.stderr)
                raise SystemExit(f"bench/dask_speed.py: {name} failed")
            # CPU the machine spent on other programs meanwhile, in cores: a shared machine
            # makes every figure here slower, and this says by how much it was shared.
            others = ((machine_busy() - busy0) - (children_cpu() - ours0)) / (
                time.perf_counter() - t0)
            rows.append({"run": name, "workers": workers, "other_load": max(others, 0.0),
                         **json.loads(done.stdout.strip().splitlines()[-1])})
    single = rows[0]
    for row in rows:
        row["articles_per_s"] = row["articles"] / row["seconds"]
        # what one core gives when it is not shared: robust to other programs on the machine
        row["articles_per_cpu_s"] = row["articles"] / row["work_cpu"]
        if row["startup"] is not None:
            row["steady_per_worker"] = (row["articles"] / (row["seconds"] - row["startup"])
                                        / row["workers"])
        if row["digest"] != single["digest"]:
            raise SystemExit(f"bench/dask_speed.py: {row['run']} gave other claims than "
                             "the single process")
    by_workers = {r["workers"]: r for r in rows if r["workers"]}
    result = {"corpus": "fixture articles repeated, numbers varied", **info,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                         f"Python {platform.python_version()}",
              "rows": rows}
    if 1 in by_workers and 2 in by_workers:
        result["ratio_2_over_1"] = (by_workers[2]["articles_per_s"]
                                    / by_workers[1]["articles_per_s"])
    if 1 in by_workers:
        result["overhead_dask1_vs_single"] = by_workers[1]["seconds"] / single["seconds"] - 1
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    show(result)
    return 0


def show(result: dict) -> None:
    """The table, from a result (`--show FILE` prints one saved with --json)."""
    rows, single = result["rows"], result["rows"][0]
    print(f"corpus: {result['corpus']}: {result['articles']:,} articles ("
          f"{result['base_articles']} "
          f"distinct, mean {result['mean_chars']:,.0f} characters); {result['machine']}")
    print(f"claims: {single['claims']:,}, the same rows from every run")
    print(f"{'run':<46} {'seconds':>8} {'art/s':>7} {'startup s':>9} {'steady/worker':>13} "
          f"{'peak MB per worker':>19} {'art/CPU-s':>9} {'client CPU s':>12} "
          f"{'other load':>10}")
    for r in rows:
        steady = f"{r['steady_per_worker']:.1f}" if "steady_per_worker" in r else "-"
        startup = f"{r['startup']:.1f}" if r["startup"] is not None else "-"
        peaks = "/".join(f"{m:.0f}" for m in r["peak_mb"])
        print(f"{r['run']:<46} {r['seconds']:>8.1f} {r['articles_per_s']:>7.1f} {startup:>9} "
              f"{steady:>13} {peaks:>19} {r['articles_per_cpu_s']:>9.1f} "
              f"{r['client_cpu']:>12.1f} {r['other_load']:>10.2f}")
    for r in rows:
        if "client_peak_mb" in r:
            print(f"{r['run']}: the client (reads the inputs, runs the scheduler) peaked at "
                  f"{r['client_peak_mb']:.0f} MB")
    if "ratio_2_over_1" in result:
        print(f"2 workers / 1 worker: {result['ratio_2_over_1']:.2f}x")
    if "overhead_dask1_vs_single" in result:
        print(f"dask with 1 worker against the single process: "
              f"{result['overhead_dask1_vs_single']:+.1%} time")


if __name__ == "__main__":
    sys.exit(main())
