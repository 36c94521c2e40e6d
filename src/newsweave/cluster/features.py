"""Document features for story clustering: hashed TF-IDF with a running IDF, plus optional MiniLM.

Both clustering modes use the same features so that they agree:

* :class:`IdfModel` keeps document frequencies over a fixed hashed vocabulary (2**20 buckets), so it can
  be fitted on one batch (batch mode) or updated article by article (incremental mode) and persisted;
* :func:`tfidf` turns texts into L2-normalised sublinear TF-IDF rows (CSR);
* :func:`doc_embeddings` are MiniLM vectors of the title + first ~256 tokens (used for short-text pools such as
  headline-only feeds, where TF-IDF alone has too few shared tokens; costly on CPU for full articles).

Same-story articles share rare tokens (names, numbers, places); stop words are dropped and IDF does
the rest, which also works on lower-cased text where NER would not.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

N_FEATURES = 2**20
_TOKEN = r"(?u)\b\w[\w']*\b"
_VECTORIZER = HashingVectorizer(
    n_features=N_FEATURES, alternate_sign=False, norm=None, lowercase=True,
    token_pattern=_TOKEN, stop_words=sorted(ENGLISH_STOP_WORDS | {"s", "t", "said", "says", "ll", "ve", "re"}),
    dtype=np.float32,
)
_WS = re.compile(r"\s+")


def counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Raw hashed term counts, one row per text."""
    if not texts:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    return _VECTORIZER.transform(list(texts)).tocsr()


@dataclass
class IdfModel:
    """Document frequencies over hashed terms; ``idf = log((1 + n) / (1 + df)) + 1`` (sklearn's smooth idf)."""

    df: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.float32))
    n_docs: int = 0
    power: float = 1.0  # idf ** power: > 1 leans harder on rare tokens (names, numbers)

    def partial_fit(self, c: sp.csr_matrix) -> IdfModel:
        present = c.copy()
        present.data[:] = 1.0
        self.df += np.asarray(present.sum(axis=0), dtype=np.float32).ravel()
        self.n_docs += c.shape[0]
        return self

    def idf(self, cols: np.ndarray) -> np.ndarray:
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df[cols])) + 1.0
        return (idf**self.power).astype(np.float32)

    def transform(self, c: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear tf * idf, rows L2-normalised (empty rows stay zero)."""
        out = c.astype(np.float32, copy=True)
        out.data = (1.0 + np.log(out.data)) * self.idf(out.indices)
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ out, dtype=np.float32)

    def to_arrays(self) -> dict[str, np.ndarray]:
        nz = np.flatnonzero(self.df)
        return {"df_idx": nz.astype(np.int32), "df_val": self.df[nz], "n_docs": np.array([self.n_docs])}

    @classmethod
    def from_arrays(cls, d: dict[str, np.ndarray]) -> IdfModel:
        m = cls()
        m.df[d["df_idx"]] = d["df_val"]
        m.n_docs = int(d["n_docs"][0])
        return m


def doc_text(title: str | None, text: str, max_chars: int = 1500) -> str:
    """What a document is clustered on: its title (if any) then the start of its text."""
    head = _WS.sub(" ", text[:max_chars]).strip()
    if title and not head.lower().startswith(title.strip().lower()[:40]):
        return f"{title.strip()}. {head}"
    return head


def tfidf(texts: Sequence[str], idf: IdfModel) -> sp.csr_matrix:
    return idf.transform(counts(texts))


def median_tokens(c: sp.csr_matrix) -> float:
    """Median number of distinct content tokens per row of a counts matrix (0 for no rows)."""
    return float(np.median(np.diff(c.indptr))) if c.shape[0] else 0.0


_DOC_VECS: OrderedDict[str, np.ndarray] = OrderedDict()  # text -> vector, the last DOC_VEC_MEMO encoded
DOC_VEC_MEMO = 4096


def doc_embeddings(texts: Sequence[str], max_chars: int = 1000) -> np.ndarray:
    """MiniLM vectors of each text's first ``max_chars`` characters (L2-normalised, float32). The last
    ``DOC_VEC_MEMO`` are memoised (``run`` clusters a pool, then files its stories in the store's
    clustering state, which needs the same vectors)."""
    from newsweave.nlp import embed

    heads = [t[:max_chars] for t in texts]
    if not heads:
        return np.zeros((0, 384), dtype=np.float32)
    todo = list(dict.fromkeys(h for h in heads if h not in _DOC_VECS))
    new = dict(zip(todo, embed(todo, batch_size=32), strict=True)) if todo else {}
    got = [new[h] if h in new else _DOC_VECS[h] for h in heads]  # each text encoded once, memo or not
    for h, v in new.items():
        _DOC_VECS[h] = v
        if len(_DOC_VECS) > DOC_VEC_MEMO:
            _DOC_VECS.popitem(last=False)
    return np.vstack(got).astype(np.float32)
