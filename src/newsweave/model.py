"""Typed document model: articles own their text; every span points into it.

A :class:`Span` is ``(article_id, start, end)``; its text is always derived from the article,
so it can never disagree with the source. Serialised spans carry ``text`` too, and
:func:`newsweave.report.validate.validate_report` checks every one before a report is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Canonical form used for the article id: NFKC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id_for(text: str) -> str:
    """Stable article id: first 16 hex chars of sha256 over the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in one article's clean text."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end} in {self.article_id}")

    def text_in(self, articles: Mapping[str, Article]) -> str:
        return articles[self.article_id].text[self.start : self.end]

    def to_json(self, articles: Mapping[str, Article]) -> dict[str, Any]:
        art = articles[self.article_id]
        if self.end > len(art.text):
            raise ValueError(f"span {self.start}:{self.end} past end of article {self.article_id}")
        return {"article_id": self.article_id, "start": self.start, "end": self.end,
                "text": art.text[self.start : self.end]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Span:
        return cls(str(d["article_id"]), int(d["start"]), int(d["end"]))


# Article.meta keys for per-article model results that travel with an article (store cache, Dask workers)
META_VECTORS = "sentence_vectors"  # MiniLM sentence vectors, float16 bytes (newsweave.nlp)
META_NER = "ner_mentions"  # spaCy entity mentions, [(start, end, label)] (analyze.entities)
# what an original's copies (near and exact duplicates) say of themselves: {"outlets", "published"} (dedup.heads)
META_COPIES = "copies"

DateSource = Literal["metadata", "html", "url", "text", "story", "none"]


@dataclass
class RawDoc:
    """One input item before cleaning: bytes or text plus whatever metadata the container gave."""

    input: str  # path, path#line, URL or path#record: what the run summary names
    content: bytes | str
    media_type: str = "text/plain"  # sniffed, not trusted from the extension
    url: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date if the container had one
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    """A cleaned article. ``text`` is the only text; spans index into it."""

    id: str
    text: str
    source: str
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    date_source: DateSource = "none"
    language: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)  # sub-headings: {"title", "offset"}
    credits: list[str] = field(default_factory=list)  # "With AFP and Reuters", photo credits
    url: str | None = None
    duplicate_of: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, text: str, source: str, **kw: Any) -> Article:
        return cls(id=article_id_for(text), text=text, source=source, **kw)

    def sentence_spans(self) -> list[Span]:
        return [Span(self.id, s, e) for s, e in self.sentences]

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """``(start, end)`` of the sentence holding character ``pos``, or None (between sentences)."""
        i = bisect_right(self.sentences, pos, key=lambda se: se[0]) - 1
        return self.sentences[i] if i >= 0 and pos < self.sentences[i][1] else None

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside article {self.id} of length {len(self.text)}")
        return Span(self.id, start, end)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "url": self.url, "outlet": self.outlet,
            "title": self.title, "author": self.author, "published": self.published,
            "date_source": self.date_source, "language": self.language, "text": self.text,
            "sentences": [[s, e] for s, e in self.sentences], "sections": self.sections,
            "credits": self.credits, "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Article:
        return cls(
            id=d["id"], text=d["text"], source=d.get("source", ""), url=d.get("url"),
            outlet=d.get("outlet"), title=d.get("title"), author=d.get("author"),
            published=d.get("published"), date_source=d.get("date_source") or "none",
            language=d.get("language"), sentences=[(int(s), int(e)) for s, e in d.get("sentences", [])],
            sections=list(d.get("sections") or []), credits=list(d.get("credits") or []),
            duplicate_of=d.get("duplicate_of"),
        )


# --- story-level analysis records -------------------------------------------------------------
# Each record serialises its spans through ``Span.to_json`` so report.json carries span text.


def _spans_json(spans: Iterable[Span], arts: Mapping[str, Article]) -> list[dict[str, Any]]:
    return [s.to_json(arts) for s in spans]


@dataclass
class ReuseLink:
    """Passage ``a`` of one article repeats (exact/fuzzy) or paraphrases passage ``b`` of another."""

    a: Span
    b: Span
    kind: Literal["exact", "fuzzy", "paraphrase"]
    score: float

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"a": self.a.to_json(arts), "b": self.b.to_json(arts), "kind": self.kind,
                "score": round(float(self.score), 4)}


@dataclass
class Entity:
    id: str
    name: str  # most frequent full form (a label drawn from the mentions)
    type: str  # spaCy label: PERSON, ORG, GPE, ...
    variants: list[str]
    mentions: list[Span]
    sources: list[str]  # article ids
    role: str | None = None  # e.g. "US Secretary of State" when a span states it

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "variants": self.variants,
                "role": self.role, "mentions": _spans_json(self.mentions, arts), "sources": self.sources}


@dataclass
class Quote:
    """One quotation; the same words in several sources are one Quote with several spans."""

    id: str
    speaker: str | None  # canonical entity name
    speaker_entity: str | None  # entity id
    spans: list[Span]  # the quoted words in each source
    attributions: list[Span]  # the attributing clause ("Biden told reporters on Saturday")
    sources: list[str]
    marked: bool = True  # False when the source has no quotation marks

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"id": self.id, "speaker": self.speaker, "speaker_entity": self.speaker_entity,
                "marked": self.marked, "spans": _spans_json(self.spans, arts),
                "attributions": _spans_json(self.attributions, arts), "sources": self.sources}


