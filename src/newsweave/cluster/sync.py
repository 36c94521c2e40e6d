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
from collections.abc import Sequence
from typing import Any

from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import StoryClusterer
from newsweave.cluster.stage import STATE_KEY, make_stories, to_doc
from newsweave.model import Article, Story
from newsweave.store.base import Store

log = logging.getLogger(__name__)


def load_clusterer(store: Store, params: ClusterParams | None = None) -> StoryClusterer:
    data = store.get_state(STATE_KEY)
    if data:
        try:
            return StoryClusterer.from_bytes(data)
        except (ValueError, KeyError) as exc:  # stale format: start again (logged, not silent)
            log.warning("ignoring incompatible clustering state: %s", exc)
    return StoryClusterer(params)


def assign_incremental(store: Store, arts: Sequence[Article], params: ClusterParams | None = None
                       ) -> list[Story]:
    """Assign ``arts`` (originals) to the store's stories; returns every touched story, all members loaded."""
    return _assign(store, arts, params)[0]


def _assign(store: Store, arts: Sequence[Article], params: ClusterParams | None
            ) -> tuple[list[Story], dict[str, dict[str, Any]]]:
    """:func:`assign_incremental`, and the stored rows (before this ingest) of the stories it touched
    or merged away, read once."""
    clu = load_clusterer(store, params)
    n_merges, n_splits = len(clu.merges), len(clu.splits)
    originals = [a for a in arts if not a.duplicate_of]
    clu.partial_fit([to_doc(a) for a in originals])
    store.put_state(STATE_KEY, clu.to_bytes())
    merges, splits = clu.merges[n_merges:], clu.splits[n_splits:]
    gone = [str(m["from"]) for m in merges]
    # a split's new story holds stored articles whose new home no new article names
    touched = set(clu.labels_) | {str(r["into"]) for r in splits} | {str(r["from"]) for r in splits}
    touched |= clu.changed - set(gone)  # stories a re-linkage gave or took members (cluster/relink.py)
    # near-duplicates follow their originals into merged and split stories
    old_rows = {sid: store.get_story(sid) or {} for sid in sorted(touched | set(gone))}
    inherited = {str(k): str(v) for row in old_rows.values() for k, v in (row.get("duplicates") or {}).items()}
    if gone:
        store.delete_stories(gone)
    have = {a.id: a for a in arts}
    states = [s for s in clu.stories if s.id in touched]
    need = [m for s in states for m in s.members if m not in have]
    have.update({a.id: a for a in store.get_articles(need)})
    specs = []
    for s in states:
        members = [have[m] for m in s.members if m in have]
        meta = {"cluster": {"mode": "incremental", "merged_from": list(s.merged_from),
                            "merges": [m for m in merges if m["into"] == s.id],
                            "splits": [r for r in splits if s.id in (r["from"], r["into"])]}}
        specs.append((s.id, members, meta))
    stories = make_stories(specs)
    for st in stories:
        ids = set(st.article_ids)
        st.duplicates.update({d: o for d, o in inherited.items() if o in ids})
    return stories, old_rows


def sync_stories(store: Store, arts: Sequence[Article], params: ClusterParams | None = None) -> list[Story]:
    """``ingest``'s clustering step: assign, attach near-duplicates, write the touched story rows."""
    stories, old_rows = _assign(store, arts, params)
    dup_of = {a.id: a.duplicate_of for a in arts if a.duplicate_of}
    rows = []
    for s in stories:
        old = old_rows.get(s.id) or {}
        ids = set(s.article_ids)  # the stored row's near-duplicates came with assign_incremental
        s.duplicates.update({d: o for d, o in dup_of.items() if o in ids})
        if old and sorted(old.get("article_ids", [])) == sorted(s.article_ids) and not dup_of:
            continue  # unchanged: keep the stored (possibly analysed) row
        rows.append(s.to_json())
    if rows:
        store.put_stories(rows)
    return stories
