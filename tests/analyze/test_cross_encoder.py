"""The same-fact cross-encoder: shipped adapter, ONNX = PyTorch, symmetric, bounded use in stories."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.analyze import align, cross_encoder
from newsweave.model import Span

PARA = ("The company said quarterly profit rose 12 percent to $1.2 billion.",
        "Quarterly profit climbed 12 percent to $1.2 billion, the company said.")
OTHER = ("The company said quarterly profit rose 12 percent to $1.2 billion.",
         "Heavy rain closed two schools in the valley on Tuesday.")
NEAR = ("Officials postponed the visit in February after a balloon crossed the country.",
        "The trip was delayed in February when a surveillance balloon flew over the nation.")


def test_adapter_is_shipped_and_small() -> None:
    assert cross_encoder.available()
    size = sum(f.stat().st_size for f in cross_encoder.MODEL_DIR.iterdir())
    assert size < 2_000_000
    assert 0.05 < cross_encoder.threshold() < 0.95


def test_paraphrase_scores_above_unrelated_and_is_symmetric() -> None:
    p = cross_encoder.pair_probs([PARA[0], OTHER[0], NEAR[0]], [PARA[1], OTHER[1], NEAR[1]])
    assert p[0] > cross_encoder.threshold() > p[1]
    assert p[2] > p[1]
    q = cross_encoder.pair_probs([PARA[1], OTHER[1], NEAR[1]], [PARA[0], OTHER[0], NEAR[0]])
    np.testing.assert_allclose(p, q, atol=1e-6)


def test_onnx_matches_torch() -> None:
    pytest.importorskip("onnxruntime")
    a, b = [PARA[0], OTHER[0], NEAR[0]], [PARA[1], OTHER[1], NEAR[1]]
    onnx = cross_encoder._Onnx().probs(a, b)
    torch = cross_encoder._Torch().probs(a, b)
    np.testing.assert_allclose(onnx, torch, atol=2e-3)


@pytest.fixture
def cross_on(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("NEWSWEAVE_CROSS_ENCODER", "on")
    align.cross_stack.cache_clear()
    yield
    monkeypatch.delenv("NEWSWEAVE_CROSS_ENCODER")
    align.cross_stack.cache_clear()


def test_refine_only_touches_the_band_and_allowed(monkeypatch: pytest.MonkeyPatch, cross_on: None) -> None:
    stack = align.cross_stack()
    assert stack is not None
    calls: list[int] = []
    real = cross_encoder.pair_probs

    def spy(a: list[str], b: list[str]) -> np.ndarray:
        calls.append(len(a))
        return real(a, b)

    monkeypatch.setattr(cross_encoder, "pair_probs", spy)
    a, b = [PARA[0]] * 4, [PARA[1]] * 4
    p = np.array([stack.lo - 0.01 if stack.lo > 0 else 0.5, 0.5, 0.5, min(1.0, stack.hi + 0.01)])
    out = align.refine(a, b, p, allow=np.array([True, True, False, True]))
    assert calls == [1]  # only the in-band, allowed pair
    assert out[2] == p[2] and out[0] == p[0]
    assert out[1] != p[1]


def test_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        monkeypatch.setenv("NEWSWEAVE_CROSS_ENCODER", "off")
        align.cross_stack.cache_clear()
        p = np.array([0.5, 0.6])
        np.testing.assert_array_equal(align.refine([PARA[0]] * 2, [PARA[1]] * 2, p), p)
        monkeypatch.setenv("NEWSWEAVE_CROSS_ENCODER", "auto")
        align.cross_stack.cache_clear()
        assert align.cross_stack() is None  # opt-in: story thresholds are tuned for the combiner
        monkeypatch.setenv("NEWSWEAVE_CROSS_ENCODER", "on")
        align.cross_stack.cache_clear()
        assert align.cross_stack() is not None
        monkeypatch.setenv("NEWSWEAVE_CROSS_ENCODER", "sometimes")
        align.cross_stack.cache_clear()
        with pytest.raises(ValueError, match="NEWSWEAVE_CROSS_ENCODER"):
            align.cross_stack()
    finally:
        monkeypatch.undo()
        align.cross_stack.cache_clear()


def test_stack_raises_the_aligner_on_mrpc_like_pairs(cross_on: None) -> None:
    """A paraphrase the feature combiner is unsure about gains from the cross-encoder; an
    unrelated pair does not become a match."""
    a, b, cos = [PARA[0], OTHER[0]], [PARA[1], OTHER[1]], [0.95, 0.1]
    cheap = align.combiner_probs(a, b, cos)
    final = align.pair_scores(a, b, cos)
    assert final[1] < align.combiner().threshold
    assert final[0] >= align.combiner().threshold
    assert cheap.shape == final.shape


def test_contenders_keep_the_best_two_per_sentence_and_article() -> None:
    spans = [Span("a", k, k + 1) for k in range(3)] + [Span("b", k, k + 1) for k in range(3)]
    score = {(0, 3): .9, (0, 4): .8, (0, 5): .1, (1, 3): .85, (1, 4): .7, (1, 5): .05,
             (2, 3): .6, (2, 4): .5, (2, 5): .2}
    pairs = sorted(score)
    allow = align._contenders([i for i, _ in pairs], [j for _, j in pairs],
                              np.array([score[p] for p in pairs]), spans)
    # every pair is among the two best of one of its sentences, except (1, 5): third for both
    assert [p for p, ok in zip(pairs, allow, strict=True) if not ok] == [(1, 5)]
