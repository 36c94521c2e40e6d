"""Which sentences read as complete, self-standing statements of an article body.

Summary sentences (:mod:`newsweave.summarize`) and the "only one source says" facts
(:mod:`newsweave.analyze.facts`) are drawn from these only. This module
rejects (with a reason) boilerplate, photo captions and credits, headlines and sub-headings that were
glued into the body, orphaned quote fragments, very short or verb-less fragments, all-caps lines and
text that was cut off. Rules are generic patterns of site chrome, never strings of particular articles.
"""

from __future__ import annotations

import re

from newsweave.model import Article

MIN_WORDS = 6
MAX_WORDS = 100

# Matched against the lower-cased sentence (4x faster than re.I over this many alternatives). Each entry
# is one alternative; _any_of groups them by first letter, which halves the search time over one flat
# alternation (the regex engine tries every alternative at every position).
_BOILER_ALTERNATIVES = (
    r"source link", r"related (articles|stories|posts|content)", r"leave a (reply|comment)",
    r"email address will not be published", r"required fields are marked", r"back to top",
    r"(subscribe|sign up|register) (now|today|here)",
    r"(subscribe|sign up|register) (to|for) (our|free|daily|weekly|email|e-mail|updates|alerts|newsletters?)\b",
    r"newsletter", r"click here", r"read more\b", r"follow us", r"share (this|on)", r"all rights reserved",
    r"copyright", r"©", r"advertisement", r"cookie", r"privacy policy", r"terms of (use|service)",
    r"getty images", r"\(photo\b", r"photo:", r"image:", r"(photograph|photo|image|video)( credit)?s? (by|courtesy)",
    r"this (story|article) (was|has been) (updated|corrected)", r"reporting by", r"editing by", r"writing by",
    r"contributed to this report", r"https?://", r"www\.", r"@\w+\.\w+",
    # page chrome that scrapes keep: alert and newsletter sign-ups, social widgets, video players,
    # slideshows, reprint notices, web-archive crawl notes
    r"breaking news (emails|alerts)", r"news and stories that matter", r"delivered (weekday|every) mornings?",
    r"to your inbox", r"(briefing|digest|alerts?|roundup|edition|(top|biggest|latest|best) (stories|headlines|news)) in your inbox",
    r"(follow|listen to|watch|tune in to) our (live )?(coverage|broadcast|blog|updates)", r"thank you for subscribing", r"push notifications", r"stay up to date on the latest",
    r"add (\w+ ){0,3}as an interest", r"tweet location", r"location information to your tweets",
    r"will not appear anywhere on", r"rating is available when the video", r"this feature is not available",
    r"try again later", r"skip ad\b", r"ad loading", r"autoplay", r"full screen", r"toggle caption",
    r"enlarge this image", r"click prev or next", r"continue viewing images", r"reprints:",
    r"presentation-ready cop", r"non-commercial use", r"crawl data", r"outlinks", r"\bcrawls\b", r"webcrawl",
    r"wayback machine", r"archive-it", r"no more 404", r"news you can trust", r"enter the characters",
    r"interactive transcript", r"location to your tweets", r"tweet with a location", r"add this tweet",
    r"copying the code below", r"verification (message|email)", r"confirmation email", r"consider subscribing",
    r"already used that reaction", r"media playback is (unsupported|not supported)", r"(picture |photo )?credits? ?:",
    r"photos ?:", r"picture ?:", r"photograph ?:", r"(image|media) caption\b", r"thanks? (you )?for (reading|visiting|watching|listening)\b",
    r"(be sure|make sure|don't forget) to (visit|follow|like|check out|find) [\w .'&-]{1,40} on (facebook|twitter|instagram)",
    r"\d: ?\d\d ?[ap]\.?m\.?( [a-z]{2,4})? ?/ ?updated",  # "8:52 PM GMT / Updated …" timestamp lines
    # a page's own widgets: "Use the interactive world map above to explore …", "(See photos of …)"
    r"(use|explore|see|try) (the|our|this) interactive (\w+ )?(map|graphic|chart|table|tool|timeline|feature)",
    r"(map|graphic|chart|table|gallery|slideshow|video|player) (above|below) to",
    r"\(see (photos|pictures|video|more)",
)


