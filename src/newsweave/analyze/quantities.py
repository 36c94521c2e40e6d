"""Numbers stated in a sentence and the values they allow: the counting half of the contradictions rules.

``number_claims(text)`` gives (value, noun key, surface, start, end) of each number that states one value
of its noun; ``allowed_range`` reads hedges and rounding into the interval a number allows.
"""

from __future__ import annotations

import re

from newsweave.analyze.features import STOP, stem
from newsweave.clean.numbers import COUNT_ALTERNATION, COUNTS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_NUMWORD = COUNTS  # cardinal words but "one"
_NUM = re.compile(r"(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
                  + COUNT_ALTERNATION + r")(?P<mult>\s+(?:million|billion|trillion|thousand|hundred|per\s?cent|%))?"
                  r"\s+(?P<mid>[a-z-]+\s+)??(?P<noun>[a-z]{3,})\b", re.I)
# a day or month after the number is when, not what, it counts: "4.75 percent on Tuesday", "12 on Monday"
_NOT_COUNTED = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december""".split())
_POINTS = re.compile(r"\s*points?\b", re.I)  # "0.5 percentage points" and "0.5 points" are one unit

def is_count_word(surface: str) -> bool:
    """A digit count or a cardinal word alone ("Fourteen", "twenty-two"; not "two million", "hundred")."""
    w = surface.lower()
    return w[:1].isdigit() or (w in _NUMWORD and w != "hundred")


_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "thousand": 1e3, "hundred": 1e2}
_MAGNITUDES = frozenset(_SCALE)
_BARE_PERCENT = frozenset({stem("percent"), stem("per"), stem("cent")})


# a second group counted with the first ("239 passengers and crew", "500 students and teachers")
_AND_GROUP = re.compile(r"\s+(?:and|&)\s+(?:(?:its|their|the)\s+)?(?:crew|crew\s+members|staff|employees|workers|"
                        r"guests|children|adults|teachers|students|officers|soldiers|civilians|passengers|relatives|"
                        r"family\s+members|volunteers|spectators|fans|residents|visitors|pilots)\b", re.I)
# a hyphenated value ("the Active's 6-ounce weight"): no claim of its own, but a second value of its noun
_HYPHENATED = re.compile(r"(?<![\w.,-])(?P<num>\d+(?:\.\d+)?)-(?P<noun>[a-z]{3,})\b", re.I)


def _numbers(text: str) -> list[tuple[float, str, str, int, int]]:
    """(value, noun key, surface, start, end) of each number followed by a noun; years excluded. The
    key is the noun's stem, marked "%" for a percentage ("90 per cent of people" is no count of people)."""
    out = []
    for m in _NUM.finditer(text):
        raw = m.group("num")
        val = float(_NUMWORD[raw.lower()]) if raw.lower() in _NUMWORD else float(raw.replace(",", ""))
        if raw.isdigit() and len(raw) == 4 and 1900 <= val <= 2100 and not m.group("mult"):
            continue
        mult = (m.group("mult") or "").strip().lower()
        val *= _SCALE.get(mult, 1)
        noun = m.group("noun").lower()
        mid = (m.group("mid") or "").strip().lower()
        if noun in _NOT_COUNTED:
            if mult not in ("%", "percent", "per cent"):
                continue  # "12 on Tuesday": a number of no named thing
            noun = "the"  # "4.75 percent on Tuesday": a percentage of something not named
        if not mid and noun in ("percentage", "basis") and _POINTS.match(text, m.end()):
            noun = "points"  # "0.5 percentage points" / "0.25 points"; "50 basis points" is 0.5 points
            val /= 100 if m.group("noun").lower() == "basis" else 1
        if not mult and noun in _MAGNITUDES:  # "$10 million." (the noun slot took the magnitude word)
            mult, noun = noun, "the"
            val *= _SCALE[mult]
        unnamed = mult in _MAGNITUDES and noun in STOP  # "$18.4 billion with its option": billions of something
        key = ("%" if mult in ("%", "percent", "per cent") else "") + stem(mult if unnamed else noun)
        if _AND_GROUP.match(text, m.end()):
            key += "+"  # "239 passengers and crew" counts more than "227 passengers"
        if key in _BARE_PERCENT or (key.startswith("%") and noun in STOP):
            key = "%"  # "just under 50 percent.": a percentage of something not named
        elif unnamed:
            key = "~" + key  # a second value for the sentence's other billions, never a claim of its own
        out.append((val, key, raw + (m.group("mult") or ""), m.start(), m.start("num") +
                    len(raw) + len(m.group("mult") or "")))
    return out


