"""Accuracy on the dev set, scored by ../shared/eval/score.py, and the floors CI holds.

    python bench/dev.py                    # score, per document, and compare with the floors
    python bench/dev.py --raise-floors     # move the floors up to the current figures
    python bench/dev.py --set-floors --allow-lower   # lowering is only on purpose

The floors live in bench/floors.json beside the SHA-256 of the gold file they were measured
on: if the gold changes, the gate says so instead of comparing numbers from different data.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
DEV = EVAL / "dev"
FLOORS = REPO / "bench" / "floors.json"
GATED = ("attributed", "figure")  # the levels whose F1 the gate holds


def available() -> bool:
    return (DEV / "articles.jsonl").is_file() and (EVAL / "score.py").is_file()


def gold_hash(path: Path = DEV / "gold.jsonl") -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def predict(articles_path: Path, out_path: Path, settings=None) -> None:
    """Run the extractor over a JSONL of articles, writing claims as SCHEMA JSONL."""
    from tallies.claims import Extractor
    from tallies.output import claim_record
    from tallies.records import Article

    rows = [json.loads(line) for line in articles_path.open(encoding="utf-8") if line.strip()]
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), url=r.get("url"),
                    published=r.get("published")) for r in rows]
    extractor = Extractor(settings)
    with out_path.open("w", encoding="utf-8") as out:
        for result in extractor.extract_many(arts):
            for claim in result.claims:
                out.write(json.dumps(claim_record(claim), ensure_ascii=False) + "\n")


def score(articles: Path, gold: Path, pred: Path) -> dict:
    sys.path.insert(0, str(REPO / "bench"))
    from errors import load_scorer

    scorer = load_scorer(EVAL / "score.py")
    return scorer.score(scorer.read_jsonl(articles), scorer.read_jsonl(gold),
                        scorer.read_jsonl(pred))


def run_dev(pred_path: Path | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="tallies-dev-"))
    pred = pred_path or tmp / "claims.jsonl"
    predict(DEV / "articles.jsonl", pred)
    result = score(DEV / "articles.jsonl", DEV / "gold.jsonl", pred)
    result["pred_path"] = str(pred)
    return result


def read_floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.is_file() else {}


def check_floors(result: dict, floors: dict) -> list[str]:
    """What falls below the floors (empty when all hold)."""
    problems = []
    if floors.get("gold_sha256") and floors["gold_sha256"] != gold_hash():
        problems.append("the dev gold file changed since the floors were set "
                        f"(sha256 {floors['gold_sha256'][:12]}... now {gold_hash()[:12]}...): "
                        "re-measure and set the floors on purpose")
        return problems
    for level in GATED:
        floor = floors.get(f"{level}_f1")
        got = result[level]["f1"]
        if floor is not None and got + 1e-9 < floor:
            problems.append(f"{level} F1 {got:.4f} is below its floor {floor:.4f}")
    return problems


def write_floors(result: dict, allow_lower: bool) -> dict:
    old = read_floors()
    new = dict(old)
    new["gold_sha256"] = gold_hash()
    for level in GATED:
        key = f"{level}_f1"
        got = round(result[level]["f1"], 4)
        if key in old and got < old[key] and not allow_lower:
            raise SystemExit(f"{key} would go down from {old[key]} to {got}: "
                             "pass --allow-lower to lower a floor on purpose")
        new[key] = got if allow_lower else max(got, old.get(key, 0.0))
    FLOORS.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    return new


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raise-floors", action="store_true",
                    help="raise the floors in bench/floors.json to the current figures")
    ap.add_argument("--set-floors", action="store_true",
                    help="set the floors to the current figures (with --allow-lower to lower)")
    ap.add_argument("--allow-lower", action="store_true")
    ap.add_argument("--pred", type=Path, help="also keep the predicted claims here")
    args = ap.parse_args(argv)
    if not available():
        print("bench/dev.py: needs ../shared/eval (dev articles, gold and score.py) beside the "
              "repository; nothing measured.")
        return 0
    result = run_dev(args.pred)
    print(f"dev set: gold claims {result['gold']}, predicted {result['pred']}")
    for level in ("found", "figure", "attributed"):
        r = result[level]
        print(f"  {level:<11} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    acc = result["accuracy_on_figures"]
    print("  on matched figures: " + ", ".join(f"{k} {v:.3f}" for k, v in acc.items() if v is not None))
    for doc, d in result["per_doc"].items():
        print(f"    {doc:<6} gold {d['gold']:>3} pred {d['pred']:>3} attributed F1 {d['attributed_f1']:.3f}")
    if args.raise_floors or args.set_floors:
        floors = write_floors(result, allow_lower=args.allow_lower)
        print("floors now: " + ", ".join(f"{k} {v}" for k, v in floors.items() if k.endswith("_f1")))
        return 0
    problems = check_floors(result, read_floors())
    for p in problems:
        print("BELOW FLOOR: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
