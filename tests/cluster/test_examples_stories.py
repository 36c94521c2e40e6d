"""The bundled example corpus: gold story membership, the wire copy and the paraphrased wire rewrite."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsweave.api import ingest
from newsweave.cluster.stage import batch_stories
from newsweave.dedup.reuse import find_reuse
from newsweave.nlp import sentence_vectors


def _key(source: str) -> str:
    name = Path(source.split("#")[0]).name
    rec = re.search(r"#\D*(\d+)$", source)
    return f"{name}#{rec.group(1)}" if rec else name


def test_examples_stories_and_wire_group(examples_dir: Path, tmp_path: Path) -> None:
    gold = json.loads((examples_dir / "gold.json").read_text("utf-8"))
    _, arts = ingest([examples_dir], db=str(tmp_path / "nw.db"))
    story_of = {k: v["story"] for k, v in gold["documents"].items()}
    originals = [a for a in arts if not a.duplicate_of]
    stories = batch_stories(originals)
    assert len(stories) == len(gold["stories"])
    for s in stories:  # each predicted story is exactly one gold story's (non-duplicate) articles
        assert len({story_of[_key(a.source)] for a in s.articles}) == 1
    wire = gold["wire"][0]
    dups = {_key(a.source) for a in arts if a.duplicate_of}
    copies = set(wire["copies"])
    assert len(copies & dups) >= 1  # one verbatim wire copy is a near-duplicate of the other
    port = next(s for s in stories if any(_key(a.source) in copies for a in s.articles))
    links, groups = find_reuse(port.articles, sentence_vectors(port.articles))
    keyed = [{_key(a.source) for a in port.articles if a.id in g} for g in groups]
    assert any(set(wire["paraphrases"]) <= g and g & copies for g in keyed)
