"""Sources: one entity per claimant across articles and spellings.

Two steps.

In an article (when it is stored), each claim's source is resolved against what the article
says: "the ministry", "Ministry of Defence" or "NDRA" become the body the article names in
full ("Dravania's Defence Ministry", "National Disaster Risk Agency"); a person's role words
("Russian Defense Ministry spokesman Igor Konashenkov", "Defence Minister Lev Kastorin", "the
head of the mission, Ilse Vandermeer") give the body the person speaks for; a bare country
("Dravania says...") is the one body of that country the article names; and the source's words
give its side: a demonym or a country ("Ukrainian army" -> Ukraine), or "independent" for
monitors, NGOs and the Red Cross.

Across articles (when events are rebuilt), mentions become entities: bodies by their words
regardless of order, spelling of "defence" or country form ("Russian Ministry of Defense" =
"Russian Defense Ministry" = "Russia's Defence Ministry"; "Ministry of Defence" alone joins the
one body it is part of, when there is only one); people by their surname's transliteration
skeleton ("Choigou" = "Shoigu", "Jelvakov" = "Zhelvakov") with a compatible first name.

Who counts as whom in reconciliation: a person who speaks for a body (a spokesman, a minister,
an official, the head of a mission) counts as that body, so the ministry's figure given by its
spokesman is one source, not two. Governors, mayors, bloggers and other people stand for
themselves. "reporter" is the outlet's own voice; anonymous sources are never merged across
outlets (an unnamed source in outlet A is not the one in outlet B): their entity is the
anonymous source as worded, in the outlet of the original report.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import names
from .records import Article, Claim

ORG_WORDS = {
    "ministry", "army", "armed", "forces", "force", "service", "services", "agency", "council",
    "mission", "group", "staff", "centre", "center", "command", "office", "committee",
    "department", "government", "administration", "society", "cross", "crescent", "authority",
    "authorities", "police", "guard", "navy", "corps", "brigade", "battalion", "military",
    "monitors", "observatory", "watch", "institute", "foundation", "organisation",
    "organization", "union", "coalition", "alliance", "network", "news", "times", "bureau",
    "desk", "wire", "press", "media", "tv", "radio", "channel", "blog", "hospital", "ngo",
    "commission", "parliament", "court", "prosecutor", "prosecutors", "kremlin", "pentagon",
    "cabinet", "presidency", "directorate", "headquarters", "unit", "units", "secretariat",
    "nations", "international", "red", "emergency", "emergencies", "rescue", "ledger",
    "monitoring", "programme", "program", "fund", "bank", "company", "party", "movement",
    "front", "statistics", "inform", "agency's", "telegram", "side", "camp",
}
INDEPENDENT_WORDS = ("red cross", "red crescent", "international", "united nations", "unicef",
                     "unhcr", "ohchr", "ocha", "icrc", "amnesty", "human rights watch",
                     "medecins", "medics", "msf", "doctors without borders", "monitoring",
                     "monitors", "observatory", "open source", "airwars", "acled", "iom",
                     "world health", "ngo", "aid group", "charity", "independent")
# Role words that make a person speak for the body named with them.
SPEAKING_ROLES = ("press secretary", "press officer", "secretary general", "secretary-general",
                  "lead analyst", "deputy minister", "spokesman", "spokeswoman", "spokesperson",
                  "spokespeople", "representative", "official", "minister", "head", "chief",
                  "director", "chair", "chairman", "chairwoman", "coordinator", "analyst",
                  "commander", "envoy", "ambassador", "president", "secretary")
OWN_ROLES = ("governor", "mayor", "blogger", "journalist", "correspondent", "commentator",
             "resident", "witness", "doctor", "priest", "lawmaker", "deputy", "mp", "senator")
_TITLES = re.compile(
    r"^(?:(?:former|ex-|retired|acting|deputy|senior|military|regional|local|provincial|"
    r"pro-\w+|major|lieutenant|lt\.?|brigadier|maj\.?|gen\.?|general|colonel|col\.?|captain|"
    r"capt\.?|sergeant|sgt\.?|admiral|adm\.?|commander|dr\.?|mr\.?|mrs\.?|ms\.?|prof\.?|"
    r"professor|president|prime|minister|mayor|governor|spokesman|spokeswoman|blogger|"
    r"volunteer|separatist|defen[cs]e|interior|foreign|head|chief)\s+)+", re.I)
_DETERMINERS = re.compile(r"^(?:(?:the|its|their|his|her|our|a|an|this|that)\s+|"
                          r"(?:the\s+)?(?:country|city|town|region|state|province|nation)['’]s\s+)+",
                          re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
_STOP = {"the", "of", "for", "and", "its", "their", "his", "her", "a", "an", "on", "in", "at"}
_SPELLING = {"defence": "defense", "centre": "center", "organisation": "organization",
             "programme": "program", "armed": "armed"}
# A run of capitalised words on one line, possessives allowed, then "of/for the ..." (bounded,
# and each word matched once: no backtracking blow-up on a page of capitals).
_ORG_PHRASE = re.compile(
    r"(?:\b(?:army|military|government)['’]s[ ]+)?[A-Z][\w\-]*(?:['’]s)?"
    r"(?:[ ]+[A-Z][\w\-]*(?:['’]s)?){0,7}"
    r"(?:[ ]+(?:of|for)[ ]+(?:the[ ]+)?[A-Z][\w\-'’]*(?:[ ]+[A-Z][\w\-'’]*){0,5})?")


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w\-]+", names.key(text))]


def is_org(name: str) -> bool:
    return any(w in ORG_WORDS for w in _words(name)) or any(c.isdigit() for c in name)


_TABLE_COUNTRIES = {c for c in names.demonyms().values() if "(" not in c}


def side_from_words(text: str, known_countries: set[str]) -> str | None:
    """The side or affiliation a source's own words give: "independent" for monitors and NGOs,
    else the country of a demonym or country name among the words."""
    low = " " + names.key(text) + " "
    if any(f" {w} " in low for w in INDEPENDENT_WORDS):
        return "independent"
    known_countries = set(known_countries) | _TABLE_COUNTRIES
    for token in re.findall(r"[A-Za-z][\w.\-]*", text):
        if token.lower().startswith(("pro-", "anti-")):
            continue
        country = names.country_of_demonym(token, known_countries)
        if country:
            return country
        for k in known_countries:
            if token.lower() == k.lower():
                return k
    return None


# Words that say whose a body is rather than which body it is: "the army's Strategic
# Communications Centre", "General Staff of the Solvarian Armed Forces", "Mission in Solvaria".
GENERIC_STATE = {"army", "military", "armed", "forces", "government", "authorities",
                 "officials", "state", "country", "regime", "side", "camp"}
_OWNER_PREFIX = re.compile(r"^([\w\-]+(?:\s+[\w\-]+)?)['’]s\s+(?=\S)")
_OWNER_SUFFIX = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)$")


def _owner_split(name: str, known_countries) -> tuple[str, str | None]:
    """("Strategic Communications Centre", "army") from "army's Strategic Communications
    Centre"; ("General Staff", "Solvarian Armed Forces") from "General Staff of the Solvarian
    Armed Forces". The owner is cut only when it is a country or the state's armed forces."""
    name = _DETERMINERS.sub("", name.strip())
    owner = None
    m = _OWNER_PREFIX.match(name)
    if m and _is_owner(m.group(1), known_countries):
        owner, name = m.group(1), name[m.end():]
    m = _OWNER_SUFFIX.search(name)
    if m and _is_owner(m.group(1), known_countries) and len(name[:m.start()].split()) >= 2:
        owner, name = m.group(1), name[:m.start()]
    return name, owner


