"""Amounts: "up to 10", "several hundred", "5,937", "Seventy-six", "99%" -> value, interval, qualifier.

Pure functions over a string, no model: `scan(text)` finds every number phrase and says why
the ones that are not figures (dates, years, times, ages, durations, measurements, ratios,
identifiers) are not; `find_amounts(text)` keeps the figures; `parse_amount(phrase)` reads one.
Intervals follow ../shared/eval/SCHEMA.md. Whether a hedge word really is a hedge in its
sentence ("spoke about 400 killed") is for the parse to say: see claims.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .records import Amount

# ---------------------------------------------------------------------------------------------
# Tokens: numbers, words and single punctuation marks, each with its offsets.

_TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{2,3})*(?:\.\d+)?)(?P<suffix>[A-Za-z]+|%)?"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)"
    r"|(?P<punct>[^\sA-Za-z\d])"
)


@dataclass(frozen=True)
class Tok:
    kind: str  # num | word | punct
    text: str
    start: int
    end: int
    suffix: str = ""  # letters or % glued to a number: "km", "bn", "am", "%"

    @property
    def low(self) -> str:
        return self.text.lower()


def tokenize(text: str) -> list[Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        if m.group("num") is not None:
            toks.append(Tok("num", m.group("num"), m.start(), m.end(), m.group("suffix") or ""))
        elif m.group("word") is not None:
            toks.append(Tok("word", m.group(), m.start(), m.end()))
        else:
            toks.append(Tok("punct", m.group(), m.start(), m.end()))
    return toks


# ---------------------------------------------------------------------------------------------
# Vocabulary.

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "lakh": 100_000, "lakhs": 100_000,
          "crore": 10_000_000, "crores": 10_000_000}
# Scale words glued to or following digits: "1.2m", "3bn", "10k".
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
                 "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000}
CURRENCY_SIGNS = {"$", "€", "£", "¥", "₹", "₽", "₴"}
CURRENCY_WORDS = {"usd", "us", "eur", "rs", "inr", "gbp", "rub", "uah", "dollars", "euros",
                  "pounds", "rupees", "roubles", "rubles", "hryvnias", "yuan", "yen"}

# Vague amounts: word(s) -> (low, high). Listed ones are SCHEMA.md's intervals.
VAGUE = {
    "a trio": (3, 3), "a quartet": (4, 4), "a pair": (2, 2), "a duo": (2, 2),
    "a few": (2, 5), "a handful": (2, 5), "a couple": (2, 3), "several": (3, 9),
    "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
    "thousands": (2_000, 9_999), "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}
# "several hundred" and "a few thousand": (low, high) multipliers of the scale word.
VAGUE_MULTIPLIERS = {"several": (2, 9), "a few": (2, 5)}
VAGUE_PLURAL_SCALES = {"hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
                       "billions": 1_000_000_000, "dozens": 12}

# Hedges before the number: words -> qualifier. Longest first when matching.
PRE_HEDGES = {
    "more than": "over", "over": "over", "in excess of": "over", "upwards of": "at_least",
    "upward of": "at_least", "well over": "over", "just over": "over", "above": "over",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "as low as": "at_least",
    "up to": "at_most", "as many as": "at_most", "as much as": "at_most",
    "no more than": "at_most", "not more than": "at_most", "at most": "at_most",
    "a maximum of": "at_most", "as high as": "at_most",
    "fewer than": "under", "less than": "under", "under": "under", "below": "under",
    "just under": "under",
    "about": "approximate", "around": "approximate", "nearly": "approximate",
    "almost": "approximate", "some": "approximate", "roughly": "approximate",
    "approximately": "approximate", "an estimated": "approximate", "estimated": "approximate",
    "close to": "approximate", "circa": "approximate", "approx": "approximate",
    "around about": "approximate", "an approximate": "approximate",
    "exceeded": "over", "exceeding": "over", "exceeds": "over", "exceed": "over",
    "topped": "over", "surpassed": "over", "surpassing": "over",
}
# Verbs of passing a level, hedges only when no noun follows ("passed 3 laws" is a count).
PASSING_VERBS = {"pass", "passes", "passed", "passing", "tops", "crossed", "crosses", "crossing"}
_FUNCTION_WORDS = {"as", "on", "in", "at", "for", "by", "after", "before", "and", "but", "while",
                   "with", "since", "this", "last", "according", "amid", "mark", "figure"}


def _noun_follows(toks: list[Tok], end: int) -> bool:
    return end < len(toks) and toks[end].kind == "word" and toks[end].text.islower() \
        and toks[end].low not in _FUNCTION_WORDS


# After the number: "300 or so", "60-plus", "60+", "10 or more".
POST_HEDGES = {
    ("or", "so"): "approximate", ("or", "more"): "at_least", ("plus",): "at_least",
    ("odd",): "approximate", ("or", "fewer"): "at_most", ("or", "less"): "at_most",
}

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TIME_UNITS = {
    "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs",
    "decade", "decades", "century", "centuries", "night", "nights", "fortnight", "weekend",
    "weekends", "millennia", "season", "seasons",
}
MEASURE_UNITS = {
    "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "m",
    "metre", "metres", "meter", "meters", "ft", "foot", "feet", "inch", "inches", "cm", "mm",
    "yard", "yards", "kg", "kgs", "kilogram", "kilograms", "g", "gram", "grams", "lb", "lbs",
    "pound", "ton", "tons", "tonne", "tonnes", "t", "litre", "litres", "liter", "liters", "l",
    "gallon", "gallons", "barrel", "barrels", "degree", "degrees", "°", "c", "f", "mph",
    "kph", "kmh", "knots", "knot", "hectare", "hectares", "ha", "acre", "acres", "sq",
    "square", "mw", "gw", "kw", "kwh", "mwh", "mb", "gb", "tb", "hz", "mhz", "ghz", "db",
    "magnitude", "richter", "kt", "kiloton", "kilotons", "megaton", "megatons", "calibre",
    "caliber", "cubic", "nautical", "km2", "sqkm", "bpd", "percentile",
}
TIME_SUFFIXES = {"am", "pm", "h", "hrs", "gmt", "utc"}
# Capitalised words after which a number names a thing rather than counts: "Category 5".
IDENTIFIER_WORDS = {
    "category", "level", "phase", "article", "resolution", "section", "chapter", "flight",
    "route", "highway", "road", "unit", "block", "gate", "terminal", "platform", "room",
    "ward", "zone", "no", "number", "model", "version", "channel", "station", "class",
    "grade", "stage", "round", "part", "vol", "volume", "page", "pages", "item", "line",
    "lane", "apartment", "house", "street", "avenue", "district", "sector", "arrow", "patriot",
    "iskander", "tochka", "kh", "day", "week", "act", "rule", "paragraph", "clause", "step",
    "tier", "pillar", "covid", "mh", "su", "mig", "tu", "ka", "mi", "f", "s", "t", "bm",
    "tor", "pantsir", "buk", "grad", "hurricane", "typhoon", "storm", "cyclone", "fig",
    "figure", "table", "episode", "season", "game", "match", "term", "box", "p", "pp",
    "gaza", "g", "c", "m", "apollo", "windows", "iphone", "galaxy", "boeing", "airbus",
}
# Words before a year: "in 2014", "since 1967", "by 2030", "the 2022 season".
YEAR_PREPOSITIONS = {
    "in", "since", "by", "until", "till", "from", "during", "through", "before", "after",
    "of", "early", "late", "mid", "around", "circa", "to", "and", "between", "spring",
    "summer", "autumn", "fall", "winter", "year", "fiscal", "fy", "election", "class",
}
AGE_WORDS = {"aged", "age", "ages", "ageing", "aging"}
PLURAL_NOUNS = {"people", "men", "women", "children", "police", "personnel", "staff", "troops",
                "cattle", "livestock", "militia", "crew", "infantry", "youth", "clergy"}
# Verbs of change: "rose from 64 to 4,645" is two figures, not a range.
CHANGE_VERBS = {
    "rose", "risen", "rise", "rises", "rising", "increased", "increase", "increases",
    "climbed", "climb", "climbs", "jumped", "jump", "grew", "grown", "grow", "soared",
    "raised", "raise", "revised", "went", "fell", "fallen", "fall", "dropped", "drop",
    "decreased", "decrease", "declined", "decline", "cut", "reduced", "lowered", "up", "down",
    "swelled", "surged", "doubled", "tripled", "shot", "spiked", "revise", "revises",
    "lowers", "lowering", "raises", "raising", "corrected", "updated", "adjusted",
}
# Verbs or nouns after which "about"/"over" is a preposition, not a hedge.
PREPOSITION_HEADS = {
    "spoke", "speak", "speaks", "speaking", "talk", "talked", "talks", "talking", "know",
    "knew", "known", "concerned", "worried", "worry", "asked", "ask", "wrote", "write",
    "writes", "said", "says", "say", "think", "thought", "information", "questions",
    "question", "report", "reports", "reported", "reporting", "news", "story", "stories",
    "details", "claims", "data", "figures", "fought", "fight", "argued", "argue", "dispute",
    "control", "took", "take", "taken", "handed", "hand", "flew", "flying", "fly", "fired",
    "rule", "ruled", "power", "jurisdiction", "sovereignty", "victory", "win", "won", "lead",
    "leads", "advantage", "dominance", "supremacy", "authority", "tension", "tensions",
    "anger", "outrage", "protest", "protests", "care", "cares", "warned", "warn", "brought",
    "bring", "came", "come", "comes", "debate", "debated",
}
STREET_WORDS = {"street", "road", "avenue", "boulevard", "lane", "drive", "square", "highway",
                "way", "place", "court", "terrace", "st", "rd", "ave", "blvd"}
FRACTION_WORDS = {"third", "thirds", "quarter", "quarters", "fifth", "fifths", "half", "halves",
                  "tenth", "tenths", "sixth", "sixths", "eighth", "eighths"}
# "a two-state solution", "a 10-storey block", "a three-time champion": sizes and kinds, not
# counts. Other compounds count ("a 120-room hotel", "a 10-point lead", "a five-justice wing").
NON_COUNT_COMPOUNDS = {"storey", "story", "floor", "star", "way", "time", "fold", "state",
                       "sided", "dimensional", "party", "tier", "stage", "speed", "seater",
                       "door", "lane", "track", "page", "inch", "gauge", "bit", "core"}


# ---------------------------------------------------------------------------------------------
# Number words.

def _word_number(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """Read "seventy-six", "one hundred and twenty", "a dozen", "two million" from toks[i]."""
    total, current, j, seen, last_end = 0.0, 0.0, i, False, i

    def word(k: int) -> str | None:
        return toks[k].low if k < len(toks) and toks[k].kind == "word" else None

    w = word(j)
    if w in ("a", "an") and word(j + 1) in SCALES | {"dozen": 12}:
        current, j, seen, last_end = 1.0, j + 1, True, j + 1
    elif w == "half" and word(j + 1) == "a" and word(j + 2) in ("dozen", "million", "billion",
                                                                 "thousand", "hundred"):
        current, j, seen, last_end = 0.5, j + 2, True, j + 2
    while j < len(toks):
        w = word(j)
        if w is None:
            # a hyphen inside "seventy-six"
            if (seen and toks[j].text in "-‐‑" and word(j + 1) in UNITS
                    and j > 0 and word(j - 1) in TENS and toks[j].start == toks[j - 1].end):
                j += 1
                continue
            break
        if w in UNITS and not (seen and (current % 100) % 10 and current % 100 < 20
                                and w in UNITS):
            if seen and current % 100 >= 20 and current % 10 == 0 and UNITS[w] < 10:
                current += UNITS[w]
            elif seen and current and current % 100 == 0 and UNITS[w] < 100 and last_end == j - 1:
                current += UNITS[w]
            elif seen and current:
                break
            else:
                current = UNITS[w]
        elif w in TENS:
            if seen and current and current % 100 != 0:
                break
            current += TENS[w]
        elif w == "dozen" and seen:
            current *= 12
        elif w in SCALES and seen and not w.endswith("s"):
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        elif w == "and" and seen and word(j + 1) in UNITS | TENS and (current + total) >= 100:
            j += 1
            continue
        else:
            break
        seen = True
        last_end = j
        j += 1
    if not seen:
        return None
    return total + current, last_end + 1


def _digits(tok: Tok) -> float | None:
    try:
        return float(tok.text.replace(",", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The grammar.

@dataclass
class _Core:
    value: float | None
    low: float | None
    high: float | None
    vague: bool
    start: int  # token index
    end: int  # token index, exclusive
    spelled: bool
    unit: str | None = None
    scaled: bool = False


def _words_at(toks: list[Tok], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(toks):
        return False
    return all(toks[i + k].kind == "word" and toks[i + k].low == w for k, w in enumerate(words))


def _core(toks: list[Tok], i: int) -> _Core | None:
    """A number without its hedge: digits with scale, number words, or a vague amount."""
    if i >= len(toks):
        return None
    t = toks[i]
    unit = None
    j = i
    # currency before the number: "$5m", "US$ 20", "Rs 500 crore"
    if t.kind == "punct" and t.text in CURRENCY_SIGNS and j + 1 < len(toks) \
            and toks[j + 1].kind == "num":
        unit, j = "money", j + 1
        t = toks[j]
    if t.kind == "num":
        value = _digits(t)
        if value is None:
            return None
        suffix = t.suffix.lower()
        scaled = False
        if suffix in ("%", "pc"):
            unit = "percent"  # "24pc", as British papers write it
        elif suffix in SUFFIX_SCALES and (suffix in ("k", "bn", "mn", "mln", "tn") or unit):
            value *= SUFFIX_SCALES[suffix]
            scaled = True
        elif suffix:
            return None  # "10th", "4.17am", "388.7mm": not a plain number
        end = j + 1
        if end < len(toks) and toks[end].kind == "word" and toks[end].low in SCALES \
                and not scaled:
            value *= SCALES[toks[end].low]
            scaled, end = True, end + 1
        return _Core(value, value, value, False, i, end, False, unit, scaled)
    if t.kind != "word":
        return None
    w = t.low
    # vague amounts
    if w in ("tens", "hundreds", "dozens") and _words_at(toks, i + 1, ("of",)) \
            and i + 2 < len(toks) and toks[i + 2].low in VAGUE_PLURAL_SCALES \
            and toks[i + 2].low != "dozens":
        scale = VAGUE_PLURAL_SCALES[toks[i + 2].low]
        low_mult = {"tens": 20, "hundreds": 200, "dozens": 24}[w]
        high_mult = {"tens": 99, "hundreds": 999, "dozens": 99}[w]
        return _Core(None, low_mult * scale, (high_mult + 1) * scale - 1, True, i, i + 3, True)
    for phrase, (m_low, m_high) in VAGUE_MULTIPLIERS.items():
        words = tuple(phrase.split())
        k = i + len(words)
        if _words_at(toks, i, words) and k < len(toks) and toks[k].kind == "word" \
                and toks[k].low in ("hundred", "thousand", "million", "billion", "dozen"):
            scale = 12 if toks[k].low == "dozen" else SCALES[toks[k].low]
            return _Core(None, m_low * scale, m_high * scale, True, i, k + 1, True)
    for phrase, (low, high) in VAGUE.items():
        words = tuple(phrase.split())
        if _words_at(toks, i, words):
            if low == high:  # "a trio", "a pair": exact
                return _Core(low, low, high, False, i, i + len(words), True)
            return _Core(None, low, high, True, i, i + len(words), True)
    parsed = _word_number(toks, i)
    if parsed is None:
        return None
    value, end = parsed
    if end < len(toks) and toks[end].kind == "word" and toks[end].low in ("percent",):
        unit = "percent"
    return _Core(value, value, value, False, i, end, True, unit)


def _percent_after(toks: list[Tok], k: int) -> int:
    """Tokens taken by "percent", "per cent", "percentage points" after a number at k."""
    if _words_at(toks, k, ("per", "cent")):
        return 2
    if _words_at(toks, k, ("percentage", "points")) or _words_at(toks, k, ("percentage", "point")):
        return 2
    if k < len(toks) and toks[k].kind == "word" and toks[k].low in ("percent", "pct"):
        return 1
    if k < len(toks) and toks[k].kind == "punct" and toks[k].text == "%" \
            and toks[k].start == toks[k - 1].end:
        return 1
    return 0


def _pre_hedge(toks: list[Tok], i: int) -> tuple[str, str, int] | None:
    """The longest hedge ending right before token i: (words, kind, first token index)."""
    best = None
    for phrase, kind in PRE_HEDGES.items():
        words = tuple(phrase.split())
        k = i - len(words)
        if k >= 0 and _words_at(toks, k, words) and (best is None or len(words) > len(best[0].split())):
            best = (phrase, kind, k)
    return best


@dataclass(frozen=True)
class Candidate:
    """A number phrase and, when it is not a figure, why not."""

    amount: Amount
    rejected: str | None = None  # date | year | time | age | duration | measurement | ratio |
    #                              ordinal | identifier | fraction | compound


def _interval(kind: str, value: float) -> tuple[float | None, float | None, str]:
    """SCHEMA.md's interval for a hedge kind and a number."""
    whole = float(value).is_integer()
    if kind == "over":
        return (value + 1 if whole else value), None, "at_least"
    if kind == "at_least":
        return value, None, "at_least"
    if kind == "at_most":
        return None, value, "at_most"
    if kind == "under":
        return None, (value - 1 if whole else value), "at_most"
    if kind == "approximate":
        return value, value, "approximate"
    return value, value, "exact"


