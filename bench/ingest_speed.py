"""Ingest speed: 10,000 project-written articles into a fresh store, then the same files again.

The articles are made from the fixture corpus (tests/fixtures/corpus/, written for the
project): each takes 3-7 paragraphs drawn from different fixture articles, with the places,
people, numbers and dates changed, so that they are not copies of one another; one in ten is
a syndicated copy of an earlier one (new headline, another outlet, last paragraph trimmed),
as wire stories are. They are written as JSONL files and ingested with the `tallies ingest`
command (a child process, so its peak memory is measured alone), then ingested again: the
second run must add nothing and take a fraction of the first.

    python bench/ingest_speed.py                 # 10,000 articles, 1 process
    python bench/ingest_speed.py -n 2000 -p 2    # smaller, two parsing processes
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"

PLACES = ["Vyshkoriv", "Vishkorov", "Vyškoriv", "Korvany", "Brodets", "Brodetz", "Bayu Tinggi",
          "Bayutinggi", "Tesnivka", "Ralsk", "Ostrel", "Sarangi", "Velgrad", "Velikhorsk",
          "Tessel", "Marenko", "Kostrava", "Port Meliora"]
PEOPLE = ["Zhelvakov", "Jelvakov", "Kastorin", "Soltys", "Gretsky", "Orlav", "Vasko", "Ilek",
          "Tavrin", "Marchenko", "Telisang", "Merenda", "Halid", "Verkhina", "Voskuijlen",
          "Vandermeer", "Obiora"]
_SYLLABLES = ["ka", "lo", "vy", "rin", "dor", "mes", "tal", "vo", "brek", "sen", "mar", "ul",
              "zan", "te", "pol", "gra", "nik", "os", "dru", "ven"]
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?![\w,]|\.\d)")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _paragraphs() -> list[tuple[str, str]]:
    """(title, paragraph) for every body paragraph of the fixture corpus."""
    sys.path.insert(0, str(ROOT))
    from tallies.ingest import iter_articles
    from tallies.records import Article
    from tallies.settings import Settings

    settings = Settings.load(overrides={"ingest": {"latest_published": "2031-12-31"}})
    out = []
    for a in iter_articles([str(CORPUS)], settings):
        if isinstance(a, Article):
            paras = [p.strip() for p in a.text.split("\n\n") if len(p.strip()) > 80]
            out.extend((a.title or paras[0][:80], p) for p in paras[1:])
    return out


def _vary(text: str, rng: random.Random, places: dict, people: dict) -> str:
    for old, new in places.items():
        text = text.replace(old, new).replace(old.upper(), new.upper())
    for old, new in people.items():
        text = text.replace(old, new)

    def number(m):
        n = int(m.group().replace(",", ""))
        if 1990 <= n <= 2040 or n < 3:  # years and small counts stay
            return m.group()
        return f"{max(3, int(n * rng.uniform(0.5, 1.8))):,}"

    return _NUMBER.sub(number, text)


def make_articles(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    pool = _paragraphs()
    outlets = ["Harbour Times", "Plains Tribune", "Valley Gazette", "Metro Herald", "Meridian",
               "Coastline News", "Northern Courier", "Evening Sentinel", "World Desk Today"]
    articles: list[dict] = []
    for i in range(n):
        day = 1 + rng.randrange(28)
        if articles and rng.random() < 0.1:  # a syndicated copy of an earlier story
            src = rng.choice(articles[-200:])
            paras = src["text"].split("\n\n")
            body = "\n\n".join(paras[1:-1] if len(paras) > 3 else paras[1:])
            title = "Wire: " + src["title"]
            text = f"{title}\n\n{body}"
            published = src["published"]
        else:
            places = {p: _name(rng) for p in PLACES}
            people = {p: _name(rng) for p in PEOPLE}
            picked = rng.sample(pool, rng.randint(3, 7))
            title = _vary(picked[0][0], rng, places, people)
            body = "\n\n".join(_vary(p, rng, places, people) for _, p in picked)
            text = f"{title}\n\n{body}"
            published = f"2031-{1 + i * 12 // n:02d}-{day:02d}"
        articles.append({"id": f"bench-{i:06d}", "url": f"https://bench.test/{i}",
                         "title": title, "published": published,
                         "outlet": rng.choice(outlets), "text": text})
    return articles


def write_files(articles: list[dict], directory: Path, per_file: int = 1000) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(0, len(articles), per_file):
        path = directory / f"articles-{k // per_file:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for a in articles[k:k + per_file]:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        files.append(str(path))
    return files


# Runs the command and reports the peak memory of it and its children (in KiB) on the last
# line of standard error: each measured run gets a process of its own.
_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:])\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(done.returncode)\n")


def run_ingest(files: list[str], db: str, processes: int) -> dict:
    """One `tallies ingest`: wall time, peak memory (of the largest process), its summary."""
    cmd = [sys.executable, "-m", "tallies", "ingest", *files, "--db", db, "-p", str(processes)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed: {done.stderr}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, "summary": done.stdout.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="articles (default 10,000)")
    ap.add_argument("-p", "--processes", type=int, default=1, help="parsing processes")
    ap.add_argument("--keep", metavar="DIR", help="keep the files and the store here")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tallies-bench-"))
    started = time.perf_counter()
    articles = make_articles(args.n)
    files = write_files(articles, work / "articles")
    size = sum(os.path.getsize(f) for f in files)
    print(f"{args.n:,} articles ({size / 1e6:.1f} MB of JSONL) made in "
          f"{time.perf_counter() - started:.1f} s in {work}")
    db = str(work / "bench.db")
    if os.path.exists(db):
        os.remove(db)
    first = run_ingest(files, db, args.processes)
    second = run_ingest(files, db, args.processes)
    with sqlite3.connect(db) as c:
        stored, claims, groups, events = c.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims), "
            "(SELECT count(*) FROM duplicate_groups), (SELECT count(*) FROM events)").fetchone()
    mib = os.path.getsize(db) / 2**20
    print()
    print("| run | articles | seconds | articles/s | peak memory (MiB) | result |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, r in (("first ingest", first), ("same files again", second)):
        print(f"| {name} | {args.n:,} | {r['seconds']:.1f} | {args.n / r['seconds']:.0f} | "
              f"{r['peak_mib']:.0f} | {r['summary']} |")
    print()
    print(f"store: {stored:,} articles, {claims:,} claims, {groups:,} duplicate groups, "
          f"{events:,} events, {mib:.0f} MiB; re-ingest took "
          f"{second['seconds'] / first['seconds']:.1%} of the first run "
          f"({args.processes} parsing process{'es' if args.processes > 1 else ''}, "
          f"{os.cpu_count()} cores)")
    if "0 articles added" not in second["summary"]:
        raise SystemExit("re-ingest added articles")


if __name__ == "__main__":
    main()