def _is_owner(words: str, known_countries) -> bool:
    tokens = re.findall(r"[\w\-]+", words)
    return bool(tokens) and all(t.lower() in GENERIC_STATE or _country(t, known_countries)
                                for t in tokens)


def _country(token: str, known_countries) -> str | None:
    if token.lower() in ORG_WORDS:
        return None
    country = names.country_of_demonym(token.capitalize(), known_countries)
    if country:
        return country
    for k in known_countries:
        if token.lower() == k.lower():
            return k
    return None


def _content_words(name: str, known_countries: set[str]) -> frozenset[str]:
    """A body's own words, order, spelling, owner and country aside: "Russian Ministry of
    Defense", "Russia's Defence Ministry" and "Ministry of Defence" all give {ministry,
    defense} (the country is the side, kept apart)."""
    core, _ = _owner_split(name, known_countries)
    out = set()
    for w in _words(core):
        if w in _STOP or _country(w, known_countries):
            continue
        out.add(_SPELLING.get(w, w))
    return frozenset(out)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w\-]*", name)).lower()


# ---------------------------------------------------------------------------------------------
# In an article


@dataclass(frozen=True)
class _Body:
    name: str
    start: int
    words: frozenset[str]
    side: str | None
    owner: str | None  # "army" in "the army's Strategic Communications Centre"


