"""View models: turn a report.json story (plus its articles) into what the templates draw.

Pure functions over the report schema, shared by the server, the static export and report.html,
so every surface shows the same thing. Nothing here touches the store or the file system.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from newsweave.model import source_keys
from newsweave.report.labels import clip, dates_label, display_title, source_name, straight_marks
from newsweave.web.timeline_svg import date_ordinal, timeline_svg

ArticleMap = Mapping[str, Mapping[str, Any]]

_WS = re.compile(r"\s+")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ENTITY_GROUPS = OrderedDict([
    ("PERSON", "People"), ("ORG", "Organisations"), ("NORP", "Groups"),
    ("GPE", "Places"), ("LOC", "Places"), ("FAC", "Places"),
    ("EVENT", "Events"), ("LAW", "Laws & documents"), ("PRODUCT", "Products"),
])
REUSE_ORDER = {"exact": 0, "fuzzy": 1, "paraphrase": 2}
REUSE_LABEL = {"exact": "verbatim copy", "fuzzy": "near-verbatim", "paraphrase": "paraphrase"}
CONTRA_LABEL = {"date": "Dates differ", "weekday": "Weekdays differ", "number": "Numbers differ",
                "entity": "Names differ", "polarity": "Accounts conflict"}


# --- small formatting helpers -------------------------------------------------------------------

def fmt_date(iso: str | None) -> str:
    """'2023-06-18' -> '18 Jun 2023'; month/year precision kept; anything else returned as is."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
    if not m:
        return iso
    y, mo, d = m.groups()
    if mo and 1 <= int(mo) <= 12:
        month = _MONTHS[int(mo) - 1]
        return f"{int(d)} {month} {y}" if d else f"{month} {y}"
    return y


