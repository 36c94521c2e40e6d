"""Hypothesis: cleaning is idempotent and every sentence/section offset is valid."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsweave.clean import clean_text, split_sentences
from newsweave.clean.stage import _sections
from newsweave.clean.text import normalise

LINES = [
    "The council approved the budget on Monday, officials said.", "Source link", "Related Articles",
    "Leave a Reply", "With AFP and Reuters", "By Ann Smith | Valley Courier", "Top Story",
    "Bridge Reopens After Repairs", "Harvest begins early", "A crane on the deck [Jane Doe/Pool via Agency]",
    "Two workers.  They wear vests.", "REUTERS/Ann Smith", "Share this", "- a list item", "“We are glad,” he said.",
    "Mr. Smith arrived in the U.S. on Jan. 5.", "June 18, 2023", "Prices rose by 3.5% in the second quarter.",
    "the fragment continues here without a capital", "Advertisement", "What Went Wrong",
    'the claim is true. " as for paris, we claim it, " al-ansi said.',  # tokenised text: detached marks
    'he called it " a routine case. " police have no suspects. " ', '" ',
]
piece = st.one_of(st.sampled_from(LINES), st.text(min_size=0, max_size=60))
sep = st.sampled_from(["\n", "\n\n", " ", "\n \n", "\r\n", "\t"])


@st.composite
def documents(draw):
    parts = draw(st.lists(st.tuples(piece, sep), min_size=0, max_size=14))
    return "".join(p + s for p, s in parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("The council approved the budget on Monday, officials said. Source link\nLeave a Reply Leave a Reply The "
         "council approved the budget on Monday, officials said.\n")  # a repeat exposed by the headline's removal
def test_clean_is_idempotent(doc):
    once, _ = clean_text(doc)
    twice, _ = clean_text(once)
    assert twice == once


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_offsets_are_valid(doc):
    text, structure = clean_text(doc)
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip() and "\n" not in text[s:e]
        last = e
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == "".join(text.split())  # no text lost between sentences
    for sec in _sections(structure):
        assert 0 <= sec["offset"] <= len(text)
        assert sec["offset"] == 0 or text[sec["offset"] - 2 : sec["offset"]] == "\n\n"


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=200))
def test_normalise_is_idempotent(s):
    assert normalise(normalise(s)) == normalise(s)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from([{"html": True}, {"markdown": True}, {"title": "Bridge Reopens After Repairs"}]))
def test_clean_is_idempotent_in_every_mode(doc, mode):
    once, _ = clean_text(doc, **mode)
    assert clean_text(once, **mode)[0] == once
