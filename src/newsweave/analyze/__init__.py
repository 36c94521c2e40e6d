"""Cross-source analysis of a story: canonical entities, quotes, timeline, aligned facts, contradictions.

:func:`analysis_stages` lists the story stages in dependency order; ``newsweave.stages.story_stages``
inserts them between the reuse stage and the summary.
"""

from __future__ import annotations

from typing import Any


def analysis_stages(cfg: Any = None) -> list[Any]:
    """Story stages of the analysis layer, in order (each fills one list of the story)."""
    from newsweave.analyze.contradictions import ContradictionsStage
    from newsweave.analyze.entities import EntitiesStage
    from newsweave.analyze.facts import FactsStage
    from newsweave.analyze.quotes import QuotesStage
    from newsweave.analyze.timeline import TimelineStage

    return [EntitiesStage(), QuotesStage(), TimelineStage(), FactsStage(), ContradictionsStage()]
