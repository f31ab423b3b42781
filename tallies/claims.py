"""Article -> Claims: every figure with its measure, what it counts, who claims it and whether it
is a running total.

The steps, per article: split sentences (text.py); find number phrases by pattern
(amounts.py); parse only the sentences that hold a figure or an attribution cue; read the
attribution frames of each parsed sentence and resolve their sources against what the article
said before (attribution.py); read each figure's measure from the parse (measures.py); carry a
source across the sentences of a quotation or a paragraph; mark running totals.
"""
from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from spacy.tokens import Doc, Token

from . import amounts as amt
from .attribution import Frame, find_frames, frame_for
from .lexicon import DOCUMENT_NOUNS
from .mentions import Discourse, Mention
from .errors import TalliesError
from .measures import MeasureReading, find_measure
from .records import Amount, Article, Claim, ExtractResult, Failure
from .settings import Settings
from .text import Sentence, load_pipeline, split_sentences

# Words that make a sentence worth parsing even without a figure: they may name a source that
# a later sentence refers back to ("he said", "the ministry added").
CUE_WORDS = re.compile(
    r"\b(?:sa(?:id|ys?|ying)|t(?:old|ells?|elling)|according|announc(?:ed|es?|ing)|"
    r"report(?:ed|s|ing)?|claim(?:ed|s|ing)?|stat(?:ed|es|ing|ement)|add(?:ed|s|ing)|"
    r"wr(?:ote|ites?|iting)|post(?:ed|s|ing)|tweet(?:ed|s|ing)?|confirm(?:ed|s|ing)|"
    r"estimat(?:ed|es?|ing)|quot(?:ed|es?|ing)|declar(?:ed|es?|ing)|not(?:ed|es|ing)|"
    r"warn(?:ed|s|ing)|insist(?:ed|s|ing)|accus(?:ed|es?|ing)|alleg(?:ed|es?|ing)|"
    r"reveal(?:ed|s|ing)|disclos(?:ed|es?|ing)|publish(?:ed|es|ing)|indicat(?:ed|es?|ing)|"
    r"explain(?:ed|s|ing)|sp(?:oke|eaks?|eaking)|brief(?:ed|s|ing)|testifi(?:ed|es)|"
    r"count(?:ed|s|ing)|record(?:ed|s|ing)|register(?:ed|s|ing)|cit(?:ed|es?|ing)|"
    r"put|placed|show(?:s|ed|n)?|f(?:ound|inds)|reportedly|allegedly)\b",
    re.I)

PRONOUN_CUE = re.compile(r"\b(?:he|she|they|it)\b", re.I)

_WARISH = (r"(?:war|conflict|invasion|fighting|insurgency|offensive|hostilities|occupation|"
           r"campaign|operation|uprising|siege|year|season|crisis|pandemic|outbreak|monsoon)")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
# Running totals: a count over a period that spans many incidents, not one incident's toll.
CUMULATIVE_PATTERNS = re.compile(
    r"\b(?:so far this year|this year alone|year to date|year-to-date|cumulative|running total"
    r"|since (?:the )?(?:start|beginning|outbreak|onset) of (?:the |its |this |their )?(?:\w+ ){0,3}?"
    + _WARISH +
    r"|since (?:the|its|their|this) (?:[\w.]+ ){0,3}?" + _WARISH +
    r"|since (?:it|the war|the conflict|the invasion|fighting) (?:began|started|broke out)"
    r"|(?:throughout|during|over the course of) the (?:\w+ )?(?:war|conflict|invasion)"
    r"|in the (?:\w+ )?(?:war|conflict|invasion) so far"
    r"|over the (?:past|last) (?:\w+ )?(?:years?|months|decades?)"
    r"|since (?:(?:early|late|mid)[- ])?" + _MONTH + r"(?: \d{1,2})?(?:,? \d{4})?"
    r"|since \d{1,2} " + _MONTH + r"|since (?:19|20)\d\d)\b",
    re.I)
