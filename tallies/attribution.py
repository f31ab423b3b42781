"""Who says it: attribution cues, their sources and channels, and the discourse that resolves them.

`find_frames(doc)` reads the attribution frames of one parsed sentence: "according to X",
"X said / told / announced / put the toll at", passives ("was quoted as saying", "reported by"),
participles that borrow their subject ("..., estimating the number at"), nouns that speak for
their owner ("an AP count shows", "NDMA data"), and the channel ("on Telegram", "told TASS").
`frame_for(token, frames)` picks the frame whose scope holds a figure. `Discourse` carries what
the article has said so far, to resolve pronouns ("he said"), definite descriptions ("the
ministry"), surnames, acronyms and documents ("the statement added") to the source they name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

# Verbs that attribute what they govern to their subject.
CUE_VERBS = {
    "say", "tell", "announce", "report", "claim", "state", "add", "confirm", "estimate",
    "write", "post", "tweet", "record", "register", "count", "declare", "indicate", "note",
    "warn", "insist", "accuse", "allege", "assert", "acknowledge", "admit", "reveal",
    "disclose", "publish", "show", "find", "suggest", "cite", "believe", "explain", "tally",
    "document", "list", "update", "inform", "brief", "testify", "specify", "calculate",
    "assess", "conclude", "mention", "stress", "emphasize", "emphasise", "charge", "boast",
    "put", "place", "speak", "talk", "argue", "predict", "quote", "identify", "verify",
    "inform", "blame", "deny", "think", "fear", "expect", "tweet", "broadcast", "air",
    "compile", "release", "issue", "detail", "give", "cite", "put", "set", "tell", "share",
    "say", "declare", "signal", "relay", "publish", "observe", "determine", "establish",
    "recount", "describe", "count", "register", "receive", "raise", "revise", "lower", "peg",
    "value", "maintain", "contend", "reckon", "concede", "promise", "pledge", "request",
    "demand", "allocate", "point",
}
RECEIVED_NOUNS = {"report", "complaint", "request", "call", "application", "claim", "appeal",
                  "petition", "registration", "notification"}
# Cues that say who counted rather than who speaks: a speaking cue above them wins
# ("He said IOM recorded 2,778 deaths" is his claim).
WEAK_CUES = {"record", "register", "count", "document", "identify", "find", "show", "tally",
             "list", "compile", "verify", "determine", "establish", "observe", "calculate",
             "estimate", "put", "place", "set", "give", "release", "publish", "update",
             "detail", "issue", "share", "receive"}
# Cue verbs that attribute only in some frames: "put/place/set the toll at N", "gave a toll of".
TOLL_CUES = {"put", "place", "set", "give", "release", "issue", "publish", "update", "share",
             "raise", "revise", "compile", "count", "record", "register", "tally", "detail",
             "peg", "value"}
TOLL_NOUNS = {"toll", "figure", "number", "estimate", "count", "tally", "total", "data",
              "statistic", "death", "casualty", "list", "figures"}
# What a statement is published as: "released figures", "published a list" (not "released a
# total of 400 prisoners").
PUBLISHED_NOUNS = {"figure", "figures", "data", "statistic", "statistics", "list", "report",
                   "toll", "estimate", "tally", "count", "update", "bulletin", "numbers"}
# Nouns that speak for whoever made them: "an AP count shows", "NDMA data", "the statement".
DOCUMENT_NOUNS = {"image", "imagery", "footage", "photo", "summary", "tracker",
    "report", "study", "statement", "data", "figure", "figures", "count", "tally", "survey",
    "estimate", "estimates", "analysis", "statistic", "statistics", "record", "records",
    "assessment", "bulletin", "update", "communique", "release", "post", "tweet", "video",
    "document", "letter", "agreement", "investigation", "research", "review", "sitrep",
    "list", "dashboard", "database", "census", "poll", "log", "briefing", "account",
    "calculation", "projection", "model", "finding", "findings", "toll", "number", "numbers",
}
# People who are sources without a name: "a source", "officials", "witnesses".
ANON_HEADS = {
    "source", "official", "witness", "resident", "person", "people", "insider", "officer",
    "diplomat", "expert", "analyst", "activist", "observer", "authority", "spokesman",
    "spokeswoman", "spokesperson", "representative", "medic", "doctor", "paramedic",
    "rescuer", "worker", "local", "villager", "survivor", "relative", "eyewitness",
    "commander", "soldier", "member", "employee", "staffer", "aide", "administrator",
    "officer", "agent", "investigator", "researcher", "responder", "volunteer", "journalist",
    "reporter", "correspondent", "blogger", "monitor", "someone", "lawmaker", "minister",
}
# Role words that come before a name: "Defense Minister Sergei Shoigu".
ROLE_WORDS = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "president", "commander", "chief",
    "director", "secretary", "general", "colonel", "col", "lieutenant", "lt", "major",
    "captain", "sergeant", "envoy", "ambassador", "governor", "mayor", "head", "leader",
    "blogger", "correspondent", "journalist", "official", "officer", "premier", "chairman",
    "chairwoman", "chair", "adviser", "advisor", "aide", "deputy", "speaker", "senator",
    "representative", "rep", "sen", "gov", "mr", "mrs", "ms", "dr", "prof", "professor",
    "king", "queen", "prince", "sheikh", "emir", "ayatollah", "imam", "pope", "bishop",
    "admiral", "marshal", "brigadier", "gen", "capt", "sgt", "maj", "analyst", "expert",
    "researcher", "coordinator", "administrator", "manager", "executive", "ceo", "founder",
    "elder", "activist", "lawmaker", "mp", "prosecutor", "judge", "attorney", "lawyer",
    "doctor", "surgeon", "medic", "editor", "reporter", "writer", "commissioner", "rapporteur",
    "representative", "delegate", "counsellor", "counselor", "councillor", "councilor",
    "superintendent", "inspector", "sheriff", "constable", "warlord", "militant",
}
ORG_WORDS = {
    "ministry", "department", "committee", "agency", "authority", "office", "council", "forces",
    "force", "army", "navy", "police", "service", "services", "watch", "observatory",
    "organization", "organisation", "group", "union", "unions", "fund", "bank", "institute",
    "university", "school", "center", "centre", "commission", "court", "government",
    "parliament", "party", "administration", "command", "staff", "corps", "guard", "brigade",
    "battalion", "regiment", "federation", "association", "society", "cross", "crescent",
    "helmets", "nations", "program", "programme", "news", "press", "times", "post", "journal",
    "network", "tv", "television", "radio", "media", "channel", "company", "inc", "ltd",
    "corp", "airlines", "hospital", "coalition", "alliance", "front", "movement",
    "brotherhood", "military", "militia", "directorate", "bureau", "prefecture", "embassy",
    "mission", "secretariat", "board", "cabinet", "kremlin", "pentagon", "ngo", "charity",
    "foundation", "trust", "project", "initiative", "monitor", "centre", "cell", "unit",
    "headquarters", "hq", "council", "presidency", "municipality", "administration",
    "authorities", "officials", "insurgents", "rebels", "separatists", "militants",
    "troops", "hamas", "hezbollah", "taliban", "shebab", "houthis", "wagner", "isis",
    "nato", "un", "unhcr", "unicef", "who", "icrc", "msf", "idf", "ocha", "iom", "afad",
    "ndma", "hrw", "aoav", "acled", "airwars", "amnesty", "reuters", "afp", "ap",
}
MEDIA = {
    "tass", "ria", "ria novosti", "interfax", "ukrinform", "unian", "reuters", "ap",
    "associated press", "afp", "agence france-presse", "efe", "xinhua", "irna", "anadolu",
    "dpa", "ansa", "al jazeera", "bbc", "cnn", "sky news", "fox news", "nbc", "cbs", "abc",
    "kyodo", "yonhap", "pti", "ani", "wafa", "sana", "tasnim", "fars", "sputnik", "rt",
    "kommersant", "izvestia", "meduza", "channel one", "rossiya", "rossiya 24", "nhk",
    "bloomberg", "the new york times", "new york times", "washington post", "guardian",
    "the guardian", "times of israel", "haaretz", "ynet", "kan", "al arabiya", "mehr", "isna",
    "bernama", "antara", "npr", "pbs", "politico", "axios", "cnbc", "euronews", "dw",
    "deutsche welle", "france 24", "voa", "voice of america", "radio free europe", "rfe/rl",
    "novaya gazeta", "rbc", "ren tv", "nexta", "suspilne", "hromadske", "kyiv independent",
    "efe-epa", "epa", "upi", "press tv", "geo news", "dawn", "ndtv", "times of india",
}
CHANNELS = {
    "telegram": "Telegram", "facebook": "Facebook", "twitter": "X/Twitter", "x": "X/Twitter",
    "tweet": "X/Twitter", "instagram": "Instagram", "youtube": "YouTube", "vkontakte":
    "VKontakte", "vk": "VKontakte", "whatsapp": "WhatsApp", "tiktok": "TikTok",
    "television": "television", "tv": "television", "radio": "radio", "truth social":
    "Truth Social", "weibo": "Weibo", "wechat": "WeChat", "threads": "Threads",
    "website": "website", "blog": "blog", "podcast": "podcast",
}
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "it": "org", "they": "group", "them": "group", "we": "speaker", "i": "speaker",
            "its": "org", "his": "person", "their": "group", "our": "speaker", "my": "speaker",
            "who": "relative", "which": "relative", "that": "relative"}
# Definite descriptions and what they can point back to.
GENERIC_REFS = {
    "military": {"military", "army", "forces", "idf", "troops", "defense", "defence", "command"},
    "army": {"army", "military", "forces", "troops", "staff"},
    "ministry": {"ministry"}, "agency": {"agency", "authority", "service"},
    "group": set(), "organization": set(), "organisation": set(), "committee": {"committee"},
    "authority": {"authority", "agency"}, "observatory": {"observatory"},
    "government": {"government", "ministry", "cabinet"}, "police": {"police"},
    "study": {"study"}, "researchers": {"researchers", "study", "school", "university"},
    "unions": {"unions", "union", "cgt", "ctus"}, "union": {"union"},
    "staff": {"staff"}, "official": set(), "spokesman": set(), "spokeswoman": set(),
    "spokesperson": set(), "statement": set(), "report": set(), "count": set(),
    "department": {"department"}, "office": {"office"}, "service": {"service"},
    "forces": {"forces", "army", "military"}, "survey": {"survey"},
    "authorities": {"authorities", "authority", "government", "ministry"},
}
REPORTED_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}s?$")

COUNTRIES = {
    "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "benin",
    "bolivia", "bosnia", "brazil", "britain", "bulgaria", "burkina", "burundi", "cambodia",
    "cameroon", "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba",
    "cyprus", "czechia", "denmark", "djibouti", "ecuador", "egypt", "eritrea", "estonia",
    "ethiopia", "finland", "france", "gabon", "gaza", "georgia", "germany", "ghana", "greece",
    "guatemala", "guinea", "haiti", "honduras", "hungary", "india", "indonesia", "iran",
    "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "korea",
    "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "liberia", "libya",
    "lithuania", "madagascar", "malawi", "malaysia", "mali", "mauritania", "mexico",
    "moldova", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "namibia",
    "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan",
    "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar",
    "romania", "russia", "rwanda", "senegal", "serbia", "sierra", "singapore", "slovakia",
    "slovenia", "somalia", "spain", "sudan", "sweden", "switzerland", "syria", "taiwan",
    "tajikistan", "tanzania", "thailand", "togo", "tunisia", "turkey", "türkiye",
    "turkmenistan", "uganda", "ukraine", "uae", "uk", "us", "usa", "america", "uruguay",
    "uzbekistan", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "moscow", "kyiv",
    "kiev", "washington", "beijing", "tehran", "damascus", "baghdad", "jerusalem", "ankara",
    "riyadh", "kabul", "khartoum", "sanaa", "minsk", "london", "paris", "berlin", "brussels",
}


@dataclass(frozen=True)
class Mention:
    """A claimant as one sentence names it, resolved against the article where it can be."""

    name: str  # the canonical name: "Igor Konashenkov", "Russian Defense Ministry", "unnamed"
    text: str  # the words in the article that name it
    kind: str  # person | org | group | anon | document | unknown | reporter
    start: int | None = None  # offsets in the article of `text`
    end: int | None = None
    head: str = ""  # lower-cased head word
    plural: bool = False
    words: tuple[str, ...] = ()  # lower-cased words of the name, for matching later mentions
    via: str | None = None  # a channel the name itself carries ("the Telegram channel Rybar")
    definite: bool = False  # "the ministry", "this agency": points back to an earlier mention


@dataclass(frozen=True)
class Frame:
    """One attribution in a sentence: the cue, what it governs, who and through what."""

    cue: Token  # the cue verb, or "according"
    scope: Token  # the clause whose subtree is attributed (the cue verb itself, usually)
    source: Mention | None  # None: the subject is missing (passive without agent)
    via: str | None
    kind: str  # verb | according | noun | passive | adverb
    whole_sentence: bool = False  # "according to X" and inverted "..., X said": the sentence
    source_tok: Token | None = None  # the head of the source phrase in the sentence
    document: str | None = None  # "poll" in "a Quinnipiac poll found": the owner speaks through it


# ---------------------------------------------------------------------------------------------
# Noun phrases.

_NP_DROP = {"relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "appos", "cc", "conj",
            "prep_"}


def np_tokens(head: Token, keep_appos: bool = False) -> list[Token]:
    """The tokens of the noun phrase headed by `head`, without clauses hung on it."""
    toks = [head]
    for c in head.children:
        if c.dep_ in ("relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "cc", "conj"):
            if c.dep_ == "punct" and (c.text in ("“", "”", '"', "(", ")") or c.tag_ == "HYPH") \
                    and c.i < head.i:
                toks.extend(c.subtree)  # "Wealth-X", "“Rybar”"
            continue
        if c.dep_ == "appos" and not keep_appos:
            continue
        if c.dep_ == "prep" and c.i > head.i and c.lower_ not in (
                "of", "for", "in", "within", "at", "from", "with", "on") and not c.text[:1].isupper():
            continue
        toks.extend(c.subtree)
    toks = sorted(set(toks), key=lambda t: t.i)
    # a phrase is contiguous: cut at the first gap
    out = []
    for t in toks:
        if out and t.i != out[-1].i + 1:
            if t.i > head.i:
                break
            out = []
        out.append(t)
    while out and (out[0].dep_ in ("det", "punct", "cc", "prep") or out[0].lower_ in (
            "the", "a", "an", "‘", "'", ",")) and out[0] != head:
        out = out[1:]
    while out and (out[-1].dep_ == "punct" and out[-1].text not in (")", "”", '"')
                   or out[-1].dep_ == "case"):
        out = out[:-1]  # trailing commas, and the "'s" of "the General Staff's claim"
    # balance a closing bracket or quote left without its opener
    if out and out[-1].text in (")",) and "(" not in [t.text for t in out]:
        out = out[:-1]
    return out


def _span_text(toks: list[Token]) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    return doc.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def _name_part(toks: list[Token]) -> list[Token]:
    """The person's name in "Russian Defense Ministry spokesman Igor Konashenkov"."""
    last_role = -1
    for k, t in enumerate(toks):
        if t.lower_ in ROLE_WORDS or t.lemma_.lower() in ROLE_WORDS:
            last_role = k
    name = toks[last_role + 1:]
    if name and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name) and \
            not any(t.lower_ in ORG_WORDS for t in name):
        return name
    return []