def _prev_word(toks: list[Tok], i: int, skip_punct: bool = False) -> str | None:
    k = i - 1
    while skip_punct and k >= 0 and toks[k].kind == "punct" and toks[k].text in ",.":
        k -= 1
    return toks[k].low if k >= 0 and toks[k].kind == "word" else None


AMBIGUOUS_MONTHS = {"may", "march", "jan", "sep", "dec", "mar", "jun", "aug", "oct", "nov"}


def _is_month(tok: Tok | None) -> bool:
    """ "May 5" is a date; "20 percent may vote" is not: ambiguous month words need a capital."""
    if tok is None or tok.kind != "word" or tok.low not in MONTHS:
        return False
    return tok.low not in AMBIGUOUS_MONTHS or tok.text[:1].isupper()


def _next_word(toks: list[Tok], i: int) -> str | None:
    return toks[i].low if i < len(toks) and toks[i].kind == "word" else None


def _rejection(text: str, toks: list[Tok], core: _Core, i: int, end: int) -> str | None:
    """Why the number at toks[i:end] is not a figure, or None when it is one."""
    t = toks[core.start] if toks[core.start].kind != "punct" else toks[core.start + 1]
    prev = _prev_word(toks, core.start)
    prev_tok = toks[core.start - 1] if core.start > 0 else None
    nxt = toks[end] if end < len(toks) else None
    nxt_word = _next_word(toks, end)
    glued_before = prev_tok is not None and prev_tok.end == toks[core.start].start
    # times: "12:30", "4.17am", "11 p.m."
    if t.kind == "num":
        if nxt is not None and nxt.kind == "punct" and nxt.text in ":" and nxt.start == t.end \
                and end + 1 < len(toks) and toks[end + 1].kind == "num":
            return "time"
        if prev_tok is not None and prev_tok.text == ":" and glued_before:
            return "time"
        if nxt_word in ("am", "pm", "a", "p", "gmt", "utc", "hrs", "o'clock", "noon") and (
                nxt_word not in ("a", "p") or (end + 1 < len(toks) and toks[end + 1].text == ".")):
            return "time"
        if t.suffix.lower() in TIME_SUFFIXES:
            return "time"
        # "24/7", "9/11", "1/3"
        if nxt is not None and nxt.text == "/" and nxt.start == t.end:
            return "fraction"
        if prev_tok is not None and prev_tok.text == "/" and glued_before:
            return "fraction"
        # identifiers glued to letters or hyphens: "MH17", "Su-25", "COVID-19"
        if glued_before and prev_tok.kind == "word":
            return "identifier"
        if glued_before and prev_tok.text in "-‐‑" and core.start >= 2 \
                and toks[core.start - 2].kind == "word" \
                and toks[core.start - 2].end == prev_tok.start \
                and toks[core.start - 2].low not in ("to", "and", "or", "of"):
            return "identifier"
        if len(t.text) >= 12 and "," not in t.text:
            return "identifier"  # tweet ids, phone and account numbers
        if nxt is not None and nxt.kind == "word" and nxt.start == t.end:
            return "identifier"
    # dates: "December 31", "31 December", "Feb. 24", "on the 5th"
    if _is_month(prev_tok):
        return "date"
    if core.start >= 2 and toks[core.start - 1].text == "." and _is_month(toks[core.start - 2]):
        return "date"
    if _is_month(nxt) and not core.spelled:
        return "date"
    if prev in WEEKDAYS and not core.spelled and (core.value or 0) <= 31:
        return "date"
    # years: 4 digits without a comma, 1800-2100
    if t.kind == "num" and re.fullmatch(r"\d{4}", t.text) and 1800 <= (core.value or 0) <= 2100 \
            and not core.scaled and core.unit is None:
        follower = nxt_word
        countable = follower is not None and nxt.start > t.end and follower.islower() \
            and follower not in YEAR_PREPOSITIONS | MONTHS | {"the", "a", "an", "when", "as",
                                                              "that", "which", "for", "with",
                                                              "was", "were", "is", "at", "on"} \
            and (follower.endswith("s") or follower in PLURAL_NOUNS)
        if prev in YEAR_PREPOSITIONS or not countable or (nxt is not None and nxt.text in "-–'’"):
            return "year"
    if t.kind == "num" and t.suffix.lower() == "s" and t.text.endswith("0"):
        return "year"
    # "no one", "no-one": nobody
    if core.spelled and t.low == "one" and prev == "no":
        return "pronoun"
    # ages: "aged 9", "a 10-year-old", "age of 62"
    if prev in AGE_WORDS or (prev == "of" and _prev_word(toks, core.start - 1) in AGE_WORDS):
        return "age"
    if prev == "between" and core.start >= 2 and _prev_word(toks, core.start - 1) in AGE_WORDS:
        return "age"
    if nxt_word in ("years", "year") and _next_word(toks, end + 1) == "old":
        return "age"
    if nxt is not None and nxt.text in "-‐‑" and _next_word(toks, end + 1) in ("year", "month") \
            and end + 2 < len(toks) and toks[end + 2].text in "-‐‑" \
            and _next_word(toks, end + 3) == "old":
        return "age"
    # ", 45," after a capitalised name: an age
    if prev_tok is not None and prev_tok.text == "," and nxt is not None and nxt.text == "," \
            and t.kind == "num" and (core.value or 0) < 120 and core.start >= 2 \
            and toks[core.start - 2].kind == "word" and toks[core.start - 2].text[:1].isupper():
        return "age"
    if prev_tok is not None and prev_tok.text == "," and (nxt is None or nxt.text in ".;") \
            and t.kind == "num" and (core.value or 0) < 120 and core.start >= 2 \
            and toks[core.start - 2].kind == "word" and toks[core.start - 2].text[:1].isupper():
        return "age"  # "Pascal Hess, 50."
    if nxt_word in ("and", "or") and _next_word(toks, end + 1) in (
            "older", "over", "up", "above", "younger", "under") and (core.value or 0) < 120:
        return "age"  # "voters 45 and older"
    # durations and measurements: "108 hours", "80 kilometres", "3,451.5 km"
    if nxt_word in TIME_UNITS:
        return "duration"
    if nxt_word in MEASURE_UNITS and core.unit is None:
        return "measurement"
    if nxt is not None and nxt.text == "°":
        return "measurement"
    # ratios and rates: "70 times", "one in five", "13 per day", "half"
    if nxt_word == "times" or nxt_word == "fold":
        return "ratio"
    after_in = _core(toks, end + 1) if nxt_word == "in" and end + 1 < len(toks) else None
    if after_in is not None and not after_in.vague and after_in.value is not None \
            and core.value is not None and core.value < after_in.value <= 1000 \
            and not re.fullmatch(r"\d{4}", toks[after_in.start].text):
        return "ratio"  # "one in five", "4 in 10"
    if nxt_word == "out" and _next_word(toks, end + 1) == "of":
        return "ratio"
    if prev == "in" and core.start >= 2 and not core.vague and core.value is not None \
            and core.value <= 1000:
        before = _core(toks, core.start - 2)
        if before is None and core.start >= 3:
            before = _core(toks, core.start - 3)  # "nine in 10"
        if before is not None and not before.vague and before.value is not None \
                and before.end == core.start - 1 and before.value < core.value:
            return "ratio"
    if prev == "every" or (prev == "per" and _prev_word(toks, core.start - 1) is not None):
        return "ratio"
    if prev in ("top", "bottom") and prev_tok.text.islower():
        return "rank"  # "one of the top 10 exporters"
    for ahead in range(end, min(end + 3, len(toks))):
        if toks[ahead].kind != "word" or not toks[ahead].text[:1].isupper():
            break
        if toks[ahead].low in STREET_WORDS and ahead > end:
            return "identifier"  # "575 Wilbraham Road"
    if nxt is not None and nxt.text in "-‐‑" and _next_word(toks, end + 1) in FRACTION_WORDS:
        return "fraction"  # "two-thirds"
    if nxt_word in FRACTION_WORDS and core.spelled:
        return "fraction"  # "two thirds of the city"
    # "Category 5", "Arrow 2", "Resolution 2334"
    if prev is not None and prev in IDENTIFIER_WORDS and prev_tok.text[:1].isupper() \
            and not core.spelled:
        return "identifier"
    if prev in ("no", "number", "nos") and prev_tok.text[:1] == "N" and not core.spelled:
        return "identifier"
    if prev_tok is not None and prev_tok.text == "." and core.start >= 2 \
            and toks[core.start - 2].text in ("No", "Nos", "no"):
        return "identifier"
    if prev_tok is not None and prev_tok.text == "#" and glued_before:
        return "identifier"
    # compound modifiers: "a 5-year war", "two-hour delay", "30-year average"
    if nxt is not None and nxt.text in "-‐‑" and nxt.start == toks[end - 1].end \
            and end + 1 < len(toks) and toks[end + 1].kind == "word" \
            and toks[end + 1].start == nxt.end:
        follower = toks[end + 1].low
        if follower == "and" and _words_at(toks, end + 3, ("a",)) and _next_word(toks, end + 5) == "half":
            follower = _next_word(toks, end + 7) or follower  # "two-and-a-half-year conflict"
        if follower in TIME_UNITS or follower in MEASURE_UNITS or follower in ("year", "month"):
            return "duration" if follower in TIME_UNITS else "measurement"
        if follower in NON_COUNT_COMPOUNDS:
            return "compound"
    # magnitudes: "magnitude 7.8", "a 7.8-magnitude quake"
    if prev == "magnitude" or nxt_word == "magnitude":
        return "measurement"
    # scores and odds "2-1 win" are rare in this domain; "100-300" is a range.
    return None


