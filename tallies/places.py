"""Places: where the events a claim counts happened, found without NER and grouped across
spellings ("Makiïvka", "Makiivka", "Makeyevka" are one town).

Finding (per article, when it is stored): capitalised names in the text that a cue makes a
place: a preposition of place before them ("in", "at", "near", "outside"), a verb or noun of
attack ("strike on", "shelled", "flooded"), "the town of" / "X region", a dateline at the head
of a paragraph ("KYIV, March 9 —"), or the gazetteer (tallies/data/places.tsv plus the user's
`reconcile.gazetteer`). A name after "a briefing in" or "told reporters in" is where someone
spoke, not where something happened, and is left out; so are organisations, months, days and
demonyms.

An article's main place is its most specific, most mentioned place (a town before a region,
a region before a country; the headline and the words "the town of" count double); a claim's
place is the one its own sentence names with a cue, else the place heading its paragraph in a
round-up ("Vyshkoriv, March 9. ..."), else the article's main place.

Grouping (across articles, when events are rebuilt): names the gazetteer knows go to its
entry; others are grouped by their transliteration skeleton (names.py).
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import names
from .errors import SettingsError

# How specific a level is: an article's main place is its most specific one. A district is
# part of a town; a name whose level is unknown is most often a town.
LEVEL_RANK = {"town": 4, "unknown": 3, "district": 2, "region": 1, "country": 0}

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.\-]*[^\W_])?")
# lower-case words inside a place name: "Deir ez-Zor", "Bandar Abbas", "Rostov-on-Don" (any
# lower-case word joins two capitalised ones when hyphens join all three)
_CONNECTORS = {"al", "el", "ez", "es", "ad", "ar", "de", "du", "des", "la", "le", "bin", "ibn",
               "abu", "von", "van"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Words that make a capitalised name an organisation, a title, a channel or anything else
# that is not a place.
_NOT_PLACE_WORDS = {
    "ministry", "minister", "army", "armed", "forces", "force", "service", "services", "agency",
    "council", "mission", "group", "staff", "centre", "center", "command", "office",
    "committee", "department", "government", "administration", "society", "cross",
    "crescent", "authority", "authorities", "police", "guard", "navy", "corps", "brigade",
    "battalion", "regiment", "division", "university", "college", "school", "hospital",
    "bank", "fund", "organization", "organisation", "nations", "union", "party", "front",
    "telegram", "facebook", "twitter", "youtube", "instagram", "whatsapp", "tass", "reuters",
    "press", "news", "times", "daily", "herald", "tribune", "post", "monitor", "review",
    "gazette", "courier", "wire", "desk", "agence", "television", "tv", "radio", "channel",
    "president", "prime", "general", "colonel", "major", "captain", "lieutenant", "mayor",
    "governor", "spokesman", "spokeswoman", "defence", "defense", "interior", "emergency",
    "emergencies", "red", "international", "national", "federal", "state's", "mr", "mrs",
    "ms", "dr", "god", "christmas", "easter", "ramadan", "eid", "new", "year", "war",
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
    "you", "his", "her", "their", "our", "its", "but", "and", "or", "if", "when", "while",
    "after", "before", "as", "in", "at", "on", "of", "for", "with", "from", "by", "to",
    "himars", "halberd", "leave", "reply", "related", "photo", "video", "live", "update",
    "updates", "breaking", "exclusive", "analysis", "opinion", "editing", "reporting",
    "what", "why", "how", "who", "where", "here", "there", "some", "many", "all", "more",
    "most", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "dozens", "hundreds", "thousands", "several", "about", "around", "nearly", "over",
    "almost", "only", "even", "also", "still", "yet", "so", "then", "now", "today",
    "yesterday", "tonight", "morning", "evening", "night", "afternoon", "last", "next",
    "first", "second", "third", "former", "senior", "chief", "head", "deputy", "acting",
    "according", "residents", "officials", "rescuers", "monitors", "analysts",
    # geography that is not a town or region where an event is placed
    "river", "sea", "ocean", "lake", "mountain", "mountains", "hall", "airport", "square",
    "street", "road", "avenue", "bridge", "dam", "grid", "stadium", "mosque", "church",
    "cathedral", "market", "plant", "station", "ledger", "offices",
}
_DEMONYM_END = re.compile(r"(?:ians?|eans?|ese|ish|is)$")

_WINDOW = 60  # characters of context looked at before a name
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|inside|into|across|towards?|from|on the outskirts of|"
    r"the outskirts of|close to|in and around|centres around|centers around)"
    r")\s+(?:the\s+(?:(?:occupied|frontline|front-line|besieged|southern|northern|eastern|"
    r"western|central|port|capital|embattled)\s+)*)?$", re.I)
_IMPACT = re.compile(
    r"\b(?:(?:hit|hits|struck|strikes?|attacks?|assault|offensive|raids?|barrage|bombardment|"
    r"shelling|bombing|assault|advance)\s+(?:on|against|of)|hit|hits|struck|strikes|attacked|"
    r"shelled|shells|pounded|pounds|bombed|bombs|targeted|engulf(?:ed|s)?|flooded|floods|"
    r"swept through|devastated|rocked|stormed|captured|seized|besieged|liberated)"
    r"\s+(?:the\s+)?$", re.I)
_TOWN_OF = re.compile(
    r"\b(?:town|city|village|settlement|capital|port|suburb|camp|hamlet|municipality)"
    r"(?:\s+(?:is|was))?\s+(?:of\s+)?$", re.I)
_REGION_OF = re.compile(r"\b(?:region|province|oblast|governorate|state|county|district|"
                        r"prefecture|republic)\s+of\s+(?:the\s+)?$", re.I)
_VENUE = re.compile(
    r"\b(?:briefing|conference|meeting|talks|summit|visit|visiting|speaking|spoke|speech|"
    r"told (?:reporters|journalists)|interview|headquarters|hearing|court|bureau|based|"
    r"studio|parliament|session|ceremony|funeral)\b[^.!?]{0,25}\b(?:in|at)\s+(?:the\s+)?$",
    re.I)
_AFTER_REGION = re.compile(r"\s+(?:region|province|oblast|governorate|county|prefecture|state)\b",
                           re.I)
_AFTER_DISTRICT = re.compile(r"\s+(?:district|neighbou?rhood|quarter|suburb|raion)\b", re.I)
_AFTER_TOWN = re.compile(r",?\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:town|city|village)\b", re.I)
_AFTER_NOT_PLACE = re.compile(r"\s+(?:River|river|Sea|Mountains?|Valley|Airport|Square|"
                              r"Street|Bridge|Dam|Lake|Channel|Group|Ledger|Society|Mission|"
                              r"Council|Agency|Service|Army|Forces?|Ministry|Centre|Center|"
                              r"Command|Staff|Corps|Brigade|Times|News|Post|Daily)\b")
_APOSTROPHE_S = ("'s", "’s")
_COUNTRY_HINT = re.compile(
    r"['’]s\s+(?:own\s+)?(?:government|president|prime minister|army|armed forces|military|"
    r"defen[cs]e ministry|ministry|forces|troops|navy|air force|capital|parliament|"
    r"disaster agency|agency|general staff|foreign ministry|embassy|people|north|south|east|"
    r"west|border|[A-Z]\w+ (?:province|region|state|oblast))\b")
_MONTH_NAMES = (r"(?:January|February|March|April|May|June|July|August|September|October|"
                r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# "Vyshkoriv, March 9." / "VISHKOROV, 9 March (Drava Times)" / "KYIV:" / "GAZA CITY —"
_DATED_AFTER = re.compile(r",\s*(?:" + _MONTH_NAMES + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH_NAMES
                          + r")\b")
_CAPS_DATELINE_AFTER = re.compile(r"\s*(?:,|:|\(|—|–|\s-\s)")

CUE_WEIGHT = {"town": 3, "region": 2, "district": 2, "locative": 2, "impact": 2, "headline": 3,
              "section": 2, "dateline": 1, "gazetteer": 1, "possessive": 1}
STRONG_CUES = {"town", "region", "district", "locative", "impact", "section"}


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    level: str
    country: str | None


class Gazetteer:
    """Places with their other spellings: the shipped file plus the user's."""

    def __init__(self, entries: list[tuple[GazetteerEntry, list[str]]]):
        self.by_key: dict[str, GazetteerEntry] = {}
        self.by_skeleton: dict[str, GazetteerEntry] = {}
        for entry, spellings in entries:
            for spelling in [entry.name, *spellings]:
                self.by_key.setdefault(names.key(spelling), entry)
                self.by_skeleton.setdefault(names.skeleton(spelling), entry)

    @classmethod
    def load(cls, extra: str | Path | None = None) -> "Gazetteer":
        shipped = resources.files("tallies").joinpath("data/places.tsv").read_text("utf-8")
        entries = _read_tsv(shipped, "tallies/data/places.tsv")
        if extra:
            try:
                text = Path(extra).read_text(encoding="utf-8")
            except OSError as exc:
                raise SettingsError(f"reconcile.gazetteer: cannot read {extra} ({exc})") from None
            # the user's entries first: they win over the shipped ones
            entries = _read_tsv(text, str(extra)) + entries
        return cls(entries)

    def lookup(self, name: str) -> GazetteerEntry | None:
        return self.by_key.get(names.key(name)) or self.by_skeleton.get(names.skeleton(name))