def classify(toks: list[Token]) -> tuple[str, str, bool]:
    """(kind, canonical name, plural) for the noun phrase `toks`."""
    if not toks:
        return "unknown", "", False
    head = max(toks, key=lambda t: (t.dep_ not in ("compound", "amod", "poss", "det", "case",
                                                    "prep", "pobj", "punct", "nummod"),
                                    -abs(t.head.i - t.i) if t.head in toks else 0))
    # the syntactic head is the token whose head is outside the phrase
    heads = [t for t in toks if t.head not in toks or t.head == t]
    if heads:
        head = heads[0]
    words = [t.lower_ for t in toks]
    text = _span_text(toks)
    plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "authorities")
    lemma = head.lemma_.lower()
    if len(toks) == 1 and head.lower_ in PRONOUNS:
        return "pronoun", head.text, PRONOUNS[head.lower_] == "group"
    name = _name_part(toks)
    has_org_word = any(w in ORG_WORDS for w in words)
    if name and (len(name) >= 2 or any(t.lower_ in ROLE_WORDS for t in toks)) \
            and name[-1].lower_ not in COUNTRIES and not _ACRONYM.match(name[-1].text):
        return "person", _span_text(name), False
    if lemma in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS:
        return "document", text, plural
    propn = [t for t in toks if t.pos_ == "PROPN" or (t.text[:1].isupper() and t.i > 0)]
    if (lemma in ANON_HEADS or head.lower_ in ANON_HEADS) and not (
            head.text[:1].isupper() and head.i > 0 and any(
                t.text[:1].isupper() for t in toks if t.i > head.i)):
        # "a senior US military official", "Saudi officials": an anonymous source with an
        # affiliation; "witnesses", "a source": anonymous and nothing more
        affiliated = any(t.pos_ == "PROPN" or t.tag_ in ("NNP", "NNPS")
                         or (t.text[:1].isupper() and t.i > 0) or t.lower_ in COUNTRIES
                         for t in toks if t != head)
        if lemma in ("authority",) and (propn or any(w in ("local", "federal") for w in words)):
            return "org", text, plural
        return ("anon", text if affiliated else "unnamed", plural)
    if has_org_word or any(_ACRONYM.match(t.text) for t in toks):
        return "org", text, plural
    if all(t.lower_ in COUNTRIES for t in propn) and propn:
        return "org", text, False
    if len(propn) >= 2 and head.pos_ == "PROPN" and head.tag_ != "NNPS" and not any(t.like_num or any(ch.isdigit() for ch in t.text) for t in toks) \
            and not any(c.dep_ == "det" for c in head.children):
        return "person", text, False
    if len(propn) == 1 and head.pos_ == "PROPN":
        return "unknown", text, plural
    return ("group" if plural else "org"), text, plural


