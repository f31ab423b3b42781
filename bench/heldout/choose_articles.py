#!/usr/bin/env python3
"""Reproduce the choice of the 25 PolNeAR articles annotated for the held-out set.

    python bench/heldout/choose_articles.py [--polnear DIR]

Rule (see README.md): train and dev splits only (never test); articles of at most 10,000
characters; rank by a count of figure-like tokens; take the 3 highest-ranked articles of each
of the 7 publishers (21), then the 4 highest-ranked of the remaining articles (25). Prints one
id a line with its split, publisher and token count. Standard library only.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_POLNEAR = os.path.join(HERE, "..", "..", "..", "shared", "eval", "external", "attribution")

MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.")
NUM_WORDS = (r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
             r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
             r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|"
             r"hundreds|thousands|millions|several)\b")
MAX_CHARS = 10000
PER_PUBLISHER = 3
EXTRA = 4


def figure_tokens(text):
    t = re.sub(r"\b(%s)\s+\d{1,2}(st|nd|rd|th)?\b" % MONTHS, " ", text)  # month-day dates
    t = re.sub(r"\b(19|20)\d\d\b", " ", t)                                 # years
    t = re.sub(r"\b\d{1,2}:\d\d\b", " ", t)                                # times
    return len(re.findall(r"\d[\d,.]*", t)) + len(re.findall(NUM_WORDS, t, re.I))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", default=os.environ.get("TALLIES_POLNEAR", DEFAULT_POLNEAR))
    args = ap.parse_args(argv)
    data = os.path.join(args.polnear, "polnear", "data")
    if not os.path.isdir(data):
        sys.exit(f"PolNeAR corpus not found at {os.path.abspath(args.polnear)}")
    publisher = {}
    with open(os.path.join(data, "metadata.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            publisher[row["filename"]] = row["publisher"]
    rows = []
    for split in ("train", "dev"):
        folder = os.path.join(data, split, "text")
        for name in sorted(os.listdir(folder)):
            doc = name[:-4]
            with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
                text = f.read()
            if len(text) <= MAX_CHARS:
                rows.append((figure_tokens(text), len(text), publisher[doc], split, doc))
    rows.sort(reverse=True)
    chosen = []
    for pub in sorted({r[2] for r in rows}):
        chosen += [r for r in rows if r[2] == pub][:PER_PUBLISHER]
    chosen += [r for r in rows if r not in chosen][:EXTRA]
    for n, _, pub, split, doc in sorted(chosen, key=lambda r: (r[2], -r[0])):
        print(f"{doc}\t{split}\t{pub}\t{n}")


if __name__ == "__main__":
    main()
