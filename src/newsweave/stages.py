"""The default pipeline, by layer. Each layer adds its stage here once it works.

Order: ingest (sources -> RawDoc) | item stages (RawDoc -> Article) | corpus stages on the driver
(dedup against the store) | clustering (Articles -> Stories) | story stages (analysis, summary).
"""

from __future__ import annotations

from newsweave.config import Config
from newsweave.pipeline import Pipeline, Stage


def item_stages(cfg: Config) -> list[Stage]:
    """Per-document work that an engine may run anywhere: RawDoc -> clean Article."""
    from newsweave.clean import CleanStage

    return [CleanStage(cfg)]


def corpus_stages(cfg: Config) -> list[Stage]:
    """Driver-side stages over the article stream (they may read the store via ctx.store)."""
    from newsweave.dedup.exact import ExactDedupStage
    from newsweave.dedup.near import NearDupStage

    return [ExactDedupStage(), NearDupStage()]


def cluster_stage(cfg: Config) -> Stage:
    """Articles -> Stories."""
    from newsweave.cluster.stage import ClusterStage

    return ClusterStage(cfg.cluster_mode)


def story_stages(cfg: Config) -> list[Stage]:
    """Per-story analysis, in dependency order: reuse, entities, quotes, timeline, facts, contradictions, summary."""
    from newsweave.analyze import analysis_stages
    from newsweave.dedup.reuse import ReuseStage
    from newsweave.summarize.stage import SummaryStage

    reuse = ReuseStage(embeddings=cfg.embeddings)  # dedup layer: provenance + wire groups, always first
    return [reuse, *analysis_stages(cfg), SummaryStage(cfg)]  # summary layer: always last


def build(cfg: Config) -> tuple[list[Stage], list[Stage], Stage, list[Stage]]:
    """All four parts, checked together as one pipeline (so a bad order fails before any work)."""
    items, corpus, cluster, stories = item_stages(cfg), corpus_stages(cfg), cluster_stage(cfg), story_stages(cfg)
    Pipeline([*items, *corpus, cluster, *stories])
    return items, corpus, cluster, stories
