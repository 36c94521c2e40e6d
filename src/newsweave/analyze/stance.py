"""Stance verbs: one source reports a denial, another an admission of the same thing."""

from __future__ import annotations

import re

from newsweave.analyze.features import STOP, stem

_DENY = r"den(?:ied|ies|y|ying)|reject(?:ed|s)?|disput(?:ed|es)|refut(?:ed|es)"
_ADMIT = r"admit(?:ted|s)?|confirm(?:ed|s)?|acknowledg(?:ed|es)|conced(?:ed|es)"
# a claim's value that denies: a negation or a denial verb ("did not evacuate", "denied")
DENIES = re.compile(rf"\b(?:not|never|no|n['’]t|neither|nor|without|{_DENY})\b", re.I)
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


_DENIED = re.compile(r"\b(?P<subj>[A-Za-z][a-z'’-]+)\s+(?:did|does|do|has|have|had|was|were|is|are)\s*(?:not|n['’]t)\s+"
                     r"(?P<verb>[a-z]{4,})(?P<obj>(?:\s+[a-z][a-z'’-]*){1,5})")
_PRONOUNS = frozenset("it he she they we i you this that which who there".split())
_NEG_BEFORE = re.compile(r"\b(?:not|never|no|n['’]t)\s+(?:\w+\s+)?$", re.I)
_TOKEN = re.compile(r"[A-Za-z][a-z'’-]*")


def _verb_key(word: str) -> str:
    return stem(word.lower()).rstrip("e")  # "contaminate" / "contaminated"


def _objects(text: str) -> list[str]:
    return [_verb_key(w) for w in _TOKEN.findall(text) if w.islower() and w not in STOP][:2]


def _object_end(text: str, pos: int) -> int:
    """Where the first two content words after ``pos`` end."""
    seen = 0
    for t in _TOKEN.finditer(text, pos):
        if t.group().islower() and t.group() not in STOP:
            seen += 1
            if seen == 2:
                return t.end()
    return pos


def denied_phrase(a: str, b: str) -> tuple[str, str, str] | None:
    """(what, phrase in ``a``, phrase in ``b``) when one sentence says its subject did not do something
    ("the leak did not contaminate the water supply") and the other that it did ("the leak
    contaminated the water supply in Millbank"): the same subject noun within four words before the
    verb, the same verb and the same first two content words after it, and no negation before the
    other's verb. A pronoun subject ("it did not") says too little."""
    for neg_text, other, flip in ((a, b, False), (b, a, True)):
        for m in _DENIED.finditer(neg_text):
            subj = m.group("subj").lower()
            if subj in _PRONOUNS or subj in STOP:
                continue
            obj = _objects(m.group("obj"))
            if len(obj) < 2:
                continue
            verb = _verb_key(m.group("verb"))
            for w in _TOKEN.finditer(other):
                if not w.group().islower() or _verb_key(w.group()) != verb:
                    continue
                before = other[max(0, w.start() - 60):w.start()]
                if _NEG_BEFORE.search(before) or _objects(other[w.end():w.end() + 60]) != obj:
                    continue
                if _verb_key(subj) not in {_verb_key(x) for x in _TOKEN.findall(before)[-4:]}:
                    continue
                phrase_b = other[w.start():_object_end(other, w.end())]
                phrase_a = neg_text[m.end("subj"):_object_end(neg_text, m.start("obj"))].strip()
                what = f"{m.group('verb')} {' '.join(_TOKEN.findall(m.group('obj'))[:3])}"
                return (what, phrase_b, phrase_a) if flip else (what, phrase_a, phrase_b)
    return None
