"""Sources: claimants resolved inside an article, then one entity across articles and
spellings. Claims are built by hand (model-free); the articles are written for these tests."""
from __future__ import annotations

import pytest

from tallies.records import Article, Claim
from tallies.sources import (ArticleSources, SourceIndex, SourceMention, side_from_words)


def claim(text: str, source: str, source_text: str | None = None, kind: str = "named",
          at: str | None = None) -> Claim:
    """A claim whose source words are found at `at` (or at `source_text`) in `text`."""
    words = source_text or source
    where = text.find(at or words)
    return Claim(doc="a", start=max(where, 0), end=max(where, 0) + 2, text="63", value=63,
                 low=63, high=63, qualifier="exact", measure="killed", counted=None,
                 source=source, source_text=source_text, via=None, cumulative=False,
                 sentence=text, source_start=where if where >= 0 else None,
                 source_kind=kind)


def resolve(text: str, *claims: Claim, outlet: str = "Plains Tribune"):
    article = Article(id="a", text=text, outlet=outlet)
    r = ArticleSources(article, list(claims), set())
    return [r.context(c) for c in claims]


def test_the_ministry_is_the_ministry_the_article_named():
    text = ("Dravania's Defence Ministry said 63 Dravanian soldiers were killed. Later the "
            "ministry raised the toll to 71.")
    (_, _, _, side), (name, _, _, _) = resolve(
        text, claim(text, "Dravania's Defence Ministry"), claim(text, "ministry", at="the ministry"))
    assert name == "Dravania's Defence Ministry"
    assert side == "Dravania"  # a name is a country when the article uses its demonym too


def test_a_spokesman_speaks_for_his_body():
    text = ("According to Russian Defense Ministry spokesman Igor Konashenkov, four missiles "
            "targeted a building.")
    [(name, role, body, side)] = resolve(text, claim(
        text, "Igor Konashenkov", "Russian Defense Ministry spokesman Igor Konashenkov"))
    assert (name, role, body, side) == ("Igor Konashenkov", "spokesman",
                                        "Russian Defense Ministry", "Russia")


def test_ranks_and_roles_come_off_a_name_given_whole():
    text = "Ministry spokesman Maj. Gen. Timur Zhelvakov told a briefing that six were fired."
    [(name, role, body, _)] = resolve(text, claim(text, "Ministry spokesman Maj. Gen. Timur "
                                                        "Zhelvakov"))
    assert (name, role, body) == ("Timur Zhelvakov", "spokesman", "Ministry")


@pytest.mark.parametrize("words,role,body", [
    ("Defence Minister Lev Kastorin", "minister", "Defence Ministry"),
    ("the head of the mission, Ilse Vandermeer", "head", "mission"),
    ("NDRA spokeswoman Amara Telisang", "spokeswoman", "NDRA"),
    ("Former volunteer commander Roman Gretsky", "commander", None),
    ("Regional head Vadim Soltys", "head", None),
    ("Ostrel regional governor Stepan Orlav", "governor", None),
    ("Mayor Teodor Vasko", "mayor", None),
])
def test_roles_and_bodies(words, role, body):
    from tallies.sources import _role_and_body

    assert _role_and_body(words, words.split()[-1]) == (role, body)


def test_an_acronym_is_the_body_it_abbreviates():
    text = ("The National Disaster Risk Agency counted 23 dead. NDRA spokeswoman Amara "
            "Telisang said 27 were missing.")
    [_, (name, role, body, _)] = resolve(
        text, claim(text, "National Disaster Risk Agency"),
        claim(text, "Amara Telisang", "NDRA spokeswoman Amara Telisang"))
    assert body == "National Disaster Risk Agency"


def test_a_country_is_the_one_body_of_that_country_the_article_names():
    text = ("Dravania says 63 soldiers killed. Dravania's Defence Ministry said the strike "
            "hit a base. Dravanian troops were billeted there.")
    [(name, _, _, side), _] = resolve(text, claim(text, "Dravania", at="Dravania says"),
                                      claim(text, "Dravania's Defence Ministry"))
    assert (name, side) == ("Dravania's Defence Ministry", "Dravania")


def test_a_role_without_a_name_is_the_person_the_article_gave_it():
    text = ("Ostrel regional governor Stepan Orlav said 14 were killed. Later the regional "
            "governor said the toll was 16.")
    [_, (name, role, _, _)] = resolve(
        text, claim(text, "Stepan Orlav", "Ostrel regional governor Stepan Orlav"),
        claim(text, "regional governor", at="the regional governor said"))
    assert (name, role) == ("Stepan Orlav", "governor")