def _any_of(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching where any alternative matches, alternatives sharing a first letter grouped."""
    by_letter: dict[str, list[str]] = {}
    other: list[str] = []
    for alt in alternatives:
        if alt[:1].isalpha() and alt[1:2] not in ("?", "*", "+", "{"):
            by_letter.setdefault(alt[0], []).append(alt[1:])
        else:
            other.append(alt)
    parts = [f"{c}(?:{'|'.join(rest)})" for c, rest in by_letter.items()] + [f"(?:{alt})" for alt in other]
    return re.compile("|".join(parts))


_BOILER = _any_of(_BOILER_ALTERNATIVES)
# a bracketed or parenthesised credit such as "[Jane Doe/Pool via AFP]" or "(AP Photo/John Roe)"
_CREDIT = re.compile(r"[\[(][^\])]{0,80}(\bvia\b|/|\bAFP\b|\bReuters\b|\bAP\b|Getty|\bPhoto\b|\bPool\b)"
                     r"[^\])]{0,80}[\])]\s*$")
# the signature line of an embedded tweet: "— Robert Maguire (@RobertMaguire_) November 18, 2019"
_TWEET_CREDIT = re.compile(r"[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}$"
                           r"|[—–-]\s*[A-Z][^()]{1,60}\(@\w")  # or its start, the rest run into other text
# a teaser cut off with an ellipsis: "As community leaders and politicians discuss measures to..."
_TRUNCATED = re.compile(r"\w\s*(?:\.\.\.|…)$")
# an agency photo caption's opening: "DETROIT, MI - NOVEMBER 17: Damon Harrison #98 of the Lions walks off ..."
_CAPTION_OPENER = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}\s*[-–—]\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
                             r"[A-Z]*\.?\s+\d{1,2}(?:,\s+\d{4})?\s*:")
# an inline photo credit opening the next sentence of the same paragraph, in text whose captions were run
# into the article ("… in Washington. Photo: AP Washington — …", "… waters. Photo / Supplied Hundreds …"):
# the sentence before it is the caption. Singular only: "Photos: Tom Cruise through the years" is a gallery link
_INLINE_CREDIT = re.compile(r"(?i:photo(?:graph)?|picture|image|credit|photo credit|image credit)\s*(?::|/|by\b)")
# a sentence opening with a credit: "( Adriana Usero/The Washington Post ) Republican …", "Sputnik/Alexei
# Druzhinin/Kremlin via Reuters Iran and Russia …"
_LEAD_CREDIT = re.compile(r"[(\[][^()\[\]]{1,60}/[^()\[\]]{1,60}[)\]]"
                          r"|[\w.’'-]+(?:\s[\w.’'-]+){0,3}/[\w /.’'-]{1,60}?\bvia\s+(?i:reuters|afp|ap|getty|epa)\b"
                          r"|(?i:photos\s*:|(?:image|media)\s+caption\b)")  # "Photos: …" links a gallery
# a credit inside a sentence that a caption was run into: "… in Norristown, Pa. ( AP Photo/Matt Slocum ) ( Associated
# Press ) Bill Cosby arrives …", "… Kyusung Gong/AP Photo Elections …"
_MID_CREDIT = re.compile(r"(?i:[(\[]\s*(?:(?:ap|afp)\s+)?photo\b|\b[a-z]+/(?:ap|reuters|afp|getty|epa|efe)\b"
                         r"|[(\[]\s*associated press\s*[)\]])")
# the next sentence opens with a bracketed credit, maybe cut off: "( AP Photo/Manu... ( Associated Press ) …"
_NEXT_CREDIT = re.compile(r"[(\[][^()\[\]]{1,60}/|[(\[]\s*(?i:(?:ap|afp)\s+)?(?i:photo)\b")
# a whole sentence in brackets ("(Not even the vase that President Trump suggested.)"): an aside to the one before
_ASIDE = re.compile(r"^\([^()]+\)\W*$|^\[[^\[\]]+\]\W*$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[.!?…]\s*[\"'”’]\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_VERBISH = frozenset(
    "is are was were be been being am has have had do does did will would shall should can could may "
    "might must said says say told tells tell added adds according announced reported reports "
    "expected expects agreed agrees plans planned wants wanted called calls made makes make took takes "
    "take came comes come went goes go got gets get gave gives give found finds showed shows saw sees "
    "see held holds met meets left leaves became becomes remain remains remained kept keeps keep "
    "began begins brought brings ran runs hope hopes hoped need needs needed seem seems seemed "
    "think thinks thought know knows knew believe believes believed want".split())
_VERB_SUFFIX = re.compile(r"^[a-z][a-z'’-]{2,}(ed|ing|ize|ise)$")
_NOT_BEFORE_VERB = frozenset(
    "the a an of in on at with for and or near by from to into over under its their his her our your my "
    "this that these those some many few several all two three four five six seven eight nine ten".split())


def words(text: str) -> list[str]:
    """Word tokens (letters/digits, with inner apostrophes and hyphens)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """The budget unit: whitespace-separated tokens."""
    return len(text.split())


# single quotation marks (British style): an opening mark before a capital after a space, colon or
# bracket; a closing one after a word or punctuation. An apostrophe after a word at depth 0 is a
# possessive ("residents' group"), not a close; after punctuation it closes a quotation opened earlier.
_SINGLE = re.compile(r"(?P<open>(?:^|(?<=[\s(:—\[]))['‘](?=[A-Z]))|(?P<close>(?<=[\w.,!?])['’](?=\s|$|[,.;:!?)—\]]))")


def single_quote_state(text: str) -> tuple[int, bool]:
    """(single quotations still open at the end of ``text``, whether a closing mark after punctuation
    closed one opened before ``text``)."""
    depth, stray = 0, False
    for m in _SINGLE.finditer(text):
        if m.group("open"):
            depth += 1
        elif depth:
            depth -= 1
        elif text[m.start() - 1] in ".,!?":
            stray = True
    return depth, stray


def _quotes_unbalanced(text: str) -> bool:
    if text.count("“") != text.count("”"):
        return True
    straight = text.count('"')
    return straight % 2 == 1 or single_quote_state(text) != (0, False)


def has_common_verb(text: str) -> bool:
    """Does ``text`` hold one of the common verb forms ("is", "said", "take", "won't")?"""
    return any(w in _VERBISH or w.endswith("n't") for w in re.findall(r"[a-z’']+", text.lower().replace("’", "'")))


def _has_verb(tokens: list[str]) -> bool:
    for k, t in enumerate(tokens):
        low = t.lower()
        if low in _VERBISH or low.endswith("n't") or _VERB_SUFFIX.match(low):
            return True
        # "prices rise" / "the council votes": a plural-looking -s word right after a noun-ish word
        if (k > 0 and t.islower() and len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
                and tokens[k - 1].lower() not in _NOT_BEFORE_VERB):
            return True
    return False


def _headline_like(text: str, tokens: list[str]) -> bool:
    if not _TERMINAL.search(text):
        return True  # no sentence-final punctuation: a headline, a label or a cut-off fragment
    alpha = [t for t in tokens if t[0].isalpha()]
    if len(alpha) >= 4:
        caps = sum(1 for t in alpha if t[0].isupper() and len(t) > 3)
        long_words = sum(1 for t in alpha if len(t) > 3)
        if long_words >= 4 and caps >= 0.8 * long_words:
            return True  # Title Case Throughout
    return False


_MID_WORD = re.compile(r"([.!?\n]\s*)?\b([A-Za-z][A-Za-z'’-]+)")


def lower_cased(text: str) -> bool:
    """True for a text released lower-cased (as news corpora often are): under 3% of its mid-sentence
    words capitalised, over at least 50 such words (news as published: 7-20%, for the names); the first
    5,000 characters decide."""
    mid = [m.group(2) for m in _MID_WORD.finditer(text, 0, 5000) if not m.group(1)]
    return len(mid) >= 50 and sum(w[0].isupper() for w in mid) < 0.03 * len(mid)


_GLUED = re.compile(r"[a-z]{3,}([A-Z][a-z]{2,})")  # "NoemSouth"; "MacBook", "YouTube" have shorter heads


def _glued(text: str) -> bool:
    """Words run together by scraping: a lower-to-upper case join whose capitalised tail also stands
    alone in the sentence ("Kristi NoemKristi Lynn NoemSouth Dakota"); brand names ("PlayStation",
    "WordPress") do not repeat their tail as a word."""
    alone = set(re.findall(r"\b[A-Z][a-z]{2,}\b", text))
    return any(m.group(1) in alone for m in _GLUED.finditer(text))


_SMALL = frozenset("a an the of in on at to for and or but nor by with from as is are vs via into onto over per".split())
# capitalised inside a headline, not inside a name in running text; not "The" / "A" ("PATNA: The Patna …")
_CAP_SMALL = frozenset(w.capitalize() for w in (_SMALL - {"a", "an", "the", "nor"}) | {"her", "his", "their", "its",
                                                                                      "after", "before", "about"})


def glued_headline(text: str) -> bool:
    """A Title Case headline run into the sentence it heads ("Pauline Tantot Sizzles In Metallic Pink
    Mini Dress On Instagram Pauline Tantot shared …"): the sentence opens with 5+ words in title case,
    one of them a capitalised small word ("In", "To", "With", "Of"), before it goes on in sentence case.
    Names in running text keep their small words lower-case ("The Bank of China said …")."""
    toks = text.split()
    run = 0
    for t in toks:
        w = t.strip("\"'“”‘’(),:;")
        if w[:1].isupper() or w[:1].isdigit() or w in _SMALL:
            run += 1
        else:
            break
    # a small word opening a sentence after a dateline, a bracket or a footnote number ("(18:28 GMT) After …",
    # "14 In 2001-02, …") is no sign
    signs = [t for i, t in enumerate(toks[1:run], 1) if t.strip("\"'“”‘’(),:;") in _CAP_SMALL
             and not (toks[i - 1][-1:] in "):" or (i == 1 and toks[0].strip(".").isdigit()))]
    return run >= 5 and len(toks) - run >= 4 and bool(signs)


_QUESTION = re.compile(r"\?\s*$")


def reject_reason(text: str, article: Article | None = None, cased: bool = True) -> str | None:
    """Why ``text`` may not be a summary sentence, or None if it may. ``cased=False`` (the article is
    :func:`lower_cased`): a lower-case first letter says nothing about the sentence."""
    tokens = words(text)
    n = len(text.split())
    if n < MIN_WORDS:
        return "fragment: under 6 words"
    if n > MAX_WORDS:
        return "run-on: over 100 words (likely a mis-split)"
    if cased and text[:1].islower():
        return "fragment: starts in lower case"
    letters = sum(map(str.isalpha, text))
    if letters and sum(map(str.isupper, text)) > 0.6 * letters:
        return "all caps"
    if _BOILER.search(text.lower()):
        return "boilerplate"
    bare = text.strip()
    if (_CREDIT.search(text) or _TWEET_CREDIT.match(bare) or _CAPTION_OPENER.match(bare)
            or _INLINE_CREDIT.match(bare) or _LEAD_CREDIT.match(bare) or _MID_CREDIT.search(text)):
        return "caption or credit"
    if _ASIDE.match(text.strip()):
        return "aside in brackets (needs the sentence before)"
    if article is not None and article.title and text.strip().rstrip(".").lower() == article.title.strip().rstrip(
            ".").lower():
        return "headline"
    if _headline_like(text, tokens) or _TRUNCATED.search(text.rstrip()):
        return "headline or cut-off fragment"
    if _quotes_unbalanced(text):
        return "orphaned quote fragment (unbalanced quotation marks)"
    if not _has_verb(tokens):
        return "no verb"
    if sum(map(str.isdigit, text)) > 0.3 * max(1, len(text) - text.count(" ")):
        return "table or list of numbers"
    if _QUESTION.search(text):  # a quoted question ends in its closing mark and stays
        return "question, not a statement"  # "Q: Favorite live event you've ever attended?"
    if text.count("|") >= 2 or text.count("\t") >= 2:
        return "table row"  # "| DL | Myles Garrett | 57 | 77% | 1 tackle (1 combined)."
    if _glued(text):
        return "glued text (link or heading run into the sentence)"  # "Gov. Kristi NoemKristi Lynn NoemSouth …"
    if cased and glued_headline(text):
        return "headline run into the sentence"
    return None


def caption_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that look like photo captions: a line ending in a bracketed credit,
    and a short line directly above it without any quotation or attribution (its alt-text)."""
    out: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if line.strip() and _CREDIT.search(line) and len(line.split()) <= 60:
            out.append((s, e))
            j = i - 1
            while j >= 0 and not text[lines[j][0]:lines[j][1]].strip():
                j -= 1
            if j >= 0:
                ps, pe = lines[j]
                prev = text[ps:pe]
                if (len(prev.split()) <= 60 and not re.search(r"[\"“”]|\bsaid\b|\bsays\b|\btold\b", prev)
                        and "  " in prev.strip()):
                    out.append((ps, pe))
    return out


def quote_open(before: str) -> bool:
    """Is a quotation still open at the end of ``before`` (more “ than ”, an odd number of ", or an
    open single quotation)?"""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1 or single_quote_state(before)[0] > 0


def inside_quotation(text: str, start: int) -> bool:
    """True when position ``start`` lies inside a quotation opened earlier in its paragraph (a
    sentence in the middle of a multi-sentence quote reads as an orphaned fragment)."""
    return quote_open(text[text.rfind("\n", 0, start) + 1:start])


_ELIGIBLE: dict[tuple[str, int, int], list[str | None]] = {}


def eligible(article: Article) -> list[str | None]:
    """Per sentence of ``article``: None when it may be summarised, else the reason it may not.
    Memoised per article (ids are content hashes): the facts and summary stages share it."""
    key = (article.id, len(article.text), len(article.sentences))
    got = _ELIGIBLE.get(key)
    if got is None:
        if len(_ELIGIBLE) > 4096:
            _ELIGIBLE.clear()
        got = _ELIGIBLE[key] = _eligible(article)
    return list(got)


def lead_eligible(article: Article, n: int) -> list[str | None]:
    """:func:`eligible` of the first ``n`` sentences only (story labels need no more)."""
    got = _ELIGIBLE.get((article.id, len(article.text), len(article.sentences)))
    return list(got[:n]) if got is not None else _eligible(article, n)


def _eligible(article: Article, limit: int | None = None) -> list[str | None]:
    caps = caption_lines(article.text)
    cased = not lower_cased(article.text)
    out: list[str | None] = []
    sents = article.sentences[:limit + 1 if limit is not None else None]
    for i, (s, e) in enumerate(sents[:limit]):
        if any(cs <= s < ce for cs, ce in caps):
            out.append("caption or credit")
            continue
        if (i + 1 < len(sents) and "\n" not in article.text[e:sents[i + 1][0]]
                and (_INLINE_CREDIT.match(article.text, sents[i + 1][0])
                     or _NEXT_CREDIT.match(article.text, sents[i + 1][0]))):
            out.append("caption (a photo credit follows it)")
            continue
        if inside_quotation(article.text, s):
            out.append("orphaned quote fragment (inside a multi-sentence quotation)")
            continue
        out.append(reject_reason(article.text[s:e], article, cased))
    return out
