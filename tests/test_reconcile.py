"""Reconciliation and events, on claims built by hand: histories, low / best / high, grades,
dates resolved against the publication date, clustering into events."""
from __future__ import annotations

from collections import Counter

import pytest

from tallies.events import EventClaim, cluster, find_date
from tallies.reconcile import UnitClaim, agree, bounds, part_of, reconcile, subject_of
from tallies.records import Figure

_order = iter(range(10_000))


def uc(voice, text, qualifier="exact", value=None, low=None, high=None, reported="2031-03-10",
       side=None, article=None, outlet=False, generic=False, kind="body"):
    if value is None and qualifier in ("exact", "approximate", "at_least", "at_most"):
        value = float(text.replace(",", "").split()[-1])
    if qualifier in ("exact", "approximate"):
        low = high = value
    if qualifier == "at_least" and low is None:
        low = value
    if qualifier == "at_most" and high is None:
        high = value
    n = next(_order)
    return UnitClaim(n, voice, voice, side, outlet, reported, n, article or f"art{n}", text,
                     value, low, high, qualifier, generic, kind)


def test_a_revision_is_one_source_history_not_two_sources():
    r = reconcile("e", "killed", "people", [
        uc("mod", "63", reported="2031-03-10", side="Dravania"),
        uc("mod", "63", reported="2031-03-10", side="Dravania"),  # a copy
        uc("mod", "71", reported="2031-03-11", side="Dravania"),
        uc("mod", "89", reported="2031-03-13", side="Dravania"),
        uc("mod", "63", reported="2031-03-18", side="Dravania"),  # the past, quoted again
    ])
    [h] = r.histories
    assert [f.text for f in h.figures] == ["63", "71", "89"]
    assert [f.copies for f in h.figures] == [3, 1, 1]
    assert (r.low, r.best, r.high, r.grade) == (89, 89, 89, "single source")
    assert r.reason == "single source: mod 63→71→89"


def test_contested_names_the_two_furthest_apart_with_their_histories_and_factor():
    r = reconcile("e", "killed", "people", [
        uc("Russian MoD", "63", reported="2023-01-02", side="Russia"),
        uc("Russian MoD", "89", reported="2023-01-04", side="Russia"),
        uc("Ukrainian army", "400", reported="2023-01-02", side="Ukraine"),
    ])
    assert r.grade == "contested"
    assert r.reason == "contested: Russian MoD 63→89 vs Ukrainian army 400 (×4.5)"
    assert (r.low, r.best, r.high) == (89, 89, 400)


def test_confirmed_needs_two_independent_sources_that_agree():
    two_sides = reconcile("e", "killed", "people", [
        uc("SES", "11", side="Solvaria"), uc("IMM", "11", side="independent")])
    assert two_sides.grade == "confirmed"
    assert two_sides.reason == "confirmed: SES 11 and IMM 11 agree"
    same_side = reconcile("e", "fired", "drone", [
        uc("Air Force", "96", side="Solvaria"), uc("officials", "96", side="Solvaria")])
    assert same_side.grade == "single source"
    assert same_side.reason.startswith("single source: only Solvaria sources")
    allowed = reconcile("e", "fired", "drone", [
        uc("Air Force", "96", side="Solvaria"), uc("officials", "96", side="Solvaria")],
        same_side_confirms=True)
    assert allowed.grade == "confirmed"


def test_copies_and_the_outlets_own_words_never_confirm():
    r = reconcile("e", "killed", "people", [
        uc("Ministry", "63", article="wire"), uc("Ministry", "63", article="copy1"),
        uc("Ministry", "63", article="copy2"), uc("Harbour Times", "63", outlet=True)])
    assert r.grade == "single source" and len(r.histories) == 1
    only_outlets = reconcile("e", "present", "people", [
        uc("Solvaria Monitor", "18,000", "approximate", outlet=True),
        uc("Metro Herald", "18,000", "approximate", outlet=True)])
    assert only_outlets.reporter_only and only_outlets.grade == "single source"
    assert "only the outlets' own figures" in only_outlets.reason