_TO_NUMBER = r"(?:[$£€]\s?)?$"  # what may stand between a hedge and its number: a currency sign, detached or not
_AT_LEAST = re.compile(r"\b(?:more\s+than|over|at\s+least|as\s+(?:little|few|low|short)\s+as|upwards\s+of|in\s+excess\s+of|exceeding|above)\s+" + _TO_NUMBER, re.I)
_AT_MOST = re.compile(r"\b(?:up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than|"
                      r"below|within)\s+" + _TO_NUMBER, re.I)
_THAN = re.compile(r"\bthan\s+" + _TO_NUMBER, re.I)  # a comparison whose direction was lost ("there than 1,000 homes")
_NEARLY = re.compile(r"\b(?:nearly|almost|just\s+under|close\s+to)\s+" + _TO_NUMBER, re.I)
_ABOUT = re.compile(r"\b(?:about|around|roughly|some|approximately|estimated|an\s+estimated|circa|or\s+so)"
                    r"\s+" + _TO_NUMBER, re.I)
ROUND_SHARE = 0.05  # a round number allows at most this share either side
MAX_RATIO = 2.0  # two counts further apart than this are about different things ("$125 billion" / "$360 billion")
TIME_NOUNS = frozenset(stem(w) for w in "years months weeks days hours minutes seconds".split())
# measurement units (a product's specifications, distances) need a closer alignment; durations an event word
UNIT_NOUNS = TIME_NOUNS | frozenset(stem(w) for w in """mph kph km kilometres kilometers miles metres meters feet
inches inch cm mm millimeters millimetres grams ounces kg kilograms pounds tons tonnes kwh kw mw gw watts volts
horsepower hp gb tb mb ghz mhz mah megapixels pixels ppi fps mbps gbps degrees gallons litres liters barrels""".split())
UNIT_PAIR = 0.5
_RANGE_END = re.compile(r"(?:\d|\bzero|\bnil)\s*(?:to|-|–|—|and|or)\s*$", re.I)  # "zero to 60 mph", "2 or 3 years"


def allowed_range(text: str, start: int, value: float, surface: str) -> tuple[float, float]:
    """The values a stated number allows: "more than 30" or "in as little as 30" [30, inf), "up to 5" or
    "within 5" [0, 5], "nearly 25"
    [20, 25], "about 2,300" +-10% (two sources' "about 1,200" and "about 1,500" disagree), and a round number +-half its last significant place, at most 5%
    ("12,000" [11,400, 12,600]); else the value itself."""
    before = text[max(0, start - 25):start]
    lo = hi = value
    digits = re.sub(r"\D", "", surface.split(".")[0])
    if "." not in surface and len(digits.rstrip("0")) <= 2 and len(digits) >= 3:
        half = 10 ** (len(digits) - len(digits.rstrip("0"))) / 2 * (value / float(digits))  # in the value's unit
        half = min(half, ROUND_SHARE * value)
        lo, hi = value - half, value + half
    if _AT_LEAST.search(before):
        return lo, float("inf")
    if _AT_MOST.search(before):
        return 0.0, hi
    if _THAN.search(before):
        return 0.0, float("inf")
    if _NEARLY.search(before):
        return min(lo, 0.8 * value), hi
    if _ABOUT.search(before):
        return min(lo, 0.9 * value), max(hi, 1.1 * value)
    return lo, hi


# a word with a capital right before a decimal, not opening the sentence: a version ("USB 3.0", "MHL 2.0 port"),
# not a count ("In Marrowfield 8,400 residents" is a count)
_MODEL_BEFORE = re.compile(r"(?:(?<=[\w,;:)]\s)|(?<=[/-]))[\w-]*[A-Z][\w-]*\s+$")  # also "micro-USB 3.0/MHL 2.0"
# nouns that say nothing of what was counted: the words around the number must share a predicate
GENERIC_NOUNS = frozenset(stem(w) for w in "people persons men women children others".split())


def predicate_words(text: str, pos: int) -> set[str]:
    """Lower-case content-word stems within four words either side of ``pos`` ("killed 127 people",
    "129 people died") in its clause (up to a comma or another number): what the counted are said to
    have done or undergone."""
    head = re.split(r"[,;:]|\d(?=[^\d,.]*$)", text[max(0, pos - 50):pos])[-1]  # this clause, after any other number
    num = re.match(r"[\d,.]+", text[pos:])
    tail = text[pos + (num.end() if num else 0):pos + 60]
    tail = re.split(r"[,;:]|\d", tail)[0]  # "129 people killed in Paris, 352 were injured": not "injured"
    before = [w for w in _WORD.findall(head) if w.islower()][-4:]
    after = [w for w in _WORD.findall(tail) if w.islower()][:5]  # the noun, then four
    return {stem(w) for w in before + after if w not in STOP and w not in GENERIC_NOUNS
            and stem(w) not in _BARE_PERCENT}


