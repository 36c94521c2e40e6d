"""The tense of the clause that ends at a date expression: whether "on Sunday" or "in November"
lies ahead of the writing or behind it (cue words, not a parse; used by the timeline and the
contradiction rules)."""

from __future__ import annotations

import re

# Tense cues of the clause that ends at a date expression (quoted words removed; see is_future).
FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|going\s+to|upcoming|forthcoming|next)\b|['’]ll\b|\b(?-i:may|might)\b"
    r"|\b(?:is|are|am)\s+(?:\w+ly\s+)?(?:being\s+)?(?:expected|due|scheduled|set|planned|likely|slated|poised|"
    r"invited|supposed|going)\s+to\b"
    r"|\b(?:is|are)\s+(?:now\s+|still\s+|\w+ly\s+)?(?:expected|due|scheduled|set|planned|likely|slated)\s+(?:for\s+|on\s+)?$"
    r"|\b(?:has|have)\s+(?:\w+ly\s+)?been\s+(?:invited|asked|scheduled|set|called|urged)\s+to\b"
    r"|\b(?:expects?|plans?|intends?|hopes?|aims?|wants?|seeks?)\s+to\b"
    r"|\b(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:it|he|she|they|we|the\s+\w+)\s+(?:\w+ly\s+)?"
    r"(?:expected|planned|intended|hoped|aimed|promised)\s+to\b"  # a reported plan: "said it expected to lift"
    r"|\b(?:is|are)\s+(?:now\s+|still\s+|\w+ly\s+)?due\s+for\s+(?:an?\s+)?\w+(?:\s+(?:in|on|by))?\s+$"  # "due for renewal in"
    r"|\b(?:is|are)\s+(?:on\s+)?$", re.I)  # a present copula just before the date: "Stadia's launch day is Tuesday"
# Reported future ("said he would visit in November"): forward for a month; a weekday stays the
# nearest one (a week is short: "said on Friday he would arrive on Sunday" may be yesterday's Sunday).
WOULD = re.compile(r"\bwould\b(?!\s+(?:not\s+)?have\b)", re.I)
# A plan seen from after it ("was scheduled to visit in February", "would have", "ago"): the past wins.
PAST_OF_FUTURE = re.compile(
    r"\b(?:was|were|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:expected|due|scheduled|set|planned|likely|slated|poised|"
    r"invited|supposed|meant|going|hoping|planning)\s+to\b"
    r"|\b(?:would|(?-i:may|might)|could|must)\s+(?:not\s+)?have\b|\bhad\s+(?:\w+ly\s+)?(?:planned|hoped|expected|intended|wanted|aimed)\b"
    r"|\bago\b", re.I)

# a sentence that tells of the past: "The market reopened this Monday", "Voters went to the polls this Sunday"
IRREGULAR_PAST = (r"went|took|made|won|lost|began|came|saw|gave|got|left|met|ran|became|fell|rose|held|led|paid|"
                   r"sold|spent|struck|broke|chose|flew|grew|knew|shot|stood|threw|fought|bought|brought|caught|"
                   r"found|built|sent|felt|kept")


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def is_future(before: str, would: bool = True) -> bool:
    """Is the clause that ends at a date expression future tense? Only the last clause counts
    (after the last comma, colon or closing quote), and quoted words never do. A future cue ("will",
    "next", "upcoming", "is expected to", "has been invited to", "plans to"; "would" unless
    ``would=False``) makes it future unless the clause looks back on the plan ("was scheduled to",
    "would have", "ago")."""
    clause = re.split(r"[,;:”\"]", _QUOTED.sub(" ", before))[-1]
    if PAST_OF_FUTURE.search(clause) or _PAST_VERB_NEAR.search(clause):
        return False
    return bool(FUTURE.search(clause) or (would and WOULD.search(clause)))


# a subject and a past-tense verb just before the date: the date belongs to that past relative clause
# ("he will miss the Open after the surgery he underwent in October")
_PAST_VERB_NEAR = re.compile(
    rf"\b(?:he|she|they|it|we|I|who|which|that)\s+(?:\w+ly\s+)?"
    r"(?!(?:expected|planned|intended|hoped|aimed|promised)\s+to\b)"  # a plan, not a past act
    rf"(?:[a-z]{{2,}}ed|underwent|{IRREGULAR_PAST}|had|wore|"
    r"taught|did)\b"
    r"(?:\s+[\w'’-]+){0,3}?\s*$")


_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.I)


def is_past(before: str) -> bool:
    """Does the clause that ends at a date expression have a past-tense auxiliary (was/were/had/did)?"""
    return bool(_PAST.search(re.split(r"[,;:”\"]", _QUOTED.sub(" ", before))[-1]))
