"""Property tests: on any text, the amount parser and the extractor never raise, and every
offset points at the phrase it claims."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallies.amounts import find_amounts, parse_amount, scan
from tallies.text import split_sentences

# Text that looks like news often enough to reach deep into the grammar.
PIECES = ["over", "more than", "up to", "about", "between", "and", "to", "-", "–", "or so",
          "several", "hundred", "hundreds", "of", "thousands", "dozens", "a", "dozen", "half",
          "Seventy", "six", "one", "two", "%", "percent", "per cent", "million", "crore",
          "$", "killed", "said", "according to", "the ministry", "he", "Telegram", "in", "2014",
          "December", "31", "12:30", "a.m.", "km", "years", "aged", "“", "”", '"', ",", ".",
          ";", ":", "(", ")", "\n", "\n\n", "5,937", "1.2", "60+", "10k", "MH17", "Su-25",
          "4-to-3", "since the start of the war", "so far this year", "é", "ï", "\u200b", "—"]
news_like = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)
any_text = st.text(max_size=300)
texts = st.one_of(news_like, any_text)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_amount_scan_never_raises_and_offsets_hold(text):
    for cand in scan(text):
        a = cand.amount
        assert 0 <= a.start <= a.end <= len(text)
        assert text[a.start:a.end] == a.text
        assert a.start <= a.num_start <= a.num_end <= a.end
        if a.low is not None and a.high is not None:
            assert a.low <= a.high
        if a.value is not None and a.qualifier == "exact":
            assert a.low == a.high == a.value


@given(texts)
@settings(max_examples=200, deadline=None)
def test_parse_amount_returns_a_phrase_of_the_input(text):
    a = parse_amount(text)
    assert a is None or text[a.start:a.end] == a.text
    assert len(find_amounts(text)) <= len(scan(text))


@given(texts)
@settings(max_examples=300, deadline=None)
def test_sentences_are_slices_of_the_text(text):
    last_end = 0
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.start >= last_end
        assert s.text.strip() == s.text and s.text
        last_end = s.end


@pytest.fixture(scope="module")
def extractor():
    from tallies.claims import Extractor

    return Extractor()


@pytest.mark.model
@given(text=texts)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_extract_never_raises_and_claims_point_into_the_text(extractor, text):
    for c in extractor.extract(text, doc_id="h"):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        assert text[c.sentence_start:c.sentence_start + len(c.sentence)] == c.sentence
        assert c.sentence_start <= c.start and c.end <= c.sentence_start + len(c.sentence)
        if c.source_start is not None:
            assert 0 <= c.source_start <= c.source_end <= len(text)