def make_mention(toks: list[Token], offset: int) -> Mention:
    kind, name, plural = classify(toks)
    text = _span_text(toks)
    if len(toks) > 1 and toks[0].lower_ in ("its", "their", "his", "her", "our") and kind != "pronoun":
        name = _span_text(toks[1:]) if name == text else name
    start = offset + toks[0].idx if toks else None
    heads = [t for t in toks if t.head not in toks or t.head == t]
    head = heads[0] if heads else (toks[-1] if toks else None)
    via = None
    if any(t.lower_ == "telegram" for t in toks) and kind != "pronoun":
        via = "Telegram"
        # "the Telegram channel Rybar": the channel's name is the source
        rest = [t for t in toks if t.lower_ not in ("telegram", "channel", "account", "“", "”",
                                                    '"') and t.pos_ == "PROPN"]
        if rest:
            name = " ".join(t.text for t in rest)
            kind = "org"
    definite = head is not None and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in head.children)
    return Mention(
        name=name.strip("“”\"' ") or name, text=text, kind=kind, start=start,
        end=(start + len(text)) if start is not None else None,
        head=head.lower_ if head is not None else "", plural=plural,
        words=tuple(t.lower_ for t in toks if t.is_alpha), via=via, definite=definite,
    )


def mention_for(head: Token, offset: int) -> Mention:
    """The mention a source phrase makes. A name in apposition names it: "Another activist
    group, the Local Co-ordination Committees", "UN special envoy to Yemen, Martin Griffiths";
    the words kept are the whole phrase."""
    toks = np_tokens(head)
    named = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
    if named and head.pos_ != "PROPN":
        appos_toks = np_tokens(named[0])
        if any(t.pos_ == "PROPN" for t in appos_toks):
            m = make_mention(appos_toks, offset)
            whole = np_tokens(head, keep_appos=True)
            text = _span_text(whole)
            start = offset + whole[0].idx
            via = m.via or ("Telegram" if any(t.lower_ == "telegram" for t in whole) else None)
            return replace(m, text=text, start=start, end=start + len(text), via=via)
    m = make_mention(toks, offset)
    if named and m.kind == "person":
        whole = np_tokens(head, keep_appos=True)
        text = _span_text(whole)
        return replace(m, text=text, end=m.start + len(text))
    return m