def test_reporter_is_the_outlet_and_unnamed_stays_as_worded():
    text = "At least nine dead. A source in the regional administration said 14 were hurt."
    [(r, _, _, _), (u, _, _, _)] = resolve(
        text, claim(text, "reporter", kind="reporter", at="At least"),
        claim(text, "unnamed", "source in the regional administration", kind="unnamed"),
        outlet="The Drava Times")
    assert r == "The Drava Times"
    assert u == "source in the regional administration"


@pytest.mark.parametrize("words,side", [
    ("Ukrainian army", "Ukraine"), ("Russian Defense Ministry", "Russia"),
    ("Russia's defence ministry", "Russia"), ("pro-Russian blogger", None),
    ("The Laventa Red Cross Society", "independent"), ("International Monitoring Mission",
                                                       "independent"),
    ("Human Rights Watch", "independent"), ("Kestrel's lead analyst", None),
    ("Dravanian military source", "Dravania"),
])
def test_sides_from_the_words(words, side):
    assert side_from_words(words, {"Dravania", "Laventa"}) == side


# -- across articles ----------------------------------------------------------------------------

def build(*mentions: SourceMention, countries=("Russia", "Ukraine", "Dravania")):
    index = SourceIndex(countries=set(countries))
    for m in mentions:
        index.add(m)
    index.build()
    return index


def named(name, role=None, speaks_for=None, side=None, outlet="A"):
    return SourceMention("named", name, role, speaks_for, side, outlet)


def test_one_body_across_word_orders_spellings_and_country_forms():
    ms = [named("Russian Ministry of Defense", side="Russia"),
          named("Russian Defense Ministry", side="Russia"),
          named("Russia's defence ministry", side="Russia", outlet="B"),
          named("Ministry of Defence", outlet="C"),
          named("Ukrainian Ministry of Defence", side="Ukraine")]
    index = build(*ms)
    ids = [index.entity_of(m).id for m in ms]
    assert ids[0] == ids[1] == ids[2]
    assert ids[4] != ids[0]
    # "Ministry of Defence" with no country: two countries' ministries are named -> apart
    assert ids[3] not in (ids[0], ids[4])


def test_a_body_without_its_country_joins_the_only_one():
    ms = [named("Dravania's Defence Ministry", side="Dravania"), named("Ministry of Defence"),
          named("Defence Ministry"), named("General Staff of the Solvarian Armed Forces"),
          named("General Staff")]
    index = build(*ms, countries=("Dravania", "Solvaria"))
    e = [index.entity_of(m) for m in ms]
    assert e[0].id == e[1].id == e[2].id and e[0].side == "Dravania"
    assert e[3].id == e[4].id != e[0].id


def test_people_across_transliterations_and_first_names():
    ms = [named("Sergei Shoigu"), named("Sergei Choigou"), named("Shoigu"),
          named("Timur Zhelvakov"), named("Timour Jelvakov"), named("Jelvakov"),
          named("Boris Rozhin"), named("Boris Rojine"), named("Igor Strelkov"),
          named("Ivan Strelkov")]
    index = build(*ms, named("Sergei Shoigu"))  # the spelling most used names the person
    e = [index.entity_of(m).id for m in ms]
    assert e[0] == e[1] == e[2]
    assert e[3] == e[4] == e[5]
    assert e[6] == e[7]
    assert e[8] != e[9]  # another first name: another person
    assert index.entity_of(ms[0]).name == "Sergei Shoigu"


def test_a_spokesman_counts_as_his_body_a_governor_as_himself():
    ms = [named("Russian Ministry of Defense", side="Russia"),
          named("Igor Konashenkov", "spokesman", "Russian Defense Ministry", "Russia"),
          named("Stepan Orlav", "governor")]
    index = build(*ms)
    body, spokesman, governor = (index.entity_of(m) for m in ms)
    assert spokesman.body_id == body.id and spokesman.voice_id == body.id
    assert spokesman.kind == "person" and spokesman.role == "spokesman"
    assert governor.voice_id == governor.id


def test_unnamed_sources_are_never_merged_across_outlets_and_reporter_is_the_outlet():
    a = SourceMention("unnamed", "a source", None, None, None, "Outlet A")
    b = SourceMention("unnamed", "a source", None, None, None, "Outlet B")
    r1 = SourceMention("reporter", "The Northern Courier", None, None, None,
                       "The Northern Courier")
    r2 = SourceMention("reporter", "Northern Courier", None, None, None, "Northern Courier")
    index = build(a, b, r1, r2)
    assert index.entity_of(a).id != index.entity_of(b).id
    assert index.entity_of(r1).id == index.entity_of(r2).id
    assert index.entity_of(r1).kind == "outlet"
