"""Titles and roles of people: "US Secretary of State Antony Blinken" (the entity's role) and which
person "the mayor" refers to (:func:`role_titles`, used by the quotes stage)."""

from __future__ import annotations

import re
from collections import Counter

from newsweave.analyze.role_phrases import ROLE_NOUNS
from newsweave.model import Article, Entity, Span, Story

TITLE_NOUNS = frozenset("""mayor premier president commissioner minister secretary governor senator chancellor
chief director chairman chairwoman chair spokesperson spokesman spokeswoman ambassador diplomat leader
executive officer inspector engineer prosecutor judge""".split())
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[A-Z][\w’'.-]*\s+|of\s+|[a-z]+\s+){0,3}(?P<noun>[A-Za-z]+))\s+$")
# ", the county's fire chief," / ", its chief executive, said": the head noun is the last word of the
# apposition (before a comma, a full stop, "who" or a speech verb), not the first after "the"
_TITLE_AFTER = re.compile(r"^,\s+(?:the|its|their|[A-Z]\w*['’]s)\s+(?:[a-z][\w’'-]*\s+){0,3}(?P<noun>[a-z]+)"
                          r"(?=\s*[,.;:)]|\s+(?:who|which|and|said|says|told|tells|added|was|is|has|had)\b)")


def role_titles(story: Story) -> dict[str, Entity]:
    """``{title noun: PERSON}`` for titles held by exactly one PERSON in the story ("Mayor Odile
    Fenwick", "Gregor Hallam, the authority's chief executive"): what "the mayor" refers to."""
    arts = story.by_id()
    seen: dict[str, set[str]] = {}
    ents = {e.id: e for e in story.entities if e.type == "PERSON"}
    for e in ents.values():
        for m in e.mentions:
            text = arts[m.article_id].text
            for rx, chunk in ((_TITLE_BEFORE, text[max(0, m.start - 40):m.start]),
                              (_TITLE_AFTER, text[m.end:m.end + 60])):
                t = rx.search(chunk)
                if t and t.group("noun").lower() in TITLE_NOUNS:
                    seen.setdefault(t.group("noun").lower(), set()).add(e.id)
    return {k: ents[next(iter(v))] for k, v in seen.items() if len(v) == 1}


_ABBREV = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.")  # "U.S.", "Gen.", "Lt.": a title's abbreviation, no sentence end
_CAP_TITLE = re.compile(r"(?<![\w’'])((?:[A-Z][\w.’'-]*\s+(?:of\s+(?:the\s+)?)?){1,5})$")


# ", the plant manager," / ", Quillmark's chief executive, said": a role in apposition after the name
_APPOSITION = re.compile(r"^,\s+(?:the\s+|its\s+)?(?P<role>(?:[A-Za-z]\w*['’]s\s+)?(?:(?!of\b)[a-z][\w’'-]*\s+){0,3}"
                         r"(?P<head>[a-z]+)(?:\s+of\s+(?:[a-z]+\s+){0,2}[a-z]+)?)"
                         r"(?=\s*[,.;:)]|\s+(?:who|which|said|says|told|added)\b)")


_APPOSITION_BEFORE = re.compile(r"\b(?:[Tt]he|[Ii]ts)\s+(?P<role>(?:[A-Za-z]\w*['’]s\s+)?(?:[a-z][\w’'-]*\s+){0,3}"
                                r"(?P<head>[a-z]+)),\s+$")  # "The opposition leader, Dennis Marchbank"


_ROLE_HEADS = ROLE_NOUNS | TITLE_NOUNS


def role_of(mentions: list[Span], arts: dict[str, Article]) -> str | None:
    """The most frequent capitalised title written right before the name ("US Secretary of State
    Antony Blinken" -> "US Secretary of State"), when it holds a title noun; else the most frequent
    role in apposition ("Robert Tenley, the plant manager," / "The plant manager, Robert Tenley" -> "plant
    manager")."""
    seen: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for m in mentions:
        text = arts[m.article_id].text
        for a in (_APPOSITION.match(text[m.end:m.end + 80]), _APPOSITION_BEFORE.search(text[max(0, m.start - 60):m.start])):
            if a and a.group("head") in _ROLE_HEADS and "former" not in a.group("role").split():
                after[a.group("role")] += 1
                break
        t = _CAP_TITLE.search(text[max(0, m.start - 60):m.start])
        if t:
            words = t.group(1).split()
            ends = [i for i, w in enumerate(words) if w.endswith(".") and not _ABBREV.fullmatch(w)]
            words = words[ends[-1] + 1:] if ends else words  # "… on Monday. Mayor Dougal Faragher": "Mayor"
            if any(w.lower() in TITLE_NOUNS for w in words):
                seen[" ".join(words)] += 1
    if not seen:
        seen = after
    return max(seen, key=lambda r: (seen[r], len(r))) if seen else None


_CAP_WORD = re.compile(r"\b[A-Z][\w’'-]*")
# "the port authority's operations director": the words after a determiner (not "arrested the club's …")
_TITLE_PHRASE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their)\s+(?:[a-z]+\s+){0,2}|\b)[a-z]+['’]s\s+(?:[a-z]+\s+){0,2}"
                           r"(?:" + "|".join(sorted(TITLE_NOUNS)) + r")s?\b")


def name_and_role_words(text: str) -> set[str]:
    """Lower-cased words of ``text`` that only say who someone is: capitalised words (names; a
    sentence's first word too), title nouns, and the possessor of a title ("the union's president",
    "the port authority's operations director"). Two sentences sharing only these are about the same
    person, not the same statement."""
    words = {w.lower().rstrip("'’").removesuffix("'s").removesuffix("’s") for w in _CAP_WORD.findall(text)}
    for m in _TITLE_PHRASE.finditer(text):
        words.update(re.findall(r"[a-z]+", m.group(0).lower()))
    return words | TITLE_NOUNS
