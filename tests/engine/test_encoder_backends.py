"""MiniLM on ONNX Runtime must give the vectors sentence-transformers gives, and the backend switch must
fail fast on a wrong value."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from newsweave import nlp

TEXTS = [
    "The secretary of state arrived in Beijing on Sunday for two days of talks.",
    "Talks were postponed in February after a balloon crossed the country.",
    "",
    "x",
    "word " * 400,  # longer than max_seq_length: truncated the same way
    "Überraschung: 42 % der Befragten stimmten zu.",
]


@pytest.fixture(scope="module")
def onnx_encoder():
    """The process's own encoder (the default backend is ONNX): one export per test session."""
    pytest.importorskip("onnxruntime")
    from newsweave.nlp_onnx import OnnxMiniLM

    enc = nlp.encoder()
    if not isinstance(enc, OnnxMiniLM):
        pytest.fail(f"default MiniLM backend is not ONNX but {type(enc).__name__}")
    return enc


def test_onnx_matches_sentence_transformers(onnx_encoder):
    a = onnx_encoder.encode(TEXTS)
    b = nlp._TorchEncoder().encode(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) > 0.9999
    # batch composition does not change a sentence's vector beyond float noise
    single = onnx_encoder.encode(TEXTS[:1], batch_size=1)
    assert float(single[0] @ a[0]) > 0.99999


def test_onnx_export_is_atomic_and_reused(onnx_encoder):
    from newsweave.nlp_onnx import OnnxMiniLM

    assert onnx_encoder.path.is_file()
    assert not list(onnx_encoder.path.parent.glob("tmp*.onnx"))  # no half-written export left behind
    again = OnnxMiniLM(onnx_encoder.model_dir, onnx_path=onnx_encoder.path)  # no second export
    assert again.path.stat().st_mtime == onnx_encoder.path.stat().st_mtime


def test_empty_input_and_bad_backend(monkeypatch):
    assert nlp.embed([]).shape == (0, 384)
    monkeypatch.setenv("NEWSWEAVE_EMBED_BACKEND", "tensorflow")
    with pytest.raises(ValueError, match="NEWSWEAVE_EMBED_BACKEND"):
        nlp.embed_backend()
    monkeypatch.setenv("NEWSWEAVE_EMBED_BACKEND", "torch")
    assert nlp.embed_backend() == "torch"


def test_encoder_built_once_under_concurrent_first_use(monkeypatch):
    monkeypatch.setattr(nlp, "_encoder", [])  # as in a fresh process (restored afterwards)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(nlp.encoder())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(g) for g in got}) == 1
    assert nlp.encoder_loads() == 1
