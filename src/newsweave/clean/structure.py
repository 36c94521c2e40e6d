"""Separate an article's body from what is around it, paragraph by paragraph.

Rules (each generic, see :mod:`newsweave.clean.patterns`): site chrome is dropped; contributor
credits ("With AFP and Reuters") and photo credits go to ``credits``; captions (a line ending in a
bracketed photo credit, plus the alt-text line of the same block) are dropped; bylines give
author/outlet; unpunctuated short lines at the top are kicker + headline (+ a restating standfirst);
title-case lines inside the body become ``sections``. The rules are applied until nothing changes,
so cleaning clean text changes nothing (idempotence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsweave.clean import patterns as pt
from newsweave.clean.text import Para

_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published|date)(?: on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d+\s+(?:minutes?|hours?|days?)\s+ago)"
    r"(?:[\s,|at-]*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
    r"(?:\s*[|,;-]\s*(?:updated|published)?:?.{0,40})?$", re.I)
_TERMINAL_MARK = re.compile(r"^(related|leave a (reply|comment)|comments?|you (may|might) also like|more from|"
                            r"recommended|most (read|popular|viewed)|trending|latest|read (more|next)|"
                            r"(more|other) (stories|news|articles)|see also|also read|popular)\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w'’-]+")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(\([A-Za-z .]{1,20}\))?\s*[—–-]")
_GLUE = re.compile(r"(?<![\w’'-])([a-z]{2,})([A-Z][a-z]+\b|[AI](?=\s+[a-z]))")  # "downShipping", "caseA court"
_SENT_END_ANY = re.compile(r"[.!?][\"”’)]?(\s|$)")
_SENT_BREAK = re.compile(r"[.!?][\"”’)]?\s+[A-Z\"“‘]")
# "'Get out now': Desperate tales ...", "#VegasNYE: Mayor celebrates ...": a headline behind a quoted
# or hashtag kicker
_HEAD_PREFIX = re.compile(r"^(?:[‘'\"“][^‘'\"“’”\n]{1,80}[’'\"”]|#\w{2,30})\s*:\s+")
_MID_OPENERS = frozenset("The An In On At After As When While For With By From Since Until Its His Her Their Our "
                         "There According Two Three Four Five Six Seven Eight Nine Ten".split())
_AGENCY_TAG = re.compile(r"\s\((?:MENAFN|Reuters|AP|AFP|IANS|PTI|ANI|UNI|Xinhua|Bloomberg|UPI|dpa|KUNA|WAM|SPA|"
                         r"Yonhap|Kyodo|Bernama|APP|GNA)\b[^()]{0,40}\)\s+(?=[A-Z])")
_PLACE_DATE_END = re.compile(r"\s([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                             r"[a-z]*\.?\s+\d{1,2}$")
_OPENERS = _MID_OPENERS | frozenset("A It He She They We I This That These Those Here Last Every".split())
_HEAD_TAG = re.compile(r"[(\[](?:VIDEO|VIDEOS|PHOTOS?|WATCH|PICS|LISTEN|UPDATED?|GRAPHIC|LIVE)[)\]]:?")
_TRAILING_BYLINE = re.compile(r"\s[Bb]y ([A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2})$")
# a wire dateline inside flattened text: "... fires SYDNEY, Australia - Australia deployed ...",
# "... booked HYDERABAD: Panjagutta police ..."
_INNER_DATELINE = re.compile(
    r"\s(?P<city>[A-Z][A-Z'’-]+\.?(?: [A-Z][A-Z'’-]+\.?){0,3})(?P<state>, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?: \([A-Za-z .-]{1,20}\))?\s*(?P<mark>--|[—–:-])\s+(?=[A-Z\"“‘])")


@dataclass
class Structure:
    """The body paragraphs and the metadata taken out of the text."""

    paras: list[Para]
    title: str | None = None
    kickers: list[str] = field(default_factory=list)
    standfirst: str | None = None
    author: str | None = None
    outlet: str | None = None
    credits: list[str] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)


def _prose(text: str) -> bool:
    return pt.ends_sentence(text) and not _bare_quote_end(text) and len(text.split()) >= 8


def _bare_quote_end(text: str) -> bool:
    """Does ``text`` end with a quotation that has no final punctuation of its own (a headline's
    '... Ellison: "We simply were not good enough"', not a sentence's '... "a disaster."')?"""
    bare = text.rstrip()
    return bare.endswith(_CLOSE_QUOTES) and len(bare) > 1 and bare[-2] not in pt.TERMINAL_INSIDE + "".join(_CLOSE_QUOTES)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in pt.SMALL_WORDS and len(w) > 2}