def fmt_span(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "undated"
    if not first or not last or first == last:
        return fmt_date(first or last)
    a, b = fmt_date(first).split(" "), fmt_date(last).split(" ")
    if len(a) == len(b) == 3 and a[2] == b[2]:
        if a[1] == b[1]:
            return f"{a[0]}–{b[0]} {b[1]} {b[2]}"
        return f"{a[0]} {a[1]} – {b[0]} {b[1]} {b[2]}"
    return f"{fmt_date(first)} – {fmt_date(last)}"


def story_when(story: Mapping[str, Any]) -> str:
    """A story's (or story row's) dates for its header or list entry, e.g. "18–19 Jun 2023"."""
    return dates_label(story, fmt_span) or "undated"


def sentence_index(art: Mapping[str, Any], start: int) -> int:
    """Index of the sentence that contains offset ``start`` (for ``#sN`` anchors)."""
    sents = art.get("sentences") or []
    if not sents:
        return 0
    i = bisect.bisect_right([s for s, _ in sents], start) - 1
    return max(i, 0)


def highlight_segments(text: str, needle: str | None) -> list[tuple[str, bool]]:
    """Split ``text`` around the first occurrence of ``needle``: [(chunk, is_match), ...]."""
    if not needle:
        return [(text, False)]
    i = text.find(needle)
    if i < 0:
        i = text.casefold().find(needle.casefold())
    if i < 0:
        return [(text, False)]
    return [(text[:i], False), (text[i : i + len(needle)], True), (text[i + len(needle):], False)]


def _find_term(term: str, text: str) -> re.Match[str] | None:
    """The term as a whole word, else a word starting with it (stems: "strike" in "strikes"), else
    anywhere: "dam" marks "Dam", not the start of "damage"."""
    t = re.escape(term)
    for pat in (rf"\b{t}\b", rf"\b{t}\w*", t):
        m = re.search(pat, text, re.I)
        if m:
            return m
    return None


def search_snippet(text: str, query: str, width: int = 90) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first query term, as segments with the term marked."""
    hits = [m for m in (_find_term(t, text) for t in (w.strip('"') for w in query.split()) if t) if m]
    if not hits:
        return [(clip(text, 2 * width), False)]
    m = min(hits, key=lambda m: m.start())
    pos, end = m.start(), m.end()
    a, b = max(0, pos - width), min(len(text), end + width)
    if a > 0:
        sp = text.find(" ", a, pos)
        a = sp + 1 if sp >= 0 else a
    if b < len(text):
        sp = text.rfind(" ", end, b)
        b = sp if sp >= 0 else b
    pre = ("…" if a else "") + text[a:pos]
    post = text[end:b] + ("…" if b < len(text) else "")
    return [(_WS.sub(" ", pre), False), (text[pos:end], True), (_WS.sub(" ", post), False)]


# --- story view ---------------------------------------------------------------------------------

class StoryView:
    """Everything one story page shows, numbered consistently: source ``n`` is ``[n]`` everywhere."""

    def __init__(self, story: Mapping[str, Any], articles: ArticleMap, prefix: str = "") -> None:
        self.prefix = prefix  # anchor prefix when several stories share one page (report.html)
        self.story = story
        self.arts = articles
        ids = [a for a in story.get("article_ids", []) if a in articles]
        dups = [d for d in (story.get("duplicates") or {}) if d in articles and d not in ids]
        self.num = {aid: i + 1 for i, aid in enumerate([*ids, *dups])}
        self.article_ids = ids
        self.duplicate_ids = dups
        self._starts = {aid: [int(x[0]) for x in art.get("sentences") or []] for aid, art in articles.items()}
        # wire-group members, articles of one outlet (and copies) count as one source
        self._source_key = source_keys(ids, story.get("wire_groups") or [],
                                       {aid: articles[aid].get("outlet") for aid in ids})
        for dup, orig in (story.get("duplicates") or {}).items():
            self._source_key[dup] = self._source_key.get(orig, orig)
        self._names = {aid: source_name(art) for aid, art in articles.items()}

    # citations -------------------------------------------------------------------------------
    def cite(self, span: Mapping[str, Any]) -> dict[str, Any]:
        aid = span["article_id"]
        starts = self._starts.get(aid) or [0]
        return {"aid": aid, "start": span["start"], "end": span["end"], "text": span.get("text", ""),
                "n": self.num.get(aid, "?"), "name": self._names.get(aid, aid[:8]),
                "sent": max(bisect.bisect_right(starts, span["start"]) - 1, 0)}

    def independent_key(self, aid: str) -> str:
        """One key per independent source: a wire group's members share it, and so do one outlet's."""
        return self._source_key.get(aid, aid)

    def cites(self, spans: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [self.cite(s) for s in spans]

    # sections --------------------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        s = self.story
        return {"id": s["id"], "label": s.get("label") or s["id"], "n_articles": len(s.get("article_ids", [])),
                "independent": s.get("independent_sources") or len(self.article_ids),
                "dates": story_when(s),
                "outlets": list(s.get("outlets") or [])}

    def sources(self) -> list[dict[str, Any]]:
        wire: dict[str, list[str]] = {}
        for group in self.story.get("wire_groups") or []:
            for aid in group:
                wire[aid] = [g for g in group if g != aid]
        dup_of = self.story.get("duplicates") or {}
        out = []
        for aid in [*self.article_ids, *self.duplicate_ids]:
            art = self.arts[aid]
            out.append({
                "n": self.num[aid], "id": aid, "name": source_name(art), "title": display_title(art),
                "untitled": not art.get("title"),
                "author": art.get("author"), "date": fmt_date(art.get("published")),
                "words": len((art.get("text") or "").split()),
                "wire_with": sorted(self.num[w] for w in wire.get(aid, []) if w in self.num),
                "duplicate_of": self.num.get(dup_of[aid]) if aid in dup_of else None,
            })
        return out

    def summary(self) -> list[dict[str, Any]]:
        out = []
        for sent in self.story.get("summary") or []:
            n = int(sent.get("independent_sources") or 1)
            cites = self.cites(sent.get("citations") or [])
            seen: set[Any] = set()
            markers = []
            for c in cites:  # one marker per source; the first citation of a source is its span
                if c["n"] not in seen:
                    seen.add(c["n"])
                    markers.append(c)
            out.append({"text": sent["text"], "cites": markers, "independent": n,
                        "level": "strong" if n >= 3 else "some" if n == 2 else "single"})
        return out

    def leads(self) -> list[dict[str, Any]]:
        """Each original source's first sentence: shown (and labelled as such) while there is no summary."""
        out = []
        for aid in self.article_ids:
            art = self.arts[aid]
            sents = art.get("sentences") or []
            text = art.get("text") or ""
            start, end = (sents[0][0], sents[0][1]) if sents else (0, min(len(text), 300))
            if end > start:
                out.append(self.cite({"article_id": aid, "start": start, "end": end, "text": text[start:end]}))
        return out

    def contradictions(self) -> list[dict[str, Any]]:
        out = []
        for c in self.story.get("contradictions") or []:
            values = list(c.get("values") or [])
            claims = []
            for i, sp in enumerate(c.get("claims") or []):
                cite = self.cite(sp)
                cite["segments"] = highlight_segments(sp.get("text", ""), values[i] if i < len(values) else None)
                cite["value"] = values[i] if i < len(values) else None
                cite["date"] = fmt_date(self.arts.get(sp["article_id"], {}).get("published"))
                claims.append(cite)
            sides: OrderedDict[str, dict[str, Any]] = OrderedDict()  # one column per disagreeing value
            for cl in claims:
                key = (cl["value"] or cl["text"]).casefold().strip()
                side = sides.setdefault(key, {"value": cl["value"], "claims": [], "sources": set()})
                side["claims"].append(cl)
                side["sources"].add(self.independent_key(cl["aid"]))
            cols = [{**sd, "sources": len(sd["sources"])} for sd in sides.values()]
            out.append({"kind": c.get("kind"), "label": CONTRA_LABEL.get(c.get("kind", ""), "Sources differ"),
                        "topic": c.get("topic") or "", "score": c.get("score", 1.0), "claims": claims,
                        "sides": cols})
        return out

    def timeline(self) -> dict[str, Any]:
        """Dated events grouped by date (one dot per date on the chart, numbered like the list)."""
        order = sorted(self.story.get("timeline") or [],
                       key=lambda t: (date_ordinal(t.get("date")) or 10**7, t.get("date") or ""))
        groups: list[dict[str, Any]] = []
        for t in order:
            events = self.cites(t.get("event") or [])
            item = {"date": t.get("date"), "event": events[0] if events else None, "events": events,
                    "expressions": self.cites(t.get("expressions") or []),
                    "sources": sorted({self.num[s] for s in t.get("sources") or [] if s in self.num}),
                    "independent": {self.independent_key(s) for s in t.get("sources") or [] if s in self.num}}
            if groups and groups[-1]["date"] == t.get("date"):
                groups[-1]["items"].append(item)
                groups[-1]["sources"] = sorted(set(groups[-1]["sources"]) | set(item["sources"]))
                groups[-1]["independent"] |= item["independent"]
                continue
            groups.append({"i": len(groups) + 1, "date": t.get("date"), "label": fmt_date(t.get("date")),
                           "precision": t.get("precision", "day"), "items": [item], "sources": item["sources"],
                           "independent": set(item["independent"]), "event": item["event"]})
        for g in groups:
            g["n_independent"] = len(g.pop("independent"))
            for it in g["items"]:
                it["n_independent"] = len(it.pop("independent"))
        return {"entries": groups, "n_events": len(order), "svg": timeline_svg(groups, self.prefix) if groups else "",
                "note": (self.story.get("notes") or {}).get("timeline_note")}

    def coverage(self) -> dict[str, Any]:
        """Facts x outlets: which outlet (its articles together) reports which fact."""
        facts = self.story.get("facts") or []
        cols: OrderedDict[str, list[str]] = OrderedDict()
        for aid in self.article_ids:
            cols.setdefault(source_name(self.arts[aid]), []).append(aid)
        col_of = {aid: name for name, aids in cols.items() for aid in aids}
        rows = []
        for f in sorted(facts, key=lambda f: (-int(f.get("independent_sources") or 0), f.get("single_source", False))):
            cells: dict[str, dict[str, Any]] = {}
            for sp in f.get("spans") or []:
                name = col_of.get(sp["article_id"])
                if name and name not in cells:
                    cells[name] = self.cite(sp)
            rows.append({"id": f.get("id"), "text": f.get("text", ""), "independent": f.get("independent_sources", 0),
                         "single": bool(f.get("single_source")), "cells": [cells.get(name) for name in cols],
                         "lead": self.cite(f["spans"][0]) if f.get("spans") else None})
        columns = [{"name": name, "nums": [self.num[a] for a in aids],
                    "count": sum(1 for r in rows if r["cells"][k])} for k, (name, aids) in enumerate(cols.items())]
        # outlets carrying the most facts first; cells follow their column
        order = sorted(range(len(columns)), key=lambda k: (-columns[k]["count"], columns[k]["nums"][0]))
        for r in rows:
            r["cells"] = [r["cells"][k] for k in order]
        return {"columns": [columns[k] for k in order], "rows": rows}

    def quotes(self) -> list[dict[str, Any]]:
        by: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        for q in self.story.get("quotes") or []:
            spans = q.get("spans") or []
            if not spans:
                continue
            by.setdefault(q.get("speaker") or "", []).append({
                "text": spans[0].get("text", ""), "marked": q.get("marked", True), "cites": self.cites(spans),
                "straight": straight_marks(spans[0].get("text", "")),
                "attributions": self.cites(q.get("attributions") or [])})
        groups = [{"speaker": sp or "Unattributed", "known": bool(sp), "quotes": qs} for sp, qs in by.items()]
        groups.sort(key=lambda g: (not g["known"], -len(g["quotes"]), g["speaker"]))
        return groups

    def entities(self) -> list[dict[str, Any]]:
        groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict((g, []) for g in ENTITY_GROUPS.values())
        groups["Other"] = []
        for e in self.story.get("entities") or []:
            mentions = e.get("mentions") or []
            g = ENTITY_GROUPS.get(e.get("type", ""), "Other")
            groups[g].append({
                "name": e.get("name", ""), "type": e.get("type", ""), "role": e.get("role"),
                "variants": [v for v in e.get("variants") or [] if v != e.get("name")],
                "mentions": len(mentions), "sources": len(set(e.get("sources") or [])),
                "first": self.cite(mentions[0]) if mentions else None})
        out = []
        for name, items in groups.items():
            if items:
                items.sort(key=lambda x: (-x["sources"], -x["mentions"], x["name"]))
                out.append({"group": name, "members": items})
        return out

    def reuse(self) -> list[dict[str, Any]]:
        links = sorted(self.story.get("reuse") or [],
                       key=lambda r: (REUSE_ORDER.get(r.get("kind", ""), 3), -float(r.get("score") or 0)))
        return [{"kind": r.get("kind"), "label": REUSE_LABEL.get(r.get("kind", ""), r.get("kind")),
                 "score": r.get("score"), "a": self.cite(r["a"]), "b": self.cite(r["b"])} for r in links]

    def reader_data(self) -> dict[str, dict[str, Any]]:
        """Article texts for the reader pane (serialised with ``tojson``, so ``</script>`` is inert)."""
        return {aid: {"n": self.num[aid], "name": source_name(self.arts[aid]), "title": display_title(self.arts[aid]),
                      "date": fmt_date(self.arts[aid].get("published")), "text": self.arts[aid].get("text", "")}
                for aid in [*self.article_ids, *self.duplicate_ids]}

    def context(self) -> dict[str, Any]:
        tl = self.timeline()
        return {"h": self.header(), "sources": self.sources(), "summary": self.summary(),
                "leads": [] if self.story.get("summary") else self.leads(),
                "analysed": bool((self.story.get("notes") or {}).get("analysed_articles")),
                "contradictions": self.contradictions(), "timeline": tl, "coverage": self.coverage(),
                "quotes": self.quotes(), "entities": self.entities(), "reuse": self.reuse(),
                "reader": self.reader_data(), "counts": {k: len(self.story.get(k) or []) for k in (
                    "summary", "contradictions", "timeline", "facts", "quotes", "entities", "reuse")}}


# --- article view -------------------------------------------------------------------------------

def article_paragraphs(art: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    """The text as paragraphs of segments; sentence segments carry their index for ``#sN`` anchors.

    Concatenating every segment's text gives back ``art['text']`` except paragraph-break whitespace.
    """
    text = art.get("text") or ""
    sents = [(int(s), int(e)) for s, e in art.get("sentences") or [] if 0 <= s < e <= len(text)]
    segs: list[tuple[int, int, int | None]] = []
    pos = 0
    for i, (s, e) in enumerate(sents):
        if s < pos:
            continue
        if s > pos:
            segs.append((pos, s, None))
        segs.append((s, e, i))
        pos = e
    if pos < len(text):
        segs.append((pos, len(text), None))
    paras: list[list[dict[str, Any]]] = [[]]
    for s, e, idx in segs:
        chunk = text[s:e]
        if idx is None and "\n" in chunk:
            off = s
            for j, part in enumerate(chunk.split("\n")):
                if j > 0 and paras[-1]:
                    paras.append([])
                if part.strip():
                    paras[-1].append({"text": part, "s": None, "start": off})
                off += len(part) + 1
            continue
        paras[-1].append({"text": chunk, "s": idx, "start": s})
    return [p for p in paras if any(seg["text"].strip() for seg in p)]


def article_shares(article_id: str, stories: Sequence[Mapping[str, Any]], articles: ArticleMap) -> list[dict[str, Any]]:
    """Reuse links touching ``article_id``, grouped by the other article."""
    by: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for st in stories:
        for r in st.get("reuse") or []:
            for mine, other in (("a", "b"), ("b", "a")):
                if r[mine]["article_id"] == article_id and r[other]["article_id"] != article_id:
                    oid = r[other]["article_id"]
                    by.setdefault(oid, []).append({
                        "kind": r.get("kind"), "label": REUSE_LABEL.get(r.get("kind", ""), r.get("kind")),
                        "score": r.get("score"), "mine": r[mine], "other": r[other],
                        "mine_sent": sentence_index(articles.get(article_id, {}), r[mine]["start"]),
                        "other_sent": sentence_index(articles.get(oid, {}), r[other]["start"])})
                    break
    out = []
    for oid, links in by.items():
        art = articles.get(oid, {"id": oid})
        out.append({"id": oid, "name": source_name(art), "title": art.get("title") or "", "links": links,
                    "chars": sum(x["mine"]["end"] - x["mine"]["start"] for x in links)})
    return out


def parse_iso_date(value: str | None) -> str | None:
    """'' -> None; a valid YYYY-MM-DD -> itself; anything else raises ValueError."""
    if value is None or not value.strip():
        return None
    return dt.date.fromisoformat(value.strip()).isoformat()
