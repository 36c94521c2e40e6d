"""Score the analysis layer (entities, quotes, timeline, contradictions) on the bundled example corpus.

Runs the real pipeline, ``newsweave.run(<the gold's article files>, db=<tmp db>)``, or scores an
existing report with ``--report out/report.json``, against ``examples/gold.json``. The files are
passed explicitly (not the folder) so ``examples/README.md`` and ``gold.json`` are not ingested.

    nice -n 10 .venv/bin/python benchmarks/analysis.py [--examples examples] [--report FILE]

Predictions of all stories are pooled (clustering has its own benchmark); gold items of all stories
likewise. Strings are compared after NFKC, case folding, straight quotes and collapsed whitespace;
names additionally drop possessive ``'s``, apostrophes and a leading "the".

Matching, per category (one predicted item scores at most once; gold items marked ``optional`` are
never required and a prediction matching only them is neutral):

- **entities**: predicted entity P matches gold entity G when P's name+variants include every one of
  G's ``variants`` (so cross-source spelling variants must be merged) and every P variant is one of
  G's variants/aliases or a contiguous token fragment of one ("Voss" of "Katarina Voss").
  Precision counts P only if it matches a gold entity, or it is PERSON/ORG/GPE with >= 2 mentions.
  Such a P is a false positive when it matches nothing and is unrelated to every gold entity and to
  the gold's ``neutral_entities`` (related = a variant is a fragment of / contains a gold or neutral
  form: a split-off fragment of a gold entity is not penalised twice), or when it merges two gold
  entities (its variants hit the forms of two of them). A second P matching the same G is neutral.
- **quotes**: P matches gold Q when one of P's spans contains Q's ``text_contains`` and P's speaker
  contains the gold speaker's surname (gold speaker null: any). Right words with a wrong or missing
  speaker is a false positive and a miss. A P holding only the second half (``continues``) of a
  split gold quote, or repeating an already matched one, is neutral. ``marked`` accuracy, how
  often split quotes were joined into one quote, and how many of the gold's sources the matched
  quotes cite are reported but not scored.
- **timeline**: P matches gold T when the ISO dates are equal (so precision must agree) and one of
  P's event spans contains one of T's ``event_contains``. A "date only" column shows how many
  predicted dates occur in the gold at all.
- **contradictions**: P matches gold C when its kinds agree ({date, weekday} count as one kind),
  each gold value matches one of P's values and vice versa (containment; digits compared without
  thousands separators) and, for each side, one of P's claims contains that side's claim text (or
  is a >= 12-character piece of it).

Precision = matched predictions / (matched + false positives), recall = matched required gold /
required gold, both micro-averaged over the four categories. Corroborated key facts are reported
(best predicted fact's gold sources) but not scored. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCORED_TYPES = {"PERSON", "ORG", "GPE"}
KIND_GROUP = {"date": "date", "weekday": "date", "number": "number", "entity": "entity", "polarity": "polarity"}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_WS = re.compile(r"\s+")


# --- normalisation ----------------------------------------------------------------------------


def norm(s: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", s or "").translate(_QUOTES)).strip().casefold()


def name_norm(s: str | None) -> str:
    t = norm(s)
    t = re.sub(r"'s\b", "", t).replace("'", "")
    t = re.sub(r"^the\s+", "", t)
    return re.sub(r"^\W+|\W+$", "", t)


def _toks(s: str) -> list[str]:
    return name_norm(s).split()


def fragment(part: str, whole: str) -> bool:
    """``part``'s tokens are a contiguous run of ``whole``'s tokens."""
    p, w = _toks(part), _toks(whole)
    return bool(p) and any(w[i : i + len(p)] == p for i in range(len(w) - len(p) + 1))


def num_norm(s: str) -> str:
    return re.sub(r"(?<=\d)[,\s](?=\d{3})", "", norm(s))


def value_match(a: str, b: str) -> bool:
    x, y = num_norm(a), num_norm(b)
    return bool(x and y) and (x in y or y in x)


def contains(span_text: str, sub: str) -> bool:
    return norm(sub) in norm(span_text)


# --- reading the gold and the report ----------------------------------------------------------


def load_gold(examples: Path) -> dict[str, Any]:
    return json.loads((examples / "gold.json").read_text("utf-8"))


def gold_files(gold: dict[str, Any], examples: Path) -> list[Path]:
    return sorted({examples / k.partition("#")[0] for k in gold["documents"]})


def collect(report: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for story in report.get("stories", []) for item in story.get(key) or []]


def gold_items(gold: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for story in gold["stories"].values() for item in story.get(key, [])]


def map_articles(report: dict[str, Any], gold: dict[str, Any]) -> dict[str, str]:
    """article id -> gold document key, by file name and the document's anchor substring."""
    out: dict[str, str] = {}
    docs = gold["documents"]
    for art in report.get("articles", []):
        name = Path(str(art.get("source", "")).split("#")[0]).name
        text = art.get("text", "")
        hits = [k for k, m in docs.items() if k.partition("#")[0] == name and m["anchor"] in text]
        if len(hits) == 1:  # several hits: a container ingested as one article, not one document
            out[art["id"]] = hits[0]
    return out


