"""Reconciliation: the sources of one event side by side, per measure and thing counted, and
what a careful monitor would say the figure is.

The rule (also in docs/reconciliation.md):

1. The figures: every claim of the event with this measure and thing counted ("people",
   "children", "vehicle", "drone"...), running totals excepted. The outlets' own figures
   ("reporter": headlines, summaries) are left out when any source is named for the measure,
   because an outlet's "63 dead" restates someone's count; when nobody is named they are used
   and the result says so.
2. One history per originating source (the canonical source; a spokesman counts as the body
   he speaks for): its figures in the order they first appeared (publication date, then
   position in the article; of figures first given on the same day, a hedged first count
   ("at least seven", "more than 70") comes before an exact one, and tolls of dead and hurt
   lowest first, as they only rise within a day), each figure once however many copies
   and later articles repeat it. A revision such as 63 then 89 is one source's history, not two
   sources. The last figure is the source's current one; an earlier figure quoted again later
   is a reference to the past, not a revision back.
3. Each figure is an interval: exact and approximate figures are a point; "over 60" is 61 or
   more; "up to 10" is 10 or fewer; "several hundred" is 200-900 (the qualifier's interval from
   the extractor), with a best value of its value, the bound it gives, or the geometric middle
   of a range.
4. Two current figures agree when their intervals overlap or the smaller is at least
   `reconcile.agree_ratio` of the larger.
5. Low / best / high over the sources' current figures: low is the smallest lower bound, high
   the largest upper bound (a figure open above counts with its lower bound), best the median
   of the sources' best values (with an even number of sources, the lower middle one: always a
   figure someone gave).
6. Grade:
   - contested: two sources' current figures do not agree (the reason names the two furthest
     apart, with their histories and the factor between them);
   - confirmed: no disagreement, and two or more independent sources each of whose best
     figure falls in (or within `agree_ratio` of) the other's interval ("at least 7" and "up to
     10" confirm each other; "at least 15" does not confirm 1,450): different canonical
     sources (copies of one report are one report, and a spokesman is his body), on different
     sides or independent bodies (monitors, NGOs), unless `reconcile.same_side_confirms`;
     the outlets' own figures never confirm;
   - single source: otherwise (one source, however often repeated or revised; or only sources
     on one side).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from .records import Figure, History, Reconciliation

PERSON_MEASURES = {"killed", "injured", "casualties", "missing", "captured", "arrested",
                   "displaced", "evacuated", "present"}
RISING = {"killed", "injured", "casualties"}  # within one day a toll only rises
_PEOPLE = {
    "people", "person", "persons", "civilian", "civilians", "soldier", "soldiers", "troop",
    "troops", "servicemen", "serviceman", "servicemembers", "personnel", "fighter", "fighters",
    "militants", "militant", "men", "man", "resident", "residents", "inhabitants", "victim",
    "victims", "dead", "death", "deaths", "body", "bodies", "casualty", "casualties", "life",
    "lives", "individual", "individuals", "conscript", "conscripts", "occupiers", "mobilised",
    "mobilized", "worker", "workers", "migrant", "migrants", "refugee", "refugees", "prisoner",
    "prisoners", "pow", "pows", "hostage", "hostages", "detainee", "detainees", "passenger",
    "passengers", "patient", "patients", "pilgrim", "pilgrims", "protester", "protesters",
    "demonstrator", "demonstrators", "policemen", "officer", "officers", "crew", "sailors",
    "marines", "paratroopers", "recruits", "wounded", "injured", "killed", "missing", "member",
    "members", "servicemember", "service", "combatants", "others", "adults", "wounded people",
    "survivors", "evacuees", "displaced",
}
_CHILDREN = {"children", "child", "kids", "kid", "boys", "boy", "girls", "girl", "minors",
             "minor", "teenagers", "babies", "baby", "infants", "infant"}
_WOMEN = {"women", "woman"}
_SAME_THING = {"rocket": "missile", "home": "house", "dwelling": "house"}


def subject_of(counted: str | None, measure: str) -> str:
    """What a figure counts, coarsely: "people" (soldiers, civilians and the dead alike),
    "children", "women", or the head noun of other things ("vehicle", "drone", "house")."""
    if not counted:
        return "people" if measure in PERSON_MEASURES else ""
    words = re.findall(r"[a-z]+", counted.lower())
    if not words:
        return "people" if measure in PERSON_MEASURES else ""
    head = words[-1]
    if head in _CHILDREN or any(w in _CHILDREN for w in words[-2:]):
        return "children"
    if head in _WOMEN:
        return "women"
    if head in _PEOPLE:
        return "people"
    singular = _singular(head)
    return _SAME_THING.get(singular, singular)


_MORE_AFTER = re.compile(r"^\s*(?:more|additional|further|new)\b", re.I)
_PART_AFTER = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?(?:of|among)\s+(?:them|whom|those|these|"
                         r"the (?:dead|wounded|injured|victims|killed|missing|bodies|displaced|"
                         r"evacuees|evacuated|survivors|casualties))\b", re.I)


def part_of(sentence: str, start: int, end: int) -> str | None:
    """"increment" for a figure that adds to a toll ("two more bodies", "another 18", "rose
    by 12"), "subset" for a part of another toll ("11 of them seriously", "nine of whom
    children", "two of the wounded"): neither is a toll of its own. ("81 of the drones were
    shot down" is a toll of drones shot down.) Offsets are in the sentence."""
    before, after = sentence[max(0, start - 30):start], sentence[end:end + 40]
    if _MORE_AFTER.match(after) or re.search(r"\b(?:another|an additional|a further)\s+$",
                                              before, re.I):
        return "increment"
    if re.search(r"\b(?:rose|risen|rising|increased|climbed|jumped|grew|went up|up|down)"
                 r"\s+by\s+$", before, re.I):
        return "increment"  # "rose by 12"
    if _PART_AFTER.match(after):
        return "subset"
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitClaim:
    """A claim as reconciliation sees it."""

    claim_id: int
    voice_id: str
    voice: str  # the voice's canonical name
    side: str | None
    outlet_voice: bool  # the outlet's own words (reporter)
    reported: str | None  # publication date
    order: int  # position among all claims (article order, then in the article)
    article_id: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    generic: bool = False  # the voice is a country or its army/government, nothing narrower
    kind: str = "body"  # the voice's kind: body, person, country, unnamed, outlet


def merge_generic(claims: list[UnitClaim]) -> list[UnitClaim]:
    """A country ("Dravania says...") or its unnamed-for army or government is, for one
    event and measure, the one official body of that side that gives figures for it, when
    there is exactly one: "Dravania 89" is the Dravanian ministry's 89."""
    bodies: dict[str, set] = defaultdict(set)
    for c in claims:
        if c.side and not c.generic and c.kind in ("body", "person"):
            bodies[c.side].add((c.voice_id, c.voice))
    out = []
    for c in claims:
        if c.generic and c.side and len(bodies.get(c.side, ())) == 1:
            voice_id, voice = next(iter(bodies[c.side]))
            c = replace(c, voice_id=voice_id, voice=voice)
        out.append(c)
    return out


def bounds(qualifier: str, value, low, high) -> tuple[float | None, float | None, float | None]:
    """(lower, best, upper) of a figure; None is open."""
    if qualifier in ("exact", "approximate") and value is not None:
        return value, value, value
    if qualifier == "at_least":
        lo = low if low is not None else value
        return lo, lo, None
    if qualifier == "at_most":
        hi = high if high is not None else value
        return None, hi, hi
    if low is not None and high is not None:
        return low, round(math.sqrt(low * high)) if low > 0 else (low + high) / 2, high
    point = value if value is not None else (low if low is not None else high)
    return low, point, high


def figure_text(qualifier: str, value, low, high, stated: str) -> str:
    """A figure as short as it can be said: 63, ~450, >60, ≥130, ≤10, 100–300, several hundred."""
    def n(x):
        return f"{x:,.0f}" if x is not None and float(x).is_integer() else f"{x:,}"
    if qualifier == "exact" and value is not None:
        return n(value)
    if qualifier == "approximate" and value is not None:
        return "~" + n(value)
    if qualifier == "at_least":
        if value is not None and low is not None and low > value:
            return ">" + n(value)
        return "≥" + n(low if low is not None else value)
    if qualifier == "at_most":
        if value is not None and high is not None and high < value:
            return "<" + n(value)
        return "≤" + n(high if high is not None else value)
    if qualifier == "range" and low is not None and high is not None:
        return f"{n(low)}–{n(high)}"
    return stated.strip("“”\"' ")


def agree(a: Figure, b: Figure, ratio: float) -> bool:
    """Intervals that overlap, or whose nearest ends are within `ratio` of each other."""
    a_lo = a.low if a.low is not None else 0.0
    b_lo = b.low if b.low is not None else 0.0
    a_hi = a.high if a.high is not None else math.inf
    b_hi = b.high if b.high is not None else math.inf
    if a_lo <= b_hi and b_lo <= a_hi:
        return True
    small, large = (a_hi, b_lo) if a_hi < b_lo else (b_hi, a_lo)
    return large > 0 and small / large >= ratio


def confirms(a: Figure, b: Figure, ratio: float) -> bool:
    """Two figures confirm each other when their best values are within `ratio`, not merely
    when they do not contradict: "at least 15" does not confirm 1,450."""
    def near(x: float, f: Figure) -> bool:  # x within f's interval, or within ratio of it
        lo = f.low if f.low is not None else 0.0
        hi = f.high if f.high is not None else math.inf
        if lo <= x <= hi:
            return True
        end = hi if x > hi else lo
        small, large = sorted((x, end))
        return large > 0 and small / large >= ratio

    if a.best is None or b.best is None:
        return False
    return near(a.best, b) and near(b.best, a)  # "at least 7" and "up to 10" confirm


def factor(a: Figure, b: Figure) -> float:
    x, y = sorted(v for v in (a.best, b.best) if v is not None) if (
        a.best is not None and b.best is not None) else (1, 1)
    return y / x if x else math.inf


def histories(claims: list[UnitClaim], measure: str) -> list[tuple[UnitClaim, History]]:
    """Each voice's figures in the order they first appeared (with the voice's first claim)."""
    by_voice: dict[str, list[UnitClaim]] = defaultdict(list)
    for c in claims:
        by_voice[c.voice_id].append(c)
    out = []
    for voice, cs in by_voice.items():
        def order(c: UnitClaim):
            # within one day: a hedged first count ("at least seven", "more than 70") before
            # the exact one, and a toll of dead or hurt lowest first (it only rises)
            best = bounds(c.qualifier, c.value, c.low, c.high)[1]
            hedged = c.qualifier not in ("at_least", "vague", "approximate")
            rising = best if measure in RISING and best is not None else 0
            return (c.reported or "9999", hedged, rising, c.order)
        figures: dict[tuple, list] = {}
        for c in sorted(cs, key=order):
            lo, best, hi = bounds(c.qualifier, c.value, c.low, c.high)
            k = (c.qualifier, lo, hi)
            if k not in figures:
                figures[k] = [Figure(c.claim_id, figure_text(c.qualifier, c.value, c.low, c.high,
                                                             c.text), lo, best, hi, c.qualifier,
                                     c.reported, 0), set()]
            figures[k][1].add(c.article_id)
        figs = tuple(Figure(f.claim_id, f.text, f.low, f.best, f.high, f.qualifier, f.reported,
                            len(arts)) for f, arts in figures.values())
        first = cs[0]
        out.append((first, History(voice, first.voice, first.side, figs)))
    out.sort(key=lambda pair: (pair[1].figures[0].reported or "9999", pair[0].order))
    return out


def _history_text(h: History) -> str:
    return f"{h.source} " + "→".join(f.text for f in h.figures)


def independent(a: tuple[UnitClaim, History], b: tuple[UnitClaim, History],
                same_side_confirms: bool) -> bool:
    (ca, ha), (cb, hb) = a, b
    if ha.source_id == hb.source_id or ca.outlet_voice or cb.outlet_voice:
        return False
    if "unnamed" in (ca.kind, cb.kind):
        return False  # an anonymous source's independence cannot be known: it never confirms
    if same_side_confirms:
        return True
    return not (ha.side and hb.side and ha.side == hb.side and ha.side != "independent")


def reconcile(event_id: str, measure: str, subject: str, claims: list[UnitClaim],
              agree_ratio: float = 0.8, same_side_confirms: bool = False) -> Reconciliation:
    """Low / best / high and a grade for one event, measure and thing counted."""
    claims = merge_generic(claims)
    named = [c for c in claims if not c.outlet_voice]
    reporter_only = not named
    hist = histories(named or claims, measure)
    current = [(c, h, h.figures[-1]) for c, h in hist]
    lows = [f.low for _, _, f in current if f.low is not None]
    highs = [f.high if f.high is not None else f.low for _, _, f in current
             if (f.high if f.high is not None else f.low) is not None]
    bests = sorted(f.best for _, _, f in current if f.best is not None)
    low = min(lows) if lows else (bests[0] if bests else None)
    high = max(highs) if highs else None
    best = bests[(len(bests) - 1) // 2] if bests else None
    # the two furthest apart that disagree
    worst = None
    for i in range(len(current)):
        for j in range(i + 1, len(current)):
            fa, fb = current[i][2], current[j][2]
            if not agree(fa, fb, agree_ratio):
                k = factor(fa, fb)
                if worst is None or k > worst[0]:
                    worst = (k, current[i], current[j])
    if worst:
        k, a, b = worst
        lo_side, hi_side = (a, b) if (a[2].best or 0) <= (b[2].best or 0) else (b, a)
        more = len(current) - 2
        grade = "contested"
        reason = (f"contested: {_history_text(lo_side[1])} vs {_history_text(hi_side[1])}"
                  + (f" (×{k:.1f})" if k != math.inf else "")
                  + (f"; {more} other source{'s' if more > 1 else ''}" if more > 0 else ""))
    else:
        last = {id(h): f for _, h, f in current}
        pairs = [(x, y) for i, x in enumerate(hist) for y in hist[i + 1:]
                 if independent(x, y, same_side_confirms)
                 and confirms(last[id(x[1])], last[id(y[1])], agree_ratio)]
        if pairs:
            grade = "confirmed"
            x, y = pairs[0]
            sources = [_history_text(x[1]), _history_text(y[1])]
            sources += [_history_text(h) for _, h in hist if h not in (x[1], y[1])]
            reason = "confirmed: " + " and ".join(sources) + " agree"
        else:
            grade = "single source"
            if reporter_only:
                reason = "single source: only the outlets' own figures: " + "; ".join(
                    _history_text(h) for _, h in hist)
            elif len(hist) == 1:
                reason = "single source: " + _history_text(hist[0][1])
            else:
                side = hist[0][1].side
                reason = (f"single source: only {side} sources: " if side else
                          "single source: ") + "; ".join(_history_text(h) for _, h in hist)
    return Reconciliation(event_id, measure, subject, low, best, high, grade, reason,
                          tuple(h for _, h in hist), reporter_only)