_CALENDAR = frozenset(stem(w) for w in """january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday gmt utc bst est edt pst pdt""".split())


# a number that names rather than counts: "Episode 7 recap", "Flight 370 debris", "the 2200 block of ..."
_LABEL_BEFORE = re.compile(r"\b(?:episode|season|chapter|part|volume|vol\.|issue|no\.|number|page|section|article|"
                           r"route|highway|interstate|flight|room|gate|platform|exit|level|phase|stage|round|game|"
                           r"week|grade|class|category|type|model|version|series|bus|line|channel|district|ward|"
                           r"precinct|unit|apartment|suite|lot|pier|terminal|runway|amendment|title|item|step|"
                           r"day|year|division|squad|tier|band|row|seat|block|lane|street|avenue|road|box)\s+$", re.I)
_ADDRESS_AFTER = re.compile(r"\s+block\s+of\b", re.I)


def _label(text: str, n: tuple[float, str, str, int, int]) -> bool:
    """Does the number ``n`` (from :func:`_numbers`) name something rather than count it?"""
    start, end = n[3], n[4]
    return bool(_LABEL_BEFORE.search(text[max(0, start - 20):start]) or _ADDRESS_AFTER.match(text, end))


_YEAR_REF = re.compile(r"\b(?:(?:19|20)\d\d|(?:this|last|next|the previous|the coming)\s+(?:year|month|week)|"
                       r"january|february|march|april|june|july|august|september|october|november|december|"
                       r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)  # not "may": a verb as often


PERIOD_WINDOW = 80  # characters between a number and the period it is counted in


def period_of(text: str, start: int, end: int) -> str | None:
    """The period a number at ``text[start:end]`` is counted in: the nearest year, month or day phrase
    ("in 2020", "this year", "last month", "on Tuesday") within :data:`PERIOD_WINDOW` characters; counts
    of different periods may differ ("140 rockets on Tuesday" / "180 on Wednesday"), and "by Saturday
    evening had burned 8,900 acres" is Saturday's, not the Thursday the fire broke out on before it."""
    best, gap = None, PERIOD_WINDOW + 1
    for m in _YEAR_REF.finditer(text):
        d = start - m.end() if m.end() <= start else m.start() - end if m.start() >= end else 0
        if d < gap:
            best, gap = m.group().lower(), d
    return best


_QUALIFIER = {
    "requirement": re.compile(r"\b(?:minimum|maximum|needed|required|requires?|target|goal|threshold|quota)\b", re.I),
    "average": re.compile(r"\b(?:average|averaged|averaging|median)\b", re.I),
    "intended": re.compile(r"\b(?:hopes?|hoping|plans?|planning|aims?|aiming|wants?|seeks?|seeking|would|could|"
                           r"might|promised|vowed)\b", re.I),
}


def qualifiers(text: str, pos: int) -> frozenset[str]:
    """What the clause before a number says it is, if not a count of what happened: a requirement ("the
    minimum needed to trigger a recall was 540,208"), an average ("an average of 238,000 jobs") or an
    intended value ("hopes to ... by downing a record 70 hot dogs")."""
    clause = re.split(r"[,;:—–(]", text[max(0, pos - 90):pos])[-1]
    return frozenset(k for k, rx in _QUALIFIER.items() if rx.search(clause))


def number_claims(text: str) -> list[tuple[float, str, str, int, int]]:
    """The numbers of ``text`` that state one value of their noun: not a range's end ("zero to 60
    mph", "230 miles to more 300 miles") and not one of several values the sentence gives the same
    noun ("71 kWh and 95 kWh", "5.57 ounces, … the Active's 6-ounce weight": variants side by side)."""
    nums = [n for n in _numbers(text) if n[1] not in _CALENDAR  # "16 March" is a date, not 16 of something
            and n[1].lstrip("%~") not in STOP and not _label(text, n)
            and not ("." in n[2] and _MODEL_BEFORE.search(text[max(0, n[3] - 30):n[3]]))]
    per_key: dict[str, set[float]] = {}
    for v, k, *_ in nums:
        per_key.setdefault(k.lstrip("~"), set()).add(v)
    for h in _HYPHENATED.finditer(text):
        noun = h.group("noun").lower()
        for k in {stem(noun), stem(noun + "s")} & per_key.keys():  # "6-ounce" is a value of "ounces"
            per_key[k].add(float(h.group("num")))
    return [n for n in nums if not n[1].startswith("~") and len(per_key[n[1]]) == 1
            and not _RANGE_END.search(text[max(0, n[3] - 12):n[3]])]


