"""The shared records of Tallies: frozen dataclasses, the only types modules pass to each other.

Every normalised value travels with the surface text and the character offsets it came from,
so that any figure can be traced back to its evidence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "range", "vague")

MEASURES = (
    "killed", "injured", "casualties", "missing", "captured", "arrested", "displaced",
    "evacuated", "fired", "intercepted", "destroyed", "damaged", "present", "other",
)


@dataclass(frozen=True)
class Article:
    """One input document: its text is what every offset points into."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    origin: str | None = None  # the file, URL or record it was read from
    outlet: str | None = None  # the publisher's name or host, when known
    language: str | None = None


@dataclass(frozen=True)
class Amount:
    """A figure phrase as read from text: "over 60", "several hundred", "5,937".

    `start`/`end` are offsets into the string that was parsed. `value` is the number as
    stated (None for ranges and vague amounts); `low`/`high` the interval the phrase allows
    (None is open).
    """

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    hedge: str | None = None  # the hedge words ("more than"), when the phrase has one
    hedge_start: int | None = None  # where the hedge begins (the number starts at num_start)
    num_start: int = 0
    num_end: int = 0
    unit: str | None = None  # "percent" for percentages; None for plain counts
    spelled: bool = False  # written in words ("four", "a dozen")


@dataclass(frozen=True)
class Failure:
    """An input that could not be used, and why. The batch goes on without it."""

    input: str
    reason: str
    kind: str = "error"  # error | skipped


@dataclass(frozen=True)
class Claim:
    """One figure as someone states it. Field names follow ../shared/eval/SCHEMA.md."""

    doc: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    measure: str
    counted: str | None
    source: str
    source_text: str | None
    via: str | None
    cumulative: bool
    sentence: str
    # Additions the schema allows.
    sentence_start: int = 0
    source_start: int | None = None  # offsets of source_text in the article, when it is there
    source_end: int | None = None
    source_kind: str = "reporter"  # reporter | named | unnamed
    cue: str | None = None  # the words that attribute the figure ("said", "according to")
    unit: str | None = None
    headline: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("value", "low", "high"):
            d[key] = _plain_number(d[key])
        return d


def _plain_number(x: float | None) -> float | int | None:
    """63.0 -> 63 so that JSON says what the article said."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return x


@dataclass(frozen=True)
class ExtractResult:
    """What extracting one article gives: its claims, or the reason it gave none."""

    article: Article
    claims: tuple[Claim, ...] = field(default_factory=tuple)
    failure: Failure | None = None