def scan(text: str) -> list[Candidate]:
    """Every number phrase in `text`, figures and not, left to right, offsets into `text`."""
    toks = tokenize(text)
    out: list[Candidate] = []
    iso_dates = [m.span() for m in _ISO_DATE.finditer(text)]
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "word" and t.low not in _STARTS or t.kind == "punct" and t.text not in CURRENCY_SIGNS:
            i += 1  # most tokens cannot begin a number: skip them cheaply
            continue
        core = _core(toks, i)
        if core is None or (toks[i].low == "scores" and not _scores_is_amount(toks, i)):
            i += 1
            continue
        found, i = _phrase(text, toks, core)
        for cand in found:
            # "in 2014 and 2015", "Arrow 2 and 3", "December 24 and 25": a number joined to a
            # date, year or name by "and", "or" or a comma is one as well.
            if out and cand.rejected is None and out[-1].rejected in _CONTAGIOUS:
                gap = text[out[-1].amount.end:cand.amount.start].strip().lower()
                same_shape = {
                    "year": re.fullmatch(r"\d{4}", cand.amount.text) is not None,
                    "date": cand.amount.value is not None and cand.amount.value <= 31
                    and not cand.amount.unit,
                }.get(out[-1].rejected, True)
                if gap in ("and", "or", "to", "-", "–", "through") and same_shape:
                    cand = replace(cand, rejected=out[-1].rejected)
            if any(a <= cand.amount.start < b for a, b in iso_dates):
                cand = replace(cand, rejected="date")  # "2015-12-02", "12/02/2015"
            out.append(cand)
    return out


