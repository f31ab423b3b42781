"""The benchmark scorers on hand-written examples: no ../shared, no spaCy model needed.

bench/newsquant.py (NewsQuant amounts) and bench/polnear_attr.py (PolNeAR attribution) keep
their restriction, matching and source rules in small functions; these tables pin them.
"""
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import newsquant as nq  # noqa: E402
import polnear_attr as pa  # noqa: E402


def gold(value, unit="people", normalized=None, qualifier="exact", low=None, high=None):
    is_range = low is not None
    return {"value": value if not is_range else (low + high) / 2,
            "low": low if is_range else value, "high": high if is_range else value,
            "is_range": is_range, "value_raw": str(value), "qualifier": qualifier,
            "unit": unit, "normalized_unit": normalized or unit}


def pred(value=None, low=None, high=None, qualifier="exact", text="", start=0, scope=None):
    is_range = qualifier == "range"
    if not is_range and low is None:
        low = high = value
    return nq.Pred(value, low, high, qualifier, text or str(value), start,
                   start + len(text or str(value)), None, is_range, scope)


# -- NewsQuant: which gold quantities are counts and percentages ----------------------------

@pytest.mark.parametrize("normalized, surface, reason", [
    ("percentage", "percent", None),
    ("percentage per year", "percent a year", None),
    ("people", "people", None),
    ("-", "-", None),
    ("point", "points", None),
    ("basis point", "basis points", None),
    ("count", "count", None),                      # "one count of wire fraud"
    ("dollar", "$", "money"),
    ("Singaporean dollar", "S $", "money"),        # upstream capitalises a few units
    ("dollar per barrel", "$ a barrel", "money"),
    ("point", "p", "money"),                       # pence: "down 68 p at 1112 p"
    ("sen", "sen", "money"),
    ("mile per hour", "mph", "physical"),
    ("kilometre", "km", "physical"),
    ("degree", "degrees", "physical"),
    ("year", "years", "duration"),
    ("hour per week", "hours a week", "duration"),
    ("year of age", "year-old", "age"),
    ("% -", "-", "ratio"),                         # "a third", "half"
    ("% US population", "% US population", "ratio"),
    ("count", "times", "ratio"),
    ("count", "sixfold", "ratio"),
    ("point per game", "ppg", "ratio"),
    ("generation wireless", "G", "name"),          # "5G"
])
def test_gold_scope(normalized, surface, reason):
    assert nq.gold_scope({"normalized_unit": normalized, "unit": surface}) == reason


@pytest.mark.parametrize("name, entity, dims, reason", [
    ("percentage", "dimensionless", [], None),
    ("dimensionless", "dimensionless", [], None),
    ("per cent", "unknown", [{"base": "cent", "power": -1}], None),
    ("parts-per-billion", "dimensionless", [], "physical"),
    ("dollar", "currency", [], "money"),
    ("day", "time", [], "duration"),
    ("mile per hour", "speed", [], "physical"),
    ("dollar per barrel", "unknown", [{"base": "dollar", "power": 1},
                                      {"base": "barrel", "power": -1}], "money"),
    ("per week", "unknown", [{"base": "week", "power": -1}], "ratio"),
])
def test_quantulum_scope(name, entity, dims, reason):
    names = {"dollar": SimpleNamespace(entity=SimpleNamespace(name="currency")),
             "barrel": SimpleNamespace(entity=SimpleNamespace(name="volume"))}
    assert nq.quantulum_scope(name, entity, dims, names) == reason


# -- NewsQuant: matching ---------------------------------------------------------------------

def test_values_match_within_relative_tolerance():
    assert nq.value_match(pred(6327.8), gold(6327.80000001))
    assert not nq.value_match(pred(6327.8), gold(6327.9))
    assert nq.value_match(pred(0), gold(0))


def test_a_gold_range_needs_both_ends_in_any_order():
    g = gold(None, low=212577.0, high=138285.0)
    assert nq.value_match(pred(low=138285, high=212577, qualifier="range"), g)
    assert not nq.value_match(pred(low=138285, high=200000, qualifier="range"), g)
    assert not nq.value_match(pred(138285), g)               # one end is not the range
    assert not nq.value_match(pred(low=4, high=6, qualifier="range"), gold(5))


def test_matching_is_one_to_one():
    golds = [gold(5), gold(5)]
    m = nq.match_sentence(golds, [pred(5)], [True, True])
    assert m.pairs == [(0, 0)] and m.missed == [1] and m.false_pos == []


def test_left_out_gold_makes_a_prediction_neutral_not_false():
    golds = [gold(40, "yard", "yard"), gold(3, "people")]
    kept = [nq.gold_scope(g) is None for g in golds]
    m = nq.match_sentence(golds, [pred(40), pred(3), pred(7)], kept)
    assert m.pairs == [(1, 1)] and m.neutral == [0] and m.false_pos == [2]


def test_ends_of_a_left_out_range_are_neutral():
    golds = [gold(None, "mph", "mile per hour", "range", low=0, high=60)]
    m = nq.match_sentence(golds, [pred(0), pred(60), pred(10)], [False])
    assert sorted(m.neutral) == [0, 1] and m.false_pos == [2]


def test_unscored_predictions_count_nowhere():
    golds = [gold(6, "$", "dollar"), gold(2)]
    kept = [nq.gold_scope(g) is None for g in golds]
    m = nq.match_sentence(golds, [pred(6, scope="money"), pred(2)], kept)
    assert m.unscored == [0] and m.pairs == [(1, 1)] and m.false_pos == []