# ---------------------------------------------------------------------------------------------
# Frames.

def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _clause_antecedent(verb: Token, pronoun: Token) -> Token | None:
    """A named subject of a clause above `verb` that `pronoun` can refer to."""
    want = PRONOUNS[pronoun.lower_]
    for anc in verb.ancestors:
        subj = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i > pronoun.i or subj.pos_ == "PRON":
            continue
        kind, _, plural = classify(np_tokens(subj))
        if not _can_claim(subj):
            return None
        if (want == "person" and kind == "person") or (
                want == "org" and kind in ("org", "unknown") and not plural) or (
                want == "group" and plural and kind in ("org", "group", "anon")):
            return subj
        return None
    return None


def _borrowed_subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a participle or infinitive taken from the verb it hangs on:
    "he wrote on Telegram, estimating ...", "X was quoted as saying ..."."""
    subj = _subject(verb)
    if subj is not None or depth > 3:
        return subj
    if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and verb.head is not verb:
        head = verb.head
        if head.dep_ == "prep":
            head = head.head
        for c in head.children:
            if c.dep_ == "nsubjpass":
                return c
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            return head
        return _borrowed_subject(head, depth + 1)
    return None


def _channel_of(tok: Token) -> str | None:
    """ "Telegram", "a Facebook post", "its Telegram channel", "state television"."""
    words = [t for t in tok.subtree]
    for t in words:
        key = t.lower_
        if key in CHANNELS and not (key == "x" and t.text != "X") and not (
                key == "post" and False):
            if key in ("television", "tv", "radio"):
                mods = [m.text for m in t.lefts if m.dep_ in ("amod", "compound", "poss")
                        and m.lower_ not in ("the", "a")]
                return (" ".join(mods + [t.text])).strip() or CHANNELS[key]
            return CHANNELS[key]
    return None


def _media_name(tok: Token) -> str | None:
    """The news agency or outlet a phrase names: "Russia's state news agency TASS", "the AP"."""
    toks = np_tokens(tok, keep_appos=True)
    text = _span_text(toks)
    low = text.lower()
    for name in sorted(MEDIA, key=len, reverse=True):
        if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", low):
            m = re.search(re.escape(name), low)
            return text[m.start():m.end()]
    if any(t.lower_ in ("agency", "newspaper", "outlet", "broadcaster", "daily", "channel")
           for t in toks) and any(t.pos_ == "PROPN" for t in toks):
        tail = []
        for t in reversed(toks):
            if t.pos_ == "PROPN" or (t.tag_ == "HYPH" and tail):
                tail.insert(0, t)
            elif tail:
                break
        return _span_text(tail) if tail else None
    ch = _channel_of(tok)
    if ch in ("television", "radio") or (ch and "television" in ch):
        return ch
    return None


def _via_for(verb: Token) -> str | None:
    """The channel a cue verb names: "wrote on Telegram", "told TASS", "in a Facebook post"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "via", "through", "to", "with", "by"):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                ch = _channel_of(p)
                if ch:
                    return ch
                if c.lower_ in ("to", "with", "by"):
                    media = _media_name(p)
                    if media:
                        return media
                # "in an interview with Reuters"
                if p.lower_ in ("interview", "comments", "remarks") or p.lemma_ == "interview":
                    for pp in p.children:
                        if pp.dep_ == "prep":
                            for q in pp.children:
                                media = _media_name(q) if q.dep_ == "pobj" else None
                                if media:
                                    return media
        if c.dep_ in ("dative", "dobj") and verb.lemma_.lower() in ("tell", "inform", "brief"):
            media = _media_name(c)
            if media:
                return media
        if c.dep_ == "advcl" and c.lemma_.lower() in ("speak", "talk", "write", "post"):
            v = _via_for(c)
            if v:
                return v
    return None