@dataclass
class TimelineEntry:
    date: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY by precision
    precision: Literal["day", "month", "year"]
    event: list[Span]  # the sentence(s) reporting the event, one per source
    expressions: list[Span]  # the date expressions that were resolved ("on Sunday")
    sources: list[str]

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"date": self.date, "precision": self.precision, "event": _spans_json(self.event, arts),
                "expressions": _spans_json(self.expressions, arts), "sources": self.sources}


@dataclass
class Fact:
    """A claim aligned across sources; ``text`` is one representative source sentence, verbatim."""

    id: str
    text: str
    spans: list[Span]
    sources: list[str]
    independent_sources: int  # wire groups count once
    single_source: bool = False

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "spans": _spans_json(self.spans, arts),
                "sources": self.sources, "independent_sources": self.independent_sources,
                "single_source": self.single_source}


@dataclass
class Contradiction:
    kind: Literal["date", "weekday", "number", "entity", "polarity"]
    topic: str  # short label, e.g. "day Biden spoke to reporters"
    claims: list[Span]  # both (or all) disagreeing claims
    values: list[str]  # the disagreeing values, each a substring of its claim
    score: float = 1.0

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"kind": self.kind, "topic": self.topic, "claims": _spans_json(self.claims, arts),
                "values": self.values, "score": round(float(self.score), 4)}


@dataclass
class SummarySentence:
    text: str  # verbatim == citations[0] text
    citations: list[Span]  # first: the sentence itself; rest: supporting spans of other sources
    support: list[float] = field(default_factory=list)  # citation-support score per citation
    independent_sources: int = 1

    def to_json(self, arts: Mapping[str, Article]) -> dict[str, Any]:
        return {"text": self.text, "citations": _spans_json(self.citations, arts),
                "support": [round(float(x), 4) for x in self.support],
                "independent_sources": self.independent_sources}


ANALYSED = "analysed_articles"  # the members a story's analyses cover (sorted ids)
NOTE_KEYS = ("analysis_skipped", "reference_dates", "timeline_note", "summary_note", ANALYSED)  # JSON-safe story.meta entries
ANALYSES = ("reuse", "entities", "quotes", "timeline", "facts", "contradictions", "summary")


def source_keys(article_ids: Iterable[str], wire_groups: Iterable[Iterable[str]],
                outlets: Mapping[str, str | None]) -> dict[str, str]:
    """article id -> independent-source key: members of one wire group share a key, and so do
    articles of one outlet (two reports by one newsroom are one source); the key is the smallest id."""
    parent = {aid: aid for aid in article_ids}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(ids: Iterable[str]) -> None:
        roots = sorted({find(a) for a in ids})
        for r in roots[1:]:
            parent[r] = roots[0]

    for group in wire_groups:
        join(group)
    by_outlet: dict[str, list[str]] = {}
    for aid in list(parent):
        outlet = outlets.get(aid)
        if outlet and outlet.strip():
            by_outlet.setdefault(" ".join(outlet.casefold().split()), []).append(aid)
    for ids in by_outlet.values():
        join(ids)
    return {aid: find(aid) for aid in list(parent)}


@dataclass
class Story:
    """A group of articles about one event plus every analysis of it.

    ``articles`` travels with the story so story stages (and remote workers) need nothing else;
    it is not serialised: report.json lists articles once at the top level.
    """

    id: str
    label: str
    articles: list[Article]
    wire_groups: list[list[str]] = field(default_factory=list)  # article ids sharing one wire source
    duplicates: dict[str, str] = field(default_factory=dict)  # near-duplicate id -> original id
    reuse: list[ReuseLink] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. reference dates, stage notes

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles]

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def source_group(self) -> dict[str, str]:
        """article id -> independent-source key (:func:`source_keys`)."""
        return source_keys([a.id for a in self.articles], self.wire_groups, {a.id: a.outlet for a in self.articles})

    def independent_count(self, article_ids: Iterable[str]) -> int:
        key = self.source_group()
        return len({key.get(a, a) for a in article_ids})

    def date_span(self) -> tuple[str | None, str | None]:
        """First and last publication date of the story's articles and of their near-duplicate copies."""
        dates = sorted({a.published for a in self.articles if a.published}
                       | {d for a in self.articles for d in copies_of(a).get("published", [])})
        return (dates[0], dates[-1]) if dates else (None, None)

    def outlets(self) -> list[str]:
        """Outlets that carried the story: its articles' and their near-duplicate copies'."""
        return sorted({a.outlet for a in self.articles if a.outlet}
                      | {o for a in self.articles for o in copies_of(a).get("outlets", [])})

    def to_json(self) -> dict[str, Any]:
        arts = self.by_id()
        first, last = self.date_span()
        out: dict[str, Any] = {
            "id": self.id, "label": self.label, "article_ids": self.article_ids,
            "outlets": self.outlets(),
            "independent_sources": self.independent_count(self.article_ids),
            "date_span": [first, last], "wire_groups": self.wire_groups,
            "duplicates": self.duplicates,
            "cluster": self.meta.get("cluster", {}),  # clustering mode, merges (dedup/cluster layer)
            # why an article was left out of analysis, each article's reference date, summary notes
            "notes": {k: self.meta[k] for k in NOTE_KEYS if self.meta.get(k)},
        }
        for name in ANALYSES:
            out[name] = [rec.to_json(arts) for rec in getattr(self, name)]
        return out


