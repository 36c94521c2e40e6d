"""Who "he" and "she" refer to: the pronoun a story uses for each person, read from the story's own
text (no name lists), and the antecedent of a pronoun at a position (:func:`antecedent`).

Used by the quotes stage so that "she said" is not given to the man named last. The evidence for a
PERSON entity, over its mentions in the story outside quotation marks:

* an honorific right before a mention ("Mr. Stewart", "Ms Fenwick", "Dame Judi Dench"): 3 votes;
* a gendered noun right before the name ("actress Mary Steenburgen", "her father, Nicolas
  Aparicio"): 3 votes; not "the wife of X" nor "his wife, host Matt Mitchell", someone else;
* a speech verb after the name with "he" or "she" as the subject of what was said ("Voss said she
  would run again", "Aparicio told reporters that he …"): 2 votes;
* the name opening a sentence that names no other PERSON: the first third-person pronoun after it
  in that sentence ("McDowell still laughs at … his mom"), and a next sentence opening with "He" or
  "She": 1 vote each.

A pronoun before the name is no evidence ("In 1989 she met her future husband, Barack Obama"), nor is
a sentence naming two people. A person is ``"m"`` (he) or ``"f"`` (she) with at least 2 votes and
three times as many as for the other; anyone else (too little said, or two people merged under one
surname) is left out, and the caller then resolves pronouns as if nothing were known.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence

from newsweave.clean.speech import QUOTATION, VERBS
from newsweave.model import Article, Entity

_HONORIFIC = re.compile(r"\b(?:(?P<m>Mr|Sir|Lord|King|Prince)|(?P<f>Mrs|Ms|Miss|Dame|Lady|Queen|Princess))\.?\s+$",
                        re.I)
_SAID_PRONOUN = re.compile(rf"(?:\s*,[^,“”\"]{{0,60}},)?\s+(?:{VERBS})(?:\s+(?!(?:him|her|them)\b)[\w’'-]+){{0,3}}?"
                           r"(?:\s+that)?\s+(?P<p>he|she)\b", re.I)
_NOUNS = {"m": "man|boy|father|dad|son|husband|brother|uncle|nephew|grandfather|grandson|boyfriend|widower|king|"
                "prince|actor|businessman|chairman|spokesman|congressman|councilman|policeman|fireman|"
                "sportsman|gentleman|stepfather|stepson",
          "f": "woman|girl|mother|mom|mum|daughter|wife|sister|aunt|niece|grandmother|granddaughter|girlfriend|"
                "widow|queen|princess|actress|businesswoman|chairwoman|spokeswoman|congresswoman|councilwoman|"
                "policewoman|sportswoman|lady|stepmother|stepdaughter|heiress|waitress|hostess"}
# right before the name, nothing between ("his wife, host Matt Mitchell" is not the wife)
_NOUN_BEFORE = re.compile(rf"\b(?:(?P<m>{_NOUNS['m']})|(?P<f>{_NOUNS['f']})),?\s+$", re.I)
_PRONOUN = re.compile(r"\b(?:(?P<m>he|him|his|himself)|(?P<f>she|her|hers|herself))\b", re.I)
_OPENS = re.compile(r"\s*(?P<p>he|she)\b", re.I)
_LEAD = re.compile(r"^(?:[A-Z][\w.’'-]*\s+){0,4}$")  # only a title or first names before the mention
MIN_VOTES = 2
MAX_SPEAKER_GAP = 800  # characters back to the PERSON a pronoun refers to
MARGIN = 3


def pronoun_genders(arts: Mapping[str, Article],
                    ments: Mapping[str, Sequence[tuple[int, int, Entity]]]) -> dict[str, str]:
    """``{entity id: "m" | "f"}`` for the story's people whose pronoun the text makes clear;
    ``ments`` holds each article's PERSON mentions ``(start, end, entity)`` in text order."""
    votes: dict[str, list[int]] = {}
    for aid, ms in ments.items():
        art = arts[aid]
        text = art.text
        quoted = quoted_ranges(art)
        starts = [s for s, _ in art.sentences]
        for start, end, ent in ms:
            if any(qs <= start < qe for qs, qe in quoted):
                continue
            v = votes.setdefault(ent.id, [0, 0])
            for rx, back in ((_HONORIFIC, 12), (_NOUN_BEFORE, 50)):
                hit = rx.search(text[max(0, start - back):start])
                if hit:
                    v[0 if hit.group("m") else 1] += 3
            said = _SAID_PRONOUN.match(text, end)
            if said:
                v[0 if said.group("p").lower() == "he" else 1] += 2
            i = bisect_right(starts, start) - 1
            if i < 0 or start >= art.sentences[i][1] or i + 1 >= len(starts):
                continue
            ss, se = art.sentences[i]
            if _LEAD.match(text[ss:start]) and not any(o is not ent and ss <= s < se for s, _, o in ms):
                first = _PRONOUN.search(text, end, min(se, next((qs for qs, _ in quoted if qs >= end), se)))
                if first:
                    v[0 if first.group("m") else 1] += 1
                o = _OPENS.match(text, *art.sentences[i + 1])
                if o and not any(starts[i + 1] <= s < o.end() for s, _, _ in ms):
                    v[0 if o.group("p").lower() == "he" else 1] += 1
    out: dict[str, str] = {}
    for eid, (m, f) in votes.items():
        if m >= MIN_VOTES and m >= MARGIN * f:
            out[eid] = "m"
        elif f >= MIN_VOTES and f >= MARGIN * m:
            out[eid] = "f"
    return out