class ArticleSources:
    """Resolves the sources of one article's claims against what the article names."""

    def __init__(self, article: Article, claims: list[Claim], countries: set[str]):
        self.article = article
        self.claims = claims
        self.countries = self._countries(article.text, countries)
        self.bodies = self._bodies(article, claims)

    @staticmethod
    def _countries(text: str, extra: set[str]) -> set[str]:
        """Country names the article uses: known ones, and any name whose demonym it also uses
        ("Dravania" beside "Dravanian")."""
        caps = set(re.findall(r"\b[A-Z][a-z]{3,}\b", text))
        found = {c for c in caps if any(d in caps for d in (c + "n", c + "ian", c[:-1] + "ian",
                                                            c + "i", c[:-1] + "ese"))}
        return found | {c for c in extra if c in caps}

    def _body(self, name: str, start: int) -> _Body:
        name = _undescribed(name)
        _, owner = _owner_split(name, self.countries)
        return _Body(name, start, _content_words(name, self.countries),
                     side_from_words(name, self.countries), owner and owner.lower())

    def _bodies(self, article: Article, claims: list[Claim]) -> list[_Body]:
        found = []
        for m in _ORG_PHRASE.finditer(article.text):
            phrase = m.group().strip()
            if is_org(phrase) and len(phrase) > 3:
                found.append(self._body(phrase, m.start()))
        for c in claims:
            if c.source_kind == "named" and is_org(c.source) and not _person_in(c.source):
                start = c.source_start if c.source_start is not None else c.start
                found.append(self._body(c.source, start))
        return [b for b in found if b.words]

    def resolve_body(self, ref: str, at: int) -> str:
        """The fullest body this article names that `ref` ("the ministry", "NDRA", "its")
        refers to; `ref` itself when there is none."""
        ref = _DETERMINERS.sub("", ref.strip())
        if ref.lower() in _PRONOUNS | {"its", "their"} or not ref:
            before = [b for b in self.bodies if b.start < at]
            return _DETERMINERS.sub("", before[-1].name) if before else ref
        words = _content_words(ref, self.countries)
        side = side_from_words(ref, self.countries)
        acronym = ref.replace(".", "") if re.fullmatch(r"[A-Z.]{2,8}", ref) else None
        generic = ref.lower() if ref.lower() in GENERIC_STATE else None
        best: _Body | None = None
        for b in self.bodies:
            if side and b.side and side != b.side:
                continue
            fits = (acronym and _acronym(b.name) == acronym.lower() and len(b.words) > 1) or (
                words and (words < b.words or (words == b.words and side is None and b.side))) \
                or (generic and b.owner == generic)  # "the army" -> "the army's X Centre"
            if not fits:
                continue
            # the most specific; then one that says its side; then the nearest before the claim
            rank = (len(b.words), b.side is not None, b.start < at, -abs(at - b.start))
            if best is None or rank > (len(best.words), best.side is not None, best.start < at,
                                       -abs(at - best.start)):
                best = b
        return _DETERMINERS.sub("", best.name) if best else ref

    def context(self, claim: Claim) -> tuple[str | None, str | None, str | None, str | None]:
        """(source name, role, body spoken for, side) for one claim."""
        if claim.source_kind == "reporter" or claim.source == "reporter":
            return self.article.outlet, None, None, None
        words = claim.source_text or claim.source
        at = claim.source_start if claim.source_start is not None else claim.start
        if claim.source_kind == "unnamed" or claim.source == "unnamed":
            text = claim.source_text or "unnamed"
            if text.lower() in _PRONOUNS:
                text = "unnamed"
            return text, None, None, side_from_words(text, self.countries)
        name = _DETERMINERS.sub("", claim.source.strip())
        role, body = _role_and_body(words, name)
        person = _person_in(name)
        if person:
            name = person
            if body:
                body = self.resolve_body(body, at)
        elif is_org(name):
            name = self.resolve_body(_undescribed(name), at)
        elif _country(name, self.countries):
            # "Dravania says...": the one body of that country the article names
            country = _country(name, self.countries)
            mine = {_DETERMINERS.sub("", b.name) for b in self.bodies if b.side == country}
            if len(mine) == 1:
                name = mine.pop()
        elif not _TITLES.sub("", name + " ").strip(" ,"):
            # a role without a name ("the regional governor"): the person the article gave it
            name = self._person_with_role(role, at) or name
        else:
            name = _person_name(name)
            if body:
                body = self.resolve_body(body, at)
        side = side_from_words(" ".join(x for x in (words, name, body) if x), self.countries)
        return name, role, body, side

    def _person_with_role(self, role: str | None, at: int) -> str | None:
        """The one named person the article gives this role ("the regional governor" ->
        "Stepan Orlav", named as "Ostrel regional governor Stepan Orlav")."""
        if not role:
            return None
        found = set()
        for c in self.claims:
            r, _ = _role_and_body(c.source_text or c.source, c.source)
            person = _person_in(c.source) or _person_name(c.source)
            if r == role and person[:1].isupper() and not is_org(person) and \
                    _TITLES.sub("", person + " ").strip():
                found.add(person)
        return found.pop() if len(found) == 1 else None