def _drop(st: Structure, paras: list[Para], i: int, reason: str) -> None:
    p = paras.pop(i)
    st.removed.append((reason, p.text))
    if p.sections and i < len(paras):  # headings attached to a dropped paragraph move to the next one
        paras[i].sections[:0] = p.sections


def _line_pass(st: Structure, paras: list[Para]) -> None:
    """Chrome, credits, captions, bylines and date lines: each judged on its own line (+ its block)."""
    block_size: dict[int, int] = {}
    for p in paras:
        block_size[p.block] = block_size.get(p.block, 0) + 1
    i = 0
    after_marker = False
    while i < len(paras):
        p, n = paras[i], len(paras)
        text = p.text
        if after_marker and (pt.unpunctuated_short(text) or pt.chrome(text)):
            _drop(st, paras, i, "related links")
            continue
        if pt.chrome(text):
            after_marker = after_marker or bool(_TERMINAL_MARK.match(text))
            if i == 0 and len(text.split()) <= 3 and pt.heading_like(text) and n > 1 \
                    and pt.unpunctuated_short(paras[1].text):  # "Top Story", "Exclusive"
                st.kickers.append(text)
                _drop(st, paras, i, "kicker")
                continue
            _drop(st, paras, i, "site chrome")
            continue
        after_marker = False
        cred = pt.credit(text)
        if cred:
            st.credits.append(cred)
            _drop(st, paras, i, "credit")
            continue
        photo = pt.photo_credit(text)
        if photo:
            if photo[1]:
                st.credits.append(photo[1])
            _drop(st, paras, i, "photo caption")
            prev = paras[i - 1] if i > 0 else None
            if prev and prev.block == p.block and (prev.alt_text or block_size.get(p.block, 0) <= 3) \
                    and len(prev.text.split()) <= 80:
                _drop(st, paras, i - 1, "photo caption")
                i -= 1
            continue
        if i < 6 or i >= n - 3:
            by = pt.byline(text)
            if by:
                st.author = st.author or by[0]
                st.outlet = st.outlet or by[1]
                _drop(st, paras, i, "byline")
                continue
        if i < 6 and len(text.split()) <= 14 and _DATE_LINE.match(text):
            st.date_lines.append(text)
            _drop(st, paras, i, "date line")
            continue
        i += 1


def _same_title(line: str, title: str) -> bool:
    a, b = line.casefold().strip(), " ".join(title.split()).casefold()
    return a == b or (len(a) >= 15 and (b.startswith(a) or a.startswith(b)))


