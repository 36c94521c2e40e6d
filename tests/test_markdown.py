"""report.md rendering of one story (a report.json story dict in, Markdown out)."""

from __future__ import annotations

from newsweave.report.markdown import render_story


def _story() -> dict:
    span = {"article_id": "a1", "start": 0, "end": 10, "text": "The bridge reopens on Monday."}
    return {"label": "Bridge reopens", "article_ids": ["a1", "a2", "a3"], "independent_sources": 2,
            "wire_groups": [["a1", "a2"]],
            "summary": [{"text": span["text"], "citations": [span, {**span, "article_id": "a3"}]}],
            "facts": [{"text": "The bridge cost $4 million.", "sources": ["a1", "a2"], "independent_sources": 1,
                       "single_source": True},
                      {"text": "The mayor cut the ribbon.", "sources": ["a3"], "independent_sources": 1,
                       "single_source": True},
                      {"text": "The bridge reopens on Monday.", "sources": ["a1", "a3"], "independent_sources": 2,
                       "single_source": False}]}


def test_single_source_facts_show_every_outlet_of_one_wire_report() -> None:
    md = render_story(_story(), {})
    assert "- The bridge cost $4 million. [1][2] (one wire report in 2 articles)" in md
    assert "- The mayor cut the ribbon. [3]\n" in md
    two_pages = {**_story(), "wire_groups": []}  # one outlet's two pages, no copied text: one source, no wire
    assert "- The bridge cost $4 million. [1][2] (one source in 2 articles)" in render_story(two_pages, {})
    assert "- (2 independent) The bridge reopens on Monday. [1][3]" in md
    assert "The bridge reopens on Monday. [1][3]\n" in md  # summary sentence with its citations


def test_source_list_names_untitled_articles_without_an_outlet() -> None:
    text = "The bridge reopens on Monday after two years of repairs. It cost $4 million."
    arts = {"a1": {"id": "a1", "source": "/data/in/bridge_report.txt", "text": text, "sentences": [[0, 56], [57, 77]]},
            "a2": {"id": "a2", "outlet": "Ledger", "title": "Bridge reopens", "published": "2026-03-02", "text": text},
            "a3": {"id": "a3", "url": "https://www.news.example/b", "text": ""}}
    md = render_story(_story(), arts)
    assert "1. bridge\\_report, untitled, opens “The bridge reopens on Monday after two years of repairs.”, `a1`" in md
    assert "2. Ledger, “Bridge reopens”, 2026-03-02, `a2`" in md
    assert "3. news.example, `a3`" in md
    assert "unknown outlet" not in md


def test_timeline_entries_say_which_words_gave_the_date() -> None:
    sent = {"article_id": "a1", "start": 0, "end": 29, "text": "The bridge reopens on Monday."}
    expr = {"article_id": "a1", "start": 19, "end": 28, "text": "on Monday"}
    story = {**_story(), "timeline": [{"date": "2026-03-02", "precision": "day", "event": [sent],
                                       "expressions": [expr, {**expr, "article_id": "a3"}], "sources": ["a1", "a3"]}]}
    md = render_story(story, {})
    assert "- **2026-03-02** — The bridge reopens on Monday. *(dated from “on Monday”)* [1][3]" in md


def test_undated_story_shows_the_reference_date_the_timeline_inferred() -> None:
    refs = {"a1": {"date": "2023-06-18", "mode": "near", "source": "text"},
            "a2": {"date": "2023-06-19", "mode": "near", "source": "story"}}
    md = render_story({**_story(), "date_span": [None, None], "notes": {"reference_dates": refs}}, {})
    assert "*3 articles · 2 independent sources · about 2023-06-18 – 2023-06-19 (inferred from the text)*" in md
    dated = render_story({**_story(), "date_span": ["2023-06-18", "2023-06-18"], "notes": {"reference_dates": refs}}, {})
    assert "*3 articles · 2 independent sources · 2023-06-18*" in dated
    assert "2 independent sources*" in render_story(_story(), {})  # no dates at all: nothing claimed


