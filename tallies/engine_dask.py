"""Extraction on Dask: partitions of articles go to workers, claims come back as Parquet files.

    summary = extract_to_parquet(["corpus/"], "claims/", settings)  # a local cluster
    # settings [dask] scheduler = "tcp://host:8786" for a running cluster

The client reads the inputs with `iter_articles`, lazily, and cuts the stream into partitions of
`[dask] partition_size` items (articles, and the inputs that could not be read). Each partition
goes to a worker inside its task, text included, with at most two partitions per worker thread in
flight, so memory stays bounded however large the corpus. The worker extracts the claims with an
Extractor it loads once per process and writes the partition's files into the output directory
(partfiles.py: names, columns, the manifest, resume).

Why text and not paths or byte ranges: `iter_articles` alone says what an article is (its id,
its origin, the language and length checks, the reason an input is refused); a worker reading
byte ranges would need a second reader that agrees with it to the character, or the claims of
the two paths would differ. A partition of news text is about a megabyte and parsing it takes
seconds, so shipping it costs little, and the scheduler keeping the task (text included) is
what lets it run the partition again when a worker dies. The price: the inputs are read and
decoded on the client, which is cheap for JSONL and text (under 0.5 ms an article) but slow for
HTML and WARC (the main-text extraction runs there); docs/dask.md says how to live with that.

Done means written: a partition is done when its claims file exists, and the files are renamed
into place only when whole, so a worker killed mid-partition leaves only temporary files,
removed by the next run; Dask runs the partition again elsewhere and no claim is written twice.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import EngineError, RunMismatch
from .partfiles import (Partition, RunDirectory, input_key, part_name, partition_tables,
                        partitions, settings_hash, table_counts, tallies_version,
                        write_partition)
from .records import Article, Failure
from .settings import Settings

# ---------------------------------------------------------------------------------------------
# On the worker

_EXTRACTOR: tuple[str, Any, threading.Lock] | None = None  # (settings hash, Extractor, lock)
_BEFORE_COMMIT: Callable[[int], None] | None = None  # tests set this to kill a worker there


def _worker_extractor(settings_data: dict, key: str):
    """The worker process's Extractor, loaded on first use and kept (loading takes ~1 s)."""
    global _EXTRACTOR
    if _EXTRACTOR is None or _EXTRACTOR[0] != key:
        from .claims import Extractor

        _EXTRACTOR = (key, Extractor(Settings(settings_data)), threading.Lock())
    return _EXTRACTOR


def _warm_up(settings_data: dict, key: str, out_dir: str) -> dict:
    """Load the pipeline and report what the client must check before sending work."""
    report = {"version": tallies_version(), "pid": os.getpid(),
              "out_dir": os.path.isdir(out_dir) and os.access(out_dir, os.W_OK), "error": None}
    try:
        _worker_extractor(settings_data, key)
    except Exception as exc:  # ModelNotFound most often: the model is not installed there
        report["error"] = f"{type(exc).__name__}: {exc}"
    return report


def _extract_partition(number: int, first: int, items: list, digest: str,
                       settings_data: dict, key: str, out_dir: str) -> dict:
    """Extract one partition and write its files; returns its counts (small)."""
    _, extractor, lock = _worker_extractor(settings_data, key)
    articles = [x for x in items if isinstance(x, Article)]
    with lock:  # one spaCy pipeline per process; threads of one worker take turns
        tables = partition_tables(items, extractor.extract_many(articles, chunk=32))
    counts = table_counts(tables)
    meta = {"partition": number, "first": first, "end": first + len(items), "digest": digest,
            "settings_hash": key, "tallies_version": tallies_version(), **counts}
    write_partition(Path(out_dir), number, tables, meta, _BEFORE_COMMIT)
    return counts



# ---------------------------------------------------------------------------------------------
# The client


