"""Pronoun evidence per person (analyze.pronouns): honorifics, pronouns in the person's own sentence."""

from __future__ import annotations

from analyze_util import art, make_story

from newsweave.analyze.entities import story_entities
from newsweave.analyze.pronouns import pronoun_genders, wanted
from newsweave.analyze.quotes import _person_mentions


def _genders(*texts: str) -> dict[str, str]:
    story = make_story([art(t, f"s{i}") for i, t in enumerate(texts)])
    story.entities = story_entities(story)
    got = pronoun_genders(story.by_id(), _person_mentions(story))
    return {e.name: got[e.id] for e in story.entities if e.id in got}


def test_honorific_and_own_sentence_pronouns() -> None:
    got = _genders("Ms. Mary Collins chairs the harbour board. Collins said she would resign in May.",
                   "Tomas Brandt said he had warned the council. He said his report was ignored.")
    assert got == {"Mary Collins": "f", "Tomas Brandt": "m"}


def test_quoted_mentions_and_pronouns_before_the_name_are_no_evidence() -> None:
    # Brandt is named inside a quotation; "she met her …" comes before the names
    got = _genders("“Tomas Brandt said he would pay,” Mary Collins wrote on Monday.",
                   "In 1989 she met her future teacher, Nicolas Aparicio, to whom she was assigned.")
    assert got == {}


def test_gendered_noun_before_the_name_but_not_a_relation_of_someone() -> None:
    got = _genders("The student had sent out a questionnaire, said her father, Nicolas Aparicio.",
                   "The prize went to actress Mary Collins on Monday.",
                   "The wife of Tomas Brandt was not at the hearing.",
                   "Shocked by the remark about his wife, host Pavel Novak moved on.")
    assert got == {"Nicolas Aparicio": "m", "Mary Collins": "f"}


def test_first_pronoun_after_a_sentence_opening_name() -> None:
    got = _genders("Tomas Brandt still laughs at the memory of his first boat, which she sold. He was ten.",
                   "Mary Collins spent years on her own dream of a harbour museum.",
                   "Collins bought the house that he had built.")
    assert got == {"Tomas Brandt": "m"}  # Collins: one vote each way, unknown


def test_mixed_evidence_is_unknown() -> None:
    # one surname for two people: "Obama said he ..." and "Obama said she ..." in equal measure
    got = _genders("Obama said he would travel. Obama said she would stay. Obama said he agreed. "
                   "Obama said she disagreed.")
    assert got == {}


def test_wanted() -> None:
    assert (wanted("He"), wanted("she"), wanted("they"), wanted(None)) == ("m", "f", None, None)
