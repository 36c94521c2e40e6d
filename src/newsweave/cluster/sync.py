"""Incremental, store-wide story assignment (what ``newsweave ingest`` does after storing articles).

The :class:`StoryClusterer` state lives in the store under ``story_clusters`` (``put_state``); each
ingest loads it, assigns the new originals (each to an existing story or a new one; no re-clustering),
saves it, and rewrites the rows of the stories it touched (label, members, duplicates, date span).
Stories merged away are deleted and their ids recorded in the surviving story's ``meta.cluster``; a
story split in two (``cluster/repair.py``) is rewritten and the new one written, both recording the
split there; near-duplicates follow their originals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import (
    Doc,
    StoryClusterer,
    StoryState,
    _row,
    _texts,
    day_number,
)
from newsweave.cluster.features import counts, doc_embeddings
from newsweave.cluster.repair import fresh_story_id, resum, taken_ids
from newsweave.cluster.stage import STATE_KEY, make_stories, to_doc
from newsweave.model import Article, ReuseLink, Span, Story
from newsweave.nlp import ModelUnavailable
from newsweave.store.base import Store

log = logging.getLogger(__name__)


def load_clusterer(store: Store, params: ClusterParams | None = None, embeddings: bool = True) -> StoryClusterer:
    """The store's clusterer (a fresh one without state); ``embeddings=False`` (the config's) keeps it on
    TF-IDF alone, as in batch mode (stories clustered that way then stay on it: ``small_stream``)."""
    data = store.get_state(STATE_KEY)
    clu = None
    if data:
        try:
            clu = StoryClusterer.from_bytes(data)
        except (ValueError, KeyError) as exc:  # stale format: start again (logged, not silent)
            log.warning("ignoring incompatible clustering state: %s", exc)
    clu = clu or StoryClusterer(params)
    if not embeddings:
        clu.embeddings = False
    elif clu.embeddings is False:  # saved by a run with embeddings off: the default again
        clu.embeddings = None
    return clu


def assign_incremental(store: Store, arts: Sequence[Article], params: ClusterParams | None = None,
                       embeddings: bool = True) -> list[Story]:
    """Assign ``arts`` (originals) to the store's stories; returns every touched story, all members loaded."""
    stories, _, gone, state = _assign(store, arts, params, embeddings)
    if state is not None:
        store.put_sync(STATE_KEY, state, gone, [])
    return stories


def _assign(store: Store, arts: Sequence[Article], params: ClusterParams | None, embeddings: bool = True
            ) -> tuple[list[Story], dict[str, dict[str, Any]], list[str], bytes | None]:
    """The stories ``arts`` touch, the stored rows (before this ingest) of the stories touched or
    merged away, the ids merged away and the new clustering state (None: unchanged); writes nothing.

    Articles the state already holds (a re-ingest) are not fitted again (that would count their words
    twice in the IDF); stored originals the state lacks (left by a run killed between storing and
    clustering) are fitted with the new ones."""
    clu = load_clusterer(store, params, embeddings)
    n_merges, n_splits = len(clu.merges), len(clu.splits)
    home = {m: st.id for st in clu.stories for m in st.members}
    originals = [a for a in arts if not a.duplicate_of]
    fresh = [a for a in originals if a.id not in home]
    given = {a.id for a in arts}
    lost = [i for i in store.unclustered_ids(set(home)) if i not in given]
    if lost:
        log.info("clustering %d stored articles that no story holds (an interrupted run)", len(lost))
        fresh += [a for a in store.get_articles(lost) if not a.duplicate_of]
    state = None
    if fresh:
        clu.partial_fit([to_doc(a) for a in fresh])
        state = clu.to_bytes()
        labels = set(clu.labels_)
    else:
        clu.changed, labels = set(), set()
    merges, splits = clu.merges[n_merges:], clu.splits[n_splits:]
    gone = [str(m["from"]) for m in merges]
    now = {m: st.id for st in clu.stories for m in st.members}
    # a split's new story holds stored articles whose new home no new article names
    touched = labels | {now[a.id] for a in originals if a.id in now}
    touched |= {str(r["into"]) for r in splits} | {str(r["from"]) for r in splits}
    touched |= clu.changed - set(gone)  # stories a re-linkage gave or took members (cluster/relink.py)
    # near-duplicates follow their originals into merged and split stories
    old_rows = {sid: store.get_story(sid) or {} for sid in sorted(touched | set(gone))}
    inherited = {str(k): str(v) for row in old_rows.values() for k, v in (row.get("duplicates") or {}).items()}
    have = {a.id: a for a in [*arts, *fresh]}
    states = [s for s in clu.stories if s.id in touched]
    need = [m for s in states for m in s.members if m not in have]
    have.update({a.id: a for a in store.get_articles(need)})
    specs = []
    for s in states:
        members = [have[m] for m in s.members if m in have]
        before = (old_rows.get(s.id) or {}).get("cluster") or {}
        new_merges = [m for m in merges if m["into"] == s.id]
        new_splits = [r for r in splits if s.id in (r["from"], r["into"])]
        meta = {"cluster": {"mode": "incremental", "merged_from": list(s.merged_from),  # earlier records kept
                            "merges": list(before.get("merges") or []) + new_merges,
                            "splits": list(before.get("splits") or []) + new_splits}}
        specs.append((s.id, members, meta))
    stories = make_stories(specs)
    for st in stories:
        ids = set(st.article_ids)
        st.duplicates.update({d: o for d, o in inherited.items() if o in ids})
    return stories, old_rows, gone, state