def _read_tsv(text: str, where: str) -> list[tuple[GazetteerEntry, list[str]]]:
    out = []
    rows = csv.reader((line for line in text.splitlines()
                       if line.strip() and not line.startswith("#")), delimiter="\t")
    for n, row in enumerate(rows, 1):
        if len(row) < 2 or row[1] not in LEVEL_RANK:
            raise SettingsError(f"{where}: line {n}: want name<TAB>level<TAB>country<TAB>"
                                f"spellings, level one of {', '.join(LEVEL_RANK)}")
        spellings = [s.strip() for s in (row[3] if len(row) > 3 else "").split("|") if s.strip()]
        country = row[2].strip() if len(row) > 2 and row[2].strip() else None
        out.append((GazetteerEntry(row[0].strip(), row[1], country), spellings))
    return out


@dataclass(frozen=True)
class PlaceMention:
    name: str  # as written (an all-capitals dateline is title-cased)
    start: int
    end: int
    cue: str  # town, region, district, locative, impact, section, dateline, headline, gazetteer,
    # possessive
    level: str  # town, district, region, country, unknown


@dataclass
class ArticlePlaces:
    mentions: list[PlaceMention] = field(default_factory=list)
    main: str | None = None
    levels: dict[str, str] = field(default_factory=dict)  # key -> level
    text: str = ""

    def paragraph_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def summary(self) -> list[list]:
        """[name, level, mentions] for each place, most mentioned first (stored as JSON)."""
        first: dict[str, str] = {}
        count: Counter = Counter()
        for m in self.mentions:
            k = names.key(m.name)
            first.setdefault(k, m.name)
            count[k] += 1
        return [[first[k], self.levels.get(k, "unknown"), n] for k, n in count.most_common()]


