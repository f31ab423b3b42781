"""The fixture corpus (tests/fixtures/corpus/, ground truth in its manifest.json): 42 articles
about four fictional events, with syndicated copies, revisions, spelling variants and running
totals. Pins what `tallies ingest` makes of it: the events, the duplicate groups, per-source
histories, low / best / high and grades.

Where Tallies misses the manifest because of what the extractor gave (a misattributed figure,
a period total not marked as one, a measure misread), the case is pinned as
xfail(strict=True) with the reason, so it flips to a failure when the extractor improves.
Plain-text fixture files carry no metadata: the manifest's publication date and outlet are
given to them as a feed would.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tallies.ingest import iter_articles
from tallies.load import ingest
from tallies.records import Article
from tallies.settings import Settings

pytestmark = pytest.mark.model

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
EVENT_OF = {"vyshkoriv-strike": "vyshkoriv-2031-03-09", "korvany-attack": "korvany-2031-03-12",
            "brodets-market": "brodets-2031-03-15", "laventa-floods": "bayu-tinggi-2031-03-14"}
SETTINGS = Settings.load(overrides={"ingest": {"latest_published": "2031-12-31"}})


def _key(article: Article) -> str:
    """The manifest's key: the file name, or file.jsonl#id for JSONL records."""
    if article.origin and ".jsonl:" in article.origin:
        return Path(article.origin.split(":")[0]).name + "#" + article.id
    return article.id


def corpus_items():
    for item in iter_articles([str(CORPUS)], SETTINGS):
        if isinstance(item, Article):
            meta = MANIFEST["articles"].get(_key(item))
            if meta:
                item = replace(item, published=item.published or meta["published"],
                               outlet=item.outlet or meta["outlet"])
        yield item


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    summary = ingest([], path, SETTINGS, items=corpus_items())
    assert summary.added == len(MANIFEST["articles"])
    assert summary.failed == 1  # manifest.json is not an article
    return path


def q(db: str, sql: str, *params):
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


def manifest_ids(keys) -> set[str]:
    return {k.split("#")[-1] for k in keys}


# -- events --------------------------------------------------------------------------------------

@pytest.mark.parametrize("event", ["vyshkoriv-strike", "korvany-attack", "laventa-floods"])
def test_events_hold_the_manifest_articles(db, event):
    got = {r[0] for r in q(db, "SELECT DISTINCT article_id FROM claims WHERE event_id = ?",
                           EVENT_OF[event])}
    assert got == manifest_ids(MANIFEST["events"][event]["articles"])


def test_brodets_holds_its_articles_and_a_weekly_summary(db):
    got = {r[0] for r in q(db, "SELECT DISTINCT article_id FROM claims WHERE event_id = ?",
                           EVENT_OF["brodets-market"])}
    expected = manifest_ids(MANIFEST["events"]["brodets-market"]["articles"])
    assert got - expected == {"solvaria-monitor-2031-03-16-weekly-losses.txt"}
    assert expected <= got


@pytest.mark.xfail(strict=True, reason="extractor: the General Staff's weekly figures ('1,450 "
                   "over the past seven days', '41 armoured vehicles in the past week') are not "
                   "marked as period totals, so the weekly summary placed in the Ostrel region "
                   "joins the Brodets event")
def test_brodets_event_exactly(db):
    got = {r[0] for r in q(db, "SELECT DISTINCT article_id FROM claims WHERE event_id = ?",
                           EVENT_OF["brodets-market"])}
    assert got == manifest_ids(MANIFEST["events"]["brodets-market"]["articles"])


def test_four_events_with_their_places_and_dates(db):
    rows = q(db, "SELECT id, place, event_date FROM events ORDER BY id")
    assert rows == [("bayu-tinggi-2031-03-14", "Bayu Tinggi", "2031-03-14"),
                    ("brodets-2031-03-15", "Brodets", "2031-03-15"),
                    ("korvany-2031-03-12", "Korvany", "2031-03-12"),
                    ("vyshkoriv-2031-03-09", "Vyshkoriv", "2031-03-09")]
    for event in MANIFEST["events"].values():
        assert EVENT_OF[next(k for k, v in MANIFEST["events"].items() if v is event)].endswith(
            event["date"])