# Periods that make a running total only with a word of counting ("AOAV recorded 867 ...
# last year"); "Maria killed thousands last year" is one event.
PERIOD_PATTERNS = re.compile(
    r"\b(?:this year|last year|in (?:19|20)\d\d|during (?:19|20)\d\d|in the (?:past|last) year"
    r"|so far|to date|thus far)\b", re.I)
ABOUT_VERBS = {"speak", "talk", "write", "know", "hear", "read", "learn", "ask", "worry",
               "care", "think", "complain", "joke", "boast", "brag", "tweet", "post", "argue"}
CHANGE_NOUNS = {"increase", "rise", "drop", "decrease", "jump", "fall", "decline", "gain",
                "surge", "reduction", "climb", "addition"}
QUOTE_OPENERS = ('"', "“", "«", "‘", "'")
METHOD_VERBS = {"interview", "survey", "poll", "question", "consult", "sample", "contact"}
WAR_NOUNS = {"war", "conflict", "invasion", "fighting", "insurgency", "violence", "campaign",
             "offensive", "uprising", "occupation", "crisis", "siege", "war's", "conflict's"}
RECORD_WORDS = {"recorded", "registered", "documented", "total", "overall", "annual", "tally",
                "in all", "altogether", "cumulative", "statistics"}


@dataclass
class _Parsed:
    """A sentence, its figures and, when parsed, its doc and frames."""

    sentence: Sentence
    candidates: list[Amount]
    doc: Doc | None = None
    frames: list[Frame] = field(default_factory=list)
    quote_depth_start: int = 0  # quotation marks open when the sentence begins
    quote_depth_end: int = 0


