#!/usr/bin/env python3
"""A deliberately naive reference point for the held-out set (not the Tallies extractor).

    python bench/heldout/baseline.py ARTICLES.jsonl > baseline_claims.jsonl

Every digit run (with an optional $ and a following percent / million / billion) is a claim:
value as written, qualifier exact, measure other, source reporter. Four-digit 19xx/20xx
numbers are skipped as years. Standard library only.
"""
import json
import re
import sys

NUM = re.compile(r"\$?\d[\d,]*(?:\.\d+)?(?:\s?(?:percent|%|million|billion|trillion))?", re.I)
SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}


def claims(doc):
    text = doc["text"]
    for m in NUM.finditer(text):
        s = m.group()
        digits = re.match(r"\$?([\d,]+(?:\.\d+)?)", s).group(1).replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", digits):
            continue
        try:
            value = float(digits)
        except ValueError:
            continue
        for word, mult in SCALE.items():
            if s.lower().endswith(word):
                value *= mult
        yield {"doc": doc["id"], "start": m.start(), "end": m.end(), "value": value,
               "low": value, "high": value, "qualifier": "exact", "measure": "other",
               "source": "reporter", "via": None, "cumulative": False}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit(__doc__)
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                for c in claims(json.loads(line)):
                    print(json.dumps(c))


if __name__ == "__main__":
    main()
