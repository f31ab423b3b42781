"""Amounts on NewsQuant: how well Tallies finds the numbers in 590 news sentences and reads
their hedges, beside quantulum3 on the same sentences in the same run.

    python bench/newsquant.py [--json [OUT]] [--misses N] [--data DIR] [--no-quantulum]

NewsQuant is CQE's news test set (Almasian et al., EMNLP 2023), kept for evaluation only in
../shared/eval/external/quantities; its load.py is imported from there, nothing is copied.

What is scored. Tallies claims to read counts and percentages, so the main score is on the
gold quantities of those kinds. The restriction is a function of the gold `normalized_unit`
alone (`gold_scope`), with the lists below; everything not listed is kept as a count:

  money      a currency (MONEY_UNITS), or a rate of one ("dollar per barrel"); also "point"
             when the surface unit is "p" (pence: "down 68 p at 1112 p")
  physical   a unit of measurement (PHYSICAL_UNITS), or a rate of one ("mile per hour")
  duration   a span of time (DURATION_UNITS): "15 years", "3.5 seconds"; NewsQuant has no
             clock times, and never annotates dates or years
  age        "year of age", "month of age", "age"
  ratio      what SCHEMA.md calls ratios and rates, not figures: fractions ("a third",
             "half": NewsQuant's units that begin with "%"), multiples ("6.5 times",
             "sixfold": unit "count" written "times"/"-fold"), and counts per something
             ("7.3 points per game", "100 tests per day")
  name       numbers that are names: "5G" (generation wireless), "category one hurricane"

Scorer (the same for every tool): per sentence, one-to-one greedy matching of predictions to
the kept gold in gold order; a value matches when equal within 1e-5 relative; a gold range
"a-b" needs a predicted range with both ends equal (order ignored). A prediction that
matches no kept gold but a left-out one (or one end of a left-out range: "0-to-60-mph") is
neither a true nor a false positive. Not scored at all: Tallies' predictions whose unit is
"money"; Tallies' vague amounts ("dozens", "thousands": no point value, and NewsQuant's few
ranges for such words follow another convention, "thousands" = 1000-10000, so those gold
ranges stay misses); quantulum3's predictions whose unit is a currency, a unit of time or a
physical unit. On matched values the qualifier is compared with load.py's mapping of
NewsQuant's `change`; quantulum3 gives no qualifier, so it is scored as "exact" (or "range"
when it returns an interval): the always-exact baseline.

Tallies is run as the full extractor (`Extractor.extract`, one call per sentence) and as its
amount layer alone (`find_amounts`). Every miss and false positive of both is given a cause
(`miss_cause`, `fp_cause`: heuristics on the text around it, most specific first); --misses N
shows N sentences for each cause. The script runs itself with PYTHONHASHSEED=0: quantulum3's
output moves by a prediction with the hash seed, and seed 0 gives the published row exactly.

Beside it, for comparison with the published figures (CQE value F1 92.0, quantulum3 73.0,
both on ALL 904 gold quantities), every tool is also scored on the unrestricted set with the
published protocol's value-only rule: every prediction counts, gold ranges are compared by
their midpoint, one-to-one matching.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import commit, table  # noqa: E402  (bench/tables.py)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "external" / "quantities"
PUBLISHED = {  # raw/CQE_Evaluation/data/evaluation_output/NewsQuant.csv, value P / R / F1
    "CQE": (92.0, 91.9, 92.0),
    "quantulum3": (65.0, 83.3, 73.0),
}

# ---------------------------------------------------------------------------------------------
# The restriction: which gold quantities are counts and percentages.

MONEY_UNITS = {
    "dollar", "australian dollar", "canadian dollar", "hong kong dollar", "new zealand dollar",
    "singaporean dollar", "united states dollar", "euro", "japanese yen", "chinese yuan",
    "pound sterling", "shekel", "malaysian ringgit", "danish krone", "indian rupee",
    "croatian kuna", "south african rand", "cent", "sen", "penny",
}
PHYSICAL_UNITS = {
    # length, area, volume
    "mile", "inch", "yard", "foot", "kilometre", "metre", "centimetre", "millimetre",
    "micrometre", "nanometre", "square metre", "square mile", "square feet", "square foot",
    "cubic foot", "litre", "millilitre", "gallon", "pint", "quart", "barrel", "barrel of oil",
    # mass, weight
    "gram", "kilogram", "milligram", "ounce", "pound-mass", "ton", "metric ton", "gigaton",
    "dram",
    # power, energy, force, pressure, electricity
    "horsepower", "brake horsepower", "watt", "kilowatt", "megawatt", "gigawatt",
    "kilowatt hour", "gigawatt hour", "calorie", "pound-foot", "foot pound-force",
    "newton metre", "gigapascal", "megapascal", "kilopound per square inch", "volt",
    "exavolt", "kilovolt", "farad", "milliampere-hour", "ampere", "roentgen",
    # frequency, speed, data, sound, concentration, temperature and angle
    "hertz", "kilohertz", "gigahertz", "revolutions per minute", "knot", "gigabyte",
    "megabit", "bit", "decibel", "parts-per-billion", "part per million", "degree",
    "celsius", "fahrenheit",
    # "a tapered 14 gauge syringe tip": a needle gauge
    "tapered 14 gauge syringe tip",
}
DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "second"}
AGE_UNITS = {"year of age", "month of age", "age"}
NAME_UNITS = {"generation wireless", "category hurricane"}
REASONS = ("money", "physical", "duration", "age", "ratio", "name")
_MULTIPLE = re.compile(r"^(?:times|\w+fold)$", re.IGNORECASE)


def gold_scope(q: dict) -> str | None:
    """Why a NewsQuant gold quantity is left out (one of REASONS), or None when it is a count
    or a percentage and is kept."""
    unit = (q.get("normalized_unit") or "-").strip().lower()
    surface = (q.get("unit") or "").strip()
    if unit in AGE_UNITS:
        return "age"
    if unit in NAME_UNITS:
        return "name"
    if unit.startswith("%"):
        return "ratio"  # NewsQuant writes fractions ("a third", "half") as "% <whole>"
    if unit == "count" and _MULTIPLE.match(surface):
        return "ratio"  # "6.5 times earnings", "sixfold"
    if unit == "point" and surface.lower() == "p":
        return "money"  # pence
    head = unit.split(" per ")[0]
    for units, reason in ((MONEY_UNITS, "money"), (PHYSICAL_UNITS, "physical"),
                          (DURATION_UNITS, "duration")):
        if unit in units or head in units:
            return reason
    if " per " in unit and not head.startswith("percent"):
        return "ratio"  # "point per game", "test per day"
    return None


# ---------------------------------------------------------------------------------------------
# Predictions, one shape for every tool.


@dataclass
class Pred:
    """One predicted quantity: a point value, or a range when `is_range`."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    text: str
    start: int = 0
    end: int = 0
    unit: str | None = None
    is_range: bool = False
    scope: str | None = None  # why it is not scored (money, vague, physical...), None if scored

    @property
    def spelled(self) -> bool:
        return not re.search(r"\d", self.text)

    def point(self) -> float | None:
        """One number for the value-only protocol: the value, else the middle of the range."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high


def from_tallies(items) -> list[Pred]:
    """Claims (Extractor.extract) or Amounts (find_amounts) as predictions."""
    out = []
    for c in items:
        scope = "money" if c.unit == "money" else "vague" if c.qualifier == "vague" else None
        out.append(Pred(c.value, c.low, c.high, c.qualifier, c.text, c.start, c.end, c.unit,
                        c.qualifier == "range", scope))
    return out


def _q3_units():
    from quantulum3 import load
    return load.units("en_US").names


def quantulum_scope(unit_name: str, entity: str, dimensions: list[dict], names: dict) -> str | None:
    """Why a quantulum3 quantity is out of scope (money, duration, physical), or None."""
    name = unit_name.lower()
    if name.startswith(("per cent", "percent")) or entity == "dimensionless" and \
            name != "parts-per-billion":
        return None
    if entity == "currency":
        return "money"
    if entity == "time":
        return "duration"
    if entity != "unknown":
        return "physical"
    # a compound quantulum3 could not name: the first unit with a positive power decides
    for dim in dimensions:
        if dim.get("power", 0) > 0:
            unit = names.get(dim["base"])
            ent = unit.entity.name if unit is not None else "unknown"
            if ent == "currency":
                return "money"
            if ent == "time":
                return "duration"
            return None if ent == "dimensionless" else "physical"
    return "ratio"  # "per week", "per barrel": a rate with no unit above the line


def from_quantulum(quantities, names: dict) -> list[Pred]:
    out = []
    for q in quantities:
        value = float(q.value)
        unc = float(q.uncertainty) if getattr(q, "uncertainty", None) else 0.0
        is_range = unc > 0
        low, high = (value - unc, value + unc) if is_range else (value, value)
        scope = quantulum_scope(q.unit.name, q.unit.entity.name, q.unit.dimensions or [], names)
        out.append(Pred(None if is_range else value, low, high,
                        "range" if is_range else "exact", q.surface, q.span[0], q.span[1],
                        q.unit.name, is_range, scope))
    return out


# ---------------------------------------------------------------------------------------------
# Matching and scores.


def close(a: float | None, b: float | None) -> bool:
    """Equal within 1e-5 relative (and 1e-8 absolute, for zero)."""
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def value_match(pred: Pred, gold: dict) -> bool:
    """The restricted scorer's rule: point to point, range to range (both ends)."""
    if gold.get("is_range"):
        if not pred.is_range or pred.low is None or pred.high is None:
            return False
        g_lo, g_hi = sorted((gold["low"], gold["high"]))
        p_lo, p_hi = sorted((pred.low, pred.high))
        return close(p_lo, g_lo) and close(p_hi, g_hi)
    return not pred.is_range and close(pred.value, gold["value"])


