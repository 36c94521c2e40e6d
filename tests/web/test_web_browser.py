"""End-to-end in headless Debian chromium (Playwright): citations open the exact span, source
text never executes, the static export and report.html work from file://. Screenshots go to
tests/artifacts/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.report.html import render_html

pytestmark = pytest.mark.browser

BRIDGE, XSS = "sbridge0001", "sxss000001"
XSS_STRINGS = ("<script>window.__xss=1</script>", '<img src=x onerror="window.__xss=2">',
               '<a href="javascript:window.__xss=3">click here</a>')


def _story(report_json: dict, sid: str) -> dict:
    return next(s for s in report_json["stories"] if s["id"] == sid)


def _reader_mark(page) -> str:
    page.wait_for_selector(".reader-text mark.hl")
    marks = page.locator(".reader-text mark.hl")
    assert marks.count() == 1
    return marks.inner_text()


def _assert_no_script_ran(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("body img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # the only executable scripts are ours: none carries source text
    assert page.evaluate("[...document.scripts].filter(s => s.type !== 'application/json'"
                         " && s.textContent.includes('__xss')).length") == 0


def test_citation_opens_exact_span_in_reader(page, live_url: str, report_json: dict, artifacts: Path):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_url}/story/{BRIDGE}")
    story = _story(report_json, BRIDGE)
    sent = story["summary"][0]
    assert page.locator("h1.story-title").inner_text() == story["label"]

    second = sent["citations"][1]  # [2]: the Riverside Post copy of the lead sentence
    page.locator(f"ol.summary a.cite[data-a='{second['article_id']}']").first.click()
    assert _reader_mark(page) == second["text"]
    assert page.locator(".reader-title").inner_text() == "Bridge back in service"
    assert page.locator(".reader.open").count() == 1
    # the highlighted words are visible inside the reader pane
    box, pane = page.locator(".reader-text mark.hl").bounding_box(), page.locator(".reader-text").bounding_box()
    assert box and pane and pane["y"] - 1 <= box["y"] <= pane["y"] + pane["height"]
    href = page.locator(".reader-full").get_attribute("href")
    assert href == f"/article/{second['article_id']}#hl-{second['start']}-{second['end']}"
    page.screenshot(path=str(artifacts / "story-citation.png"))

    # a contradiction claim, then a coverage-matrix cell: each replaces the highlight
    claim = story["contradictions"][0]["claims"][1]
    page.locator(f"#disagree .claim a.cite[data-a='{claim['article_id']}'][data-s='{claim['start']}']").first.click()
    assert _reader_mark(page) == claim["text"]
    page.locator(".matrix a.cite.dot").last.click()
    single = next(f for f in story["facts"] if f["single_source"])
    assert _reader_mark(page) == single["spans"][0]["text"]
    page.keyboard.press("Escape")
    assert page.locator(".reader.open").count() == 0
    page.screenshot(path=str(artifacts / "story-full.png"), full_page=True)
    assert errors == []


def test_xss_in_sources_renders_as_text(page, live_url: str, report_json: dict, artifacts: Path):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    evil = _story(report_json, XSS)["article_ids"][0]
    page.goto(f"{live_url}/story/{XSS}")
    assert page.locator("h1.story-title").inner_text() == '<img src=x onerror="window.__xss=7"> town hall notice'
    page.locator("ol.summary a.cite").first.click()
    reader_text = page.locator(".reader-text").inner_text()
    for s in XSS_STRINGS:
        assert s in reader_text
    assert "<script>window.__xss=1</script>" in _reader_mark(page)
    assert "<script>window.__xss=8</script>" in page.locator("#entities").inner_text()
    _assert_no_script_ran(page)
    page.screenshot(path=str(artifacts / "xss-story.png"), full_page=True)

    page.goto(f"{live_url}/article/{evil}")
    body = page.locator("#article-body").inner_text()
    for s in XSS_STRINGS:
        assert s in body
    assert page.locator("h1").inner_text() == "<script>window.__xss=5</script>Notice"
    assert "javascript:window.__xss=6" in page.locator(".article-facts").inner_text()  # shown, not linked
    _assert_no_script_ran(page)
    page.goto(f"{live_url}/?q=script")
    assert "<script>window.__xss=1</script>" in page.locator(".hits").inner_text()
    _assert_no_script_ran(page)
    assert errors == []


def test_article_page_highlights_hash_span(page, live_url: str, report_json: dict):
    claim = _story(report_json, BRIDGE)["contradictions"][0]["claims"][1]
    page.goto(f"{live_url}/article/{claim['article_id']}#hl-{claim['start']}-{claim['end']}")
    page.wait_for_selector("#article-body mark.hl")
    assert "".join(page.locator("#article-body mark.hl").all_inner_texts()) == claim["text"]
    page.goto(f"{live_url}/article/{claim['article_id']}#s3")
    assert page.evaluate("document.querySelector(':target').id") == "s3"


def test_search_form_filters_in_browser(page, live_url: str):
    page.goto(live_url + "/")
    page.fill("#q", "fifty years")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/?q=fifty+years*")
    assert page.locator(".story-list > li").count() == 1
    assert page.locator(".hits mark").first.inner_text().lower() == "fifty"
    page.select_option("#outlet", "<b>Evil</b> Gazette")
    page.fill("#q", "")
    page.click(".filters button[type=submit]")
    assert page.locator(".story-list h2").inner_text().endswith("town hall notice")


def test_report_html_is_self_contained_and_escaped(page, tmp_path: Path, report_json: dict, artifacts: Path):
    out = tmp_path / "report.html"
    out.write_text(render_html(report_json), "utf-8")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    assert all(u.startswith("file:") for u in requests)  # inline CSS/JS: nothing else is loaded
    assert page.locator("h1.story-title").count() == 2
    _assert_no_script_ran(page)  # no CSP here: only escaping protects this page
    sent = _story(report_json, BRIDGE)["summary"][2]
    page.locator(f"a.cite[data-a='{sent['citations'][1]['article_id']}'][data-s='{sent['citations'][1]['start']}']").click()
    assert _reader_mark(page) == sent["citations"][1]["text"]
    page.locator(f"a.cite[data-a='{_story(report_json, XSS)['article_ids'][0]}']").first.click()
    assert "<script>window.__xss=1</script>" in _reader_mark(page)
    _assert_no_script_ran(page)
    page.screenshot(path=str(artifacts / "report-html.png"))


def test_static_export_works_from_file_urls(page, tmp_path: Path, web_db: Path, report_json: dict):
    from newsweave.web import export_site

    counts = export_site(web_db, tmp_path / "site")
    assert counts == {"stories": 2, "articles": 4}
    page.goto((tmp_path / "site" / "index.html").as_uri())
    page.fill("#filter", "zzzz no such story")
    assert page.locator(".story-list > li:visible").count() == 0
    assert page.locator(".filter-none").is_visible() and page.locator(".result-count").inner_text() == "0 of 2 stories match"
    page.fill("#filter", "kessel")
    assert page.locator(".story-list > li:visible").count() == 1
    assert not page.locator(".filter-none").is_visible()
    page.click(".story-list > li:visible a")
    assert page.url.endswith(f"/story/{BRIDGE}.html")
    cite = _story(report_json, BRIDGE)["summary"][0]["citations"][0]
    page.locator("ol.summary a.cite").first.click()
    assert _reader_mark(page) == cite["text"]
    page.click(".sources a.src-title >> nth=1")
    assert "/article/" in page.url and page.locator("#article-body .sent").count() > 3
    _assert_no_script_ran(page)


# --- real pipeline output: the bundled example corpus and the seed articles ------------------------

def _check_first_story(page, url: str, db: Path, shot: Path) -> dict:
    from newsweave.store.sqlite import SQLiteStore

    with SQLiteStore(db, readonly=True) as st:
        rows, total = st.list_stories(limit=100)
        assert total >= 1
        story = st.get_story(rows[0]["id"])
        texts = {a.id: a.text for a in st.get_articles(story["article_ids"])}
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "/")
    page.click(f"a[href='/story/{story['id']}']")
    assert page.locator("h1.story-title").inner_text() == story["label"]
    # the cited summary when the summary stage ran; each source's opening sentence otherwise
    cites = page.locator("ol.summary a.cite" if story["summary"] else "ul.leads a.cite")
    assert cites.count() >= 1
    for el in cites.all():  # every citation on the page points inside its article
        aid, s, e = el.get_attribute("data-a"), int(el.get_attribute("data-s")), int(el.get_attribute("data-e"))
        assert aid in texts and 0 <= s < e <= len(texts[aid])
    first = cites.first
    aid, s, e = first.get_attribute("data-a"), int(first.get_attribute("data-s")), int(first.get_attribute("data-e"))
    first.click()
    assert _reader_mark(page) == texts[aid][s:e]
    page.screenshot(path=str(shot))
    _assert_no_script_ran(page)
    assert errors == []
    return story


def test_example_story_citation_highlights(page, serve_db, example_db: Path, artifacts: Path):
    story = _check_first_story(page, serve_db(example_db), example_db, artifacts / "example-story.png")
    assert len(story["article_ids"]) >= 2


def test_seed_story_citation_highlights(page, serve_db, seeds_db: Path, artifacts: Path):
    story = _check_first_story(page, serve_db(seeds_db), seeds_db, artifacts / "seed-story.png")
    assert len(story["article_ids"]) == 5


def _emoji_db(tmp_path: Path) -> tuple[Path, dict]:
    """A story whose article has emoji (two UTF-16 units, one code point) and a 600-letter word
    before the sentences it cites."""
    from conftest import art
    from newsweave.model import Report, RunSummary, Story, SummarySentence
    from newsweave.report.validate import validate_report
    from newsweave.store.sqlite import SQLiteStore

    text = ("Flood warning 🌉🔥💔👷‍♀️ issued for the valley on Monday. " + "x" * 600 + " is what the sign said. "
            "Police said 14 people were taken to Quenbury General Hospital. 🙂 Roads reopened on Tuesday.")
    a = art(text, "emoji.txt", outlet="Valley Wire", title="Valley flood 🌊")
    s = Story(id="semoji00001", label="Valley flood 🌊", articles=[a])
    s.summary = [SummarySentence(a.text[slice(*a.sentences[k])], [a.span(*a.sentences[k])], [1.0], 1)
                 for k in range(1, len(a.sentences))]
    data = Report(run=RunSummary(inputs=1, accepted=1), articles=[a], stories=[s]).to_json()
    validate_report(data)
    db = tmp_path / "emoji.db"
    with SQLiteStore(db) as st:
        st.put_articles([a])
        st.put_stories(data["stories"])
    return db, data


def test_citations_after_emoji_highlight_the_cited_words(page, serve_db, tmp_path: Path):
    db, data = _emoji_db(tmp_path)
    url = serve_db(db)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/story/semoji00001")
    story = data["stories"][0]
    cites = page.locator("ol.summary a.cite")
    assert cites.count() == len(story["summary"]) >= 3
    for k, sent in enumerate(story["summary"]):
        cites.nth(k).click()
        assert _reader_mark(page) == sent["text"]
        box, pane = page.locator(".reader-text mark.hl").bounding_box(), page.locator(".reader-text").bounding_box()
        assert box and pane and pane["y"] - 1 <= box["y"] and box["y"] + min(box["height"], 40) <= pane["y"] + pane["height"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the long word wraps
    c = story["summary"][-1]["citations"][0]
    page.goto(f"{url}/article/{c['article_id']}#hl-{c['start']}-{c['end']}")
    page.wait_for_selector("#article-body mark.hl")
    assert "".join(page.locator("#article-body mark.hl").all_inner_texts()) == c["text"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
