"""Publication dates: normalise metadata dates, find dates in URLs and in the first paragraphs.

A date in the text counts only when it is complete (day, month and year). Partial dates such as
"Sunday, June 18" give no year: they are kept as candidates for the timeline layer, not guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {m: i for i, ms in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in ms}
# month names as news text writes them: capitalised ("June", "Jan.", "Sept."), never the verb "may"
_MON = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
       r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|" \
       r"JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?"
_WDAY = r"(?:(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WDAY_BEFORE = re.compile(rf"{_WDAY}$", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_URL = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\b)")
_URL8 = re.compile(r"/(20\d{2})(\d{2})(\d{2})(?:/|-|_|\b)")


BODY_DATE = "date_from_body"  # Article.meta flag: ``published`` is the first full date of the body, not a date line


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        dt = date(y, m, d)
    except ValueError:
        return None
    return dt.isoformat() if 1900 <= y <= date.today().year + 1 else None


def iso_date(value: object) -> str | None:
    """Any metadata date (ISO string, RFC 2822, 'June 18, 2023', datetime, Unix seconds or milliseconds)
    -> 'YYYY-MM-DD' or None."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return _mk(value.year, value.month, value.day)
    s = str(value).strip()
    if not s:
        return None
    if not isinstance(value, bool) and re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):  # Unix time, seconds or ms
        secs = float(s) / (1000 if float(s) > 1e11 else 1)
        when = datetime.fromtimestamp(secs, tz=UTC)
        return _mk(when.year, when.month, when.day) if 1990 <= when.year <= 2100 else None
    m = _ISO.search(s[:40])
    if m:
        return _mk(int(m[1]), int(m[2]), int(m[3]))
    try:
        dt = parsedate_to_datetime(s)
        return _mk(dt.year, dt.month, dt.day)
    except (TypeError, ValueError, IndexError):
        pass
    found = full_dates(s[:80])
    return found[0] if found else None


_MDY_END = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)$")
_DMY_END = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+$")


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3]]


YEAR_MENTION = re.compile(r"\b(19[5-9]\d|20\d\d)\b")  # a year a text may speak of
# a year as a time ("in 2019", "since 2019", "June 12, 1987"), not a label ("the 2025 budget", "its 2025 model")
_YEAR_AS_TIME = re.compile(r"(?:\b(?i:in|since|during|from|of|early|late|mid|spring|summer|autumn|fall|winter|year)\s+"
                           r"|\b[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?|(?i:mid)-)$")
_CLAUSE_TO_COME = re.compile(r"\b(?:will|would|expected|due|plans?|planned|scheduled|slated|set\s+to|aims?|"
                             r"targets?|hopes?|next)\b|\b(?:by|until|till|before|through|to)\s+$|[-–]\s*$", re.I)


def latest_past_year(text: str) -> int:
    """The latest year ``text`` mentions as having been (0 if none); years of its clause's plans ("is
    expected to open in 2028", "by 2030") left out. A full date of an earlier year is history ("the
    bridge, which opened on June 12, 1987, …" in a text that says "since 2019"), not when it was written."""
    best = 0
    for m in YEAR_MENTION.finditer(text):
        clause = re.split(r"[.;:!?,]", text[max(0, m.start() - 100):m.start()])[-1]
        if _YEAR_AS_TIME.search(text[max(0, m.start() - 20):m.start()]) and not _CLAUSE_TO_COME.search(clause):
            best = max(best, int(m.group(1)))
    return best


def full_dates(text: str) -> list[str]:
    """ISO dates of every complete date written in ``text``, in order of appearance.

    Years are found first (rare), then the month and day are looked for just before each one.
    """
    hits: list[tuple[int, str]] = []
    for y in _YEAR.finditer(text):
        year = int(y.group())
        if text[y.end() : y.end() + 1] == "-":
            iso = _ISO.match(text, y.start())
            if iso and (d := _mk(year, int(iso[2]), int(iso[3]))):
                hits.append((y.start(), d))
            continue
        lo = max(0, y.start() - 24)
        win = text[lo : y.start()]
        if m := _MDY_END.search(win):
            d = _mk(year, _month(m[1]), int(m[2]))
        elif m := _DMY_END.search(win):
            d = _mk(year, _month(m[2]), int(m[1]))
        else:
            continue
        if d:
            hits.append((lo + m.start(), d))
    return [d for _, d in sorted(hits)]


_DAY_AFTER = re.compile(r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")
_MON_AT = re.compile(rf"\b{_MON}(?![a-z])")


def partial_dates(text: str) -> list[str]:
    """Date expressions without a year ('Sunday, June 18'): candidates, never a publication date."""
    out: list[str] = []
    for m in _MON_AT.finditer(text):
        after = _DAY_AFTER.match(text, m.end())
        if after:
            start, end = m.start(), after.end()
        else:
            before = _DAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
            if not before or re.match(r",?\s+\d{4}", text[m.end() : m.end() + 7]):
                continue
            start, end = m.start() - (len(text[max(0, m.start() - 12) : m.start()]) - before.start()), m.end()
        wd = _WDAY_BEFORE.search(text[max(0, start - 12) : start])
        out.append(((wd.group(0) if wd else "") + text[start:end]).strip(" ,."))
        if len(out) >= 10:
            break
    return out


def url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL.search(url) or _URL8.search(url)
    return _mk(int(m[1]), int(m[2]), int(m[3])) if m else None