def midpoint_match(pred: Pred, gold: dict) -> bool:
    """The published protocol's value-only rule: one number each, ranges by their midpoint."""
    return close(pred.point(), gold["value"])


@dataclass
class SentenceMatch:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (gold index, pred index)
    missed: list[int] = field(default_factory=list)  # kept gold not matched
    false_pos: list[int] = field(default_factory=list)
    neutral: list[int] = field(default_factory=list)  # matched a left-out gold
    neutral_gold: list[int] = field(default_factory=list)  # the left-out gold they matched
    unscored: list[int] = field(default_factory=list)  # out of scope (money, vague...)


def match_sentence(gold: list[dict], preds: list[Pred], kept: list[bool],
                   rule=value_match) -> SentenceMatch:
    """One-to-one greedy matching: each kept gold, in order, takes the first unused scored
    prediction that matches it; the remaining predictions that match a left-out gold are
    neutral, and the rest are false positives."""
    m = SentenceMatch()
    scored = [j for j, p in enumerate(preds) if p.scope is None]
    m.unscored = [j for j, p in enumerate(preds) if p.scope is not None]
    used: set[int] = set()
    for i, g in enumerate(gold):
        if not kept[i]:
            continue
        j = next((j for j in scored if j not in used and rule(preds[j], g)), None)
        if j is None:
            m.missed.append(i)
        else:
            used.add(j)
            m.pairs.append((i, j))
    for i, g in enumerate(gold):
        if kept[i]:
            continue
        j = next((j for j in scored if j not in used and rule(preds[j], g)), None)
        if j is not None:
            used.add(j)
            m.neutral.append(j)
            m.neutral_gold.append(i)
        elif g.get("is_range") and rule is value_match:
            # "0-to-60-mph", "from 13.5 to 14.0 mm" read as two numbers: each end is part of
            # a left-out quantity, so neutral too
            for end in (g["low"], g["high"]):
                j = next((j for j in scored if j not in used and not preds[j].is_range
                          and close(preds[j].value, end)), None)
                if j is not None:
                    used.add(j)
                    m.neutral.append(j)
                    if i not in m.neutral_gold:
                        m.neutral_gold.append(i)
    m.false_pos = [j for j in scored if j not in used]
    return m