def _is_toll_cue(verb: Token) -> bool:
    """ "put the death toll at 53", "gave a figure of 40", "put 5,937 dead": a cue only with
    such an object."""
    for c in verb.children:
        if c.dep_ not in ("dobj", "nsubjpass"):
            continue
        nouns = TOLL_NOUNS if verb.lemma_.lower() in ("put", "place", "set", "raise", "revise",
                                                      "give", "count", "tally") else PUBLISHED_NOUNS
        if c.lemma_.lower() in nouns or any(
                t.lemma_.lower() in nouns for t in c.children if t.dep_ == "compound"):
            return True
        if verb.lemma_.lower() in ("put", "place", "estimate", "set") and (
                c.pos_ == "NUM" or any(t.pos_ == "NUM" for t in c.children)):
            return True
    # "put his net worth at $45 billion", "pegged the damage at 2 million": an estimate
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "at" and any(
                t.pos_ == "NUM" or t.like_num for t in c.subtree):
            return True
    return False


# Documents that speak through any verb: "Wednesday's Quinnipiac poll has Clinton at 46
# percent", "the UN data puts the toll at 50", "an AP count shows 999 dead".
SPEAKING_DOCUMENTS = {"poll", "survey", "study", "report", "data", "statistic", "statistics",
                      "analysis", "census", "estimate", "research", "review", "assessment",
                      "investigation", "document", "letter", "statement", "bulletin", "tally",
                      "count", "audit", "projection", "model", "forecast", "index", "ranking",
                      "list", "database", "dashboard", "record", "records", "filing", "filings",
                      "image", "imagery", "footage", "video", "photo", "photograph", "picture",
                      "summary", "assessment", "update", "sitrep", "dossier", "tracker"}
DOCUMENT_VERBS = {"show", "find", "have", "give", "put", "place", "list", "suggest", "indicate",
                  "estimate", "count", "record", "reveal", "say", "conclude", "report",
                  "document", "project", "predict", "rank", "peg", "tally", "measure", "track",
                  "find", "put", "see", "register", "note", "detail", "cite", "identify"}


def _document_subject(verb: Token) -> bool:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (subj.lemma_.lower() in SPEAKING_DOCUMENTS
                                 or subj.lower_ in SPEAKING_DOCUMENTS)


def _cue_ok(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if verb.pos_ in ("VERB", "AUX") and lemma in DOCUMENT_VERBS and _document_subject(verb):
        return True
    if lemma == "be" and verb.pos_ in ("VERB", "AUX"):
        # "its last figure, given by the minister, was 18,360 dead": an owned figure speaks
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return subj is not None and subj.lemma_.lower() in SPEAKING_DOCUMENTS | {
            "figure", "toll", "total", "tally", "estimate"} and _owner(subj) is not None
    if lemma not in CUE_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in TOLL_CUES and lemma not in ("record", "register", "count", "tally"):
        return _is_toll_cue(verb)
    if lemma in ("charge", "accuse") and not any(c.dep_ in ("ccomp", "prep") for c in verb.children):
        return False  # "charged a $100,000 fee" is a price, not an accusation
    if lemma == "add" and any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to")
                              for c in verb.children):
        return False  # "added two courses to his portfolio"
    if lemma == "receive":
        # "investigators have received 143 missing persons reports": who counts what reaches them
        return any(c.dep_ == "dobj" and c.lemma_.lower() in RECEIVED_NOUNS for c in verb.children)
    if lemma in ("find", "show", "think", "believe", "fear", "expect", "mark", "identify",
                 "establish", "determine", "observe", "describe", "point"):
        # "a study found 40 ...", "he believes that ...": a clause, or a document that speaks;
        # "rescuers found two more bodies" is an event, not a claim
        if lemma == "point" and not any(c.lower_ == "out" for c in verb.children):
            return False
        if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children) or _document_subject(verb):
            return True
        # "researchers found evidence of 4,645 excess deaths": findings of those who study
        subj = _subject(verb)
        return lemma in ("find", "identify", "establish", "document") and (
            any(c.dep_ == "dobj" and c.lemma_.lower() in EVIDENCE_NOUNS for c in verb.children)
            or (subj is not None and subj.lemma_.lower() in FINDERS))
    if lemma == "give":
        return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)
    return True