def _keep_provenance(story: Story, rows: Iterable[dict[str, Any]]) -> None:
    """Wire groups and reuse links among a changed story's members that its stored rows knew: until
    ``analyze`` runs again, two copies of one wire report still count as one source (a new member
    counts as its own)."""
    ids = set(story.article_ids)
    for row in rows:
        for g in row.get("wire_groups") or []:
            kept = [a for a in g if a in ids]
            if len(kept) >= 2 and kept not in story.wire_groups:
                story.wire_groups.append(kept)
        for r in row.get("reuse") or []:
            a, b = Span.from_json(r["a"]), Span.from_json(r["b"])
            if a.article_id in ids and b.article_id in ids:
                story.reuse.append(ReuseLink(a, b, r["kind"], float(r.get("score", 0.0))))


def sync_stories(store: Store, arts: Sequence[Article], params: ClusterParams | None = None,
                 embeddings: bool = True) -> list[Story]:
    """``ingest``'s clustering step: assign, attach near-duplicates, and write the state, the stories
    merged away and the touched story rows in one transaction."""
    stories, old_rows, gone, state = _assign(store, arts, params, embeddings)
    dup_of = {a.id: a.duplicate_of for a in arts if a.duplicate_of}
    rows = []
    for s in stories:
        old = old_rows.get(s.id) or {}
        ids = set(s.article_ids)  # the stored row's near-duplicates came with assign_incremental
        s.duplicates.update({d: o for d, o in dup_of.items() if o in ids})
        _keep_provenance(s, old_rows.values())
        if old and sorted(old.get("article_ids", [])) == sorted(s.article_ids) and \
                all(d in (old.get("duplicates") or {}) for d in s.duplicates):
            continue  # unchanged: keep the stored (possibly analysed) row
        rows.append(s.to_json())
    if state is not None:
        store.put_sync(STATE_KEY, state, gone, rows)
    elif rows:  # nothing fitted (a re-ingest): the state is unchanged, nothing merged away
        store.put_stories(rows)
    return stories


def absorb_run(store: Store, stories: Sequence[Story], params: ClusterParams | None = None,
               embeddings: bool = True) -> list[Story]:
    """After ``run`` clustered its own article set in batch: make its stories the store's home of their
    articles, and the clustering state's, so a later ``ingest`` joins new articles to them.

    Stored stories that shared articles with the run keep only their other members (rewritten, or
    deleted when none is left); one whose id a run story now holds (both name the same founding
    article) is renamed after its earliest remaining member. Returns the stories rewritten that way;
    the caller writes the run's own stories."""
    clu = load_clusterer(store, params, embeddings)
    ran = {a.id for s in stories for a in s.articles}
    run_ids = {s.id for s in stories}
    if not clu.stories and clu.n_docs == 0:
        _adopt_stored(store, clu)
    groups = [(s.id, [to_doc(a) for a in s.articles]) for s in stories]
    changed, removed, renamed = absorb(clu, groups)
    store.put_state(STATE_KEY, clu.to_bytes())
    # the stored rows: a story that lost members to the run, or whose id a run story took
    old_rows = {sid: store.get_story(sid) or {} for sid in sorted(changed | removed | set(renamed))}
    gone = [sid for sid in removed | set(renamed) if sid not in run_ids]
    if gone:
        store.delete_stories(gone)
    states = [st for st in clu.stories if st.id in changed | set(renamed.values())]
    have = {a.id: a for a in store.get_articles([m for st in states for m in st.members])}
    specs = []
    was = {new: old for old, new in renamed.items()}  # a renamed story's row is under its old id
    for st in states:
        old = old_rows.get(was.get(st.id, st.id)) or {}
        meta = {"cluster": {**(old.get("cluster") or {}), "mode": (old.get("cluster") or {}).get("mode", "batch"),
                            "taken_by_run": sorted(ran & set(old.get("article_ids") or []))}}
        specs.append((st.id, [have[m] for m in st.members if m in have], meta))
    rewritten = make_stories(specs)
    for s in rewritten:  # near-duplicates stay with their originals
        ids = set(s.article_ids)
        for row in old_rows.values():
            s.duplicates.update({str(d): str(o) for d, o in (row.get("duplicates") or {}).items() if o in ids})
    return rewritten