def prf(tp: int, n_gold: int, n_pred: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}


def score(examples: list[dict], preds: list[list[Pred]], restricted: bool = True) -> dict:
    """Value P/R/F1 and qualifier accuracy over all sentences.

    restricted: the kept gold only, the value_match rule, out-of-scope predictions unscored.
    Otherwise: every gold and every prediction, the midpoint rule (the published protocol)."""
    tp = n_gold = n_pred = neutral = unscored = 0
    qual_ok = 0
    recall_by = defaultdict(lambda: [0, 0])
    confusion = Counter()
    unscored_by = Counter()
    matches = []
    for ex, ps in zip(examples, preds):
        gold = ex["quantities"]
        if restricted:
            kept = [gold_scope(q) is None for q in gold]
            m = match_sentence(gold, ps, kept, value_match)
        else:
            kept = [True] * len(gold)
            m = match_sentence(gold, [Pred(**{**asdict(p), "scope": None}) for p in ps], kept,
                               midpoint_match)
        matches.append(m)
        n_gold += sum(kept)
        n_pred += len(ps) - len(m.unscored) - len(m.neutral)
        neutral += len(m.neutral)
        unscored += len(m.unscored)
        unscored_by.update(ps[j].scope for j in m.unscored)
        tp += len(m.pairs)
        for i, g in enumerate(gold):
            if kept[i]:
                recall_by[g["qualifier"]][1] += 1
        for i, j in m.pairs:
            g, p = gold[i], ps[j]
            recall_by[g["qualifier"]][0] += 1
            qual_ok += g["qualifier"] == p.qualifier
            confusion[(g["qualifier"], p.qualifier)] += 1
    out = {"gold": n_gold, "predicted": n_pred, "tp": tp, "fp": n_pred - tp, "fn": n_gold - tp,
           "value": prf(tp, n_gold, n_pred)}
    if restricted:
        out.update({
            "neutral": neutral, "not_scored": unscored,
            "not_scored_by": dict(unscored_by.most_common()),
            "qualifier_accuracy": round(100 * qual_ok / tp, 1) if tp else None,
            "qualifier_correct": qual_ok,
            "recall_by_qualifier": {k: f"{h}/{n}" for k, (h, n) in
                                    sorted(recall_by.items(), key=lambda kv: -kv[1][1])},
            "qualifier_confusion": {f"{g}->{p}": n for (g, p), n in confusion.most_common()
                                    if g != p},
        })
    out["_matches"] = matches
    return out


