"""Role phrases around a person's name, for the one-role-two-people contradiction rule: "chief
information security officer, NAME", "NAME, Quillmark's chief … officer", "The ship's master, Captain
NAME" (``analyze/contradictions.py``)."""

from __future__ import annotations

import re

_POSS = r"(?P<role>[a-z]+['’]s\s+(?:[a-z]+\s+){0,2}[a-z]+)"
_POSS_BEFORE = re.compile(rf"\b(?:[Tt]he|[Ii]ts)\s+{_POSS},\s+(?:[A-Z][a-z]+\.?\s+)?$")
_POSS_AFTER = re.compile(rf"^,\s+(?:the|its)\s+{_POSS}(?=\s*[,.;])")
_GENERIC_OWNERS = frozenset("company firm group country nation state city government party organisation "
                            "organization agency team club family".split())
_CREW_ROLES = frozenset("master skipper captain pilot".split())
_ROLE_BEFORE = re.compile(r"(?<![A-Za-z])(?P<role>(?:[a-z][a-z-]+\s+){1,6}[a-z][a-z-]+),?\s*$")
ROLE_NOUNS = frozenset("""officer minister secretary director chief executive president spokesperson spokesman
spokeswoman chair chairman chairwoman commissioner mayor leader head manager editor analyst adviser advisor
governor ambassador diplomat engineer inspector founder general judge prosecutor premier senator councillor
treasurer auditor controller coordinator superintendent captain commander""".split())
_ROLE_AFTER = re.compile(r"^,\s+(?:the\s+|[A-Z][\w]*['’]s\s+)?(?P<role>(?:[a-z][a-z-]+\s*){3,7}?)(?=[,.;]|\s+(?:at|of|for|who|and)\b)")
_ROLE_STOP = frozenset("the a an his her their its and or but with by from to of in on at for who which that "
                       "said says told former then was is has had".split())


def _possessed_role(text: str, start: int, end: int) -> str | None:
    """A role held of something the story names once, in an apposition: "The ship's master, Captain
    NAME" or "NAME, the ship's master," (not of a generic possessor: "the company's chief executive"
    may be two companies' in one story)."""
    m = _POSS_BEFORE.search(text[max(0, start - 80):start]) or _POSS_AFTER.match(text[end:end + 80])
    if not m:
        return None
    words = m.group("role").replace("’", "'").split()
    if words[0].removesuffix("'s") in _GENERIC_OWNERS or words[-1] not in ROLE_NOUNS | _CREW_ROLES:
        return None
    return " ".join(words)


_DEF_BEFORE = re.compile(r"\b[Tt]he\s+(?P<role>[a-z]+\s+[a-z]+),\s+$")
_DEF_AFTER = re.compile(r"^,\s+the\s+(?P<role>[a-z]+\s+[a-z]+)(?=\s*[,.;])")
# first words of two-word roles that several people hold at once ("a deputy mayor", "the union leader"
# of one of two unions)
_SHARED_FIRST = _GENERIC_OWNERS | frozenset("""union deputy assistant vice senior junior local former acting
interim associate regional district area branch shop""".split())


def _definite_role(text: str, start: int, end: int) -> str | None:
    """A two-word role with "the" in an apposition: "The plant manager, NAME" / "NAME, the plant manager,"
    (not one several people hold at once: "the deputy mayor", "the union leader")."""
    m = _DEF_BEFORE.search(text[max(0, start - 40):start]) or _DEF_AFTER.match(text[end:end + 40])
    if not m:
        return None
    words = m.group("role").split()
    if words[0] in _SHARED_FIRST | _ROLE_STOP or words[-1] not in ROLE_NOUNS:
        return None
    return " ".join(words)


def role_phrase(text: str, start: int, end: int) -> str | None:
    """A role phrase of >= 3 lower-case words right before ("chief ... officer, NAME") or after
    ("NAME, Quillmark's chief ... officer") a mention, a possessed role (:func:`_possessed_role`) or a
    definite two-word one (:func:`_definite_role`); None when there is none or it says "former"."""
    if poss := _possessed_role(text, start, end) or _definite_role(text, start, end):
        return poss
    m = _ROLE_BEFORE.search(text[max(0, start - 80):start])
    words: list[str] = []
    if m:
        words = m.group("role").split()
        while words and words[0] in _ROLE_STOP:
            words = words[1:]
        if any(w in _ROLE_STOP for w in words):
            words = words[max(i for i, w in enumerate(words) if w in _ROLE_STOP) + 1:]
    if len(words) < 3:
        m2 = _ROLE_AFTER.match(text[end:end + 100])
        words = m2.group("role").split() if m2 else []
    if len(words) < 3 or any(w in _ROLE_STOP for w in words) or words[-1] not in ROLE_NOUNS:
        return None
    return " ".join(words)
