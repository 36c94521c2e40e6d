"""Quotes stage: direct quotations with a resolved speaker; one Quote per utterance across sources.

Found three ways (each tested in ``tests/analyze/test_quotes.py``):

* **marked**: text between straight or curly double quotes (or straight/curly single quotes around
  8+ characters), possibly running over several sentences of one paragraph; the speaker is named in
  a speech-verb clause after or right before it, or is the subject of a clause ending in a colon
  ("Voss was defiant: “...”"); a quote interrupted by its attribution ("“A,” he said, “B.”" or
  "“A,” he said. “B.”") is one quote whose span runs from A to B, attribution included, as printed;
  a later quote separated by other words is a second quote of the same speaker;
* **unmarked, trailing attribution**: "I think it was more embarrassing than intentional, Biden told
  reporters on Saturday." -- a sentence ending in ``, NAME|pronoun speech-verb [short tail].``;
* **unmarked, colon**: "..., saying: I don't think ..." / "NAME said: ..." without quote marks.

The speaker is the PERSON entity named in the attribution (after or before the quote, same
sentence); a pronoun ("he said", "she added") resolves to the nearest preceding PERSON mention of
the article. Quotes whose speaker cannot be resolved are left out (precision first). The same words
in several sources (fuzzy match) merge into one :class:`Quote` with one span per source; so does one
utterance of one speaker re-worded or trimmed by another outlet (MiniLM cosine plus a lexical check,
:func:`.quote_groups.same_utterance`), while distinct remarks of that speaker stay apart (grouping in
:mod:`.quote_groups`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from newsweave.analyze.lang import skipped_articles
from newsweave.analyze.pronouns import antecedent, pronoun_genders, sentence_of
from newsweave.analyze.quote_groups import Found, group_utterances
from newsweave.analyze.roles import TITLE_NOUNS, role_titles
from newsweave.clean.quality import has_common_verb
from newsweave.clean.speech import QUOTATION, VERBS
from newsweave.model import Article, Entity, Quote, Span, Story
from newsweave.pipeline import RunContext

PRONOUNS = r"he|she|He|She"
_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "'": "'"}
_TRAIL = re.compile(  # an appositive role may come first: ", Brevnik's mayor, Katarzyna Nowak, said"
    r",\s+(?:(?:[A-Z][\w’'.-]*['’]s|the)\s+(?:[a-z-]+\s+){0,3}[a-z]+,\s+(?=[A-Z]))?"
    rf"(?P<who>(?:[A-Z][\w’'.-]*\s+){{0,4}}[A-Z][\w’'.-]*|{PRONOUNS}|the\s+(?:[a-z-]+\s+)?[a-z]+),?\s+(?P<verb>{VERBS})"
    r"(?P<tail>(?:\s+[\w’'.,-]+){0,8}?)(?:,\s+(?:adding|saying|standing|speaking|according|as)\b[^“\"]*)?"
    r"\s*[.!?]?\s*$")
_TRAIL_INV = re.compile(rf",\s+(?P<verb>{VERBS})\s+(?P<who>(?:[A-Z][\w’'.-]*\s*){{1,4}})(?:,[^.]*)?[.!?]?\s*$")
# an inverted attribution runs past a title's dot right after its verb ("said Dr. Helen Marsh", "said U.S.
# envoy Carla Tennant"); elsewhere a dot ends it ("she said in a letter to Rep. Tom Reid" is hers)
_TITLE_DOT = r"(?:\s+(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Cdr|Adm|Maj|Cpl|Insp|Supt|Det|Rev|St)\.|\s+U\.[SKN]\.)"
_STRAY_TAIL = re.compile(r"[.!?]\s+[a-z][^.!?]{0,30}[.!?]?$")
_COLON = re.compile(rf"\b(?:saying|(?:{VERBS}))\s*:\s+(?=[A-Z\[])")
MIN_WORDS = 4


def is_title(quoted: str) -> bool:
    """A quoted title of a work, not speech: 2-10 words in title case, every word capitalised but
    articles, short prepositions and conjunctions ("his memoir, “Slaves in the Family.”"; not "“This
    is not Iraq or Afghanistan,”" nor "“WE WILL"): title case capitalises "Is" and "Not"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", quoted)
    caps = sum(w[0].isupper() for w in words)
    return (2 <= len(words) <= 10 and caps >= 2 and any(c.islower() for c in quoted)
            and all(w[0].isupper() or w in _TITLE_SMALL for w in words))