def _top_pass(st: Structure, paras: list[Para], meta_title: str | None, html: bool) -> None:
    """Kicker, headline and standfirst at the top of the text.

    With a known title (HTML metadata) only that title and short kickers before it are taken;
    plain text has no metadata, so up to three unpunctuated short lines are kicker + headline.
    """
    if html and meta_title:
        for j in range(min(3, len(paras) - 1)):
            if _same_title(paras[j].text, meta_title):
                if all(len(paras[k].text.split()) <= 3 for k in range(j)):
                    for _ in range(j):
                        st.kickers.append(paras[0].text)
                        _drop(st, paras, 0, "kicker")
                    _drop(st, paras, 0, "headline")
                break
        return
    if not st.title and paras:
        _glued_headline(st, paras)
    if not st.title and paras:
        _spaced_headline(st, paras)
    elif paras:
        _repeated_head(st, paras)  # also after a headline line: the same text again, cleaned, has none
    if len(paras) > 2 and paras[0].text.endswith(("…", "...")) \
            and paras[1].text.startswith(paras[0].text.rstrip(".…").rstrip() + " "):
        _drop(st, paras, 0, "cut-off copy of the headline")  # "Deadly Start to 2020 As…", then in full
    tops: list[str] = []
    while len(paras) > 1 and (paras[0].heading or _headline_like(paras[0].text)) \
            and not _prose(paras[0].text) and (len(tops) < 3):
        tops.append(paras[0].text)
        _drop(st, paras, 0, "headline")
    if tops:
        long = [t for t in tops if len(t.split()) >= 4]
        head = long[0] if long else max(tops, key=len)
        for t in long[1:]:  # a teaser cut off before the headline in full ("... Start to 2020 As (...)")
            if t.startswith(head + " "):
                head = t
        if st.title is None:
            st.title = head
        st.kickers.extend(t for t in tops if t is not head and t != st.title and not head.startswith(t + " "))
        _standfirst(st, paras)
    elif meta_title and paras:
        first, mt = paras[0].text, " ".join(meta_title.split())
        if first.casefold() == mt.casefold() and len(paras) > 1:
            _drop(st, paras, 0, "headline")
        elif first.startswith(mt + " ") and first[len(mt) + 1 : len(mt) + 2].isupper() \
                and not pt.ends_sentence(mt) and len(mt.split()) >= 3:
            st.removed.append(("headline glued to the first paragraph", mt))
            paras[0].text = first[len(mt) + 1 :]


def _glued_headline(st: Structure, paras: list[Para]) -> None:
    """'...break downShipping at the port...': a headline run into the first paragraph without a
    space. Split only when the glued word is lowercase + Capitalised (not a brand like PlayStation
    or iPhone), the left part reads as a headline and the right part as sentences."""
    first = paras[0].text
    m = _GLUE.search(first, 0, 220)
    if not m:
        return
    head, rest = first[: m.start(2)], first[m.start(2) :]
    if 4 <= len(head.split()) <= 20 and not pt.ends_sentence(head) and pt.unpunctuated_short(head) \
            and len(rest.split()) >= 8 and _SENT_END_ANY.search(rest):
        st.title = head.strip()
        st.removed.append(("headline glued to the first paragraph", st.title))
        paras[0].text = rest


def _headline_like(text: str) -> bool:
    """An unpunctuated short line, also behind a quoted or hashtag kicker ("'Get out': Residents flee")
    or ending in a quotation that has no final punctuation of its own ('Coach Ellison: "We simply were
    not good enough"')."""
    m = _HEAD_PREFIX.match(text)
    body = text[m.end():] if m else text
    if _bare_quote_end(body):
        body = body.rstrip().rstrip("".join(_CLOSE_QUOTES)).rstrip()
    return len(text) <= 150 and pt.unpunctuated_short(body)


_CLOSE_QUOTES = ('"', "”", "’", "'")


