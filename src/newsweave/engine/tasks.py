"""Engine tasks: pure functions of their pickled arguments, run in worker processes (Dask workers or
the local engine's process pool). Workers never write the store; they return outputs, drop records,
stage statistics and new sentence vectors, which the driver merges.
"""

from __future__ import annotations

from typing import Any

import cloudpickle

from newsweave.engine import encode_group
from newsweave.model import META_VECTORS, InputRecord
from newsweave.pipeline import Pipeline, StageStats

TaskResult = tuple[list[Any], list[InputRecord], dict[str, StageStats], dict[str, bytes]]


# --- worker side: pure functions of their (pickled) arguments --------------------------------------

def run_items(stage_blob: bytes, payload: bytes) -> TaskResult:
    """Run item stages over one partition; a fresh copy of the inputs on every attempt."""
    stages = cloudpickle.loads(stage_blob)
    items, ctx = cloudpickle.loads(payload)
    wctx = ctx.fork()
    out = list(Pipeline(stages, check=False)(items, wctx))
    return out, wctx.records, wctx.stats, {}


def run_stories(stage_blob: bytes, payload: bytes) -> TaskResult:
    """Run story stages over a group of stories; return filled stories and new sentence vectors."""
    from newsweave import nlp

    stages = cloudpickle.loads(stage_blob)
    stories, ctx = cloudpickle.loads(payload)
    wctx = ctx.fork()
    encode_group(stories, ctx.config, wctx)
    out = list(Pipeline(stages, check=False)(stories, wctx))
    vectors: dict[str, bytes] = {}
    for story in out:
        for art in story.articles:
            if art.meta.pop(META_VECTORS, None) is not None:
                continue  # the driver sent them: it has them already
            vec = nlp.cached_sentence_vectors(art.id)
            if vec is not None and len(vec) == len(art.sentences):
                vectors[art.id] = nlp.to_bytes(vec)
    return out, wctx.records, wctx.stats, vectors


def worker_probe() -> dict[str, Any]:
    """Process id and model-load counts of the worker running it (for tests and diagnostics)."""
    import os

    from newsweave import nlp

    return {"pid": os.getpid(), "spacy_loads": nlp.spacy_nlp.cache_info().misses,
            "minilm_loads": nlp.encoder_loads()}


