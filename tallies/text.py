"""Article text -> sentences with offsets, and the spaCy pipeline that parses the ones that matter.

Sentences are split at line breaks (headings, bullets, captions) as well as at sentence
punctuation, and every sentence keeps its offset into the text as given. Parsing is the costly
step, so only sentences that hold a number or an attribution cue are parsed (see claims.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import ModelNotFound

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cpt", "maj", "adm",
    "gov", "sen", "rep", "st", "mt", "ft", "jr", "sr", "rev", "hon", "pres", "sec", "amb",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vs", "v", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx", "fig",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "u.s.a", "st", "ave", "blvd",
    "gov't", "govt", "col", "brig", "cmdr", "insp", "supt", "pvt", "cpl", "rs",
}

_BOUNDARY = re.compile(
    r"""(?<=[.!?…])(["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9•\-–—])"""
)
# A dateline opening a story: "KORVANY, March 10 (Continental Wire) - ", "ODESA, Ukraine/KYIV: ",
# "VELGRAD, March 13, 2031 (IPB) - ". The place is kept; the sentence starts after it.
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+)*)"""
    r"""(?:,\s*(?:[A-Z][A-Za-z./]+(?:[ /][A-Z][A-Za-z./]+)*))?"""
    r"""(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?))?"""
    r"""\s*(?:\((?P<agency>[^)]{1,40})\)\s*)?(?:[-–—:]+|\.-)\s+""")
_BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|-(?=\s)|\d+[.)](?=\s))\s*")


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text is article_text[start:end]."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the line/paragraph it is in
    index: int  # position among the article's sentences
    heading: bool  # a line without final punctuation: a headline, heading or caption
    dateline: str | None = None  # "KORVANY" when the paragraph opens with a dateline


def _ends_with_abbreviation(chunk: str) -> bool:
    m = re.search(r"(\S+)\.$", chunk)
    if not m:
        return False
    word = m.group(1).lower().lstrip("(\"'“‘[")
    if word in ABBREVIATIONS:
        return True
    # initials: "T.H." or "J."
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with their offsets; line breaks always end a sentence."""
    out: list[Sentence] = []
    paragraph = -1
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        paragraph += 1
        # strip a leading bullet mark so "• The massacre..." starts at "The"
        lead = len(body) - len(body.lstrip())
        bullet = _BULLET.match(body)
        if bullet:
            lead = bullet.end()
        dateline = _DATELINE.match(body, lead)
        place = None
        if dateline and len(body) - dateline.end() > 20:
            place, lead = dateline.group("place"), dateline.end()
        cursor = line_start + lead
        segment = body[lead:]
        pieces = []
        last = 0
        for m in _BOUNDARY.finditer(segment):
            chunk = segment[last:m.start()]
            if _ends_with_abbreviation(chunk):
                continue
            pieces.append((last, m.end(1)))  # closing quotes stay with their sentence
            last = m.end()
        pieces.append((last, len(segment)))
        for a, b in pieces:
            piece = segment[a:b]
            stripped = piece.rstrip()
            if not stripped.strip():
                continue
            s = cursor + a + (len(piece) - len(piece.lstrip()))
            e = cursor + a + len(stripped)
            sent_text = text[s:e]
            heading = len(pieces) == 1 and not re.search(r"[.!?…:;\"”’)]$", sent_text)
            out.append(Sentence(s, e, sent_text, paragraph, len(out), heading,
                                place if a == 0 else None))
    return out


# ---------------------------------------------------------------------------------------------
# The spaCy pipeline.

# Components Tallies needs: the parse and the lemmas. The named-entity recogniser carries its
# own token-to-vector layer and doubles the cost, so it is left out (see attribution.py for
# how sources are typed without it).
_EXCLUDE = ("ner", "senter")


@lru_cache(maxsize=4)
def load_pipeline(names: tuple[str, ...]):
    """Load the first installed spaCy pipeline of `names`, without the parts Tallies skips."""
    import spacy

    tried = []
    for name in names:
        try:
            return spacy.load(name, exclude=list(_EXCLUDE))
        except OSError:
            tried.append(name)
    raise ModelNotFound(
        "no spaCy English pipeline installed (tried " + ", ".join(tried) + "); "
        "run 'make install' or pip install the package named in README.md")
