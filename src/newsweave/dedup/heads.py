"""Which copy of a near-duplicate group is kept as its original (its *head*).

The near-duplicate stage streams: each copy is linked to the first copy it read. Once a run has read
all its inputs, :func:`rehead` re-heads every group created in that run by its best-described copy:

1. a text at least 10% and 200 characters longer (its extra paragraphs are analysed: copies are compared for content
   first, and the timeline lends an undated head the date of a dated copy);
2. then a dated copy before an undated one, then the earliest date (the first publication);
3. then more metadata (outlet, author, title);
4. ties keep the copy read first.

A group is re-headed only when every other copy verifies against the new head on the same Jaccard /
containment bar, so each link still points at an original and nothing chains. Groups whose original
was stored by an earlier run keep it (stories and the clustering state already refer to it).

:func:`lend` then notes on every original what its copies say of themselves (``meta["copies"]``:
their outlets and publication dates, the original's own left out), so a story's outlets and date span count the copies, and the
timeline dates an undated original by its earliest dated copy (the same text was out by then).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from newsweave.dedup.minhash import MinHasher, MinHashParams, overlap
from newsweave.model import META_COPIES, Article, InputRecord, copies_of

LONGER, EXTRA = 1.10, 200  # a text 10% and 200 characters longer outranks a better-described copy
KEEP = 50  # distinct outlets / dates an original keeps of its copies (a flood stays small)


@dataclass
class Rehead:
    """One group re-headed: ``head`` is now the original of ``old`` and of ``moved``."""

    head: Article
    old: Article
    moved: list[Article] = field(default_factory=list)

    @property
    def copies(self) -> list[Article]:
        return [self.old, *self.moved]


def _iso_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _day(a: Article) -> int | None:
    day = _iso_day(a.published)
    return day.toordinal() if day else None


def copy_date(a: Article) -> date | None:
    """The earliest publication date of ``a``'s copies (``meta["copies"]``), if any has one."""
    return next((d for d in map(_iso_day, sorted(copies_of(a).get("published", []))) if d), None)


def _described(a: Article) -> tuple[bool, int, int]:
    day = _day(a)
    return (day is not None, -(day or 0), sum(bool(x) for x in (a.outlet, a.author, a.title)))


def outranks(a: Article, b: Article) -> bool:
    """Whether ``a`` is the better original for the group ``b`` heads."""
    short, long_ = sorted((len(a.text), len(b.text)))
    if long_ >= LONGER * short and long_ - short >= EXTRA:
        return len(a.text) > len(b.text)
    return _described(a) > _described(b)


def rehead(articles: Sequence[Article], params: MinHashParams | None = None) -> list[Rehead]:
    """Re-head the near-duplicate groups whose original is among ``articles`` (mutates their
    ``duplicate_of`` and ``meta["near_duplicate"]``); returns what changed."""
    p = params or MinHashParams()
    by_id = {a.id: a for a in articles}
    groups: dict[str, list[Article]] = {}
    for a in articles:
        head = by_id.get(a.duplicate_of or "")
        if head is not None and not head.duplicate_of:
            groups.setdefault(head.id, []).append(a)
    hasher = MinHasher(p)
    done: list[Rehead] = []
    for oid, copies in groups.items():
        old = by_id[oid]
        best = old
        for c in copies:  # the first of equals wins (read order)
            if outranks(c, best):
                best = c
        if best is old:
            continue
        shingles = hasher.shingles(best.text)
        others = [old, *(c for c in copies if c is not best)]
        marks = {}
        for o in others:
            jac, con = overlap(shingles, hasher.shingles(o.text))
            if jac < p.jaccard and con < p.containment:
                break
            marks[o.id] = {"of": best.id, "jaccard": round(jac, 4), "containment": round(con, 4)}
        else:
            best.duplicate_of = None
            best.meta.pop("near_duplicate", None)
            for o in others:
                o.duplicate_of = best.id
                o.meta["near_duplicate"] = marks[o.id]
            done.append(Rehead(best, old, others[1:]))
    return done


def relog(records: Sequence[InputRecord], done: Sequence[Rehead], stage: str = "near_dup") -> list[InputRecord]:
    """Rewrite the run's log records for ``done`` in place; returns the records changed."""
    status: dict[str, tuple[str, str | None]] = {}
    for r in done:
        status[r.head.id] = ("accepted", None)
        for c in r.copies:
            status[c.id] = ("duplicate", f"near-duplicate of {r.head.id}")
    changed = []
    for rec in records:
        want = status.get(rec.article_id or "")
        if want is None or not (rec.status == "accepted" or rec.stage == stage):
            continue  # an exact duplicate's record names its original's id: it stays as it is
        rec.status, rec.reason = want  # type: ignore[assignment]
        rec.stage = stage if want[0] == "duplicate" else None
        changed.append(rec)
    return changed


def lend(copies: Sequence[Article], originals: dict[str, Article]) -> list[Article]:
    """Add each copy's outlet and date to its original's ``meta["copies"]``; returns the originals
    changed (``originals``: id -> article, the run's and the stored ones the copies point at)."""
    changed: dict[str, Article] = {}
    for c in copies:
        o = originals.get(c.duplicate_of or "")
        if o is not None and o.duplicate_of:  # an exact copy of a near-duplicate: its head
            o = originals.get(o.duplicate_of)
        if o is None:
            continue
        got = copies_of(o)
        outlets, dates = set(got.get("outlets", [])), set(got.get("published", []))
        before = (len(outlets), len(dates))
        if c.outlet and c.outlet != o.outlet and len(outlets) < KEEP:
            outlets.add(c.outlet)
        day = (c.published or "")[:10]
        if _day(c) is not None and day != (o.published or "")[:10] and len(dates) < KEEP:
            dates.add(day)
        if (len(outlets), len(dates)) != before:  # a copy that adds nothing changes nothing (re-runs)
            o.meta[META_COPIES] = {"outlets": sorted(outlets), "published": sorted(dates)}
            changed[o.id] = o
    return list(changed.values())


def adopt(copies: Sequence[Article], originals: dict[str, Article]) -> list[Article]:
    """An original takes the outlet, author, URL and date it lacks from an *exact* copy (the same
    text: ``copies`` are the exact-duplicate stage's stand-ins, same id), so the stored article does
    not depend on which of the two files was read first; returns the originals changed."""
    changed: dict[str, Article] = {}
    for c in copies:
        o = originals.get(c.id)
        if o is None:
            continue
        for name in ("outlet", "author", "url"):
            if not getattr(o, name) and getattr(c, name):
                setattr(o, name, getattr(c, name))
                changed[o.id] = o
        if not o.published and _day(c) is not None:
            o.published, o.date_source = (c.published or "")[:10], c.date_source
            changed[o.id] = o
    return list(changed.values())
