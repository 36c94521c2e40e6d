"""Line classifiers for plain-text boilerplate: what site chrome, credits, captions and bylines
look like once a page has been flattened to text. Each function looks at one stripped line.

These are generic shapes (short navigation labels, share rows, comment-form text, bracketed
photo credits), not strings from any particular site.
"""

from __future__ import annotations

import re

_FULL = [
    r"(original )?source( link)?", r"via", r"related( articles?| posts?| stories| content| news| coverage| topics"
    r"| links| reading| videos?)?", r"leave a (reply|comment)", r"(post a |add a |view |show |\d+ )?comments?",
    r"(back|scroll|go|return) to top( button)?", r"advertisement", r"advertising", r"ad", r"ads by \w+",
    r"(sponsored|promoted|partner)( content| stories| links)?", r"read (more|next|also|on|the full story)",
    r"see (also|more)", r"more( stories| news| on this story| from us)?", r"(continue|keep) reading", r"load more",
    r"show (more|less)", r"share( this)?( article| story| post| page)?", r"share (on|via|to) [\w ]{1,20}",
    r"tweet( this)?", r"print( this)?( page| article)?", r"e-?mail( this)?( article)?", r"copy( the)? link",
    r"copied", r"link copied", r"skip to (main )?content", r"(jump|skip) to navigation", r"menu", r"search",
    r"home", r"close", r"you (may|might) also like", r"recommended( for you| stories| reading)?",
    r"most (read|popular|viewed|shared)", r"trending( now| stories| topics)?", r"popular( posts| stories| now)?",
    r"latest( news| stories| posts| headlines)?", r"editor'?s picks?", r"don'?t miss", r"also read",
    r"more from [\w .'&-]{1,40}", r"top stor(y|ies)", r"breaking( news)?", r"exclusive", r"live( updates)?",
    r"developing( story)?", r"just in", r"watch( now| live| video| the video)?", r"listen( to this article| now)?",
    r"video", r"photos?", r"gallery", r"(photo )?slideshow", r"(previous|next|prev) (article|post|story|page)",
    r"(older|newer) (posts?|articles?)", r"tags?", r"topics?", r"filed under", r"categor(y|ies)",
    r"all rights reserved", r"loading", r"story continues below( this)?( advertisement| ad)?",
    r"article continues (below|after (this )?advertisement)", r"advertisement[ -–—:]+scroll to continue",
    r"sign ?up", r"log ?in", r"sign ?in", r"register", r"subscribe( now| today| here)?", r"newsletter",
    r"follow us", r"(facebook|twitter|instagram|linkedin|youtube|tiktok|whatsapp|telegram)", r"print edition",
]
FULL_CHROME = re.compile(r"^(?:" + "|".join(_FULL) + r")$", re.I)

_PREFIX = [
    r"your email address will not be published", r"required fields are marked",
    r"(please )?(log ?in|sign ?in|register|subscribe) to (comment|reply|continue|read)",
    r"(subscribe|sign up|join)\b.{0,100}\b(newsletter|updates|inbox|subscription|for free|alerts|digest)",
    r"(subscribe|sign up)( now| today| here)?\b.{0,40}$", r"click here\b", r"tap here\b",
    r"follow (us|@\w+)\b", r"(like|follow|find) (us|[\w ]{1,30}) on (facebook|twitter|instagram|x|linkedin|youtube"
    r"|tiktok|threads)", r"(share|tweet|post|pin) (this|it) (on|via|with)\b", r"(tags|topics|filed under|"
    r"categories|keywords|related topics|more on)\s*:", r"copyright\b", r"©", r"\(c\) ?\d{4}",
    r"(we|this (web)?site|our (web)?site) uses? cookies", r"accept (all )?cookies",
    r"by (continuing|using) (to (use|browse) )?(this|our) (web)?site", r"cookie (policy|settings|preferences)",
    r"the post .{1,300} appeared first on\b", r"continue reading\b", r"(read|view) (the )?(full|original) "
    r"(article|story|post)\b",
    r"this (article|story|post|report) (was |has been |is |first |originally )+(published|appeared|updated|"
    r"produced)", r"originally (published|appeared)", r"(download|get) (our|the) (free )?app",
    r"(image|photo|picture|video) (source|caption|credit)s?\b", r"(reading time|\d+ ?min(ute)?s? read)\b",
    r"(report|flag|spotted) (an? )?(error|typo|mistake|correction)", r"(have|got) a (news )?tip",
    r"we (may )?(earn|receive) (a )?(small )?commission", r"this (post|article|page) (may )?contains? affiliate",
    r"(comments|commenting) (are|is) (closed|disabled|open)", r"(be the first to|no) comments?\b",
    r"(you are|you're) (now )?(reading|viewing|subscribed)", r"(all|some) rights reserved",
    r"read (more|the full|our)\b.{0,80}$", r"(more|also) (on|from) (this|our|the) (topic|site|author)",
    r"(view|see) (all|more) (stories|articles|posts|photos)", r"(listen|watch) to (this|the) (article|story)",
    r"(opinions|views) expressed (here|in this)", r"(save|bookmark) (this )?(article|story)",
    r"thanks? (you )?for (reading|visiting|watching|listening)\b",
    # upsells: short lines that end where the offer ends ("Switch to Pro mode and the camera …" is a review)
    r"(upgrade|switch|go) to (premium|pro|plus|an? (premium|paid|pro) (plan|account|subscription|membership))"
    r"( (membership|subscription|plan|account))?( for [\w ,'’-]{1,40})?[.!]?$",
    r"(unlock|get|enjoy) (unlimited|full|premium|ad-free|exclusive) (digital )?(access|articles|content|reading)"
    r"( (for|to|with) [\w ,.'’€$£-]{1,40})?[.!]?$",
    r"(become|join as) an? (member|subscriber|supporter|premium member)( (and|to) [\w ,'’-]{1,50})?[.!]?$",
    r"(start|try) (your|a) free trial( (today|now))?[.!]?$",
]
PREFIX_CHROME = re.compile(r"^(?:" + "|".join(_PREFIX) + r")", re.I)
_COOKIE_NOTICE = re.compile(r"^(we|this (web)?site|our (web)?site|[\w.]+ uses) (and our partners )?(use|uses|"
                            r"place|store) cookies", re.I)