def copies_of(article: Article) -> dict[str, Any]:
    """``article.meta[META_COPIES]`` when it is well formed, else {} (see :data:`META_COPIES`)."""
    got = article.meta.get(META_COPIES)
    return got if isinstance(got, dict) else {}


def _spans(items: Iterable[Mapping[str, Any]]) -> list[Span]:
    return [Span.from_json(x) for x in items]


def story_from_json(d: Mapping[str, Any], articles: Iterable[Article]) -> Story:
    """Rebuild a :class:`Story` from its report.json dict (as stored) and its articles.

    ``articles`` may hold more than the story needs (e.g. a store lookup); the story keeps those in
    ``d["article_ids"]`` order. Spans whose article is missing are dropped with their record.
    """
    by_id = {a.id: a for a in articles}
    arts = [by_id[i] for i in d.get("article_ids", []) if i in by_id]
    have = set(by_id)

    def ok(spans: list[Span]) -> bool:
        return all(s.article_id in have for s in spans)

    st = Story(id=str(d["id"]), label=str(d.get("label", "")), articles=arts,
               wire_groups=[list(g) for g in d.get("wire_groups") or []],
               duplicates=dict(d.get("duplicates") or {}),
               meta={**({"cluster": d["cluster"]} if d.get("cluster") else {}), **dict(d.get("notes") or {})})
    for r in d.get("reuse") or []:
        a, b = Span.from_json(r["a"]), Span.from_json(r["b"])
        if ok([a, b]):
            st.reuse.append(ReuseLink(a, b, r["kind"], float(r.get("score", 0.0))))
    for e in d.get("entities") or []:
        st.entities.append(Entity(e["id"], e["name"], e["type"], list(e.get("variants") or []),
                                  [m for m in _spans(e.get("mentions") or []) if m.article_id in have],
                                  list(e.get("sources") or []), e.get("role")))
    for q in d.get("quotes") or []:
        sp, at = _spans(q.get("spans") or []), _spans(q.get("attributions") or [])
        if ok(sp + at):
            st.quotes.append(Quote(q["id"], q.get("speaker"), q.get("speaker_entity"), sp, at,
                                   list(q.get("sources") or []), bool(q.get("marked", True))))
    for t in d.get("timeline") or []:
        ev, ex = _spans(t.get("event") or []), _spans(t.get("expressions") or [])
        if ok(ev + ex):
            st.timeline.append(TimelineEntry(t["date"], t.get("precision", "day"), ev, ex,
                                             list(t.get("sources") or [])))
    for f in d.get("facts") or []:
        sp = _spans(f.get("spans") or [])
        if ok(sp):
            st.facts.append(Fact(f["id"], f["text"], sp, list(f.get("sources") or []),
                                 int(f.get("independent_sources", 1)), bool(f.get("single_source", False))))
    for c in d.get("contradictions") or []:
        cl = _spans(c.get("claims") or [])
        if ok(cl):
            st.contradictions.append(Contradiction(c["kind"], c.get("topic", ""), cl, list(c.get("values") or []),
                                                   float(c.get("score", 1.0))))
    for s in d.get("summary") or []:
        cits = _spans(s.get("citations") or [])
        if cits and ok(cits):
            st.summary.append(SummarySentence(s["text"], cits, [float(x) for x in s.get("support") or []],
                                              int(s.get("independent_sources", 1))))
    return st


@dataclass
class InputRecord:
    """What happened to one input: accepted, duplicate, or rejected with a reason."""

    input: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = None
    article_id: str | None = None
    stage: str | None = None


@dataclass
class RunSummary:
    inputs: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)  # {"input", "reason"}
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    records: list[InputRecord] = field(default_factory=list)

    def add(self, rec: InputRecord) -> None:
        self.records.append(rec)
        self.inputs += 1
        if rec.status == "accepted":
            self.accepted += 1
        elif rec.status == "duplicate":
            self.duplicates += 1
        else:
            self.rejected.append({"input": rec.input, "reason": rec.reason or "unknown"})

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs, "accepted": self.accepted, "duplicates": self.duplicates,
            "rejected": self.rejected, "stages": self.stages,
            "duplicate_inputs": [
                {"input": r.input, "article_id": r.article_id, "reason": r.reason}
                for r in self.records if r.status == "duplicate"
            ],
        }


@dataclass
class Report:
    run: RunSummary
    articles: list[Article]
    stories: list[Story]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "newsweave.report/1",
            "run": self.run.to_json(),
            "articles": [a.to_json() for a in self.articles],
            "stories": [s.to_json() for s in self.stories],
        }
