"""StoryClusterer: one estimator, two modes with the same result (story id per article).

* ``fit(docs)``: batch, a pure function of ``docs`` (k-NN blocked exact average linkage, see ``batch.py``);
  afterwards the fitted stories are the estimator's state, so ``partial_fit`` can continue from them.
* ``partial_fit(docs)``: incremental; each document joins the story whose *average* similarity to it is
  highest (the same average-link criterion, computed from per-story sum vectors, damped by the gap
  between its date and the story's mean date) if that reaches ``threshold``, else opens a new story.
  Documents are processed in mini-batches; within a batch earlier documents count immediately. When a
  document is close to two stories and the two stories' average-link similarity reaches the threshold,
  they are merged (recorded in ``merges``); a story that grew over two events is split (``splits``;
  both in :mod:`newsweave.cluster.repair`). On the scored path (full-length articles, pools of 1,000+)
  the stories each mini-batch touched are re-clustered over the kept graph of scored pairs, as batch
  would (:mod:`newsweave.cluster.relink`); ``changed`` names the stories whose members moved.

Short-text pools (headline-only feeds: median document <= ``short_max_tokens`` distinct content tokens)
are clustered on TF-IDF + MiniLM cosine with their own thresholds (``ClusterParams.short_params``); the
choice is made per pool (``fit``) or per mini-batch (``partial_fit``) from text length alone.

State (IDF counts, per-story sums, sizes, members) serialises with ``to_bytes`` / ``from_bytes``;
no store access happens here. Story ids are ``"s" + sha256(founding article id)[:12]``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from newsweave.cluster.batch import (
    ClusterParams,
    SparseVec,
    agglomerate,
    build_index,
    date_factor,
    index_candidates,
    rowwise_dots,
    sparse_add,
    stack_rows,
    top_terms,
)
from newsweave.cluster.features import N_FEATURES, IdfModel, counts, doc_embeddings, doc_text, median_tokens
from newsweave.cluster.pairs import agglomerate_scored, pair_features, probabilities
from newsweave.cluster.relink import PairGraph, backfill_graph, keep_and_relink
from newsweave.cluster.repair import merge_bridged, pool_params, split_touched
from newsweave.cluster.state import Doc, StoryState, day_number, dump_state, load_state, story_id_for
from newsweave.nlp import ModelUnavailable

log = logging.getLogger(__name__)

def _row(t: sp.csr_matrix, i: int) -> SparseVec:
    lo, hi = t.indptr[i], t.indptr[i + 1]
    return t.indices[lo:hi].astype(np.int64), t.data[lo:hi].astype(np.float64)


def _texts(docs: list[Doc]) -> list[str]:
    """What each document is clustered on (title + text, up to 100k characters)."""
    return [doc_text(d.title, d.text, max_chars=100_000) for d in docs]


class StoryClusterer:
    """sklearn-style estimator over :class:`Doc` lists; ``labels_`` holds story ids of the last call."""

    def __init__(self, params: ClusterParams | None = None, embeddings: bool | None = None,
                 batch_size: int = 256) -> None:
        """``embeddings``: None = MiniLM vectors for short-text pools only; True = also for full texts (with
        ``params.text_weight``); False = never (short pools then use TF-IDF alone)."""
        self.params = params or ClusterParams()
        self.embeddings = embeddings
        self.batch_size = batch_size
        self.idf = IdfModel()
        self.stories: list[StoryState] = []
        self.merges: list[dict[str, object]] = []
        self.labels_: list[str] = []
        self.n_docs = 0
        self._counts: sp.csr_matrix | None = None
        # every clustered document's TF-IDF row and day (the scored incremental path compares documents)
        self.doc_rows: dict[str, SparseVec] = {}
        self.doc_day: dict[str, float] = {}
        self._seen: sp.csr_matrix | None = None  # doc_rows as one matrix (see _seen_matrices)
        self._seen_top: sp.csr_matrix | None = None
        self._seen_ids: list[str] = []
        self.doc_vecs: dict[str, np.ndarray] = {}  # short-text path: each document's MiniLM vector (float16)
        self.splits: list[dict[str, object]] = []
        self.split_checked: dict[str, int] = {}  # story id -> its size when last checked for a split
        self.pair_graph = PairGraph()  # scored path: every scored pair, by doc_rows index (relink.py)
        self.changed: set[str] = set()  # stories whose members a re-linkage changed in the last partial_fit
        self.row_pos: dict[str, int] = {}  # doc id -> position in doc_rows (relink.row_index)
        self._last_e: np.ndarray | None = None

    # features --------------------------------------------------------------------------------------
    def _mode(self, c: sp.csr_matrix, small: bool = False, pool: int | None = None
              ) -> tuple[ClusterParams, bool]:
        """Parameters for a pool (or mini-batch) with counts ``c``, and whether MiniLM vectors are used
        (``small``: a batch fit, or a mini-batch of a small stream (``small_stream``), where a small
        full-text pool of ``pool`` documents (default: the rows of ``c``) mixes them in: ``small_params``)."""
        p = self.params
        if c.shape[0] and median_tokens(c) <= p.short_max_tokens:
            return p.short_params(self.embeddings is not False, c.shape[0]), self.embeddings is not False
        n = c.shape[0] if pool is None else pool
        if small and self.embeddings is not False and p.text_weight >= 1.0 > p.small_text_weight and n < p.scorer_min_docs:
            return p.small_params(n), True
        return p, bool(self.embeddings) and p.text_weight < 1.0

    def small_stream(self, n_new: int) -> bool:
        """Does an incremental mini-batch continue a small pool on the mixed TF-IDF + MiniLM similarity?
        Only when the pool with the ``n_new`` documents still to come in this call stays under
        ``scorer_min_docs`` (a stream that will outgrow it does not pay for MiniLM vectors it will not
        use), and every story keeps a vector sum (a store clustered on TF-IDF alone stays on it)."""
        p = self.params
        return (self.embeddings is not False and p.text_weight >= 1.0 > p.small_text_weight
                and len(self.doc_rows) + n_new < p.scorer_min_docs
                and all(st.esum is not None for st in self.stories))

    def _features(self, docs: list[Doc], update_idf: bool, vectors: np.ndarray | None,
                  c: sp.csr_matrix | None = None, small: bool = False, pool: int | None = None
                  ) -> tuple[sp.csr_matrix, np.ndarray | None, np.ndarray, ClusterParams]:
        texts = _texts(docs) if c is None else None
        c = counts(texts) if texts is not None else c
        self._counts = c
        p, use_e = self._mode(c, small, pool)
        if update_idf:
            self.idf.partial_fit(c)
        t = self.idf.transform(c)
        t.sort_indices()
        self._last_t = t
        e = None
        if use_e:
            try:
                e = vectors if vectors is not None else doc_embeddings(texts if texts is not None else _texts(docs))
            except (ImportError, ModelUnavailable) as exc:
                log.warning("no MiniLM vectors (%s): clustering on TF-IDF alone", exc)
            if e is None:  # TF-IDF alone, with the parameters of that mode
                short = median_tokens(c) <= self.params.short_max_tokens
                p = self.params.short_params(False) if short else replace(self.params, text_weight=1.0)
            else:
                e = np.asarray(e, dtype=np.float32).copy()
                e[np.diff(c.indptr) == 0] = 0.0  # a text without content tokens is similar to nothing
        days = np.array([day_number(d.published) for d in docs], dtype=np.float64)
        self._last_e = e
        return t, e, days, p

    def _use_scorer(self, n: int, p: ClusterParams) -> bool:
        return (p.scorer and n >= p.scorer_min_docs and self._counts is not None
                and median_tokens(self._counts) >= p.scorer_min_tokens)

    # batch -------------------------------------------------------------------------------------------
    def fit(self, docs: list[Doc], vectors: np.ndarray | None = None) -> StoryClusterer:
        """Batch-cluster ``docs`` from scratch (``vectors``: precomputed doc embeddings, optional)."""
        self.idf = IdfModel(power=self.idf.power)
        self.stories, self.merges = [], []
        t, e, days, p = self._features(docs, True, vectors, small=True)
        if self._use_scorer(len(docs), p):
            labels = agglomerate_scored(self._counts, self.idf.idf(np.arange(N_FEATURES)), t, e, days, p)
        else:
            labels = agglomerate(t, e, days, p)
        groups: dict[int, list[int]] = {}
        for i, lab in enumerate(labels.tolist()):
            groups.setdefault(lab, []).append(i)
        label_of: dict[int, str] = {}
        for lab, idx in groups.items():
            founder = min(idx, key=lambda i: (docs[i].published or "~", docs[i].id))
            st = StoryState(story_id_for(docs[founder].id), [docs[i].id for i in idx], (np.zeros(0, np.int64),
                            np.zeros(0)), None if e is None else np.zeros(e.shape[1]))
            for i in idx:
                self._add(st, t, e, days, i)
            self.stories.append(st)
            label_of[lab] = st.id
        self.labels_ = [label_of[lab] for lab in labels.tolist()]
        self.n_docs = len(docs)
        self.doc_rows, self.doc_day, self.doc_vecs, self.row_pos = {}, {}, {}, {}
        self.splits, self.split_checked, self.pair_graph = [], {}, PairGraph()
        self._seen, self._seen_top, self._seen_ids = None, None, []
        self._remember(docs, t, days, e)
        return self

    def _remember(self, docs: list[Doc], t: sp.csr_matrix, days: np.ndarray, e: np.ndarray | None = None) -> None:
        for i, d in enumerate(docs):
            if d.id not in self.doc_rows:
                self.doc_rows[d.id] = _row(t, i)
                self.doc_day[d.id] = float(days[i])
                if e is not None:
                    self.doc_vecs[d.id] = e[i].astype(np.float16)

    # incremental ---------------------------------------------------------------------------------------
    def partial_fit(self, docs: list[Doc], vectors: np.ndarray | None = None) -> StoryClusterer:
        """Assign each of ``docs`` (in order) to an existing story or a new one; ``labels_`` then holds each
        one's story as of the end of the call (a story merged away later in the call is its survivor)."""
        known = {m for s in self.stories for m in s.members}
        self.changed = set()
        out: list[str] = []
        for lo in range(0, len(docs), self.batch_size):
            chunk = docs[lo : lo + self.batch_size]
            vec = None if vectors is None else vectors[lo : lo + self.batch_size]
            c = counts(_texts(chunk))
            small = self.small_stream(len(docs) - lo)  # the pool stays small to the end of this call
            n_pool = len(self.doc_rows) + len(chunk)
            p, _ = self._mode(c, small, n_pool)
            # the scored path needs every clustered document's row (a state saved before it existed has none)
            if (p.scorer and vec is None and len(self.doc_rows) + len(chunk) >= p.scorer_min_docs
                    and len(self.doc_rows) >= sum(st.size for st in self.stories)
                    and median_tokens(c) >= p.scorer_min_tokens):
                out.extend(self._partial_batch_scored(chunk, known, c))
            else:
                out.extend(self._partial_batch(chunk, vec, known, c, small, n_pool))
                self._remember(chunk, self._last_t, np.array([day_number(d.published) for d in chunk]), self._last_e)
                pool = pool_params(self.params, median_tokens(c) <= self.params.short_max_tokens,
                                   self._last_e is not None, sum(st.size for st in self.stories), small)
                self.splits += split_touched(self, set(out[-len(chunk):]), pool, chunk[-1].id)
        story_of = {m: st.id for st in self.stories for m in st.members}  # after later merges and splits
        self.labels_ = [story_of.get(d.id, sid) for d, sid in zip(docs, out, strict=True)]
        self.n_docs += len(docs)
        return self

    def _add(self, st: StoryState, t: sp.csr_matrix, e: np.ndarray | None, days: np.ndarray, i: int) -> None:
        st.tsum = sparse_add(st.tsum, _row(t, i))
        if st.esum is not None:  # a member without a vector (embeddings off) leaves no sum: never a partial one
            st.esum = st.esum + e[i] if e is not None else None
        if not math.isnan(days[i]):
            st.day_sum += float(days[i])
            st.day_n += 1

    def _sim_dots(self, t: sp.csr_matrix, e: np.ndarray | None, p: ClusterParams) -> np.ndarray:
        """Raw dot products of each batch row with every story's sum vector (combined similarity; a story
        without a vector sum, opened by full-text documents, contributes TF-IDF only)."""
        n_s = len(self.stories)
        if n_s == 0:
            return np.zeros((t.shape[0], 0))
        cmat = stack_rows([s.tsum for s in self.stories], t.shape[1])
        dots = (t @ cmat.T).toarray() * p.text_weight
        if e is not None:
            esum = np.vstack([np.zeros(e.shape[1]) if s.esum is None else s.esum for s in self.stories])
            dots += (1.0 - p.text_weight) * (e @ esum.T)
        return dots

    def _partial_batch(self, docs: list[Doc], vectors: np.ndarray | None, known: set[str],
                       c: sp.csr_matrix | None = None, small: bool = False, pool: int | None = None) -> list[str]:
        t, e, days, p = self._features(docs, True, vectors, c, small, pool)
        n_old = len(self.stories)
        dots = np.zeros((len(docs), n_old + len(docs)))  # columns: old stories, then new ones
        dots[:, :n_old] = self._sim_dots(t, e, p)
        q = (t @ t.T).toarray() * p.text_weight
        if e is not None:
            q += (1.0 - p.text_weight) * (e @ e.T)
        assign = np.full(len(docs), -1, dtype=np.int64)
        cap = n_old + len(docs)
        sizes = np.zeros(cap)
        dsum = np.zeros(cap)
        dn = np.zeros(cap)
        for j, st0 in enumerate(self.stories):
            sizes[j], dsum[j], dn[j] = st0.size, st0.day_sum, st0.day_n
        out: list[str] = []
        for i, d in enumerate(docs):
            th = p.stream_threshold_for(len(known) + 1)
            if d.id in known:  # already clustered: keep its story
                out.append(next((s.id for s in self.stories if d.id in s.members), story_id_for(d.id)))
                continue
            n_s = len(self.stories)
            tot = dots[i, :n_s].copy()
            mask = assign[:i] >= 0
            if mask.any():
                tot += np.bincount(assign[:i][mask], weights=q[i, :i][mask], minlength=n_s)
            sz = sizes[:n_s]
            avg = np.where(sz > 0, tot / np.maximum(sz, 1.0), -np.inf)
            if n_s and not math.isnan(days[i]):
                with np.errstate(invalid="ignore", divide="ignore"):
                    means = np.where(dn[:n_s] > 0, dsum[:n_s] / np.maximum(dn[:n_s], 1), np.nan)
                avg = avg * date_factor(np.full(n_s, days[i]), means, p)
            order = np.argsort(-avg)[:2] if n_s else np.zeros(0, dtype=np.int64)
            if len(order) and avg[order[0]] >= th:
                k = int(order[0])
                st = self.stories[k]
                st.members.append(d.id)
            else:
                k = len(self.stories)
                st = StoryState(story_id_for(d.id), [d.id], (np.zeros(0, np.int64), np.zeros(0)),
                                None if e is None else np.zeros(e.shape[1]))
                self.stories.append(st)
            self._add(st, t, e, days, i)
            sizes[k] += 1
            if not math.isnan(days[i]):
                dsum[k] += days[i]
                dn[k] += 1
            assign[i] = k
            known.add(d.id)
            out.append(st.id)
            if len(order) > 1 and avg[order[1]] >= th and int(order[1]) != k:
                merged = merge_bridged(self, k, int(order[1]), d.id, th, p)
                if merged is not None:
                    keep, gone = merged
                    dots[:, keep] += dots[:, gone]
                    dots[:, gone] = 0.0
                    assign[assign == gone] = keep
                    for arr in (sizes, dsum, dn):
                        arr[keep] += arr[gone]
                        arr[gone] = 0.0
        alias = {old: s.id for s in self.stories if s.members for old in s.merged_from}
        self.compact()
        return [alias.get(sid, sid) for sid in out]

    def _partial_batch_scored(self, docs: list[Doc], known: set[str], c: sp.csr_matrix | None = None
                              ) -> list[str]:
        """Scored assignment: each document's k nearest earlier documents are scored by the pair model;
        it joins the story with the highest mean probability over the story's members (members outside its
        k nearest count 0, as in batch graph average linkage) if that reaches the threshold."""
        p = self.params
        t, _, days, _ = self._features(docs, True, None, c)
        ids = list(self.doc_rows)
        n_old = len(ids)
        seen, seen_top = self._seen_matrices(ids)
        allm = sp.vstack([seen, t]).tocsr()
        binary = allm.copy()
        binary.data[:] = 1.0
        idf_full = self.idf.idf(np.arange(N_FEATURES))
        alldays = np.concatenate([[self.doc_day[i] for i in ids], days])
        dated = not np.all(np.isnan(alldays))
        if p.candidates == "index":  # inverted-index candidates, re-scored exactly (near-linear)
            new_top = top_terms(t, p.index_doc_terms)
            postings = build_index(sp.vstack([seen_top, new_top]).tocsr(), p)
            cr, cc = index_candidates(t, postings, p)
            cs = rowwise_dots(allm, n_old + cr, cc)
            if dated:
                cs = cs * date_factor(days[cr], alldays[cc], p)
            bounds = np.searchsorted(cr, np.arange(len(docs) + 1))
        else:  # exact: every earlier document (a dense batch x n block)
            sims = (t @ allm.T).toarray()
            if dated:
                sims = sims * date_factor(days[:, None], alldays[None, :], p)
        story_of = {m: k for k, st in enumerate(self.stories) for m in st.members}
        col = np.array([story_of.get(i, -1) for i in ids] + [-1] * len(docs), dtype=np.int64)
        sizes = np.zeros(len(self.stories) + len(docs))
        sizes[: len(self.stories)] = [st.size for st in self.stories]
        th = p.stream_prob_threshold if p.stream_prob_threshold is not None else p.prob_threshold_for()
        if p.stream_relink and self.pair_graph.n < n_old:
            backfill_graph(self, seen, alldays[:n_old], p)
        # which documents will be assigned (not already clustered) is known up front, and so is every
        # document's candidate list: earlier, assigned documents only. Score all pairs in one go.
        fresh = np.zeros(len(docs), dtype=bool)
        in_batch: set[str] = set()
        for i, d in enumerate(docs):
            fresh[i] = d.id not in known and d.id not in in_batch
            in_batch.add(d.id)
        assigned = np.concatenate([col[:n_old] >= 0, fresh])
        lists: list[np.ndarray] = []
        pa, pb, ps, pr = [], [], [], []
        for i in range(len(docs)):
            if not fresh[i]:
                lists.append(np.zeros(0, dtype=np.int64))
                continue
            if p.candidates == "index":  # best first
                cand, csim = cc[bounds[i]:bounds[i + 1]], cs[bounds[i]:bounds[i + 1]]
                ok = (cand < n_old + i) & assigned[cand]
                order = np.argsort(-csim[ok], kind="stable")[: p.k]
                cand, csim = cand[ok][order], csim[ok][order]
            else:
                row = sims[i, : n_old + i].copy()
                row[~assigned[: n_old + i]] = -np.inf
                kk = int(min(p.k, np.isfinite(row).sum()))
                cand = np.argpartition(-row, kk - 1)[:kk] if kk else np.zeros(0, dtype=np.int64)
                cand = cand[np.argsort(-row[cand], kind="stable")]
                csim = row[cand]
            lists.append(cand)
            pa.append(np.full(len(cand), n_old + i))
            pb.append(cand)
            ps.append(csim)
            pr.append(np.arange(len(cand), dtype=np.float64))
        a_all = np.concatenate(pa + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
        b_all = np.concatenate(pb + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
        prob_all = probabilities(pair_features(binary, idf_full, a_all, b_all,
                                               np.concatenate(ps + [np.zeros(0)]), np.concatenate(pr + [np.zeros(0)])))
        if len(a_all):
            prob_all = prob_all * date_factor(alldays[a_all], alldays[b_all], p)
        starts = np.concatenate([[0], np.cumsum([len(c) for c in lists])])
        out: list[str] = []
        for i, d in enumerate(docs):
            if not fresh[i]:
                out.append(next((st.id for st in self.stories if d.id in st.members), story_id_for(d.id)))
                continue
            cand = lists[i]
            best, best_p = -1, -1.0
            if len(cand):
                prob = prob_all[starts[i]:starts[i + 1]]
                u, inv = np.unique(col[cand], return_inverse=True)
                avg = np.bincount(inv, weights=prob) / sizes[u]
                j = int(np.argmax(avg))
                best, best_p = int(u[j]), float(avg[j])
            if best >= 0 and best_p >= th:
                k, st = best, self.stories[best]
                st.members.append(d.id)
            else:
                k = len(self.stories)
                st = StoryState(story_id_for(d.id), [d.id], (np.zeros(0, np.int64), np.zeros(0)), None)
                self.stories.append(st)
            self._add(st, t, None, days, i)
            sizes[k] += 1
            col[n_old + i] = k
            known.add(d.id)
            self.doc_rows[d.id] = _row(t, i)
            self.doc_day[d.id] = float(days[i])
            out.append(st.id)
        if p.stream_relink:
            keep_and_relink(self, a_all, b_all, prob_all, n_old, fresh, col, p, docs[-1].id)
        alias = {old: s.id for s in self.stories if s.members for old in s.merged_from}
        self.compact()
        return [alias.get(sid, sid) for sid in out]

    def _seen_matrices(self, ids: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """TF-IDF rows of the clustered documents ``ids`` (``doc_rows`` order) and their top-term rows, cached
        and extended by the rows added since the last call (no per-batch rebuild)."""
        have = 0 if self._seen is None else self._seen.shape[0]
        if have > len(ids) or (have and self._seen_ids[have - 1] != ids[have - 1]):
            have, self._seen, self._seen_top, self._seen_ids = 0, None, None, []
        rows = [self.doc_rows[i] for i in ids[have:]]
        new = stack_rows(rows, N_FEATURES, np.float32)
        new_top = top_terms(new, self.params.index_doc_terms)
        if self._seen is None:
            self._seen, self._seen_top = new, new_top
        elif len(rows):
            self._seen = sp.vstack([self._seen, new]).tocsr()
            self._seen_top = sp.vstack([self._seen_top, new_top]).tocsr()
        self._seen_ids.extend(ids[have:])
        return self._seen, self._seen_top

    def compact(self) -> None:
        """Drop tombstones of merged stories (call between batches)."""
        self.stories = [s for s in self.stories if s.members]

    # persistence ----------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return dump_state(self)

    @classmethod
    def from_bytes(cls, data: bytes, batch_size: int = 256) -> StoryClusterer:
        return load_state(cls, data, batch_size)
