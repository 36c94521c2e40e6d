"""Timeline stage: reference dates per article, then rule-based resolution of date expressions.

Reference date of an article (``story.meta["reference_dates"]``):

1. its ``published`` date (metadata, HTML, URL) -- mode ``past``: a bare weekday is the most recent
   such day on or before it (the next one when the verb is future: "will", "is expected to");
2. else the earliest date of a near-duplicate copy (``meta["copies"]``: the same text was out by
   then) -- mode ``past`` too;
3. else the latest explicit date in its text: "Sunday, June 18" ties down the year (the year, near
   the story's other year clues, in which June 18 is a Sunday); "June 18, 2023" is explicit;
4. else the story anchor: the earliest reference date among the story's other articles.
   For 3 and 4 (mode ``near``) a bare weekday is the such day up to four days back, else the next
   one (the article may be from a day or two after the anchor; news mostly reports the past).

Expressions (each a rule tested in ``tests/analyze/test_timeline.py``): weekdays ("on Sunday",
"Sunday's", "last/next Monday"; not names such as "Black Friday" or "the Sunday Times"), day+month
with optional weekday/year, "in/last/next <Month>",
"earlier/later this month/year", "last/next month/year", "yesterday/today/tomorrow", "in <year>",
"two days ago", and offsets from a day just named ("the following day", "three days later").
Entries with the same date and a similar event sentence merge across sources.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from newsweave.analyze.date_offsets import SMALL, offsets
from newsweave.analyze.features import analyse
from newsweave.analyze.lang import skipped_articles
from newsweave.analyze.tense import (
    _PAST_VERB_NEAR,
    IRREGULAR_PAST,
    PAST_OF_FUTURE,
    is_future,
    is_past,
)
from newsweave.clean.dates import BODY_DATE, YEAR_MENTION, latest_past_year
from newsweave.clean.quality import eligible
from newsweave.clean.sentences import is_dateline
from newsweave.dedup.heads import copy_date
from newsweave.model import Article, Span, Story, TimelineEntry
from newsweave.pipeline import RunContext

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS.pop("may", None)
MONTHS["may"] = 5
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
        r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")  # a full name takes no dot: "on 10 November."
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SP = r"[^\S\n]+"  # spaces within a line: "4\n\nFebruary 1996" is a list number, then a month
FULL = (re.compile(rf"(?:{_WD},?{_SP})?{_MON}{_SP}{_DAY}(?:,?{_SP}{_YEAR})?(?![\w])"),
        re.compile(rf"(?:{_WD},?{_SP})?(?:the{_SP})?{_DAY}{_SP}(?:of{_SP})?{_MON}(?:,?{_SP}{_YEAR})?(?![\w])"))
WEEKDAY = re.compile(rf"(?:(?P<rel>(?i:last|next|this|on|since|until|by|late|early))\s+)?{_WD}(?P<poss>['’]s)?\b")
MONTH = re.compile(
    rf"\b(?P<rel>(?i:in|last|next|this|since|until|into|during|by|early|late|mid|mid-|from))\s+(?:early\s+|late\s+|mid-?)?"
    rf"{_MON}(?:\s+(?:of\s+)?{_YEAR}|\s+(?:of\s+)?(?P<yrel>last|next|this)\s+year)?\b(?!\s+\d)")
# "over the next year", "in the last month" are spans of time running up to now, not calendar units
RELATIVE = re.compile(
    r"\b(?P<expr>(?:earlier|later)\s+this\s+(?P<u1>month|year)|(?<!the\s)(?P<rel>last|next|this)\s+(?P<u2>month|year)"
    r"|since\s+the\s+(?:beginning|start)\s+of\s+the\s+(?P<u3>month|year)|yesterday|today|tomorrow)\b", re.I)
YEAR_ONLY = re.compile(rf"\b(?i:in|during)\s+(?:(?i:early|late|mid-?)\s*)?{_YEAR}\b(?![-–/]\d)")  # not a season "2001-02"
# "two days ago": day-precision only for a few days (a week or more ago is no day a reader can check)
DAYS_AGO = re.compile(r"(?<![\d.,])\b(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+ago\b", re.I)
NEAR_BACK_DAYS = 4  # "near" mode: up to 4 days back, else forward (news mostly reports the past)


@dataclass
class Ref:
    date: dt.date
    mode: str  # "past" (a publication date) or "near" (an event date or the story anchor)
    source: str


AFTER_CLUES = 3  # a date written with its weekday lies at most this many years after the latest clue year


def _weekday_year(wd: int, month: int, day: int, clues: list[int]) -> int | None:
    """The year in which ``month/day`` falls on weekday ``wd``: a clue year or the year after one (a
    December story's "Sunday, January 5"), latest first; else the first within :data:`AFTER_CLUES`
    years after the latest clue (the seeds name 2018 and 2021, and "Sunday, June 18" is 2023); None
    otherwise. Years before the latest clue are not searched: a weekday recurs every 5-11 years, and
    "Sunday, March 9" in a story that says "built in 1987" is not 1986."""
    if not clues:
        return None
    exact = sorted({c + k for c in clues for k in (0, 1)}, reverse=True)
    for y in [*exact, *range(max(clues) + 2, max(clues) + AFTER_CLUES + 1)]:
        try:
            if dt.date(y, month, day).weekday() == wd:
                return y
        except ValueError:
            continue
    return None


def _near_year(month: int, day: int, ref: dt.date, weekday: int | None = None, tense: str | None = None
               ) -> dt.date | None:
    """``month/day`` in the year that puts it nearest to ``ref`` (the year before to next): only on
    ``weekday`` if given ("Sunday, June 15" said in June 2025 is 2025, whatever later years the story
    names); on or before ``ref`` for a past-tense clause, on or after it for a future one."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if (weekday is None or d.weekday() == weekday) and not (
                (tense == "past" and d > ref) or (tense == "future" and d < ref)):
            cands.append(d)
    return min(cands, key=lambda d: abs((d - ref).days)) if cands else None