def wanted(pronoun: str | None) -> str | None:
    """``"m"`` for he, ``"f"`` for she, else None."""
    p = (pronoun or "").strip().lower()
    return "m" if p == "he" else "f" if p == "she" else None


def sentence_of(art: Article, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``, else its line."""
    got = art.sentence_at(pos)
    if got is not None:
        return got
    ls = art.text.rfind("\n", 0, pos) + 1
    le = art.text.find("\n", pos)
    return ls, (le if le >= 0 else len(art.text))


def antecedent(ments: list[tuple[int, int, Entity]], pos: int, art: Article | None = None,
               pronoun: str | None = None, genders: dict[str, str] | None = None) -> Entity | None:
    """The PERSON a pronoun at ``pos`` refers to: the first PERSON named in the current sentence
    before ``pos``, else in the nearest earlier sentence naming one (its likely subject), within
    :data:`MAX_SPEAKER_GAP` characters. Names inside quotation marks are not antecedents ("“…
    Trump makes the prospects … uncertain,” he said" is not Trump speaking). When the story calls
    that person by the other pronoun (``genders``, :func:`pronoun_genders`), the
    antecedent is the nearest person it calls by this one ("she said" after "Mary Steenburgen …
    Charlie McDowell" is Steenburgen's), else nobody."""
    if art is not None:
        quoted = quoted_ranges(art)
        ments = [m for m in ments if not any(qs <= m[0] < qe for qs, qe in quoted)]
    got = _subject_before(ments, pos, art)
    want = wanted(pronoun)
    if got is None or not want or not genders or genders.get(got.id, want) == want:
        return got
    return _subject_before([m for m in ments if genders.get(m[2].id) == want], pos, art)


def _subject_before(ments: list[tuple[int, int, Entity]], pos: int, art: Article | None) -> Entity | None:
    i = bisect_right([m[0] for m in ments], pos) - 1
    while i >= 0 and ments[i][1] > pos:
        i -= 1
    if i < 0 or pos - ments[i][1] > MAX_SPEAKER_GAP:
        return None
    if art is None:
        return ments[i][2]
    ss, _ = sentence_of(art, ments[i][0])
    first = [m for m in ments if ss <= m[0] and m[1] <= pos]
    if first and first[0][0] < pos and _ROLE_REPORTS.match(art.text, ss, first[0][0]):
        return None  # "A rep for the police said travis was charged …. “…,” he said": the rep speaks
    if first and _POSSESSOR.match(art.text, first[0][1]) and not _AT_OPENING.fullmatch(art.text, ss, first[0][0]):
        return None  # "… citing carson's own memoir. “…,” he said": a possessor inside the sentence is no subject
    return first[0][2] if first else ments[i][2]


_POSSESSOR = re.compile(r"['’]s\b|(?<=s)['’](?!\w)")  # "carson's", "Jones'", not "d’Orsay"
_AT_OPENING = re.compile(r"[\W_]*(?:(?:mr|mrs|ms|miss|dr|sen|gov|rep|prof|gen|sgt|capt)\.?\s+)?", re.I)
# a sentence whose subject is an unnamed person reporting what the named one did: the pronoun after it
# is more likely the reporter's than the reported person's
_ROLE_REPORTS = re.compile(
    r"[\W_]*(?:(?:a|an|the|his|her|their|one|another)\s+)?(?:[\w.-]+\s+){0,2}?"
    r"(?:rep|representative|spokes(?:man|woman|person)|lawyer|attorney|official|officer|aide|adviser|"
    r"advisor|publicist|agent|manager|source|friend|neighbou?r|witness|relative|detective|sheriff|"
    r"prosecutor|investigator|doctor|teacher|coach)\b[^.;“”\"]{0,80}?"
    rf"\b(?:{VERBS})\b[^“”\"]*$", re.I)


_QUOTED_CACHE: dict[tuple[str, int], list[tuple[int, int]]] = {}


def quoted_ranges(art: Article) -> list[tuple[int, int]]:
    """Character ranges of the article's quotations (marks included)."""
    key = (art.id, len(art.text))
    if key not in _QUOTED_CACHE:
        if len(_QUOTED_CACHE) > 2048:
            _QUOTED_CACHE.clear()
        _QUOTED_CACHE[key] = [(m.start(), m.end()) for m in QUOTATION.finditer(art.text)]
    return _QUOTED_CACHE[key]
