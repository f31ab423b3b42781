"""Places and spellings: names found in the text by their cues, grouped across spellings.

Articles here are written for these tests, about places and events that do not exist (real
towns only where the shipped gazetteer is the point).
"""
from __future__ import annotations

from collections import Counter

import pytest

from tallies import names
from tallies.places import Gazetteer, claim_place, find_places, group_places
from tallies.settings import Settings

GAZ = Gazetteer.load()


@pytest.mark.parametrize("a,b", [
    ("Choigou", "Shoigu"), ("Rojine", "Rozhin"), ("Makiïvka", "Makeyevka"),
    ("Makiivka", "Makiïvka"), ("Vyshkoriv", "Vishkorov"), ("Vyškoriv", "Vyshkoriv"),
    ("Brodets", "Brodetz"), ("Bayu Tinggi", "Bayutinggi"), ("Zhelvakov", "Jelvakov"),
    ("Timour", "Timur"), ("Konashenkov", "Konachenkov"), ("KORVANY", "Korvany"),
])
def test_same_name_across_transliterations(a, b):
    assert names.same_name(a, b)


@pytest.mark.parametrize("a,b", [
    ("Korvany", "Kyiv"), ("Vyshkoriv", "Velgrad"), ("Donetsk", "Luhansk"),
    ("Kharkiv", "Kherson"), ("Brodets", "Ralsk"), ("Orlav", "Ostrel"),
])
def test_different_names_stay_apart(a, b):
    assert not names.same_name(a, b)


def test_key_drops_accents_case_and_possessives():
    assert names.key("Makiïvka’s") == "makiivka"
    assert names.key("The Northern Courier") == "northern courier"
    assert names.slug("Makiïvka") == "makiivka"


@pytest.mark.parametrize("spelling", ["Makiïvka", "Makeyevka", "MAKIIVKA", "Makijivka"])
def test_gazetteer_knows_other_spellings(spelling):
    entry = GAZ.lookup(spelling)
    assert entry is not None and entry.name == "Makiivka" and entry.country == "Ukraine"


# -- finding places in a text ------------------------------------------------------------------

@pytest.mark.parametrize("text,place,cue", [
    ("Rockets hit a base in Tervolin on Sunday.", "Tervolin", "locative"),
    ("Shelling near Ostravka killed two.", "Ostravka", "locative"),
    ("Fighting outside Dubrava went on.", "Dubrava", "locative"),
    ("A drone strike on Palvesk killed four.", "Palvesk", "impact"),
    ("Floods engulfed Marumba overnight.", "Marumba", "impact"),
    ("Troops in the occupied town of Vyshkoriv were hit.", "Vyshkoriv", "town"),
    ("Vyshkoriv, a town of 22,000, was hit.", "Vyshkoriv", "town"),
    ("Fighting in the Ralsk region went on.", "Ralsk", "region"),
    ("A block in the Tesnivka district burned.", "Tesnivka", "district"),
    ("The bombing took place in Makiïvka, east of Donetsk.", "Makiïvka", "locative"),
])
def test_a_cue_makes_a_name_a_place(text, place, cue):
    found = find_places(text, GAZ)
    assert (place, cue) in [(m.name, m.cue) for m in found.mentions]


@pytest.mark.parametrize("text,not_place", [
    ("The spokesman told a briefing in Velgrad that six rockets were fired.", "Velgrad"),
    ("Floods on the Tamburan River in Marumba rose.", "Tamburan"),
    ("Six were killed in Solvarian strikes.", "Solvarian"),
    ("He spoke in February about the war.", "February"),
    ("They met in Frontline Ledger offices.", "Frontline Ledger"),
    ("Casualties were reported in HRW data.", "HRW"),
])
def test_not_places(text, not_place):
    found = find_places(text, GAZ)
    assert not_place not in [m.name for m in found.mentions]


def test_dateline_in_capitals_is_title_cased_and_alone_is_not_the_main_place():
    text = ("Ministry admits losses\n\nKORVANY, March 10 (Wire) - The ministry said 63 soldiers "
            "were killed when rockets hit a base in the occupied town of Vyshkoriv.")
    found = find_places(text, GAZ, "Ministry admits losses")
    assert ("Korvany", "dateline") in [(m.name, m.cue) for m in found.mentions]
    assert found.main == "Vyshkoriv"
    only_dateline = "Losses\n\nKORVANY, March 16 - The General Staff gave its weekly figures."
    assert find_places(only_dateline, GAZ, "Losses").main is None


def test_main_place_prefers_a_town_to_its_country_and_region():
    text = ("Floods kill 23 in Laventa\n\nRescuers in Laventa's Sarangi province searched on "
            "Friday after the Tamburan River flooded the town of Bayu Tinggi.")
    found = find_places(text, GAZ, "Floods kill 23 in Laventa")
    assert found.main == "Bayu Tinggi"
    assert found.levels["laventa"] == "country"
    assert found.levels["sarangi"] == "region"


def test_claim_place_sentence_then_round_up_paragraph_then_article():
    text = ("The week in the war: Vyshkoriv, Korvany\n\n"
            "Vyshkoriv, March 9. Rockets destroyed a college in the occupied town.\n\n"
            "Korvany, March 12. Drones hit the capital overnight. In the capital, 11 people "
            "were killed.\n\nAcross the country, 9,851 civilians have been killed.")
    found = find_places(text, GAZ, "The week in the war: Vyshkoriv, Korvany")
    start = text.index("In the capital")
    assert claim_place(found, start, start + 30) == ("Korvany", "paragraph")
    start = text.index("Rockets destroyed")
    assert claim_place(found, start, start + 20) == ("Vyshkoriv", "paragraph")


def test_group_places_across_spellings_and_gazetteer(tmp_path):
    spellings = Counter({"Vyshkoriv": 9, "Vishkorov": 3, "Vyškoriv": 1, "Korvany": 5,
                         "KORVANY": 2, "Makiïvka": 1, "Makeyevka": 1, "Brodets": 4,
                         "Brodetz": 1})
    groups = group_places(spellings, {"vyshkoriv": "town"}, GAZ)
    by = {k: p.name for k, p in groups.items()}
    assert by["vishkorov"] == by["vyskoriv"] == by["vyshkoriv"] == "Vyshkoriv"
    assert by["korvany"] == "Korvany"
    assert by["brodetz"] == "Brodets"
    assert by["makeyevka"] == by["makiivka"] == "Makiivka"
    assert groups["makiivka"].in_gazetteer and groups["makiivka"].country == "Ukraine"


def test_user_gazetteer_from_settings(tmp_path):
    extra = tmp_path / "places.tsv"
    extra.write_text("# mine\nVelgrad\ttown\tDravania\tWelgrad|Velgrád\n", encoding="utf-8")
    settings = Settings.load(overrides={"reconcile": {"gazetteer": str(extra)}})
    gaz = Gazetteer.load(settings.reconcile["gazetteer"])
    assert gaz.lookup("Welgrad").name == "Velgrad"
    assert gaz.lookup("Makeyevka").name == "Makiivka"  # the shipped file still counts


def test_bad_user_gazetteer_is_a_settings_error(tmp_path):
    from tallies.errors import SettingsError

    bad = tmp_path / "bad.tsv"
    bad.write_text("Velgrad\tcity-state\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="level one of"):
        Gazetteer.load(bad)