_SOCIAL = {"facebook", "twitter", "x", "whatsapp", "linkedin", "reddit", "pinterest", "email", "e-mail",
           "print", "telegram", "messenger", "copy", "link", "share", "tweet", "flipboard", "tumblr", "mail",
           "sms", "threads", "bluesky", "instagram", "youtube", "tiktok", "pocket", "google", "comments",
           "comment", "save", "url", "shares", "copied"}
_SPLIT_SOCIAL = re.compile(r"[\s|·•,/:+]+")
_COUNT = re.compile(r"^\d+[kKmM]?$")

SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by",
               "from", "as", "vs", "vs.", "via", "is", "are", "was", "up", "off", "into", "over", "after", "than",
               "its", "it", "be", "not", "so", "per", "amid", "about", "out", "if", "that", "this", "has", "his",
               "her", "their", "who", "what", "how", "why", "when", "s"}

_TERMINAL = ".!?…:;,\"”’)»]'。！？」』"
TERMINAL_INSIDE = ".!?…,;:"  # punctuation that ends a quotation's own sentence ("… enough.")
_LIST = re.compile(r"^([-*•▪◦‣·]|\d{1,3}[.)]|[a-z][.)])\s")
_QUOTE_OPEN = "\"“‘'«"

# credits: "With AFP and Reuters", "Additional reporting by ...", "Reporting by X; Editing by Y"
_NAME = r"[A-Z][\w.'’&-]*"
_NAMES = rf"{_NAME}(?:\s+{_NAME})*"
CREDIT_LINE = re.compile(
    rf"^\(?(?:(?i:with (?:additional )?(?:reporting|input|files|contributions?)? ?(?:by|from)) .{{2,120}}"
    rf"|(?i:(?:additional |further )?reporting (?:by|from)) .{{2,200}}"
    rf"|(?i:(?:writing|editing|compiled|reported|written|edited|produced|contributions?) by) .{{2,120}}"
    rf"|(?i:with) (?:the )?{_NAMES}(?:\s*(?:,|and|&)\s*(?:the )?{_NAMES})*"
    rf"|(?i:agencies|wires|with agencies|with wires|agency reports?)"
    rf"|(?:[Tt]he )?{_NAMES}(?:\s*(?:,|and|&)\s*(?:the )?{_NAMES})* (?i:contributed to this (?:report|story|article))"
    rf")\.?\)?$")

# photo credits: "[Leah Millis/Pool via AFP]", "(Photo: Jane Doe/Reuters)", "REUTERS/Jane Doe", "Getty Images"
_AGENCY = (r"photo|photos|photograph|picture|image|images|getty|reuters|afp|ap|epa|efe|pool|shutterstock|file|"
           r"courtesy|credit|alamy|xinhua|anadolu|bloomberg|ansa|dpa|pa|sipa|upi|tass|kyodo|yonhap|unsplash|"
           r"handout|supplied|stock|illustration|screenshot|screengrab|ians|pti|aap|cp|nurphoto|afpi")
