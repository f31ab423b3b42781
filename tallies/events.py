"""Events: when a claim's event happened, and which claims are about one event.

Dates. The words of a claim's sentence that give a date ("on Sunday", "early on Sunday",
"two days ago", "last Sunday", "Sunday's strike", "December 31", "9 March 2031", "ten days
after", "overnight", "yesterday") are resolved against the article's publication date: with
dateparser (PREFER_DATES_FROM="past", RELATIVE_BASE=published) for absolute and "N days ago"
dates, and here for weekdays, because news says "on Sunday" on a Sunday for that very day.
A date right after a verb of saying ("said on Monday") dates the statement, not the event, and
is used only when nothing else is there. A sentence without a date takes the date its article's
lead gives; an article without one, its publication date.

Events. Claims at one place form one event while no gap between their event dates is longer
than `reconcile.event_window_days` (single linkage, so a toll revised over ten days of reports
stays one event when the reports keep naming its date). Claims placed only at a region or a
country ("floods in Sarangi province") join the one event at a town in it, when the articles
name exactly one such town for that time; otherwise they are an event of their own. Running
totals are never part of an event; claims without a place are in no event.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "a couple of": 2, "several": 3}
_DATE = re.compile(
    r"\b(?P<absolute>\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+\d{4})?|"
    + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)\b"
    r"|\b(?P<ago>(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:days?|weeks?)"
    r"\s+ago)\b"
    r"|\b(?P<after>(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r")\s+days\s+(?:after|since)\b"
    r"|\b(?P<weekday>(?:(?P<last>last|this past|past)\s+)?(?:(?:early|late)\s+(?:on\s+)?)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?)\b"
    r"|\b(?P<yesterday>yesterday|the day before)\b"
    r"|\b(?P<today>today|this morning|late this morning|earlier today|this afternoon|"
    r"tonight|overnight|last night|on the night)\b"
    r"|\b(?P<lastweek>last week(?:['’]s)?)\b", re.I)
_SAYING = re.compile(
    r"\b(?:said|says|say|told|tells|announced|announces|reported|reports|wrote|writes|added|"
    r"adds|stated|confirmed|posted|updated|raised|revised|lowered|briefed|published|"
    r"statement|briefing|update)\b[\w\s,]{0,12}$", re.I)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _parse_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


@lru_cache(maxsize=16384)
def _dateparser(phrase: str, published: str) -> str | None:
    base = datetime.fromisoformat(published[:10])
    found = dateparser.parse(phrase, languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False})
    return found.date().isoformat() if found else None


def resolve(match: re.Match, published: str) -> str | None:
    """The date a matched phrase gives, read against the publication date (YYYY-MM-DD)."""
    base = _parse_day(published)
    if base is None:
        return None
    g = match.groupdict()
    if g["absolute"]:
        phrase = re.sub(r"(\d)(?:st|nd|rd|th)", r"\1", g["absolute"])
        return _dateparser(phrase, published)
    if g["ago"]:
        return _dateparser(g["ago"], published)
    if g["after"]:
        n = g["after"].lower()
        days = int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
        return _iso(base - timedelta(days=days)) if days else None
    if g["weekday"]:
        word = next(w for w in _WEEKDAYS if w in g["weekday"].lower())
        back = (base.weekday() - _WEEKDAYS.index(word)) % 7
        if back == 0 and g["last"]:
            back = 7  # "last Sunday" said on a Sunday is a week ago
        return _iso(base - timedelta(days=back))
    if g["yesterday"]:
        return _iso(base - timedelta(days=1))
    if g["today"]:
        return _iso(base)
    if g["lastweek"]:
        return _iso(base - timedelta(days=7))
    return None


def find_date(sentence: str, published: str | None) -> tuple[str | None, str | None, bool]:
    """(date, words, is_statement_date) for the first date a sentence gives; a date right after
    a verb of saying is taken only when the sentence has no other."""
    if not published:
        return None, None, False
    fallback = None
    for m in _DATE.finditer(sentence):
        resolved = resolve(m, published)
        if not resolved:
            continue
        if _SAYING.search(sentence[max(0, m.start() - 40):m.start()]):
            fallback = fallback or (resolved, m.group(), True)
            continue
        return resolved, m.group(), False
    return fallback if fallback else (None, None, False)


def lead_date(text: str, published: str | None, sentences: int = 3) -> tuple[str | None, str | None]:
    """The event date an article's first sentences give (its headline and lead)."""
    lead = " ".join(re.split(r"(?<=[.!?])\s+|\n+", text.strip())[:sentences + 1])
    d, words, _ = find_date(lead, published)
    return d, words