# ---------------------------------------------------------------------------------------------
# Running the tools.


def load_newsquant(data: Path) -> list[dict]:
    spec = importlib.util.spec_from_file_location("newsquant_load", data / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.iter_examples("NewsQuant"))


def timed(fn, examples: list[dict]) -> tuple[list, float]:
    t0 = time.perf_counter()
    out = [fn(ex) for ex in examples]
    return out, time.perf_counter() - t0


def run_tallies(examples: list[dict]) -> dict:
    from tallies.amounts import find_amounts
    from tallies.claims import Extractor

    t0 = time.perf_counter()
    extractor = Extractor()
    extractor.extract("About 40 people were hurt, police said.")  # warm-up: first parse
    load_s = time.perf_counter() - t0
    claims, dt = timed(lambda ex: extractor.extract(ex["text"], doc_id=ex["id"]), examples)
    amounts, dt_a = timed(lambda ex: find_amounts(ex["text"]), examples)
    return {"claims": claims, "amounts": amounts, "seconds": dt, "amount_seconds": dt_a,
            "load_seconds": load_s}


def run_quantulum(examples: list[dict]) -> dict | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None
    names = _q3_units()

    def parse(ex):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parser.parse(ex["text"])

    t0 = time.perf_counter()
    parse({"text": "warm up 2 km"})  # the first call loads the unit tables
    load_s = time.perf_counter() - t0
    raw, dt = timed(parse, examples)
    return {"quantities": raw, "preds": [from_quantulum(r, names) for r in raw], "seconds": dt,
            "load_seconds": load_s}


# ---------------------------------------------------------------------------------------------
# Error analysis: why Tallies missed a kept gold quantity or predicted one the gold lacks.
# Heuristic, ordered from the most specific cause to the least; each names what to fix.

_UNIT_AFTER = re.compile(
    r"^\s?-?\s?(?:km/h|km|kph|mph|mpg|mm|cm|m|kg|mg|g|lbs?|oz|w|kw|mw|gw|kwh|mah|hz|khz|mhz|ghz|"
    r"gb|mb|tb|hp|bhp|min|mins|sec|secs|ms|ft|feet|foot|inch(?:es)?|yards?|miles?|"
    r"met(?:re|er)s?|lit(?:re|er)s?|milligrams?|grams?|kilograms?|ounces?|pounds?|tonnes?|"
    r"degrees?|fahrenheit|celsius|°|a/cm2|ppg|rpg|apg|horses|horsepower|volts?|watts?)\b",
    re.IGNORECASE)
_ADDRESS_AFTER = re.compile(r"^\s?(?:[A-Z]\.?\s|[A-Z][a-z]+\s){0,2}(?:ZIP|Zip|St|Street|Road|"
                            r"Rd|Avenue|Ave|Way|Lane|Drive|Boulevard|\d+(?:st|nd|rd|th)\s+St)\b")
_SCORE = re.compile(r"(?<!\d)(?<!\d[.,])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d%])(?![.,]\d)")
_CURRENCY = r"(?:euros?|yuan|dollars?|pounds?|yen|rupees?|shekels?|ringgit|sen|pence|p)\b"
_MONEY_AFTER = re.compile(r"^(?:\s?(?:to|or|-|–)\s?\$?[\d.,]+(?:-[\d.,]+)?)?"
                          r"\s?(?:million|billion|bn|m|k)?\s?" + _CURRENCY, re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:Y=|\$|€|£|¥|RM|S\s?\$|US)\s?$")
