"""What a figure counts: the measure (killed, injured, intercepted...) and the counted noun phrase.

Read from the dependency parse, not from a window of words: the figure's noun phrase, the verb
it is the subject or object of (and in which voice), participles and adjectives that modify
it ("400 killed", "5,937 dead"), the noun it counts ("deaths", "prisoners"), and the noun a
"toll" or "number of" construction points to ("put the death toll at 53").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

# Verbs by lemma. Active transitive verbs count their object; intransitive ones their subject.
VERB_MEASURES = {
    "kill": "killed", "die": "killed", "perish": "killed", "execute": "killed",
    "massacre": "killed", "slaughter": "killed", "murder": "killed", "drown": "killed",
    "behead": "killed", "succumb": "killed", "martyr": "killed", "slay": "killed",
    "wound": "injured", "injure": "injured", "hurt": "injured", "maim": "injured",
    "hospitalize": "injured", "hospitalise": "injured", "burn": "injured",  # people; see below
    "disappear": "missing",
    "capture": "captured", "abduct": "captured", "kidnap": "captured",
    "arrest": "arrested", "detain": "arrested", "apprehend": "arrested", "jail": "arrested",
    "imprison": "arrested", "catch": "arrested", "round": "arrested",
    "displace": "displaced", "flee": "displaced", "uproot": "displaced",
    "evacuate": "evacuated", "rescue": "evacuated", "relocate": "evacuated",
    "launch": "fired", "fire": "fired", "lob": "fired",
    "intercept": "intercepted", "down": "intercepted", "neutralize": "intercepted",
    "neutralise": "intercepted", "repel": "intercepted", "repulse": "intercepted",
    "destroy": "destroyed", "raze": "destroyed", "flatten": "destroyed", "level": "destroyed",
    "demolish": "destroyed", "collapse": "destroyed", "obliterate": "destroyed",
    "damage": "damaged", "flood": "damaged",
    "house": "present", "hold": "present", "accommodate": "present", "shelter": "present",
    "host": "present", "trap": "present", "gather": "present", "attend": "present",
    "demonstrate": "present", "march": "present", "protest": "present", "rally": "present",
    "participate": "present", "live": "present", "strand": "present", "crowd": "present",
    "queue": "present", "pack": "present", "cram": "present", "camp": "present",
    "eliminate": "killed", "lose": "killed",
}
# Verbs that take a patient as subject (no object): "63 soldiers died", "thousands fled".
INTRANSITIVE = {"die", "perish", "drown", "succumb", "disappear", "flee", "collapse",
                "gather", "demonstrate", "march", "protest", "rally", "participate", "live",
                "attend", "crowd", "queue", "camp", "spend", "sleep", "stay", "hide"}
INTRANSITIVE_PHRASAL = {("go", "missing"), ("take", "street")}
# Verb + particle: "shot down", "rounded up", "took down", "burned down".
PHRASAL = {("shoot", "down"): "intercepted", ("take", "down"): "intercepted",
           ("bring", "down"): "intercepted", ("round", "up"): "arrested",
           ("burn", "down"): "destroyed", ("blow", "up"): "destroyed",
           ("pick", "up"): "arrested", ("take", "in"): "arrested", ("carry", "out"): "fired",
           ("shoot", None): "fired", ("take", "hostage"): "captured",
           ("take", "prisoner"): "captured", ("take", "captive"): "captured",
           ("hold", "hostage"): "captured", ("hold", "captive"): "captured",
           ("take", "street"): "present", ("go", "missing"): "missing"}
ADJ_MEASURES = {
    "destroyed": "destroyed", "wrecked": "destroyed", "burned-out": "destroyed",
    "burnt-out": "destroyed", "razed": "destroyed", "flattened": "destroyed",
    "damaged": "damaged", "downed": "intercepted", "eliminated": "killed",
    "dead": "killed", "killed": "killed", "deceased": "killed", "injured": "injured",
    "wounded": "injured", "hurt": "injured", "missing": "missing", "displaced": "displaced",
    "homeless": "displaced", "captive": "captured", "trapped": "present",
    "unaccounted": "missing", "hospitalized": "injured", "hospitalised": "injured",
}
NOUN_MEASURES = {
    "death": "killed", "dead": "killed", "body": "killed", "fatality": "killed",
    "corpse": "killed", "life": "killed",
    "casualty": "casualties", "victim": "casualties",
    "injury": "injured", "wounded": "injured", "injured": "injured",
    "prisoner": "captured", "pow": "captured", "hostage": "captured", "captive": "captured",
    "detainee": "captured", "abductee": "captured",
    "arrest": "arrested",
    "refugee": "displaced", "idp": "displaced", "evacuee": "evacuated",
    "missing": "missing",
    "resident": "present", "inhabitant": "present", "population": "present",
    "protester": "present", "protestor": "present", "demonstrator": "present",
    "participant": "present", "marcher": "present", "occupant": "present",
    "missile": "fired", "drone": "fired", "rocket": "fired", "shell": "fired",
    "munition": "fired", "projectile": "fired", "uav": "fired", "bomb": "fired",
    "airstrike": "fired", "air strike": "fired", "sortie": "fired", "mortar": "fired",
    "salvo": "fired", "barrage": "fired",
    "loss": "casualties",  # "Dravanian losses at 151,420": killed and wounded
}
# Things shot at: "destroyed 141 drones" is an interception, not a destruction.
MUNITIONS = {"missile", "drone", "rocket", "shell", "munition", "projectile", "uav", "bomb",
             "threat", "target", "warhead", "aircraft", "helicopter", "jet", "plane",
             "vehicle", "shahed", "glide", "cruise", "ballistic", "kamikaze"}
MUNITIONS_IN_FLIGHT = {"missile", "drone", "rocket", "shell", "munition", "projectile", "uav",
                       "bomb", "threat", "warhead", "shahed"}
PEOPLE = {"people", "person", "civilian", "soldier", "troop", "fighter", "militant", "man",
          "woman", "child", "resident", "worker", "member", "officer", "servicemen",
          "serviceman", "police", "policeman", "pilgrim", "migrant", "passenger", "student",
          "personnel", "terrorist", "insurgent", "rebel", "combatant", "staff", "guard",
          "gunman", "suspect", "assailant", "attacker", "conscript", "recruit", "mercenary",
          "journalist", "protester", "demonstrator", "prisoner", "detainee", "hostage",
          "patient", "doctor", "nurse", "teacher", "pupil", "villager", "refugee", "crew",
          "sailor", "pilot", "marine", "paratrooper", "commander", "official", "adult",
          "infant", "baby", "boy", "girl", "family", "individual", "inhabitant", "worshipper",
          "fisherman", "farmer", "shepherd", "aid worker", "volunteer", "contractor"}
EQUIPMENT = {"tank", "vehicle", "aircraft", "plane", "jet", "helicopter", "ship", "vessel",
             "boat", "system", "gun", "howitzer", "launcher", "truck", "apc", "artillery",
             "drone", "uav", "warship", "submarine", "radar", "depot", "piece"}
ATTACKS = {"attack", "strike", "airstrike", "raid", "bombing", "shelling", "assault", "sortie",
           "operation", "bombardment"}
# "the death toll", "the number of dead": a figure of these counts what they name.
CONTAINERS = {"toll", "number", "total", "tally", "count", "figure", "sum", "estimate",
              "barrage", "salvo", "wave", "series", "list", "group", "batch", "total"}
# Verbs through which a toll or number is stated: "stood at", "rose to", "put ... at".
LEVEL_VERBS = {"be", "stand", "reach", "rise", "climb", "jump", "increase", "hit", "top",
               "include", "compare", "lower", "cut", "reduce", "drop", "fall", "decrease",
               "exceed", "surpass", "pass", "put", "place", "raise", "bring", "take", "grow",
               "soar", "remain", "revise", "fix", "set", "estimate", "go", "mount", "swell",
               "near", "approach", "double", "surge", "edge", "tick"}
DEGREE_DAMAGED = {"partially", "partly", "partial", "badly", "heavily", "severely"}


@dataclass(frozen=True)
class MeasureReading:
    measure: str | None  # None when the syntax says nothing: the caller may inherit
    counted: str | None
    trigger: Token | None = None  # the word that gave the measure
    nominal: Token | None = None  # the noun phrase head the figure stands for


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def counted_phrase(noun: Token) -> str | None:
    """ "63 of its soldiers" -> "soldiers"; "170 attack drones" -> "attack drones"."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod")
             and c.pos_ != "NUM" and c.lower_ not in ("other", "more", "least", "total")]
    # include the compound's own compounds ("military vehicles", "Ukrainian unmanned aerial")
    toks = sorted({t for w in words for t in w.subtree if t.pos_ not in ("NUM", "PUNCT", "DET")
                   and t.dep_ not in ("advmod", "quantmod", "nummod")} | {noun},
                  key=lambda t: t.i)
    text = " ".join(t.text for t in toks if t.i <= noun.i and t.i >= toks[0].i)
    return text or None