def test_hedges_are_intervals():
    over_60 = uc("a", "over 60", "at_least", value=60, low=61)
    several_hundred = uc("b", "several hundred", "vague", low=200, high=900)
    about_400 = uc("c", "about 400", "approximate", value=400)
    assert bounds("at_least", 60, 61, None) == (61, 61, None)
    assert bounds("at_most", 10, None, 10) == (None, 10, 10)
    assert bounds("vague", None, 200, 900) == (200, 424, 900)
    r = reconcile("e", "killed", "people", [several_hundred, about_400])
    assert r.grade == "confirmed"  # 400 lies in 200-900
    r = reconcile("e", "killed", "people", [over_60, uc("d", "63", side="x")])
    assert r.grade == "confirmed" and (r.low, r.high) == (61, 63)
    r = reconcile("e", "destroyed", "vehicle", [
        uc("GS", "up to 10", "at_most", value=10, side="Solvaria"),
        uc("Kestrel", "at least seven", "at_least", value=7, side="independent")])
    assert r.grade == "confirmed" and (r.low, r.best, r.high) == (7, 7, 10)


@pytest.mark.parametrize("a,b,agrees", [
    ((80, 80, 80), (100, 100, 100), True), ((63, 63, 63), (89, 89, 89), False),
    ((61, 61, None), (400, 400, 400), True), ((200, 424, 900), (63, 63, 63), False),
    ((None, 10, 10), (7, 7, None), True),
])
def test_agreement(a, b, agrees):
    fa = Figure(0, "", a[0], a[1], a[2], "x", None)
    fb = Figure(0, "", b[0], b[1], b[2], "x", None)
    assert agree(fa, fb, 0.8) is agrees


def test_same_day_first_counts_are_hedged_and_tolls_rise():
    r = reconcile("e", "killed", "people", [
        uc("SES", "9", reported="2031-03-12"), uc("SES", "at least seven", "at_least", value=7,
                                                   reported="2031-03-12"),
        uc("SES", "7", reported="2031-03-12"), uc("SES", "11", reported="2031-03-13")])
    assert [f.text for f in r.histories[0].figures] == ["≥7", "7", "9", "11"]


def test_a_country_is_its_one_official_body_in_the_event():
    r = reconcile("e", "killed", "people", [
        uc("Dravania's Defence Ministry", "89", side="Dravania", reported="2031-03-13"),
        uc("Dravania", "89", side="Dravania", generic=True, kind="country"),
        uc("StratCom", "about 450", "approximate", value=450, side="Solvaria")])
    assert {h.source for h in r.histories} == {"Dravania's Defence Ministry", "StratCom"}


@pytest.mark.parametrize("counted,measure,subject", [
    (None, "killed", "people"), ("Russian soldiers", "killed", "people"),
    ("civilian deaths", "killed", "people"), ("children", "killed", "children"),
    ("military vehicles", "destroyed", "vehicle"), ("apartment buildings", "damaged", "building"),
    ("houses", "damaged", "house"), ("homes", "damaged", "house"), ("rockets", "fired", "missile"),
    (None, "intercepted", ""), ("Dravanian glide bombs", "fired", "bomb"),
])
def test_subject(counted, measure, subject):
    assert subject_of(counted, measure) == subject


@pytest.mark.parametrize("sentence,phrase,part", [
    ("Rescuers found two more bodies.", "two", "increment"),
    ("The bodies of another 18 servicemen were found.", "18", "increment"),
    ("The toll rose by 12 overnight.", "12", "increment"),
    ("52 servicemen were wounded, 11 of them seriously.", "11", "subset"),
    ("41 were treated, nine of whom were children.", "nine", "subset"),
    ("Two of the wounded died in hospital.", "Two", "subset"),
    ("81 of the drones were shot down.", "81", None),
    ("Two other rockets were shot down.", "Two", None),
    ("Its units had shot down 81 drones.", "81", None),
])
def test_increments_and_subsets_are_not_tolls(sentence, phrase, part):
    start = sentence.index(phrase)
    assert part_of(sentence, start, start + len(phrase)) == part