_PAST_SENTENCE = re.compile(
    rf"\b(?:was|were|had|did|[a-z]{{3,}}ed|{IRREGULAR_PAST}|hit|cut|shut|put|beat|ate|drove|spoke|wrote|stole)\b")
# a past perfect just before "by <weekday>": what had happened by that day ("had returned by Sunday")
_HAD_BY = re.compile(r"\bhad\s+(?:(?:already|all|largely|mostly|\w+ly)\s+)?(?:been\s+)?[a-z]{3,}(?:ed|en|t|wn|ne)\s+$")
# a weekday opening its sentence, then a future verb: "Friday will be a day of homage"
_SUBJECT_DATE = re.compile(rf"{_WD}(?:['’]s)?")
_FUTURE_AFTER = re.compile(r"(?:\s+\w+){0,3}?\s+(?:will|shall|is\s+(?:due|expected|set|going)\s+to)\b")
# a past verb right after a date: "A hot-fire test on Dec. 3 ended early"
_PAST_AFTER = re.compile(r"\s*(?:,\s*\d{4},?)?\s+(?:(?:was|were|had|did)\b|[a-z]{3,}ed\b(?!\s+(?:by|to)\b))")


def _tense_at(text: str, start: int, end: int) -> str | None:
    """"future", "past" or None (undecided) for the clause of a date at ``text[start:end]``."""
    before = text[max(0, start - 200):start]
    before = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", before)[-1]
    if PAST_OF_FUTURE.search(before):
        return None  # "had expected the trial to start on June 3": a plan, either side of the writing
    if is_future(before):
        return "future"
    if is_past(before) or _PAST_VERB_NEAR.search(before) or _PAST_AFTER.match(text, end):
        return "past"
    return None


