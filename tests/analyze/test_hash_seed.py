"""Scores must not depend on Python's string-hash seed (set iteration order): two processes given
the same story must make the same float-for-float decisions, or ties and thresholds flip between runs."""

from __future__ import annotations

import subprocess
import sys

_CODE = """
from newsweave.analyze.align import topical_score
from newsweave.summarize.cite import Citer
words = [f"w{i}" for i in range(60)]
idf = {w: 1.0 / (3 + i) + i * 0.1 for i, w in enumerate(words)}
a, b = frozenset(words[:45]), frozenset(words[10:])
print(repr(topical_score(0.4, a, b, idf)))
s = Citer.__new__(Citer)
s._n, s._df = 7, {w: i % 5 for i, w in enumerate(words)}
print(repr(s._tfidf_cos(set(words[:45]), set(words[10:]))))
"""


def test_story_scores_do_not_depend_on_the_hash_seed() -> None:
    outs = {subprocess.run([sys.executable, "-c", _CODE], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in (1, 2, 3, 4)}
    assert len(outs) == 1, outs
