"""Sentence splitting: line breaks always end a sentence; abbreviations do not; offsets hold."""
import pytest

from tallies.text import split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("One. Two.", ["One.", "Two."]),
    ("Gen. Hale said 12 died. He left.", ["Gen. Hale said 12 died.", "He left."]),
    ("On Feb. 24 the war began. It goes on.", ["On Feb. 24 the war began.", "It goes on."]),
    ("The U.S. Navy said two ships. Then more.", ["The U.S. Navy said two ships.", "Then more."]),
    ("At 7 a.m. Moscow time, 5 drones fell.", ["At 7 a.m. Moscow time, 5 drones fell."]),
    ("Researchers at the J.K. Lorne School said so. Fine.",
     ["Researchers at the J.K. Lorne School said so.", "Fine."]),
    ('"It was awful," he said. "We ran."', ['"It was awful," he said.', '"We ran."']),
    ("“We counted 63.” The ministry agreed.", ["“We counted 63.”", "The ministry agreed."]),
    ("Heading without stop\nBody text here.", ["Heading without stop", "Body text here."]),
    ("• First bullet\n• Second bullet", ["First bullet", "Second bullet"]),
    ("What happened ?\n\nA strike.", ["What happened ?", "A strike."]),
])
def test_split(text, expected):
    assert texts(text) == expected


def test_offsets_are_into_the_text_as_given():
    text = "Title line\r\n\r\n  Indented first sentence. Second one!\n- a bullet\n"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_headings_and_paragraphs():
    text = "Town shelled, 12 dead\n\nThe army said 12 died. It gave no more.\nNew paragraph."
    sents = split_sentences(text)
    assert [s.heading for s in sents] == [True, False, False, False]
    assert [s.paragraph for s in sents] == [0, 1, 1, 2]
