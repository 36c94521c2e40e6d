"""Stance verbs: one source reports a denial, another an admission of the same thing."""

from __future__ import annotations

import re

from newsweave.analyze.features import STOP, stem

_DENY = r"den(?:ied|ies|y|ying)|reject(?:ed|s)?|disput(?:ed|es)|refut(?:ed|es)"
_ADMIT = r"admit(?:ted|s)?|confirm(?:ed|s)?|acknowledg(?:ed|es)|conced(?:ed|es)"
_STANCE = re.compile(rf"\b(?:(?P<deny>{_DENY})|(?P<admit>{_ADMIT}))\b(?:\s+(?:that|having|ever))?"
                     r"(?P<obj>(?:\s+[a-z][a-z'’-]*){1,4})")
_CAPS = re.compile(r"\b[A-Z][a-z]{2,}\b")


def stance_pair(a: str, b: str) -> tuple[str, str, str] | None:
    """(object, verb in ``a``, verb in ``b``) when one sentence denies what the other admits or confirms
    ("Cazimir … has denied receiving any payments" / "Cazimir has admitted receiving payments"): the
    first two content words after the verbs agree (stemmed), and a capitalised name before the verb is
    the same (not "Russia denied the attack" / "Ukraine confirmed the attack")."""
    ma, mb = _STANCE.search(a), _STANCE.search(b)
    if not ma or not mb or bool(ma.group("deny")) == bool(mb.group("deny")):
        return None

    def obj(m: re.Match[str]) -> list[str]:
        return [w for w in m.group("obj").split() if w not in STOP][:2]

    oa, ob = obj(ma), obj(mb)
    if len(oa) < 2 or [stem(w) for w in oa] != [stem(w) for w in ob]:
        return None
    if not set(_CAPS.findall(a[:ma.start()])) & set(_CAPS.findall(b[:mb.start()])) - {"The", "But", "And"}:
        return None
    return " ".join(oa), ma.group("deny") or ma.group("admit"), mb.group("deny") or mb.group("admit")


def opposite_stance(a: str, b: str) -> str | None:
    """What one sentence denies and the other admits (:func:`stance_pair`), else None."""
    found = stance_pair(a, b)
    return found[0] if found else None