_CREDITY = re.compile(rf"/|\bvia\b|\b(?:{_AGENCY})\b", re.I)
END_BRACKET = re.compile(r"\s*[\[(]([^\[\]()]{2,120})[\])]\s*\.?$")
PURE_CREDIT = re.compile(
    rf"^[\[(]?(?:(?:photo|image|picture|credit|photograph|illustration|photo credit|image credit|"
    rf"file photo|pictured|caption)s?\s*(?:by)?\s*[:|–—-]?\s*.{{0,120}}"
    rf"|{_NAMES}\s*/\s*{_NAMES}(?:\s+via\s+{_NAMES})?"
    rf"|(?:{_NAMES} )?(?:for |via )?(?:getty images|shutterstock|alamy|afp|reuters|ap|epa|xinhua|anadolu)"
    rf"(?: via getty images)?)[\])]?$", re.I)
# a caption ending in an unbracketed credit after its last sentence: "... in Beijing. Photograph: Leah
# Millis/AP", "The east pier at dawn. Photo: Tomas Berg", "... Photo by Jane Roe for The Times"
END_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?”\"])\s+|\s+[|–—-]\s+)((?i:photo(?:graph)?s?|images?|pictures?|credit|illustration|video)"
    rf"(?:\s*(?i:by)|\s*:)\s*{_NAMES}(?:\s*/\s*{_NAMES})*(?:\s+(?i:via|for)\s+(?:the\s+)?{_NAMES})?)\s*$")
CAPTION_PREFIX = re.compile(r"^(file photo|file|pictured|above|top|main image|inset|left|right|caption)\s*[:|–—-]",
                            re.I)

BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|words by|story by)\s+(?P<author>{_NAMES}(?:(?:\s+and\s+|\s*&\s*){_NAMES})*)"
    rf"(?:\s*(?:\||,|[-–—]|for|of)\s*(?P<outlet>(?:[Tt]he )?{_NAMES}(?:\s+{_NAMES})*))?"
    rf"(?:\s*[|,–—-]?\s*(?P<rest>.{{0,60}}))?$")
_MONTH = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|updated|"
                    r"published|posted)", re.I)


def words(line: str) -> list[str]:
    return line.split()


def ends_sentence(line: str) -> bool:
    return bool(line) and line.rstrip()[-1] in _TERMINAL


def is_list_item(line: str) -> bool:
    return bool(_LIST.match(line))


def social_row(line: str) -> bool:
    """A row of share buttons: 'Facebook Twitter WhatsApp', 'Share | Tweet | Email', '12 shares'."""
    toks = [t for t in _SPLIT_SOCIAL.split(line.lower()) if t]
    if not toks or len(toks) > 14:
        return False
    named = [t for t in toks if t in _SOCIAL]
    return len(named) >= 1 and (len(named) >= 2 or len(toks) <= 2) and all(
        t in _SOCIAL or _COUNT.match(t) or (t in _SOCIAL_FILLER and len(named) >= 2) for t in toks)


_SOCIAL_FILLER = {"this", "on", "via", "or", "article", "story", "page", "post", "the"}  # "Share this: Facebook …"
_NAV_WORDS = {"home", "news", "sport", "sports", "weather", "world", "business", "politics", "opinion", "culture",
              "lifestyle", "entertainment", "tech", "technology", "science", "health", "travel", "video", "videos",
              "local", "national", "money", "arts", "life", "style", "food", "obituaries", "podcasts", "live",
              "latest", "uk", "us", "europe", "climate", "environment", "education", "markets", "more", "menu",
              "search", "contact", "about", "subscribe", "login", "sign in", "newsletters", "crime", "music"}
# words of a menu that no table header has ("Health | Education | Transport" is a table)
_NAV_MENU = {"home", "menu", "search", "subscribe", "login", "sign in", "newsletters", "contact", "more", "latest",
             "live", "podcasts", "video", "videos", "opinion", "sport", "sports", "weather"}
_NAV_SPLIT = re.compile(r"\s*[|·•»›]\s*")


def nav_row(line: str) -> bool:
    """A site's section menu: 'Home | News | Sport | Weather' (three or more short items between bars or
    bullets, most of them section names)."""
    line = line.strip()
    if line.startswith("|") or line.endswith("|"):
        return False  # a Markdown table row
    items = [t for t in _NAV_SPLIT.split(line) if t]
    if len(items) < 3 or any(len(t.split()) > 3 or re.search(r"[.!?,;:]$", t) for t in items):
        return False
    low = [t.lower() for t in items]
    return any(t in _NAV_MENU for t in low) and sum(t in _NAV_WORDS for t in low) * 2 >= len(items)