def explicit_dates(text: str, clues: list[int], ref: dt.date | None = None, tense: bool = False
                   ) -> list[tuple[int, int, dt.date]]:
    """Day-precision dates written out in ``text``: (start, end, date). Without a year, a weekday
    ties the year down (near ``clues``); else the year nearest ``ref`` (with ``tense``, ``ref`` being
    the publication date: on the side of it the clause's tense says); else it is skipped."""
    out = []
    for m in (m for pat in FULL for m in pat.finditer(text)):
        mon = MONTHS.get(m.group("mon").lower().rstrip("."))
        day = int(m.group("day"))
        if not mon or not 1 <= day <= 31:
            continue
        try:
            if m.group("year"):
                d = dt.date(int(m.group("year")), mon, day)
            elif m.group("wd"):
                wd = WEEKDAYS.index(m.group("wd").lower())
                near = _near_year(mon, day, ref, wd) if ref is not None else None
                y = near.year if near else _weekday_year(wd, mon, day, clues)
                if y is None:
                    continue
                d = dt.date(y, mon, day)
            elif ref is not None:
                d = _near_year(mon, day, ref, tense=_tense_at(text, m.start(), m.end()) if tense else None)
                if d is None:
                    continue
            else:
                continue
        except ValueError:
            continue
        out.append((m.start(), m.end(), d))
    return out


def year_clues(story: Story) -> list[int]:
    """Years the story mentions or is dated in: what ties down a year-less "Sunday, June 18"."""
    return sorted({int(y) for a in story.articles for y in YEAR_MENTION.findall(a.text)}
                  | {int(a.published[:4]) for a in story.articles if a.published and a.published[:4].isdigit()})


def reference_dates(story: Story) -> dict[str, Ref]:
    """Reference date of every article that can have one (see the module rules)."""
    clues = year_clues(story)
    refs: dict[str, Ref] = {}
    for a in story.articles:
        if a.published:
            try:
                # a date read from the body ("got through Dec. 31, 2019") may precede the writing
                mode = "near" if a.meta.get(BODY_DATE) else "past"
                refs[a.id] = Ref(dt.date.fromisoformat(a.published[:10]), mode, a.date_source or "metadata")
                continue
            except ValueError:
                pass
        lent = copy_date(a)  # a near-duplicate's (dedup.heads)
        if lent is not None:
            refs[a.id] = Ref(lent, "past", "copy")
            continue
        dates = explicit_dates(a.text, clues)
        if dates:
            latest = latest_past_year(a.text)
            dates = [x for x in dates if x[2].year >= latest]
        if dates:
            refs[a.id] = Ref(max(d for _, _, d in dates), "near", "text")
    if refs and news_cycle(story, refs):
        anchor = min(r.date for r in refs.values())
        for a in story.articles:
            refs.setdefault(a.id, Ref(anchor, "near", "story"))
    return refs


CYCLE_DAYS = 14  # the dated articles of one news cycle were written within this many days of each other
CYCLE_PER_DATED = 5  # ... and each dated article vouches for at most this many undated ones


def news_cycle(story: Story, refs: Mapping[str, Ref]) -> bool:
    """May the story's undated articles be read as written when its dated ones were? Only when its
    own dates (``refs`` other than the story fallback) lie within :data:`CYCLE_DAYS` of each other and
    there are at most :data:`CYCLE_PER_DATED` undated articles per dated one (one if none is dated):
    five reports of a visit around one dated page, not thirty pages on a topic written over a year
    around one date read from one of them."""
    own = [r.date for r in refs.values() if r.source != "story"]
    if own and (max(own) - min(own)).days > CYCLE_DAYS:
        return False
    return len(story.articles) - len(own) <= CYCLE_PER_DATED * max(len(own), 1)


def resolve_weekday(wd: int, ref: Ref, rel: str | None, future: bool, reported: bool = False,
                    past: bool = False) -> dt.date:
    """A bare weekday against ``ref`` (rules in the module docstring); ``reported``: a reported future
    ("said the union would meet on Thursday"), the nearest such day either way."""
    delta = (ref.date.weekday() - wd) % 7  # days back to the most recent such weekday (0 = same day)
    back = ref.date - dt.timedelta(days=delta)
    fwd = ref.date + dt.timedelta(days=(wd - ref.date.weekday()) % 7)
    if rel == "last":
        return back if delta else back - dt.timedelta(days=7)
    if rel == "next":
        return fwd if fwd != ref.date else fwd + dt.timedelta(days=7)
    if rel == "this" and not past:  # "flies out this Sunday": the coming one ("reopened this Monday": below)
        return fwd
    if future:
        return fwd
    if reported:
        return back if delta <= 3 else fwd
    if ref.mode == "past":
        return back
    return back if delta <= NEAR_BACK_DAYS else fwd