_DESCRIBED = re.compile(r"^(?:[a-z][\w\-]*\s+){1,3}([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)$")


def _undescribed(name: str) -> str:
    """The name without the words that describe it: "Frontline Medics International" from
    "aid group Frontline Medics International", "Velikhorsk24" from "local news site
    Velikhorsk24" (not "the army's ...": an owner stays)."""
    m = _DESCRIBED.match(name)
    return m.group(1) if m and not _OWNER_PREFIX.match(name) else name


def _person_in(name: str) -> str | None:
    """The person in a name that holds a role: "Timur Zhelvakov" in "Ministry spokesman Maj.
    Gen. Timur Zhelvakov"; None when there is no role word followed by a name."""
    low = name.lower()
    for role in SPEAKING_ROLES + OWN_ROLES:
        m = re.search(rf"\b{re.escape(role)}\b", low)
        if m:
            rest = _person_name(name[m.end():].strip(" ,"))
            if rest and rest[0].isupper() and not is_org(rest):
                return rest
    return None


def _role_and_body(words: str, name: str) -> tuple[str | None, str | None]:
    """The role and body in a source's words: ("spokesman", "Russian Defense Ministry") from
    "Russian Defense Ministry spokesman Igor Konashenkov"; ("minister", "Defence Ministry") from
    "Defence Minister Lev Kastorin"; ("head", "mission") from "the head of the mission, X".
    "former" before a role means the person no longer speaks for anyone."""
    low = words.lower()
    for role in SPEAKING_ROLES + OWN_ROLES:
        m = re.search(rf"\b{re.escape(role)}\b", low)
        if not m:
            continue
        if role in OWN_ROLES or re.search(r"\b(?:former|ex-|retired)\b", low[:m.start()]):
            return role, None
        before = words[:m.start()].strip(" ,")
        after = words[m.end():]
        of = re.match(r"\s+(?:of|for|at)\s+(?:the\s+)?([^,]+?)(?:,|$)", after)
        body = None
        if of and not of.group(1).strip().startswith(name.split()[0]):
            body = of.group(1).strip()
        elif before:
            # "Kestrel's lead", "the council's", "Russian Defense Ministry", "its"
            body = re.sub(r"['’]s$", "", re.sub(r"\s+(?:lead|deputy|senior|chief|acting)$", "",
                                                before)).strip()
        if role in ("minister", "deputy minister") and body:
            body = re.sub(r"\bminister\b", "Ministry", body, flags=re.I)
            if "ministry" not in body.lower():
                body += " Ministry"
        if body:
            bare = _TITLES.sub("", _DETERMINERS.sub("", body) + " ").strip()
            if not (is_org(body) or body.lower() in ("its", "their")
                    or re.fullmatch(r"[A-Z.]{2,8}", bare) or re.search(r"\b[A-Z]", bare)):
                body = None  # "regional head", "former commander": no body named
        return role, body
    return None, None