_FRACTION = re.compile(r"^\s?-?(?:thirds?|fourths?|quarters?|halves|fifths?|tenths?)\b",
                       re.IGNORECASE)
_SCALE_AFTER = re.compile(r"^\s?(?:hundred|thousand|million|billion|trillion|[mMbBkK]n?)\b")
_PC = re.compile(r"\d(?:pc|pct)\b", re.IGNORECASE)
_SCALE_SUFFIX = re.compile(r"\d(?:[mMbBkK]|mn|bn|mil)\b")
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w&.+-]*|\b[a-z]+[A-Z]\w*|\b(?:sp|nasdaq|ftse|stoxx|"
                          r"dax|cac|big|ta|hiv|iso|covid))\s?[-#.]?\s?$", re.IGNORECASE)


TWO_FIGURES = "gold range 'from A to B' or score 'A-B' read as two figures"


def _scaled(a: float | None, b: float | None) -> bool:
    """a and b differ by a power of ten (1e-3 .. 1e9), or only by their sign."""
    if not a or not b:
        return False
    if close(-a, b):
        return True
    return any(close(a * 10 ** k, b) for k in (-9, -6, -3, -2, -1, 1, 2, 3, 6, 9))


def _off_by(text: str, pred: Pred, gold_value: float) -> str | None:
    """How a predicted number differs from the gold one, when only by sign or scale."""
    v = pred.point()
    if not _scaled(v, gold_value):
        return None
    if close(-v, gold_value):
        return "minus sign dropped ('-1.3%', '$-50.8bn')"
    if pred.start and text[pred.start - 1] == "." and not text[:pred.start - 1][-1:].isdigit():
        return "leading decimal point dropped ('.500', '.001 per cent')"
    if abs(v) < abs(gold_value) and _SCALE_AFTER.match(text[pred.end:]):
        return "scale word after the number not applied ('4 hundred million', 'about 8 B')"
    return "value off by a power of ten (a misreading, or a gold error)"


def miss_cause(text: str, gold: dict, free: list[Pred], amounts: list[Pred], cands) -> str:
    """Why a kept gold quantity found no scored Tallies prediction. `free`: the layer's
    predictions not matched to any gold (false positives and unscored ones)."""
    lo, hi = sorted((gold["low"], gold["high"]))
    points = [p for p in free if not p.is_range and p.value is not None]
    if gold["is_range"]:
        if any(close(p.value, lo) for p in points) and any(close(p.value, hi) for p in points):
            return TWO_FIGURES
        if any(p.is_range and (close(p.low, lo) or close(p.high, hi)) for p in free):
            return "range read with a wrong end ('four to five thousand' -> 4-5000)"
    if any(p.scope == "vague" and (gold["is_range"] or p.low / 10 <= gold["value"] <= p.high * 10)
           for p in free):
        return "vague amount ('dozens', 'thousands'): not scored; NewsQuant gives a range"
    for p in free:
        if p.is_range and (close(p.low, gold["value"]) or close(p.high, gold["value"])):
            if re.search(r"%|per ?cent|percent", p.text) and " to " in p.text:
                return "change 'up X% to Y' read as one range X-Y"
            return "read as an end of a range"
    if any(p.scope == "money" and value_match(p, gold) for p in free):
        return "read as money"
    if any(value_match(p, gold) for p in amounts):
        if gold["value"] == 1 and any(value_match(p, gold) and p.text.lower() == "one"
                                      for p in amounts):
            return "'one' ('one of the best') found, dropped by the extractor"
        return "found by find_amounts, dropped by the extractor"
    for c in cands:
        a = c.amount
        p = Pred(a.value, a.low, a.high, a.qualifier, a.text, is_range=a.qualifier == "range")
        if c.rejected and value_match(p, gold):
            return f"rejected by the amount parser as {c.rejected}"
    for p in free:
        off = _off_by(text, p, gold["value"])
        if off:
            return off
    if _PC.search(text):
        return "'pc' (per cent) not read"
    if _SCALE_SUFFIX.search(text):
        return "scale suffix not read ('35m', '4.3M')"
    return "not read at all"