# what a quoted title follows in lower-cased text, where title case cannot show it: "host of " the late late show "",
# "his 1979 book " bikram's beginning yoga class. "", "to the song " this one's for the girls, ""
_NAMES_A_WORK = re.compile(r"\b(?:called|titled|entitled|dubbed|headlined|(?:host|star|episode|season|creator|author)s?\s+of|"
                           r"show|series|film|movie|book|album|song|single|novel|memoir|documentary|hashtag)\s*[,:]?\s*$",
                           re.I)
_TITLE_SMALL = frozenset("a an the of in on at to for and or but nor by with from as per via vs".split())
_NOT_JOINER = re.compile(r"[^\s\"“”‘’'.,;:!?—–-]")  # a word between two parts of a split quotation
_CLAUSE_LINK = re.compile(r"\b(?:and|but|then|before|after|while|as|when|which|because)\b")
MAX_ATTRIBUTION_WORDS = 12  # "Robert Tenley, the plant manager, told reporters on Wednesday" (9) splits one quote


def _person_mentions(story: Story) -> dict[str, list[tuple[int, int, Entity]]]:
    out: dict[str, list[tuple[int, int, Entity]]] = {}
    for e in story.entities:
        if e.type != "PERSON":
            continue
        for m in e.mentions:
            out.setdefault(m.article_id, []).append((m.start, m.end, e))
    for v in out.values():
        v.sort(key=lambda t: t[0])
    return out


def _paragraph(art: Article, pos: int) -> tuple[int, int]:
    ls = art.text.rfind("\n", 0, pos) + 1
    le = art.text.find("\n", pos)
    return ls, (le if le >= 0 else len(art.text))


def _in(ments: list[tuple[int, int, Entity]], start: int, end: int) -> list[tuple[int, int, Entity]]:
    return [m for m in ments if m[0] >= start and m[1] <= end]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "“”\"‘’'…"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:“”\"‘’' "):
        e -= 1
    return s, e


def _speaker_in(art: Article, start: int, end: int, ments: list[tuple[int, int, Entity]],
                quote_start: int, genders: dict[str, str] | None = None,
                titles: dict[str, Entity] | None = None) -> Entity | None:
    """The speaker named in the attribution window ``text[start:end]`` after a quotation: the PERSON
    right before the speech verb (an adverb or apposition may stand between: "Hallam, the chief
    executive, said"; "Goddard planetary scientist Avi Mandell said" is Mandell), else one after it
    with at most a title between ("said planetary geologist Rosaly Lopes"), else a pronoun subject
    resolved backwards, else the one holder of a title in the story ("the former governor told").
    Nobody when the verb's subject is someone not recognised as a person ("Vindman testified,
    referring to … Hunter Biden"; "one Weibo commenter said, per Feng")."""
    text = art.text
    verb = _VERB.search(text, start, end)
    if verb is None:
        return None
    for _, me, ent in reversed(_in(ments, start, verb.start())):
        to_verb = _NAME_TO_VERB.match(text, me)
        if to_verb and to_verb.end() == verb.end():
            return ent
    after = _in(ments, verb.end(), end)
    if re.search(r"\b(?:they|we|I|you|it)\s*$", text[start:verb.start()], re.I):
        return None  # "…,” they wrote Ajit Pai: the name after the verb is the addressee
    if after and verb.group() not in _OBJECT_VERBS and _VERB_TO_NAME.fullmatch(text, verb.end(), after[0][0]):
        if len(after) > 1 and _TITLED.fullmatch(text, after[0][1], after[1][0]) and \
                not _POSSESSIVE.match(text, after[1][1]):  # "says aisha buhari nigerian president muhammadu buhari's wife"
            return after[1][2]  # "said glendwood springs police chief terry wilson": the titled name
        return after[0][2]  # "said Avi Mandell", "said planetary geologist Rosaly Lopes"
    if p := re.search(rf"\b(?:{PRONOUNS})\s*$", text[start:verb.start()]):
        return antecedent(ments, quote_start, art, p.group().strip(), genders)
    if titles and (t := _TITLE_SUBJECT.fullmatch(text, start, verb.start())):
        return titles.get(t.group("noun").lower())
    return None


