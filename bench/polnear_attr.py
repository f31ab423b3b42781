"""Attribution on PolNeAR test: for every annotated attribution whose content holds a number,
does Tallies give that number the annotated source?

    python bench/polnear_attr.py [--json [OUT]] [--misses N] [--data DIR]

PolNeAR (Newell, Margolin and Ruths, LREC 2018) is kept for evaluation only in
../shared/eval/external/attribution; its load.py is imported from there, nothing is copied.
The test split (84 articles) is read with the first annotator per article (load.py's default).

The numbers: `tallies.amounts.find_amounts` run on each content fragment of each annotated
attribution (digits and the number words Tallies reads, vague ones included). Tallies runs on
each whole article (`Extractor.extract`); its claims overlapping a number's characters are the
number's claims, and the number counts as found when there is one.

Whether a claim gives the annotated source (`source_match`):
  span     Tallies' source_start/source_end overlap a fragment of the annotated source
  name     the words of Tallies' source (its name or its words in the text) share a word with
           the annotated source, determiners, possessives and titles ignored ("the AP" / "AP");
           when the annotation has capitalised words, a shared one ("campaign" alone is not)
"reporter" never matches an annotated source. Two kinds of annotation are counted apart:
  pronoun    the annotated source is a pronoun ("he", "it", "which"): PolNeAR does not link it
             to its antecedent and Tallies' offsets point at the antecedent it chose, so a
             match cannot be checked (trying "a name in the 600 characters before the pronoun"
             accepted Carter Page for "she" and Mr. Trump for "she": not used)
  no source  `Attribution-no-source`, the source is implicit: Tallies' "reporter" or
             "unnamed" is consistent with it

Precision over Tallies' named attributions: every claim Tallies attributes to a named source
whose figure lies inside an annotated content span is checked against that attribution's
source; named claims that lie in no annotated attribution at all are counted as well.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import commit, table  # noqa: E402  (bench/tables.py)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "external" / "attribution"
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "him", "her",
            "them", "us", "me", "his", "its", "their", "our", "my"}
IGNORED = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
           "our", "my", "your", "of", "and", "in", "on", "for", "by", "to", "at", "with",
           "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "s"}
SPEECH_CUES = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|according|add|adds|added|"
                         r"note|notes|noted|write|writes|wrote|state|states|stated|claim|"
                         r"claims|claimed|announce|announced|report|reports|reported|"
                         r"estimate|estimated|explain|explained|argue|argued|joke|joked|reply|"
                         r"replied|lament|lamented|warn|warns|warned|call|called|vow|vowed|"
                         r"insist|insisted|predict|predicted|promise|promised|tweet|tweeted|"
                         r"email|emailed|thank|thanked|ask|asked|boast|boasted)\b", re.IGNORECASE)
EVIDENCE_CUES = re.compile(r"\b(?:show|shows|showed|showing|shown|find|finds|found|give|gives|"
                           r"gave|highlight|highlights|highlighted|uncover|uncovered|suggest|"
                           r"suggests|suggesting|indicate|indicates|reveal|reveals|revealed|"
                           r"release|released|list|lists|listed|had|cite|cites|cited|lays out|"
                           r"laid out|^in$)\b", re.IGNORECASE)

Span = tuple[int, int]


def words(text: str | None) -> set[str]:
    """The words of a name that identify it: lower-cased, no determiners, titles or 's."""
    if not text:
        return set()
    toks = re.findall(r"[\w.-]+", text.lower().replace("’", "'").replace("'s", " "))
    return {t.strip(".-") for t in toks if t.strip(".-") and t.strip(".-") not in IGNORED}


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_pronoun(text: str | None) -> bool:
    return bool(text) and text.strip().lower().strip(",.") in PRONOUNS


@dataclass
class Source:
    """What Tallies says about who gives a figure (the fields of one Claim)."""

    kind: str  # named | unnamed | reporter
    name: str | None = None  # Claim.source
    text: str | None = None  # Claim.source_text
    span: Span | None = None  # Claim.source_start/source_end


def source_match(src: Source, att: dict) -> str | None:
    """How Tallies' source matches the annotated one: "span", "name" or None."""
    if src.kind == "reporter" or att["kind"] != "Attribution" or not att["source_fragments"]:
        return None
    frags = att["source_fragments"]
    if src.span is not None and any(overlaps(src.span, f) for f in frags):
        return "span"
    gold = words(att["source_text"])
    proper = words(" ".join(re.findall(r"\b[A-Z][\w.’'-]*", att["source_text"] or "")))
    shared = (words(src.name) | words(src.text)) & gold
    if shared and (shared & proper or not proper):
        return "name"  # a shared proper name when the annotation has one ("campaign" is not)
    return None