def fp_cause(text: str, pred: Pred, gold: list[dict]) -> str:
    """Why a scored Tallies prediction matched no gold quantity. `gold`: the sentence's gold
    quantities, kept or left out, that no prediction matched."""
    before, after = text[:pred.start], text[pred.end:]
    if pred.is_range:
        if any(close(pred.low, g["value"]) or close(pred.high, g["value"]) for g in gold):
            if re.search(r"%|per ?cent|percent", pred.text) and " to " in pred.text:
                return "change 'up X% to Y' read as one range X-Y"
            return "range where NewsQuant has separate figures"
        if any(g["is_range"] and (close(pred.low, min(g["low"], g["high"]))
                                  or close(pred.high, max(g["low"], g["high"]))) for g in gold):
            return "range read with a wrong end ('four to five thousand' -> 4-5000)"
    elif any(g["is_range"] and (close(pred.value, g["low"]) or close(pred.value, g["high"]))
             for g in gold):
        return TWO_FIGURES
    for g in gold:
        off = _off_by(text, pred, g["value"])
        if off:
            return off
    v = pred.point()
    if not pred.spelled and re.fullmatch(r"\d{4}", pred.text) and v and 1000 <= v <= 2200:
        return "a year read as a figure"
    if not pred.spelled and not pred.unit and not pred.is_range and any(
            m.start() <= pred.start < m.end() for m in _SCORE.finditer(text)):
        return "score or tally ('2-1', '89-89')"
    if _UNIT_AFTER.match(after) or re.match(r"^\s?(?:to|-|–)\s?[\d.]+\s?\w*", after) and \
            _UNIT_AFTER.match(re.sub(r"^\s?(?:to|-|–)\s?[\d.]+", "", after)):
        return "measurement unit not recognised ('80km/h', '387 Fahrenheit', '4500 mAh')"
    if _ADDRESS_AFTER.match(after) or re.search(r"\bZIP\b", after[:12]):
        return "address or postcode"
    if re.search(r"[×⁄/]\s?$", before) or re.match(r"^\s?[×⁄/^]", after):
        return "scientific notation or fraction ('1.99×10−30', '1⁄32')"
    if _FRACTION.match(after) or re.search(r"\bout of\s$", before):
        return "fraction read as a count ('two-thirds', 'one out of three')"
    if _MONEY_AFTER.match(after) or _MONEY_BEFORE.search(before):
        return "money not recognised ('24.2 to 33-35 billion euros', 'Y=590 billion')"
    if not pred.spelled and (_NAME_BEFORE.search(before) or re.match(r"^\s?[A-Z][a-z]", after)):
        return "number in a name or model ('iPhone 11', 'S&P 500', '737 Max')"
    if pred.spelled:
        return "number word the gold does not have ('Kick Six', 'one refinery')"
    return "other number NewsQuant does not annotate (ratings, labels, lists)"


def analyse(examples: list[dict], preds: list[list[Pred]], amounts: list[list[Pred]],
            matches: list[SentenceMatch]) -> dict:
    """Every miss and false positive of one Tallies layer, with its cause and the sentence."""
    from tallies.amounts import scan

    misses, fps = defaultdict(list), defaultdict(list)
    for ex, ps, am, m in zip(examples, preds, amounts, matches):
        text, gold = ex["text"], ex["quantities"]
        cands = scan(text) if m.missed else []
        free = [ps[j] for j in m.false_pos + m.unscored]
        unmatched = [gold[i] for i in range(len(gold))
                     if i in m.missed or (gold_scope(gold[i]) and i not in m.neutral_gold)]
        for i in m.missed:
            g = gold[i]
            said = ", ".join(f"{p.text!r}" + (f" ({p.scope})" if p.scope else "") for p in ps)
            misses[miss_cause(text, g, free, am, cands)].append({
                "id": ex["id"], "sentence": text, "gold": g["value_raw"],
                "qualifier": g["qualifier"], "unit": g["unit"], "tallies": said or "nothing"})
        for j in m.false_pos:
            p = ps[j]
            marked = text[:p.start] + "[[" + text[p.start:p.end] + "]]" + text[p.end:]
            fps[fp_cause(text, p, unmatched)].append({
                "id": ex["id"], "sentence": marked, "tallies": p.text, "qualifier": p.qualifier,
                "gold": [q["value_raw"] for q in gold]})
    def by_size(d):
        return dict(sorted(d.items(), key=lambda kv: -len(kv[1])))
    return {"misses": by_size(misses), "false_positives": by_size(fps)}


# ---------------------------------------------------------------------------------------------
# Report.


def _fmt_prf(d: dict) -> str:
    v = d["value"]
    return f"{v['precision']:.1f} / {v['recall']:.1f} / {v['f1']:.1f}"