def _partitive_noun(t: Token) -> Token | None:
    """The noun after "of": "63 of its soldiers", "dozens of prisoners", "99% of the threats"."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _noun_measure(noun: Token) -> tuple[str | None, Token | None]:
    """The measure a noun names by itself or with its modifiers: "deaths", "missing persons
    reports", "deaths and injuries" (casualties)."""
    lemma = _lemma(noun)
    for c in noun.lefts:
        for t in c.subtree:
            if t.dep_ in ("amod", "compound") and (t.lower_ in ADJ_MEASURES or _lemma(t) in ADJ_MEASURES):
                return ADJ_MEASURES.get(t.lower_) or ADJ_MEASURES[_lemma(t)], t
            if t.dep_ == "compound" and _lemma(t) in ("death", "casualty", "injury"):
                return NOUN_MEASURES[_lemma(t)], t
    measure = None
    if lemma == "toll":
        measure = "killed"
    elif lemma in NOUN_MEASURES:
        measure = NOUN_MEASURES[lemma]
    elif noun.lower_ in ADJ_MEASURES:  # "the dead", "the wounded" tagged as nouns
        measure = ADJ_MEASURES[noun.lower_]
    if measure in ("killed", "injured"):
        for c in noun.children:
            if c.dep_ == "conj":
                other = NOUN_MEASURES.get(_lemma(c)) or ADJ_MEASURES.get(c.lower_)
                if other and {measure, other} == {"killed", "injured"}:
                    return "casualties", noun
    return (measure, noun) if measure else (None, None)