def chrome(line: str) -> bool:
    """Navigation labels, share rows, comment forms, cookie and subscription notices."""
    bare = line.strip().strip("»›>→←<|•·*#:-–— ").strip()
    if not bare:
        return True
    n = len(bare.split())
    if n <= 8 and FULL_CHROME.match(bare.rstrip(".!:")):
        return True
    if n <= 40 and PREFIX_CHROME.match(bare):
        return True
    if n <= 150 and _COOKIE_NOTICE.match(bare) and bare.lower().count("cookie") >= 3:
        return True  # a whole cookie-consent paragraph
    return n <= 14 and (social_row(bare) or nav_row(line))


def credit(line: str) -> str | None:
    """The credit text of a contributor line ('With AFP and Reuters'), else None."""
    bare = line.strip()
    if len(bare.split()) > 25 or not CREDIT_LINE.match(bare):
        return None
    if bare.lower().startswith("with ") and not _with_is_credit(bare):
        return None
    return bare.strip("()–—- ").rstrip(".")


def _with_is_credit(line: str) -> bool:
    rest = line[5:].rstrip(".)").replace("&", " and ").replace(",", " ")
    if rest.lower().strip() in ("agencies", "wires", "agency reports"):
        return True
    toks = [t for t in rest.split() if t.lower() not in ("and", "the")]
    return 1 <= len(toks) <= 8 and all(t[:1].isupper() for t in toks) and not line.rstrip().endswith("?")


def photo_credit(line: str) -> tuple[str, str] | None:
    """``(caption_text, credit)`` if the line is a photo credit or a caption ending in one."""
    bare = line.strip()
    if len(bare.split()) <= 16 and PURE_CREDIT.match(bare) and not ends_sentence(bare.rstrip(".)]")):
        if not bare.endswith((".", "!", "?")) or bare.startswith(("(", "[")):
            return "", bare.strip("[]() ")
    m = END_BRACKET.search(bare)
    if m and _CREDITY.search(m.group(1)) and len(m.group(1).split()) <= 12:
        inner = m.group(1)
        if all(t[:1].isupper() or t.lower() in ("via", "for", "/", "of", "the") or "/" in t
               for t in inner.replace("/", " / ").split()):
            return bare[: m.start()].strip(), inner.strip()
    m = END_CREDIT.search(bare)
    if m and len(bare.split()) <= 40:
        return bare[: m.start()].strip(), m.group(1).strip()
    if CAPTION_PREFIX.match(bare) and len(bare.split()) <= 60:
        return bare, ""
    return None


def byline(line: str) -> tuple[str, str | None] | None:
    """``(author, outlet)`` from 'By NAME | OUTLET', 'By NAME, OUTLET', 'By NAME and NAME'."""
    bare = line.strip()
    if len(bare.split()) > 16:
        return None
    m = BYLINE.match(bare)
    if not m:
        return None
    rest = (m.group("rest") or "").strip()
    outlet = (m.group("outlet") or "").strip() or None
    if outlet and _MONTH.match(outlet):
        rest, outlet = f"{outlet} {rest}", None
    if rest and not re.search(r"\d|updated|published|posted|ago|am|pm|gmt|utc|edt|est|bst", rest, re.I):
        return None
    return m.group("author").strip(), outlet


def _ideographic(text: str) -> bool:
    """CJK text has no spaces between words, so word counts and case rules do not apply."""
    return sum(1 for c in text if ord(c) >= 0x2E80) > len(text) * 0.2


def heading_like(line: str, *, max_words: int = 16) -> bool:
    """A short unpunctuated title-case (or all-caps) line: a headline or sub-heading."""
    bare = line.strip()
    ws = bare.split()
    if _ideographic(bare) or len(bare) > 150:
        return False
    if not 1 <= len(ws) <= max_words or ends_sentence(bare) or is_list_item(bare):
        return False
    if bare[0] in _QUOTE_OPEN or not (bare[0].isupper() or bare[0].isdigit()):
        return False
    sig = [w for w in ws if w[0].isalpha() and w.lower().strip("‘’'\"") not in SMALL_WORDS]
    if not sig:
        return False
    caps = sum(1 for w in sig if w[0].isupper() or w.lstrip("‘'\"“")[:1].isupper())
    return caps / len(sig) >= 0.75


def unpunctuated_short(line: str, max_words: int = 20) -> bool:
    """Any-case short line without final punctuation (a headline in sentence case, a kicker)."""
    bare = line.strip()
    ws = bare.split()
    if _ideographic(bare) or len(bare) > 150:
        return False
    return (1 <= len(ws) <= max_words and not ends_sentence(bare) and not is_list_item(bare)
            and bare[0] not in _QUOTE_OPEN and (bare[0].isupper() or bare[0].isdigit()))
