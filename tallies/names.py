"""Spellings: when two names are the same name written differently.

News transliterates the same Cyrillic, Arabic or Ukrainian name many ways: "Shoigu" (English),
"Choigou" (French), "Schoigu" (German); "Rozhin" / "Rojine"; "Makiivka" / "Makiïvka" /
"Makeyevka". Three steps make them comparable:

- `key`: accents off (unidecode), lower case, punctuation gone: "Makiïvka’s" -> "makiivkas"?
  no: possessives are cut first -> "makiivka";
- `skeleton`: the key with transliteration conventions folded (French ch/ou/j, German sch/w,
  English kh/zh/y, doubled letters, a final e), so "choigou" and "shoigu" both give "shoigu";
- `same_name`: equal skeletons, or skeletons rapidfuzz finds similar enough, or the same
  consonants with similar vowels ("vyshkoriv" / "vishkorov").
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

_POSSESSIVE = re.compile(r"['’`]s\b|['’`]\B", re.I)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Order matters: longer patterns first. Applied to both names, so a rule only has to map the
# variants onto one form, not onto the "right" one.
_RULES = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("dj", "j"),
    ("kh", "h"), ("ch", "sh"), ("ou", "u"), ("oo", "u"), ("ph", "f"), ("ck", "k"),
    ("tz", "ts"), ("cz", "ch"), ("w", "v"), ("x", "ks"), ("q", "k"), ("yi", "i"), ("iy", "i"),
    ("ye", "e"), ("ie", "i"), ("y", "i"), ("ee", "i"), ("ii", "i"), ("ei", "ei"),
)
_VOWELS = re.compile(r"[aeiou]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Accents, case, possessives and punctuation off: "Makiïvka’s" -> "makiivka"."""
    text = _POSSESSIVE.sub("", name)
    text = unidecode(text).lower()
    text = _NOT_WORD.sub(" ", text).strip()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The key with transliteration conventions folded: "Choigou" and "Shoigu" -> "shoigu"."""
    text = key(name).replace(" ", "")
    for old, new in _RULES:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    if len(text) > 4 and text.endswith("e"):
        text = text[:-1]  # French final e: Rojine / Rozhin
    return text


def consonants(skel: str) -> str:
    return _VOWELS.sub("", skel)


def same_name(a: str, b: str, similarity: float = 88) -> bool:
    """Two spellings of one name (a word or a few: "Bayu Tinggi" / "Bayutinggi")."""
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < 4 or sa[0] != sb[0]:
        return False
    ratio = fuzz.ratio(sa, sb)
    if ratio >= similarity:
        return True
    # the same consonants in the same order, vowels transliterated differently
    return ratio >= 75 and consonants(sa) == consonants(sb) and len(consonants(sa)) >= 3


def block_key(name: str) -> str:
    """Names that `same_name` can find alike share this key (their first letter and first two
    consonants after it, h aside), so a corpus's names are compared within small blocks rather
    than all pairs. (Two spellings that differ in those consonants are not compared.)"""
    skel = skeleton(name)
    return skel[:1] + consonants(skel[1:]).replace("h", "")[:2]  # sh/s, kh/k: h often silent


def slug(name: str, limit: int = 60) -> str:
    """An id fit for a URL: "Makiïvka" -> "makiivka"."""
    return key(name).replace(" ", "-")[:limit].strip("-") or "x"


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Words for a country's people or state -> the country (tallies/data/demonyms.tsv)."""
    from importlib import resources

    text = resources.files("tallies").joinpath("data/demonyms.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            word, country = line.split("\t", 1)
            out[word.strip().lower()] = country.strip()
    return out


_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "is", "i")


def country_of_demonym(word: str, known: set[str] | frozenset[str] = frozenset()) -> str | None:
    """"Ukrainian" -> "Ukraine" (from the table); "Dravanian" -> "Dravania" when "Dravania" is
    among `known` names (the countries an article or a corpus names)."""
    w = word.strip(" '’").lower()
    table = demonyms()
    if w in table:
        return table[w]
    if not word[:1].isupper():
        return None
    for ending in _DEMONYM_ENDINGS:
        if w.endswith(ending) and len(w) > len(ending) + 2:
            stem = w[: -len(ending)]
            for guess in (stem + "ia", stem + "a", stem, stem + "y", stem + "e"):
                for k in known:
                    if k.lower() == guess:
                        return k
    return None