def find_frames(doc: Doc, offset: int = 0) -> list[Frame]:
    """The attribution frames of one parsed sentence. `offset` is where it starts in the
    article, so that mentions carry article offsets."""
    frames: list[Frame] = []
    for tok in doc:
        # "according to X"
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                owner = _owner(objs[0])
                src = owner or objs[0]
                mention = mention_for(src, offset)
                via = mention.via
                if src != objs[0]:
                    # "according to figures released by X on Telegram"
                    via = via or _channel_of(objs[0])
                frames.append(Frame(tok, tok.head if tok.head != tok else tok, mention, via,
                                    "according", whole_sentence=True, source_tok=objs[0],
                                    document=objs[0].lemma_.lower() if owner is not None else None))
            continue
        if tok.pos_ not in ("VERB", "AUX") or not _cue_ok(tok):
            continue
        lemma = tok.lemma_.lower()
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        subj = _subject(tok)
        if subj is None and not passive:
            subj = _borrowed_subject(tok)
        if subj is not None and subj.dep_ == "nsubjpass" and lemma in ("quote",):
            pass
        if passive and subj is None:
            # "X was quoted as saying": the passive subject of "quote" is the speaker;
            # "were reported killed", "it is said": no speaker named
            # ("were reported", "was registered" name nobody: the outlet's own voice)
            if lemma == "quote":
                subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            else:
                continue
        if subj is not None and subj.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            subj = tok.head  # "the ministry, which has acknowledged 71 deaths"
        if subj is not None and _respondents(subj):
            # "72 percent believe ...", "those surveyed say ...": a poll's respondents; the poll
            # is the source when the article has named one (see Discourse.resolve)
            frames.append(Frame(tok, tok, Mention("respondents", _span_text(np_tokens(subj)),
                                                  "respondents"), None, "verb",
                                source_tok=subj))
            continue
        if subj is not None and not _can_claim(subj):
            # "the exchange saying ...": a parse slip; a thing does not speak
            subj = _borrowed_subject(tok.head) if tok.head != tok and tok.dep_ in (
                "ccomp", "advcl", "xcomp", "conj") else None
            if subj is not None and not _can_claim(subj):
                subj = None
        if subj is None:
            continue
        if subj.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            subj = tok.head
        if subj.lower_ in ("he", "she", "it", "they"):
            # "Forbes started the craze in 1982, when it published ...": the subject of the
            # clause above comes first, before anything said in earlier sentences
            subj = _clause_antecedent(tok, subj) or subj
        src = subj
        owner = _owner(subj)
        document = None
        if owner is not None:
            src, document = owner, subj.lemma_.lower()
        mention = mention_for(src, offset)
        via = _via_for(tok) or mention.via
        if via is None and _subject(tok) is None and tok.head != tok:
            # "he wrote on Telegram, estimating ...": the participle speaks through its head
            via = _via_for(tok.head)
        if lemma in ("report", "publish", "broadcast", "air") and _media_name(src):
            # "TASS reported, citing a source": the outlet relays; the cited one originates
            cited = _cited(tok)
            if cited is not None:
                via = _media_name(src)
                mention = mention_for(cited, offset)
        # inverted or parenthetical "..., he said." covers the clause it is attached to
        whole = tok.dep_ in ("parataxis",) or (
            tok.dep_ == "ROOT" and not any(c.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "prep",
                                                      "dative", "attr", "oprd")
                                           for c in tok.children))
        scope = tok.head if tok.dep_ == "parataxis" else tok
        frames.append(Frame(tok, scope, mention, via, "verb", whole_sentence=whole,
                            source_tok=src, document=document))
    frames.extend(_noun_frames(doc, offset))
    for tok in doc:
        if tok.lower_ in REPORTED_ADVERBS:
            frames.append(Frame(tok, tok.head, Mention("unnamed", tok.text, "anon"), None,
                                "adverb"))
    return frames


CLAIMANT_NOUNS = ANON_HEADS | ROLE_WORDS | ORG_WORDS | DOCUMENT_NOUNS | {
    "government", "military", "army", "police", "rebel", "militant", "separatist", "union",
    "agency", "group", "ministry", "spokesman", "organizer", "organiser", "hospital",
    "rescuer", "firefighter", "paramedic", "coroner", "prosecutor", "court", "study",
    "researcher", "scientist", "monitor", "observer", "party", "campaign", "lawyer",
    "family", "relative", "neighbour", "neighbor", "man", "woman", "survivor", "victim",
    "estimate", "statement", "figure", "poll", "analysis", "council", "commission", "side",
    "camp", "site", "website", "outlet", "newspaper", "paper", "broadcaster", "station",
    "portal", "daily", "magazine", "tabloid", "network", "analyst", "expert", "pollster"}


EVIDENCE_NOUNS = {"evidence", "proof", "sign", "trace", "indication", "record"}
FINDERS = {"researcher", "investigator", "study", "analyst", "expert", "monitor", "auditor",
           "inspector", "survey", "report", "team", "scientist", "mission", "panel", "commission",
           "inquiry", "probe", "review", "analysis", "group", "organization", "organisation"}
RESPONDENT_HEADS = {"percent", "%", "majority", "minority", "share", "half", "third", "quarter",
                    "respondent", "plurality", "fraction", "proportion"}


def _respondents(tok: Token) -> bool:
    if tok.lemma_.lower() in RESPONDENT_HEADS or tok.lower_ in RESPONDENT_HEADS:
        return True
    # "those surveyed", "those polled"
    return tok.lower_ in ("those", "people", "voters", "americans", "adults") and any(
        c.dep_ == "acl" and c.lemma_.lower() in ("survey", "poll", "ask", "question", "interview")
        for c in tok.children)


WH_WORDS = {"who", "what", "which", "whom", "whose", "where", "when", "why", "how"}
NOT_CLAIMANTS = {"those", "these", "some", "many", "most", "others", "another", "all", "few",
                 "none", "both", "each", "either", "neither", "one", "half", "everyone",
                 "nobody", "anyone", "something", "nothing", "this", "that", "which", "who",
                 "what", "whom"}


def _can_claim(tok: Token) -> bool:
    """Whether a subject can be a claimant: a name, a pronoun, a person, a body or a document;
    not "the exchange", "the bombing", "those surveyed" or "most"."""
    if tok.lower_ in NOT_CLAIMANTS or tok.pos_ == "NUM" or tok.like_num:
        return False
    if tok.pos_ in ("PROPN", "PRON") or tok.tag_ in ("NNP", "NNPS"):
        return True
    if tok.text[:1].isupper() and tok.i > 0:
        return True
    lemma = tok.lemma_.lower()
    if lemma in CLAIMANT_NOUNS or tok.lower_ in CLAIMANT_NOUNS or lemma in COUNTRIES:
        return True
    return any(c.dep_ in ("compound", "poss", "nmod") and (c.pos_ == "PROPN" or c.lower_ in COUNTRIES)
               for c in tok.children) and lemma.endswith(("ist", "er", "or", "ian", "ant", "ent"))


TIME_WORDS = {"today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday",
              "friday", "saturday", "sunday", "week", "month", "year", "weekend", "tonight",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "last", "this", "next"}