class Extractor:
    """Extract claims from articles with one loaded pipeline. Reuse it: loading costs ~1 s."""

    def __init__(self, settings: Settings | None = None, nlp=None):
        self.settings = settings or Settings.load()
        self.nlp = nlp if nlp is not None else load_pipeline(tuple(self.settings.model["names"]))
        self.batch_size = int(self.settings.model["batch_size"])

    # -- public -------------------------------------------------------------------------------

    def extract(self, text: str, doc_id: str = "text", published: str | None = None,
                title: str | None = None) -> list[Claim]:
        """The claims in one text."""
        article = Article(id=doc_id, text=text, published=published, title=title)
        result = next(self.extract_many([article]))
        if result.failure is not None and result.failure.kind == "error":
            raise TalliesError(result.failure.reason)
        return list(result.claims)

    def extract_many(self, articles: Iterable[Article], chunk: int = 32) -> Iterator[ExtractResult]:
        """Claims for each article, in order. Sentences of `chunk` articles are parsed in one
        batch; an article that fails gives a result with its reason and the rest go on."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= chunk:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    # -- internals ------------------------------------------------------------------------------

    def _run(self, articles: list[Article]) -> Iterator[ExtractResult]:
        prepared = []
        to_parse: list[tuple[int, int]] = []
        max_chars = int(self.settings.extract["max_chars"])
        for a_i, article in enumerate(articles):
            try:
                text = article.text[:max_chars]
                parsed = _prepare(text)
            except Exception as exc:  # a bad article must not stop the batch
                prepared.append(exc)
                continue
            prepared.append(parsed)
            wanted = set()
            for s_i, p in enumerate(parsed):
                if p.candidates or CUE_WORDS.search(p.sentence.text):
                    wanted.add(s_i)
                    if s_i and PRONOUN_CUE.search(p.sentence.text):
                        # "He said ...": the sentence before may name him
                        wanted.add(s_i - 1)
            to_parse.extend((a_i, s_i) for s_i in sorted(wanted))
        texts = [prepared[a][s].sentence.text for a, s in to_parse]
        for (a, s), doc in zip(to_parse, self.nlp.pipe(texts, batch_size=self.batch_size)):
            prepared[a][s].doc = doc
        limit = float(self.settings.extract["time_limit"])
        for article, parsed in zip(articles, prepared):
            name = article.origin or article.id
            if isinstance(parsed, Exception):
                yield ExtractResult(article, (), Failure(name, f"could not be read: {parsed}"))
                continue
            try:
                with _time_limit(limit):
                    claims = _article_claims(article, parsed, self.settings)
            except ArticleTimeout:
                yield ExtractResult(article, (), Failure(
                    name, f"gave up after the {limit:g} s time limit (extract.time_limit)"))
                continue
            except Exception as exc:  # recorded with its reason; the batch goes on
                yield ExtractResult(article, (), Failure(
                    name, f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            note = None
            if len(article.text) > max_chars:
                note = Failure(name, f"only the first {max_chars:,} of {len(article.text):,} "
                                     "characters were read (extract.max_chars)", kind="warning")
            yield ExtractResult(article, tuple(claims), note)


class ArticleTimeout(Exception):
    """One article took longer than extract.time_limit."""


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after `seconds` (SIGALRM, main thread on Unix); elsewhere the
    block runs to the end. Parsing time is bounded by extract.max_chars instead."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _prepare(text: str) -> list[_Parsed]:
    out = []
    depth_by_paragraph: dict[int, int] = {}
    for s in split_sentences(text):
        depth = depth_by_paragraph.get(s.paragraph, 0)
        opens = s.text.count("“") + s.text.count("«") + s.text.count("``")
        closes = s.text.count("”") + s.text.count("»")
        straight = s.text.count('"') + s.text.count("''")
        end_depth = max(0, depth + opens - closes)
        if straight % 2:
            end_depth = 0 if depth else 1
        depth_by_paragraph[s.paragraph] = end_depth
        out.append(_Parsed(s, amt.find_amounts(s.text), quote_depth_start=depth,
                           quote_depth_end=end_depth))
    return out


# ---------------------------------------------------------------------------------------------
# One article.

def _article_claims(article: Article, parsed: list[_Parsed], settings: Settings) -> list[Claim]:
    discourse = Discourse()
    # pass 1: frames, in reading order, resolved against what came before
    for p in parsed:
        if p.doc is None:
            continue
        frames = []
        for f in find_frames(p.doc, p.sentence.start):
            if f.source is not None:
                resolved = discourse.resolve(f.source)
                if resolved.kind == "respondents":
                    continue  # respondents of no named poll: the outlet's figure
                f = replace(f, source=resolved, via=f.via or resolved.via)
                discourse.remember(resolved)
                _remember_documents(f, discourse, p.sentence.start)
            frames.append(f)
        p.frames = frames
        _remember_names(p.doc, p.sentence.start, discourse)
    # pass 2: figures
    claims: list[Claim] = []
    for k, p in enumerate(parsed):
        if not p.candidates or p.doc is None:
            continue
        carried = _carried_frame(parsed, k)
        readings: dict[int, tuple[str, str | None]] = {}
        found = [c for c in (_claim(article, p, amount, carried, readings, k, settings)
                             for amount in p.candidates) if c is not None]
        if any(c.source_text == "official" for c in found):
            # "the official toll stood at 140, while another 360 were listed as wounded"
            found = [replace(c, source="unnamed", source_text="official", source_kind="unnamed")
                     if c.source == "reporter" else c for c in found]
        claims.extend(found)
    if not settings.extract["include_reporter"]:
        claims = [c for c in claims if c.source != "reporter"]
    return claims


def _remember_documents(frame: Frame, discourse: Discourse, offset: int) -> None:
    """ "X said in a statement": a later "the statement added" is X speaking; "a Quinnipiac
    poll found": a later "the poll" is Quinnipiac's."""
    cue = frame.cue
    if frame.document and frame.source is not None:
        discourse.remember_document(frame.document, frame.source)
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "through"):
            for p in c.children:
                if p.dep_ == "pobj" and (p.lemma_.lower() in DOCUMENT_NOUNS or p.lemma_.lower() in (
                        "post", "briefing", "communique", "tweet", "message", "letter")):
                    discourse.remember_document(p.lemma_.lower(), frame.source)
    if frame.source is not None and frame.source.kind not in ("document", "pronoun"):
        for noun in ("study", "report", "survey", "count", "tally", "data", "figures",
                     "estimate", "statement", "analysis", "research"):
            if noun in frame.source.text.lower().split():
                discourse.remember_document(noun, frame.source)