# "the former alaska governor, 45, tells …": a definite title as the verb's subject
_TITLE_SUBJECT = re.compile(r"\s*the\s+(?:[\w.-]+\s+){0,4}?(?P<noun>[A-Za-z]+)\s*(?:,[^,“”\"]{0,30},\s*)?", re.I)
_SPEECH_AFTER_NAME = re.compile(rf"\s*(?:,[^,“”\"]{{0,60}},\s*)?(?:{VERBS})\b")
_VERB = re.compile(rf"\b(?:{VERBS})\b")
# name ... verb: an adverb, "and his team" or an apposition may stand between ("Thomas allegedly told",
# "Paganini and his team wrote", "Hallam, the chief executive, said"); a possessive may not ("Trump's aide said")
_NAME_TO_VERB = re.compile(r"(?:\s+(?:\w+ly|also|later|then|again|and\s+(?:his|her|their)\s+[a-z-]+))*"
                           rf"\s*(?:,[^,“”\"]{{0,60}},\s*|,\s*)?(?:{VERBS})\b")  # "…, Brevnik's mayor, Katarzyna Nowak, said"
# verbs whose next name is the one spoken to ("… lim told jessica hamzelou from new scientist"), never an inverted subject
_OBJECT_VERBS = frozenset({"told", "tells", "urged"})
_TITLED = re.compile(r"\s+(?:[\w.’'-]+\s+){0,3}?(?:" + "|".join(sorted(TITLE_NOUNS)) + r")\s+", re.I)
_VERB_TO_NAME = re.compile(r"\s+(?:[\w’'.-]+\s+){0,6}?")  # "said White House Press Secretary Stephanie Grisham"


def _reported_speech(art: Article, ments: list[tuple[int, int, Entity]], start: int,
                     quote_at: int) -> tuple[Entity | None, Span | None]:
    """A partial quote inside reported speech: "Wang Wenbin said the United States needed to “…”".
    The speaker is the last PERSON of the sentence named right before a speech verb, when no other
    PERSON and no other quote stands between that verb and the quote."""
    text = art.text
    inside = _in(ments, start, quote_at)
    for i in range(len(inside) - 1, -1, -1):
        ms, me, ent = inside[i]
        v = _SPEECH_AFTER_NAME.match(text, me)
        if not v:
            continue
        between = text[v.end():quote_at]
        if any(o is not ent for _, _, o in inside[i + 1:]) or re.search(r"[“”\"]", between):
            return None, None
        return ent, art.span(ms, v.end())
    return None, None


def _split_pair(text: str, prev: Found, speaker: Entity, own: Span | None, start: int) -> bool:
    """Does the quotation opening at ``start`` continue ``prev`` across its attribution: same speaker,
    the attribution between the two and none of its own elsewhere (``own``: "“B,” she added" is a
    second remark), and nothing else between them but marks, punctuation and spaces?"""
    att = prev.attribution
    if prev.speaker is None or prev.speaker.id != speaker.id or att is None:
        return False
    if not (prev.span.end <= att.start and att.end <= start) or start - prev.span.end > 200:
        return False
    if own is not None and not (own.start < att.end and att.start < own.end):
        return False
    clause = text[att.start:att.end]  # "Voss said" / "the union leader told reporters on Saturday"
    if len(clause.split()) > MAX_ATTRIBUTION_WORDS or _CLAUSE_LINK.search(clause):  # "Fenwick said, and then she left"
        return False
    rest = text[prev.span.end:att.start] + text[att.end:start]
    return "\n" not in text[prev.span.end:start] and not _NOT_JOINER.search(rest)