def _container_measure(noun: Token) -> tuple[str | None, Token | None, str | None]:
    """ "the death toll", "the number of people killed", "the total number of dead"."""
    measure, trig = _noun_measure(noun)
    inner = _partitive_noun(noun)
    if inner is not None:
        reading = _modifier_measure(inner)
        if reading[0]:
            return reading[0], reading[1], counted_phrase(inner)
        m2, t2 = _noun_measure(inner)
        if m2:
            return m2, t2, counted_phrase(inner)
        if measure is None:
            measure2 = _modifier_measure(noun)
            if measure2[0]:
                return measure2[0], measure2[1], counted_phrase(inner)
    if measure:
        return measure, trig, None
    reading = _modifier_measure(noun)
    return reading[0], reading[1], None


def _modifier_measure(t: Token) -> tuple[str | None, Token | None]:
    """Participles, adjectives and relative clauses on the figure: "400 killed", "5,937 dead",
    "279 of whom were killed". A clause with its own subject ("cities in which 479 buildings
    were destroyed") or an active participle with its own object ("planes carrying out the
    swap") says nothing about the figure."""
    for c in t.children:
        if c.dep_ not in ("acl", "amod", "relcl", "advcl", "appos") or c.i < t.i:
            continue
        own_subject = any(cc.dep_ in ("nsubj", "nsubjpass") and cc.lower_ not in (
            "who", "which", "that", "whom") for cc in c.children)
        if own_subject and c.dep_ == "relcl" and _lemma(c) in REPORTING_PARTICIPLES:
            # "the 465 pilgrims it said died": the gap is the subject of the reported clause
            for cc in c.children:
                if cc.dep_ == "ccomp" and not _has_subject(cc):
                    m = _verb_measure(cc, True, t)
                    if m:
                        return m, cc
        if own_subject or (c.tag_ == "VBG" and any(cc.dep_ == "dobj" for cc in c.children)):
            continue
        m = _verb_measure(c, patient=c.tag_ != "VBG", noun=t)
        if m in ("killed", "injured") and any(
                cc.dep_ == "conj" and {m, _verb_measure(cc, True, t) or ADJ_MEASURES.get(cc.lower_)}
                == {"killed", "injured"} for cc in c.children):
            return "casualties", c  # "151,420 killed and wounded"
        if m:
            return m, c
        if c.lower_ in ADJ_MEASURES or _lemma(c) in ADJ_MEASURES:
            return ADJ_MEASURES.get(c.lower_) or ADJ_MEASURES[_lemma(c)], c
        # "80,052 reported injured", "360 people were listed as wounded"
        if _lemma(c) in REPORTING_PARTICIPLES:
            m, trig = _reported_as(c)
            if m:
                return m, trig
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.lower_ in ADJ_MEASURES and nxt.tag_ in ("VBN", "JJ", "NN", "NNS", "VBD"):
        after = t.doc[nxt.i + 1:nxt.i + 3]
        if len(after) == 2 and after[0].lower_ in ("and", "or") and \
                {ADJ_MEASURES[nxt.lower_], ADJ_MEASURES.get(after[1].lower_)} == {"killed", "injured"}:
            return "casualties", nxt  # "400 dead or wounded"
        return ADJ_MEASURES[nxt.lower_], nxt
    if nxt is not None and nxt.lower_ in ("reported", "confirmed", "feared", "believed") \
            and nxt.i + 1 < len(t.doc) and nxt.nbor(1).lower_ in ADJ_MEASURES:
        return ADJ_MEASURES[nxt.nbor(1).lower_], nxt.nbor(1)
    return None, None