def _month(mon: int, year: int | None, rel: str, ref: Ref | None, future: bool,
           yrel: str | None = None, past: bool = False) -> str | None:
    """A month expression: explicit year; "<Month> last/next/this year"; "this <Month>" (this year);
    "last <Month>" (the most recent one before the reference month); "next <Month>", a future clause,
    or "into/until/by <Month>" unless the clause is past tense ("was closed until March"): the next
    one (this month included except after "next"); else, in news' past tense, the most recent such
    month (this one included)."""
    if year:
        return f"{year:04d}-{mon:02d}"
    if ref is None:
        return None
    r = ref.date
    if yrel:
        y = r.year + {"last": -1, "next": 1}.get(yrel.lower(), 0)
    elif rel == "this":
        y = r.year
    elif rel == "last":
        y = r.year if mon < r.month else r.year - 1
    elif rel == "next":
        y = r.year if mon > r.month else r.year + 1
    elif (rel in ("into", "until", "by") and not past) or (future and rel != "since"):
        y = r.year if mon >= r.month else r.year + 1
    else:  # "in February" in past-tense news: the most recent such month, this one included
        y = r.year if mon <= r.month else r.year - 1
    return f"{y:04d}-{mon:02d}"


@dataclass
class _Hit:
    date: str
    precision: str
    expr: Span
    sent: Span


def _sentence(art: Article, pos: int) -> tuple[int, int]:
    return art.sentence_at(pos) or (max(0, art.text.rfind("\n", 0, pos) + 1), len(art.text))


# "Today, X are rare": a sentence opening "Today," with a present-tense generic clause means nowadays
_NOWADAYS = re.compile(r"Today,\s+(?:[\w'’-]+\s+){0,5}?(?:is|are|has|have|remains?|can|do|does|there\s+(?:is|are))\b"
                       r"(?![^.;]*\b(?:said|announced|told|confirmed|reported)\b)")
# a weekday that is part of a name: "Black Friday", "Super Tuesday", "the Sunday Times", "Monday Night Football"
_NAMED_BEFORE = re.compile(r"(?:\b(?:Black|Cyber|Good|Super|Ash|Maundy|Holy|Easter|Palm|Giving|Bloody|Shrove|Whit|"
                           r"Fat|Blue|Small\s+Business|Travel|Mad)\s+)$")
_NAMED_AFTER = re.compile(r"^\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Independent|Star|Mail|Tribune|"
                          r"Night\s+(?:Football|Live|Raw|Lights)|Morning\s+Quarterback|"
                          r"(?:school|schools|brunch|roast|best|league|papers?)\b)\b")
# "March 26, Thursday": the weekday only restates the date written before it
_DATE_BEFORE = re.compile(r"(?:\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\b\d{1,2}\s+[A-Z][a-z]{2,8}),\s*$")


def named_day(text: str, start: int, end: int) -> bool:
    """Is the weekday at ``text[start:end]`` part of a name rather than a date?"""
    return bool(_NAMED_BEFORE.search(text[max(0, start - 20):start]) or _NAMED_AFTER.match(text[end:end + 30])
                or _DATE_BEFORE.search(text[max(0, start - 20):start]))


