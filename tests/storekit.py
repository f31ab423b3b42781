"""Test helpers for the store: project-written articles with claims built by hand (no spaCy
model needed), and Dask-style run directories of them (part-NNNNN.{articles,claims,
failures}.parquet) that `tallies ingest DIR` reads back without extracting.

The towns, people and bodies are invented.
"""
from __future__ import annotations

import random
from pathlib import Path

from tallies.output import claim_record
from tallies.records import Article, Claim

TOWNS = ["Tervolin", "Ostravka", "Palvesk", "Dubrava", "Marumba", "Kelmar", "Sorvino", "Ulvetsk"]
SOURCES = [("Dravania's Defence Ministry", "Dravania"), ("the Solvarian General Staff", "Solvaria"),
           ("the International Monitoring Mission", "independent")]
_WORDS = ("river bridge market school night morning smoke fire rescue crew shelter water road "
          "truck convoy village field station power line window roof wall street square "
          "hospital doctor nurse family child mother father brother neighbour witness soldier "
          "officer volunteer engineer driver farmer teacher priest mayor council report "
          "statement video photo image map signal radio siren alarm blast crater debris glass "
          "stone metal wood cable pipe tank fuel grain bread flour salt sugar coffee tea milk "
          "winter spring summer autumn rain snow wind cloud storm fog frost mud dust ash "
          "north south east west hill valley forest lake coast harbour port ship boat ferry "
          "train rail depot warehouse factory plant mill mine farm barn orchard garden "
          "quickly slowly loudly quietly early late again still never always often "
          "walked ran waited searched counted carried lifted opened closed repaired").split()
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _claim(doc: str, text: str, sentence_start: int, sentence: str, figure: str, measure: str,
           source: str, source_kind: str = "named", headline: bool = False,
           counted: str | None = "people") -> Claim:
    at = sentence.index(figure)
    value = float(figure.replace(",", ""))
    start = sentence_start + at
    source_at = sentence.find(source) if source_kind == "named" else -1
    return Claim(doc=doc, start=start, end=start + len(figure), text=figure, value=value,
                 low=value, high=value, qualifier="exact", measure=measure, counted=counted,
                 source=source if source_kind != "reporter" else "reporter",
                 source_text=source if source_kind == "named" else None, via=None,
                 cumulative=False, sentence=sentence, sentence_start=sentence_start,
                 source_start=sentence_start + source_at if source_at >= 0 else None,
                 source_end=sentence_start + source_at + len(source) if source_at >= 0 else None,
                 source_kind=source_kind, cue="said" if source_kind == "named" else None,
                 headline=headline)


def article(i: int, rng: random.Random | None = None, town: str | None = None,
            day: int | None = None, outlet: str | None = None) -> tuple[Article, list[Claim]]:
    """One article about a strike on a town, with three claims whose offsets are true."""
    rng = rng or random.Random(i)
    town = town or rng.choice(TOWNS)
    day = day if day is not None else rng.randrange(1, 28)
    killed, hurt = rng.randrange(3, 400), rng.randrange(3, 900)
    (src1, _), (src2, _) = rng.sample(SOURCES, 2)
    weekday = WEEKDAYS[(day + 2) % 7]
    title = f"Strike on {town} kills {killed}"
    s1 = (f"{src1[0].upper() + src1[1:]} said on {weekday} that {killed} people had been killed "
          f"in a strike on {town}.")
    s2 = f"{src2[0].upper() + src2[1:]} put the number of wounded at {hurt}."
    # words drawn at random so that two articles share little but their template
    filler = " ".join(" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "."
                      for _ in range(4))
    text = f"{title}\n\n{s1} {s2}\n\n{filler} Report number {i}."
    doc = f"story-{i:06d}"
    p1 = text.index(s1)
    p2 = text.index(s2)
    claims = [_claim(doc, text, 0, title, str(killed), "killed", "reporter", "reporter",
                     headline=True, counted=None),
              _claim(doc, text, p1, s1, str(killed), "killed", src1),
              _claim(doc, text, p2, s2, str(hurt), "injured", src2, counted=None)]
    return (Article(id=doc, text=text, title=title, url=f"https://news.test/{doc}",
                    published=f"2031-03-{day:02d}", origin=f"feed.jsonl:{i + 1}",
                    outlet=outlet or rng.choice(["Plains Tribune", "Harbour Times", "Wire"]),
                    language="en"), claims)


def corpus(n: int, seed: int = 0) -> list[tuple[Article, list[Claim]]]:
    rng = random.Random(seed)
    return [article(i, random.Random(rng.random())) for i in range(n)]


def write_run(directory: Path, items: list[tuple[Article, list[Claim]]], per_part: int = 100,
              failures: list[dict] | None = None) -> Path:
    """A Dask-style run directory holding these articles and claims."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory.mkdir(parents=True, exist_ok=True)
    columns = ("id", "url", "title", "published", "outlet", "origin", "language", "text")
    for n, first in enumerate(range(0, max(len(items), 1), per_part)):
        part = items[first:first + per_part]
        arts = [{k: getattr(a, k) for k in columns} for a, _ in part]
        claims = [claim_record(c) for _, cs in part for c in cs]
        fails = failures if (failures and n == 0) else []
        pq.write_table(pa.Table.from_pylist(arts), directory / f"part-{n:05d}.articles.parquet")
        pq.write_table(pa.Table.from_pylist(fails or [{"input": "x", "reason": "x",
                                                       "kind": "x"}]).slice(0, len(fails)),
                       directory / f"part-{n:05d}.failures.parquet")
        if claims:
            table = pa.Table.from_pylist(claims)
        else:
            table = pa.Table.from_pylist([claim_record(items[0][1][0])]).slice(0, 0)
        pq.write_table(table, directory / f"part-{n:05d}.claims.parquet")
    return directory