REPORTING_PARTICIPLES = {"report", "confirm", "believe", "fear", "list", "register", "record",
                         "say", "count", "declare", "presume", "class", "classify"}


def _reported_as(verb: Token) -> tuple[str | None, Token | None]:
    """ "were reported injured", "were listed as wounded", "declared dead"."""
    for cc in verb.children:
        target = cc
        if cc.dep_ == "prep" and cc.lower_ == "as":
            target = next((p for p in cc.children if p.dep_ in ("pobj", "amod", "acomp")), cc)
        elif cc.dep_ not in ("oprd", "acomp", "xcomp", "advcl", "conj", "ccomp", "dobj"):
            continue
        m = ADJ_MEASURES.get(target.lower_) or _verb_measure(target, True)
        if m:
            return m, target
    return None, None


def _particle(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for" and _lemma(verb) in ("search", "look"):
            return "for"
        if c.dep_ in ("prt",) or (c.dep_ == "advmod" and c.lower_ in ("down", "up")):
            return c.lower_
        if c.dep_ in ("dobj", "oprd", "acomp", "npadvmod") and _lemma(c) in (
                "hostage", "prisoner", "captive", "street"):
            return _lemma(c)
        if c.dep_ == "prep" and c.lower_ == "to":
            for p in c.children:
                if _lemma(p) == "street":
                    return "street"
    return None


def _verb_measure(verb: Token, patient: bool, noun: Token | None = None) -> str | None:
    """The measure a verb gives its patient. `patient` says the figure is what the verb acts
    on (object, passive subject, subject of an intransitive), not who acts."""
    if verb.pos_ not in ("VERB", "AUX", "ADJ") and verb.tag_ not in ("VBN", "VBD", "VBG"):
        return None
    lemma = _lemma(verb)
    particle = _particle(verb)
    measure = PHRASAL.get((lemma, particle)) if particle else None
    if measure is None and lemma == "shoot" and particle is None:
        measure = PHRASAL[("shoot", None)]
    if measure is None and lemma == "go" and any(c.lower_ == "missing" for c in verb.children):
        measure = "missing"
    if measure is None and verb.lower_ == "missing":  # "seven soldiers are missing"
        return "missing" if patient or any(c.dep_ == "nsubj" for c in verb.children) else None
    if measure is None:
        measure = VERB_MEASURES.get(lemma)
        if lemma == "round" and particle != "up":
            measure = None
        if lemma in ("hold", "live", "lose", "catch", "level") and noun is not None \
                and _lemma(noun) not in PEOPLE and noun.lower_ != "people":
            measure = None
        if lemma == "burn" and noun is not None and _lemma(noun) not in PEOPLE \
                and noun.lower_ != "people":
            measure = "destroyed"  # "burned-out vehicles"; burned people are injured
    if lemma == "lose" and noun is not None and (
            _lemma(noun) in EQUIPMENT or {_lemma(t) for t in noun.subtree} & EQUIPMENT):
        measure = "destroyed"  # "lost 3,912 tanks"
    if measure is None and lemma in ("take", "rush", "admit", "bring", "hospitalize") and any(
            c.dep_ == "prep" and any(_lemma(p) in ("hospital", "clinic") for p in c.children)
            for c in verb.children):
        measure = "injured"  # "14 people had been taken to hospital"
    if measure is None and lemma == "treat" and any(
            c.dep_ == "prep" and c.lower_ == "for" and any(
                _lemma(p) in ("injury", "wound", "burn") for p in c.children)
            for c in verb.children):
        measure = "injured"  # "treated 41 people for injuries"
    if measure is None and lemma in ("force", "drive", "chase") and any(
            c.dep_ == "prep" and c.lower_ in ("from", "out") and any(
                _lemma(t) in ("home", "house", "village", "town") for t in c.subtree)
            for c in verb.children):
        measure = "displaced"  # "forced from their homes"
    if measure is None and lemma in ("spend", "sleep", "stay", "hide") and any(
            _lemma(t) in ("shelter", "station", "basement", "bunker", "metro", "night", "camp")
            for c in verb.children for t in c.subtree):
        measure = "present"  # "spent the night in metro stations"
    if measure is None and (lemma, particle) in (("search", "for"), ("look", "for")):
        measure = "missing"
    if (lemma, particle) == ("carry", "out") and not any(
            _lemma(c) in ATTACKS for c in verb.children if c.dep_ == "dobj"):
        measure = None
    if measure is None or not patient:
        return None
    noun_lemma = _lemma(noun) if noun is not None else ""
    noun_words = {_lemma(t) for t in noun.subtree} if noun is not None else set()
    # "intercepted and destroyed 141 drones: 62 over Bryansk, ...": the verb's own objects
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            noun_words |= {_lemma(t) for t in c.subtree}
    if measure == "destroyed" and (verb.dep_ == "conj" and _lemma(verb.head) in ("intercept", "down")
                                   or any(c.dep_ == "conj" and _lemma(c) == "intercept"
                                          for c in verb.children)):
        return "intercepted"
    if measure == "destroyed":
        if noun_words & MUNITIONS_IN_FLIGHT or noun_lemma in MUNITIONS_IN_FLIGHT:
            return "intercepted"
        if any(_lemma(c) in DEGREE_DAMAGED for c in verb.children):
            return "damaged"
    if lemma in ("eliminate", "neutralize", "neutralise") and (
            noun_words & MUNITIONS or noun_lemma in MUNITIONS):
        return "intercepted"
    if lemma in ("neutralize", "neutralise") and not (noun_words & MUNITIONS):
        return "killed"
    return measure


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and not any(c.dep_ in ("dobj", "aux") and c.lemma_ == "have"
                                       for c in verb.children)
        and not any(c.dep_ == "dobj" for c in verb.children))