_ORDINAL = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|other|another)\b",
                      re.I)


# an increment, not a total: "Another 22 countries have contributed", "22 more countries", "a further 300"
_MORE_BEFORE = re.compile(r"\b(?:another|an\s+additional|a\s+further|a\s+total\s+of\s+another|further|additional)\s+"
                          + _TO_NUMBER, re.I)
_MORE_AFTER = re.compile(r"[\d,.]*(?:\s+(?:million|billion|thousand|hundred))?\s+(?:more|additional|extra|further|new)\b",
                         re.I)
INCREMENT = "+more"


def ordinals(text: str, pos: int) -> set[str]:
    """Ordinal words in the 80 characters before ``pos`` ("the second nugget was 40 percent ...", "the
    first restaurant's nugget was 50 percent ..."): which of several like things the number is about;
    :data:`INCREMENT` when the number counts more of them ("Another 22 countries", "22 more")."""
    out = {m.group().lower() for m in _ORDINAL.finditer(text[max(0, pos - 80):pos])}
    if _MORE_BEFORE.search(text[max(0, pos - 30):pos]) or _MORE_AFTER.match(text, pos):
        out.add(INCREMENT)
    return out


_RESTRICTED = re.compile(r"\s+((?:[a-z-]+\s+){1,2}?)(?:with|who|whose|that|which|where)\b")


def restricted(text: str, end: int) -> bool:
    """Is the count ending at ``end`` narrowed by a relative or "with" clause right after its noun ("the
    970 measles cases with detailed vaccination data"): a subset, not the whole another source counts?
    ("the 230 people on that aircraft" is not: a preposition comes first.)"""
    m = _RESTRICTED.match(text, end)
    return bool(m) and not any(w in STOP for w in m.group(1).split())


# the value a sentence says something was changed to ("was lowered by an arbitrator today to 162 games"):
# the other source may give the value before the change
_CHANGED_TO = re.compile(r"\b(?:lower|reduc|cut|rais|increas|trimm|revis|boost|slash|downgrad|upgrad|extend|"
                         r"shorten|chang|adjust|amend|push|par)\w*\b[^.;:]{0,60}?\bto\s+(?:about\s+|nearly\s+|"
                         r"just\s+|only\s+|around\s+)?" + _TO_NUMBER, re.I)


def changed_to(text: str, start: int) -> bool:
    """Is the number at ``start`` the new value of a change the sentence reports?"""
    return bool(_CHANGED_TO.search(text[max(0, start - 90):start]))


def traits(text: str, start: int, end: int) -> tuple[frozenset[str], bool, bool, frozenset[str]]:
    """What a number claim (``text[start:end]``) is about beyond its noun: its ordinals, whether it is
    narrowed by a clause, whether it is the new value of a change, and its qualifiers."""
    return (frozenset(ordinals(text, start)), restricted(text, end), changed_to(text, start),
            qualifiers(text, start))


def other_things(a: tuple[frozenset[str], bool, bool, frozenset[str]],
                 b: tuple[frozenset[str], bool, bool, frozenset[str]]) -> bool:
    """Do two claims' :func:`traits` say they count different things? Different ordinals ("the second
    nugget" / "the first restaurant's nugget"), a subset ("the 970 cases with detailed data"), a changed
    value ("was lowered to 162 games"), an increment ("another 22") or a requirement, average or intent on
    one side only."""
    if (INCREMENT in a[0]) != (INCREMENT in b[0]):
        return True  # "Another 22 countries" adds to a total the other source may give
    return bool(a[0] and b[0] and not a[0] & b[0]) or a[1:] != b[1:]


_PLACE_AFTER = re.compile(r"\b(?:in|at|near|outside|inside|across)\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s*){1,3})")


def place_after(text: str, end: int) -> set[str]:
    """Capitalised names after "in / at / near ..." in the clause right after a count ("129 people
    killed in Paris", "were killed at the Bataclan"): where the counted were."""
    clause = re.split(r"[,;:.]\s", text[end:end + 80])[0]
    return {w for m in _PLACE_AFTER.finditer(clause) for w in m.group(1).split()}


def transposed(a: str, b: str) -> bool:
    """Two whole numbers of two or more digits written with the same digits in another order ("14" /
    "41", "1,250" / "1,520")?"""
    da, db = a.replace(",", ""), b.replace(",", "")
    return da.isdigit() and db.isdigit() and len(da) >= 2 and da != db and sorted(da) == sorted(db)