def _person_name(name: str) -> str:
    stripped = _TITLES.sub("", name + " ").strip(" ,")
    return stripped or name


def article_source_contexts(article: Article, claims: list[Claim], countries: set[str]
                            ) -> list[tuple[str | None, str | None, str | None, str | None]]:
    resolver = ArticleSources(article, claims, countries)
    return [resolver.context(c) for c in claims]


# ---------------------------------------------------------------------------------------------
# Across articles


@dataclass(frozen=True)
class SourceMention:
    """A claim's source as its article resolved it, with what clustering needs."""

    kind: str  # reporter | unnamed | named (the claim's source_kind)
    name: str | None
    role: str | None
    speaks_for: str | None
    side: str | None
    outlet: str | None  # the outlet of the original report (first of its near-duplicates)


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str  # outlet | body | person | unnamed | country
    side: str | None
    body_id: str | None
    role: str | None
    voice_id: str
    aliases: tuple[tuple[str, int], ...]
    generic: bool = False  # a country, or its army/government/officials with no other name


BodyKey = tuple[frozenset, str | None]  # (own words, side)


class SourceIndex:
    """Clusters source mentions into entities: `add` every mention, then `build`, then
    `entity_of(mention)`."""

    def __init__(self, similarity: float = 88, countries: set[str] | None = None):
        self.similarity = similarity
        self.countries = set(countries or ())
        self.mentions: Counter = Counter()
        self._of: dict[SourceMention, str] = {}
        self.entities: dict[str, Entity] = {}

    def add(self, mention: SourceMention) -> None:
        self.mentions[mention] += 1

    def _kind(self, m: SourceMention) -> str:
        if m.kind == "reporter" or m.name is None:
            return "outlet"
        if m.kind == "unnamed":
            return "unnamed"
        if is_org(m.name):
            return "body"
        if _country(m.name, self.countries):
            return "country"
        return "person"

    def _side(self, m: SourceMention) -> str | None:
        return m.side or side_from_words(" ".join(x for x in (m.name, m.speaks_for) if x),
                                          self.countries)

    def _body_key(self, name: str, side: str | None) -> BodyKey:
        return _content_words(name, self.countries), side

    def build(self) -> dict[str, Entity]:
        groups: dict[str, list[SourceMention]] = defaultdict(list)
        bodies: dict[BodyKey, list[SourceMention]] = defaultdict(list)
        persons: list[SourceMention] = []
        refs: list[tuple[BodyKey, SourceMention]] = []  # bodies people speak for
        for m in self.mentions:
            kind = self._kind(m)
            if kind == "outlet":
                groups["outlet:" + names.key(_DETERMINERS.sub("", m.outlet or "unknown outlet"))
                       ].append(m)
            elif kind == "unnamed":
                groups["unnamed:" + names.key(m.outlet or "") + ":" + names.key(m.name)].append(m)
            elif kind == "country":
                groups["country:" + names.key(_country(m.name, self.countries))].append(m)
            elif kind == "body":
                bodies[self._body_key(m.name, self._side(m))].append(m)
            else:
                persons.append(m)
            if m.speaks_for:
                ref = SourceMention("named", m.speaks_for, None, None, self._side(m), m.outlet)
                refs.append((self._body_key(m.speaks_for, self._side(m)), ref))
        for key, ref in refs:  # a body only its spokesman names is a body all the same
            if key[0] and not bodies.get(key):
                bodies[key].append(ref)
        self._body_target = self._merge_bodies(bodies)
        for key, ms in bodies.items():
            words, side = self._body_target[key]
            groups[f"body:{side or ''}:" + " ".join(sorted(words))].extend(ms)
        for key, ms in self._merge_persons(persons).items():
            groups[key].extend(ms)
        taken: set[str] = set()
        self._key_id: dict[str, str] = {}
        for key in sorted(groups, key=lambda k: (-sum(self.mentions[m] for m in groups[k]), k)):
            self._entity(key, groups[key], taken)
        self._link_people()
        return self.entities

    def _entity(self, key: str, ms: list[SourceMention], taken: set[str]) -> None:
        kind = key.split(":", 1)[0]
        name = self._display(kind, ms)
        if kind == "unnamed":
            base = "unnamed-" + names.slug((ms[0].outlet or "") + "-" + name)
        elif kind == "outlet":
            base = "outlet-" + names.slug(name)
        else:
            base = names.slug(name)
        eid, n = base, 2
        while eid in taken:
            eid, n = f"{base}-{n}", n + 1
        taken.add(eid)
        self._key_id[key] = eid
        sides: Counter = Counter()
        aliases: Counter = Counter()
        for m in ms:
            self._of[m] = eid
            side = self._side(m) if kind != "outlet" else None
            if side:
                sides[side] += self.mentions[m] + 0.5  # a spokesman's body counts too
            if self.mentions[m]:
                aliases[m.name or m.outlet or "unknown outlet"] += self.mentions[m]
        side = key.split(":")[1] if kind == "body" and key.split(":")[1] else (
            sides.most_common(1)[0][0] if sides else None)
        generic = kind == "country" or (kind == "body" and set(key.split(":", 2)[2].split())
                                        <= GENERIC_STATE)
        self.entities[eid] = Entity(eid, name, kind, side, None, None, eid,
                                    tuple(aliases.most_common()), generic)

    def _merge_bodies(self, bodies: dict[BodyKey, list]) -> dict[BodyKey, BodyKey]:
        """Each body -> the body it is: itself; or, for one that names no side, the one body
        of the same words that does ("Ministry of Defence" -> Dravania's, when no other
        country's ministry of defence is named); or the one body whose words hold all of its
        own ("General Staff" -> "General Staff of the Solvarian Armed Forces")."""
        keys = [k for k in bodies if k[0]]
        having: dict[str, set] = defaultdict(set)  # word -> keys with that word
        for k in keys:
            for w in k[0]:
                having[w].add(k)
        out: dict[BodyKey, BodyKey] = {}
        for k in bodies:
            words, side = k
            target = k
            # only keys holding all of these words can be this body or contain it
            holding = set.intersection(*(having[w] for w in words)) if words else set()
            if side is None:
                sided = {o for o in holding if o[0] == words and o[1] is not None}
                if len(sided) == 1:
                    target = sided.pop()
            if target == k and words and not words <= GENERIC_STATE:
                # ("the military" is not part of "military administration")
                bigger = [o for o in holding if words < o[0]
                          and (o[1] == target[1] or target[1] is None or o[1] is None)]
                top = [o for o in bigger if not any(o[0] < p[0] for p in bigger)]
                sided = [o for o in top if o[1]]
                if len(top) == 1:
                    target = top[0]
                elif len({o[0] for o in top}) == 1 and len(sided) == 1:
                    target = sided[0]  # the same body with and without its side named
            out[k] = target
        # a merged body may itself have merged: follow to the end
        for k in out:
            seen = {k}
            while out.get(out[k], out[k]) != out[k] and out[k] not in seen:
                seen.add(out[k])
                out[k] = out[out[k]]
        return out

    def _merge_persons(self, persons: list[SourceMention]) -> dict[str, list[SourceMention]]:
        """People by surname skeleton; a first name must agree when both have one."""
        groups: list[tuple[str, str | None, list[SourceMention]]] = []  # surname, first, ms
        blocks: dict[str, list[int]] = defaultdict(list)  # surname block -> group numbers
        for m in sorted(persons, key=lambda m: (-len(m.name.split()), m.name)):
            parts = m.name.split()
            surname, first = parts[-1], (parts[0] if len(parts) > 1 else None)
            block = blocks[names.block_key(surname)]
            for i in block:
                s, f, ms = groups[i]
                if names.same_name(s, surname, self.similarity) and (
                        first is None or f is None or names.same_name(f, first, 80)
                        or (min(len(names.key(f)), len(names.key(first))) == 1
                            and names.skeleton(f)[:1] == names.skeleton(first)[:1])):
                    ms.append(m)
                    if f is None and first is not None:
                        groups[i] = (s, first, ms)
                    break
            else:
                block.append(len(groups))
                groups.append((surname, first, [m]))
        return {f"person:{names.skeleton(s)}:{names.skeleton(f) if f else ''}:{i}": ms
                for i, (s, f, ms) in enumerate(groups)}

    def _display(self, kind: str, ms: list[SourceMention]) -> str:
        count = Counter()
        for m in ms:
            n = (m.outlet if kind == "outlet" else m.name) or "unknown outlet"
            count[n] += self.mentions[m]
        if kind == "outlet":
            return max(count, key=lambda n: (count[n], not n.lower().startswith("the "), n))
        if kind == "person":
            # the fullest name most used: "Sergei Shoigu" over "Shoigu"
            return max(count, key=lambda n: (len(n.split()) > 1, count[n], len(n)))
        if kind == "body":
            # a name that says whose body it is ("Dravania's Defence Ministry") first
            return max(count, key=lambda n: (len(_content_words(n, self.countries)),
                                             bool(side_from_words(n, self.countries)),
                                             n[:1].isupper(), count[n], len(n)))
        return max(count, key=lambda n: (count[n], len(n)))

    def _link_people(self) -> None:
        """A person speaking for a body counts as that body; people take their body's side."""
        votes: dict[str, Counter] = defaultdict(Counter)
        roles: dict[str, Counter] = defaultdict(Counter)
        for m, eid in self._of.items():
            if self.entities[eid].kind != "person":
                continue
            if m.speaks_for:
                key = self._body_target.get(self._body_key(m.speaks_for, self._side(m)))
                body = self._key_id.get(f"body:{key[1] or ''}:" + " ".join(sorted(key[0]))) \
                    if key else None
                if body:
                    votes[eid][body] += self.mentions[m]
            if m.role:
                roles[eid][m.role] += self.mentions[m]
        for eid in set(votes) | set(roles):
            e = self.entities[eid]
            role = roles[eid].most_common(1)[0][0] if roles[eid] else None
            body = votes[eid].most_common(1)[0][0] if votes[eid] else None
            speaks = body is not None and (role is None or role in SPEAKING_ROLES)
            side = e.side or (self.entities[body].side if body else None)
            self.entities[eid] = Entity(e.id, e.name, e.kind, side, body, role,
                                        body if speaks else e.id, e.aliases, e.generic)

    def entity_of(self, mention: SourceMention) -> Entity:
        return self.entities[self._of[mention]]
