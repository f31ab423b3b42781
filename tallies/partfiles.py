"""A run directory of Parquet partition files: their names, columns, metadata and manifest.

What `tallies extract --engine dask` writes and `tallies ingest DIR` reads:

    part-00000.claims.parquet    one row per claim; columns: the keys of output.claim_record
    part-00000.articles.parquet  id, url, title, published, outlet, origin, language, text
    part-00000.failures.parquet  input, reason, kind: inputs and articles that gave no claims
    _manifest.json               the run: inputs, settings, partition -> input positions

Partition N holds items [first, end) of the input stream (articles, and the inputs that could
not be read), numbered in input order. Its three files are written under hidden temporary names
and renamed into place, the claims file last: a partition is done when its claims file exists,
and a reader should take a partition only then. Each file's Parquet metadata (key "tallies")
records the partition's number, positions, counts, settings hash and a digest of its input, so
a rerun can tell a partition written from the same input from one written from another.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import EngineError, RunMismatch
from .records import Article, Claim, ExtractResult, Failure
from .settings import Settings

PART_KINDS = ("articles", "failures", "claims")  # the order of renaming: claims last
MANIFEST = "_manifest.json"
MANIFEST_FORMAT = 1
ARTICLE_COLUMNS = ("id", "url", "title", "published", "outlet", "origin", "language", "text")
FAILURE_COLUMNS = ("input", "reason", "kind")
METADATA_KEY = b"tallies"
# Sections and keys of the settings that do not change what is extracted: changing them does
# not make a run directory stale. Every other setting counts, new sections included: a setting
# wrongly counted costs a clear error on resume, one wrongly left out would mix claims made
# two ways in one directory.
_NOT_IN_HASH = {"dask": None, "reconcile": None, "store": None, "extract": ("processes",)}
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


def input_key(item: str) -> str:
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
# Writing a partition


def partition_tables(items: list[Article | Failure], results: Iterable[ExtractResult]) -> dict:
    """The three tables of a partition: `results` are the ExtractResults of its articles, in
    order. Failures stay in input order, an article's own after the inputs before it."""
    import pyarrow as pa

    from .output import claim_record

    results = iter(results)
    claims: list[dict] = []
    articles: list[dict] = []
    failures: list[dict] = []
    for item in items:
        if isinstance(item, Failure):
            failures.append(asdict(item))
            continue
        result = next(results)
        articles.append({k: getattr(item, k) for k in ARTICLE_COLUMNS})
        if result.failure is not None:
            failures.append(asdict(result.failure))
        claims.extend(claim_record(c) for c in result.claims)
    return {"claims": pa.Table.from_pylist(claims, schema=claim_schema()),
            "articles": pa.Table.from_pylist(articles, schema=article_schema()),
            "failures": pa.Table.from_pylist(failures, schema=failure_schema())}


def table_counts(tables: dict) -> dict:
    kinds = tables["failures"].column("kind").to_pylist()
    return {"articles": tables["articles"].num_rows, "claims": tables["claims"].num_rows,
            "errors": sum(k == "error" for k in kinds),
            "skipped": sum(k != "error" for k in kinds)}


def write_partition(out: Path, number: int, tables: dict, meta: dict,
                    before_commit: Callable[[int], None] | None = None) -> None:
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
    if before_commit is not None:  # tests kill a worker here
        before_commit(number)
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

