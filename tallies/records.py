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
    period: str | None = None  # "over the past seven days": a count for a period, not the incident

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


# ---------------------------------------------------------------------------------------------
# The store and reconciliation: what many articles say together.


@dataclass(frozen=True)
class ClaimContext:
    """What one article says around one of its claims, read when the article is stored:
    where (a place name as written), when (the event date the text gives, resolved against the
    publication date) and who, resolved inside the article ("the ministry" -> the ministry the
    article named; a spokesman -> the body he speaks for)."""

    place: str | None = None  # as written: "Makiïvka"
    place_how: str | None = None  # sentence | paragraph | article
    event_date: str | None = None  # YYYY-MM-DD
    date_text: str | None = None  # the words that gave it: "on Sunday", "two days ago"
    source_name: str | None = None  # the claimant after resolution in the article
    source_role: str | None = None  # "spokesman", "minister", ... when a person speaks for a body
    speaks_for: str | None = None  # the body a person speaks for, as the article names it
    side: str | None = None  # "Ukraine", "independent"... when the source's words give it
    subject: str = "people"  # what is counted, coarsely: people, children, vehicle, drone...
    part: str | None = None  # "increment" ("two more bodies") or "subset" ("11 of them"): not a toll


@dataclass(frozen=True)
class LoadSummary:
    """What `tallies ingest` did."""

    added: int = 0  # articles stored for the first time
    updated: int = 0  # articles whose text changed at the same input: claims replaced
    skipped: int = 0  # already in the store, unchanged
    duplicates: int = 0  # of the added: near-duplicate copies of an article already stored
    failed: int = 0  # inputs that could not be used (errors)
    not_used: int = 0  # inputs skipped on purpose (another language)
    claims: int = 0  # claims stored by this run
    events: int = 0  # events in the store after reconciliation


@dataclass(frozen=True)
class Figure:
    """One step of a source's history for one event and measure: a figure as first reported,
    with the report it came from and how many near-duplicate copies repeated it."""

    claim_id: int
    text: str  # as stated: "about 450", "several hundred"
    low: float | None
    best: float | None
    high: float | None
    qualifier: str
    reported: str | None  # publication date of the first report giving it
    copies: int = 1  # articles giving it (copies of one report and later repeats)


@dataclass(frozen=True)
class History:
    """One originating source's figures for one event and measure, in the order they appeared.
    The last is the source's current figure; earlier ones are revisions, not other sources."""

    source_id: str
    source: str  # canonical name
    side: str | None
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Reconciliation:
    """Sources side by side for one event, measure and thing counted, with the rule's outcome:
    low / best / high and a grade (confirmed, single source, contested) with its reason."""

    event_id: str
    measure: str
    subject: str
    low: float | None
    best: float | None
    high: float | None
    grade: str
    reason: str
    histories: tuple[History, ...] = ()
    reporter_only: bool = False  # only the outlets' own figures: no source named one