@dataclass
class RunSummary:
    """What a run did. `failed` lists partitions that could not be done (number, reason)."""

    out_dir: str
    partitions: int = 0
    written: int = 0
    resumed: int = 0
    articles: int = 0  # in all partitions done, resumed ones included
    extracted: int = 0  # articles extracted by this run
    claims: int = 0
    errors: int = 0  # inputs and articles that could not be used
    skipped: int = 0  # inputs left out on purpose (not English...)
    failed: list[tuple[int, str]] = field(default_factory=list)
    workers: int = 0
    dashboard: str | None = None
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """What to tell the user at the end, one line each."""
        out = [f"{self.articles:,} articles, {self.claims:,} claims in {self.out_dir} "
               f"({self.resumed} of {self.partitions} partitions were already done)"]
        if self.errors:
            out.append(f"{self.errors:,} inputs or articles could not be used: see "
                       "part-*.failures.parquet")
        out += [f"partition {number} failed: {reason}; run the same command again to retry it"
                for number, reason in self.failed]
        return out


class Progress:
    """What a run reports as it goes; the default reports nothing."""

    def started(self, summary: RunSummary) -> None: ...
    def update(self, summary: RunSummary, in_flight: int) -> None: ...
    def finished(self, summary: RunSummary) -> None: ...


@contextlib.contextmanager
def _connect(settings: Settings):
    """A client to the scheduler in the settings, or to a new local cluster."""
    import dask
    from distributed import Client

    address = settings.dask["scheduler"]
    if address:
        try:
            with dask.config.set(CLIENT_CONFIG):
                client = Client(address, timeout=settings.dask["timeout"])
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        with client:
            yield client
        return
    with local_cluster(int(settings.dask["workers"]) or os.cpu_count() or 1) as cluster, \
            Client(cluster) as client:
        yield client


# Every Dask connection keeps its last `low-level-log-length` messages (1,000) for debugging,
# and a partition's message holds its text: the client's memory grew by 2.9 MB per thousand
# articles until it held a thousand partitions (700 MB at 200,000 articles). Sixteen suffice.
CLIENT_CONFIG = {"distributed.admin.low-level-log-length": 16}


# Dask settings for the local cluster, each measured on this project's 2-core machine:
CLUSTER_CONFIG = {
    **CLIENT_CONFIG,  # the scheduler's connections to the workers keep messages too
    # distributed sets MALLOC_TRIM_THRESHOLD_ in its workers so that freed memory goes back to
    # the system at once. That turns off glibc's adaptive mmap threshold, and spaCy, which
    # allocates and frees many mid-sized arrays, then spent 12% more CPU on the same articles.
    # The pipeline's memory is steady, so glibc's default is kept.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # Monitors that wake every 20-500 ms cost the scheduler and each worker about 3% of a core
    # between them, idle or not (0.7% and 1.8% with these); on two cores that is felt.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextlib.contextmanager
def local_cluster(workers: int, **kwargs):
    """A cluster on this machine as Tallies runs it: `workers` processes of one thread each
    (parsing holds the GIL, so threads would only take turns)."""
    import dask
    from distributed import LocalCluster

    kwargs.setdefault("silence_logs", logging.ERROR)
    with dask.config.set(CLUSTER_CONFIG), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, **kwargs) as cluster:
        yield cluster


def _prepare_workers(client, settings: Settings, key: str, out: Path) -> int:
    """Load the pipeline on every worker now, and check what would make every partition fail:
    a model not installed there, another version of Tallies, an output directory not shared."""
    try:
        client.wait_for_workers(1, timeout=settings.dask["timeout"])
    except TimeoutError:
        raise EngineError("no Dask worker joined the scheduler within "
                          f"{settings.dask['timeout']:g} s (dask.timeout)") from None
    workers = list(client.scheduler_info(n_workers=-1)["workers"])
    run = uuid.uuid4().hex[:8]
    futures = [client.submit(_warm_up, settings.data, key, str(out), workers=[w], pure=False,
                             allow_other_workers=False, key=f"tallies-warm-up-{i}-{run}")
               for i, w in enumerate(workers)]
    mine = tallies_version()
    for worker, report in zip(workers, client.gather(futures)):
        if report["error"]:
            raise EngineError(f"worker {worker}: cannot load the spaCy pipeline "
                              f"({report['error']}); install the model on every worker")
        if report["version"] != mine:
            raise EngineError(f"worker {worker} runs tallies {report['version']}, this client "
                              f"{mine}; install the same version on every worker")
        if not report["out_dir"]:
            raise EngineError(f"worker {worker}: cannot write to {out}; the output directory "
                              "must be on storage shared by this client and every worker, at "
                              "the same path")
    return sum(client.nthreads().values())