def run(data: Path, with_quantulum: bool = True) -> dict:
    """Load NewsQuant, run the tools, score them; the result is what main prints."""
    examples = load_newsquant(data)
    reasons = Counter(gold_scope(q) for ex in examples for q in ex["quantities"])
    tallies = run_tallies(examples)
    q3 = run_quantulum(examples) if with_quantulum else None
    n = len(examples)
    tools = {
        "Tallies extract": ([from_tallies(c) for c in tallies["claims"]], tallies["seconds"]),
        "Tallies find_amounts": ([from_tallies(a) for a in tallies["amounts"]],
                                 tallies["amount_seconds"]),
    }
    if q3 is not None:
        tools["quantulum3 0.10.0"] = (q3["preds"], q3["seconds"])
    result = {
        "data": str(data), "sentences": n,
        "gold": sum(reasons.values()), "kept": reasons[None],
        "left_out": {r: reasons[r] for r in REASONS},
        "quantulum3": q3 is not None, "tools": {},
        "load_seconds": {"Tallies": round(tallies["load_seconds"], 2),
                         **({"quantulum3": round(q3["load_seconds"], 2)} if q3 else {})},
        "published": {k: {"precision": p, "recall": r, "f1": f}
                      for k, (p, r, f) in PUBLISHED.items()},
    }
    for name, (preds, seconds) in tools.items():
        restricted = score(examples, preds, restricted=True)
        unrestricted = score(examples, preds, restricted=False)
        entry = {"restricted": {k: v for k, v in restricted.items() if k != "_matches"},
                 "unrestricted": {k: v for k, v in unrestricted.items() if k != "_matches"},
                 "seconds": round(seconds, 3), "sentences_per_second": round(n / seconds, 1)}
        if name.startswith("Tallies"):
            amounts = tools["Tallies find_amounts"][0]
            entry["errors"] = analyse(examples, preds, amounts, restricted["_matches"])
        result["tools"][name] = entry
    return result


def _summary(result: dict, markdown: bool = False) -> list[str]:
    """The restriction, the two tables and their notes."""
    tools = result["tools"]
    names = list(tools)
    left = result["left_out"]
    out = [f"NewsQuant: {result['sentences']} sentences, {result['gold']} gold quantities; "
           f"restriction on the gold normalized_unit: kept {result['kept']} counts and "
           f"percentages, left out {result['gold'] - result['kept']}: "
           + ", ".join(f"{r} {left[r]}" for r in REASONS), ""]
    rows = []
    r = {k: tools[k]["restricted"] for k in names}
    rows.append(["kept gold quantities"] + [r[k]["gold"] for k in names])
    rows.append(["predictions scored"] + [r[k]["predicted"] for k in names])
    rows.append(["  not scored (money, vague, units)"] + [r[k]["not_scored"] for k in names])
    rows.append(["  matched a left-out gold (neutral)"] + [r[k]["neutral"] for k in names])
    rows.append(["TP / FP / FN"] + [f"{r[k]['tp']} / {r[k]['fp']} / {r[k]['fn']}" for k in names])
    rows.append(["value P / R / F1"] + [_fmt_prf(r[k]) for k in names])
    rows.append(["qualifier accuracy on matched"] + [
        f"{r[k]['qualifier_accuracy']:.1f} ({r[k]['qualifier_correct']}/{r[k]['tp']})"
        + (" *" if k.startswith("quantulum3") else "") for k in names])
    quals = list(r[names[0]]["recall_by_qualifier"])
    for q in quals:
        rows.append([f"  value recall, gold {q}"] + [r[k]["recall_by_qualifier"].get(q, "-")
                                                     for k in names])
    rows.append(["sentences / second"] + [f"{tools[k]['sentences_per_second']:.0f}"
                                          for k in names])
    out.append("RESTRICTED SET (counts and percentages), one-to-one, ranges by both ends")
    out.append(table(["restricted set" if markdown else ""] + names, rows, markdown))
    if any(k.startswith("quantulum3") for k in names):
        out.append("  * quantulum3 gives no qualifier: scored as exact (or range): the "
                   "always-exact baseline")
    for k in names:
        if k.startswith("Tallies") and r[k]["qualifier_confusion"]:
            out.append(f"  {k}, qualifier errors (gold->Tallies): " + ", ".join(
                f"{pair} {n}" for pair, n in r[k]["qualifier_confusion"].items()))
    out.append("")
    rows = []
    u = {k: tools[k]["unrestricted"] for k in names}
    rows.append(["gold quantities"] + [u[k]["gold"] for k in names] + ["904", "904"])
    rows.append(["predictions"] + [u[k]["predicted"] for k in names] + ["", ""])
    rows.append(["value P / R / F1"] + [_fmt_prf(u[k]) for k in names]
                + ["{:.1f} / {:.1f} / {:.1f}".format(*PUBLISHED[t]) for t in PUBLISHED])
    out.append("UNRESTRICTED SET (all 904 gold, every prediction), value only, ranges by "
               "midpoint: the published protocol")
    out.append(table(["unrestricted set" if markdown else ""] + names
                      + ["CQE (published)", "quantulum3 (published)"], rows, markdown))
    out.append("  the published figures are on the unrestricted set; the restricted figures "
               "above are not comparable with them")
    if markdown:  # one block a paragraph: a line right after a table would join it
        out = [line.strip() for line in out if line.strip()]
    return out


