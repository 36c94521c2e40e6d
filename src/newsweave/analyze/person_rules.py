"""People the small NER model misses or mislabels, found from how news writes about people.

Each rule adds a PERSON mention, or relabels spaCy's mention of the same words (tested in
``tests/analyze/test_entities.py``):

1. a capitalised title, then a name of two or three words: "Fire Chief Marguerite Olabode said",
   "Mayor Ines Farrow" (spaCy: nothing, or a WORK_OF_ART);
2. a name followed by an age in commas: "said Lidia Karsk, 54, who lives ..." (spaCy: ORG);
3. a personal honorific: "according to Dr Whitcombe" (spaCy: ORG);
4. one word that is the last name of a person the story names in full, as the subject of a speech
   verb: "Quennell said the council ..." (spaCy: ORG);
5. a lower-case role ending in a role noun, then a name of two or three words: "said harbour master
   Isolde Brennock", "chief investigator Tobias Venn" (spaCy: GPE, ORG).
"""

from __future__ import annotations

import re

from newsweave.analyze.entity_cluster import ORG_SUFFIX, PLACE_SUFFIX
from newsweave.analyze.roles import TITLE_NOUNS
from newsweave.clean.speech import VERBS
from newsweave.model import Article

Mention = tuple[int, int, str]

_TITLES = (r"Mayor|Chief|Minister|President|Governor|Senator|Commissioner|Director|Chairman|Chairwoman|"
           r"Inspector|Judge|Secretary|Ambassador|Premier|Chancellor|Spokesman|Spokeswoman|Spokesperson|Officer|"
           r"Prosecutor|Superintendent|Sheriff|Captain|Detective|Sergeant|Councillor|Councilor|Constable|Manager|"
           r"Administrator|Coach|Professor|Dr|Prof")
_NAME_WORD = r"[A-Z][a-z][\w’'-]*"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|[A-Z]\.))?\s+{_NAME_WORD})"
TITLE_NAME = re.compile(rf"(?<![\w’'-])(?:{_TITLES})(?:\s+(?:Executive|General|Officer|Secretary|Director|Manager))*"
                        rf"\.?\s+{_NAME}(?![\w’'-]|\s+[A-Z])")
# role nouns a lower-case role phrase ends in, right before a name (rule 5)
_ROLE_NOUNS = TITLE_NOUNS | frozenset("""master investigator manager officer coordinator captain skipper editor
analyst adviser advisor founder coach head superintendent curator warden""".split())
ROLE_NAME = re.compile(rf"(?<![\w’'-])(?:[a-z][a-z-]+\s+){{0,2}}(?:{'|'.join(sorted(_ROLE_NOUNS))})\s+{_NAME}"
                       rf"(?![\w’'-]|\s+[A-Z])")
AGE_AFTER = re.compile(rf"(?<![\w’'-]){_NAME},\s+(?:aged\s+)?\d{{1,3}},")
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z]")
_SAID_AFTER = re.compile(rf"\s+(?:{VERBS})\b")
# words that are titles, days or months, not names: "Chief Executive Anna Berg" names Anna Berg
_NOT_NAMES = frozenset("""executive officer general deputy assistant acting interim senior vice chief minister
secretary director manager president state foreign health fire police county city district regional national
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december""".split())
# words of organisations, places, events and joining words: "Tanner Street", "Premier League Asia Trophy"
_THING_WORDS = ORG_SUFFIX | PLACE_SUFFIX | frozenset("""lane drive way league cup trophy club championship games
series prize award festival and but the a an of""".split())
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")  # "told the Telegraph Hadfi, 20, was ...": no name follows "the"
_OPENS = re.compile(r"(?:[.!?]\s+|\n)$")  # the name opens its sentence
# a capitalised word before the name: the name is part of a longer one ("The Daily Telegraph Hadfi"),
# or a sentence-initial role word ("Student Maria Iliadi")
_CAP_BEFORE = re.compile(r"[A-Z][\w’'.-]*\s+$")


def _ok_name(text: str, start: int, name: str, titled: bool) -> bool:
    words = [w.lower().removesuffix("'s").removesuffix("’s").strip(".") for w in name.split()]
    if any(w in _NOT_NAMES or w in _THING_WORDS for w in words):
        return False
    before = text[max(0, start - 30):start]
    return titled or not (_CAP_BEFORE.search(before) or _THE_BEFORE.search(before))


def _put(found: list[Mention], s: int, e: int) -> list[Mention]:
    """``found`` with a PERSON at [s, e): spaCy mentions inside it or holding it give way; a mention
    that crosses its edge keeps it out (the model read the words another way)."""
    inside = [m for m in found if s <= m[0] and m[1] <= e]
    holds = [m for m in found if m[0] <= s and e <= m[1] and (m[0], m[1]) != (s, e)]
    crosses = [m for m in found if m[0] < e and s < m[1] and m not in inside and m not in holds]
    if crosses or any(m[2] == "PERSON" for m in holds + inside):
        return found  # spaCy's own PERSON stays as it is ("Bertrand Navarret" in "And Bertrand Navarret")
    return [m for m in found if m not in inside and m not in holds] + [(s, e, "PERSON")]


def _cased(text: str) -> bool:
    """Does the text write names with capitals (not a lower-cased dump, where every name is lower case)?"""
    letters = sum(c.isalpha() for c in text[:5000])
    return letters > 0 and sum(c.isupper() for c in text[:5000]) / letters > 0.01


def person_mentions(arts: list[Article], found: dict[str, list[Mention]]) -> dict[str, list[Mention]]:
    """``found`` (spaCy's mentions per article) with the rules of this module applied. In a text that
    uses capitals, a PERSON mention with no capitalised word ("said harbour master Isolde Brennock":
    spaCy's PERSON "harbour master") is a role, not a name, and is dropped."""
    out = {a.id: list(found.get(a.id, [])) for a in arts}
    for a in arts:
        if _cased(a.text):
            out[a.id] = [m for m in out[a.id] if m[2] != "PERSON" or any(w[:1].isupper() for w in a.text[m[0]:m[1]].split())]
        ms = out[a.id]
        for rx in (TITLE_NAME, ROLE_NAME, AGE_AFTER):
            for m in rx.finditer(a.text):
                s, name, titled = m.start("name"), m.group("name"), rx is not AGE_AFTER
                if rx is AGE_AFTER and len(name.split()) == 3 and (s == 0 or _OPENS.search(a.text[max(0, s - 3):s])):
                    s += len(name.split()[0]) + 1  # "Student Maria Iliadi, 21," opening a sentence
                    name, titled = a.text[s:m.end("name")], True
                if _ok_name(a.text, s, name, titled):
                    ms = _put(ms, s, m.end("name"))
        ms = [(s, e, "PERSON") if lab != "PERSON" and HONORIFIC.match(a.text, s, e) else (s, e, lab)
              for s, e, lab in ms]
        out[a.id] = sorted(ms)
    surnames = {a.text[s:e].split()[-1] for a in arts for s, e, lab in out[a.id]
                if lab == "PERSON" and len(a.text[s:e].split()) > 1}
    for a in arts:
        out[a.id] = [(s, e, "PERSON") if lab in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") and a.text[s:e] in surnames
                     and _SAID_AFTER.match(a.text, e) else (s, e, lab) for s, e, lab in out[a.id]]
    return out