def annotated_kind(att: dict) -> str:
    """named (checkable), pronoun (not checkable) or none (Attribution-no-source)."""
    if att["kind"] != "Attribution" or not att["source_fragments"]:
        return "none"
    return "pronoun" if is_pronoun(att["source_text"]) else "named"


def from_claim(claim) -> Source:
    span = (claim.source_start, claim.source_end) if claim.source_start is not None \
        and claim.source_end is not None else None
    return Source(claim.source_kind, claim.source, claim.source_text, span)


# ---------------------------------------------------------------------------------------------
# Numbers in annotated content, and what Tallies says about each.


@dataclass
class Number:
    doc: str
    span: Span
    text: str
    att: dict
    claims: list = field(default_factory=list)  # Tallies' claims overlapping it
    match: str | None = None  # span | name, when a claim gives the annotated source

    @property
    def gold_kind(self) -> str:
        return annotated_kind(self.att)

    @property
    def said_by(self) -> str:
        """Tallies' source kind for the number: named > unnamed > reporter, or "not found"."""
        kinds = {c.source_kind for c in self.claims}
        for k in ("named", "unnamed", "reporter"):
            if k in kinds:
                return k
        return "not found"


def numbers_in_content(doc: dict) -> list[Number]:
    from tallies.amounts import find_amounts

    text, out = doc["text"], []
    for att in doc["attributions"]:
        for a, b in att["content_fragments"]:
            for am in find_amounts(text[a:b]):
                out.append(Number(doc["doc_id"], (a + am.start, a + am.end), am.text, att))
    return out


def attach(numbers: list[Number], claims: list) -> None:
    for n in numbers:
        n.claims = [c for c in claims if overlaps((c.start, c.end), n.span)]
        for c in n.claims:
            m = source_match(from_claim(c), n.att)
            if m and (n.match is None or m == "span"):
                n.match = m


def named_precision(doc: dict, claims: list) -> list[dict]:
    """Each named claim: where it lies (in an annotated content span, which attribution) and
    whether its source matches that attribution's."""
    out = []
    atts = doc["attributions"]
    for c in claims:
        if c.source_kind != "named":
            continue
        span = (c.start, c.end)
        inside = [a for a in atts if any(overlaps(span, f) for f in a["content_fragments"])]
        row = {"doc": doc["doc_id"], "text": c.text, "start": c.start, "source": c.source,
               "source_text": c.source_text, "cue": c.cue}
        if inside:
            att = inside[0]
            row["where"] = {"named": "content", "pronoun": "content, pronoun source",
                            "none": "content, no source"}[annotated_kind(att)]
            row["match"] = source_match(from_claim(c), att)
            row["gold_source"] = att["source_text"]
            row["gold_cue"] = att["cue_text"]
        elif any(overlaps(span, f) for a in atts
                 for f in a["source_fragments"] + a["cue_fragments"]):
            row["where"] = "source or cue span"
        else:
            row["where"] = "outside"
        out.append(row)
    return out


def miss_cause(n: Number) -> str:
    """Why a number with an annotated source did not get it from Tallies."""
    cue = n.att["cue_text"] or ""
    speech = bool(SPEECH_CUES.search(cue)) or cue.strip() in (":", "—")
    if not n.claims:
        if n.text.lower() in ("one", "a", "an"):
            return "no claim: 'one' / 'a' is not a figure for the extractor"
        return "no claim: found by find_amounts in the content, dropped by the extractor"
    kind = n.said_by
    if kind == "reporter":
        if speech:
            return "reporter, though the cue is a speech verb ('said', 'according to', ':')"
        if EVIDENCE_CUES.search(cue):
            return "reporter, though a record or poll gives it ('FEC records show', 'found')"
        return ("reporter, for a belief, plan or act PolNeAR attributes ('planned', 'agreed', "
                "'know', 'ordered')")
    if kind == "unnamed":
        return "unnamed, where the annotation names the source"
    return "another source named"


# ---------------------------------------------------------------------------------------------
# Running and reporting.


def load_polnear(data: Path) -> list[dict]:
    spec = importlib.util.spec_from_file_location("polnear_load", data / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.iter_documents(splits=("test",)))


def _pct(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f}%)" if n else f"{k} (-)"


