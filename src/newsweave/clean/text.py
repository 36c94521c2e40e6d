"""Plain text -> paragraphs: normalise whitespace, split blocks, re-join hard-wrapped lines.

A *block* is a run of lines between blank lines. Inside a block every line is its own paragraph
(many sites put one paragraph per line), unless the block looks hard-wrapped (lines of similar
width ending mid-sentence), in which case its lines are joined. Clean text is the paragraphs
joined by one blank line, each paragraph a single line, so parsing clean text gives it back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CTRL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE = re.compile(r"[^\S\n]+")
_DOUBLE_SPACE_SENT = re.compile(r"[.!?]  +[A-Z]")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")
_MD_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# link text of at most 300 characters, URL chars one at a time (no nested quantifier, so an unclosed
# "[x](http://…" costs linear time, not exponential)
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]{1,300})\]\((?:[^()\s\[]|\([^()\s]{0,300}\)){0,2000}\)")
# bold of at most 1,000 characters (bounded, so an unclosed "**" or "__" costs linear time, not quadratic)
_MD_EMPH = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1(?![\w*])")  # not "f**king … f**king"
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?!\w)")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_RULE = re.compile(r"^[-*_](?:\s*[-*_]){2,}$")  # "---", "* * *"
_MD_PREFIX = re.compile(r"^(?:\s*(?:>|[*+-](?=\s)))+\s*")  # blockquote "> " and list bullets "* ", "- "
# what only Markdown writes: a link to a URL, an image, a "# heading" line, **bold**
_MD_SIGNAL = re.compile(r"\[[^\[\]\n]{1,300}\]\((?:https?://|/|#)[^)\s\[]{0,2000}\)|^#{1,6}[^\S\n]+\S|(?<![\w*])\*\*[^\s*][^*\n]*?[^\s*]\*\*(?![\w*])", re.M)
_MD_PASSES = 6  # marks nest a few deep at most; a bound keeps a pathological line linear
_SENT_END = ".!?…\"”’)»:"
# a feed teaser's end marker: "[…]", "(...)", "… Continue reading →", "Read more »", NewsAPI's "… [+1234 chars]"
_TEASER_END = re.compile(r"\s*(?:[\[(](?:…|\.\.\.)[\])]|(?:…|\.\.\.)?\s*\[\+\d+ chars\]|(?:…|\.\.\.)\s*(?i:continue reading|read more)\b[^.!?]{0,30}"
                         r"|(?i:continue reading|read more)\s*(?:→|»|›|>>))\s*$")


@dataclass
class Para:
    """One paragraph of the article being cleaned, with what was learnt about it."""

    text: str
    block: int  # index of the blank-line separated block it came from
    alt_text: bool = False  # had "sentence.  Sentence" double spacing (image alt text)
    heading: bool = False  # explicitly marked as a heading (markdown "#")
    sections: list[str] = field(default_factory=list)  # sub-headings that stood right before it


def normalise(text: str) -> str:
    """NFC, no zero-width characters, \\n line ends, no control characters except newline."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n").replace("\xa0", " ").replace("\t", " ")
    return _CTRL.sub("", text)


def _teaser_end(line: str) -> str:
    """Drop a teaser's end marker; a sentence it cut off keeps an ellipsis, so it reads as cut off."""
    m = _TEASER_END.search(line)
    if not m:
        return line
    if not m.start():
        return ""
    head = line[: m.start()].rstrip()
    return head if head[-1] in _SENT_END else head + "…"


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    body = lines[:-1]
    widths = [len(x) for x in body]
    if max(len(x) for x in lines) > 110 or min(widths) < 30:
        return False
    mid = sum(1 for x in body if x.rstrip()[-1:] not in _SENT_END)
    return mid >= len(body) / 2


def _continues(prev: str, nxt: str) -> bool:
    """``nxt`` continues ``prev``'s sentence: prev has no final punctuation and nxt starts lowercase."""
    return bool(prev) and prev[-1] not in _SENT_END and nxt[:1].islower() and len(prev.split()) >= 6


