"""ROUGE of newsweave's summariser against sumy baselines, Lead and a greedy oracle on Multi-News.

    nice -n 10 .venv/bin/python benchmarks/summarize_multinews.py --split test --n 1000 --words 230

Every system gets the same clusters (exact duplicate documents removed), the same sentence split
(newsweave's), and the same word budget: sentences are taken best first, a sentence that does not
fit is skipped (never cut), and filling goes on with the next. ROUGE: rouge-score rouge1 / rouge2 /
rougeLsum F1, stemmer on, in percent. ``--train`` fits the shipped sentence scorer
(``src/newsweave/summarize/weights.json``) on *validation* clusters only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from newsweave.clean.stage import split_sentences
from newsweave.model import Article, Story
from newsweave.summarize import features, scorer
from newsweave.summarize.extractive import ExtractiveSummarizer
from newsweave.summarize.select import SelectParams

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multi_news"
WEIGHTS = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "summarize" / "weights.json"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

# --- data ----------------------------------------------------------------------------------------


def load(split: str, n: int | None, offset: int = 0) -> list[dict]:
    path = DATA / f"multinews_{split}.jsonl"
    out = []
    with path.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < offset:
                continue
            if n is not None and len(out) >= n:
                break
            out.append(json.loads(line))
    return out


def to_story(row: dict) -> Story:
    """One cluster as Articles (newsweave's sentence split) in one Story; exact duplicates dropped."""
    arts: dict[str, Article] = {}
    for j, doc in enumerate(row["documents"]):
        text = doc.strip()
        if not text:
            continue
        a = Article.create(text, f"multinews:{row['idx']}:{j}", sentences=split_sentences(text))
        arts.setdefault(a.id, a)
    return Story(id=f"mn{row['idx']}", label=str(row["idx"]), articles=list(arts.values()))


# --- budget filling (the same rule for every system) -------------------------------------------------


def fill(ranked: list[str], words: int) -> list[str]:
    out, used = [], 0
    for s in ranked:
        n = len(s.split())
        if used + n <= words:
            out.append(s)
            used += n
    return out


def sentences_of(story: Story) -> list[str]:
    return [t for a in story.articles for t in a.sentence_texts()]


# --- baselines ------------------------------------------------------------------------------------


class RegexTokenizer:
    """A sumy tokenizer without NLTK data: newsweave's sentence splitter and a regex word tokenizer."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[s:e] for s, e in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def _sumy(kind: str) -> Callable[[Story, int], list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    base = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[kind]

    class Ranked(base):  # type: ignore[misc, valid-type]
        """sumy summariser that returns every sentence ranked by its own rating."""

        def _get_best_sentences(self, sentences, count, rating, *args, **kwargs):  # noqa: ANN001, ANN202
            rate = rating.__getitem__ if isinstance(rating, dict) else rating
            infos = [(rate(s, *args, **kwargs), o, s) for o, s in enumerate(sentences)]
            infos.sort(key=lambda x: (-x[0], x[1]))
            return tuple(s for _, _, s in infos)

    summ = Ranked(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    tok = RegexTokenizer()

    def run(story: Story, words: int) -> list[str]:
        paras = [Paragraph([Sentence(t, tok) for t in a.sentence_texts()]) for a in story.articles]
        doc = ObjectDocumentModel(paras)
        ranked = [str(s._text) for s in summ(doc, len(doc.sentences))]
        return fill(ranked, words)

    return run


def lead(story: Story, words: int) -> list[str]:
    """Round-robin: first sentence of each article, then the second of each, ..."""
    per = [a.sentence_texts() for a in story.articles]
    ranked = [p[k] for k in range(max((len(p) for p in per), default=0)) for p in per if k < len(p)]
    return fill(ranked, words)


class Rouge:
    """rouge-score (stemmer on), plus a fast n-gram view of the same tokens for oracle and training."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
        self._tok = self.scorer._tokenizer
        self._cache: dict[str, list[str]] = {}

    def toks(self, text: str) -> list[str]:
        if text not in self._cache:
            self._cache[text] = self._tok.tokenize(text)
        return self._cache[text]

    def score(self, summary: list[str], reference: str) -> dict[str, float]:
        ref = "\n".join(reference[s:e] for s, e in split_sentences(reference))
        res = self.scorer.score(ref, "\n".join(summary))
        return {k: 100 * v.fmeasure for k, v in res.items()}


def _ngrams(toks: list[str], n: int) -> Counter:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def oracle(rouge: Rouge, reference: str) -> Callable[[Story, int], list[str]]:
    ref2 = _ngrams(rouge.toks(reference), 2)
    total = max(1, sum(ref2.values()))

    def f1(c: Counter) -> float:
        hit = sum((c & ref2).values())
        n = sum(c.values())
        if not hit:
            return 0.0
        p, r = hit / n, hit / total
        return 2 * p * r / (p + r)

    def run(story: Story, words: int) -> list[str]:
        sents = sentences_of(story)
        grams = [_ngrams(rouge.toks(s), 2) for s in sents]
        chosen: list[int] = []
        cur: Counter = Counter()
        used, best = 0, 0.0
        while True:
            cand = None
            for i, g in enumerate(grams):
                n = len(sents[i].split())
                if i in chosen or used + n > words:
                    continue
                sc = f1(cur + g)
                if sc > best + 1e-9:
                    best, cand = sc, i
            if cand is None:
                break
            chosen.append(cand)
            cur += grams[cand]
            used += len(sents[cand].split())
        return [sents[i] for i in sorted(chosen)]

    return run


# --- training (validation split only) -------------------------------------------------------------


def sentence_targets(rouge: Rouge, texts: list[str], reference: str) -> np.ndarray:
    """Per sentence: mean of clipped unigram and bigram precision against the reference."""
    rt = rouge.toks(reference)
    r1, r2 = _ngrams(rt, 1), _ngrams(rt, 2)
    out = []
    for t in texts:
        tt = rouge.toks(t)
        g1, g2 = _ngrams(tt, 1), _ngrams(tt, 2)
        p1 = sum((g1 & r1).values()) / max(1, sum(g1.values()))
        p2 = sum((g2 & r2).values()) / max(1, sum(g2.values()))
        out.append(0.5 * p1 + 0.5 * p2)
    return np.asarray(out)


def train(rows: list[dict], out: Path, kind: str, trees: int = 150, depth: int = 3,
          exclude: tuple[str, ...] = (), prior_weight: float = 0.0, blend: str = "standard") -> None:
    rouge = Rouge()
    xs, ys = [], []
    for row in rows:
        c = features.build(to_story(row))
        if len(c):
            xs.append(c.feats)
            ys.append(sentence_targets(rouge, c.texts, row["summary"]))
    x, y = np.vstack(xs).astype(np.float64), np.concatenate(ys)
    keep = np.array([f not in exclude for f in features.FEATURES])
    print(f"training {kind} on {len(rows)} validation clusters, {len(y)} sentences", file=sys.stderr)
    if kind == "linear":
        from sklearn.linear_model import Ridge

        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        m = Ridge(alpha=1.0).fit(((x - mean) / scale)[:, keep], y)
        coef = np.zeros(len(keep))
        coef[keep] = m.coef_
        model = {"kind": "linear", "features": list(features.FEATURES), "mean": mean.tolist(),
                 "scale": scale.tolist(), "coef": coef.tolist(), "intercept": float(m.intercept_)}
    else:
        from sklearn.ensemble import GradientBoostingRegressor

        m = GradientBoostingRegressor(n_estimators=trees, max_depth=depth, learning_rate=0.05, subsample=0.8,
                                      random_state=0).fit(x, y)
        trees = []
        for est in m.estimators_[:, 0]:
            t = est.tree_
            trees.append({"feature": t.feature.tolist(), "threshold": [round(v, 6) for v in t.threshold],
                          "left": t.children_left.tolist(), "right": t.children_right.tolist(),
                          "value": [round(float(v), 6) for v in t.value[:, 0, 0]]})
        model = {"kind": "gbdt", "features": list(features.FEATURES), "init": float(m.init_.constant_[0][0]),
                 "rate": m.learning_rate, "trees": trees}
    model["trained_on"] = (f"multi_news validation, first {len(rows)} clusters; target = mean ROUGE-1/2 "
                           f"precision; excluded features: {', '.join(exclude) or 'none'}")
    model["prior_weight"] = prior_weight
    if blend == "standard":  # model and prior standardised over each story, then summed (scorer.score)
        model["blend"], model["blend_scale"] = "standard", 0.1
    out.write_text(json.dumps(model, separators=(",", ":")), "utf-8")
    pred = scorer.score(x, model)
    print(f"wrote {out} ({out.stat().st_size} bytes); train corr {np.corrcoef(pred, y)[0, 1]:.3f}",
          file=sys.stderr)


# --- evaluation ------------------------------------------------------------------------------------


def evaluate(rows: list[dict], words: int, systems: list[str], summ: ExtractiveSummarizer,
             progress: bool = True) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    rouge = Rouge()
    fns: dict[str, Callable[[Story, int], list[str]]] = {}
    for s in systems:
        if s in ("lexrank", "textrank", "lsa"):
            fns[s] = _sumy(s)
        elif s == "lead":
            fns[s] = lead
    sums: dict[str, Counter] = {s: Counter() for s in systems}
    secs: Counter = Counter()
    cite = Counter()
    supports: list[float] = []
    for k, row in enumerate(rows):
        story = to_story(row)
        for s in systems:
            t0 = time.perf_counter()
            if s == "newsweave":
                summary = summ.summarize(story, words=words)
                out = [x.text for x in summary]
                for x in summary:
                    cite["sentences"] += 1
                    cite["multi"] += len(x.citations) > 1
                    cite["self_ok"] += x.citations[0].text_in(story.by_id()) == x.text
                    supports.extend(x.support[1:])
            elif s == "oracle":
                out = oracle(rouge, row["summary"])(story, words)
            else:
                out = fns[s](story, words)
            secs[s] += time.perf_counter() - t0
            for m, v in rouge.score(out, row["summary"]).items():
                sums[s][m] += v
            sums[s]["words"] += sum(len(x.split()) for x in out)
        if progress and (k + 1) % 100 == 0:
            print(f"  {k + 1}/{len(rows)} clusters", file=sys.stderr)
    n = max(1, len(rows))
    res = {s: {m: v / n for m, v in sums[s].items()} | {"sec": secs[s] / n} for s in systems}
    cstats = {"sentences": cite["sentences"], "multi_source_pct": 100 * cite["multi"] / max(1, cite["sentences"]),
              "verbatim_pct": 100 * cite["self_ok"] / max(1, cite["sentences"]),
              "other_citations": len(supports),
              "mean_support": float(np.mean(supports)) if supports else 0.0,
              "min_support": float(np.min(supports)) if supports else 0.0}
    return res, cstats


def table(res: dict[str, dict[str, float]], n: int, words: int) -> Iterator[str]:
    yield f"Multi-News summaries: {n} clusters, budget {words} words (same for every system)"
    yield f"{'system':<12} {'R1':>6} {'R2':>6} {'RLsum':>6} {'words':>6} {'s/cluster':>10}"
    for s, r in res.items():
        yield (f"{s:<12} {r['rouge1']:6.2f} {r['rouge2']:6.2f} {r['rougeLsum']:6.2f} {r['words']:6.1f} "
               f"{r['sec']:10.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=["test", "val"])
    ap.add_argument("--n", type=int, default=1000, help="first N clusters (default 1000; 0 = all)")
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--words", type=int, default=230)
    ap.add_argument("--systems", default="newsweave,lexrank,textrank,lsa,lead,oracle")
    ap.add_argument("--embeddings", action="store_true", help="MiniLM vectors for redundancy/citations")
    ap.add_argument("--redundancy", type=float, default=SelectParams.redundancy)
    ap.add_argument("--duplicate", type=float, default=SelectParams.duplicate)
    ap.add_argument("--train", choices=["linear", "gbdt"], help="fit weights.json on validation clusters")
    ap.add_argument("--weights", type=Path, default=WEIGHTS)
    ap.add_argument("--trees", type=int, default=300, help="gbdt trees (--train gbdt)")
    ap.add_argument("--depth", type=int, default=3, help="gbdt depth (--train gbdt)")
    ap.add_argument("--exclude", default="has_quote,content_ratio,inv_sources",
                    help="features the trained model may not use (they do not transfer from lower-cased, "
                         "truncated Multi-News to full articles)")
    ap.add_argument("--prior-weight", type=float, default=0.0, help="weight of the hand-set news prior")
    ap.add_argument("--blend", default="standard", choices=["standard", "raw"],
                    help="standard: model and prior standardised over each story before the weighted sum")
    args = ap.parse_args(argv)
    if args.train:
        if args.split != "val":
            ap.error("--train only on --split val")
        train(load("val", args.n or None, args.offset), args.weights, args.train, args.trees, args.depth,
              tuple(x for x in args.exclude.split(",") if x), args.prior_weight, args.blend)
        return 0
    rows = load(args.split, args.n or None, args.offset)
    model = json.loads(args.weights.read_text("utf-8")) if args.weights.is_file() else None
    summ = ExtractiveSummarizer(embeddings=args.embeddings, model=model,
                                params=SelectParams(redundancy=args.redundancy, duplicate=args.duplicate))
    systems = args.systems.split(",")
    t0 = time.time()
    res, cstats = evaluate(rows, args.words, systems, summ)
    for line in table(res, len(rows), args.words):
        print(line)
    print(f"citations: {cstats['sentences']} summary sentences, {cstats['verbatim_pct']:.1f}% verbatim first "
          f"citation, {cstats['multi_source_pct']:.1f}% cite another source; {cstats['other_citations']} "
          f"other-source citations, support mean {cstats['mean_support']:.3f}, min {cstats['min_support']:.3f}")
    print(f"split={args.split} offset={args.offset} wall={time.time() - t0:.0f}s embeddings={args.embeddings}")
    base = [s for s in ("lexrank", "textrank", "lsa") if s in res]
    best = max(base, key=lambda s: res[s]["rouge1"] + res[s]["rouge2"]) if base else None
    nw = res.get("newsweave", {})
    print(json.dumps({
        "benchmark": "summarize_multinews", "clusters": len(rows), "words": args.words,
        "rouge1": round(nw.get("rouge1", 0.0), 2), "rouge2": round(nw.get("rouge2", 0.0), 2),
        "rougeLsum": round(nw.get("rougeLsum", 0.0), 2), "best_baseline": best,
        "baseline_rouge1": round(res[best]["rouge1"], 2) if best else None,
        "baseline_rouge2": round(res[best]["rouge2"], 2) if best else None,
        "oracle_rouge2": round(res["oracle"]["rouge2"], 2) if "oracle" in res else None,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