def _remember_names(doc: Doc, offset: int, discourse: Discourse) -> None:
    """People named as subjects are antecedents for a later "he said" even when they are not
    yet sources."""
    from .mentions import make_mention, np_tokens

    known = {m.start for m in discourse.mentions}
    for tok in doc:
        if tok.pos_ == "PROPN" and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos",
                                                "conj", "attr"):
            m = make_mention(np_tokens(tok), offset)
            if m.kind == "person" and m.start not in known:
                discourse.remember(m)


def _carried_frame(parsed: list[_Parsed], k: int) -> Frame | None:
    """The frame a sentence without its own cue inherits: the speaker of the quotation it is
    inside ("...," the ministry said, or X said: "..."). A paragraph's previous sentence does
    not lend its source: measured on the dev and held-out sets, that cost more than it gave."""
    p = parsed[k]
    para = p.sentence.paragraph
    if p.sentence.text[:1] in QUOTE_OPENERS and not any(
            f.kind == "verb" and f.source is not None and f.source.kind != "speaker"
            for f in p.frames):
        # a quoted sentence of its own right after another quote by a named speaker:
        # '"... they have killed many," Musab said. "We have counted 63 dead bodies."'
        for q in reversed(parsed[:k]):
            if q.sentence.paragraph != para:
                break
            speaking = [f for f in q.frames if f.source is not None and f.kind == "verb"
                        and f.source.kind != "speaker"]
            if speaking and q.sentence.text[:1] in QUOTE_OPENERS:
                return speaking[-1]
            break
    if not (p.quote_depth_start > 0 or p.quote_depth_end > 0):
        return None
    for q in parsed[k + 1:]:
        if q.sentence.paragraph != para:
            break
        speaking = [f for f in q.frames if f.source is not None and f.kind == "verb"]
        if speaking:
            return speaking[0]
        if q.quote_depth_end == 0:
            break
    if p.quote_depth_start > 0:
        for q in reversed(parsed[:k]):
            if q.sentence.paragraph != para:
                break
            speaking = [f for f in q.frames if f.source is not None and f.kind == "verb"]
            if speaking:
                return speaking[-1]
            if q.quote_depth_start == 0:
                break
    return None


