"""Extraction on Dask: partitions of articles go to workers, claims come back as Parquet files.

    summary = extract_to_parquet(["corpus/"], "claims/", settings)  # a local cluster
    # settings [dask] scheduler = "tcp://host:8786" for a running cluster

The client reads the inputs with `iter_articles`, lazily, and cuts the stream into partitions of
`[dask] partition_size` items (articles, and the inputs that could not be read). Each partition
goes to a worker inside its task, text included, with at most two partitions per worker thread in
flight, so memory stays bounded however large the corpus. The worker extracts the claims with an
Extractor it loads once and writes the partition's files into the output directory:

    part-00000.claims.parquet    one row per claim; columns: the keys of output.claim_record
    part-00000.articles.parquet  id, url, title, published, outlet, origin, language, text
    part-00000.failures.parquet  input, reason, kind: inputs and articles that gave no claims
    _manifest.json               the run: inputs, settings, partition -> input positions

Why text and not paths or byte ranges: `iter_articles` alone says what an article is (its id,
its origin, the language and length checks, the reason an input is refused); a worker reading
byte ranges would need a second reader that agrees with it to the character, or the claims of
the two paths would differ. A partition of news text is about a megabyte and parsing it takes
seconds, so shipping it costs little. The price: the inputs are read and decoded on the client,
which is cheap for JSONL and text but slow for HTML and WARC (the main-text extraction runs
there); docs/dask.md says how to live with that.

Done means written: the worker writes a partition's three files under hidden temporary names
and renames them into place, the claims file last. A partition is done when its claims file
exists; each file's Parquet metadata records the partition's digest (of its articles and
failures), so a rerun skips a partition only when the file holds the same input. A worker killed
before the rename leaves only temporary files, removed by the next run; Dask runs the partition
again elsewhere, and the rename replaces, so no claim is written twice.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import EngineError, RunMismatch
from .records import Article, Claim, Failure
from .settings import Settings

PART_KINDS = ("articles", "failures", "claims")  # the order of renaming: claims last
MANIFEST = "_manifest.json"
MANIFEST_FORMAT = 1
ARTICLE_COLUMNS = ("id", "url", "title", "published", "outlet", "origin", "language", "text")
FAILURE_COLUMNS = ("input", "reason", "kind")
METADATA_KEY = b"tallies"
# Sections and keys of the settings that do not change what is extracted: changing them does
# not make a run directory stale.
_NOT_IN_HASH = {"dask": None, "reconcile": None, "extract": ("processes",)}
_WRITE_MANIFEST_EVERY = 5.0  # seconds; and at the end


def part_name(number: int, kind: str) -> str:
    return f"part-{number:05d}.{kind}.parquet"


# ---------------------------------------------------------------------------------------------
# Schemas: fixed, so that a partition without claims still has the right columns


def claim_schema():
    """The claims file's columns: output.claim_record's keys, typed from the Claim record."""
    import pyarrow as pa

    from .output import EXTRA_FIELDS, SCHEMA_FIELDS

    arrow = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    types = {f.name: str(f.type) for f in fields(Claim)}
    return pa.schema([(name, arrow[types[name].split("|")[0].strip()])
                      for name in SCHEMA_FIELDS + EXTRA_FIELDS])


def article_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in ARTICLE_COLUMNS])


def failure_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in FAILURE_COLUMNS])


# ---------------------------------------------------------------------------------------------
# What a run is: its key, its partitions


def settings_hash(settings: Settings) -> str:
    """A digest of the settings that decide the claims (not the engine's own settings)."""
    data = {}
    for section, values in settings.data.items():
        if section in _NOT_IN_HASH and _NOT_IN_HASH[section] is None:
            continue
        drop = _NOT_IN_HASH.get(section) or ()
        data[section] = {k: v for k, v in values.items() if k not in drop}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def tallies_version() -> str:
    try:
        return metadata.version("tallies")
    except metadata.PackageNotFoundError:
        return "unknown"


def _input_key(item: str) -> str:
    """Inputs as compared between runs: local paths absolute, URLs and "-" as given."""
    if item == "-" or "://" in item:
        return item
    return os.path.abspath(item)


@dataclass
class Partition:
    """Items [first, first + len(items)) of the input stream."""

    number: int
    first: int
    items: list[Article | Failure]

    @property
    def end(self) -> int:
        return self.first + len(self.items)

    def digest(self) -> str:
        h = hashlib.sha256()
        for item in self.items:
            kind = "article" if isinstance(item, Article) else "failure"
            line = json.dumps([kind, asdict(item)], sort_keys=True, ensure_ascii=False)
            h.update(line.encode("utf-8", "surrogatepass") + b"\n")
        return h.hexdigest()[:32]


def partitions(items: Iterable[Article | Failure], size: int) -> Iterator[Partition]:
    """Consecutive partitions of `size` items, numbered from 0 in input order; lazy."""
    number, first, chunk = 0, 0, []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield Partition(number, first, chunk)
            number, first, chunk = number + 1, first + len(chunk), []
    if chunk:
        yield Partition(number, first, chunk)


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
    import pyarrow as pa

    from .output import claim_record

    _, extractor, lock = _worker_extractor(settings_data, key)
    articles = [x for x in items if isinstance(x, Article)]
    claims: list[dict] = []
    article_rows: list[dict] = []
    failure_rows: list[dict] = []
    with lock:  # one spaCy pipeline per process; threads of one worker take turns
        results = extractor.extract_many(articles, chunk=32)
        for item in items:  # failures in input order, interleaved as they came
            if isinstance(item, Failure):
                failure_rows.append(asdict(item))
                continue
            result = next(results)
            article_rows.append({k: getattr(item, k) for k in ARTICLE_COLUMNS})
            if result.failure is not None:
                failure_rows.append(asdict(result.failure))
            claims.extend(claim_record(c) for c in result.claims)
    counts = {"articles": len(article_rows), "claims": len(claims),
              "errors": sum(f["kind"] == "error" for f in failure_rows),
              "skipped": sum(f["kind"] != "error" for f in failure_rows)}
    meta = {"partition": number, "first": first, "end": first + len(items), "digest": digest,
            "settings_hash": key, "tallies_version": tallies_version(), **counts}
    tables = {
        "claims": pa.Table.from_pylist(claims, schema=claim_schema()),
        "articles": pa.Table.from_pylist(article_rows, schema=article_schema()),
        "failures": pa.Table.from_pylist(failure_rows, schema=failure_schema()),
    }
    _write_partition(Path(out_dir), number, tables, meta)
    return counts


def _write_partition(out: Path, number: int, tables: dict, meta: dict) -> None:
    """Each file under a hidden temporary name, flushed to disk, then renamed; claims last."""
    import pyarrow.parquet as pq

    token = f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
    staged = []
    for kind in PART_KINDS:
        tmp = out / f".{part_name(number, kind)}.{token}.tmp"
        table = tables[kind].replace_schema_metadata({METADATA_KEY: json.dumps(meta)})
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        staged.append((tmp, out / part_name(number, kind)))
    if _BEFORE_COMMIT is not None:
        _BEFORE_COMMIT(number)
    for tmp, final in staged:
        os.replace(tmp, final)


# ---------------------------------------------------------------------------------------------
# The output directory: manifest, resume


def read_partition_meta(path: Path) -> dict | None:
    """The metadata a worker wrote into a partition file, or None if it cannot be read."""
    import pyarrow.parquet as pq

    try:
        raw = (pq.read_schema(path).metadata or {}).get(METADATA_KEY)
        return json.loads(raw) if raw else None
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return None


class RunDirectory:
    """The output directory of one run: what it holds, and the manifest that describes it."""

    def __init__(self, path: str | os.PathLike, run: dict, settings: dict | None = None):
        self.path = Path(path).resolve()
        self.run = run  # what must match to resume: inputs, published, partition_size...
        self.settings = settings  # recorded for the reader, not compared (the hash is)
        self.entries: dict[int, dict] = {}
        self.started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._written_at = 0.0
        self.manifest = self.path / MANIFEST

    def open(self) -> None:
        """Create the directory, or check that it holds a run of the same inputs and settings;
        then remove the temporary files a killed worker may have left."""
        if self.path.exists() and not self.path.is_dir():
            raise EngineError(f"{self.path}: exists and is not a directory")
        self.path.mkdir(parents=True, exist_ok=True)
        if self.manifest.exists():
            try:
                old = json.loads(self.manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise RunMismatch(f"{self.manifest}: cannot be read ({exc}); use a new output "
                                  "directory") from None
            differs = [k for k in self.run if old.get(k) != self.run[k]]
            if differs:
                raise RunMismatch(
                    f"{self.path}: holds a run with other {', '.join(differs)}; a rerun resumes "
                    "only the same inputs with the same settings. Use a new output directory "
                    "(or delete this one) to start afresh")
            self.entries = {e["partition"]: e for e in old.get("partitions", [])}
            self.started = old.get("started") or self.started
        elif any(self.path.glob("part-*.parquet")):
            raise RunMismatch(f"{self.path}: holds partition files but no {MANIFEST}; use a new "
                              "output directory")
        for leftover in self.path.glob(".part-*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        self.write_manifest(complete=False, force=True)

    def written(self, part: Partition, digest: str) -> dict | None:
        """The metadata of this partition's claims file when it is already written from the
        same input, else None. A file from another input is an error, never overwritten."""
        path = self.path / part_name(part.number, "claims")
        if not path.exists():
            return None
        meta = read_partition_meta(path)
        if meta is None:
            return None  # unreadable: written again
        if meta.get("digest") != digest or meta.get("settings_hash") != self.run["settings_hash"]:
            raise RunMismatch(
                f"{path}: was written from other input (items {meta.get('first')}-"
                f"{meta.get('end')}); the inputs have changed since that run. Use a new output "
                "directory")
        return meta

    def numbers_from(self, first: int) -> list[int]:
        """Numbers of the partitions written here from `first` on."""
        numbers = (int(p.name.split(".")[0].removeprefix("part-"))
                   for p in self.path.glob("part-*.claims.parquet"))
        return sorted(n for n in numbers if n >= first)

    def record(self, number: int, first: int, end: int, digest: str, status: str,
               **counts) -> None:
        """Note a partition's state in the manifest (written every few seconds)."""
        entry = {"partition": number, "first": first, "end": end, "digest": digest,
                 "status": status, **counts}
        self.entries[number] = entry
        self.write_manifest(complete=False)

    def write_manifest(self, complete: bool, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < _WRITE_MANIFEST_EVERY:
            return
        self._written_at = now
        entries = [self.entries[k] for k in sorted(self.entries)]
        data = {"format": MANIFEST_FORMAT, **self.run, "settings": self.settings,
                "started": self.started,
                "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "complete": complete,
                "partitions_done": sum(e["status"] == "done" for e in entries),
                "partitions": entries}
        tmp = self.path / f".{MANIFEST}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, self.manifest)


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
    from distributed import Client, LocalCluster

    address = settings.dask["scheduler"]
    if address:
        try:
            client = Client(address, timeout=settings.dask["timeout"])
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        with client:
            yield client
        return
    n = int(settings.dask["workers"]) or os.cpu_count() or 1
    # Processes, one thread each: parsing holds the GIL, so threads would only take turns.
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _prepare_workers(client, settings: Settings, key: str, out: Path) -> int:
    """Load the pipeline on every worker now, and check what would make every partition fail:
    a model not installed there, another version of Tallies, an output directory not shared."""
    client.wait_for_workers(1, timeout=settings.dask["timeout"])
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
    run = {"inputs": [_input_key(i) for i in inputs], "published": published,
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