# --- scoring ---------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.found = self.required = self.neutral = 0

    def prf(self) -> tuple[float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.found / self.required if self.required else 0.0
        return p, r


def score_entities(pred: list[dict[str, Any]], gold: dict[str, Any], rows: list[list[str]]) -> Tally:
    golds = gold_items(gold, "entities")
    neutral = list(gold.get("neutral_entities", []))
    forms = [[*g["variants"], *g["aliases"]] for g in golds]
    t = Tally()
    t.required = len(golds)
    matched: dict[int, str] = {}
    for p in pred:
        names = list(dict.fromkeys([p.get("name") or "", *(p.get("variants") or [])]))
        names = [n for n in names if name_norm(n)]
        pset = {name_norm(n) for n in names}
        hit = None
        for i, g in enumerate(golds):
            if {name_norm(v) for v in g["variants"]} <= pset and all(
                    any(fragment(n, f) for f in forms[i]) for n in names):
                hit = i
                break
        scored = hit is not None or (p.get("type") in SCORED_TYPES and len(p.get("mentions") or []) >= 2)
        if not scored:
            continue
        if hit is not None:
            if hit in matched:
                t.neutral += 1
            else:
                matched[hit] = p.get("name") or ""
                t.tp += 1
            continue
        exact = {i for i, fs in enumerate(forms) if pset & {name_norm(f) for f in fs}}
        related = any(fragment(n, f) or fragment(f, n) for n in names for f in [*sum(forms, []), *neutral])
        if len(exact) >= 2 or not related:
            t.fp += 1
            why = "merges " + " + ".join(golds[i]["name"] for i in sorted(exact)) if len(exact) >= 2 else "not in gold"
            rows.append(["", f"FP {p.get('type')}", f"{p.get('name')} {sorted(pset)[:4]}", why])
        else:
            t.neutral += 1
    t.found = len(matched)
    for i, g in enumerate(golds):
        rows.insert(i, [g["name"], g["type"], ", ".join(g["variants"]), f"ok ({matched[i]})" if i in matched else "MISS"])
    return t


def _speaker_ok(gold_speaker: str | None, pred_speaker: str | None) -> bool:
    if gold_speaker is None:
        return True
    return bool(pred_speaker) and _toks(gold_speaker)[-1] in _toks(pred_speaker or "")


def score_quotes(pred: list[dict[str, Any]], gold: dict[str, Any], rows: list[list[str]]) -> tuple[Tally, dict[str, str]]:
    golds = gold_items(gold, "quotes")
    t = Tally()
    t.required = sum(1 for g in golds if not g.get("optional"))
    best: dict[int, dict[str, Any]] = {}
    wrong_speaker: dict[int, str] = {}
    for p in pred:
        texts = [s.get("text", "") for s in p.get("spans") or []]
        by_text = [i for i, g in enumerate(golds) if any(contains(x, g["text_contains"]) for x in texts)]
        ok = [i for i in by_text if _speaker_ok(golds[i]["speaker"], p.get("speaker"))]
        req = [i for i in ok if not golds[i].get("optional")]
        if req:
            i = req[0]
            if i in best:
                t.neutral += 1
            else:
                best[i] = p
                t.tp += 1
        elif ok:
            t.neutral += 1
        elif not by_text and any(g.get("continues") and any(contains(x, g["continues"]) for x in texts) for g in golds):
            t.neutral += 1
        else:
            t.fp += 1
            for i in by_text:
                wrong_speaker[i] = str(p.get("speaker"))
            if not by_text:
                rows.append(["", f"FP ({p.get('speaker')})", (texts[0] if texts else "")[:70], ""])
    t.found = sum(1 for i in best if not golds[i].get("optional"))
    marked_ok = sum(1 for i, p in best.items() if bool(p.get("marked", True)) == golds[i]["marked"])
    joinable = [i for i in best if golds[i].get("continues")]
    joined = sum(1 for i in joinable if any(contains(s.get("text", ""), golds[i]["text_contains"])
                                            and contains(s.get("text", ""), golds[i]["continues"])
                                            for s in best[i].get("spans") or []))
    cited = sum(min(len(golds[i]["files"]), sum(contains(s.get("text", ""), golds[i]["text_contains"])
                                                for s in best[i].get("spans") or []))
                for i in best)
    gold_src = sum(len(golds[i]["files"]) for i in best)
    for i, g in enumerate(golds):
        if g.get("optional") and i not in best:
            continue
        status = f"ok ({best[i].get('speaker')})" if i in best else (
            f"wrong speaker ({wrong_speaker[i]})" if i in wrong_speaker else "MISS")
        rows.insert(i, [str(g["speaker"]), "marked" if g["marked"] else "UNMARKED", g["text_contains"][:60], status])
    extra = {"marked_correct": f"{marked_ok}/{len(best)}", "split_quotes_joined": f"{joined}/{len(joinable)}",
             "sources_cited": f"{cited}/{gold_src}"}
    return t, extra


def score_timeline(pred: list[dict[str, Any]], gold: dict[str, Any], rows: list[list[str]]) -> tuple[Tally, dict[str, str]]:
    golds = gold_items(gold, "timeline")
    t = Tally()
    t.required = sum(1 for g in golds if not g.get("optional"))
    matched: dict[int, dict[str, Any]] = {}
    gold_dates = {g["date"] for g in golds}
    for p in pred:
        events = [s.get("text", "") for s in p.get("event") or []]
        hits = [i for i, g in enumerate(golds) if g["date"] == p.get("date")
                and any(contains(e, sub) for e in events for sub in g["event_contains"])]
        req = [i for i in hits if not golds[i].get("optional") and i not in matched]
        if req:
            matched[req[0]] = p
            t.tp += 1
        elif hits:
            t.neutral += 1
        else:
            t.fp += 1
            rows.append(["", f"FP {p.get('date')}", (events[0] if events else "")[:70], ""])
    t.found = len(matched)
    for i, g in enumerate(golds):
        if g.get("optional") and i not in matched:
            continue
        rows.insert(i, [g["date"], g["precision"], g["event"], "ok" if i in matched else "MISS"])
    extra = {"predicted_dates_in_gold": f"{sum(1 for p in pred if p.get('date') in gold_dates)}/{len(pred)}"}
    return t, extra


def _claim_ok(claims: Sequence[str], subs: Iterable[str]) -> bool:
    for c in claims:
        for s in subs:
            if contains(c, s) or (len(norm(c)) >= 12 and norm(c) in norm(s)):
                return True
    return False


def score_contradictions(pred: list[dict[str, Any]], gold: dict[str, Any], rows: list[list[str]]) -> Tally:
    golds = gold_items(gold, "contradictions")
    t = Tally()
    t.required = len(golds)
    matched: set[int] = set()
    for p in pred:
        vals = [str(v) for v in p.get("values") or []]
        claims = [s.get("text", "") for s in p.get("claims") or []]
        hit = None
        for i, g in enumerate(golds):
            if KIND_GROUP.get(g["kind"]) != KIND_GROUP.get(str(p.get("kind"))):
                continue
            if not (all(any(value_match(gv, v) for v in vals) for gv in g["values"])
                    and all(any(value_match(gv, v) for gv in g["values"]) for v in vals)):
                continue
            if all(_claim_ok(claims, side["claims"].values()) for side in g["sides"]):
                hit = i
                break
        if hit is None:
            t.fp += 1
            rows.append(["", f"FP {p.get('kind')}", " vs ".join(vals)[:60], str(p.get("topic", ""))[:40]])
        elif hit in matched:
            t.neutral += 1
        else:
            matched.add(hit)
            t.tp += 1
    t.found = len(matched)
    for i, g in enumerate(golds):
        rows.insert(i, [g["kind"], " vs ".join(g["values"]), g["topic"][:50], "ok" if i in matched else "MISS"])
    return t


def corroboration_rows(pred_facts: list[dict[str, Any]], gold: dict[str, Any]) -> list[list[str]]:
    rows = []
    for g in gold_items(gold, "corroborated"):
        best, best_n, best_ind = None, 0, 0
        for f in pred_facts:
            texts = [s.get("text", "") for s in f.get("spans") or []]
            n = sum(1 for k, sub in g["evidence"].items() if any(contains(x, sub) for x in texts))
            if n > best_n:
                best, best_n, best_ind = f, n, int(f.get("independent_sources") or 0)
        rows.append([g["fact"], f"{best_n}/{len(g['evidence'])} (need {g['min_sources']})",
                     f"{best_ind} (gold {g['min_independent_sources']})" if best else "-"])
    return rows


def score_fact_pairs(report: dict[str, Any], gold: dict[str, Any], mapped: dict[str, str]
                     ) -> tuple[Tally, list[list[str]], int]:
    """Pairs of sentences that share a predicted fact group, against the judged pairs
    (``fact_pairs``): precision over the judged predicted pairs, recall over the judged
    same-fact pairs. Returns (tally, rows of the wrong and unjudged pairs, unjudged count)."""
    judged: list[tuple[tuple[str, str], tuple[str, str], bool]] = [
        (tuple(x["a"]), tuple(x["b"]), bool(x["same"])) for x in gold_items(gold, "fact_pairs")]
    t = Tally()
    t.required = sum(1 for *_, same in judged if same)
    found: set[int] = set()
    rows: list[list[str]] = []
    unjudged = 0

    def side(key: str, text: str, ref: tuple[str, str]) -> bool:
        return key == ref[0] and text.startswith(ref[1])

    for f in collect(report, "facts"):
        members = [(mapped.get(sp["article_id"], "?"), sp["text"]) for sp in f.get("spans") or []]
        for i, (ka, ta) in enumerate(members):
            for kb, tb in members[i + 1:]:
                hit = next((k for k, (a, b, _) in enumerate(judged)
                            if (side(ka, ta, a) and side(kb, tb, b)) or (side(ka, ta, b) and side(kb, tb, a))), None)
                if hit is None:
                    unjudged += 1
                    rows.append(["unjudged", f"{ka}: {ta[:60]}", f"{kb}: {tb[:60]}"])
                elif judged[hit][2]:
                    t.tp += 1
                    found.add(hit)
                else:
                    t.fp += 1
                    rows.append(["WRONG", f"{ka}: {ta[:60]}", f"{kb}: {tb[:60]}"])
    t.found = len(found)
    return t, rows, unjudged


# --- output ----------------------------------------------------------------------------------


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max([len(h), *(len(str(r[i])) for r in rows)]) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


def score(report: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    cats: dict[str, Tally] = {}
    extras: dict[str, dict[str, str]] = {}
    rows: dict[str, list[list[str]]] = {k: [] for k in ("entities", "quotes", "timeline", "contradictions")}
    cats["entities"] = score_entities(collect(report, "entities"), gold, rows["entities"])
    cats["quotes"], extras["quotes"] = score_quotes(collect(report, "quotes"), gold, rows["quotes"])
    cats["timeline"], extras["timeline"] = score_timeline(collect(report, "timeline"), gold, rows["timeline"])
    cats["contradictions"] = score_contradictions(collect(report, "contradictions"), gold, rows["contradictions"])

    mapped = map_articles(report, gold)
    print(f"articles in report: {len(report.get('articles', []))}, mapped to gold documents: "
          f"{len(set(mapped.values()))}/{len(gold['documents'])}; stories: {len(report.get('stories', []))}")
    heads = {"entities": ["gold entity", "type", "required variants", "result"],
             "quotes": ["speaker", "marks", "text", "result"],
             "timeline": ["date", "precision", "event", "result"],
             "contradictions": ["kind", "values", "topic", "result"]}
    for name, r in rows.items():
        p, rc = cats[name].prf()
        t = cats[name]
        note = " ".join(f"{k}={v}" for k, v in extras.get(name, {}).items())
        print_table(f"{name}: precision {p:.3f} ({t.tp}/{t.tp + t.fp}), recall {rc:.3f} ({t.found}/{t.required}), "
                    f"neutral {t.neutral} {note}".rstrip(), heads[name], r)
    print_table("corroborated key facts (not scored)", ["fact", "gold sources in best fact", "independent"],
                corroboration_rows(collect(report, "facts"), gold))
    fp_tally, fp_rows, unjudged = score_fact_pairs(report, gold, mapped)
    fp_p, fp_r = fp_tally.prf()
    print_table(f"fact groups, pairs of members (not in the micro figures): precision {fp_p:.3f} "
                f"({fp_tally.tp}/{fp_tally.tp + fp_tally.fp} judged), recall {fp_r:.3f} "
                f"({fp_tally.found}/{fp_tally.required} judged same-fact pairs), unjudged {unjudged}",
                ["pair", "a", "b"], fp_rows)

    tp = sum(t.tp for t in cats.values())
    fp = sum(t.fp for t in cats.values())
    found = sum(t.found for t in cats.values())
    req = sum(t.required for t in cats.values())
    summary = [[n, f"{t.prf()[0]:.3f}", f"{t.prf()[1]:.3f}", str(t.tp), str(t.fp), f"{t.found}/{t.required}"]
               for n, t in cats.items()]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = found / req if req else 0.0
    summary.append(["micro", f"{precision:.3f}", f"{recall:.3f}", str(tp), str(fp), f"{found}/{req}"])
    print_table("summary", ["category", "precision", "recall", "tp", "fp", "found"], summary)
    return {"benchmark": "analysis", "precision": round(precision, 4), "recall": round(recall, 4),
            **{f"{n}_precision": round(t.prf()[0], 4) for n, t in cats.items()},
            **{f"{n}_recall": round(t.prf()[1], 4) for n, t in cats.items()},
            "fact_pairs_precision": round(fp_p, 4), "fact_pairs_recall": round(fp_r, 4),
            "fact_pairs_unjudged": unjudged}


def run_pipeline(examples: Path, gold: dict[str, Any]) -> dict[str, Any]:
    import newsweave.api

    with tempfile.TemporaryDirectory(prefix="newsweave-analysis-") as tmp:
        report = newsweave.api.run([str(p) for p in gold_files(gold, examples)], db=str(Path(tmp) / "bench.db"))
        return report.to_json()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--report", type=Path, help="score this report.json instead of running the pipeline")
    args = ap.parse_args(argv)
    gold = load_gold(args.examples)
    report = json.loads(args.report.read_text("utf-8")) if args.report else run_pipeline(args.examples, gold)
    result = score(report, gold)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