def _verb_role(verb: Token, arg: Token) -> bool:
    """Whether `arg` (a dependent of `verb`) is what the verb acts on."""
    dep = arg.dep_
    if dep == "conj" and arg.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "dobj" for c in verb.children):
        return True  # "lost 3,912 tanks, 8,107 vehicles": the parser hangs the list on the verb
    if dep in ("dobj", "nsubjpass", "oprd", "attr", "dative"):
        return True
    if dep == "nsubj":
        lemma = _lemma(verb)
        if lemma in INTRANSITIVE or (lemma, _particle(verb)) in INTRANSITIVE_PHRASAL:
            return True
        # "400 killed and 300 wounded", "75 wounded": a participle without an object
        return verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children) \
            and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if dep == "pobj" and arg.head.lower_ in ("of",) and arg.head.head == verb:
        return True
    return False


def _nominal(figure: Token) -> Token:
    """The noun phrase head a figure stands for: "170 attack drones" -> drones."""
    nominal = figure
    if figure.dep_ == "amod" and figure.lower_ in ("several", "few", "numerous") and \
            figure.head.pos_ in ("NOUN", "PROPN"):
        return figure.head  # "several houses"
    while nominal.dep_ in ("nummod", "quantmod", "compound") and nominal.head.pos_ in (
            "NOUN", "PROPN", "NUM", "ADJ") and nominal.head != nominal:
        nominal = nominal.head
    return nominal