def _repeated_opening(text: str) -> tuple[str | None, str]:
    """("X", rest) when ``text`` opens with a phrase X of 3-30 words printed two or more times in a row."""
    words = text.split()
    for k in range(3, min(30, len(words) // 2) + 1):
        if words[:k] == words[k : 2 * k] and len(words) >= 2 * k + 8 and not pt.ends_sentence(" ".join(words[:k])):
            head, rest = " ".join(words[:k]), text.lstrip()
            while rest.startswith(head) and rest[len(head) : len(head) + 1].isspace():
                rest = rest[len(head) :].lstrip()
            return head, rest
    return None, text


def _repeated_head(st: Structure, paras: list[Para]) -> bool:
    """A phrase printed twice at the top of the first paragraph ("Tear gas fired Tear gas fired Police …",
    "Leave a Reply Leave a Reply …") is cut off; it is the title unless one is known already."""
    head, rest = _repeated_opening(paras[0].text)
    if not head:
        return False
    if st.title is None:
        st.title = head
        st.removed.append(("headline repeated before the first paragraph", head))
    else:
        st.removed.append(("repeated opening", head))
    while True:  # a caption printed twice may follow ("Photo: Jane Roe Photo: Jane Roe ...")
        again, after = _repeated_opening(rest)
        if not again:
            break
        st.removed.append(("repeated caption", again))
        rest = after
    paras[0].text = rest
    return True


def _spaced_headline(st: Structure, paras: list[Para]) -> None:
    """A headline run into flattened text with a space: either repeated ("Tear gas fired Tear gas
    fired Police ...") or ended by a wire dateline ("... fires SYDNEY, Australia - Australia ...")."""
    if _repeated_head(st, paras):
        return
    first = paras[0].text
    if _DATELINE.match(first):
        return
    if not (_dateline_head(st, paras, first) or _agency_head(st, paras, first)):
        _title_case_head(st, paras)


def _splits(head: str, rest: str) -> bool:
    """Can flattened text split into ``head`` (3-25 words, headline-like, one sentence at most) and ``rest``?"""
    return 3 <= len(head.split()) <= 25 and _headline_like(head) and not _SENT_BREAK.search(head) \
        and len(rest.split()) >= 8


def _dateline_head(st: Structure, paras: list[Para], first: str) -> bool:
    m = _INNER_DATELINE.search(first, 0, 260)
    if not m:
        return False
    head, rest = first[: m.start()].strip(), first[m.start() :].strip()
    city = m.group("city")
    by = _TRAILING_BYLINE.search(head)
    if by:
        head = head[: by.start()].rstrip()
    if m.group("mark") == ":" and (m.group("state") or len(city) < 4 or " " in city
                                   or head.split()[-1:] and head.split()[-1].lower() in pt.SMALL_WORDS):
        return False  # "celebration in DTLA: ..." is a headline's own colon, not a dateline
    if not (_splits(head, rest) and _SENT_END_ANY.search(rest)):
        return False
    st.title = head
    st.author = st.author or (by.group(1) if by else None)
    st.removed.append(("headline run into the dateline", first[: m.start()].strip()))
    paras[0].text = rest
    return True


def _agency_head(st: Structure, paras: list[Para], first: str) -> bool:
    """"Penguins rout Senators (MENAFN - Gulf Times) Evgeni Malkin scored ...": a headline before an
    agency tag."""
    m = _AGENCY_TAG.search(first, 0, 260)
    if not m:
        return False
    head, rest = first[: m.start()].strip(), first[m.start() :].strip()
    place = _PLACE_DATE_END.search(head)  # "... in Himachal Shimla, Jan 1 (IANS) The high court ..."
    if _PLACE_DATE_END.fullmatch(" " + head):
        return False  # the text already opens with its dateline
    if place:
        cut = place.start()
        if head[:cut].split()[-1:] and head[:cut].split()[-1].lower() in pt.SMALL_WORDS and " " in place.group(1):
            cut = head.index(" ", place.start() + 1)  # "... wife in Himachal | Shimla, Jan 1"
        head, rest = head[:cut].strip(), f"{head[cut:].strip()} {rest}"
    if not _splits(head, rest):
        return False
    st.title = head
    st.removed.append(("headline run into an agency tag", head))
    paras[0].text = rest
    return True


def _title_case_head(st: Structure, paras: list[Para]) -> bool:
    """A headline run into the first sentence of flattened text, split before the sentence's opener:
    Title Case ("Israel Succeeded in Averting Terror Attacks The year 2019 was ..."), a "(VIDEO)" tag, or
    an opener capitalised mid-sentence ("Jakarta hit with deadly floods At least nine people died")."""
    first = paras[0].text
    toks = list(re.finditer(r"\S+", first[:400]))
    if len(first.split()) < 30:
        return False
    for i in range(4, min(22, len(toks) - 8)):
        w, nxt = toks[i].group(), [t.group() for t in toks[i + 1 : i + 4]]
        head_words = [t.group() for t in toks[:i]]
        tagged = bool(_HEAD_TAG.fullmatch(head_words[-1])) and w[:1].isupper()
        if not tagged and (w not in _OPENERS or not all(x[:1].islower() or x[:1].isdigit() for x in nxt)):
            continue
        head = first[: toks[i].start()].strip()
        if _SENT_BREAK.search(head) or pt.ends_sentence(head) and not tagged:
            return False
        content = [x for x in head_words if x[:1].isalpha() and x.lower() not in pt.SMALL_WORDS]
        caps = sum(1 for x in content if x[:1].isupper())
        prev = head_words[-1].strip("\"“”'‘’()")
        # in a sentence-case headline the opener's capital is the boundary: "... deadly floods At least nine"
        mid = w in _MID_OPENERS and prev[:1].islower() and not pt.ends_sentence(head) and head[-1:] not in ":;,"
        if tagged or mid or (caps >= 3 and caps >= 0.85 * len(content)):
            st.title = head
            st.removed.append(("title-case headline run into the first sentence", head))
            paras[0].text = first[toks[i].start():]
            return True
    return False


def _standfirst(st: Structure, paras: list[Para]) -> None:
    """A one-sentence summary right under the headline that the next paragraphs restate."""
    if len(paras) < 3 or st.standfirst:
        return
    cand = paras[0].text
    words = cand.split()
    if not (6 <= len(words) <= 35) or not pt.ends_sentence(cand) or _SENT_BREAK.search(cand) \
            or any(q in cand for q in "\"“”") or _DATELINE.match(cand):
        return
    mine = _content_words(cand)
    later = _content_words(paras[1].text + " " + paras[2].text)
    if mine and len(mine & later) / len(mine) >= 0.3:
        st.standfirst = cand
        _drop(st, paras, 0, "standfirst")


def _heading_pass(st: Structure, paras: list[Para]) -> None:
    """Sub-headings in the body become sections attached to the paragraph that follows them."""
    i = 1 if paras and not paras[0].heading else 0
    while i < len(paras):
        p = paras[i]
        nxt_prose = i + 1 < len(paras) and _prose(paras[i + 1].text)
        prev_prose = i > 0 and _prose(paras[i - 1].text)
        # a heading stands alone between prose paragraphs; runs of short lines are lists or tables
        is_head = (p.heading and i + 1 < len(paras)) or (nxt_prose and prev_prose and (
            pt.heading_like(p.text, max_words=12) or pt.unpunctuated_short(p.text, 8)))
        if not is_head:
            i += 1
            continue
        paras[i + 1].sections[:0] = [*p.sections, p.text]
        paras.pop(i)
        st.removed.append(("sub-heading", p.text))


def _fragment_pass(st: Structure, paras: list[Para]) -> None:
    """In prose articles, lines that are not sentences (captions, labels) are dropped."""
    if sum(1 for p in paras if _prose(p.text)) < 3:
        return
    i = 0
    while i < len(paras):
        t = paras[i].text
        if not pt.ends_sentence(t) and not pt.is_list_item(t) and len(t.split()) <= 40:
            _drop(st, paras, i, "caption or fragment")
        else:
            i += 1


def structure(paras: list[Para], *, title: str | None = None, html: bool = False) -> Structure:
    """Apply every rule until the paragraphs stop changing (at most 8 rounds).

    ``html``: the text came out of trafilatura, which already dropped most chrome; captions-or-
    fragment removal is then off and only the metadata title is taken off the top.
    """
    st = Structure(paras=list(paras))
    for _ in range(8):
        before = [p.text for p in st.paras]
        _line_pass(st, st.paras)
        _top_pass(st, st.paras, title, html)
        _heading_pass(st, st.paras)
        if not html:
            _fragment_pass(st, st.paras)
        if [p.text for p in st.paras] == before:
            break
    return st