def looks_markdown(text: str) -> bool:
    """Plain text written in Markdown (a scraper's or a feed's): two or more links to URLs, images,
    "# heading" lines or **bold** runs."""
    if "](" not in text and "**" not in text and "#" not in text:
        return False  # (the common case, without running the pattern)
    found = _MD_SIGNAL.finditer(text[:200_000])
    return next(found, None) is not None and next(found, None) is not None


def _markdown_line(ln: str) -> tuple[str, bool]:
    """One Markdown line as plain text, and whether it was a heading. Repeated until nothing changes
    (each step only removes marks, and removing one can expose another: "*> x*")."""
    heading = False
    for _ in range(_MD_PASSES):
        was = ln
        if _MD_RULE.match(ln):
            return "", heading
        ln = _MD_PREFIX.sub("", ln)
        if _MD_HEADING.match(ln):
            ln, heading = _MD_HEADING.sub("", ln).strip(" #"), True
        ln = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", _MD_INLINE_IMAGE.sub("", ln)))
        ln = _HSPACE.sub(" ", _MD_CODE.sub(r"\1", _MD_EM.sub(lambda m: m.group(1) or m.group(2), ln))).strip()
        if ln == was:
            break
    return ln, heading


def to_paragraphs(text: str, *, markdown: bool = False) -> list[Para]:
    """Split normalised text into paragraphs (see module docstring)."""
    out: list[Para] = []
    for bi, block in enumerate(re.split(r"\n[^\S\n]*\n", normalise(text))):
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if markdown:
            lines = [ln for ln in lines if not _MD_IMAGE.match(ln)]
        if _hard_wrapped(lines):
            lines = [" ".join(lines)]
        merged: list[str] = []
        for ln in lines:
            if merged and _continues(merged[-1], ln):
                merged[-1] = merged[-1] + " " + ln
            else:
                merged.append(ln)
        for ln in merged:
            heading = False
            if markdown:
                ln, heading = _markdown_line(ln)
            alt = bool(_DOUBLE_SPACE_SENT.search(ln))
            ln = _teaser_end(_HSPACE.sub(" ", ln).strip())
            if ln:
                out.append(Para(ln, bi, alt_text=alt, heading=heading))
    return out


def join(paras: list[Para]) -> str:
    return "\n\n".join(p.text for p in paras)


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEYS = {"title": "title", "headline": "title", "author": "author", "authors": "author", "byline": "author",
               "date": "date", "published": "date", "pubdate": "date", "publishdate": "date", "outlet": "outlet",
               "source": "outlet", "publisher": "outlet", "site": "outlet", "url": "url", "link": "url"}


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Metadata of a YAML front-matter block ("---\\ntitle: …\\n---") and the text after it. Scalars
    and inline or dashed lists (joined with ", ") of the known keys; anything else is ignored. Not a
    front-matter block (no closing line within 8 KiB, or none of the known keys: "Q: …" is an
    interview): ({}, text)."""
    m = _FRONT.match(text[:8192])
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    key = None
    found = False
    for line in m.group("body").splitlines():
        kv = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if kv:
            key = _FRONT_KEYS.get(kv.group(1).lower().replace("_", ""))
            found = found or key is not None
            val = kv.group(2).strip()
            if val.startswith("[") and val.endswith("]"):
                val = ", ".join(v.strip().strip("'\"") for v in val[1:-1].split(",") if v.strip())
            val = val.strip("'\"").strip()
            if key and val and key not in meta:
                meta[key] = val
        elif key and (item := re.match(r"\s+-\s+(.+)$", line)):  # a dashed list under the key
            val = item.group(1).strip().strip("'\"")
            meta[key] = f"{meta[key]}, {val}" if key in meta else val
    if not found:
        return {}, text
    return meta, text[m.end():]