def _capitalised_runs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, possessive) of each run of capitalised words ("Rostov-on-Don", "Deir
    ez-Zor", "Bayu Tinggi"); a possessive ends a run and is left out of it."""
    runs = []
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.group()[0].isupper():
            i += 1
            continue
        start, end, j = tok.start(), tok.end(), i
        while not text[start:end].endswith(_APOSTROPHE_S) and j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if text[end:nxt.start()] not in (" ", "-"):
                break
            if nxt.group()[0].isupper():
                end, j = nxt.end(), j + 1
                continue
            if j + 2 < len(tokens) and tokens[j + 2].group()[0].isupper():
                gaps = (text[end:nxt.start()], text[nxt.end():tokens[j + 2].start()])
                if gaps == ("-", "-") or (nxt.group().lower() in _CONNECTORS
                                          and gaps[1] in (" ", "-")):
                    end, j = tokens[j + 2].end(), j + 2
                    continue
            break
        possessive = text[start:end].endswith(_APOSTROPHE_S)
        runs.append((start, end - 2 if possessive else end, possessive))
        i = j + 1
    return runs


def _usable(name: str, gazetteer: Gazetteer) -> bool:
    if gazetteer.lookup(name):
        return True
    words = [w.lower().strip(".'’") for w in re.split(r"[\s\-]+", name)]
    if not words or any(w in _NOT_PLACE_WORDS or w in _MONTHS or w in _DAYS for w in words):
        return False
    if len(name) < 3 or (name.isupper() and len(name.replace(".", "")) <= 4):
        return False  # acronyms: HRW, NDRA
    if words[-1] in names.demonyms() or (len(words) == 1 and _DEMONYM_END.search(words[0])
                                         and len(words[0]) > 5):
        return False  # "Israeli", "Solvarian", "Ukrainians"
    return True


def find_places(text: str, gazetteer: Gazetteer, title: str | None = None) -> ArticlePlaces:
    """Every place mention in an article and its main place."""
    found = ArticlePlaces(text=text)
    levels: dict[str, str] = {}
    cues: dict[str, set[str]] = {}
    paragraph_starts = {0} | {m.end() for m in re.finditer(r"\n\s*", text)}
    headline_end = len(title) if title and text.startswith(title) else text.find("\n")
    headline_end = headline_end if headline_end > 0 else 0
    for start, end, possessive in _capitalised_runs(text):
        name = written = text[start:end]
        if name.isupper() and len(name) > 3:
            name = name.title()
        if not _usable(name, gazetteer):
            continue
        before = text[max(0, start - _WINDOW):start]
        before = before[before.rfind("\n") + 1:]  # the context is the name's own paragraph
        after = text[end + (2 if possessive else 0):end + 40].split("\n", 1)[0]
        entry = gazetteer.lookup(name)
        level = entry.level if entry else "unknown"
        if _AFTER_NOT_PLACE.match(after) and not entry:
            continue  # "the Tamburan River", "Frontline Ledger"
        if _VENUE.search(before):
            continue  # where someone spoke, not where it happened
        cue = None
        if start in paragraph_starts and (_DATED_AFTER.match(after) or (
                written.isupper() and _CAPS_DATELINE_AFTER.match(after))):
            cue = "section"  # a dateline unless several paragraphs are headed so (below)
        elif _AFTER_REGION.match(after) or _REGION_OF.search(before):
            cue, level = "region", "region"
        elif _AFTER_DISTRICT.match(after):
            cue, level = "district", "district"
        elif _TOWN_OF.search(before) or _AFTER_TOWN.match(after):
            cue, level = "town", "town"
        elif possessive and _COUNTRY_HINT.match(text, end):
            cue = "possessive"
            level = "country" if level == "unknown" else level
        elif _IMPACT.search(before):
            cue = "impact"
        elif _LOCATIVE.search(before):
            cue = "locative"
        elif start < headline_end:
            cue = "headline"
        elif entry:
            cue = "gazetteer"
        if cue is None:
            continue
        cues.setdefault(names.key(name), set()).add(cue)
        found.mentions.append(PlaceMention(name, start, end, cue, level))
    # paragraphs headed "Place, March 9." make a round-up only when there are several; one is
    # a dateline (where the reporter was)
    if sum(m.cue == "section" for m in found.mentions) < 2:
        found.mentions = [replace(m, cue="dateline") if m.cue == "section" else m
                          for m in found.mentions]
    for k, seen in cues.items():
        entry = gazetteer.lookup(k)
        if "town" in seen:
            levels[k] = "town"
        elif entry:
            levels[k] = entry.level
        elif seen in ({"region"}, {"district"}):
            levels[k] = seen.pop()  # a name also used alone is a town with a region of its name
        elif "possessive" in seen:
            levels[k] = "country"  # "Laventa's disaster agency"
        else:
            levels[k] = "unknown"
    found.mentions = [replace(m, level=levels[names.key(m.name)]) for m in found.mentions]
    found.levels = levels
    # a headline name counts only when the article also names it as a place elsewhere
    seen_elsewhere = {names.key(m.name) for m in found.mentions if m.cue != "headline"}
    found.mentions = [m for m in found.mentions
                      if m.cue != "headline" or names.key(m.name) in seen_elsewhere
                      or gazetteer.lookup(m.name)]
    found.main = _main_place(found)
    return found


def _main_place(found: ArticlePlaces) -> str | None:
    score: Counter = Counter()
    first: dict[str, tuple[int, str]] = {}
    for m in found.mentions:
        k = names.key(m.name)
        score[k] += CUE_WEIGHT[m.cue]
        if k not in first:
            first[k] = (m.start, m.name)
    # a dateline alone says where the reporter was, not what the article is about
    about = {names.key(m.name) for m in found.mentions if m.cue != "dateline"}
    score = Counter({k: v for k, v in score.items() if k in about})
    if not score:
        return None
    best = max(score, key=lambda k: (LEVEL_RANK[found.levels.get(k, "unknown")], score[k],
                                     -first[k][0]))
    return first[best][1]


def claim_place(found: ArticlePlaces, sentence_start: int, sentence_end: int
                ) -> tuple[str | None, str | None]:
    """(place as written, how it was found) for a claim in the sentence at these offsets."""
    main_key = names.key(found.main) if found.main else None
    in_sentence = [m for m in found.mentions if sentence_start <= m.start < sentence_end
                   and (m.cue in STRONG_CUES or m.cue == "headline")]
    if in_sentence:
        if main_key and any(names.key(m.name) == main_key for m in in_sentence):
            return found.main, "sentence"
        strong = [m for m in in_sentence if m.cue in STRONG_CUES]
        if strong:
            best = max(strong, key=lambda m: (LEVEL_RANK[found.levels.get(names.key(m.name),
                                                                         "unknown")], -m.start))
            return best.name, "sentence"
    # a round-up's paragraph headed by its place: "Korvany, March 12. ..."
    sections = [m for m in found.mentions if m.cue == "section" and m.start <= sentence_start
                and m.start >= found.paragraph_start(sentence_start)]
    if sections:
        return sections[-1].name, "paragraph"
    if found.main:
        return found.main, "article"
    return None, None


# ---------------------------------------------------------------------------------------------
# Across articles


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    level: str
    country: str | None
    in_gazetteer: bool


def group_places(spellings: Counter, levels: dict[str, str], gazetteer: Gazetteer,
                 similarity: float = 88) -> dict[str, Place]:
    """Map each spelling (by its key) to one Place. `spellings` counts names as written;
    `levels` gives the level found for a key, where one was."""
    out: dict[str, Place] = {}
    loose: dict[str, Counter] = {}  # representative key -> spellings
    blocks: dict[str, list[str]] = {}  # names.block_key -> representatives: compare within
    by_id: dict[str, Place] = {}
    for spelling, _ in spellings.most_common():
        k = names.key(spelling)
        if k in out:
            continue
        entry = gazetteer.lookup(spelling)
        if entry:
            place = by_id.setdefault(names.slug(entry.name), Place(
                names.slug(entry.name), entry.name, entry.level, entry.country, True))
            out[k] = place
            continue
        block = blocks.setdefault(names.block_key(k), [])
        for rep in block:
            if names.same_name(rep, k, similarity):
                loose[rep][spelling] += spellings[spelling]
                break
        else:
            loose[k] = Counter({spelling: spellings[spelling]})
            block.append(k)
    for rep, group in loose.items():
        # the name most written; an all-capitals dateline never wins over the usual form
        name = max(group, key=lambda s: (not s.isupper(), group[s]))
        keys = {names.key(s) for s in group}
        level = max((levels.get(k, "unknown") for k in keys), key=lambda lv: (
            lv != "unknown", LEVEL_RANK[lv]))
        pid = names.slug(name)
        while pid in by_id:
            pid += "-2"
        place = by_id[pid] = Place(pid, name, level, None, False)
        for k in keys:
            out[k] = place
    return out