def _climb(nominal: Token, phrase: set[int]) -> Token:
    """From a figure's noun phrase up to the argument a verb takes: through conjuncts and lists
    ("120 missiles, and 30 cruise missiles"), containers ("a barrage of 170 drones", "a total
    of 949,858 homes") and prepositions that belong to the figure ("between four and six")."""
    arg = nominal
    for _ in range(8):
        head = arg.head
        if head == arg:
            break
        if arg.dep_ in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN", "NUM"):
            arg = head
        elif arg.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in CONTAINERS:
            arg = head.head
        elif head.i in phrase:
            arg = head  # "between four and six", "as high as 200": the phrase's own words
        else:
            break
    return arg


def _sibling_container(verb: Token, arg: Token) -> tuple[str | None, Token | None, str | None]:
    """Another argument of the verb that names what the figure counts: "the death toll stood
    at 140", "counting up to 10 the number of vehicles destroyed", "numbers of casualties took
    place in Saada (319)"."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c != arg:
            # "counting up to 10 the number of vehicles destroyed": parsed as a clause
            subj = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                         and _lemma(s) in CONTAINERS), None)
            if subj is not None:
                inner = _partitive_noun(subj)
                vm = _verb_measure(c, True, inner or subj)
                if vm:
                    return vm, c, counted_phrase(inner) if inner is not None else None
        if c == arg or c.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            continue
        if _lemma(c) in CONTAINERS or _lemma(c) in ("death", "casualty", "injury", "loss") \
                or c.lower_ in ("dead", "wounded", "injured", "missing", "victims"):
            cm, ct, inner = _container_measure(c)
            if cm:
                return cm, ct, inner
    return None, None, None


def find_measure(figure: Token, phrase: set[int] | None = None) -> MeasureReading:
    """The measure and counted phrase of the figure whose number token is `figure`. `phrase`
    holds the token indices of the whole figure phrase, hedge included."""
    phrase = phrase if phrase is not None else {figure.i}
    nominal = _nominal(figure)
    counted_noun = nominal if nominal != figure else _partitive_noun(figure)
    if nominal.lower_ in ("%", "percent", "cent") and _partitive_noun(nominal) is not None:
        counted_noun = _partitive_noun(nominal)
    counted = counted_phrase(counted_noun) if counted_noun is not None else None
    target = counted_noun or nominal

    # 1. participles and adjectives on the figure: "400 killed", "5,937 dead"
    m, trig = _modifier_measure(nominal)
    if m is None and nominal != figure:
        m, trig = _modifier_measure(figure)
    if m:
        return MeasureReading(m, counted, trig, nominal)

    # 2. the verb or noun the phrase is an argument of
    arg = _climb(nominal, phrase)
    head = arg.head
    in_phrase_prep = arg.dep_ == "prep" and arg.i in phrase  # "destroyed between four and six"
    if arg.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        prep, governor = head, head.head
        if governor.pos_ == "ADJ" and governor.dep_ in ("acomp", "advmod", "amod"):
            # "could be as high as 200 people"
            governor = governor.head
        if governor.pos_ in ("NOUN", "PROPN") and prep.lower_ in ("of", "at") and (
                _lemma(governor) in CONTAINERS or _lemma(governor) in ("death", "casualty")):
            # "the death count of 64", "the number of victims at several hundred"
            cm, ct, inner = _container_measure(governor)
            if cm:
                return MeasureReading(cm, counted or inner, ct, nominal)
        if governor.pos_ in ("NOUN", "PROPN") and prep.lower_ == "of" and \
                _lemma(governor) in OF_GOVERNORS:
            return MeasureReading(OF_GOVERNORS[_lemma(governor)], counted, governor, nominal)
        if governor.pos_ in ("NOUN", "PROPN") and prep.lower_ == "of" and _lemma(governor) in PLACES:
            # "a town of about 10,000 residents", "a territory of 3 million people"
            return MeasureReading("present", counted, governor, nominal)
        if governor.pos_ in ("VERB", "AUX") or any(c.dep_ == "nsubj" for c in governor.children):
            # (a headline's verb is often tagged a noun: "death toll climbs to 11")
            cm, ct, inner = _sibling_container(governor, arg)
            if cm and (_lemma(governor) in LEVEL_VERBS or prep.lower_ in ("at", "to")):
                return MeasureReading(cm, counted or inner, ct, nominal)
        if prep.lower_ in ("including", "among") or (
                prep.lower_ == "of" and (governor.pos_ == "NUM" or governor.lower_ in ("%", "percent"))):
            # a part of another figure: measured by it, or by its own noun
            nm, nt = _noun_measure(target)
            return MeasureReading(nm, counted, nt, nominal)
    if head.pos_ in ("VERB", "AUX", "ADJ") or head.tag_.startswith("VB"):
        verb = head
        if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "xcomp") and not in_phrase_prep:
            verb = verb.head  # "the toll was likely to exceed 100"
        if in_phrase_prep:
            patient = True
        elif arg.dep_ == "pobj":
            verb = head.head
            patient = arg.head.lower_ == "of"
        else:
            patient = _verb_role(verb, arg)
        vm, verb = _predicate_measure(verb, patient, target, arg)
        if vm:
            return MeasureReading(vm, counted, verb, nominal)
        cm, ct, inner = _sibling_container(verb, arg)
        if cm:
            return MeasureReading(cm, counted or inner, ct, nominal)
        for c in verb.children:  # "260 people registered for evacuation"
            if c.dep_ == "prep" and c.lower_ in ("for", "into"):
                for p in c.children:
                    if p.dep_ == "pobj" and _lemma(p) in ("evacuation", "relocation", "rescue"):
                        return MeasureReading("evacuated", counted, p, nominal)
        if arg.dep_ == "nsubj":
            for c in verb.children:
                if c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in ADJ_MEASURES:
                    return MeasureReading(ADJ_MEASURES[c.lower_], counted, c, nominal)
        for c in nominal.lefts:
            if c.dep_ == "amod" and c.tag_ == "VBN" and (c.lower_ in ADJ_MEASURES or _verb_measure(c, True, nominal)):
                return MeasureReading(ADJ_MEASURES.get(c.lower_) or _verb_measure(c, True, nominal),
                                      counted, c, nominal)
        if arg.dep_ == "pobj" and arg.head.dep_ == "agent" and _lemma(target) in MUNITIONS_IN_FLIGHT:
            return MeasureReading("other", counted, verb, nominal)  # "hit by four rockets"
        if arg.dep_ == "nsubj" and not patient and _lemma(target) in MUNITIONS_IN_FLIGHT \
                and _lemma(verb) not in VERB_MEASURES:
            # "four missiles targeted the centre", "a few missiles struck targets": hits
            return MeasureReading("other", counted, verb, nominal)
    # 3. the counted noun itself: "2,166 deaths", "108 prisoners", "170 attack drones"
    for noun in (counted_noun, nominal):
        if noun is None:
            continue
        nm, nt = _noun_measure(noun)
        if nm:
            return MeasureReading(nm, counted, nt, nominal)
        if _lemma(noun) in CONTAINERS:
            cm, ct, inner = _container_measure(noun)
            if cm:
                return MeasureReading(cm, counted or inner, ct, nominal)
    return MeasureReading(None, counted, None, nominal)


# "the bodies of 18 servicemen", "a population of 22,000", "the remains of 12 people"
OF_GOVERNORS = {"body": "killed", "remains": "killed", "corpse": "killed", "grave": "killed",
                "population": "present", "crowd": "present", "funeral": "killed",
                "evacuation": "evacuated", "release": "captured", "exchange": "captured",
                "swap": "captured", "arrest": "arrested", "detention": "arrested",
                "abduction": "captured", "kidnapping": "captured", "death": "killed",
                "killing": "killed", "disappearance": "missing"}
PLACES = {"town", "city", "village", "territory", "country", "island", "region", "province",
          "district", "camp", "area", "nation", "state", "capital", "municipality", "suburb",
          "neighbourhood", "neighborhood", "county", "enclave", "strip", "settlement", "valley"}
RAISING = {"appear", "seem", "continue", "begin", "start", "remain", "be", "get", "become",
           "believe", "fear", "report", "say", "expect", "likely", "thought", "presume",
           "estimate", "confirm", "feared"}


def _predicate_measure(verb: Token, patient: bool, noun: Token,
                       arg: Token) -> tuple[str | None, Token]:
    """The measure the predicate gives: the verb, the first measure verb among its conjuncts
    that share the argument ("died or gone missing", "engaged and destroyed"), or the verb
    under a raising verb ("appeared to have been killed", "are feared dead")."""
    vm = _verb_measure(verb, patient, noun)
    if vm is None and patient:
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not _has_subject(c):
                vm = _verb_measure(c, True, noun)
                if vm:
                    verb = c
                    break
    if vm is None and _lemma(verb) in REPORTING_PARTICIPLES and arg.dep_ in ("nsubj", "nsubjpass"):
        # "another 360 people were listed as wounded", "were reported dead"
        vm2, trig = _reported_as(verb)
        if vm2:
            return vm2, trig
    if vm is None and _lemma(verb) in RAISING and arg.dep_ in ("nsubj", "nsubjpass"):
        for c in verb.children:
            if c.dep_ in ("xcomp", "acomp", "oprd"):
                inner_patient = _is_passive(c) or _lemma(c) in INTRANSITIVE or c.pos_ == "ADJ"
                vm = _verb_measure(c, inner_patient, noun) or ADJ_MEASURES.get(c.lower_)
                if vm:
                    return vm, c
    if vm:
        # "50 people were killed or injured": one figure for both
        others = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                  and not _has_subject(c) and not any(cc.dep_ == "dobj" for cc in c.children)
                  and _verb_measure(c, True, noun)]
        if others and {vm, _verb_measure(others[0], True, noun)} == {"killed", "injured"}:
            vm = "casualties"
    return vm, verb


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
