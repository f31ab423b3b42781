"""Speed and memory: Tallies beside spaCy's plain full pipeline on the same text, same process.

    python bench/speed.py [--articles N] [--processes 2] [--json]

The corpus is the dev articles (../shared/eval/dev) repeated to N articles, or, without
../shared, the project's own fixture articles repeated. Each run is timed after a warm-up
(steady state). Peak memory is the process's resident high-water mark (ru_maxrss) read after
each phase; worker processes report their own.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DEV = REPO.parent / "shared" / "eval" / "dev" / "articles.jsonl"


def load_corpus(n: int) -> tuple[list[dict], str]:
    if SHARED_DEV.is_file():
        base = [json.loads(line) for line in SHARED_DEV.open(encoding="utf-8") if line.strip()]
        name = "dev articles (../shared/eval/dev) repeated"
    else:
        base = []
        for path in sorted((REPO / "tests" / "fixtures" / "corpus").glob("*.txt")):
            base.append({"id": path.stem, "text": path.read_text(encoding="utf-8")})
        name = "project fixture articles repeated"
    if not base:
        raise SystemExit("bench/speed.py: no articles to time (need ../shared or tests/fixtures)")
    out = [dict(a, id=f"{a['id']}#{i // len(base)}") for i, a in
           ((i, base[i % len(base)]) for i in range(n))]
    return out, name


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def time_tallies(articles: list[dict], processes: int) -> dict:
    from tallies.records import Article
    from tallies.runner import extract_stream
    from tallies.settings import Settings

    settings = Settings.load(overrides={"extract": {"processes": processes}})
    items = [Article(id=a["id"], text=a["text"]) for a in articles]
    # warm-up: load the pipeline and run a few articles
    list(extract_stream(items[:20], settings, 1 if processes == 1 else processes))
    t0 = time.perf_counter()
    n_claims = sum(len(r.claims) for r in extract_stream(items, settings, processes)
                   if hasattr(r, "claims"))
    dt = time.perf_counter() - t0
    return {"seconds": dt, "claims": n_claims}


def time_spacy_full(articles: list[dict], processes: int) -> dict:
    import spacy

    from tallies.settings import Settings

    names = Settings.load().model["names"]
    nlp = None
    for name in names:
        try:
            nlp = spacy.load(name)  # the full pipeline, NER included
            break
        except OSError:
            continue
    texts = [a["text"] for a in articles]
    list(nlp.pipe(texts[:20]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - t0, "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=2, help="also time this many processes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    articles, corpus = load_corpus(args.articles)
    words = sum(len(a["text"].split()) for a in articles)
    rows = []

    def row(name, res, mem):
        s = res["seconds"]
        rows.append({"run": name, "articles_per_s": len(articles) / s, "words_per_s": words / s,
                     "seconds": s, "peak_mb": mem, **{k: v for k, v in res.items() if k != "seconds"}})

    r = time_tallies(articles, 1)
    row("tallies, 1 process", r, peak_mb())
    s = time_spacy_full(articles, 1)
    row(f"spaCy full pipeline ({s['model']}), 1 process", s, peak_mb())
    if args.processes > 1:
        r2 = time_tallies(articles, args.processes)
        row(f"tallies, {args.processes} processes", r2, peak_mb(resource.RUSAGE_CHILDREN))
    result = {
        "corpus": corpus, "articles": len(articles), "words": words,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": rows,
        "ratio_tallies_over_spacy": rows[0]["articles_per_s"] / rows[1]["articles_per_s"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {corpus}: {len(articles)} articles, {words:,} words; {result['machine']}")
    print(f"{'run':<55} {'art/s':>8} {'words/s':>9} {'peak MB':>8}")
    for x in rows:
        print(f"{x['run']:<55} {x['articles_per_s']:>8.1f} {x['words_per_s']:>9,.0f} {x['peak_mb']:>8.0f}")
    print(f"tallies / spaCy full pipeline, 1 process: {result['ratio_tallies_over_spacy']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
