"""Per-sentence signals for extractive summarisation, computed over every source of a story.

Candidates are the eligible sentences (see :mod:`newsweave.clean.quality`) of all articles. Signals:

* centrality: LexRank (PageRank over the TF-IDF cosine graph of all candidates, all sources together)
  and cosine to the story centroid;
* corroboration: how many *independent* sources (wire copies count once) carry a similar sentence,
  taken from ``story.facts`` when the analysis layer filled it, else from TF-IDF/MiniLM similarity;
* position: first sentence, inverse and relative position in its article;
* informativeness: numbers, dates, named entities (``story.entities`` mentions or capitalised words);
* form: length, quotation, dangling opening.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsweave.analyze.roles import TITLE_NOUNS
from newsweave.clean.quality import eligible, quote_open, word_count
from newsweave.clean.speech import VERBS
from newsweave.model import Article, Span, Story

# feature order is part of the shipped scorer (weights.json): append, never reorder
FEATURES = (
    "rel_pos", "first", "inv_pos", "log_len", "lexrank", "centroid", "corroboration", "max_sim_other",
    "has_number", "has_date", "has_quote", "dangling", "inv_sources", "doc_share", "sim_first",
    "lead_sim", "content_ratio", "doc_freq", "shared_bigrams",
)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    "a about above after again against all also am an and any are as at be because been before being "
    "below between both but by can could did do does doing down during each few for from further had has "
    "have having he her here hers herself him himself his how i if in into is it its itself just me more "
    "most my myself no nor not now of off on once only or other our ours ourselves out over own same she "
    "should so some such than that the their theirs them themselves then there these they this those "
    "through to too under until up very was we were what when where which while who whom why will with "
    "would you your yours yourself yourselves said says say mr ms mrs s t".split())
_MONTH_DAY = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|yesterday|today|tomorrow|(?:19|20)\d\d)\b", re.I)
_DANGLING = re.compile(
    r"^[\"'“‘]?\s*(he|she|it|they|them|his|her|its|their|this|that|these|those|but|however|and|also|"
    r"so|yet|still|meanwhile|instead|moreover|furthermore|nevertheless|nonetheless|then|there|here|"
    r"such|both|another|the latter|the former|as a result|in addition|in response|by contrast|"
    r"otherwise|likewise|similarly|thus|hence|therefore)\b", re.I)
_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")


def tokens(text: str) -> list[str]:
    """Lower-cased content tokens with a light suffix strip (plural/-ed/-ing), stop words removed."""
    out = []
    for t in _TOKEN.findall(text.lower()):
        if t in _STOP or len(t) < 2:
            continue
        for suf in ("ing", "ed", "es", "s"):
            if len(t) > len(suf) + 3 and t.endswith(suf):
                t = t[: -len(suf)]
                break
        out.append(t)
    return out


def is_dangling(text: str) -> bool:
    """Starts with a pronoun or connective that needs the previous sentence ("He added", "But", "This")."""
    return bool(_DANGLING.match(text.strip()))


_PRONOUN_SPEAKER = re.compile(rf"\b(?:he|she|they)\s+(?:{VERBS})\b", re.I)
_OPEN_Q, _CLOSE_Q = "\"“", "\"”"
_GROUP_REF = re.compile(r"^[\"'“‘]?\s*the (?:two|three|pair|duo|trio)\b", re.I)  # "The two posed for a photo"
# a pronoun subject after a short fronted phrase: "By last year it carried …", "On Sunday, he said …"
# (not the empty "it" of "Last week it emerged that …")
_FRONTED_PRONOUN = re.compile(
    r"^(?:by|on|in|at|after|before|since|until|last|this|earlier|later|then|now|today|yesterday)\b[^,.;:“\"]{0,30}?"
    r",?\s+(?:he|she|they|it(?!\s+(?:emerged|seems|seemed|appears|appeared|is|was|remains|remained|has\s+been)\b))"
    r"\s+[a-z]", re.I)
# "Admired throughout the world, she built goodwill …", "Born in Leeds, he …": a participle phrase, then
# a pronoun subject that only the previous sentence names
_PARTICIPLE_PRONOUN = re.compile(r"^[\"“]?(?:[A-Z][a-z]+(?:ed|ing|en)|Born|Known|Left|Built|Made|Seen|Held|Kept)\b"
                                 r"[^,.;:“\"]{0,60},\s+(?:he|she|they)\s+[a-z]")
# "Since it opened in 1990, the museum has …": a pronoun in a fronted clause that names its referent
# after the comma (cataphora), readable alone unless the main clause also starts with a pronoun
_CATAPHORA = re.compile(r"^(?i:after|before|since|until|when|while|as|once)\s+(?:(?:it|they)\s+[^,.;:]{1,80},\s+(?i:the)\s+[a-z]"
                        r"|(?:he|she)\s+[^,.;:]{1,80},\s+[A-Z][a-z]+\s+[A-Z][a-z]+)")  # "…, the museum", "…, Mayor Okafor"
# "The announcement came shortly after …": a definite noun for something the previous sentence said or
# did, used as the subject (verb or comma next, not a defining "of …" / "by …" / "that …"); the noun and
# the next word in lower case ("The Move Forward Party" is a name), not the head of a compound ("The
# news agency", "The warning signs")
_EVENT_REF = re.compile(
    r"^[\"'“‘]?\s*(?i:the) (?:announcement|move|decision|statement|remarks?|comments?|incident|development|"
    r"news|statements|revelations?|disclosures?|admission|apology|findings|ruling(?!\s+(?:party|parties|coalition|"
    r"class|elite|junta|family|bloc|government|alliance|council|camp)\b)|step|measure|episode|gesture|"
    r"claims?|allegations?|accusations?|warning|threat|offer|request|demands?|proposal)"
    r"(?:,|\s+(?!(?:of|by|to|that|which|who|on|for|from|in|into|between|at|with|about|over|against|"
    r"regarding|made|issued|announced|published|released|taken|given|agency|agencies|conference|media|outlet|"
    r"outlets|release|site|website|channel|network|anchor|cycle|service|signs|level|system|letter|"
    r"label|period|deadline)\b)[a-z]+\b)")


# "…, supporters chanted his name.": a third-person pronoun whose person the sentence never names
_OBJ_PRONOUN = re.compile(r"\b(?:his|him|her|hers|himself|herself)\b")
_PERSON_NOUNS = TITLE_NOUNS | frozenset("""man woman boy girl father mother son daughter husband wife brother
sister suspect victim driver player actor actress singer official lawyer attorney defendant teacher student
farmer owner resident doctor patient soldier pilot coach founder candidate worker witness mp lawmaker
politician rapper star captain manager""".split())
_PERSON_NP = re.compile(r"\b(?:the|a|an|this|that|one)\s+(?:[\w'’-]+\s+){0,3}(?:" + "|".join(sorted(_PERSON_NOUNS))
                        + r")s?\b", re.I)


def unresolved_pronouns(story: Story, spans: list[Span], texts: list[str]) -> list[bool]:
    """Per sentence: does it use "his" / "him" / "her" outside a quotation before it names anyone (no
    PERSON mention of ``story.entities``, no "the mayor" / "a woman")? Such a sentence reads right only
    after its antecedent. All False when the story has no PERSON entities (no NER ran: nothing to tell)."""
    starts: dict[str, list[int]] = {}
    for e in story.entities:
        if e.type == "PERSON":
            for m in e.mentions:
                starts.setdefault(m.article_id, []).append(m.start)
    out = []
    for sp, t in zip(spans, texts, strict=True):
        m = _OBJ_PRONOUN.search(t) if starts else None
        if m is None or is_dangling(t):
            out.append(False)
            continue
        before = t[:m.start()]
        quoted = quote_open(before)
        named = any(sp.start <= x < sp.start + m.start() for x in starts.get(sp.article_id, ()))
        out.append(not (quoted or named or _PERSON_NP.search(before)))
    return out


# the writer's own voice: "I", "my", "me" (not "World War I", "Phase I")
_FIRST_PERSON = re.compile(r"\b[iI](?=['’]|\s+[a-z])\b|\b(?:[Mm]y|me|myself)\b")
# "Elizabeth I", "Episode I": a capitalised word before "I" that is not one a clause opens with
_CAP_BEFORE = re.compile(r"\b(?!(?:Yesterday|Today|Tonight|When|If|As|Then|Now|But|And|So|Because|After|Before|While|"
                         r"Since|Here|There|Last|Once|Although|Though|What|Where|How|Why|Who|Maybe|Perhaps|Sometimes|"
                         r"Still|Yes|No|Well|Oh|Later|Earlier|Recently|Honestly|Frankly|Again|Finally|Also|Until)\b)"
                         r"[A-Z][\w’'.-]*:?\s+$")
# a Roman numeral in lower-cased text: "world war i was", "phase i trials", "king charles i"
_NUMERAL_BEFORE = re.compile(r"\b(?:war|phase|part|type|stage|chapter|class|title|act|volume|book|season|round|"
                             r"level|grade|tier|article|henry|charles|elizabeth|james|george|louis|edward|"
                             r"william|richard|mary|john|paul|benedict|juan|carlos|felipe|alexander|peter|ii)\s+$",
                             re.I)


_SPEECH = re.compile(rf"\b(?:{VERBS}|according\s+to)\b", re.I)


def writer_voice(text: str) -> bool:
    """Does the sentence speak in the first person singular outside a quotation ("I have covered the
    docks for twenty years")? In a summary of several sources nobody could tell who "I" is. A sentence
    with a speech verb is someone's words ("Leave me alone, he said"): not the writer's."""
    if _SPEECH.search(text):
        return False
    for m in _FIRST_PERSON.finditer(text):
        before = text[:m.start()]
        if m.group() in "iI" and (_NUMERAL_BEFORE.search(before[-16:]) or (m.group() == "I" and _CAP_BEFORE.search(before[-30:]))):
            continue
        if m.group() == "My" and before.strip(" “\"'‘") and not before.rstrip().endswith((".", ":", "—")):
            continue  # "The My Lai massacre", "Save My Seat": a capital My inside a sentence is a name
        if not quote_open(before):
            return True
    return False


def is_bare_quote(text: str) -> bool:
    """The whole sentence is one quotation with no attribution ("“In the current situation, …”"):
    who said it is in the sentence before."""
    t = text.strip()
    return len(t) > 2 and t[0] in _OPEN_Q and t[-1] in _CLOSE_Q and not any(q in t[1:-1] for q in '"“”')


def needs_antecedent(text: str) -> bool:
    """Readable only right after the previous sentence of its article: a dangling opening
    (:func:`is_dangling`, or "The two …"), a pronoun speaker ("…,” she said.") or a bare quotation
    (:func:`is_bare_quote`), a definite reference to what came before ("The announcement came …"), or a
    pronoun subject after a short fronted phrase ("By last year it carried …") or a participle phrase
    ("Admired throughout the world, she built …")."""
    t = text.strip()
    return (is_dangling(t) or bool(_GROUP_REF.match(t)) or bool(_EVENT_REF.match(t))
            or (bool(_FRONTED_PRONOUN.match(t)) and not _CATAPHORA.match(t)) or bool(_PARTICIPLE_PRONOUN.match(t))
            or bool(_PRONOUN_SPEAKER.search(t)) or is_bare_quote(t))


@dataclass
class Candidates:
    """The candidate sentences of a story and their signals (rows aligned across all arrays)."""

    story: Story
    spans: list[Span] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    art_index: list[int] = field(default_factory=list)  # index into story.articles
    pos: list[int] = field(default_factory=list)  # sentence index within its article
    n_words: list[int] = field(default_factory=list)
    tfidf: np.ndarray | None = None  # (n, vocab) L2-normalised rows
    sim: np.ndarray | None = None  # (n, n) cosine (MiniLM or TF-IDF, whichever is higher)
    redundancy: np.ndarray | None = None  # sim, raised to FACT_SIM for pairs that say the same thing
    feats: np.ndarray | None = None  # (n, len(FEATURES))
    rejected: dict[tuple[str, int], str] = field(default_factory=dict)  # (article id, sentence) -> reason
    entity_density: list[float] = field(default_factory=list)  # entity mentions per word
    unresolved: list[bool] = field(default_factory=list)  # an unnamed "his" / "her" (unresolved_pronouns)

    def dangles(self, i: int) -> bool:
        """Candidate ``i`` is readable only right after the previous sentence of its article."""
        return needs_antecedent(self.texts[i]) or (bool(self.unresolved) and self.unresolved[i])

    def __len__(self) -> int:
        return len(self.spans)


def _tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for d in docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    n = len(docs)
    mat = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    df = Counter(t for d in docs for t in set(d))
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    for i, d in enumerate(docs):
        for t, c in Counter(d).items():
            mat[i, vocab[t]] = (1 + math.log(c)) * idf[t]
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def lexrank(sim: np.ndarray, threshold: float = 0.1, damping: float = 0.85, iters: int = 50) -> np.ndarray:
    """LexRank scores scaled so their mean is 1 (comparable across stories of different size)."""
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    adj = np.where(sim >= threshold, sim, 0.0)
    np.fill_diagonal(adj, 0.0)
    deg = adj.sum(axis=1, keepdims=True)
    trans = np.where(deg > 0, adj / np.where(deg > 0, deg, 1.0), 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(iters):
        nxt = (1 - damping) / n + damping * trans.T @ p
        if np.abs(nxt - p).sum() < 1e-6:
            p = nxt
            break
        p = nxt
    return p * n


def _fact_support(story: Story, spans: list[Span]) -> list[int]:
    """Independent sources of the fact each span belongs to (0 when no fact covers it)."""
    if not story.facts:
        return [0] * len(spans)
    by_art: dict[str, list[tuple[int, int, int]]] = {}
    for f in story.facts:
        for sp in f.spans:
            by_art.setdefault(sp.article_id, []).append((sp.start, sp.end, f.independent_sources))
    out = []
    for sp in spans:
        best = 0
        for s, e, k in by_art.get(sp.article_id, ()):
            if s < sp.end and sp.start < e:
                best = max(best, k)
        out.append(best)
    return out


def _entity_density(story: Story, spans: list[Span], texts: list[str]) -> list[float]:
    if story.entities:
        by_art: dict[str, list[tuple[int, int]]] = {}
        for ent in story.entities:
            for m in ent.mentions:
                by_art.setdefault(m.article_id, []).append((m.start, m.end))
        out = []
        for sp, t in zip(spans, texts, strict=True):
            k = sum(1 for s, _ in by_art.get(sp.article_id, ()) if sp.start <= s < sp.end)
            out.append(k / max(1, word_count(t)))
        return out
    return [len(_CAPWORD.findall(t)) / max(1, word_count(t)) for t in texts]


def build(story: Story, vectors: dict[str, np.ndarray] | None = None) -> Candidates:
    """Candidates and their feature matrix. ``vectors`` (MiniLM, per article) sharpen the similarity
    used for corroboration, redundancy and citations; TF-IDF is used when they are absent."""
    c = Candidates(story)
    arts: list[Article] = story.articles
    vec_rows: list[np.ndarray] = []
    for ai, art in enumerate(arts):
        reasons = eligible(art)
        av = vectors.get(art.id) if vectors else None
        for si, ((s, e), why) in enumerate(zip(art.sentences, reasons, strict=True)):
            if not why and writer_voice(art.text[s:e]):
                why = "first person: the writer's own voice"
            if why:
                c.rejected[(art.id, si)] = why
                continue
            c.spans.append(Span(art.id, s, e))
            c.texts.append(art.text[s:e])
            c.art_index.append(ai)
            c.pos.append(si)
            c.n_words.append(word_count(art.text[s:e]))
            if av is not None and len(av) == len(art.sentences):
                vec_rows.append(av[si])
    n = len(c.spans)
    c.unresolved = unresolved_pronouns(story, c.spans, c.texts)
    c.tfidf = _tfidf([tokens(t) for t in c.texts]) if n else np.zeros((0, 1), np.float32)
    tsim = c.tfidf @ c.tfidf.T if n else np.zeros((0, 0), np.float32)
    if n and len(vec_rows) == n:
        v = np.vstack(vec_rows).astype(np.float32)
        c.sim = np.maximum(tsim, v @ v.T)  # paraphrases score high on MiniLM, copies on TF-IDF
    else:
        c.sim = tsim.copy()
    c.redundancy = c.sim.copy()
    _same_statement(c)
    c.feats = _features(c, tsim)
    return c


FACT_SIM = 0.9  # similarity given to two candidates that say the same thing
FACT_PARAPHRASE_SIM = 0.5  # members of one aligned fact at least this similar count as the same statement


def _same_statement(c: Candidates) -> None:
    """Pairs that would cite each other (the citation support rule of :mod:`.cite`) say the same thing:
    raise their similarity to :data:`FACT_SIM` so selection never takes both."""
    from newsweave.summarize.cite import lexical, supports

    if c.sim is None or c.redundancy is None or len(c) < 2:
        return
    toks = [set(tokens(t)) for t in c.texts]
    rows, cols = np.nonzero(np.triu(c.sim, 1) >= 0.3)
    for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
        if supports(float(c.sim[a, b]), lexical(toks[a], toks[b])):
            c.redundancy[a, b] = c.redundancy[b, a] = max(float(c.sim[a, b]), FACT_SIM)
    # paraphrases of one aligned fact (the analysis layer's groups) that are also close in meaning
    # say the same thing even when their wording shares too little to pass the citation rule
    index = {sp: k for k, sp in enumerate(c.spans)}
    for f in c.story.facts:
        ks = [index[sp] for sp in f.spans if sp in index]
        for i, a in enumerate(ks):
            for b in ks[i + 1:]:
                if a != b and c.sim[a, b] >= FACT_PARAPHRASE_SIM:
                    c.redundancy[a, b] = c.redundancy[b, a] = max(float(c.sim[a, b]), FACT_SIM)


def _features(c: Candidates, tsim: np.ndarray) -> np.ndarray:
    story = c.story
    n = len(c)
    f = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return f
    arts = story.articles
    group = story.source_group()
    src_key = [group.get(arts[a].id, arts[a].id) for a in c.art_index]
    n_sources = len(set(src_key))
    lr = lexrank(tsim)
    centroid = c.tfidf.sum(axis=0)
    cn = np.linalg.norm(centroid)
    cent = c.tfidf @ (centroid / cn) if cn > 0 else np.zeros(n)
    facts = _fact_support(story, c.spans)
    total_words = sum(c.n_words)
    words_by_art = Counter()
    for a, w in zip(c.art_index, c.n_words, strict=True):
        words_by_art[a] += w
    first_rows: dict[int, int] = {}
    for i, (a, p) in enumerate(zip(c.art_index, c.pos, strict=True)):
        if a not in first_rows or p < c.pos[first_rows[a]]:
            first_rows[a] = i
    key_arr = np.array([hash(k) for k in src_key])
    toks = [tokens(t) for t in c.texts]
    tok_sources: dict[str, set[str]] = {}
    big_sources: dict[tuple[str, str], set[str]] = {}
    for i, ts in enumerate(toks):
        for t in ts:
            tok_sources.setdefault(t, set()).add(src_key[i])
        for b in zip(ts, ts[1:], strict=False):
            big_sources.setdefault(b, set()).add(src_key[i])
    leads = [first_rows[a] for a in sorted(first_rows)]
    lead_vec = c.tfidf[leads].sum(axis=0)
    ln = np.linalg.norm(lead_vec)
    lead_sim = c.tfidf @ (lead_vec / ln) if ln > 0 else np.zeros(n)
    for i in range(n):
        art = arts[c.art_index[i]]
        p = c.pos[i]
        n_sent = max(1, len(art.sentences))
        other = key_arr != key_arr[i]
        sims_other = c.sim[i][other] if other.any() else np.zeros(0)
        # corroboration: the analysis layer's aligned fact, or similar sentences of other sources,
        # whichever finds more independent sources (an alignment miss must not erase corroboration)
        corr = (facts[i] - 1) / max(1, n_sources - 1) if facts[i] else 0.0
        if other.any():
            carried = {src_key[j] for j in np.nonzero(other & (c.sim[i] >= 0.5))[0]}
            corr = max(corr, len(carried) / max(1, n_sources - 1))
        fi = first_rows[c.art_index[i]]
        f[i] = (
            p / max(1, n_sent - 1), float(p == 0), 1.0 / (1 + p), math.log(max(1, c.n_words[i])),
            lr[i], cent[i], corr, float(sims_other.max()) if sims_other.size else 0.0,
            float(any(ch.isdigit() for ch in c.texts[i])), float(bool(_MONTH_DAY.search(c.texts[i]))),
            float(any(q in c.texts[i] for q in '"“”')), float(is_dangling(c.texts[i])),
            1.0 / n_sources, words_by_art[c.art_index[i]] / max(1, total_words), float(tsim[i, fi]),
            lead_sim[i], len(toks[i]) / max(1, c.n_words[i]),
            float(np.mean([len(tok_sources[t]) for t in toks[i]])) / n_sources if toks[i] else 0.0,
            (float(np.mean([len(big_sources[b]) > 1 for b in zip(toks[i], toks[i][1:], strict=False)]))
             if len(toks[i]) > 1 else 0.0),
        )
    c.entity_density = _entity_density(story, c.spans, c.texts)
    return f
