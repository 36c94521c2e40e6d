"""Publication dates: normalise metadata dates, find dates in URLs and in the first paragraphs.

A date in the text counts only when it is complete (day, month and year). Partial dates such as
"Sunday, June 18" give no year: they are kept as candidates for the timeline layer, not guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {m: i for i, ms in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in ms}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WDAY = r"(?:(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MDY = re.compile(rf"{_WDAY}?\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})\b", re.I)
_DMY = re.compile(rf"{_WDAY}?\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(\d{{4}})\b", re.I)
_PARTIAL = re.compile(rf"{_WDAY}?\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})"
                      rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?!,?\s+\d{{4}})", re.I)
_URL = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\b)")
_URL8 = re.compile(r"/(20\d{2})(\d{2})(\d{2})(?:/|-|_|\b)")


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        dt = date(y, m, d)
    except ValueError:
        return None
    return dt.isoformat() if 1900 <= y <= date.today().year + 1 else None


def iso_date(value: object) -> str | None:
    """Any metadata date (ISO string, RFC 2822, 'June 18, 2023', datetime) -> 'YYYY-MM-DD' or None."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return _mk(value.year, value.month, value.day)
    s = str(value).strip()
    if not s:
        return None
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


def full_dates(text: str) -> list[str]:
    """ISO dates of every complete date written in ``text``, in order of appearance."""
    hits: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        d = _mk(int(m[1]), int(m[2]), int(m[3]))
        if d:
            hits.append((m.start(), d))
    for m in _MDY.finditer(text):
        d = _mk(int(m[4]), MONTHS[m[2].lower().rstrip(".")[:3] if m[2].lower()[:4] != "sept" else "sep"], int(m[3]))
        if d:
            hits.append((m.start(), d))
    for m in _DMY.finditer(text):
        d = _mk(int(m[4]), MONTHS[m[3].lower().rstrip(".")[:3] if m[3].lower()[:4] != "sept" else "sep"], int(m[2]))
        if d:
            hits.append((m.start(), d))
    return [d for _, d in sorted(hits)]


def partial_dates(text: str) -> list[str]:
    """Date expressions without a year ('Sunday, June 18'): candidates, never a publication date."""
    return [m.group(0).strip(" ,") for m in _PARTIAL.finditer(text)][:10]


def url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL.search(url) or _URL8.search(url)
    return _mk(int(m[1]), int(m[2]), int(m[3])) if m else None