# "Tracy Morgan's lawyer said he “…”", "A palin aide told thedc: “…”": the speaker is the person named by the
# noun after the name, not the one it belongs to ("citing Obama's speech, which stressed that “…”" is still Obama's words)
_ROLE_NOUNS = (r"(?:lawyer|attorney|counsel|spokes(?:man|woman|person)|representative|rep|aide|adviser|advisor|agent|"
               r"manager|publicist|wife|husband|son|daughter|mother|father|brother|sister|friend|partner|girlfriend|"
               r"boyfriend|fianc[ée]e?|colleague|coach|doctor|office|campaign|team|family|deputy|secretary|staff)\b")
_POSSESSIVE = re.compile(rf"['’]s?\s+(?:[a-z-]+\s+)?{_ROLE_NOUNS}|\s+(?:aide|spokes(?:man|woman|person)|adviser|advisor|"
                         r"lawyer|attorney|campaign|staffer|administration)\b", re.I)
_THING_SPEAKS = re.compile(rf"\b(?:(?:the|a|an|my|our|your|his|her|their)\s+[\w-]+|it|they)\s+(?:[\w-]+\s+){{0,3}}?"
                           rf"(?:{VERBS})\b", re.I)  # "the airline said", "my mother wrote me"


def _other_speaker(text: str, ments: list[tuple[int, int, Entity]], prev: Found, end: int) -> bool:
    """Does someone else, or something, speak between the quotation ``prev`` (and its attribution) and
    ``end``: another person named at a speech verb ("Evers said"), or a thing ("the airline said", "it
    went on to say")? Then a later unattributed quotation is not ``prev``'s speaker's continuation."""
    start = max(prev.span.end, prev.attribution.end if prev.attribution else 0)
    if _THING_SPEAKS.search(text, start, end):
        return True
    return any(ent is not prev.speaker and (v := _NAME_TO_VERB.match(text, me)) is not None and v.end() <= end
               for _, me, ent in _in(ments, start, end))


def _after_colon(text: str, start: int, mark: int) -> bool:
    """Does the quotation at ``mark`` follow a colon ("Voss was defiant: “…”"), not before ``start``?"""
    return re.search(r":\s*$", text[max(start, mark - 3):mark]) is not None


def _someone_introduces(text: str, start: int, mark: int) -> bool:
    """Is the quotation at ``mark`` introduced by a clause of its own with no "he" / "she" (nor the
    speaker's own "I" / "we": "Now we say: ‘…’") ("There is silence as the operator pleads: “…”")?
    Then it is not the previous speaker's continuation."""
    if not _after_colon(text, start, mark):
        return False
    clause = text[start:mark]
    if re.match(r"[\W]*(?:when\s+)?asked\b", clause, re.I):
        return False  # "Asked about the delay: “…”": the speaker answers
    return bool(re.search(r"[A-Za-z]{2}", clause)) and not re.search(rf"\b(?:{PRONOUNS}|I|we|We)\b", clause)


_BETWEEN_QUOTES = re.compile(r"[\s.,;:!?”\"’']*")


def _continues(text: str, prev: Found, qs: int, qe: int, mark: int) -> bool:
    """Does a quotation that ends a sentence ("“B.”") open right after the attribution of the one before
    ("“A,” McMullin said. “B.”")? Then it is the same speaker's, whatever name the next sentence gives."""
    att = prev.attribution
    return (prev.speaker is not None and att is not None and text[qs:qe].rstrip()[-1:] in (".", "!", "?")
            and prev.span.end <= att.start and att.end <= mark
            and _BETWEEN_QUOTES.fullmatch(text, att.end, mark) is not None)