NOUN_CUES = {"claim", "estimate", "statement", "assertion", "allegation", "announcement",
             "assessment", "report", "projection", "prediction", "warning", "figure", "toll",
             "count", "tally", "estimation", "calculation"}


def _noun_frames(doc: Doc, offset: int) -> list[Frame]:
    """Nouns that attribute: "the General Staff's claim that up to 10 vehicles were
    destroyed", "repeated his estimate that several hundred men had died", "the ministry's
    figure of 63". The claimant is the noun's owner, else the subject of the verb whose object
    it is."""
    frames = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in NOUN_CUES:
            continue
        content = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        of_figure = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and any(
            p.like_num or p.pos_ == "NUM" for p in c.subtree)]
        if not content and not of_figure:
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if (owner is None or owner.lower_ in ("its", "their", "his", "her")) and \
                tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and _subject(tok.head) is not None:
            owner = _subject(tok.head)  # "Gretsky repeated his estimate that ..."
        if owner is None or not _can_claim(owner) or owner.lower_ in TIME_WORDS:
            continue
        for scope in content + of_figure:
            frames.append(Frame(tok, scope, mention_for(owner, offset), None, "noun",
                                source_tok=owner))
    return frames


def _owner(noun: Token) -> Token | None:
    """Who made a document: "an AP count", "NDMA data", "its estimates", "figures released by
    the NDMA", "the Health Ministry's report". None when `noun` is not a document."""
    lemma = noun.lemma_.lower()
    if lemma not in DOCUMENT_NOUNS and noun.lower_ not in DOCUMENT_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ not in TIME_WORDS and not c.like_num \
                and c.pos_ != "PRON":
            return c
    for c in noun.children:
        if c.dep_ == "acl":
            for cc in c.children:
                if cc.dep_ == "agent":
                    for p in cc.children:
                        if p.dep_ == "pobj":
                            return p
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
        if c.dep_ == "prep" and c.lower_ == "of":
            # "the estimate of Solvaria's General Staff", "the report of the commission"
            for p in c.children:
                if p.dep_ == "pobj" and (p.pos_ == "PROPN" or p.lemma_.lower() in ORG_WORDS
                                         or p.lemma_.lower() in ROLE_WORDS):
                    return p
    compounds = [c for c in noun.children if c.dep_ in ("compound", "nmod", "amod")
                 and (c.pos_ == "PROPN" or _ACRONYM.match(c.text))]
    if compounds:
        return compounds[0]
    # "its estimates", "their figures": the pronoun, resolved by the discourse
    return next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)


def _cited(verb: Token) -> Token | None:
    for t in verb.subtree:
        if t.lower_ == "citing":
            for c in t.children:
                if c.dep_ in ("dobj", "pobj"):
                    return c
    return None


# Links through which a clause is what a cue says (not an adjunct such as "although ...").
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "pcomp", "prep", "pobj", "acomp",
                "oprd", "attr", "dative", "npadvmod", "nsubjpass", "csubj", "advmod"}


PLACE_NOUNS = {"town", "city", "village", "territory", "country", "island", "region",
               "province", "district", "camp", "area", "nation", "state", "capital",
               "municipality", "suburb", "neighbourhood", "neighborhood", "county", "enclave",
               "strip", "settlement", "valley", "port", "hub", "stronghold", "base"}
SUBORDINATORS = {"after", "before", "when", "while", "although", "though", "because", "as",
                 "since", "if", "unless", "until", "once", "whereas", "where"}


def _is_content(node: Token) -> bool:
    """Whether `node` is what its cue head says: a complement or object, or a clause hung on
    without a subordinating word ("spoke on Telegram ... about 400 killed"); not a time or
    reason clause ("placed the toll at 64 after Maria roared ...")."""
    if node.dep_ in CONTENT_DEPS:
        return True
    if node.dep_ == "advcl":
        return not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in node.children) \
            and not any(c.dep_ == "advmod" and c.lower_ in ("when", "while", "after") for c in node.children)
    return False


def _semicolon_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[lo:hi])


def frame_for(token: Token, frames: list[Frame]) -> Frame | None:
    """The frame whose scope holds `token`: the cues above it in the tree, else a sentence-wide
    one ("according to X", an inverted "..., X said"). When the nearest cue only says who
    counted ("IOM recorded 2,778 deaths") and it is itself what a speaker says ("He said ...
    IOM recorded"), the speaker originates the figure."""
    if not frames:
        return None
    by_cue = {f.cue.i: f for f in frames if f.kind == "verb"}
    # a figure inside a frame's own source phrase is not what that frame says
    frames = [f for f in frames if f.source_tok is None or token not in set(f.source_tok.subtree)]
    covering: list[tuple[Frame, bool]] = []  # (frame, reached through content links only)
    pure = True  # every link so far, since the first frame, is content
    node = token
    for _ in range(len(token.doc)):
        head = node.head
        on_path = [f for f in frames if f.scope == node and (f.kind in ("according", "adverb", "noun") or (
            f.kind == "verb" and f.whole_sentence and f.cue != node))]
        # several "according to" on one clause: the nearest, after the figure first
        on_path.sort(key=lambda f: (f.cue.i < token.i, abs(f.cue.i - token.i)))
        covering += [(f, pure) for f in on_path]
        if head == node:
            break
        if node.dep_ == "appos" and head.pos_ == "PROPN" and not covering and \
                node.lemma_.lower() in PLACE_NOUNS:
            # "Moura – a town of about 10,000 residents": the writer's description of a place
            return None
        if head.i in by_cue and node.dep_ == "conj" and (
                node.pos_ not in ("VERB", "AUX")
                or any(c.dep_ == "ccomp" and c.i < head.i for c in head.children)):
            # "Four hit the building, he said, and two were shot down": the parser hangs the
            # second clause on "said"; "revised its toll ... and finally to 89 dead"
            covering.append((by_cue[head.i], pure))
        elif head.i in by_cue and _is_content(node):
            # what a cue says is its complement or object: not a conjunct ("ISIS-K claimed
            # responsibility, and 11 people were arrested"), not an adjunct ("placed the toll
            # at 64 after Maria roared ..."), not its own subject ("300 people said")
            f = by_cue[head.i]
            subj = _subject(f.cue)
            if subj is None or token not in set(subj.subtree):
                covering.append((f, pure))
        elif head.i in by_cue and node.dep_ not in ("conj", "cc"):
            covering.append((by_cue[head.i], False)) if by_cue[head.i].whole_sentence else None
        if covering and not (_is_content(node) or node.dep_ in ("conj", "nummod", "quantmod",
                                                                 "compound", "amod", "nsubj",
                                                                 "nsubjpass")):
            pure = False  # "the estimate of X, which put ...": a relative clause is not said
        node = head
    seen = {id(f) for f, _ in covering}
    rest = [f for f in frames if f.whole_sentence and id(f) not in seen
            and not _semicolon_between(token, f.cue)]
    # several "according to" in one sentence: the nearest, after the figure first
    rest.sort(key=lambda f: (f.cue.i < token.i, abs(f.cue.i - token.i)))
    covering += [(f, True) for f in rest]
    if not covering:
        return None
    first = covering[0][0]
    weak_noun = first.kind == "noun" and first.source_tok is not None and any(
        t.lower_ in ("his", "her", "its", "their", "our", "my") for t in first.source_tok.subtree)
    if weak_noun or (first.kind == "verb" and first.cue.lemma_.lower() in WEAK_CUES):
        # "IOM recorded ...", "his office's figure of 769": the speaker above says it
        for f, through_content in covering[1:]:
            if not through_content:
                break
            if f.kind == "verb" and f.cue.lemma_.lower() not in WEAK_CUES | {"be"}:
                return f
    return first


