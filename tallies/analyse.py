"""From stored claims to events: the two analysis steps.

`annotate` reads one article around its claims when the article is stored: each claim's place,
event date and source as the article resolves them (places.py, events.py, sources.py). Its
results are stored with the claims; `ANNOTATION_VERSION` marks them, and articles annotated by
an older version are annotated again from their stored text (no extraction needed).

`rebuild` recomputes everything that depends on more than one article, from the stored facts
alone, and replaces the derived tables in one transaction: places grouped across spellings,
sources grouped into entities, events, reconciliations with per-source histories, and running
totals as series. It runs after each ingest that changed anything (or when the settings it
depends on changed); a run killed during it leaves the previous derived tables and the next run
rebuilds them.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import names
from .events import EventClaim, claim_date, cluster, lead_date
from .places import Gazetteer, LEVEL_RANK, find_places, claim_place, group_places
from .reconcile import UnitClaim, figure_text, part_of, reconcile, subject_of
from .records import Article, Claim, ClaimContext
from .settings import Settings
from .sources import SourceIndex, SourceMention, article_source_contexts
from .store import Store

ANNOTATION_VERSION = 1
REBUILD_VERSION = 1


@dataclass
class Annotated:
    contexts: list[ClaimContext]
    place: str | None
    places: list


def annotate(article: Article, claims: list[Claim], gazetteer: Gazetteer) -> Annotated:
    """Place, date and source of each claim, as this article gives them."""
    found = find_places(article.text, gazetteer, article.title)
    countries = {m.name for m in found.mentions if m.level == "country"}
    sources = article_source_contexts(article, claims, countries)
    lead = lead_date(article.text, article.published)
    contexts = []
    for claim, (name, role, body, side) in zip(claims, sources):
        place, how = claim_place(found, claim.sentence_start,
                                 claim.sentence_start + len(claim.sentence))
        paragraph = article.text[found.paragraph_start(claim.sentence_start):claim.sentence_start]
        when, words = claim_date(claim.sentence, article.published, lead, paragraph)
        contexts.append(ClaimContext(place=place, place_how=how, event_date=when,
                                     date_text=words, source_name=name, source_role=role,
                                     speaks_for=body, side=side,
                                     subject=subject_of(claim.counted, claim.measure),
                                     part=part_of(claim.sentence,
                                                  claim.start - claim.sentence_start,
                                                  claim.end - claim.sentence_start)))
    return Annotated(contexts, found.main, found.summary())


def stamp(settings: Settings) -> str:
    """What the derived tables depend on besides the facts."""
    r = settings.reconcile
    wanted = {k: r[k] for k in ("agree_ratio", "same_side_confirms", "event_window_days",
                                "name_similarity", "gazetteer")}
    wanted["version"] = REBUILD_VERSION
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:16]


def needs_rebuild(store: Store, settings: Settings) -> bool:
    return store.get_meta("stale") != "0" or store.get_meta("analysed_with") != stamp(settings)


def reannotate(store: Store, gazetteer: Gazetteer) -> int:
    """Annotate again the articles an older version annotated; how many there were."""
    ids = store.articles_to_annotate(ANNOTATION_VERSION)
    for article_id in ids:
        article, claims = store.article_with_claims(article_id)
        done = annotate(article, claims, gazetteer)
        store.update_contexts(article_id, done.contexts, done.place, done.places,
                              ANNOTATION_VERSION)
    return len(ids)


# ---------------------------------------------------------------------------------------------


def rebuild(store: Store, settings: Settings, gazetteer: Gazetteer | None = None) -> int:
    """Recompute places, sources, events, reconciliations and running totals; the number of
    events."""
    opts = settings.reconcile
    similarity = float(opts["name_similarity"])
    gazetteer = gazetteer or Gazetteer.load(opts["gazetteer"] or None)
    rows = list(store.analysis_claims())
    articles = list(store.article_places())

    # -- places: spellings grouped, levels, which broad places hold which towns ---------------
    spellings: Counter = Counter()
    level_votes: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for name, level, count in json.loads(a["places"] or "[]"):
            spellings[name] += count
            if level != "unknown":
                level_votes[names.key(name)][level] += 1
    # the level most articles found a name at; on a tie the more specific
    levels = {k: max(v, key=lambda lv: (v[lv], LEVEL_RANK[lv])) for k, v in level_votes.items()}
    for r in rows:
        if r["place_text"]:
            spellings[r["place_text"]] += 0
    place_of = group_places(spellings, levels, gazetteer, similarity)
    place_level = {p.id: p.level for p in place_of.values()}
    main_places = {place_of[names.key(a["place"])].id for a in articles
                   if a["place"] and names.key(a["place"]) in place_of}
    contains: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        if not a["place"] or names.key(a["place"]) not in place_of:
            continue
        main = place_of[names.key(a["place"])]
        if LEVEL_RANK[main.level] < LEVEL_RANK["unknown"]:
            continue
        for name, level, _ in json.loads(a["places"] or "[]"):
            p = place_of.get(names.key(name))
            if p and p.id != main.id and LEVEL_RANK[p.level] < LEVEL_RANK["unknown"]:
                contains[p.id][main.id] += 1

    # -- sources ------------------------------------------------------------------------------
    outlet_of = {r["article_id"]: r["outlet"] for r in rows}
    countries = {p.name for p in place_of.values() if p.level == "country"} | {
        r["side"] for r in rows if r["side"] and r["side"] != "independent"}
    index = SourceIndex(similarity, countries)
    mention_of = {}
    for r in rows:
        report_outlet = outlet_of.get(r["dup_group"]) or r["outlet"]
        kind = r["source_kind"] or ("reporter" if r["source"] == "reporter" else "named")
        m = SourceMention(kind, (report_outlet if kind == "reporter" else r["source_name"]),
                          r["source_role"], r["speaks_for"], r["side"], report_outlet)
        mention_of[r["id"]] = m
        index.add(m)
    entities = index.build()

    # -- events -------------------------------------------------------------------------------
    event_claims = []
    place_id_of: dict[int, str] = {}
    for r in rows:
        place = place_of.get(names.key(r["place_text"])) if r["place_text"] else None
        main = place_of.get(names.key(r["article_place"])) if r["article_place"] else None
        if place and main and place.id != main.id and place.id not in main_places:
            place = main  # a place no report is about ("a briefing in the capital") -> the article's
        if place is None:
            continue
        place_id_of[r["id"]] = place.id
        if not r["cumulative"] and not r["period"]:  # period counts are series, not the toll
            event_claims.append(EventClaim(r["id"], place.id, r["event_date"] or r["published"],
                                           r["published"], bool(r["date_text"])))
    groups = cluster(event_claims, place_level, contains, int(opts["event_window_days"]))
    places_by_id = {p.id: p for p in place_of.values()}
    row_of = {r["id"]: r for r in rows}
    order_of = {r["id"]: i for i, r in enumerate(rows)}
    event_of: dict[int, str] = {}
    events_out, recs = [], []
    taken: set[str] = set()
    for g in sorted(groups, key=lambda g: (g.dates[0] if g.dates else "9999", g.place_id)):
        place = places_by_id[g.place_id]
        base = f"{place.id}-{g.event_date}" if g.event_date else f"{place.id}-undated"
        eid, n = base, 2
        while eid in taken:
            eid, n = f"{base}-{n}", n + 1
        taken.add(eid)
        for c in g.claims:
            event_of[c.claim_id] = eid
        units: dict[tuple[str, str], list[UnitClaim]] = defaultdict(list)
        for c in g.claims:
            r = row_of[c.claim_id]
            if r["unit"] == "percent" or r["part"]:
                continue  # shares are not counts; "two more", "11 of them" are not tolls
            e = entities[index.entity_of(mention_of[r["id"]]).voice_id]
            units[(r["measure"], r["subject"] or "")].append(UnitClaim(
                r["id"], e.id, e.name, e.side, e.kind == "outlet", r["published"],
                order_of[r["id"]], r["article_id"], r["text"], r["value"], r["low"], r["high"],
                r["qualifier"], e.generic, e.kind))
        _merge_unknown_subjects(units, row_of)
        event_recs = [reconcile(eid, measure, subject, cs, float(opts["agree_ratio"]),
                                bool(opts["same_side_confirms"]))
                      for (measure, subject), cs in sorted(units.items())]
        recs.extend(event_recs)
        arts = {row_of[c.claim_id]["article_id"] for c in g.claims}
        reports = {row_of[c.claim_id]["dup_group"] for c in g.claims}
        dates = g.dates
        reported = sorted(row_of[c.claim_id]["published"] for c in g.claims
                          if row_of[c.claim_id]["published"])
        first = min(g.claims, key=lambda c: (row_of[c.claim_id]["published"] or "9999",
                                             order_of[c.claim_id]))
        voices = {h.source_id for r in event_recs if not r.reporter_only for h in r.histories}
        events_out.append((eid, place.id, place.name, g.event_date, dates[0] if dates else None,
                           dates[-1] if dates else None, reported[0] if reported else None,
                           reported[-1] if reported else None, row_of[first.claim_id]["title"],
                           len(arts), len(reports), len(g.claims), len(voices),
                           _size(event_recs)))

    # -- running totals: series per source, measure and thing counted --------------------------
    series: dict[tuple, list] = defaultdict(list)
    for r in rows:
        if r["cumulative"] or r["period"]:  # per voice: a minister's total is his ministry's
            e = index.entity_of(mention_of[r["id"]])
            subject = r["subject"] or ""
            if r["period"] and not r["cumulative"]:  # "per week" series apart from the total
                subject = (subject + " " if subject else "") + "(" + _period_key(r["period"]) + ")"
            series[(e.voice_id, r["measure"], subject)].append(r)
    totals, total_of = [], {}
    for n, (key, rs) in enumerate(sorted(series.items()), 1):
        rs.sort(key=lambda r: (r["published"] or "9999", order_of[r["id"]]))
        last = rs[-1]
        totals.append((n, key[0], key[1], key[2], len(rs), rs[0]["published"], last["published"],
                       figure_text(last["qualifier"], last["value"], last["low"], last["high"],
                                   last["text"])))
        for r in rs:
            total_of[r["id"]] = n

    # -- write --------------------------------------------------------------------------------
    n_claims = Counter(place_id_of.values())
    place_rows = [(p.id, p.name, p.level, p.country, int(p.in_gazetteer), n_claims[p.id])
                  for p in places_by_id.values()]
    aliases = {(s, names.key(s), place_of[names.key(s)].id) for s in spellings
               if names.key(s) in place_of}
    aliases |= {(p.name, names.key(p.name), p.id) for p in places_by_id.values()}
    alias_rows = sorted(aliases)
    source_claims = Counter(index.entity_of(m).id for m in mention_of.values())
    source_rows = [(e.id, e.name, e.kind, e.side, e.body_id, e.role, e.voice_id,
                    source_claims[e.id]) for e in entities.values()]
    source_alias_rows = [(alias, e.id, n) for e in entities.values() for alias, n in e.aliases]
    links = []
    for r in rows:
        e = index.entity_of(mention_of[r["id"]])
        links.append((r["id"], place_id_of.get(r["id"]), e.id, e.voice_id,
                      event_of.get(r["id"]), total_of.get(r["id"])))
    store.write_analysis(places=place_rows, place_aliases=alias_rows, sources=source_rows,
                         source_aliases=source_alias_rows, events=events_out,
                         reconciliations=recs, running_totals=totals, claim_links=links,
                         stamp=stamp(settings))
    return len(events_out)


def _merge_unknown_subjects(units: dict[tuple[str, str], list], row_of: dict) -> None:
    """A thing counted without a name ("two were shot down") joins the one named thing of its
    measure in the event, when there is one and the claim's sentence names it ("Two other
    rockets were shot down"); never for "other", whose figures count anything."""
    for (measure, subject) in list(units):
        if subject or measure == "other":
            continue
        named = [s for (m, s) in units if m == measure and s]
        if len(named) != 1:
            continue
        stay = []
        for c in units[(measure, subject)]:
            sentence = row_of[c.claim_id]["sentence"].lower()
            if re.search(rf"\b{re.escape(named[0])}", sentence) or (
                    named[0] == "missile" and "rocket" in sentence):
                units[(measure, named[0])].append(c)
            else:
                stay.append(c)
        if stay:
            units[(measure, subject)] = stay
        else:
            del units[(measure, subject)]


def _size(recs) -> float | None:
    """An event's size for sorting: its best count of people killed, else hurt, else any."""
    for measure in ("killed", "casualties", "injured", "missing", "displaced"):
        for r in recs:
            if r.measure == measure and r.subject == "people" and r.best is not None:
                return r.best
    bests = [r.best for r in recs if r.best is not None and r.subject == "people"]
    return max(bests) if bests else None


def _period_key(period: str) -> str:
    """ "over the past seven days" -> "past seven days": one name per kind of period."""
    words = period.lower().split()
    while words and words[0] in ("over", "in", "during", "within", "for", "the"):
        words = words[1:]
    return " ".join(words)
