"""report.md: one section per story; summary sentences carry [n] markers into a numbered source list."""

from __future__ import annotations

import re
from typing import Any

from newsweave.report.labels import count, dates_label, display_title, source_name, straight_marks

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def md(text: Any) -> str:
    """Source text as Markdown that renders as the words themselves: "# ", "[x](y)", "<b>", "1. ",
    "> " or a backtick in an article is text, not a heading, link, tag, list, quote or code."""
    t = _MD_SPECIAL.sub(r"\\\1", str(text))
    t = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", t)
    return re.sub(r"^(\s*)([-+=])", r"\1\\\2", t)


def _src_label(art: dict[str, Any]) -> str:
    """'Outlet, “Title”, date, `id`'; without an outlet the URL host or file name, without a title the
    opening sentence (marked as such), as the web pages name the source."""
    bits = [md(source_name(art))]
    if art.get("title"):
        bits.append(f"“{md(art['title'])}”")
    elif (art.get("text") or "").strip():
        bits.append(f"untitled, opens “{md(display_title(art, 90))}”")
    if art.get("published"):
        bits.append(art["published"])
    bits.append(f"`{art['id']}`")
    return ", ".join(bits)


def _q(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(text: str, limit: int = 220) -> str:
    """A source sentence in quotation marks, or as it is when it opens with its own quotation mark
    (no "““We will …")."""
    t = md(_q(text, limit))
    return t if t[:1] in "“\"‘'«„" else f"“{t}”"


def _marks(order: dict[str, int], article_ids: Any) -> str:
    """"[1][3]": the source numbers of ``article_ids`` in the story's source list."""
    return "".join(f"[{order.get(a, '?')}]" for a in article_ids)


def render_story(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    order = {aid: i + 1 for i, aid in enumerate(story["article_ids"])}
    for d in story.get("duplicates", {}):
        order.setdefault(d, len(order) + 1)
    lines = [f"## {md(story['label'])}", ""]
    meta = [count(len(story["article_ids"]), "article"),
            count(story.get("independent_sources", "?"), "independent source")]
    when = dates_label(story)
    if when:
        meta.append(when)
    lines += ["*" + " · ".join(meta) + "*", ""]
    if story.get("summary"):
        lines += ["### Summary", ""]
        for sent in story["summary"]:
            marks = _marks(order, (c["article_id"] for c in sent["citations"]))
            lines += [f"{md(sent['text'])} {marks}", ""]  # a paragraph each: rendered, they do not run together
        lines += ["*Each sentence is verbatim from its first marked source; further markers are "
                  "sources that state the same thing.*", ""]
    if story.get("contradictions"):
        lines += ["### Where sources disagree", ""]
        for c in story["contradictions"]:
            lines.append(f"- **{c['kind']}** — {md(c['topic'])}")
            for cl in c["claims"]:
                lines.append(f"  - [{order.get(cl['article_id'], '?')}] {_quoted(cl['text'])}")
        lines.append("")
    note = (story.get("notes") or {}).get("timeline_note")
    if story.get("timeline") or note:
        lines += ["### Timeline", ""] + ([f"*{md(note)}.*", ""] if note else [])
        for t in story.get("timeline") or []:
            ev = t["event"][0]
            srcs = _marks(order, t["sources"])
            said = list(dict.fromkeys(x["text"] for x in t.get("expressions") or []))
            dated = f" *(dated from {', '.join(f'“{md(x)}”' for x in said)})*" if said else ""
            lines.append(f"- **{t['date']}** — {md(_q(ev['text']))}{dated} {srcs}")
        lines.append("")
    if story.get("quotes"):
        lines += ["### Quotes", ""]
        for q in story["quotes"]:
            srcs = _marks(order, q["sources"])
            said = md(_q(q['spans'][0]['text'], 300))
            if not q.get("marked", True):  # words the source reports without quotation marks
                lines.append(f"- **{md(q.get('speaker') or 'unattributed')}** (reported speech): {said} {srcs}")
                continue
            said = f'"{said}"' if straight_marks(q['spans'][0]['text']) else f"“{said}”"
            lines.append(f"- **{md(q.get('speaker') or 'unattributed')}**: {said} {srcs}")
        lines.append("")
    if story.get("entities"):
        lines += ["### Who and what", ""]
        for e in story["entities"][:25]:
            var = [md(v) for v in e["variants"] if v != e["name"]]
            extra = f" (also: {', '.join(var)})" if var else ""
            lines.append(f"- **{md(e['name'])}** ({e['type']}, {count(len(e['sources']), 'source')}){extra}")
        lines.append("")
    if story.get("facts"):
        single = [f for f in story["facts"] if f.get("single_source")]
        multi = [f for f in story["facts"] if not f.get("single_source")]
        if multi:
            lines += ["### Corroborated facts", ""]
            for f in multi[:20]:
                lines.append(f"- ({f['independent_sources']} independent) {md(_q(f['text']))} {_marks(order, f['sources'])}")
            lines.append("")
        if single:
            lines += ["### Only one source says", ""]
            for f in single[:15]:
                n = len(f["sources"])
                wire = any(set(f["sources"]) <= set(g) for g in story.get("wire_groups") or [])
                copies = (f" (one {'wire report' if wire else 'source'} in {n} articles)") if n > 1 else ""
                lines.append(f"- {md(_q(f['text']))} {_marks(order, f['sources'])}{copies}")
            lines.append("")
    if story.get("reuse"):
        lines += ["### Shared and rewritten passages", ""]
        for r in story["reuse"][:15]:
            a, b = r["a"], r["b"]
            lines.append(f"- {r['kind']} ({r['score']:.2f}): [{order.get(a['article_id'], '?')}] {_quoted(a['text'], 120)} "
                         f"↔ [{order.get(b['article_id'], '?')}] {_quoted(b['text'], 120)}")
        lines.append("")
    lines += ["### Sources", ""]
    for aid, n in sorted(order.items(), key=lambda kv: kv[1]):
        if aid in articles:
            dup = " (near-duplicate)" if aid in story.get("duplicates", {}) else ""
            lines.append(f"{n}. {_src_label(articles[aid])}{dup}")
    lines.append("")
    return "\n".join(lines)


def render_markdown(report: dict[str, Any]) -> str:
    arts = {a["id"]: a for a in report["articles"]}
    run = report["run"]
    if run["inputs"] or not report["stories"]:
        line = (f"{count(run['inputs'], 'input')}: {run['accepted']} accepted, {count(run['duplicates'], 'duplicate')}, "
                f"{len(run['rejected'])} rejected; {count(len(report['stories']), 'story')}.")
    else:  # `newsweave analyze`: stories read back from the store, nothing ingested
        line = f"{count(len(report['stories']), 'stored story')} analysed ({count(len(arts), 'article')})."
    out = ["# newsweave briefing", "", line, ""]
    for story in report["stories"]:
        out.append(render_story(story, arts))
    if run["rejected"]:
        out += ["## Rejected inputs", ""]
        out += [f"- {md(r['input'])}: {md(r['reason'])}" for r in run["rejected"]]
        out.append("")
    return "\n".join(out)