def _figure_token(doc: Doc, amount: Amount) -> Token | None:
    span = doc.char_span(amount.num_start, amount.num_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _hedge_is_preposition(doc: Doc, amount: Amount) -> bool:
    """ "spoke about 400 killed": `about` is the verb's preposition, not a hedge."""
    if not amount.hedge or amount.hedge_start is None:
        return False
    span = doc.char_span(amount.hedge_start, amount.num_start, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    first = span[0]
    if first.lower_ not in ("about", "over", "around", "under", "some", "below", "above"):
        return False
    prev = doc[first.i - 1] if first.i > 0 else None
    if first.lower_ == "about" and prev is not None and prev.pos_ in ("VERB", "AUX") and \
            prev.lemma_.lower() in ABOUT_VERBS:
        # "talked about 400 killed": the verb's preposition, whatever the parser says
        return True
    if first.dep_ == "prep" and first.head.lower_ in amt.PREPOSITION_HEADS:
        return True
    return prev is not None and first.dep_ == "prep" and prev.lower_ in amt.PREPOSITION_HEADS \
        and first.head is prev


def _claim(article: Article, p: _Parsed, amount: Amount, carried: Frame | None,
           readings: dict[int, tuple[str, str | None]], k: int,
           settings: Settings) -> Claim | None:
    doc, s = p.doc, p.sentence
    tok = _figure_token(doc, amount)
    if tok is None:
        return None
    if _hedge_is_preposition(doc, amount):
        amount = amt.without_hedge(amount)
    span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
    # the phrase's own words, not a verb of passing ("passes 9,850") that is the predicate
    phrase = ({t.i for t in span if t.pos_ not in ("VERB", "AUX")} | {tok.i}) if span is not None \
        else {tok.i}
    reading = find_measure(tok, phrase)
    measure, counted = reading.measure, reading.counted
    if measure is None:
        inherited = _inherit(tok, reading, readings)
        if inherited is not None:
            measure, counted = inherited[0], counted or inherited[1]
    measure = measure or "other"
    readings[tok.i] = (measure, counted)
    if reading.nominal is not None:
        readings.setdefault(reading.nominal.i, (measure, counted))
    if _not_a_figure(tok, amount, measure, reading):
        return None
    # who says it
    frame = frame_for(tok, p.frames)
    if frame is None and carried is not None:
        frame = carried
    elif frame is not None and frame.source is not None and frame.source.kind == "speaker":
        # "We found 14 bodies," the mayor said: "we" is whoever speaks, named by the sentence's
        # own speech cue or by the quotation's
        speaking = [f for f in p.frames if f.kind == "verb" and f.source is not None
                    and f.source.kind != "speaker" and f.whole_sentence]
        frame = speaking[0] if speaking else carried or frame
    source, source_text, kind, via, cue = _source_fields(frame)
    if frame is None and reading.trigger is not None and any(
            c.lower_ in ("official", "officials") and c.dep_ in ("amod", "compound", "poss")
            for t in (reading.trigger, reading.trigger.head) for c in t.children):
        # "the official death toll stood at 140": somebody's figure, nobody named
        source, source_text, kind = "unnamed", "official", "unnamed"
    period = _period(tok, s.text)  # a count over the past day or week is not a running total
    headline = s.index == 0 and (s.heading or (article.title or "").strip() == s.text.strip())
    return Claim(
        doc=article.id, start=s.start + amount.start, end=s.start + amount.end,
        text=article.text[s.start + amount.start:s.start + amount.end],
        value=amount.value, low=amount.low, high=amount.high, qualifier=amount.qualifier,
        measure=measure, counted=counted, source=source, source_text=source_text, via=via,
        cumulative=period is None and _cumulative(tok, s.text, article.published),
        sentence=s.text, period=period,
        sentence_start=s.start,
        source_start=frame.source.start if frame and frame.source else None,
        source_end=frame.source.end if frame and frame.source else None,
        source_kind=kind, cue=cue, unit=amount.unit, headline=headline,
    )


def _source_fields(frame: Frame | None) -> tuple[str, str | None, str, str | None, str | None]:
    """(source, source_text, source_kind, via, cue) for the claim a frame covers."""
    if frame is None:
        return "reporter", None, "reporter", None, None
    cue = frame.cue.text if frame.cue.lower_ != "according" else "according to"
    m: Mention | None = frame.source
    if m is None:
        return "unnamed", None, "unnamed", frame.via, cue
    if m.kind == "anon":
        return m.name, m.text, "unnamed", frame.via, cue
    if m.kind in ("pronoun", "speaker"):
        return "unnamed", m.text, "unnamed", frame.via, cue
    return m.name, m.text, "named", frame.via, cue


def _inherit(tok: Token, reading: MeasureReading,
             readings: dict[int, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """A figure that says nothing of its own takes the measure of the figure it is listed with
    or part of: "One death ..., four from Balochistan", "including 28 children", "2,093 of
    them". Only through noun-phrase links (conjuncts, appositions, prepositions), never across
    a verb."""
    node = reading.nominal or tok
    for _ in range(6):
        if node.head == node or node.dep_ not in ("conj", "appos", "pobj", "prep", "npadvmod",
                                                  "nummod", "compound", "dobj", "nsubj"):
            break
        if node.dep_ in ("dobj", "nsubj") and node.head.pos_ in ("VERB", "AUX"):
            break
        node = node.head
        if node.i in readings:
            return readings[node.i]
    # a figure compared with the one before it: "12 remain missing, down from 27", "an increase
    # of 1,310", "including 1,450 over the past week", "compares with 151,420 a week ago"
    earlier = [i for i in readings if i < tok.i]
    node = reading.nominal or tok
    if earlier and node.dep_ == "pobj":
        prep, gov = node.head, node.head.head
        if (prep.lower_ in ("from", "than", "with", "over") and gov.lower_ in (
                "down", "up", "compared", "compares", "compare", "versus", "against", "more",
                "fewer", "less")) or (prep.lower_ == "of" and gov.lemma_.lower() in CHANGE_NOUNS) \
                or prep.lower_ in ("including", "among"):
            return readings[max(earlier)]
    # "2,093 of them", "279 of whom": the last figure before it in the sentence
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for pobj in c.children:
                if pobj.lower_ in ("them", "whom", "which", "these", "those") and readings:
                    measure, counted = readings[max(readings)]
                    if tok.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in tok.head.children):
                        return "other", counted  # "four of them struck the building": a part did
                    return measure, counted
    # elliptical list items: "One death was reported from AJK, four from Balochistan",
    # "141 drones: 62 over the Bryansk Region, 12 over the Tula Region"
    if reading.nominal == tok and reading.counted is None and readings:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if (nxt is not None and nxt.pos_ == "ADP" and nxt.lower_ != "of") and (
                prev is not None and prev.text in (",", ":", ";", "and")):
            earlier = [i for i in readings if i < tok.i]
            if earlier:
                return readings[max(earlier)]
    return None


def _not_a_figure(tok: Token, amount: Amount, measure: str, reading: MeasureReading) -> bool:
    """Numbers that are not figures in context (SCHEMA.md "Not claims"): a pronoun "one",
    "the two rivals", ranks, a poll's sample, the people a report interviewed, ages said with
    "be", abstract counts in speech ("two reasons"), numbers inside names."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    nominal = reading.nominal or tok
    if prev is not None and prev.lower_ in ("top", "bottom") and amount.spelled:
        return True  # a rank: "among the top five"
    # the people a report interviewed or surveyed are its method, not a figure
    arg = nominal.head if nominal.dep_ == "pobj" and nominal.head.lower_ == "of" else nominal
    arg = arg.head if arg.dep_ == "prep" else arg
    if arg.dep_ == "dobj" and arg.head.lemma_.lower() in METHOD_VERBS:
        return True
    if nominal.dep_ == "pobj" and nominal.head.lower_ == "of" and \
            nominal.head.head.lemma_.lower() in SAMPLE_NOUNS:
        return True  # "the AP-GfK Poll of 1,033 adults"
    if nominal.dep_ == "dobj" and nominal.head.lemma_.lower() in ("include", "survey", "poll",
                                                                  "sample", "interview") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in SAMPLE_NOUNS for c in nominal.head.children):
        return True  # "the poll included 996 likely voters"
    # "raise the retirement age from 62 to 64"
    clause = nominal.head.head if nominal.dep_ == "pobj" else nominal.head
    if any(c.dep_ == "dobj" and c.lemma_.lower() == "age" for c in clause.children):
        return True
    # "Justice Breyer will be 78", "since he was 5": an age said with "be"
    if nominal == tok and tok.dep_ in ("attr", "acomp") and tok.head.lemma_ == "be" and \
            amount.unit is None and amount.value is not None and amount.value < 120 and any(
                c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.lower_ in ("he", "she", "i", "we"))
                for c in tok.head.children) and (nxt is None or nxt.is_punct):
        return True
    # a number inside a name: "the Cessna 750 Citation", "the S&P 500"
    if not amount.spelled and amount.unit is None and prev is not None and prev.pos_ == "PROPN" \
            and prev.i > 0 and nominal == tok and tok.dep_ in ("compound", "appos", "nummod",
                                                                 "npadvmod", "nsubj") \
            and not (prev.is_punct) and (nxt is None or nxt.pos_ in ("PROPN", "PUNCT", "VERB",
                                                                     "AUX", "CCONJ", "ADP")) \
            and doc.text[prev.idx + len(prev.text):tok.idx] == " ":
        return True
    if amount.spelled and amount.value is not None and amount.value <= 3 and measure == "other":
        if amount.value == 1 and (nominal == tok or (nxt is not None and nxt.lower_ == "of")
                                  or nominal.lemma_.lower() in ANECDOTE_NOUNS
                                  or (nominal.dep_ == "pobj" and amount.hedge is None)):
            return True  # "one of the main sources", "one man who witnessed"
        det = [c for c in nominal.children if c.dep_ == "det" and c.i < tok.i]
        if (det or (prev is not None and prev.lower_ in ("the", "these", "those", "both"))) \
                and not (prev is not None and prev.lower_ in ("first", "last", "next", "remaining")):
            return True  # "the two Mideast rivals" (but "the first two planes" is a count)
    if amount.spelled and measure == "other" and nominal.lemma_.lower() in ABSTRACT_NOUNS:
        return True  # "two reasons", "several ways", "three things"
    return False


SAMPLE_NOUNS = {"poll", "survey", "sample", "panel", "study", "questionnaire", "census"}
ANECDOTE_NOUNS = {"man", "woman", "person", "resident", "official", "witness", "source",
                  "soldier", "boy", "girl", "mother", "father", "survivor", "neighbour",
                  "neighbor", "member", "day", "time", "way"}
ABSTRACT_NOUNS = {"reason", "difference", "thing", "way", "point", "issue", "question",
                  "factor", "turn", "accomplishment", "lesson", "step", "option", "idea",
                  "problem", "aspect", "goal", "priority", "scenario", "possibility",
                  "option", "theory", "explanation", "sign", "thought", "word", "matter"}


def _clause_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node != tok:
            return node
        if node.head == node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def _same_clause(marker: Token, figure: Token) -> bool:
    """Whether a time phrase hangs on the figure's clause (or a clause above it, or a
    conjoined clause: "since June 14, 1,033 people have died and 1,527 have been injured")."""
    verb = _clause_verb(marker)
    if verb is None:
        return False
    figure_verbs = {figure.i} | {a.i for a in figure.ancestors}
    if verb.i in figure_verbs:
        return True
    # the marker sits lower in the figure's clause ("died while trying to cross ... so far
    # this year"), not in a clause of its own said or described by it
    own = _clause_verb(figure)
    node = verb
    while own is not None and node.head != node:
        if node.dep_ in ("ccomp", "relcl", "csubj", "parataxis"):
            break
        node = node.head
        if node == own:
            return True
    conj = {c.i for c in verb.children if c.dep_ == "conj"} | (
        {verb.head.i} if verb.dep_ == "conj" else set())
    return bool(conj & figure_verbs)


COUNT_PERIODS = re.compile(
    r"\b(?:(?:over|in|during|within|for)\s+the\s+(?:past|last|previous|preceding)\s+"
    r"(?:\w+\s+)?(?:hours?|days?|nights?|weeks?|months?)|(?:in|over) the past (?:day|week))\b",
    re.I)  # ("last week" is when something happened, not a period counted over)


def _period(tok: Token, sentence: str) -> str | None:
    """ "1,450 over the past seven days", "119 died in the last 24 hours": a count for a period,
    kept apart from the incident's own toll (not a running total either)."""
    for m in COUNT_PERIODS.finditer(sentence):
        span = tok.doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and (_same_clause(span.root, tok) or tok.i in {
                t.i for t in span.root.head.subtree}):
            return m.group(0)
    return None


def _cumulative(tok: Token, sentence: str, published: str | None) -> bool:
    """A running total: "since September", "so far this year", "a conflict that has killed",
    "AOAV recorded 867 civilian casualties last year"."""
    doc = tok.doc
    low = sentence.lower()
    counting = any(w in low for w in RECORD_WORDS)
    for pattern, needs_counting in ((CUMULATIVE_PATTERNS, False), (PERIOD_PATTERNS, True)):
        if needs_counting and not counting:
            continue
        for m in pattern.finditer(sentence):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            if tok in span or _same_clause(span.root, tok) or tok.i in {
                    t.i for t in span.root.head.subtree}:
                return True
    # "a two-year conflict that has killed more than 100,000 people"
    for a in tok.ancestors:
        if a.dep_ in ("relcl", "acl") and a.head.lemma_.lower() in WAR_NOUNS:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# The library's front door.

_DEFAULT: Extractor | None = None


def extract(text: str, published: str | None = None, doc_id: str = "text",
            title: str | None = None, settings: Settings | None = None) -> list[Claim]:
    """The claims in one article's text.

    >>> for claim in extract(text, published="2023-01-03"):
    ...     print(claim.value, claim.measure, claim.source)
    """
    global _DEFAULT
    if settings is not None:
        return Extractor(settings).extract(text, doc_id, published, title)
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text, doc_id, published, title)
