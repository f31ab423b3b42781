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
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import (_ACRONYM, CHANNELS, CONTENT_DEPS, CUE_VERBS, DOCUMENT_NOUNS, DOCUMENT_VERBS,
                      EVIDENCE_NOUNS, FINDERS, MEDIA, NOUN_CUES, ORG_WORDS, PLACE_NOUNS, PRONOUNS,
                      PUBLISHED_NOUNS, RECEIVED_NOUNS, REPORTED_ADVERBS, ROLE_WORDS,
                      SPEAKING_DOCUMENTS, SUBORDINATORS, TIME_WORDS, TOLL_CUES, TOLL_NOUNS,
                      WEAK_CUES)
from .mentions import (Mention, are_respondents, can_claim, classify, mention_for, np_tokens,
                       span_text)


@dataclass(frozen=True)
class Frame:
    """One attribution in a sentence: the cue, what it governs, who and through what."""

    cue: Token  # the cue verb, or "according"
    scope: Token  # the clause whose subtree is attributed (the cue verb itself, usually)
    source: Mention | None  # None: the subject is missing (passive without agent)
    via: str | None
    kind: str  # verb | according | noun | adverb
    whole_sentence: bool = False  # "according to X" and inverted "..., X said": the sentence
    source_tok: Token | None = None  # the head of the source phrase in the sentence
    document: str | None = None  # "poll" in "a Quinnipiac poll found": the owner speaks through it


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in verb.children:  # a parse slip: the subject hung on the auxiliary
        if c.dep_ == "aux":
            for cc in c.children:
                if cc.dep_ == "nsubj":
                    return cc
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
        if not can_claim(subj):
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
    text = span_text(toks)
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
        return span_text(tail) if tail else None
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
                c.pos_ == "NUM" or any(t.pos_ == "NUM" for t in c.children)) and not any(
                (p.dep_ == "prt" and p.lower_ in ("on", "up", "off")) or
                (p.dep_ == "prep" and p.lower_ == "on") for p in verb.children):
            return True  # "put 5,937 dead"; not "the index put on 0.1 percent"
    # "put his net worth at $45 billion", "pegged the damage at 2 million": an estimate
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "at" and any(
                t.pos_ == "NUM" or t.like_num for t in c.subtree):
            return True
    return False


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
        if subj is not None and are_respondents(subj):
            # "72 percent believe ...", "those surveyed say ...": a poll's respondents; the poll
            # is the source when the article has named one (see Discourse.resolve)
            frames.append(Frame(tok, tok, Mention("respondents", span_text(np_tokens(subj)),
                                                  "respondents"), None, "verb",
                                source_tok=subj))
            continue
        if subj is not None and not can_claim(subj):
            # "the exchange saying ...": a parse slip; a thing does not speak
            subj = _borrowed_subject(tok.head) if tok.head != tok and tok.dep_ in (
                "ccomp", "advcl", "xcomp", "conj") else None
            if subj is not None and not can_claim(subj):
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
        if owner is None or not can_claim(owner) or owner.lower_ in TIME_WORDS:
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
            # "figures released by the NDMA", "images taken on Monday and analysed by X"
            for verb in [c] + [cc for cc in c.children if cc.dep_ == "conj"]:
                for cc in verb.children:
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
        elif head.i in by_cue and _is_content(node) and not _semicolon_between(token, head):
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
    if first.kind == "according" and first.source is not None and first.source.kind == "document":
        # "The Air Force says ..., according to preliminary figures": the figures are its own
        speaking = [f for f, through in covering[1:] if f.kind == "verb" and f.source is not None
                    and f.cue.lemma_.lower() not in WEAK_CUES]
        if speaking:
            return speaking[0]
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
