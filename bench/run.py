"""`make bench`: every measurement Tallies is judged by, written to bench/RESULTS.md.

    python bench/run.py [--quick] [--out bench/RESULTS.md]

1. the dev set (../shared/eval/dev) scored by ../shared/eval/score.py, per document;
   the project's fixture gold and the PolNeAR held-out gold scored the same way;
2. error analysis: every miss and false positive, grouped by cause (bench/out/errors-*.md);
3. amounts on NewsQuant beside quantulum3 (bench/newsquant.py);
4. attribution on PolNeAR test (bench/polnear_attr.py);
5. speed and memory beside spaCy's full pipeline, 1 and 2 processes (bench/speed.py);
6. ingest of 10,000 articles into the store, and re-ingest (bench/ingest_speed.py);
7. faults: 20 kill -9 during ingest, a locked store, a full disk (bench/ingest_faults.py).
The Dask benchmark (bench/dask_speed.py, 20,000 articles) takes longer; its last measured
figures are kept in bench/RESULTS.extra.md, which is appended.

Without ../shared it says what it needs, measures what it can (speed on the project's own
articles) and exits cleanly.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = REPO.parent / "shared" / "eval"
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))


def sh(args: list[str], timeout: int = 1800) -> dict | None:
    """Run a bench script with --json; None (and a note) when it cannot run."""
    proc = subprocess.run([sys.executable, *args, "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        print(f"  ! {' '.join(args)} failed: {proc.stderr.strip().splitlines()[-1:]}")
        return None
    try:
        return json.loads(proc.stdout[proc.stdout.index("{"):])
    except ValueError:
        print(f"  ! {' '.join(args)} printed no JSON")
        return None


def score_set(name: str, articles: Path, gold: Path) -> dict:
    import dev
    import errors

    OUT.mkdir(exist_ok=True)
    pred = OUT / f"claims-{name}.jsonl"
    dev.predict(articles, pred)
    result = dev.score(articles, gold, pred)
    scorer = errors.load_scorer(SHARED / "score.py")
    causes = errors.analyse(errors.read_jsonl(articles), errors.read_jsonl(gold),
                            errors.read_jsonl(pred), scorer)
    (OUT / f"errors-{name}.md").write_text(errors.to_markdown(causes), encoding="utf-8")
    result["causes"] = {k: len(v) for k, v in causes.items()}
    return result


def prf(r: dict) -> str:
    return f"{r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}"


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a 400-article speed run")
    ap.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = ap.parse_args(argv)
    started = time.time()
    have_shared = (SHARED / "score.py").is_file()
    if not have_shared:
        print("bench: ../shared/eval is not beside the repository: accuracy (dev set, NewsQuant, "
              "PolNeAR) needs it. Measuring speed on the project's own articles only.")
    sections: list[str] = []
    data: dict = {}

    if have_shared:
        print("1-2. accuracy and error analysis ...")
        sets = {"dev": (SHARED / "dev" / "articles.jsonl", SHARED / "dev" / "gold.jsonl"),
                "fixtures": (REPO / "tests/fixtures/gold/articles.jsonl",
                             REPO / "tests/fixtures/gold/gold.jsonl")}
        heldout_dir = OUT / "heldout"
        build = subprocess.run([sys.executable, "bench/heldout/build.py", str(heldout_dir)],
                               cwd=REPO, capture_output=True, text=True)
        if build.returncode == 0:
            sets["polnear-heldout"] = (heldout_dir / "articles.jsonl", heldout_dir / "gold.jsonl")
        for name, (a, g) in sets.items():
            data[name] = score_set(name, a, g)
        rows = ["| set | claims (gold / predicted) | found P / R / F1 | figure P / R / F1 | "
                "attributed P / R / F1 | qualifier | cumulative | via |",
                "| --- | --- | --- | --- | --- | ---: | ---: | ---: |"]
        for name, r in data.items():
            acc = r["accuracy_on_figures"]
            rows.append(f"| {name} | {r['gold']} / {r['pred']} | {prf(r['found'])} | "
                        f"{prf(r['figure'])} | {prf(r['attributed'])} | "
                        + " | ".join(f"{acc.get(k):.3f}" if acc.get(k) is not None else "–"
                                     for k in ("qualifier", "cumulative", "via")) + " |")
        per_doc = ["| doc | gold | predicted | attributed F1 |", "| --- | ---: | ---: | ---: |"]
        per_doc += [f"| {d} | {v['gold']} | {v['pred']} | {v['attributed_f1']:.3f} |"
                    for d, v in data["dev"]["per_doc"].items()]
        causes = ["| set | " + " | ".join(("number", "measure", "source", "missed",
                                            "not a claim", "qualifier", "cumulative", "via")) + " |",
                  "| --- |" + " ---: |" * 8]
        for name, r in data.items():
            causes.append(f"| {name} | " + " | ".join(str(r["causes"].get(k, 0)) for k in (
                "number", "measure", "source", "missed", "not a claim", "qualifier",
                "cumulative", "via")) + " |")
        sections += [
            "## 1. Accuracy (`python bench/dev.py`, `python bench/run.py`)",
            "Scored by `../shared/eval/score.py`: *found* = the span overlaps a gold figure; "
            "*figure* = and the number and measure agree; *attributed* = and the claimant "
            "agrees (the headline). Qualifier, cumulative and via are accuracies over matched "
            "figures. `dev` is the 19 real articles; `fixtures` the project's own 19 "
            "fictional articles (tests/fixtures/gold); `polnear-heldout` 25 PolNeAR "
            "political articles annotated for this project (bench/heldout), never tuned on "
            "sentence by sentence.", "\n".join(rows),
            "Dev set per document:", "\n".join(per_doc),
            "## 2. Error analysis (`python bench/errors.py ...`, full lists in bench/out/)",
            "Every miss and false positive, with the sentence and the figure marked, what "
            "Tallies said and what the gold says, grouped by cause:", "\n".join(causes)]

        print("3. NewsQuant ...")
        nq = sh(["bench/newsquant.py"]) if (BENCH / "newsquant.py").is_file() else None
        data["newsquant"] = nq
        if nq and nq.get("table_markdown"):
            sections += ["## 3. Amounts on NewsQuant (`python bench/newsquant.py`)",
                         nq["table_markdown"]]
        print("4. PolNeAR attribution ...")
        pa = sh(["bench/polnear_attr.py"]) if (BENCH / "polnear_attr.py").is_file() else None
        data["polnear_attr"] = pa
        if pa and pa.get("table_markdown"):
            sections += ["## 4. Attribution on PolNeAR test (`python bench/polnear_attr.py`)",
                         pa["table_markdown"]]

    print("5. speed ...")
    n = 400 if args.quick else 2000
    sp = sh(["bench/speed.py", "--articles", str(n), "--processes", "2"], timeout=3600)
    data["speed"] = sp
    if sp:
        rows = ["| run | articles/s | words/s | peak MB |", "| --- | ---: | ---: | ---: |"]
        rows += [f"| {r['run']} | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} | "
                 f"{r['peak_mb']:.0f} |" for r in sp["rows"]]
        sections += [f"## 5. Speed and memory (`python bench/speed.py --articles {n} "
                     "--processes 2`)",
                     f"{sp['corpus']}: {sp['articles']} articles, {sp['words']:,} words. "
                     "Steady state after a warm-up; peak memory is the resident high-water "
                     "mark of the process (of each worker for the parallel run).",
                     "\n".join(rows),
                     f"Tallies is **{sp['ratio_tallies_over_spacy']:.2f}×** spaCy's full "
                     "pipeline in one process: it parses only the sentences that hold a "
                     "figure or an attribution cue, and without the named-entity recogniser."]

    def text_section(title: str, args: list[str], timeout: int = 1800) -> None:
        print(title + " ...")
        proc = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True,
                              timeout=timeout)
        body = proc.stdout.strip() or proc.stderr.strip()[-2000:]
        sections.extend([f"## {title} (`python {' '.join(args)}`)", body])

    if not args.quick:
        text_section("6. Ingest into the store: 10,000 articles, then the same again",
                     ["bench/ingest_speed.py"], timeout=3600)
        text_section("7. Faults during ingest: kill -9, a locked store, a full disk",
                     ["bench/ingest_faults.py", "--kills", "20"], timeout=3600)

    head = [
        "# Tallies: measured results",
        f"Written by `make bench` (`python bench/run.py`) on {dt.date.today().isoformat()}, "
        f"commit {git_commit()}, {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; took {time.time() - started:.0f} s.",
    ]
    extra = BENCH / "RESULTS.extra.md"
    tail = [extra.read_text(encoding="utf-8")] if extra.is_file() else []
    text = "\n\n".join(head + sections + tail) + "\n"
    args.out.write_text(text, encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