# -- dates and events ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,published,expected", [
    # the fixture corpus's manifest lists these expressions and the date they give
    ("struck shortly after midnight on Sunday", "2031-03-09", "2031-03-09"),
    ("six rockets had been fired early on Sunday", "2031-03-10", "2031-03-09"),
    ("the unit was hit two days ago", "2031-03-11", "2031-03-09"),
    ("killed in a strike last Sunday on the town", "2031-03-13", "2031-03-09"),
    ("Sunday's strike destroyed the college", "2031-03-12", "2031-03-09"),
    ("at about 00:40 on 9 March 2031", "2031-03-14", "2031-03-09"),
    ("Ten days after the strike, families wait", "2031-03-19", "2031-03-09"),
    ("Ukraine gave December 31 as the date", "2023-01-03", "2022-12-31"),
    ("five days after the river flooded the town", "2031-03-19", "2031-03-14"),
    ("the toll from last week's floods", "2031-03-18", "2031-03-11"),
    ("In the early hours of Friday the river broke its banks", "2031-03-15", "2031-03-14"),
    ("drones hit the capital overnight", "2031-03-12", "2031-03-12"),
    ("the toll rose yesterday", "2031-03-12", "2031-03-11"),
])
def test_event_dates(sentence, published, expected):
    assert find_date(sentence, published)[0] == expected


def test_a_date_after_a_verb_of_saying_dates_the_statement():
    d, words, statement = find_date("The ministry said on Monday that 63 were killed early on "
                                    "Sunday.", "2031-03-10")
    assert (d, words, statement) == ("2031-03-09", "early on Sunday", False)
    d, _, statement = find_date("The ministry said on Monday that 63 were killed.", "2031-03-10")
    assert (d, statement) == ("2031-03-10", True)


def test_claims_cluster_by_place_and_window():
    claims = [EventClaim(1, "vyshkoriv", "2031-03-09", "2031-03-09", True),
              EventClaim(2, "vyshkoriv", "2031-03-13", "2031-03-13"),
              EventClaim(3, "vyshkoriv", "2031-03-19", "2031-03-19"),  # 6 days on: same event
              EventClaim(4, "vyshkoriv", "2031-04-20", "2031-04-20"),  # a month on: another
              EventClaim(5, "korvany", "2031-03-12", "2031-03-12"),
              EventClaim(6, "sarangi", "2031-03-16", "2031-03-18"),  # a province: joins its town
              EventClaim(7, "bayu-tinggi", "2031-03-14", "2031-03-15", True)]
    groups = cluster(claims, {"sarangi": "region"}, {"sarangi": Counter({"bayu-tinggi": 2})}, 7)
    got = sorted(sorted(c.claim_id for c in g.claims) for g in groups)
    assert got == [[1, 2, 3], [4], [5], [6, 7]]
    [v] = [g for g in groups if 1 in {c.claim_id for c in g.claims}]
    assert v.event_date == "2031-03-09"  # the date the text gives, not the report dates


@pytest.mark.parametrize("a,b,expected", [
    ((7, 7, None), (None, 10, 10), True),      # "at least 7" and "up to 10"
    ((15, 15, None), (1450, 1450, 1450), False),  # "at least 15" does not confirm 1,450
    ((63, 63, 63), (60, 60, 60), True),
    ((63, 63, 63), (400, 400, 400), False),
    ((200, 424, 900), (400, 400, 400), True),  # "several hundred" and 400
])
def test_confirms_needs_each_figure_near_the_other(a, b, expected):
    from tallies.reconcile import confirms

    fa = Figure(1, "a", a[0], a[1], a[2], "exact", None)
    fb = Figure(2, "b", b[0], b[1], b[2], "exact", None)
    assert confirms(fa, fb, 0.8) is expected
    assert confirms(fb, fa, 0.8) is expected
