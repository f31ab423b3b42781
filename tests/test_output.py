"""Output writers: CSV safe from spreadsheet formulas, JSON valid when streamed, tables that
show article text as text."""
import csv
import io
import json

import pytest

from tallies.output import csv_safe, render
from tallies.records import Article, Claim, ExtractResult


def claim(text="12", source="=HYPERLINK(\"http://evil\",\"x\")", sentence="@SUM(A1) said 12."):
    return Claim(doc="d", start=0, end=len(text), text=text, value=12, low=12, high=12,
                 qualifier="exact", measure="killed", counted="+people", source=source,
                 source_text="-1+2", via=None, cumulative=False, sentence=sentence)


@pytest.mark.parametrize("value,expected", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("plain", "plain"), (12, 12), (None, None), ("", ""),
])
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_csv_cells_never_start_a_formula():
    out = render([ExtractResult(Article("d", "x"), (claim(),))], "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@")), (key, cell)
    assert rows[0]["source"].startswith("'=HYPERLINK")


def test_json_is_valid_for_none_one_and_many():
    for n in (0, 1, 3):
        results = [ExtractResult(Article(f"d{i}", "x"), (claim(),)) for i in range(n)]
        assert len(json.loads(render(results, "json"))) == n


def test_table_shows_markup_as_text():
    c = claim(source="[bold red]Ministry[/] <script>alert(1)</script>")
    out = render([ExtractResult(Article("d", "x", title="[link=http://x]t[/link]"), (c,))],
                 "table")
    assert "[bold red]Ministry[/]" in out.replace("\n", "") or "[bold red]" in out
    assert "<script>" in out