def _adopt_stored(store: Store, clu: StoryClusterer) -> None:
    """A store whose stories were written without a clustering state (by ``run`` before it kept one):
    its stories become the state's first, so the absorb below can take articles from them."""
    rows, _ = store.list_stories(limit=1_000_000)
    groups = []
    for r in rows:
        ids = list((store.get_story(r["id"]) or {}).get("article_ids") or [])
        if ids:
            groups.append((r["id"], [to_doc(a) for a in store.get_articles(ids)]))
    if groups:
        absorb(clu, groups)


def absorb(clu: StoryClusterer, groups: Sequence[tuple[str, Sequence[Doc]]]
           ) -> tuple[set[str], set[str], dict[str, str]]:
    """Make each ``(story id, docs)`` group a story of ``clu``, taking its documents out of the stories
    that held them. Returns (ids of stories that lost members, ids of stories left empty, {old id: new
    id} of stories renamed because a group took their id)."""
    docs = [d for _, ds in groups for d in ds]
    ids = {d.id for d in docs}
    new = list({d.id: d for d in docs if d.id not in clu.doc_rows}.values())
    if new:
        c = counts(_texts(new))
        clu.idf.partial_fit(c)
        t = clu.idf.transform(c)
        t.sort_indices()
        for i, d in enumerate(new):
            clu.doc_rows[d.id] = _row(t, i)
            clu.doc_day[d.id] = day_number(d.published)
        clu.n_docs += len(new)
    changed: set[str] = set()
    removed: set[str] = set()
    for st in clu.stories:
        if ids.isdisjoint(st.members):
            continue
        st.members = [m for m in st.members if m not in ids]
        (changed if st.members else removed).add(st.id)
        if st.members:
            resum(clu, st, st.esum is not None and all(m in clu.doc_vecs for m in st.members))
    clu.compact()
    group_ids = {sid for sid, _ in groups}
    taken = group_ids | taken_ids(clu)
    renamed: dict[str, str] = {}
    for st in clu.stories:
        if st.id in group_ids:  # both name the same founding article: the group keeps the id
            new_id = fresh_story_id(clu, st.members, taken) or f"{st.id}-{len(renamed) + 1}"
            taken.add(new_id)
            renamed[st.id] = new_id
            changed.discard(st.id)
            st.id = new_id
    vectors = _small_pool_vectors(clu, docs)
    for sid, ds in groups:
        st = StoryState(sid, [d.id for d in ds], (np.zeros(0, np.int64), np.zeros(0)), None)
        resum(clu, st, vectors)
        clu.stories.append(st)
    return changed, removed, renamed


def _small_pool_vectors(clu: StoryClusterer, docs: Sequence[Doc]) -> bool:
    """Keep MiniLM document vectors of ``docs`` when the state stays a small pool whose stories all have
    vector sums, so a later ``ingest`` continues it on the small-pool similarity (the vectors ``run``'s
    batch fit computed are memoised). False when that does not apply or the model is missing."""
    if not clu.small_stream(0) or any(m not in clu.doc_vecs for st in clu.stories for m in st.members):
        return False
    need = [d for d in docs if d.id not in clu.doc_vecs]
    if need:
        try:
            vecs = doc_embeddings(_texts(need))
        except (ImportError, ModelUnavailable) as exc:
            log.info("no MiniLM document vectors for the clustering state (%s)", exc)
            return False
        for d, v in zip(need, vecs, strict=True):
            clu.doc_vecs[d.id] = np.asarray(v, dtype=np.float16)
    return True

