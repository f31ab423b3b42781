"""Claims out: JSONL (the contract in ../shared/eval/SCHEMA.md), JSON, CSV and a terminal table.

Writers take an iterable of `ExtractResult` and stream; nothing holds a whole corpus.
"""
from __future__ import annotations

import csv
import io
import json
from typing import IO, Iterable, Iterator

from .records import Claim, ExtractResult

# The SCHEMA.md fields first, in its order, then what Tallies adds.
SCHEMA_FIELDS = ("doc", "start", "end", "text", "value", "low", "high", "qualifier", "measure",
                 "counted", "source", "source_text", "via", "cumulative", "sentence")
EXTRA_FIELDS = ("sentence_start", "source_start", "source_end", "source_kind", "cue", "unit",
                "headline", "period")
FORMATS = ("table", "jsonl", "json", "csv")


def claim_record(claim: Claim) -> dict:
    d = claim.to_dict()
    return {k: d[k] for k in SCHEMA_FIELDS + EXTRA_FIELDS}


def write_jsonl(results: Iterable[ExtractResult], out: IO[str]) -> Iterator[ExtractResult]:
    for r in results:
        for c in r.claims:
            out.write(json.dumps(claim_record(c), ensure_ascii=False) + "\n")
        yield r


def write_json(results: Iterable[ExtractResult], out: IO[str]) -> Iterator[ExtractResult]:
    """A JSON list of claims. Written as a stream, so memory stays flat."""
    out.write("[")
    first = True
    for r in results:
        for c in r.claims:
            out.write(("\n" if first else ",\n") + json.dumps(claim_record(c), ensure_ascii=False))
            first = False
        yield r
    out.write("\n]\n")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1-2", "@SUM") gets a
    leading apostrophe (OWASP's advice); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(results: Iterable[ExtractResult], out: IO[str]) -> Iterator[ExtractResult]:
    fields = SCHEMA_FIELDS + EXTRA_FIELDS
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for r in results:
        for c in r.claims:
            writer.writerow({k: csv_safe(v) for k, v in claim_record(c).items()})
        yield r


def _figure(c: Claim) -> str:
    def fmt(x):
        if x is None:
            return "?"
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
    if c.qualifier == "range" or c.qualifier == "vague":
        lo = fmt(c.low) if c.low is not None else ""
        hi = fmt(c.high) if c.high is not None else ""
        return f"{lo}–{hi}"
    sign = {"at_least": "≥", "at_most": "≤", "approximate": "~"}.get(c.qualifier, "")
    bound = c.low if c.qualifier == "at_least" else c.high if c.qualifier == "at_most" else c.value
    return sign + fmt(bound) + ("%" if c.unit == "percent" else "")


def write_table(results: Iterable[ExtractResult], out: IO[str]) -> Iterator[ExtractResult]:
    """A readable table per article: the phrase as stated, the figure, what it counts, who
    says it and through what. Article text is shown as text, never as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False)
    for r in results:
        title = r.article.title or r.article.id
        table = Table(title=Text(f"{r.article.id}: {title}"[:120]), title_justify="left",
                      show_lines=False, expand=False)
        for col, kw in (("as stated", {"max_width": 28}), ("figure", {"justify": "right"}),
                        ("measure", {}), ("counted", {"max_width": 22}),
                        ("source", {"max_width": 30}), ("via", {"max_width": 14}),
                        ("total", {})):
            table.add_column(col, **kw)
        for c in r.claims:
            table.add_row(Text(c.text), Text(_figure(c)), Text(c.measure), Text(c.counted or ""),
                          Text(c.source), Text(c.via or ""), Text("running" if c.cumulative else ""))
        if r.claims:
            console.print(table)
        elif r.failure is None:
            console.print(Text(f"{r.article.id}: no figures found"))
        yield r


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "table": write_table}


def render(results: Iterable[ExtractResult], fmt: str) -> str:
    """The whole output as a string (for small inputs and tests)."""
    buf = io.StringIO()
    for _ in WRITERS[fmt](results, buf):
        pass
    return buf.getvalue()
