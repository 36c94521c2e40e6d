"""Near-duplicate detection: newsweave (vectorised MinHash + LSH + pairwise verification) beside plain
datasketch MinHashLSH (threshold 0.5, no verification) on synthetic near-duplicates of Multi-News articles.

Stream: N original articles (first document of each Multi-News test cluster), other documents of the same
clusters (same story, different outlet: hard negatives), and one variant per original of each kind:
truncation (50-90 % of words), boilerplate added, sentences shuffled, ~10 % word edits. Every item is
checked against everything before it (stream order shuffled with a fixed seed). A predicted link is
correct when both ends belong to one family (an original and its variants); recall counts family members
linked to their family. MRPC sentence paraphrase pairs (quality 1) are a separate row: paraphrases are
not article duplicates; the reuse stage's paraphrase tier (MiniLM) is what finds them, see docs/stories.md.

    nice -n 10 .venv/bin/python benchmarks/dedup.py [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from newsweave.dedup.minhash import MinHashParams
from newsweave.dedup.near import NearDupFinder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
BOILER = [
    "Share this article on Facebook Twitter Email Print",
    "Sign up for our newsletter to get the latest news delivered to your inbox every morning.",
    "Copyright 2018 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Advertisement Continue reading the main story",
    "Related coverage: more stories from our politics desk",
    "Follow us on Twitter and Instagram for breaking news updates.",
]
_WORD = re.compile(r"\S+")
_SENT = re.compile(r"(?<=[.!?])\s+")


def variants(text: str, rng: random.Random) -> dict[str, str]:
    words = text.split()
    cut = max(5, int(len(words) * rng.uniform(0.5, 0.9)))
    sents = _SENT.split(text)
    shuffled = sents[:]
    rng.shuffle(shuffled)
    edited = []
    for w in words:
        r = rng.random()
        if r < 0.033:
            continue  # deletion
        if r < 0.066:
            edited.append(rng.choice(words))  # substitution
        elif r < 0.10:
            edited.extend([w, rng.choice(words)])  # insertion
        else:
            edited.append(w)
    boiler = rng.sample(BOILER, 2)
    return {
        "truncation": " ".join(words[:cut]),
        "boilerplate": f"{boiler[0]}\n\n{text}\n\n{boiler[1]}",
        "shuffle": " ".join(shuffled),
        "edits": " ".join(edited),
    }


def build(n: int, seed: int = 13) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, int]]]:
    """Stream items (id, text, family, kind) and MRPC pairs (a, b, label)."""
    rng = random.Random(seed)
    items: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    with open(DATA / "multi_news" / "multinews_test.jsonl", encoding="utf-8") as fh:
        for ci, line in enumerate(fh):
            if ci >= n:
                break
            docs = [d for d in json.loads(line)["documents"] if len(d.split()) >= 30]
            for di, d in enumerate(docs):
                key = " ".join(d.lower().split())
                if key in seen:
                    continue
                seen.add(key)
                fam = f"c{ci}d{di}"
                items.append((fam, d, fam, "original" if di == 0 else "same-story"))
                if di == 0:
                    for kind, v in variants(d, rng).items():
                        items.append((f"{fam}-{kind}", v, fam, kind))
    rng.shuffle(items)
    pairs = []
    with open(DATA / "mrpc" / "msr_paraphrase_test.txt", encoding="utf-8-sig") as fh:
        next(fh)
        for line in fh:
            q, _, _, a, b = line.rstrip("\n").split("\t")
            pairs.append((a, b, int(q)))
    return items, pairs


def run_newsweave(items: list[tuple[str, str, str, str]]) -> tuple[dict[str, str], float, float]:
    finder = NearDupFinder(MinHashParams())
    links: dict[str, str] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for iid, text, _, _ in items:
        m = finder.check(iid, text)
        if m is not None:
            links[iid] = m.original
    return links, time.perf_counter() - t0, time.process_time() - c0


def _dsk_minhash(text: str, k: int, num_perm: int) -> MinHash:
    words = [w.lower() for w in re.findall(r"\w+", text)]
    sh = {" ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))}
    m = MinHash(num_perm=num_perm)
    m.update_batch(list(sh))
    return m


def run_datasketch(items: list[tuple[str, str, str, str]], k: int = 3) -> tuple[dict[str, str], float, float]:
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    links: dict[str, str] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for iid, text, _, _ in items:
        m = _dsk_minhash(text, k, 128)
        hits = lsh.query(m)
        if hits:
            links[iid] = hits[0]
        else:
            lsh.insert(iid, m)
    return links, time.perf_counter() - t0, time.process_time() - c0


def score(items: list[tuple[str, str, str, str]], links: dict[str, str], kinds: set[str] | None = None
          ) -> tuple[float, float]:
    """Precision of links (from items of ``kinds``) and recall of family members (of ``kinds``)."""
    fam = {iid: f for iid, _, f, _ in items}
    kind = {iid: k for iid, _, _, k in items}
    back: dict[str, list[str]] = {}
    for x, o in links.items():
        back.setdefault(o, []).append(x)
    sel = [i for i in links if kinds is None or kind[i] in kinds]
    precision = sum(fam[i] == fam[links[i]] for i in sel) / len(sel) if sel else 1.0
    if kinds is None:
        size: dict[str, int] = {}
        for _, _, f, _ in items:
            size[f] = size.get(f, 0) + 1
        good: dict[str, int] = {}
        for x, o in links.items():
            if fam[x] == fam[o]:
                good[fam[x]] = good.get(fam[x], 0) + 1
        expected = sum(s - 1 for s in size.values())
        return precision, sum(min(g, size[f] - 1) for f, g in good.items()) / expected
    sel_items = [iid for iid, _, _, k in items if k in kinds]
    found = sum((i in links and fam[links[i]] == fam[i]) or any(fam[x] == fam[i] for x in back.get(i, ()))
                for i in sel_items)
    return precision, found / len(sel_items)


def mrpc(pairs: list[tuple[str, str, int]]) -> dict[str, float]:
    """Share of MRPC paraphrase pairs each MinHash method would call near-duplicates (sentence level)."""
    out = {}
    finder = NearDupFinder(MinHashParams(min_shingles=1))
    pos = [(a, b) for a, b, q in pairs if q == 1]
    hit = 0
    for i, (a, b) in enumerate(pos):
        f = NearDupFinder(finder.params)
        f.check(f"a{i}", a)
        hit += f.check(f"b{i}", b) is not None
    out["newsweave"] = hit / len(pos)
    hit = sum(_dsk_minhash(a, 3, 128).jaccard(_dsk_minhash(b, 3, 128)) >= 0.5 for a, b in pos)
    out["datasketch"] = hit / len(pos)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="Multi-News test clusters to draw from")
    args = ap.parse_args()
    items, pairs = build(args.n)
    ours, t_ours, c_ours = run_newsweave(items)
    dsk, t_dsk, c_dsk = run_datasketch(items)
    rows = []
    for label, kinds in [("all items", None), ("truncation", {"truncation"}), ("boilerplate", {"boilerplate"}),
                         ("shuffle", {"shuffle"}), ("edits ~10%", {"edits"})]:
        p1, r1 = score(items, ours, kinds)
        p2, r2 = score(items, dsk, kinds)
        rows.append((label, p1, r1, p2, r2))
    neg = [i for i, _, _, k in items if k == "same-story"]
    fp_ours = sum(1 for i in neg if i in ours and ours[i].split("-")[0] != i)
    fp_dsk = sum(1 for i in neg if i in dsk and dsk[i].split("-")[0] != i)
    para = mrpc(pairs)
    n = len(items)
    print(f"{n} stream items ({sum(k == 'original' for *_, k in items)} originals, {len(neg)} same-story "
          f"other articles), Multi-News test clusters 0..{args.n - 1}")
    print(f"{'subset':<26}{'newsweave P':>12}{'R':>8}{'datasketch P':>14}{'R':>8}")
    for label, p1, r1, p2, r2 in rows:
        print(f"{label:<26}{p1:>12.4f}{r1:>8.4f}{p2:>14.4f}{r2:>8.4f}")
    print(f"{'same-story false links':<26}{fp_ours:>12d}{'':>8}{fp_dsk:>14d}")
    print(f"{'MRPC paraphrases flagged':<26}{para['newsweave']:>12.4f}{'':>8}{para['datasketch']:>14.4f}"
          "   (sentence paraphrases: reuse stage, not dedup)")
    print(f"{'articles/s (wall clock)':<26}{n / t_ours:>12.0f}{'':>8}{n / t_dsk:>14.0f}")
    print(f"{'articles/s (per CPU-s)':<26}{n / c_ours:>12.0f}{'':>8}{n / c_dsk:>14.0f}"
          "   (one process; the shared machine's load inflates wall clock)")
    p1, r1, p2, r2 = rows[0][1:]
    print(json.dumps({"benchmark": "dedup", "precision": round(p1, 4), "recall": round(r1, 4),
                      "datasketch_precision": round(p2, 4), "datasketch_recall": round(r2, 4),
                      "articles_per_s": round(n / t_ours, 1),
                      "articles_per_cpu_s": round(n / c_ours, 1)}))


if __name__ == "__main__":
    main()