def claim_date(sentence: str, published: str | None, lead: tuple[str | None, str | None],
               paragraph: str = "") -> tuple[str | None, str | None]:
    """A claim's event date: its sentence's, else the one its paragraph gave before it (a
    round-up's "Korvany, March 12."), else the lead's, else the publication date."""
    d, words, statement = find_date(sentence, published)
    if d and not statement:
        return d, words
    p, p_words, p_statement = find_date(paragraph, published)
    if p and not p_statement:
        return p, p_words
    if lead[0]:
        return lead
    if d:
        return d, words
    return (published[:10], None) if published else (None, None)


# ---------------------------------------------------------------------------------------------
# Clustering


@dataclass(frozen=True)
class EventClaim:
    claim_id: int
    place_id: str
    date: str | None  # event date, else report date
    report: str | None  # publication date of its article
    stated: bool = False  # the date comes from the text's words, not the publication date


@dataclass
class EventGroup:
    place_id: str
    claims: list[EventClaim]

    @property
    def dates(self) -> list[str]:
        return sorted(c.date for c in self.claims if c.date)

    @property
    def event_date(self) -> str | None:
        """The date the text gives most often for the claims (else the most common report
        date); on a tie the earliest."""
        count = Counter(c.date for c in self.claims if c.date and c.stated) or Counter(self.dates)
        if not count:
            return None
        return min(count, key=lambda d: (-count[d], d))


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _single_linkage(claims: list[EventClaim], window: int) -> list[list[EventClaim]]:
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date, c.claim_id))
    undated = [c for c in claims if not c.date]
    groups: list[list[EventClaim]] = []
    for c in dated:
        if groups and _days(groups[-1][-1].date, c.date) <= window:
            groups[-1].append(c)
        else:
            groups.append([c])
    if undated:
        if len(groups) == 1:
            groups[0].extend(undated)
        else:
            groups.append(undated)
    return groups


def cluster(claims: list[EventClaim], levels: dict[str, str],
            contains: dict[str, Counter], window: int = 7) -> list[EventGroup]:
    """Group claims into events. `levels`: place id -> town | unknown | district | region |
    country; `contains`: a broad place's id -> the towns the articles name with it, with the
    number of articles that do. A claim at a broad place joins the event, within the window,
    at the town most often named with it (when no other is named as often)."""
    by_place: dict[str, list[EventClaim]] = defaultdict(list)
    for c in claims:
        by_place[c.place_id].append(c)
    broad = {p for p in by_place if levels.get(p) in ("district", "region", "country")}
    events: list[EventGroup] = []
    at_place: dict[str, list[tuple[str, str, EventGroup]]] = defaultdict(list)
    for place in sorted(p for p in by_place if p not in broad):
        for g in _single_linkage(by_place[place], window):
            group = EventGroup(place, g)
            events.append(group)
            dates = group.dates
            if dates:  # the span a broad place's claim may fall in to join it
                at_place[place].append((_shift(dates[0], -window), _shift(dates[-1], window),
                                        group))
    for place in sorted(broad):
        named = contains.get(place, Counter())
        left = []
        for c in by_place[place]:
            home = [g for town in named for lo, hi, g in at_place.get(town, ())
                    if c.date and lo <= c.date <= hi]
            home.sort(key=lambda e: -named[e.place_id])
            if len(home) == 1 or (home and named[home[0].place_id] > named[home[1].place_id]):
                home[0].claims.append(c)
            else:
                left.append(c)
        events.extend(EventGroup(place, g) for g in _single_linkage(left, window) if g)
    return events


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
