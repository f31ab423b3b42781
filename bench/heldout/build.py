#!/usr/bin/env python3
"""Build the PolNeAR held-out gold set for score.py from offsets kept in this folder.

    python bench/heldout/build.py [OUT_DIR] [--polnear DIR] [--check]

This folder holds only article ids, character offsets and labels (see README.md): the
PolNeAR texts are evaluation-only and never live in the repository. This script reads them
from the shared evaluation folder next to the repository
(<repo>/../shared/eval/external/attribution, or --polnear, or $TALLIES_POLNEAR) and writes
into OUT_DIR (default: a new temporary directory):

  articles.jsonl  one article a line: id, url (null), title (null), published, text
  gold.jsonl      one gold claim a line, in the format ../shared/eval/score.py reads
  gold_as_pred.jsonl  the gold claims as predictions (doc, start, end, ...), for --check

--check also runs score.py with the gold claims as predictions and fails unless every
score is 1.0 (it proves that score.py locates every gold claim at its own offsets).

Standard library only; deterministic.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_POLNEAR = os.path.join(REPO, "..", "shared", "eval", "external", "attribution")
DEFAULT_SCORER = os.path.join(REPO, "..", "shared", "eval", "score.py")
CLAIMS = os.path.join(HERE, "polnear.jsonl")
DOCS = os.path.join(HERE, "polnear_docs.json")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_metadata(data_dir):
    path = os.path.join(data_dir, "metadata.tsv")
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) == len(header):
                row = dict(zip(header, cells))
                rows[row["filename"]] = row
    return rows


def load_texts(polnear_root, docs):
    data_dir = os.path.join(polnear_root, "polnear", "data")
    if not os.path.isdir(data_dir):
        sys.exit(f"PolNeAR corpus not found at {os.path.abspath(polnear_root)}\n"
                 "(expected polnear/data/<split>/text/*.txt). The held-out set needs the shared "
                 "evaluation folder next to the repository; pass --polnear DIR or set "
                 "TALLIES_POLNEAR. Nothing was built.")
    meta = read_metadata(data_dir)
    texts, published = {}, {}
    for d in docs:
        path = os.path.join(data_dir, d["split"], "text", d["doc"] + ".txt")
        if not os.path.exists(path):
            sys.exit(f"missing PolNeAR article {path}")
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if d.get("text_sha1") and digest != d["text_sha1"]:
            sys.exit(f"article {d['doc']} differs from the annotated version (sha1 {digest})")
        texts[d["doc"]] = text
        published[d["doc"]] = (meta.get(d["doc"]) or {}).get("publication_date") or d.get("published")
    return texts, published


def span_text(text, s, e):
    return None if s is None or e is None else text[s:e]


def gold_record(c, text):
    quote = text[c["start"]:c["end"]]
    sentence = text[c["sent_start"]:c["sent_end"]]
    # score.py locates a gold claim with text.find(sentence) then sentence.find(quote):
    # the first occurrence of each must be this claim's.
    if text.find(sentence) != c["sent_start"] or sentence.find(quote) != c["start"] - c["sent_start"]:
        sys.exit(f"claim at {c['doc']}:{c['start']} is not the first occurrence in its sentence")
    named = span_text(text, c.get("source_start"), c.get("source_end"))
    source = c["source"] if c["source"] in ("reporter", "unnamed") else named
    if not source:
        sys.exit(f"claim at {c['doc']}:{c['start']} has no source")
    via = c.get("via")
    rec = {
        "doc": c["doc"],
        "quote": quote,
        "sentence": sentence,
        "value": c["value"],
        "low": c["low"],
        "high": c["high"],
        "qualifier": c["qualifier"],
        "measure": c["measure"],
        "alt_measures": c.get("alt_measures") or [],
        "alt_qualifiers": c.get("alt_qualifiers") or [],
        "counted": None,
        "source": source,
        "source_text": named,
        "alt_sources": [text[s:e] for s, e in c.get("alt_source_spans") or []],
        "via": via,
        "via_text": span_text(text, c.get("via_start"), c.get("via_end")),
        "cumulative": bool(c.get("cumulative")),
        "notes": c.get("note") or None,
    }
    if c.get("optional"):
        rec["optional"] = True
    return rec


def pred_record(c, g):
    return {"doc": c["doc"], "start": c["start"], "end": c["end"], "value": g["value"],
            "low": g["low"], "high": g["high"], "qualifier": g["qualifier"],
            "measure": g["measure"], "source": g["source"], "source_text": g["source_text"],
            "via": g["via"], "cumulative": g["cumulative"]}


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", nargs="?", help="output directory (default: a new temp dir)")
    ap.add_argument("--polnear", default=os.environ.get("TALLIES_POLNEAR", DEFAULT_POLNEAR),
                    help="the shared attribution folder holding polnear/data")
    ap.add_argument("--check", action="store_true",
                    help="score gold against itself with score.py; fail unless all 1.0")
    ap.add_argument("--scorer", default=DEFAULT_SCORER, help="path to score.py (for --check)")
    args = ap.parse_args(argv)

    with open(DOCS, encoding="utf-8") as f:
        docs = json.load(f)["documents"]
    claims = read_jsonl(CLAIMS)
    texts, published = load_texts(args.polnear, docs)
    unknown = {c["doc"] for c in claims} - set(texts)
    if unknown:
        sys.exit(f"claims for documents not listed in polnear_docs.json: {sorted(unknown)}")

    out_dir = args.out_dir or tempfile.mkdtemp(prefix="tallies-heldout-")
    os.makedirs(out_dir, exist_ok=True)
    articles = [{"id": d["doc"], "url": None, "title": None, "published": published[d["doc"]],
                 "text": texts[d["doc"]]} for d in docs]
    gold, pred = [], []
    for c in claims:
        g = gold_record(c, texts[c["doc"]])
        gold.append(g)
        pred.append(pred_record(c, g))
    write_jsonl(os.path.join(out_dir, "articles.jsonl"), articles)
    write_jsonl(os.path.join(out_dir, "gold.jsonl"), gold)
    write_jsonl(os.path.join(out_dir, "gold_as_pred.jsonl"), pred)
    n_opt = sum(1 for g in gold if g.get("optional"))
    print(f"{len(articles)} articles, {len(gold) - n_opt} gold claims (+{n_opt} optional) -> {out_dir}")

    if args.check:
        if not os.path.exists(args.scorer):
            sys.exit(f"score.py not found at {args.scorer}")
        res = subprocess.run([sys.executable, args.scorer, "--json",
                              "--articles", os.path.join(out_dir, "articles.jsonl"),
                              "--gold", os.path.join(out_dir, "gold.jsonl"),
                              "--pred", os.path.join(out_dir, "gold_as_pred.jsonl")],
                             capture_output=True, text=True)
        if res.returncode:
            sys.exit(f"score.py failed:\n{res.stdout}{res.stderr}")
        r = json.loads(res.stdout)
        scores = [r[k][m] for k in ("found", "figure", "attributed")
                  for m in ("precision", "recall", "f1")]
        scores += [v for v in r["accuracy_on_figures"].values() if v is not None]
        print(f"self-check: gold {r['gold']}, pred {r['pred']}, attributed F1 "
              f"{r['attributed']['f1']}, accuracies {r['accuracy_on_figures']}")
        if r["gold"] != len(gold) - n_opt or any(abs(s - 1.0) > 1e-9 for s in scores):
            sys.exit("self-check FAILED: gold scored against itself is not 1.0 everywhere")
        print("self-check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