# ---------------------------------------------------------------------------------------------
# Discourse.

@dataclass
class Discourse:
    """What the article has named so far, to resolve later mentions of the same claimant."""

    mentions: list[Mention] = field(default_factory=list)
    documents: dict[str, Mention] = field(default_factory=dict)  # "statement" -> its issuer

    def remember(self, m: Mention | None) -> None:
        if m is None or m.kind in ("pronoun", "reporter", "speaker", "respondents") \
                or m.name == "unnamed" or (m.words and m.words[0] in WH_WORDS):
            return
        if m.kind == "document":
            return
        self.mentions.append(m)

    def remember_document(self, noun: str, issuer: Mention) -> None:
        if issuer.kind not in ("pronoun", "document"):
            self.documents[noun] = issuer

    def resolve(self, m: Mention) -> Mention:
        """The mention with its name replaced by the antecedent's, where one is found."""
        if m.kind == "respondents":
            for noun in ("poll", "survey", "study", "census"):
                if noun in self.documents:
                    return replace(self.documents[noun], text=m.text, start=None, end=None)
            return m
        if m.kind == "pronoun":
            want = PRONOUNS.get(m.text.lower(), "org")
            if want == "speaker":
                # "we", "I": whoever speaks; the quotation's cue says who (see claims.py)
                return replace(m, name="unnamed", kind="speaker")
            ante = self._latest(want)
            if ante is not None:
                # SCHEMA: for a pronoun, source_text is its named antecedent
                return replace(ante, kind=ante.kind)
            return replace(m, name="unnamed", kind="anon")
        if m.kind == "document":
            key = m.head
            issuer = self.documents.get(key)
            if issuer is None and m.text.lower().split()[0:1] in (["its"], ["their"]):
                issuer = self._latest("org")
            if issuer is not None and (m.definite or m.text.lower().startswith(("its ", "their "))
                                       or m.text.lower() == key):
                return replace(issuer, text=m.text, start=m.start, end=m.end)
            return m
        if m.kind in ("unknown", "person", "org", "group", "anon") and m.start is not None:
            ante = self._antecedent(m)
            if ante is not None:
                return replace(ante, text=m.text, start=m.start, end=m.end,
                               via=m.via or ante.via)
        return m

    def _latest(self, want: str) -> Mention | None:
        kinds = {"person": ("person", "unknown"), "org": ("org", "unknown", "group"),
                 "group": ("group", "org", "anon"), "speaker": ("person", "org", "group"),
                 "relative": ("person", "org")}[want]
        for k in kinds:
            for m in reversed(self.mentions):
                if m.kind == k and (want != "group" or m.plural or k == "org"):
                    return m
        return None

    def _antecedent(self, m: Mention) -> Mention | None:
        words = [w for w in m.words if w not in ("the", "a", "an", "its", "their", "s")]
        if not words:
            return None
        definite = m.definite
        # an acronym: "HRW" for "Human Rights Watch (HRW)", "the IDF" for "Israel Defense Forces"
        if len(words) == 1:
            w = words[0]
            for prev in reversed(self.mentions):
                initials = "".join(x[0] for x in prev.words if x not in (
                    "of", "the", "for", "and", "on", "in", "s"))
                if w in prev.words[:-1] and prev.kind == "person" and w == prev.words[-1]:
                    return prev
                if prev.kind == "person" and prev.words and prev.words[-1] == w:
                    return prev
                if len(w) >= 2 and (initials == w or f"({w})" in prev.text.lower()) and prev.words != (w,):
                    return prev
        if definite and len(words) <= 2:
            head = words[-1]
            related = GENERIC_REFS.get(head)
            for prev in reversed(self.mentions):
                if prev.words == m.words:
                    continue
                if head in prev.words or (related and related & set(prev.words)):
                    if prev.kind in ("org", "group", "person", "unknown", "anon") and len(prev.words) > len(words):
                        return prev
                if related is not None and not related and prev.kind in ("org",) and head in (
                        "group", "organization", "organisation"):
                    return prev
        # the same name said again, shorter: "the Observatory" after "the Syrian Observatory..."
        if not definite and len(words) == 1 and m.kind in ("unknown", "org"):
            for prev in reversed(self.mentions):
                if words[0] in prev.words and len(prev.words) > 1 and prev.kind in ("org", "person"):
                    return prev
        return None