def test_spellings_are_one_place(db):
    aliases = {r[0]: r[1] for r in q(db, "SELECT alias, place_id FROM place_aliases")}
    for event in MANIFEST["events"].values():
        ids = {aliases[v] for v in event["place"]["variants"] if v in aliases}
        assert len(ids) == 1, event["place"]


def test_duplicate_groups_are_the_syndication_groups(db):
    got = {}
    for article_id, group in q(db, "SELECT id, dup_group FROM articles"):
        got.setdefault(group, set()).add(article_id)
    got = sorted(sorted(v) for v in got.values() if len(v) > 1)
    expected = sorted(sorted([g["original"], *g["copies"]])
                      for g in MANIFEST["syndication_groups"].values())
    assert got == expected


# -- per-source histories ---------------------------------------------------------------------------

def history(db, event, measure, subject, source) -> str:
    rows = q(db, "SELECT h.figure FROM histories h JOIN reconciliations r ON "
                 "r.id = h.reconciliation_id JOIN sources s ON s.id = h.source_id WHERE "
                 "r.event_id = ? AND r.measure = ? AND r.subject = ? AND s.name = ? "
                 "ORDER BY h.step", EVENT_OF[event], measure, subject, source)
    return "→".join(r[0] for r in rows)


def _miss(reason):
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize("event,measure,subject,source,expected", [
    ("korvany-attack", "injured", "people", "Solvaria's State Emergency Service", "21→34→38"),
    ("korvany-attack", "killed", "people", "Solvaria's State Emergency Service", "≥7→7→9→11"),
    ("laventa-floods", "killed", "people", "National Disaster Risk Agency", "≥18→23→31"),
    ("laventa-floods", "displaced", "people", "National Disaster Risk Agency", "~46,000"),
    ("laventa-floods", "displaced", "people", "Laventa Red Cross Society", "~46,000"),
    ("brodets-market", "killed", "people", "Stepan Orlav", "14→16"),
    ("brodets-market", "injured", "people", "Frontline Medics International", "41"),
    ("vyshkoriv-strike", "killed", "people", "Dravania's Defence Ministry",
                 "63→71→89"),
    pytest.param("laventa-floods", "missing", "people", "National Disaster Risk Agency",
                 "40→27→12→9", marks=_miss(
                     "extractor: '40 missing' in a headline is the outlet's, and 'lowered the "
                     "number of missing from 12 to nine' gives measure other")),
])
def test_histories(db, event, measure, subject, source, expected):
    assert history(db, event, measure, subject, source) == expected


# -- low / best / high and grades ------------------------------------------------------------------

def reconciliation(db, event, measure, subject):
    rows = q(db, "SELECT grade, low, best, high FROM reconciliations WHERE event_id = ? AND "
                 "measure = ? AND subject = ?", EVENT_OF[event], measure, subject)
    return rows[0] if rows else None