def extract_to_parquet(inputs: Iterable[str], out_dir: str | os.PathLike, settings: Settings,
                       published: str | None = None, progress: Progress | None = None,
                       items: Iterable[Article | Failure] | None = None) -> RunSummary:
    """Extract the claims of `inputs` on Dask into Parquet files in `out_dir`, resuming a run
    of the same inputs and settings there. `items` replaces reading `inputs` (tests, or a caller
    with its own reader); `inputs` then only name the run. Raises EngineError (RunMismatch when
    `out_dir` holds another run); a partition that fails is reported in the summary and the
    others go on."""
    from .ingest import iter_articles
    from .runner import with_default_date

    inputs = list(inputs)
    size = int(settings.dask["partition_size"])
    if size < 1:
        raise EngineError("dask.partition_size must be at least 1")
    key = settings_hash(settings)
    run = {"inputs": [input_key(i) for i in inputs], "published": published,
           "partition_size": size, "settings_hash": key, "tallies_version": tallies_version()}
    directory = RunDirectory(out_dir, run, settings.data)
    directory.open()
    summary = RunSummary(str(directory.path))
    progress = progress or Progress()
    started = time.perf_counter()
    stream = items if items is not None else iter_articles(inputs, settings)
    try:
        with contextlib.ExitStack() as stack:
            feeder = _Feeder(directory, settings, key, summary, progress, stack)
            for part in partitions(with_default_date(stream, published), size):
                feeder.add(part)
            feeder.drain()
    finally:  # what was done stays recorded, whatever stopped the run
        summary.seconds = time.perf_counter() - started
        directory.write_manifest(complete=False, force=True)
        progress.finished(summary)
    beyond = directory.numbers_from(summary.partitions)
    if beyond:
        raise RunMismatch(f"{directory.path}: holds partitions {beyond[0]}... beyond the end "
                          "of the inputs: the inputs have changed since that run. Use a new "
                          "output directory")
    directory.write_manifest(complete=not summary.failed, force=True)
    return summary