def article_dates(art: Article, ref: Ref | None, clues: list[int]) -> list[_Hit]:
    """Every resolvable date expression of ``art``."""
    text = art.text
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, date: str, precision: str) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        ss, se = _sentence(art, s)
        if is_dateline(text[ss:se]):
            return  # "BREVNIK, March 14, 2025 —": when it was written (the reference date), not an event
        hits.append(_Hit(date, precision, art.span(s, e), art.span(ss, se)))

    def future_at(s: int, would: bool = True) -> bool:
        start = _sentence(art, s)[0]
        if not text[start:s].strip(" \"“") and (m := _SUBJECT_DATE.match(text, s)) and _FUTURE_AFTER.match(text, m.end()):
            return True  # "Friday will be a day of homage": the day is the subject of a future clause
        return is_future(text[start:s], would)

    for s, e, d in explicit_dates(text, clues, ref.date if ref else None, tense=ref is not None and ref.mode == "past"):
        add(s, e, d.isoformat(), "day")
    for m in WEEKDAY.finditer(text):
        rel = (m.group("rel") or "").lower() or None
        if rel == "by" and _HAD_BY.search(text, _sentence(art, m.start())[0], m.start()):
            rel = None  # "about 900 had returned by Sunday evening": the state that day, not a deadline
        if ref is None or rel in ("since", "until", "by") or named_day(text, m.start("wd"), m.end("wd")):
            continue
        d = resolve_weekday(WEEKDAYS.index(m.group("wd").lower()), ref, rel, future_at(m.start(), would=False),
                            reported=future_at(m.start()),
                            past=rel == "this" and _PAST_SENTENCE.search(text, *_sentence(art, m.start())) is not None)
        add(m.start("wd") if rel in (None, "on") else m.start(), m.end("wd"), d.isoformat(), "day")
    for m in MONTH.finditer(text):
        mon = MONTHS.get(m.group("mon").lower().rstrip("."))
        rel = m.group("rel").lower()
        if not mon or rel in ("since", "from"):
            continue
        val = _month(mon, int(m.group("year")) if m.group("year") else None, rel, ref,
                     future_at(m.start()), m.group("yrel"), past=is_past(text[_sentence(art, m.start())[0]:m.start()]))
        if val:
            add(m.start(), m.end(), val, "month")
    for m in RELATIVE.finditer(text):
        if ref is None:
            continue
        r = ref.date
        x = m.group("expr").lower()
        unit = (m.group("u1") or m.group("u2") or m.group("u3") or "").lower()  # "This Year" in a headline
        rel = (m.group("rel") or "").lower()
        if x in ("yesterday", "today", "tomorrow"):
            opens = not text[_sentence(art, m.start())[0]:m.start()].strip()
            if x == "today" and opens and _NOWADAYS.match(text, m.start()):
                continue  # "Today, plague infections are rare": nowadays, not a date
            d = r + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[x])
            add(m.start(), m.end(), d.isoformat(), "day")
        elif unit == "year":
            add(m.start(), m.end(), str(r.year + {"last": -1, "next": 1}.get(rel, 0)), "year")
        else:
            mon = r.month + {"last": -1, "next": 1}.get(rel, 0)
            y = r.year + (mon - 1) // 12
            add(m.start(), m.end(), f"{y:04d}-{(mon - 1) % 12 + 1:02d}", "month")
    for m in YEAR_ONLY.finditer(text):
        add(m.start(), m.end(), m.group("year"), "year")
    for m in DAYS_AGO.finditer(text):
        n = m.group("n").lower()
        if ref is not None:
            add(m.start(), m.end(), (ref.date - dt.timedelta(days=int(SMALL.get(n, n)))).isoformat(), "day")
    offsets(art, hits, add)
    return hits


