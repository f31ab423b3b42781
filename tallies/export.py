"""`tallies export`: the store's tables as CSV, JSON or Parquet files.

Tables: claims (every claim with its article's date, outlet and title, its place, source,
voice, event and running total), articles (without their text), events, reconciliations,
histories (each source's figures per event and measure), sources, running_totals, failures.
Rows are streamed; CSV cells that a spreadsheet would run as a formula are defused
(output.csv_safe).
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from .errors import TalliesError
from .output import csv_safe
from .settings import Settings
from .store import Store

TABLES = tuple(Store.EXPORT_QUERIES)
FORMATS = ("csv", "json", "parquet")
_BATCH = 5000


def export(db: str | None, fmt: str, out: str, settings: Settings,
           table: str | None = None) -> dict[str, int]:
    """Write every table (or one) to `out`: a directory of TABLE.FORMAT files, or with
    `table`, one file ("-": standard output, for CSV and JSON). Returns rows per table."""
    if fmt not in FORMATS:
        raise TalliesError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    if table is not None and table not in TABLES:
        raise TalliesError(f"unknown table {table!r} (one of {', '.join(TABLES)})")
    if fmt == "parquet" and out == "-":
        raise TalliesError("Parquet cannot go to standard output: give a file or directory")
    counts = {}
    with Store.open(db, settings, create=False) as store:
        if table is not None:
            counts[table] = _write(store, table, fmt, out)
            return counts
        directory = Path(out)
        if directory.exists() and not directory.is_dir():
            raise TalliesError(f"{out}: exists and is not a directory (give --table to write "
                               "one table to a file)")
        directory.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            counts[name] = _write(store, name, fmt, str(directory / f"{name}.{fmt}"))
    return counts


def _write(store: Store, table: str, fmt: str, path: str) -> int:
    columns, rows = store.export_rows(table)
    if fmt == "parquet":
        return _parquet(columns, rows, path)
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")
    try:
        n = 0
        if fmt == "csv":
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([csv_safe(v) for v in row])
                n += 1
        else:
            out.write("[")
            for row in rows:
                out.write(("\n" if n == 0 else ",\n")
                          + json.dumps(dict(zip(columns, row)), ensure_ascii=False))
                n += 1
            out.write("\n]\n")
        return n
    finally:
        if out is not sys.stdout:
            out.close()


def _parquet(columns: list[str], rows, path: str) -> int:
    """Rows to a Parquet file a batch at a time. Column types come from the first batch; a
    column empty there is text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = None
    writer = None
    n = 0
    batch: list[tuple] = []

    def typed(values, kind):
        if pa.types.is_string(kind):
            return [None if v is None else str(v) for v in values]
        if pa.types.is_floating(kind):
            return [None if v is None else float(v) for v in values]
        return values

    def flush():
        nonlocal schema, writer
        cols = list(zip(*batch)) if batch else [[] for _ in columns]
        if schema is None:
            fields = []
            for name, values in zip(columns, cols):
                kind = pa.array(values).type if any(v is not None for v in values) else pa.string()
                if pa.types.is_integer(kind) and any(isinstance(v, float) for v in values):
                    kind = pa.float64()
                fields.append(pa.field(name, kind if not pa.types.is_null(kind) else pa.string()))
            schema = pa.schema(fields)
            writer = pq.ParquetWriter(path, schema)
        arrays = [pa.array(typed(values, f.type), type=f.type) for values, f in zip(cols, schema)]
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        batch.clear()

    try:
        for row in rows:
            batch.append(row)
            n += 1
            if len(batch) >= _BATCH:
                flush()
        if batch or writer is None:
            flush()
    finally:
        if writer is not None:
            writer.close()
    return n