class _Feeder:
    """Sends partitions to the cluster, at most two per worker thread in flight, and notes each
    as it completes. The cluster is started (or reached) only when a partition needs work, so a
    rerun with nothing left to do starts none."""

    def __init__(self, directory: RunDirectory, settings: Settings, key: str,
                 summary: RunSummary, progress: Progress, stack: contextlib.ExitStack):
        self.directory, self.settings, self.key = directory, settings, key
        self.summary, self.progress, self.stack = summary, progress, stack
        self.client = None
        self.threads = 1
        self.pending = None  # distributed.as_completed
        self.in_flight: dict[Any, tuple[int, int, int, str]] = {}
        self._counted_at = 0.0
        self._seen_output = False
        self.token = uuid.uuid4().hex[:8]  # task keys of this run: never an old run's result

    def add(self, part: Partition) -> None:
        self.summary.partitions += 1
        digest = part.digest()
        meta = self.directory.written(part, digest)
        if meta is not None:
            counts = {k: meta.get(k, 0) for k in ("articles", "claims", "errors", "skipped")}
            self.directory.record(part.number, part.first, part.end, digest, "done", **counts)
            self.summary.resumed += 1
            self._count(counts)
            self.progress.update(self.summary, len(self.in_flight))
            return
        if self.client is None:
            self._start()
        if time.monotonic() - self._counted_at > 10:  # workers may join or leave a cluster
            self.threads = sum(self.client.nthreads().values()) or self.threads
            self._counted_at = time.monotonic()
        while len(self.in_flight) >= 2 * self.threads:
            self._settle(next(self.pending))
        future = self.client.submit(
            _extract_partition, part.number, part.first, part.items, digest, self.settings.data,
            self.key, str(self.directory.path), pure=False,
            key=f"tallies-extract-{part.number:05d}-{self.token}",
            retries=int(self.settings.dask["retries"]))
        # The task holds the items now; keep only where the partition lies.
        self.in_flight[future] = (part.number, part.first, part.end, digest)
        self.pending.add(future)

    def drain(self) -> None:
        while self.in_flight:
            self._settle(next(self.pending))

    def _start(self) -> None:
        from distributed import as_completed

        self.client = self.stack.enter_context(_connect(self.settings))
        self.threads = _prepare_workers(self.client, self.settings, self.key,
                                        self.directory.path)
        self._counted_at = time.monotonic()
        self.summary.workers = len(self.client.scheduler_info(n_workers=-1)["workers"])
        self.summary.dashboard = self.client.dashboard_link
        self.pending = as_completed()
        self.progress.started(self.summary)

    def _settle(self, future) -> None:
        number, first, end, digest = self.in_flight.pop(future)
        if future.status == "finished":
            counts = future.result()
            if not self._seen_output:
                claims = self.directory.path / part_name(number, "claims")
                if not claims.exists():
                    raise EngineError(
                        f"a worker wrote {claims.name} but it is not in {claims.parent} here; "
                        "the output directory must be on storage shared by this client and "
                        "every worker, at the same path")
                self._seen_output = True
            self.directory.record(number, first, end, digest, "done", **counts)
            self.summary.written += 1
            self.summary.extracted += counts["articles"]
            self._count(counts)
        else:  # the task raised, or killed every worker it ran on: the others go on
            try:
                reason = _one_line(future.exception())
            except Exception as exc:  # cancelled: the scheduler lost it
                reason = _one_line(exc)
            self.directory.record(number, first, end, digest, "failed", error=reason)
            self.summary.failed.append((number, reason))
        future.release()
        self.progress.update(self.summary, len(self.in_flight))

    def _count(self, counts: dict) -> None:
        self.summary.articles += counts["articles"]
        self.summary.claims += counts["claims"]
        self.summary.errors += counts["errors"]
        self.summary.skipped += counts["skipped"]


def _one_line(exc: BaseException | None) -> str:
    text = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
    return " ".join(text.split())[:300]


# ---------------------------------------------------------------------------------------------
# Progress on a terminal


class TerminalProgress(Progress):
    """The dashboard link, then a live line: partitions done, articles, claims, rate."""

    def __init__(self, file=None):
        from rich.console import Console

        self.console = Console(file=file, stderr=file is None, highlight=False)
        self._live = None
        self._task = None
        self._t0 = time.monotonic()

    def started(self, summary: RunSummary) -> None:
        import importlib.util

        from rich.progress import (BarColumn, Progress as Bar, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn)

        link = summary.dashboard or "none"
        if summary.dashboard and importlib.util.find_spec("bokeh") is None:
            link += " (needs `pip install bokeh` to be served)"
        self.console.print(f"tallies: Dask, {summary.workers} workers; dashboard: {link}")
        self.console.print(f"tallies: writing to {summary.out_dir}")
        self._t0 = time.monotonic()
        self._live = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                         TimeElapsedColumn(), console=self.console, transient=False)
        self._task = self._live.add_task("starting", total=None)
        self._live.start()

    def update(self, summary: RunSummary, in_flight: int) -> None:
        if self._live is None:
            return
        rate = summary.extracted / max(time.monotonic() - self._t0, 1e-9)
        self._live.update(self._task, description=(
            f"{summary.written + summary.resumed} partitions done, {in_flight} running; "
            f"{summary.articles:,} articles, {rate:,.1f}/s"))

    def finished(self, summary: RunSummary) -> None:
        if self._live is not None:
            self.update(summary, 0)
            self._live.stop()
            self._live = None