def story_timeline(story: Story) -> list[TimelineEntry]:
    skip = skipped_articles(story)
    refs = reference_dates(story)
    story.meta["reference_dates"] = {aid: {"date": r.date.isoformat(), "mode": r.mode, "source": r.source}
                                     for aid, r in refs.items()}
    undated = len([a for a in story.articles if a.id not in refs and a.id not in skip])
    if undated and (refs or len(story.articles) > 1) and not news_cycle(story, refs):
        story.meta["timeline_note"] = (
            f"{undated} undated article{'s' if undated != 1 else ''}: the story's articles do not read as one "
            "news cycle, so relative dates in them (\"on Monday\") are not resolved and their counts and dates "
            "are not compared")
    else:
        story.meta.pop("timeline_note", None)
    clues = year_clues(story)
    arts = story.by_id()
    chrome = _not_events(story)
    hits = [h for a in story.articles if a.id not in skip for h in article_dates(a, refs.get(a.id), clues)
            if h.sent not in chrome]
    entries: list[tuple[list[_Hit], list[tuple[frozenset[str], frozenset[str]]]]] = []
    for h in hits:
        content, _, _, names = analyse(h.sent.text_in(arts))
        words = (content, content - names - _DATE_WORDS)
        best, best_sim = None, 0.0
        for group, members in entries:
            g = group[0]
            if g.date != h.date or g.precision != h.precision:
                continue
            if h.sent in {x.sent for x in group}:
                best, best_sim = (group, members), 2.0
                break
            if h.expr.article_id in {x.expr.article_id for x in group}:
                continue
            sim = max(_similarity(words, m) for m in members)  # each member alone: no chaining
            if sim >= MERGE_SIM and sim > best_sim:
                best, best_sim = (group, members), sim
        if best is None:
            entries.append(([h], [words]))
        else:
            best[0].append(h)
            best[1].append(words)
    days_of: dict[Span, set[str]] = {}
    for h in hits:
        days_of.setdefault(h.sent, set()).add(h.date)
    several = {sp for sp, ds in days_of.items() if len(ds) > 1}
    out = []
    for group, _ in entries:
        # shown first: a sentence that dates only this event ("grounded on Sunday night"), not one whose
        # own news is another day's ("began pumping fuel on Tuesday … where it grounded on Sunday")
        events = sorted(dict.fromkeys(x.sent for x in group), key=lambda sp: sp in several)
        out.append(TimelineEntry(group[0].date, group[0].precision, events,  # type: ignore[arg-type]
                                 [x.expr for x in group], list(dict.fromkeys(x.expr.article_id for x in group))))
    out.sort(key=lambda t: (t.date, {"year": 0, "month": 1, "day": 2}[t.precision], -len(t.sources)))
    return out


MERGE_SIM = 0.3  # content-word containment for two dated sentences to be one event
NAMES_MERGE_SIM = 0.5  # ... or this much, date words left out, when the shared words are all names
NOT_EVENTS = ("boilerplate", "caption or credit", "table", "glued text")  # reasons of clean.quality.eligible


def _not_events(story: Story) -> set[Span]:
    """Sentences that are page furniture, not reporting (a tweet's signature line, a photo credit, a
    table row): their dates are no events."""
    out: set[Span] = set()
    for a in story.articles:
        for (s, e), why in zip(a.sentences, eligible(a), strict=True):
            if why and why.startswith(NOT_EVENTS):
                out.add(Span(a.id, s, e))
    return out


# the date words say only what the date already says: no evidence of one event ("on Wednesday, December 31")
_DATE_WORDS = analyse(" ".join([*WEEKDAYS, *calendar.month_name[1:], "today yesterday tomorrow"]))[0]


def _similarity(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]) -> float:
    """Containment of the shared content words in the smaller sentence; 0 unless they share a word
    other than names and date words ("disclosed", "breach"): two things that happened in Brennick on
    Wednesday are not one event."""
    (ca, ea), (cb, eb) = a, b
    if not ca or not cb:
        return 0.0
    if ea & eb:
        return len(ca & cb) / min(len(ca), len(cb))
    da, db = ca - _DATE_WORDS, cb - _DATE_WORDS  # "the Brennick Marathon" in both: half their words
    return 1.0 if da and db and len(da & db) / min(len(da), len(db)) >= NAMES_MERGE_SIM else 0.0


class TimelineStage:
    """Story stage: fills ``story.timeline`` and ``story.meta["reference_dates"]``."""

    name = "timeline"
    requires = frozenset({"stories"})
    provides = frozenset({"timeline"})
    scope = "story"

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            story.timeline = story_timeline(story)
            yield story
