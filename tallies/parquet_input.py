"""Claims already extracted by `tallies extract --engine dask -o DIR`, read back for ingest.

A run directory holds, per partition, `part-NNNNN.articles.parquet` (the articles),
`part-NNNNN.claims.parquet` (their claims: the keys of output.claim_record) and
`part-NNNNN.failures.parquet` (inputs that gave no article or no claims); partfiles.py
describes them. A partition counts once its claims file exists (it is renamed into place
last). Articles are read a batch at a time, so memory stays that of one partition's claims.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from .records import Article, Claim, Failure

_PART = re.compile(r"part-(\d+)\.claims\.parquet$")
_CLAIM_FIELDS = {f.name: f for f in fields(Claim)}


def is_run_directory(path: str) -> bool:
    """A directory holding partition files of a Dask run (and nothing to extract)."""
    p = Path(path)
    return p.is_dir() and (any(p.glob("part-*.claims.parquet"))
                           or any(p.glob("part-*.articles.parquet")))


def is_partition_file(path: str) -> bool:
    return str(path).endswith((".claims.parquet", ".articles.parquet"))


def _claim(row: dict) -> Claim:
    values = {}
    for name, f in _CLAIM_FIELDS.items():
        if name in row:
            value = row[name]
            if name in ("cumulative", "headline"):
                value = bool(value)
            values[name] = value
    return Claim(**values)


def iter_run(path: str) -> Iterator[tuple[Article, list[Claim]] | Failure]:
    """(article, its claims) for each article of each finished partition, in partition
    order; a Failure for each recorded failure and for each partition that cannot be read."""
    import pyarrow.parquet as pq

    root = Path(path)
    if root.is_file():
        number = re.search(r"part-(\d+)\.", root.name)
        parts = [(int(number.group(1)) if number else 0,
                  root.with_name(re.sub(r"\.(articles|claims)\.parquet$", ".claims.parquet",
                                        root.name)))]
    else:
        parts = sorted((int(m.group(1)), p) for p in root.glob("part-*.claims.parquet")
                       if (m := _PART.search(p.name)))
        unfinished = {p.name.split(".")[0] for p in root.glob("part-*.articles.parquet")} - {
            p.name.split(".")[0] for _, p in parts}
        for name in sorted(unfinished):
            yield Failure(str(root / name), f"{root / name}: partition not finished (no claims "
                                            "file); run the extraction again to complete it")
    for number, claims_file in parts:
        stem = claims_file.name.removesuffix(".claims.parquet")
        articles_file = claims_file.with_name(stem + ".articles.parquet")
        failures_file = claims_file.with_name(stem + ".failures.parquet")
        try:
            by_doc: dict[str, list[Claim]] = defaultdict(list)
            for batch in pq.ParquetFile(claims_file).iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    by_doc[row["doc"]].append(_claim(row))
            failed: dict[str, Failure] = {}
            if failures_file.exists():
                for row in pq.read_table(failures_file).to_pylist():
                    failed[row["input"]] = Failure(row["input"], row["reason"],
                                                   row.get("kind") or "error")
            articles = pq.ParquetFile(articles_file)
        except (OSError, ValueError, KeyError) as exc:  # ArrowInvalid is a ValueError
            yield Failure(str(claims_file), f"{claims_file}: cannot read the partition ({exc})")
            continue
        yield from failed.values()
        for batch in articles.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                article = Article(id=row["id"], text=row["text"], title=row.get("title"),
                                  url=row.get("url"), published=row.get("published"),
                                  origin=row.get("origin"), outlet=row.get("outlet"),
                                  language=row.get("language"))
                if (article.origin or article.id) in failed:
                    continue  # its extraction failed: recorded above, not stored
                yield article, by_doc.pop(article.id, [])
