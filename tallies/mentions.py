"""Claimants as an article names them: the noun phrase of a source, its kind (person,
organisation, anonymous, document...), and the discourse that resolves later mentions ("he",
"the ministry", a surname, an acronym, "the statement") to the claimant they name.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from .lexicon import (_ACRONYM, ANON_HEADS, CLAIMANT_NOUNS, COUNTRIES, DOCUMENT_NOUNS, GENERIC_REFS,
                      NOT_CLAIMANTS, ORG_WORDS, PRONOUNS, RESPONDENT_HEADS, ROLE_WORDS, WH_WORDS)


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


def span_text(toks: list[Token]) -> str:
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
    text = span_text(toks)
    plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "authorities")
    lemma = head.lemma_.lower()
    if len(toks) == 1 and head.lower_ in PRONOUNS:
        return "pronoun", head.text, PRONOUNS[head.lower_] == "group"
    name = _name_part(toks)
    has_org_word = any(w in ORG_WORDS for w in words)
    if name and (len(name) >= 2 or any(t.lower_ in ROLE_WORDS for t in toks)) \
            and name[-1].lower_ not in COUNTRIES and not _ACRONYM.match(name[-1].text):
        return "person", span_text(name), False
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
    text = span_text(toks)
    if len(toks) > 1 and toks[0].lower_ in ("its", "their", "his", "her", "our") and kind != "pronoun":
        name = span_text(toks[1:]) if name == text else name
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
            text = span_text(whole)
            start = offset + whole[0].idx
            via = m.via or ("Telegram" if any(t.lower_ == "telegram" for t in whole) else None)
            return replace(m, text=text, start=start, end=start + len(text), via=via)
    m = make_mention(toks, offset)
    if named and m.via is None and any(t.lower_ == "telegram" for a in named for t in a.subtree):
        m = replace(m, via="Telegram")  # "Frontline Ledger, a pro-war Telegram channel, said"
    if named and m.kind == "person":
        whole = np_tokens(head, keep_appos=True)
        text = span_text(whole)
        return replace(m, text=text, end=m.start + len(text))
    return m


def are_respondents(tok: Token) -> bool:
    if tok.lemma_.lower() in RESPONDENT_HEADS or tok.lower_ in RESPONDENT_HEADS:
        return True
    # "those surveyed", "those polled"
    return tok.lower_ in ("those", "people", "voters", "americans", "adults") and any(
        c.dep_ == "acl" and c.lemma_.lower() in ("survey", "poll", "ask", "question", "interview")
        for c in tok.children)


def can_claim(tok: Token) -> bool:
    if any(t.tag_ in ("VBZ", "VBD", "VBP") for t in tok.lefts):
        return False  # a headline read as a name: "Brodets buries market victims"
    return _can_claim(tok)


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
                if any(w not in prev.words for w in words[:-1]):
                    continue  # "the Solvarian military" is not "Dravania's Defence Ministry"
                if head in prev.words or (related and related & set(prev.words)):
                    if prev.kind in ("org", "group", "person", "unknown", "anon") and len(prev.words) > len(words):
                        return prev
                if related is not None and not related and prev.kind in ("org",) and head in (
                        "group", "organization", "organisation"):
                    return prev
        # the same name said again, shorter: "the Observatory" after "the Syrian Observatory..."
        if not definite and len(words) == 1 and m.kind in ("unknown", "org") \
                and words[0] not in COUNTRIES:
            for prev in reversed(self.mentions):
                # its own name said shorter: the head or the first word of the earlier name
                if len(prev.words) > 1 and prev.kind in ("org", "person") and \
                        words[0] in (prev.head, prev.words[0]):
                    return prev
        return None