def test_score_restricted_and_unrestricted():
    examples = [
        {"id": "a", "text": "", "quantities": [gold(10, qualifier="at_least"), gold(3)]},
        {"id": "b", "text": "", "quantities": [gold(None, qualifier="range", low=4, high=6)]},
    ]
    preds = [
        [pred(10, qualifier="at_least"), pred(3, qualifier="approximate"), pred(9)],
        [pred(5)],                                  # the range's midpoint, not its ends
    ]
    r = nq.score(examples, preds)
    assert (r["tp"], r["fp"], r["fn"]) == (2, 2, 1)
    assert r["value"] == {"precision": 50.0, "recall": 66.7, "f1": 57.1}
    assert r["qualifier_correct"] == 1 and r["qualifier_accuracy"] == 50.0
    assert r["recall_by_qualifier"]["range"] == "0/1"
    u = nq.score(examples, preds, restricted=False)  # published protocol: midpoints
    assert (u["tp"], u["fp"], u["fn"]) == (3, 1, 0)


# -- NewsQuant: causes ------------------------------------------------------------------------

def test_a_change_read_as_one_range_is_named():
    text = "Blackmores up 9.4 per cent to $84."
    p = pred(low=9.4, high=84, qualifier="range", text="9.4 per cent to $84", start=14)
    assert nq.fp_cause(text, p, [gold(9.4, "percent", "percentage")]).startswith("change")
    assert nq.miss_cause(text, gold(9.4, "percent", "percentage"), [p], [], []) \
        .startswith("change")


@pytest.mark.parametrize("text, num, cause", [
    ("The iPhone 11 has 64GB.", "11", "number in a name"),
    ("It won 2-1 at home.", "2", "score or tally"),
    ("Built between A.D. 1000 and 1100.", "1000", "a year"),
    ("He lives at 575 Wilbraham Road.", "575", "address"),
    ("It is 1⁄32 of a quart.", "32", "scientific notation or fraction"),
])
def test_false_positive_causes(text, num, cause):
    start = text.index(num)
    assert nq.fp_cause(text, pred(float(num), text=num, start=start), []).startswith(cause)


def test_minus_sign_and_decimal_point():
    text = "DAX -1.6% and a .500 record."
    assert nq.fp_cause(text, pred(1.6, text="1.6%", start=5), [gold(-1.6)]).startswith("minus")
    p = pred(500, text="500", start=17)
    assert nq.fp_cause(text, p, [gold(0.5)]).startswith("leading decimal point")


# -- PolNeAR: sources -------------------------------------------------------------------------

def att(source_text=None, frags=(), kind="Attribution", content=(), cue="said"):
    return {"id": "E1", "kind": kind, "source_text": source_text,
            "source_fragments": list(frags), "content_fragments": list(content),
            "cue_fragments": [], "cue_text": cue}


@pytest.mark.parametrize("text, expected", [
    ("the AP", {"ap"}),
    ("Mr. Rosenthal's", {"rosenthal"}),
    ("The club’s general manager, David Feder", {"club", "general", "manager", "david", "feder"}),
    (None, set()),
])
def test_name_words(text, expected):
    assert pa.words(text) == expected


def test_source_match_by_span_name_or_not_at_all():
    a = att("the Associated Press", [(100, 120)])
    assert pa.source_match(pa.Source("named", "AP", "Associated Press", (104, 120)), a) == "span"
    assert pa.source_match(pa.Source("named", "Associated Press", "Associated Press",
                                     (10, 26)), a) == "name"
    assert pa.source_match(pa.Source("reporter"), a) is None
    # a shared common noun is not the same source when the annotation names someone
    b = att("the Trump campaign", [(0, 18)])
    assert pa.source_match(pa.Source("named", "Clinton campaign", "Clinton campaign",
                                     (50, 66)), b) is None
    assert pa.source_match(pa.Source("unnamed", "unnamed", "officials", (5, 14)),
                           att("officials", [(5, 14)])) == "span"
    assert pa.source_match(pa.Source("named", "AP", "AP", (0, 2)),
                           att(kind="Attribution-no-source")) is None


@pytest.mark.parametrize("a, kind", [
    (att("Trump", [(0, 5)]), "named"),
    (att("he", [(0, 2)]), "pronoun"),
    (att("which", [(0, 5)]), "pronoun"),
    (att(kind="Attribution-no-source"), "none"),
])
def test_annotated_kind(a, kind):
    assert pa.annotated_kind(a) == kind


def claim(text, start, kind="named", source=None, source_text=None, s_start=None, s_end=None):
    return SimpleNamespace(text=text, start=start, end=start + len(text), source_kind=kind,
                           source=source or kind, source_text=source_text,
                           source_start=s_start, source_end=s_end, cue="said")


def test_numbers_in_content_and_their_claims():
    text = "Police said 40 people were hurt and two died. Sydney put on 0.1 percent."
    a = att("Police", [(0, 6)], content=[(12, 44)])
    doc = {"doc_id": "d", "text": text, "attributions": [a]}
    numbers = pa.numbers_in_content(doc)
    assert [n.text for n in numbers] == ["40", "two"]
    claims = [claim("40", 12, source="Police", source_text="Police", s_start=0, s_end=6),
              claim("two", 36, kind="reporter"),
              claim("0.1 percent", 60, source="Sydney", source_text="Sydney", s_start=46,
                    s_end=52)]
    pa.attach(numbers, claims)
    assert [n.match for n in numbers] == ["span", None]
    assert [n.said_by for n in numbers] == ["named", "reporter"]
    rows = pa.named_precision(doc, claims)
    assert [(r["where"], r.get("match")) for r in rows] == [("content", "span"),
                                                            ("outside", None)]
