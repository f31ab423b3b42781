"""Error analysis on a scored set: every miss and false positive, with the sentence and the
figure marked, what Tallies said and what the gold says, grouped by cause.

    python bench/errors.py --articles A.jsonl --gold G.jsonl --pred P.jsonl [--markdown OUT.md]

The matching is ../shared/eval/score.py's own (imported, not copied), so the causes add up to
the scorer's figures.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def load_scorer(path: Path = SHARED / "score.py"):
    spec = importlib.util.spec_from_file_location("tallies_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mark(sentence_text: str, sent_start: int, start: int, end: int) -> str:
    a, b = start - sent_start, end - sent_start
    if a < 0 or b > len(sentence_text):
        return sentence_text
    return sentence_text[:a] + "[[" + sentence_text[a:b] + "]]" + sentence_text[b:]


def _fmt_pred(p: dict) -> str:
    num = p.get("value") if p.get("value") is not None else f"{p.get('low')}-{p.get('high')}"
    return (f"{num} {p.get('qualifier')} {p.get('measure')} by {p.get('source')!r}"
            + (f" via {p['via']}" if p.get("via") else "")
            + (" cumulative" if p.get("cumulative") else ""))


def _fmt_gold(g: dict) -> str:
    num = g.get("value") if g.get("value") is not None else f"{g.get('low')}-{g.get('high')}"
    alts = g.get("alt_measures") or []
    return (f"{num} {g.get('qualifier')} {g.get('measure')}"
            + (f"(or {'/'.join(alts)})" if alts else "")
            + f" by {g.get('source')!r}" + (f" via {g['via']}" if g.get("via") else "")
            + (" cumulative" if g.get("cumulative") else ""))


def analyse(articles: list[dict], gold: list[dict], pred: list[dict], scorer) -> dict:
    """Pairs as score.py makes them, each miss and false positive with a cause."""
    texts = {a["id"]: a["text"] for a in articles}
    golds, preds = defaultdict(list), defaultdict(list)
    for g in gold:
        g = dict(g)
        g["_span"] = scorer.gold_span(texts[g["doc"]], g)
        golds[g["doc"]].append(g)
    for p in pred:
        if p.get("doc") in texts:
            preds[p["doc"]].append(p)
    causes = defaultdict(list)
    for doc, text in texts.items():
        gs, ps = golds[doc], preds[doc]
        pairs = []
        for gi, g in enumerate(gs):
            for pi, p in enumerate(ps):
                s, e = int(p["start"]), int(p["end"])
                if max(g["_span"][0], s) < min(g["_span"][1], e):
                    pairs.append((-scorer.level(g, p), abs(g["_span"][0] - s) + abs(g["_span"][1] - e), gi, pi))
        pairs.sort()
        used_g, used_p = set(), set()
        for neg, _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p, lev = gs[gi], ps[pi], -neg
            if g.get("optional"):
                continue
            sent_start = text.find(g["sentence"])
            item = {"doc": doc, "sentence": _mark(g["sentence"], sent_start, *g["_span"]),
                    "tallies": _fmt_pred(p), "gold": _fmt_gold(g)}
            if lev >= 2:
                # on matched figures: the qualifier, running-total and channel accuracies
                if p.get("qualifier") not in {g.get("qualifier"), *(g.get("alt_qualifiers") or [])}:
                    causes["qualifier"].append(item)
                if bool(p.get("cumulative")) != bool(g.get("cumulative")):
                    causes["cumulative"].append(item)
                if g.get("via") and not (scorer.tokens(p.get("via")) & scorer.tokens(g["via"])):
                    causes["via"].append(item)
            if lev == 3:
                continue
            if lev == 1:
                cause = "number" if not scorer.same_number(g, p) else "measure"
            else:
                cause = "source"
            causes[cause].append(item)
        for gi, g in enumerate(gs):
            if gi not in used_g and not g.get("optional"):
                sent_start = text.find(g["sentence"])
                causes["missed"].append({"doc": doc, "sentence": _mark(g["sentence"], sent_start, *g["_span"]),
                                         "tallies": "-", "gold": _fmt_gold(g)})
        for pi, p in enumerate(ps):
            if pi not in used_p:
                causes["not a claim"].append({"doc": doc, "sentence": _mark(p.get("sentence", ""), p.get("sentence_start", 0), p["start"], p["end"]),
                                              "tallies": _fmt_pred(p), "gold": "-"})
    # qualifier, cumulative and via errors on matched figures are listed too
    return dict(causes)


def to_markdown(causes: dict) -> str:
    order = ["number", "measure", "source", "missed", "not a claim", "qualifier", "cumulative",
             "via"]
    lines = ["| cause | count |", "| --- | ---: |"]
    lines += [f"| {c} | {len(causes.get(c, []))} |" for c in order]
    for c in order:
        items = causes.get(c, [])
        if not items:
            continue
        lines += ["", f"### {c} ({len(items)})", ""]
        for it in items:
            lines.append(f"- `{it['doc']}` {it['sentence']}  ")
            lines.append(f"  tallies: {it['tallies']} — gold: {it['gold']}")
    return "\n".join(lines) + "\n"


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--markdown", help="write the report here as well")
    ap.add_argument("--only", help="print only this cause")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    causes = analyse(read_jsonl(args.articles), read_jsonl(args.gold), read_jsonl(args.pred), scorer)
    if args.only:
        causes = {args.only: causes.get(args.only, [])}
    text = to_markdown(causes)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
