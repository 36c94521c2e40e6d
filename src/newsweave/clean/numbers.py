"""Numbers written as words ("twelve", "Fourteen", "twenty-two"): one table for every rule that
compares the numbers two sentences state (fact alignment, contradictions, citation checks)."""

from __future__ import annotations

_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

#: cardinal words up to ninety-nine, and "hundred", by value
CARDINALS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)}
CARDINALS.update({w: 10 + i for i, w in enumerate(_TEENS)})
for _t, _w in enumerate(_TENS):
    CARDINALS[_w] = 20 + 10 * _t
    CARDINALS.update({f"{_w}-{u}": 20 + 10 * _t + k + 1 for k, u in enumerate(_UNITS)})
CARDINALS["hundred"] = 100

#: the words that state a count: not "one" ("one of the …" is rarely a count)
COUNTS: dict[str, int] = {w: v for w, v in CARDINALS.items() if w != "one"}

#: :data:`COUNTS` longest first, for a regular-expression alternation ("sixteen" before "six")
COUNT_ALTERNATION = "|".join(sorted(COUNTS, key=len, reverse=True))