def run(data: Path) -> dict:
    from tallies.claims import Extractor

    docs = load_polnear(data)
    t0 = time.perf_counter()
    extractor = Extractor()
    extractor.extract("About 40 people were hurt, police said.")  # warm-up
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = [extractor.extract(d["text"], doc_id=d["doc_id"]) for d in docs]
    seconds = time.perf_counter() - t0
    numbers, named = [], []
    for d, cl in zip(docs, claims):
        ns = numbers_in_content(d)
        attach(ns, cl)
        numbers.extend(ns)
        named.extend(named_precision(d, cl))
    groups = {k: [n for n in numbers if n.gold_kind == k] for k in ("named", "pronoun", "none")}
    causes = defaultdict(list)
    for n in groups["named"]:
        if not n.match:
            causes[miss_cause(n)].append(n)
    inside = [r for r in named if r["where"] == "content"]
    where = Counter(r["where"] for r in named)
    return {
        "data": str(data), "split": "test", "articles": len(docs),
        "characters": sum(len(d["text"]) for d in docs),
        "attributions": sum(len(d["attributions"]) for d in docs),
        "attributions_with_numbers": len({(n.doc, n.att["id"]) for n in numbers}),
        "numbers": len(numbers), "found": sum(bool(n.claims) for n in numbers),
        "by_annotated_source": {k: {
            "numbers": len(g), "found": sum(bool(n.claims) for n in g),
            "source_matched": sum(bool(n.match) for n in g),
            "source_matched_by": dict(Counter(n.match for n in g if n.match).most_common()),
            "said_by": {s: sum(n.said_by == s for n in g)
                        for s in ("named", "unnamed", "reporter", "not found")},
        } for k, g in groups.items()},
        "named_claims": len(named),
        "named_where": {k: where[k] for k in ("content", "content, pronoun source",
                                              "content, no source", "source or cue span",
                                              "outside")},
        "named_in_content_matched": sum(bool(r["match"]) for r in inside),
        "named_in_content_matched_by": dict(Counter(r["match"] for r in inside
                                                    if r["match"]).most_common()),
        "claims": sum(len(c) for c in claims),
        "seconds": round(seconds, 2), "load_seconds": round(load_s, 2),
        "articles_per_second": round(len(docs) / seconds, 1),
        "miss_causes": {k: [_row(n) for n in v] for k, v in
                        sorted(causes.items(), key=lambda kv: -len(kv[1]))},
        "named_wrong": [r for r in inside if not r["match"]],
        "named_outside": [r for r in named if r["where"] == "outside"],
        "_texts": {d["doc_id"]: d["text"] for d in docs},
    }


def _row(n: Number) -> dict:
    return {"doc": n.doc, "start": n.span[0], "number": n.text,
            "gold_source": n.att["source_text"], "gold_cue": n.att["cue_text"],
            "tallies": [f"{c.text!r}: {c.source_kind} {c.source!r}" + (f" ({c.cue})" if c.cue
                                                                        else "")
                        for c in n.claims] or ["no claim"]}


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " ")


def _summary(r: dict, markdown: bool = False) -> list[str]:
    """The two tables, their notes and the speed."""
    g = r["by_annotated_source"]
    cols = ("named", "pronoun", "none")
    out = [(f"PolNeAR test: {r['articles']} articles ({r['characters']:,} characters), first "
            f"annotator, {r['attributions']:,} attributions; {r['attributions_with_numbers']} "
            f"hold a number in their content: {r['numbers']} numbers (find_amounts)"), ""]
    named = g["named"]
    by = named["source_matched_by"]
    rows = [["numbers in annotated content", r["numbers"]] + [g[k]["numbers"] for k in cols],
            ["found by Tallies (a claim on it)", _pct(r["found"], r["numbers"])]
            + [_pct(g[k]["found"], g[k]["numbers"]) for k in cols],
            ["given the annotated source",
             _pct(named["source_matched"], named["numbers"] + g["pronoun"]["numbers"]) + " *",
             _pct(named["source_matched"], named["numbers"]), "not checkable", "n/a"],
            ["  by span overlap / by name words", "",
             f"{by.get('span', 0)} / {by.get('name', 0)}", "", ""],
            ["  share of the numbers found", "",
             _pct(named["source_matched"], named["found"]), "", ""]]
    for kind in ("named", "unnamed", "reporter", "not found"):
        rows.append([f"Tallies says: {kind}", ""] + [g[k]["said_by"][kind] for k in cols])
    out.append(table(["annotated source:", "all", "named or described", "a pronoun",
                       "none (implicit)"], rows, markdown))
    out.append("  * over the numbers with a source, pronoun sources counted as not given")
    none = g["none"]
    consistent = none["said_by"]["reporter"] + none["said_by"]["unnamed"]
    out.append(f"  implicit sources: Tallies' reporter or unnamed is consistent with them for "
               f"{_pct(consistent, none['found'])} of those found")
    out.append("")
    w = r["named_where"]
    k = r["named_in_content_matched"]
    rows = [
        ["Tallies' named claims", r["named_claims"]],
        ["  in annotated content whose source is in the text", w["content"]],
        ["    matching the annotated source (precision)", _pct(k, w["content"])],
        ["  in annotated content whose source is a pronoun", w["content, pronoun source"]],
        ["  in annotated content with an implicit source", w["content, no source"]],
        ["  in an annotated source or cue span", w["source or cue span"]],
        ["  outside any annotated attribution", _pct(w["outside"], r["named_claims"])],
    ]
    out.append(table(["precision of named attributions", ""], rows, markdown))
    out.append("")
    out.append(f"speed: {r['articles']} articles in {r['seconds']:.1f} s "
               f"({r['articles_per_second']:.1f} articles/s, one Extractor.extract per article; "
               f"loading {r['load_seconds']:.1f} s not included), {r['claims']} claims")
    if markdown:  # one block a paragraph: a line right after a table would join it
        out = [line.strip() for line in out if line.strip()]
    return out


