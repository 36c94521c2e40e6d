"""A story's entity clusters while they are merged: the comparison key, the cluster record, its type.

``fix_type`` corrects spaCy's majority label by rules on the names and the words before them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from nicknames import NickNamer

from newsweave.model import Article, Span


def key(name: str) -> str:
    """Comparison key: case-folded, apostrophes/periods dropped, whitespace collapsed."""
    return " ".join(re.sub(r"['’.]", "", name).casefold().split())


@dataclass
class NameCluster:
    forms: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    mentions: set[Span] = field(default_factory=set)
    acronym: bool = False  # written with its acronym: "Asia-Pacific Economic Cooperation (APEC)"

    @property
    def type(self) -> str:
        """spaCy's majority label; PERSON when at least a quarter of the labels say so and no
        multi-word form ends in an organisation or place word (spaCy often calls rare names ORG)."""
        if not self.types:
            return "MISC"
        n = sum(self.types.values())
        if self.types["PERSON"] * 4 >= n and self.multi and not any(
                key(f).split()[-1] in ORG_SUFFIX | PLACE_SUFFIX for f in self.multi):
            return "PERSON"
        return self.types.most_common(1)[0][0]

    @property
    def multi(self) -> list[str]:
        return [f for f in self.forms if len(f.split()) > 1]

    def absorb(self, other: NameCluster) -> None:
        self.forms.update(other.forms)
        self.types.update(other.types)
        self.mentions |= other.mentions

    def tokens(self) -> set[str]:
        return {key(t) for f in self.multi for t in f.split()}


ORG_SUFFIX = frozenset("""terminals systems authority union inc ltd plc group company corporation council
ministry department bank agency capital committee party partners holdings institute university
association federation commission office police court assembly parliament airlines services
rovers wanderers albion athletic rangers fc afc""".split())  # sports clubs: "Aldbury Rovers", "Portgate Albion"
PLACE_SUFFIX = frozenset("""dam bridge river street road avenue square house hall park station centre center port
harbour harbor bay island islands valley mountain lake sea ocean gardens lane terrace crescent boulevard""".split())
# last words that end street and natural-feature names, never a person's surname (not "Park", "Hall",
# "Bay", "Lake": Annie Park, Arsenio Hall, Michael Bay, Ricki Lake)
_STREET = frozenset("street road avenue lane terrace crescent boulevard square gardens".split())
_NATURAL = frozenset("river island islands valley mountain sea ocean".split())
_PLACE_PREP = re.compile(r"(?:\b(?:in|at|from|near|outside|across|around|of)\s+)$")
_PLACE_OF = re.compile(r"\b(?:village|town|city|port|county|district|region|province|island)\s+of\s+$", re.I)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def place_like(c: NameCluster, arts: dict[str, Article]) -> bool:
    """Does a one-word name read as a place in the story: at least half its mentions after "in / near /
    outside ...", "the harbour at / pier at ...", "the approach / ferry to ..." (not a bare "at" /
    "from": "engineers at Quillmark") or "mayor of / town of ..." ("the bridge
    in Quenbury")? Then it is not the short form of an organisation named after it ("Quenbury General
    Hospital")."""
    before = [arts[m.article_id].text[max(0, m.start - 30):m.start] for m in c.mentions]
    placed = sum(bool(_PLACE_PREP_NOT_OF.search(b) or _PLACE_HEAD.search(b)) for b in before)
    return bool(before) and placed * 2 >= len(before)


_PLACE_PREP_NOT_OF = re.compile(r"\b(?:in|near|nearing|outside|across|around)\s+$"
                                r"|\b(?:harbou?r|port|pier|quay|dock|station|airport|coast|shore)\s+(?:at|of)\s+$"
                                r"|\b(?:approach|route|road|ferry|sailings?|crossing|flights?|trains?)\s+to\s+$")
_PLACE_HEAD = re.compile(r"\b(?:mayor|residents?|people|streets|centre|center|outskirts|town|city|village|county|"
                         r"district|region|province|governor|port|island)\s+of\s+$", re.I)


def fix_type(c: NameCluster, arts: dict[str, Article]) -> str:
    """spaCy's majority label, corrected by rules: a multi-word name ending in an organisation
    word ("... Terminals", "... Authority", "... Rovers") is an ORG; a PERSON whose every multi-word form
    ends in a place word is a FAC ("Ferry Lane") or, for natural features, a LOC ("Marsh River"); a one-word name mostly after "the village / town
    of" is a GPE; a one-word PERSON mostly after "the" is an ORG ("told the Gazette"); a one-word PERSON
    that mostly follows "in/at/from/near" (or that spaCy labelled a place at least once) is a GPE. (A
    one-word ORG that merely reads as a place keeps its label: "in Facebook" would make a town of it.)"""
    if any(key(f).split()[-1] in ORG_SUFFIX for f in c.multi) or (c.acronym and c.type in ("FAC", "PERSON")):
        return "ORG"
    ends = [key(f).split()[-1] for f in c.multi]
    if c.type == "PERSON" and ends and all(e in _STREET | _NATURAL for e in ends):  # "Ferry Lane", "Marsh River"
        return "LOC" if all(e in _NATURAL for e in ends) else "FAC"
    before = [arts[m.article_id].text[max(0, m.start - 30):m.start] for m in c.mentions]
    if not c.multi and before and sum(bool(_PLACE_OF.search(b)) for b in before) * 2 >= len(before):
        return "GPE"  # "the village of Oslund"
    after_the = sum(bool(_THE_BEFORE.search(b)) for b in before)
    if c.type == "PERSON" and not c.multi and before and after_the * 2 > len(before):
        return "ORG"  # "told the Gazette": a person's name does not follow "the"
    if c.type == "PERSON" and not c.multi and c.mentions:
        prep = sum(bool(_PLACE_PREP.search(arts[m.article_id].text[max(0, m.start - 12):m.start]))
                   for m in c.mentions)
        if prep * 3 >= len(c.mentions) or c.types["GPE"] + c.types["LOC"] > 0:
            return "GPE"
    return c.type


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def nickname_of(a: str, b: str) -> bool:
    """Is one first name a nickname of the other ("toby" / "tobias", "bob" / "robert")? Two
    nicknames of one name ("bob" / "bill") are not enough."""
    if a == b or len(a) < 2 or len(b) < 2:
        return False
    nn = _nicknamer()
    return b in nn.nicknames_of(a) or a in nn.nicknames_of(b)