def marked_quotes(art: Article, ments: list[tuple[int, int, Entity]],
                  genders: dict[str, str] | None = None, titles: dict[str, Entity] | None = None) -> list[Found]:
    text = art.text
    found: list[Found] = []
    for m in QUOTATION.finditer(text):
        qs, qe = _trim(text, m.start() + 1, m.end() - 1)
        n_words = len(text[qs:qe].split())
        if n_words < MIN_WORDS or is_title(text[qs:qe]) or (
                n_words <= 8 and _NAMES_A_WORK.search(text, max(0, m.start() - 30), m.start())):
            continue
        ps, pe = _paragraph(art, m.start())
        ss, se = sentence_of(art, m.start())
        # the attribution stays in the sentence the quotation closes in (a multi-sentence quotation
        # opens in an earlier one: "“A. B,” said Holloway")
        close_end = sentence_of(art, m.end() - 1)[1] if m.end() > se else se
        after_end = min(pe, max(close_end, m.end()) + 1, m.end() + 160)
        after = text[m.end():after_end]
        speaker = attribution = None
        prev = found[-1] if found else None
        if prev is not None and _continues(text, prev, qs, qe, m.start()):
            # "“A,” McMullin said. “B.” Moraghan, a lawyer, told the Times that …": B is McMullin's too
            speaker, attribution = prev.speaker, prev.attribution
        am = None if speaker else re.match(rf"[\s,]*(?P<att>(?:[^.!?“\"]{{0,80}}?)\b(?:{VERBS})\b{_TITLE_DOT}?[^.!?“\"]{{0,100}})", after)
        if am:
            a0, a1 = m.end() + am.start("att"), m.end() + am.end("att")
            speaker = _speaker_in(art, a0, a1, ments, m.start(), genders, titles)
            attribution = art.span(*_trim(text, a0, a1)) if speaker else None
        if speaker is None and (dash := _DASH_CREDIT.match(text, m.end())):
            # a pull quote credited after a dash: "“It's like a ghost town out here” — Sandra Patel, café owner"
            named = [x for x in ments if x[0] == dash.end() and not _POSSESSIVE.match(text, x[1])]
            if named:  # the credit ends its line: a role after a comma at most ("— Sandra Patel, café owner")
                line_end = text.find("\n", dash.end())
                rest = text[named[0][1]:line_end if line_end >= 0 else len(text)]
                if re.fullmatch(r"(?:,[^.!?]{0,60})?\s*", rest) and not has_common_verb(rest):
                    speaker, attribution = named[0][2], art.span(dash.start(1), named[0][1])
        if speaker is None:
            lo = max(ps, ss, m.start() - 200)
            before = text[lo:m.start()]
            bm = re.search(rf"(?P<att>[^.!?”\"]{{0,160}}\b(?P<verb>{VERBS}|saying)(?P<mid>(?:\s+[\w’'-]+){{0,6}}?\s+that)?"
                           r"(?:\s+(?:he|she|it|they|we))?\s*[:,]?\s*)$", before)
            if bm:
                b0 = lo + bm.start("att")
                # "Biden told White House reporters on Saturday that he “…”": the speaker precedes the verb
                verb_at = lo + (bm.start("verb") if (bm.group("mid") or "").split()[:-1] else bm.end("att"))
                near = [x for x in _in(ments, b0, verb_at) if not _POSSESSIVE.match(text, x[1])]  # "Morgan's lawyer said"
                pron = re.search(rf"\b(?:{PRONOUNS})\b", text[b0:lo + bm.start("verb")])  # not "lawyer said he"
                if _THING_SUBJECT.search(text, b0, lo + bm.start("verb")):
                    near, pron = [], None  # "… broken by AC Milan's website, which said in a statement: ‘…’"
                if bm.group("verb") == "saying" and pron and (not near or b0 + pron.start() < near[0][0]):
                    speaker = antecedent(ments, b0, art, pron.group(), genders)  # "He urged Mr. Trump to …, saying “…”": the subject
                elif near:
                    speaker = near[0][2] if bm.group("verb") == "saying" else near[-1][2]
                elif pron:
                    speaker = antecedent(ments, b0, art, pron.group(), genders)
                attribution = art.span(*_trim(text, b0, m.start())) if speaker else None
        if speaker is None and _after_colon(text, ss, m.start()):
            intro = [x for x in _in(ments, max(ps, ss), m.start())  # "Voss was defiant: “...”" -> the clause subject
                     if not _POSSESSIVE.match(text, x[1])]
            verbs = list(_VERB.finditer(text, max(ps, ss), m.start()))
            if verbs and _THING_SUBJECT.search(text, max(ps, ss), verbs[-1].start()):
                intro = []  # "… AC Milan's website, which said in a statement: ‘…’": no person speaks
            if intro:
                speaker = intro[0][2]
                attribution = art.span(*_trim(text, max(ps, ss), m.start()))
        if speaker is None:
            speaker, attribution = _reported_speech(art, ments, max(ps, ss), m.start())
        # "“Her children are young,” my mother wrote me.": the quote's own attribution names nobody we know
        own_unknown = speaker is None and am is not None and (
            re.search(r",\W?$", text[m.start():m.end()]) is not None or text[m.end():m.end() + 1] == ",")
        if speaker is None and prev is not None and prev.speaker is not None and not own_unknown:
            gap = text[prev.span.end:m.start()]
            if (prev.attribution and prev.attribution.end <= m.start() and "\n\n" not in gap and len(gap) < 200
                    and not _other_speaker(text, ments, prev, m.start())  # "Evers said", "it went on to say"
                    and not _someone_introduces(text, max(ps, ss, prev.span.end, prev.attribution.end), m.start())):
                speaker, attribution = prev.speaker, prev.attribution  # continuation of a split quote
        if speaker is not None and prev is not None and _split_pair(text, prev, speaker, attribution, m.start()):
            # "“A,” she said, “B.”" / "“A,” she said. “B.”": one quotation, its span running from A to B
            # with the attribution inside, as the source prints it
            prev.span = art.span(prev.span.start, qe)
            continue
        found.append(Found(art.span(qs, qe), attribution, speaker, True))
    return found