GRADES = [
    # event, measure, subject, grade, (low, best, high) or None to pin the grade only
    ("vyshkoriv-strike", "killed", "people", "contested", None),
    # the manifest takes the two anonymous sources in the occupation administration for one;
    # Tallies never merges anonymous sources across outlets (Drava Times 14, Coastline News 37)
    ("vyshkoriv-strike", "injured", "people", "contested", (14, 52, 300)),
    ("vyshkoriv-strike", "fired", "missile", "single source", None),
    ("vyshkoriv-strike", "intercepted", "missile", "single source", (2, 2, 2)),
    ("korvany-attack", "injured", "people", "single source", (38, 38, 38)),
    ("korvany-attack", "fired", "drone", "single source", (96, 96, 96)),
    ("korvany-attack", "fired", "missile", "single source", (14, 14, 14)),
    ("korvany-attack", "intercepted", "missile", "single source", (10, 10, 10)),
    ("korvany-attack", "damaged", "building", "single source", (3, 3, 3)),
    ("brodets-market", "killed", "people", "contested", None),
    ("brodets-market", "injured", "people", "confirmed", (41, 41, 41)),
    ("brodets-market", "fired", "bomb", "single source", (2, 2, 2)),
    ("laventa-floods", "killed", "people", "single source", (31, 31, 31)),
    ("laventa-floods", "missing", "people", "single source", None),
    ("laventa-floods", "displaced", "people", "confirmed", (46000, 46000, 46000)),
    ("laventa-floods", "evacuated", "people", "single source", (12500, 12500, 12500)),
    ("laventa-floods", "damaged", "house", "single source", (4100, 4100, 4100)),
    ("laventa-floods", "destroyed", "bridge", "single source", (14, 14, 14)),
    pytest.param("vyshkoriv-strike", "killed", "people", "contested", (89, 101, 450), marks=_miss(
        "extractor: the ministry's figures include a misattributed 'about 450' and a range "
        "63-71 read from 'from 63 to 71'")),
    pytest.param("vyshkoriv-strike", "fired", "missile", "single source", (6, 6, 6), marks=_miss(
        "extractor: 'the college was hit by four rockets' is read as four fired")),
    pytest.param("vyshkoriv-strike", "missing", "people", "single source", (142, 142, 142),
                 marks=_miss("extractor: the mothers' council's men 'not heard from' get "
                             "measure other")),
    ("vyshkoriv-strike", "destroyed", "vehicle", "confirmed", (7, 7, 10)),
    ("vyshkoriv-strike", "damaged", "house", "single source", None),
    pytest.param("korvany-attack", "killed", "people", "confirmed", (11, 11, 11), marks=_miss(
        "extractor: 'war toll passes 9,850' and the mission's 9,812 are not marked as running "
        "totals, nor its '39 in the past week' as a period total")),
    ("korvany-attack", "intercepted", "drone", "single source", (81, 81, 81)),
    ("korvany-attack", "present", "people", "single source", (20000, 20000, 20000)),
    ("brodets-market", "killed", "people", "contested", (15, 16, 61)),
    ("brodets-market", "destroyed", "vehicle", "single source", (4, 4, 4)),
    ("brodets-market", "evacuated", "people", "single source", (260, 260, 260)),
    pytest.param("laventa-floods", "missing", "people", "single source", (9, 9, 9), marks=_miss(
        "extractor: 'from 12 to nine' gives measure other")),
]


@pytest.mark.parametrize("event,measure,subject,grade,figures", GRADES)
def test_grades_and_low_best_high(db, event, measure, subject, grade, figures):
    got = reconciliation(db, event, measure, subject)
    assert got is not None
    assert got[0] == grade
    if figures is not None:
        assert got[1:] == figures


def test_clear_manifest_grades_are_all_covered():
    covered = {(e, m) for e, m, *_ in (p.values if hasattr(p, "values") else p for p in GRADES)}
    clear = {(e, m) for e, v in MANIFEST["events"].items() for m, x in v["measures"].items()
             if x["clear"] and m != "other"}
    assert clear - covered == set()


# -- running totals, re-ingest, the command line ---------------------------------------------------

def test_running_totals_are_series_never_event_figures(db):
    assert q(db, "SELECT count(*) FROM claims WHERE cumulative = 1 AND event_id IS NOT NULL") \
        == [(0,)]
    series = q(db, "SELECT s.name, r.measure, r.latest FROM running_totals r JOIN sources s "
                   "ON s.id = r.source_id")
    assert ("Dravania's Defence Ministry", "killed", "18,360") in series  # Kastorin's total


def test_reingest_adds_nothing(db):
    before = q(db, "SELECT count(*), sum(n_claims) FROM articles")
    summary = ingest([], db, SETTINGS, items=corpus_items())
    assert (summary.added, summary.updated, summary.claims) == (0, 0, 0)
    assert summary.skipped == len(MANIFEST["articles"])
    assert q(db, "SELECT count(*), sum(n_claims) FROM articles") == before


def test_show_finds_an_event_by_any_spelling(db):
    out = subprocess.run([sys.executable, "-m", "tallies", "show", "Vishkorov", "--db", db],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Vyshkoriv, 2031-03-09" in out.stdout
    assert "CONTESTED" in out.stdout and "Solvaria's Strategic Communications Centre" in out.stdout
    assert "Running totals in these articles" in out.stdout