_STARTS = set(UNITS) | set(TENS) | {"a", "an", "half", "dozen", "dozens", "scores", "tens",
                                    "hundreds", "thousands", "millions", "billions", "several",
                                    "hundred", "thousand", "million", "billion"}
_ISO_DATE = re.compile(r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
_CONTAGIOUS = {"date", "year", "identifier", "time", "age"}
_SCORES_VERBS = {"kill", "kills", "killed", "killing", "injure", "injures", "injured",
                 "injuring", "wound", "wounds", "wounded", "wounding", "leave", "leaves", "left",
                 "leaving", "claim", "claims", "claimed", "claiming", "arrest", "arrested",
                 "detained", "displaced", "evacuated"}


def _scores_is_amount(toks: list[Tok], i: int) -> bool:
    """ "scores of people", "killed scores": an amount; "test scores", "the scores": not."""
    return _next_word(toks, i + 1) == "of" or _prev_word(toks, i) in _SCORES_VERBS


def _make(text: str, toks: list[Tok], start_tok: int, end_tok: int, num_start_tok: int,
          num_end_tok: int, value, low, high, qualifier, hedge, spelled, unit) -> Amount:
    start, end = toks[start_tok].start, toks[end_tok - 1].end
    return Amount(
        start=start, end=end, text=text[start:end], value=value, low=low, high=high,
        qualifier=qualifier, hedge=hedge,
        hedge_start=toks[start_tok].start if hedge else None,
        num_start=toks[num_start_tok].start, num_end=toks[num_end_tok - 1].end,
        unit=unit, spelled=spelled,
    )


def _phrase(text: str, toks: list[Tok], core: _Core) -> tuple[list[Candidate] | None, int]:
    """Grow a core number into its phrase: hedges, percent, ranges. Returns the next index."""
    end = core.end
    unit = core.unit
    # percent after the number
    taken = _percent_after(toks, end) if unit is None else 0
    if taken:
        unit, end = "percent", end + taken
    elif unit is None and end < len(toks) and toks[end].kind == "word" \
            and toks[end].low in CURRENCY_WORDS - {"us"} and not core.vague \
            and toks[end].low in ("dollars", "euros", "pounds", "rupees", "roubles", "rubles",
                                  "hryvnias", "yuan", "yen"):
        unit = "money"
    start_tok = core.start
    if unit is None and start_tok > 0 and toks[start_tok - 1].kind == "word" \
            and toks[start_tok - 1].low in ("usd", "rs", "inr", "eur", "gbp"):
        unit, start_tok = "money", start_tok - 1
    rejected = _rejection(text, toks, core, core.start, end)
    # ranges: "between 4 and 6", "100 to 300", "100-300", "two or three"
    range_hi = None
    range_end = end
    prev = _prev_word(toks, core.start)
    if not core.vague:
        k = end
        connector = toks[k].low if k < len(toks) else None
        glued_dash = k < len(toks) and toks[k].text in "-–‐‑" and toks[k].start == toks[k - 1].end
        spaced_dash = k < len(toks) and toks[k].text in "–—"
        if (prev == "between" and connector == "and") or connector in ("to", "or") \
                or glued_dash or spaced_dash:
            other = _core(toks, k + 1)
            other_unit = other.unit if other is not None else None
            if other is not None and other_unit is None and _percent_after(toks, other.end):
                other_unit = "percent"
            year_like = toks[core.start].kind == "num" and re.fullmatch(r"\d{4}", toks[core.start].text) \
                and prev in YEAR_PREPOSITIONS
            if other is not None and not other.vague and other.value is not None \
                    and core.value is not None and not year_like \
                    and (unit == other_unit or {unit, other_unit} == {None, "percent"}):
                # ("up 9.4 per cent to $84" is two figures; so is "in 2018 to 3.9 million")
                lo = core.value
                unit = unit or other_unit  # "10 to 20 percent"
                if not core.scaled and 0 < lo < other.value / 100:
                    # "between 1.5 and 2 million", "four to five thousand": one scale for both
                    last = toks[other.end - 1]
                    scale = SCALES.get(last.low) or SUFFIX_SCALES.get(last.suffix.lower(), 1) \
                        if last.kind == "word" or last.suffix else 1
                    if scale == 1 and toks[other.start].kind == "num":
                        scale = other.value / (_digits(toks[other.start]) or 1)
                    lo *= scale
                hi = other.value
                hi_end = other.end + (_percent_after(toks, other.end) if unit == "percent" else 0)
                if connector == "or" and (hi - lo > 3 or lo >= 20):
                    pass  # "5 or 60" is two figures; "two or three" a range
                elif glued_dash and _next_word(toks, k + 1) == "to":
                    pass  # "4-to-3": a tally of two figures
                elif lo < hi:
                    range_hi, range_end = hi, hi_end
                    core = replace(core, value=lo, low=lo)
    # hedge before
    hedge = None
    hedge_kind = "exact"
    if prev == "between" and range_hi is not None:
        start_tok = core.start - 1  # "between" belongs to the phrase
    h = _pre_hedge(toks, start_tok)
    if h is None and start_tok > 0 and toks[start_tok - 1].kind == "word" and \
            toks[start_tok - 1].low in PASSING_VERBS and not _noun_follows(toks, end):
        # "the war toll passes 9,850", "losses topped 152,000 as ...": a level passed
        h = (toks[start_tok - 1].low, "over", start_tok - 1)
    if h is not None:
        hedge, hedge_kind, start_tok = h
    # hedge after: "300 or so", "60-plus", "60+"
    post_end = range_end
    if range_hi is None and not core.vague:
        for words, kind in POST_HEDGES.items():
            k = post_end
            if k < len(toks) and toks[k].text in "-‐‑" and len(words) == 1:
                k += 1
            if _words_at(toks, k, words):
                hedge = (hedge + " " if hedge else "") + " ".join(words)
                hedge_kind = kind if hedge_kind == "exact" else hedge_kind
                post_end = k + len(words)
                break
        else:
            if post_end < len(toks) and toks[post_end].text == "+" \
                    and toks[post_end].start == toks[post_end - 1].end:
                hedge = (hedge + " " if hedge else "") + "+"
                hedge_kind = "at_least" if hedge_kind == "exact" else hedge_kind
                post_end += 1
    # change verbs: "rose from 64 to 4,645" is two figures
    if range_hi is not None and prev == "from" and core.start >= 2 \
            and _change_before(toks, core.start - 1):
        first = _make(text, toks, core.start, core.end, core.start, core.end, core.value,
                      core.value, core.value, "exact", None, core.spelled, unit)
        # the second number is scanned on its own: skip past the connector only
        return [Candidate(first, rejected)], end + 1
    if core.vague:
        value, low, high, qualifier = None, core.low, core.high, "vague"
    elif range_hi is not None:
        value, low, high, qualifier = None, core.value, range_hi, "range"
    else:
        low, high, qualifier = _interval(hedge_kind, core.value)
        value = core.value
    amount = _make(text, toks, start_tok, post_end, core.start, range_end if range_hi else end,
                   value, low, high, qualifier, hedge, core.spelled, unit)
    return [Candidate(amount, rejected)], max(post_end, core.start + 1)


def _change_before(toks: list[Tok], i: int) -> bool:
    """A verb of change shortly before "from" at i, with no number in between: "rose from",
    "revised its toll twice, from 63 to 71", "lowered the number of missing from 12 to nine"."""
    for k in range(i - 1, max(-1, i - 8), -1):
        if toks[k].kind == "num" or toks[k].text in (".", ";"):
            return False
        if toks[k].kind == "word" and toks[k].low in CHANGE_VERBS:
            return True
    return False


def find_amounts(text: str) -> list[Amount]:
    """The figures in `text`: number phrases that are not dates, times, ages and the like."""
    return [c.amount for c in scan(text) if c.rejected is None]


def parse_amount(phrase: str) -> Amount | None:
    """Read one figure phrase ("up to 10", "several hundred"); None when it holds none."""
    found = find_amounts(phrase)
    return found[0] if found else None


def without_hedge(amount: Amount) -> Amount:
    """The same figure with its leading hedge dropped: used when the parse says the hedge
    word belongs to something else ("spoke about 400 killed")."""
    if not amount.hedge or amount.hedge_start is None or amount.qualifier in ("range", "vague"):
        return amount
    cut = amount.num_start - amount.start
    value = amount.value
    post = _post_kind(amount)
    low, high, qualifier = _interval(post, value) if value is not None else (None, None, "exact")
    return replace(amount, start=amount.num_start, text=amount.text[cut:], hedge=None,
                   hedge_start=None, low=low, high=high, qualifier=qualifier)


def _post_kind(amount: Amount) -> str:
    tail = amount.text[amount.num_end - amount.start:].lower()
    for words, kind in POST_HEDGES.items():
        if " ".join(words) in tail:
            return {"at_least": "at_least", "at_most": "at_most"}.get(kind, kind)
    if "+" in tail:
        return "at_least"
    return "exact"