# the speech verb's subject is a thing: "…'s website, which said", "the club said", "it said in a statement"
_THING_SUBJECT = re.compile(r"(?:\b(?:which|it)|\b(?:the|its|a)\s+(?:[a-z-]+\s+)?(?:website|statement|club|company|"
                            r"report|letter|site|page|account|newspaper|paper|ministry|council|board|agency|firm))"
                            r"\s+(?:\w+ly\s+)?$", re.I)
_DASH_CREDIT = re.compile(r"[,.!?]?\s*([—–]|--)\s*")


# a reported clause right after the speech verb: "said (that) the repairs would …" (not "said in an
# interview that aired", "told reporters who had gathered")
_CLAUSE_WORD = re.compile(r"\s+(?:that\s+)?(?:[\w'’-]+\s+){1,4}?(?:is|are|was|were|will|would|could|should|can|may|"
                          r"might|has|have|had)\b")
_NOT_IN_CLAUSE = re.compile(r"\b(?:who|which|when|where|that)\b|,")


def _appositive_subject(head: str, tail: str) -> bool:
    """Is ``head`` the speaker's role in apposition, not a quotation? No verb in it, and a reported clause
    after the speech verb ("…, Mark Brennan, said the repairs would take six months")."""
    m = _CLAUSE_WORD.match(tail)
    if m is None or has_common_verb(head):
        return False
    lead = re.match(r"\s+(?:that\s+)?", tail)
    return not _NOT_IN_CLAUSE.search(tail, lead.end() if lead else 0, m.end())