def report(r: dict, misses: int = 0) -> str:
    out = _summary(r) + [""]
    texts = r["_texts"]
    total = sum(len(v) for v in r["miss_causes"].values())
    out.append(f"numbers whose annotated source (named or described) Tallies did not give, "
               f"by cause "
               f"({total})")
    for cause, items in r["miss_causes"].items():
        out.append(f"  {len(items):>4}  {cause}")
        for it in items[:misses]:
            out.append(f"          gold: {it['gold_source']!r} ({it['gold_cue']}); Tallies: "
                       + "; ".join(it["tallies"]))
            out.append("            " + _context(texts[it["doc"]], it["start"],
                                                 it["start"] + len(it["number"])))
    out.append(f"Tallies' named attributions in annotated content that name another source "
               f"({len(r['named_wrong'])})")
    for it in r["named_wrong"][:misses]:
        out.append(f"          Tallies: {it['source']!r} ({it['cue']}); gold: "
                   f"{it['gold_source']!r} ({it['gold_cue']})")
        out.append("            " + _context(texts[it["doc"]], it["start"],
                                             it["start"] + len(it["text"])))
    out.append(f"Tallies' named attributions outside any annotated attribution "
               f"({len(r['named_outside'])})")
    for it in r["named_outside"][:misses]:
        out.append(f"          Tallies: {it['source']!r} ({it['cue']})")
        out.append("            " + _context(texts[it["doc"]], it["start"],
                                             it["start"] + len(it["text"])))
    return "\n".join(out)


def markdown(r: dict) -> str:
    """The tables and the causes' counts, for bench/RESULTS.md: no PolNeAR text in it."""
    out = _summary(r, markdown=True)
    causes = r["miss_causes"]
    out.append(f"Numbers whose annotated source (named or described) Tallies did not give, by "
               f"cause ({sum(len(v) for v in causes.values())}; `python bench/polnear_attr.py "
               "--misses 3` shows examples):")
    out.append("\n".join(f"- {len(v)} {cause}" for cause, v in causes.items()))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", nargs="?", const="-", metavar="OUT",
                    help="write the results as JSON to OUT; alone, print only the JSON on "
                         "standard output (the report goes to standard error)")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="show N examples of each cause of a missed or wrong source")
    ap.add_argument("--data", type=Path, default=DATA,
                    help="the PolNeAR folder (default: ../shared/eval/external/attribution)")
    args = ap.parse_args(argv)
    to_stdout = args.json == "-"
    say = (lambda *a: print(*a, file=sys.stderr)) if to_stdout else print  # noqa: E731
    say("$ python bench/polnear_attr.py " + " ".join(argv))
    if not (args.data / "load.py").is_file() or not (args.data / "polnear" / "data").is_dir():
        say(f"bench/polnear_attr.py: needs PolNeAR (load.py and polnear/data) at {args.data}, "
            "i.e. ../shared/eval/external/attribution beside the repository; nothing measured.")
        return 0
    say(f"data: {args.data / 'load.py'} (PolNeAR, test split)")
    result = run(args.data)
    result.update({"command": "python bench/polnear_attr.py " + " ".join(argv),
                   "commit": commit(), "date": time.strftime("%Y-%m-%d"),
                   "machine": f"{platform.platform()}, Python {platform.python_version()}"})
    result["table_markdown"] = markdown(result)
    say()
    say(report(result, args.misses))
    out = {k: v for k, v in result.items() if not k.startswith("_")}
    if to_stdout:
        print(json.dumps(out, indent=1, ensure_ascii=False))
    elif args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
