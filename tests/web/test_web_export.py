"""Static export, report.html, the serve/export CLI commands and the view helpers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsweave.cli.main import main
from newsweave.report import labels
from newsweave.report.html import render_html
from newsweave.web import views
from newsweave.web.render import Urls, file_id
from newsweave.web.timeline_svg import label_width, timeline_svg


def test_export_writes_relative_self_contained_site(tmp_path: Path, web_db: Path, report_json: dict):
    out = tmp_path / "site"
    assert main(["export", str(out), "--db", str(web_db)]) == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "index.html" in files and "static/style.css" in files and "static/app.js" in files
    assert "story/sbridge0001.html" in files and len([f for f in files if f.startswith("article/")]) == 4
    (out / "story" / "sgone.html").write_text("a story an earlier export had")
    (out / "notes.txt").write_text("the user's own file")
    assert main(["export", str(out), "--db", str(web_db)]) == 0
    assert not (out / "story" / "sgone.html").exists() and (out / "notes.txt").exists()
    story = (out / "story" / "sbridge0001.html").read_text()
    assert 'href="../static/style.css"' in story and 'src="../static/app.js"' in story
    # every local link resolves to an exported file; the only remote links are the articles' own URLs
    source_urls = {a["url"] for a in report_json["articles"] if (a.get("url") or "").startswith("https://")}
    for page in out.rglob("*.html"):
        for link in re.findall(r'(?:href|src)="([^"#]+)', page.read_text()):
            if link in source_urls:
                continue
            assert not link.startswith(("/", "http:", "https:", "//", "javascript:")), (page, link)
            assert (page.parent / link).resolve().is_file(), (page, link)


def test_report_html_single_file(tmp_path: Path, report_json: dict):
    page = render_html(report_json)
    assert "<link" not in page and "<script src" not in page  # CSS and JS are inline
    assert page.count('class="story-title"') == 2 and "Where the sources disagree" in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    data = json.loads(re.search(r'<script type="application/json" id="nw-reader-data">(.*?)</script>',
                                page, re.S).group(1))
    texts = {a["id"]: a["text"] for a in report_json["articles"]}
    assert {k: v["text"] for k, v in data.items()} == texts
    # citation targets exist in the page (the appendix of source texts)
    for aid in texts:
        assert f'id="src-{file_id(aid)}"' in page


def test_write_report_uses_the_web_templates(tmp_path: Path, report_json: dict):
    from newsweave.api import write_report
    from newsweave.model import Article, Report, RunSummary, Story

    arts = [Article.from_json(a) for a in report_json["articles"]]
    report = Report(RunSummary(inputs=4, accepted=4), arts, [Story("s1", "All of it", arts)])
    paths = write_report(report, tmp_path / "out")
    html = paths["html"].read_text()
    assert 'id="nw-reader-data"' in html and "No cited summary for this story yet" in html
    assert "Kessel Bridge reopened" in html and "&lt;script&gt;window.__xss=1" in html


def test_export_and_serve_refuse_a_missing_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["export", str(tmp_path / "site"), "--db", str(tmp_path / "none.db")]) == 2
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_serve_command_binds_loopback_and_serves(web_db: Path, free_tcp_port: int):
    port = free_tcp_port
    proc = subprocess.Popen([sys.executable, "-m", "newsweave.cli.main", "serve", "--db", str(web_db),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, body = time.monotonic() + 30, None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/stories", timeout=2) as r:
                    body = json.loads(r.read())
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.2)
        assert body is not None and body["total"] == 2
        import psutil

        addrs = {c.laddr.ip for c in psutil.Process(proc.pid).net_connections() if c.status == "LISTEN"}
        assert addrs == {"127.0.0.1"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- view helpers -----------------------------------------------------------------------------------

def test_dates_and_spans_format_for_people():
    assert views.fmt_date("2024-03-04") == "4 Mar 2024" and views.fmt_date("2024-03") == "Mar 2024"
    assert views.fmt_date("2024") == "2024" and views.fmt_date(None) == "" and views.fmt_date("soon") == "soon"
    assert views.fmt_span("2024-03-04", "2024-03-05") == "4–5 Mar 2024"
    assert views.fmt_span("2024-02-28", "2024-03-02") == "28 Feb – 2 Mar 2024"
    assert views.fmt_span("2023-12-30", "2024-01-02") == "30 Dec 2023 – 2 Jan 2024"
    assert views.fmt_span(None, None) == "undated"
    with pytest.raises(ValueError):
        views.parse_iso_date("2024-02-30")
    assert views.parse_iso_date(" ") is None and views.parse_iso_date("2024-02-29") == "2024-02-29"


def test_story_header_dates_an_undated_story_from_its_text():
    story = {"id": "s1", "article_ids": ["a1"], "date_span": [None, None],
             "notes": {"reference_dates": {"a1": {"date": "2023-06-18", "mode": "near", "source": "text"}}}}
    assert views.StoryView(story, {"a1": {"id": "a1", "text": ""}}).header()["dates"] == \
        "about 18 Jun 2023 (inferred from the text)"
    assert views.StoryView({**story, "notes": {}}, {"a1": {"id": "a1", "text": ""}}).header()["dates"] == "undated"


def test_only_http_urls_become_links():
    assert labels.safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil", "file:///etc/passwd"):
        assert labels.safe_url(bad) is None


def test_source_name_falls_back_to_host_then_file():
    assert labels.source_name({"outlet": "Ledger"}) == "Ledger"
    assert labels.source_name({"url": "https://www.news.example/x"}) == "news.example"
    assert labels.source_name({"url": "javascript:x", "source": "/data/in/post.txt#3"}) == "post"


def test_search_snippet_marks_the_term():
    segs = views.search_snippet("A long preamble. " * 20 + "The Bridge reopened today. " + "Tail. " * 30, "bridge")
    assert [t for t, hit in segs if hit] == ["Bridge"] and segs[0][0].startswith("…") and segs[2][0].endswith("…")


def test_article_paragraphs_keep_offsets(report_json: dict):
    for art in report_json["articles"]:
        paras = views.article_paragraphs(art)
        assert len(paras) == 3
        for p in paras:
            for seg in p:
                assert art["text"][seg["start"]: seg["start"] + len(seg["text"])] == seg["text"]
        assert sum(1 for p in paras for seg in p if seg["s"] is not None) == len(art["sentences"])


def test_story_view_numbers_sources_consistently(report_json: dict):
    arts = {a["id"]: a for a in report_json["articles"]}
    story = next(s for s in report_json["stories"] if s["id"] == "sbridge0001")
    v = views.StoryView(story, arts).context()
    assert [s["n"] for s in v["sources"]] == [1, 2, 3]
    assert v["sources"][0]["wire_with"] == [2] and v["sources"][2]["wire_with"] == []
    assert [c["n"] for c in v["summary"][0]["cites"]] == [1, 2, 3]
    assert [s["level"] for s in v["summary"]] == ["some", "single", "some"]
    assert [e["date"] for e in v["timeline"]["entries"]] == ["2023-12-18", "2024-03-04", "2024-03"]
    assert [g["speaker"] for g in v["quotes"]] == ["Ilse Varga", "Tomas Reif"]
    assert [g["group"] for g in v["entities"]] == ["People", "Organisations", "Places"]
    assert [r["kind"] for r in v["reuse"]] == ["exact", "paraphrase"]
    cov = v["coverage"]
    assert [c["name"] for c in cov["columns"]] == ["Northbay Ledger", "Riverside Post", "Valley Wire"]
    assert [sum(1 for c in r["cells"] if c) for r in cov["rows"]] == [3, 2, 2, 1]


def test_timeline_svg_escapes_and_spreads_points():
    entries = [{"i": i + 1, "date": d, "label": f"<b>{d}</b>", "precision": "day", "sources": ["a"],
                "event": {"text": "<script>x</script>"}} for i, d in enumerate(
        ["2024-01-01", "2024-01-02", "2024-01-03", "2025-06-01", "not a date"])]
    svg = str(timeline_svg(entries))
    assert svg.count("<circle") == 4 and "<script>" not in svg and "&lt;b&gt;2024-01-01&lt;/b&gt;" in svg
    xs = [float(x) for x in re.findall(r'<circle class="tl-dot" cx="([\d.]+)"', svg)]
    assert all(b - a >= 29 for a, b in zip(xs, xs[1:], strict=False))  # close dates pushed apart
    assert str(timeline_svg([])) == ""


def _label_boxes(svg: str) -> list[tuple[float, float, float]]:
    """(left, right, baseline y) of each upright date label, at the width the chart assumes."""
    out = []
    for x, y, text in re.findall(r'<text class="tl-date" x="([\d.]+)" y="([\d.]+)" text-anchor="middle">([^<]*)</text>', svg):
        half = label_width(text) / 2
        out.append((float(x) - half, float(x) + half, float(y)))
    return out


def test_timeline_date_labels_do_not_overlap():
    """Two days side by side ("19 May 2026", "20 May 2026") used to print on top of each other."""
    dates = ["2026-02-01", "2026-04-01", "2026-05-19", "2026-05-20", "2026-12-01"]
    entries = [{"i": i + 1, "date": d, "label": d, "precision": "day", "sources": ["a"]} for i, d in enumerate(dates)]
    boxes = _label_boxes(str(timeline_svg(entries)))
    assert len(boxes) == 5 and len({y for *_, y in boxes}) == 2  # one label moved a row down
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] != b[2] or a[1] <= b[0] or b[1] <= a[0], (a, b)
    crowded = [{"i": i + 1, "date": f"2026-01-{i + 1:02d}", "label": f"{i + 1} January 2026", "precision": "day",
                "sources": ["a"]} for i in range(20)]
    svg = str(timeline_svg(crowded))
    assert svg.count('transform="rotate(-35') == 20 and not _label_boxes(svg)  # too many: all slanted
    left = float(re.search(r'viewBox="(-?[\d.]+) ', svg).group(1))
    first = float(re.search(r'<text class="tl-date" x="([\d.]+)"', svg).group(1))
    assert first - 0.82 * label_width("1 January 2026") >= left  # the first slanted label is not cut off


def test_urls_by_mode():
    c = {"aid": "abc", "sent": 4}
    assert Urls("server").cite(c) == "/article/abc#s4"
    assert Urls("static", "../").cite(c) == "../article/abc.html#s4"
    assert Urls("inline").cite(c) == "#src-abc"
    assert Urls("server").story("a/b") == "/story/a%2Fb"
    assert Urls("static").story("../../etc") != "story/../../etc.html" and "/" not in file_id("../../etc")
    assert Urls("server").index(page=1, q="") == "/" and Urls("server").index(page=2, q="x y") == "/?page=2&q=x+y"


def test_wire_copies_count_once_on_a_contradiction_side_and_a_timeline_date(report_json: dict):
    arts = {a["id"]: a for a in report_json["articles"]}
    story = next(s for s in report_json["stories"] if s["id"] == "sbridge0001")
    a, b, c = story["article_ids"]  # a and b are one wire report
    lead = next(x for x in story["contradictions"] if x["kind"] == "weekday")["claims"][0]
    copy = next(sp for x in story["reuse"] if x["kind"] == "exact" for sp in (x["a"], x["b"]) if sp["article_id"] == b)
    extra = {"kind": "weekday", "topic": "day", "values": ["Monday", "Monday", "Tuesday"],
             "claims": [lead, copy, next(x for x in story["contradictions"] if x["kind"] == "weekday")["claims"][1]],
             "score": 1.0}
    v = views.StoryView({**story, "contradictions": [extra]}, arts).context()
    assert [sd["sources"] for sd in v["contradictions"][0]["sides"]] == [1, 1]  # not "2 sources say Monday"
    dec = v["timeline"]["entries"][0]
    assert dec["sources"] == [1, 2] and dec["n_independent"] == 1
    assert "(1 independent source)" in v["timeline"]["svg"]