def unmarked_quotes(art: Article, ments: list[tuple[int, int, Entity]], taken: list[tuple[int, int]],
                    titles: dict[str, Entity] | None = None, genders: dict[str, str] | None = None) -> list[Found]:
    text = art.text
    titles = titles or {}
    found: list[Found] = []
    for s, e in art.sentences:
        sent = text[s:e]
        if any(c in sent for c in "“”\"") or any(s < te and ts < e for ts, te in taken):
            continue
        m = _TRAIL.search(sent) or _TRAIL_INV.search(sent)
        if m:
            qs, qe = _trim(text, s, s + m.start())
            if _appositive_subject(text[qs:qe], m.groupdict().get("tail") or ""):
                continue  # "The town's chief engineer, Mark Brennan, said the repairs would …": no quote
            if len(text[qs:qe].split()) >= 4:
                a0, a1 = s + m.start("who"), s + m.end()
                who = _in(ments, s + m.start("who"), s + m.end("who"))
                spk = who[0][2] if who else (
                    antecedent(ments, s, art, m.group("who"), genders) if re.fullmatch(PRONOUNS, m.group("who")) else None)
                if spk is None and m.group("who").startswith("the "):
                    spk = titles.get(m.group("who").split()[-1].lower())
                if spk is not None:
                    found.append(Found(art.span(qs, qe), art.span(*_trim(text, a0, a1)), spk, False))
                    continue
        c = _COLON.search(sent)
        if c:
            qs, qe = _trim(text, s + c.end(), e)
            stray = _STRAY_TAIL.search(text, qs, qe)
            if stray:  # "... knew what was going on. passed." : a glued-on scrap is not part of the quote
                qe = stray.start() + 1
            if len(text[qs:qe].split()) >= 4:
                a0, a1 = s, s + c.end()
                who = _in(ments, a0, a1)
                # "X ..., saying:" -> the clause subject (first PERSON); "X said:" -> the PERSON before it
                spk = (who[0][2] if c.group().startswith("saying") else who[-1][2]) if who else None
                if spk is None and (p := re.search(rf"\b(?:{PRONOUNS})\b", text[a0:a1])):
                    spk = antecedent(ments, a0, art, p.group(), genders)
                if spk is not None:
                    found.append(Found(art.span(qs, qe), art.span(*_trim(text, a0, a1)), spk, False))
    return found


def story_quotes(story: Story) -> list[Quote]:
    arts = story.by_id()
    skip = skipped_articles(story)
    ments = _person_mentions(story)
    titles = role_titles(story)
    genders = pronoun_genders(arts, ments)
    found: list[Found] = []
    for a in story.articles:
        if a.id in skip:
            continue
        pm = ments.get(a.id, [])
        mq = marked_quotes(a, pm, genders, titles)
        taken = [(f.span.start, f.span.end) for f in mq]
        found += [f for f in mq if f.speaker is not None]
        found += unmarked_quotes(a, pm, taken, titles, genders)
    groups = group_utterances(found, arts)
    out: list[Quote] = []
    for g in groups:
        spk = g[0].speaker
        if len(g) > 1:  # the first span represents the quote: a whole sentence before a fragment, then the longest
            g = sorted(g, key=lambda x: (not x.span.text_in(arts)[:1].isupper(), x.span.start - x.span.end))
        spans = [x.span for x in g]
        qid = "q" + hashlib.sha1(f"{story.id}|{spans[0]}".encode()).hexdigest()[:10]
        out.append(Quote(qid, spk.name if spk else None, spk.id if spk else None, spans,
                         [x.attribution for x in g if x.attribution is not None],
                         list(dict.fromkeys(x.span.article_id for x in g)), marked=any(x.marked for x in g)))
    out.sort(key=lambda q: (-len(q.spans), q.speaker or "", q.spans[0]))
    return out


class QuotesStage:
    """Story stage: fills ``story.quotes`` (needs ``story.entities`` for speakers)."""

    name = "quotes"
    requires = frozenset({"stories", "entities"})
    provides = frozenset({"quotes"})
    scope = "story"

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            story.quotes = story_quotes(story)
            yield story