def report(result: dict, misses: int = 0) -> str:
    tools = result["tools"]
    out = _summary(result) + [""]
    for name in (k for k in tools if "errors" in tools[k]):
        errs = tools[name]["errors"]
        for kind in ("misses", "false_positives"):
            groups = errs[kind]
            total = sum(len(v) for v in groups.values())
            out.append(f"{name}: {kind.replace('_', ' ')} on the restricted set by cause "
                       f"({total})")
            for cause, items in groups.items():
                out.append(f"  {len(items):>4}  {cause}")
                for it in items[:misses]:
                    if kind == "misses":
                        out.append(f"          gold {it['gold']} {it['qualifier']} "
                                   f"{it['unit']!r}; Tallies: {it['tallies']}")
                    else:
                        out.append(f"          Tallies {it['tallies']!r} ({it['qualifier']}); "
                                   f"gold: {', '.join(it['gold']) or 'none'}")
                    out.append(f"            {it['sentence'][:220]}")
        out.append("")
    return "\n".join(out)


def markdown(result: dict, top: int = 10) -> str:
    """The tables and the top causes, for bench/RESULTS.md: no NewsQuant text in it."""
    out = _summary(result, markdown=True)
    errs = result["tools"]["Tallies extract"]["errors"]
    for kind, title in (("misses", "misses"), ("false_positives", "false positives")):
        groups = errs[kind]
        out.append(f"Tallies extract, top causes of {title} on the restricted set "
                   f"({sum(len(v) for v in groups.values())} in all; "
                   "`python bench/newsquant.py --misses 3` shows examples):")
        out.append("\n".join(f"- {len(v)} {cause}" for cause, v in list(groups.items())[:top]))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", nargs="?", const="-", metavar="OUT",
                    help="write the results as JSON to OUT; alone, print only the JSON on "
                         "standard output (the report goes to standard error)")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="show N examples of each cause of a miss or false positive")
    ap.add_argument("--data", type=Path, default=DATA,
                    help="the NewsQuant folder (default: ../shared/eval/external/quantities)")
    ap.add_argument("--no-quantulum", action="store_true", help="run Tallies alone")
    args = ap.parse_args(argv)
    to_stdout = args.json == "-"
    say = (lambda *a: print(*a, file=sys.stderr)) if to_stdout else print  # noqa: E731
    say("$ python bench/newsquant.py " + " ".join(argv))
    if not (args.data / "load.py").is_file():
        say(f"bench/newsquant.py: needs NewsQuant (load.py and raw/) at {args.data}, i.e. "
            "../shared/eval/external/quantities beside the repository; nothing measured.")
        return 0
    say(f"data: {args.data / 'load.py'} (NewsQuant)")
    with_q3 = not args.no_quantulum
    if with_q3:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import quantulum3  # noqa: F401
        except ImportError:
            say("quantulum3 is not installed (pip install --require-hashes -r "
                "requirements/bench.txt): reporting Tallies alone.")
            with_q3 = False
    result = run(args.data, with_q3)
    result.update({"command": "python bench/newsquant.py " + " ".join(argv),
                   "commit": commit(), "date": time.strftime("%Y-%m-%d"),
                   "machine": f"{platform.platform()}, {platform.processor() or '?'}, "
                              f"Python {platform.python_version()}"})
    result["table_markdown"] = markdown(result)
    say("load (seconds, not in the rates below): " + ", ".join(
        f"{k} {v}" for k, v in result["load_seconds"].items()))
    say()
    say(report(result, args.misses))
    if to_stdout:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    elif args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # quantulum3's output varies by a prediction or two with the hash seed; a fixed seed
        # makes the figures repeatable (and, at 0, equal to the published quantulum3 row)
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    sys.exit(main())