def test_counts_of_one_are_singular() -> None:
    from newsweave.report.labels import count
    from newsweave.report.markdown import render_markdown

    assert [count(1, "story"), count(2, "story"), count(0, "article"), count(1, "day"), count(2, "day")] == \
        ["1 story", "2 stories", "0 articles", "1 day", "2 days"]
    assert count("?", "independent source") == "? independent sources"
    story = {**_story(), "article_ids": ["a1"], "independent_sources": 1,
             "entities": [{"name": "Lena Ruiz", "type": "PERSON", "variants": ["Lena Ruiz"], "sources": ["a1"]}]}
    md = render_markdown({"articles": [], "stories": [story],
                          "run": {"inputs": 1, "accepted": 1, "duplicates": 1, "rejected": []}})
    assert "1 input: 1 accepted, 1 duplicate, 0 rejected; 1 story." in md
    assert "*1 article · 1 independent source*" in md
    assert "- **Lena Ruiz** (PERSON, 1 source)" in md


def test_source_text_renders_as_text_not_markdown() -> None:
    """A source line "# ...", a "[x](url)" title, raw tags, "1. " / "> " openings and backticks are
    escaped; summary sentences are paragraphs of their own when rendered."""
    from markdown_it import MarkdownIt

    evil = "# Not a heading [click](https://evil.example) <script>x()</script> `code` a_b*c* AT&T"
    span = {"article_id": "a1", "start": 0, "end": 10, "text": evil}
    story = {"label": "[Label](https://evil.example)", "article_ids": ["a1"], "independent_sources": 1,
             "summary": [{"text": evil, "citations": [span]}, {"text": "1. Listed opening.", "citations": [span]},
                         {"text": "> Quoted opening.", "citations": [span]}]}
    html = MarkdownIt("commonmark").render(render_story(story, {"a1": {"id": "a1", "title": "T`x`", "text": evil}}))
    assert "<a " not in html and "<script>" not in html and "<code>" not in html.split("a1")[0]
    body = html.split("<h3>Sources</h3>")[0]  # the numbered source list is ours
    assert html.count("<h1>") == 0 and "<ol>" not in body and "<blockquote>" not in body
    assert "# Not a heading [click](https://evil.example) &lt;script&gt;x()&lt;/script&gt; `code` a_b*c* AT&amp;T" in html
    assert html.count("<p>") >= 4  # three summary sentences and the note, each its own paragraph


def test_claims_that_open_with_a_quotation_mark_are_not_quoted_twice() -> None:
    said = {"article_id": "a1", "start": 0, "end": 40, "text": "“We will not unload,” Voss said on Saturday."}
    plain = {"article_id": "a2", "start": 0, "end": 30, "text": "Voss spoke on Sunday."}
    story = {**_story(), "contradictions": [{"kind": "weekday", "topic": "day of: Voss said", "claims": [said, plain],
                                             "values": ["Saturday", "Sunday"], "score": 1.0}]}
    md = render_story(story, {})
    assert "  - [1] “We will not unload,” Voss said on Saturday.\n" in md and "““" not in md
    assert "  - [2] “Voss spoke on Sunday.”\n" in md


def test_a_joined_quote_with_straight_marks_is_shown_between_straight_marks() -> None:
    joined = {"article_id": "a1", "start": 1, "end": 90,
              "text": 'The chart was out of date," chief investigator Tobias Venn said. "That is where our work begins'}
    curly = {"article_id": "a2", "start": 1, "end": 20, "text": "Everyone is off the ship"}
    story = {**_story(), "quotes": [{"speaker": "Tobias Venn", "spans": [joined], "sources": ["a1"]},
                                    {"speaker": "Isolde Brennock", "spans": [curly], "sources": ["a2"]}]}
    md = render_story(story, {})
    assert '**Tobias Venn**: "The chart was out of date," chief investigator Tobias Venn said. "That is where' in md
    assert "**Isolde Brennock**: “Everyone is off the ship”" in md


def test_reported_speech_is_not_shown_in_quotation_marks() -> None:
    span = {"article_id": "a1", "start": 0, "end": 10, "text": "The plan is dead"}
    story = {**_story(), "quotes": [{"speaker": "Ana Price", "spans": [span], "sources": ["a1"], "marked": False}]}
    md = render_story(story, {})
    assert "- **Ana Price** (reported speech): The plan is dead [1]" in md and "“The plan is dead”" not in md
