"""report.md rendering of one story (a report.json story dict in, Markdown out)."""

from __future__ import annotations

from newsweave.report.markdown import render_story


def _story() -> dict:
    span = {"article_id": "a1", "start": 0, "end": 10, "text": "The bridge reopens on Monday."}
    return {"label": "Bridge reopens", "article_ids": ["a1", "a2", "a3"], "independent_sources": 2,
            "summary": [{"text": span["text"], "citations": [span, {**span, "article_id": "a3"}]}],
            "facts": [{"text": "The bridge cost $4 million.", "sources": ["a1", "a2"], "independent_sources": 1,
                       "single_source": True},
                      {"text": "The mayor cut the ribbon.", "sources": ["a3"], "independent_sources": 1,
                       "single_source": True},
                      {"text": "The bridge reopens on Monday.", "sources": ["a1", "a3"], "independent_sources": 2,
                       "single_source": False}]}


def test_single_source_facts_show_every_outlet_of_one_wire_report() -> None:
    md = render_story(_story(), {})
    assert "- The bridge cost $4 million. [1][2] (one wire report in 2 outlets)" in md
    assert "- The mayor cut the ribbon. [3]\n" in md
    assert "- (2 independent) The bridge reopens on Monday. [1][3]" in md
    assert "The bridge reopens on Monday. [1][3]\n" in md  # summary sentence with its citations
