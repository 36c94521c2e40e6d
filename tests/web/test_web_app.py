"""Every route of the web app through FastAPI's TestClient: pages, API, filters, errors."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.config import ConfigError
from newsweave.model import Article
from newsweave.store.sqlite import SQLiteStore
from newsweave.web import create_app

BRIDGE, XSS = "sbridge0001", "sxss000001"


def _ids(report_json: dict) -> dict[str, str]:
    by_outlet = {a["outlet"]: a["id"] for a in report_json["articles"]}
    return {"ledger": by_outlet["Northbay Ledger"], "post": by_outlet["Riverside Post"],
            "wire": by_outlet["Valley Wire"], "evil": by_outlet["<b>Evil</b> Gazette"]}


# --- HTML pages ----------------------------------------------------------------------------------

def test_index_lists_stories_with_counts_dates_outlets(client: TestClient):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    body = r.text
    assert "Kessel Bridge reopens after eleven weeks of repairs" in body
    assert "3 articles" in body and "2 independent sources" in body and "4–5 Mar 2024" in body
    assert "Riverside Post" in body and 'href="/story/sbridge0001"' in body
    assert "2 stories" in body
    # teaser: the story's first summary sentence
    assert '<p class="teaser">The Kessel Bridge reopened to traffic on Monday' in body


def test_index_search_filters_and_marks_matching_articles(client: TestClient, report_json: dict):
    r = client.get("/", params={"q": "ribbon-cutting"})
    assert r.status_code == 200
    assert 'href="/story/sbridge0001"' in r.text and 'href="/story/sxss000001"' not in r.text
    assert "Matching articles" in r.text and "<mark>ribbon-cutting</mark>" in r.text
    r = client.get("/", params={"q": "zzzunmatched"})
    assert "No stories match" in r.text


def test_index_outlet_and_date_filters(client: TestClient):
    only_bridge = client.get("/", params={"outlet": "Valley Wire"}).text
    assert "/story/sbridge0001" in only_bridge and "/story/sxss000001" not in only_bridge
    assert "/story/sxss000001" in client.get("/", params={"date_from": "2024-03-06"}).text
    assert "/story/sbridge0001" not in client.get("/", params={"date_from": "2024-03-06"}).text
    assert "/story/sbridge0001" in client.get("/", params={"date_to": "2024-03-04", "date_from": ""}).text
    # empty form fields (what a browser submits) are no filter at all
    r = client.get("/", params={"q": "", "outlet": "", "date_from": "", "date_to": ""})
    assert r.status_code == 200 and "2 stories" in r.text


def test_index_bad_values_are_422_pages_not_500(client: TestClient):
    r = client.get("/", params={"date_from": "2024-02-30"})
    assert r.status_code == 422 and "real calendar dates" in r.text
    assert client.get("/", params={"page": "0"}).status_code == 422
    assert client.get("/", params={"page": "abc"}).status_code == 422
    assert client.get("/", params={"q": "x" * 500}).status_code == 422


def test_index_pagination(tmp_path: Path, report_json: dict):
    db = tmp_path / "many.db"
    base = next(s for s in report_json["stories"] if s["id"] == BRIDGE)
    with SQLiteStore(db) as st:
        st.put_articles(Article.from_json(a) for a in report_json["articles"])
        st.put_stories({**base, "id": f"s{i:04d}", "label": f"Story number {i}"} for i in range(45))
    with TestClient(create_app(db)) as c:
        p1, p3 = c.get("/").text, c.get("/?page=3").text
        assert p1.count('href="/story/') == 20 and p3.count('href="/story/') == 5
        assert "page 1 of 3" in p1 and 'rel="next" href="/?page=2"' in p1 and 'rel="prev"' not in p1
        assert 'rel="prev" href="/?page=2"' in p3 and 'rel="next"' not in p3
        assert c.get("/?page=99").status_code == 200  # past the end: an empty page, not an error
        api = c.get("/api/v1/stories", params={"limit": 10, "offset": 40}).json()
        assert api["total"] == 45 and len(api["stories"]) == 5
        # filters survive paging
        assert 'href="/?page=2&amp;q=Kessel"' in c.get("/?q=Kessel").text


def test_story_page_renders_every_panel(client: TestClient, report_json: dict):
    ids = _ids(report_json)
    r = client.get(f"/story/{BRIDGE}")
    assert r.status_code == 200
    t = r.text
    for heading in ("The briefing", "Where the sources disagree", "Timeline", "Who reported what",
                    "Quotes by speaker", "Who and where", "Shared and wire copy", "Sources"):
        assert heading in t
    # summary citations carry exact spans; badge per sentence
    story = next(s for s in report_json["stories"] if s["id"] == BRIDGE)
    first = story["summary"][0]["citations"][0]
    assert (f'data-a="{first["article_id"]}" data-s="{first["start"]}" data-e="{first["end"]}"') in t
    assert t.count('class="badge badge-') == 3 and "2 sources" in t and "1 source" in t
    # contradictions: both values highlighted side by side
    assert '<mark class="value">4.2 million euros</mark>' in t and '<mark class="value">3.9 million euros</mark>' in t
    assert '<mark class="value">Monday</mark>' in t and '<mark class="value">Tuesday</mark>' in t
    assert "1 independent source says <strong>4.2 million euros</strong>" in t
    # timeline: server-side SVG, numbered in date order
    svg = re.search(r"<svg class=\"timeline-svg\".*?</svg>", t, re.S).group(0)
    assert svg.count("<circle") == 3 and "18 Dec 2023" in svg and "tl-vague" in svg
    # coverage matrix: 4 facts x 3 outlets; the single-source fact has exactly one filled cell
    assert t.count('class="cite dot"') == 3 + 2 + 2 + 1
    # quotes grouped by speaker, entities with variants, reuse side by side
    assert "Ilse Varga" in t and "Tomas Reif" in t and "reported speech" in t
    assert '<span class="variant">Mayor Varga</span>' in t and "Mayor" in t
    assert "verbatim copy" in t and "paraphrase" in t
    assert "wire copy" in t  # wire group flagged in the source list
    # reader data: every article's text, as inert JSON
    assert 'id="nw-reader-data"' in t and ids["wire"] in t


def test_story_page_with_empty_analyses_shows_source_openings(client: TestClient, tmp_path: Path,
                                                               report_json: dict):
    bare = {k: ([] if isinstance(v, list) and k not in ("article_ids", "outlets", "date_span") else v)
            for k, v in next(s for s in report_json["stories"] if s["id"] == BRIDGE).items()}
    bare["id"] = "sbare"
    db = tmp_path / "bare.db"
    with SQLiteStore(db) as st:
        st.put_articles(Article.from_json(a) for a in report_json["articles"])
        st.put_stories([bare])
    with TestClient(create_app(db)) as c:
        t = c.get("/story/sbare").text
    assert "No cited summary for this story yet" in t
    # a story changed since its analysis says so in every panel, and its tabs count nothing
    assert t.count("Not analysed yet") == 6 and "No reused passages" not in t and "No disagreements found" not in t
    assert '<span class="count">–</span>' in t
    assert 'class="lead-src">Northbay Ledger' in t


def test_article_page_has_sentence_anchors_metadata_and_shares(client: TestClient, report_json: dict):
    ids = _ids(report_json)
    r = client.get(f"/article/{ids['post']}")
    assert r.status_code == 200
    t = r.text
    assert "Bridge back in service" in t and "Riverside Post" in t and "5 Mar 2024" in t
    assert 'id="s0"' in t and 'id="s4"' in t
    assert "Shared with other articles" in t and f'href="/article/{ids["ledger"]}"' in t
    assert "verbatim copy" in t and "paraphrase" in t
    assert f'href="/story/{BRIDGE}"' in t
    # sentence segments concatenate back to the text (anchors don't alter it)
    segs = re.findall(r'<span (?:class="sent" id="s\d+" )?data-o="(\d+)">(.*?)</span>', t, re.S)
    art = next(a for a in report_json["articles"] if a["id"] == ids["post"])
    for off, chunk in segs:
        assert art["text"][int(off): int(off) + len(html.unescape(chunk))] == html.unescape(chunk)


def test_unknown_ids_are_404_pages(client: TestClient):
    for url in ("/story/nope", "/article/0000000000000000", "/no/such/page", "/static/secret.txt",
                "/static/..%2F..%2Fpyproject.toml"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.headers["content-type"].startswith("text/html")
    assert client.get("/story/bad%20id!").status_code == 422


def test_static_assets_and_security_headers(client: TestClient):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "textContent" in js.text and "innerHTML" not in js.text.replace(
        "never innerHTML", "")
    h = client.get("/").headers
    assert "script-src 'self'" in h["content-security-policy"] and h["x-content-type-options"] == "nosniff"


def test_docs_are_served_without_a_cdn(client: TestClient):
    d = client.get("/docs")
    assert d.status_code == 200 and "/openapi.json" in d.text
    assert "cdn" not in d.text.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs-assets/other.js").status_code == 404
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/story/{story_id}", "/api/v1/article/{article_id}", "/api/v1/search"):
        assert path in spec["paths"]


# --- JSON API --------------------------------------------------------------------------------------

def test_api_stories_list_filters_pagination(client: TestClient):
    r = client.get("/api/v1/stories").json()
    assert r["total"] == 2 and {s["id"] for s in r["stories"]} == {BRIDGE, XSS}
    row = next(s for s in r["stories"] if s["id"] == BRIDGE)
    assert row["n_articles"] == 3 and row["independent_sources"] == 2
    assert row["date_span"] == ["2024-03-04", "2024-03-05"] and "Valley Wire" in row["outlets"]
    assert [s["id"] for s in client.get("/api/v1/stories?q=Reif").json()["stories"]] == [BRIDGE]
    assert [s["id"] for s in client.get("/api/v1/stories?outlet=Valley%20Wire").json()["stories"]] == [BRIDGE]
    assert [s["id"] for s in client.get("/api/v1/stories?date_from=2024-03-06").json()["stories"]] == [XSS]
    assert client.get("/api/v1/stories?date_to=2024-03-01").json()["total"] == 0
    page = client.get("/api/v1/stories?limit=1&offset=1").json()
    assert page["total"] == 2 and len(page["stories"]) == 1 and page["offset"] == 1


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "date_from=2024-13-01",
                                   "date_to=yesterday", "limit=ten", "q=" + "x" * 201])
def test_api_bad_params_are_422(client: TestClient, query: str):
    r = client.get(f"/api/v1/stories?{query}")
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"][0]["loc"][0] == "query"


def test_api_story_is_the_report_json_story(client: TestClient, report_json: dict):
    r = client.get(f"/api/v1/story/{BRIDGE}")
    assert r.status_code == 200
    assert r.json() == next(s for s in report_json["stories"] if s["id"] == BRIDGE)
    rep = client.get(f"/api/v1/story/{BRIDGE}/report").json()
    assert rep["schema"] == "newsweave.report/1" and len(rep["articles"]) == 3
    from newsweave.report.markdown import render_markdown

    assert rep["run"]["inputs"] == 0 and "Kessel" in render_markdown(rep)  # the same keys as report.json
    from newsweave.report.validate import validate_report

    assert validate_report(rep) > 30


def test_api_article_is_the_report_json_article(client: TestClient, report_json: dict):
    ids = _ids(report_json)
    r = client.get(f"/api/v1/article/{ids['wire']}")
    assert r.status_code == 200
    assert r.json() == next(a for a in report_json["articles"] if a["id"] == ids["wire"])


def test_api_unknown_ids_are_404_json(client: TestClient):
    for url in ("/api/v1/story/nope", "/api/v1/story/nope/report", "/api/v1/article/ffff", "/api/v1/nothing"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"] == "application/json", url
        assert "detail" in r.json()


def test_api_search(client: TestClient, report_json: dict):
    ids = _ids(report_json)
    r = client.get("/api/v1/search", params={"q": "fifty years"}).json()
    assert {a["id"] for a in r["articles"]} == {ids["post"], ids["wire"]}
    assert all("fifty" in a["snippet"] for a in r["articles"])
    assert [s["id"] for s in r["stories"]] == [BRIDGE] and r["total_stories"] == 1
    # OR between two words finds either; a quoted phrase its words together; "AND" is no word
    either = client.get("/api/v1/search", params={"q": "fifty OR xyzzyq"}).json()
    assert {a["id"] for a in either["articles"]} == {ids["post"], ids["wire"]}
    assert client.get("/api/v1/search", params={"q": '"fifty years"'}).json()["articles"]
    assert client.get("/api/v1/search", params={"q": '"years fifty"'}).json()["articles"] == []
    both = client.get("/api/v1/search", params={"q": "fifty AND years"}).json()["articles"]
    assert {a["id"] for a in both} == {a["id"] for a in r["articles"]}
    # FTS syntax in user input is inert, not an error
    for q in ('"unbalanced', "a OR", "NEAR(", "*", "-x", "col:thing"):
        assert client.get("/api/v1/search", params={"q": q}).status_code == 200, q
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=").status_code == 422
    assert client.get("/api/v1/search?q=x&limit=1000").status_code == 422


def test_api_outlets(client: TestClient):
    assert client.get("/api/v1/outlets").json()["outlets"] == sorted(
        ["<b>Evil</b> Gazette", "Northbay Ledger", "Riverside Post", "Valley Wire"])


def test_read_only_by_default(client: TestClient, web_db: Path):
    assert client.get("/upload").status_code == 404
    assert client.post("/api/v1/ingest", files={"file": ("a.txt", b"hello")}).status_code in (404, 405)
    # and the connection really is read-only
    st = client.app.state.readers.get()
    with pytest.raises(sqlite3.OperationalError):
        st.conn.execute("DELETE FROM stories")


def test_create_app_refuses_missing_or_foreign_db(tmp_path: Path):
    with pytest.raises(ConfigError):
        create_app(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ConfigError, match="not a newsweave database"):
        create_app(junk)


def test_concurrent_requests_use_per_thread_connections(client: TestClient):
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/", f"/story/{BRIDGE}", "/api/v1/stories", "/api/v1/search?q=bridge", f"/api/v1/story/{XSS}"] * 8
    with ThreadPoolExecutor(8) as ex:
        codes = list(ex.map(lambda u: client.get(u).status_code, urls))
    assert codes == [200] * len(urls)


def test_python_api_exposes_the_web_layer(web_db: Path):
    import subprocess
    import sys

    import newsweave

    assert newsweave.create_app is create_app and callable(newsweave.export_site)
    # `import newsweave` stays light: FastAPI loads only when an app is created
    code = "import sys, newsweave; print('fastapi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert newsweave.create_app(web_db).title == "newsweave"


@pytest.mark.parametrize("url", [
    "/story/%00", "/story/..%2F..%2Fetc%2Fpasswd", "/article/' OR 1=1 --", "/story/" + "a" * 129,
    "/?q=%00", "/?q=' OR 1=1 --", "/?q=\"", "/?q=NEAR(a b)", "/?outlet=%00", "/?q=%F0%9F%92%A5",
    "/api/v1/search?q=%00", "/api/v1/search?q=)(*", "/api/v1/stories?outlet='", "/api/v1/story/%C3%A9",
    "/api/v1/stories?date_from=0000-00-00", "/?page=99999999999999999999", "/static/", "/static/%2e%2e",
    "/article/", "/api/v1/article/" + "f" * 200,
])
def test_hostile_input_never_500(client: TestClient, url: str):
    r = client.get(url)
    assert r.status_code in (200, 404, 422), (url, r.status_code)


def test_search_snippet_marks_whole_words_first():
    from newsweave.web.views import search_snippet

    segs = search_snippet("Farmers counted the damage below the Calder Ridge Dam on Monday.", "dam")
    assert [t for t, hit in segs if hit] == ["Dam"]
    assert [t for t, hit in search_snippet("Two strikes closed the port.", "strike") if hit] == ["strikes"]


def test_a_near_duplicate_leads_to_its_story_by_outlet_search_and_article(tmp_path):
    from newsweave.model import Article
    from newsweave.store.sqlite import SQLiteStore

    a = Article.create("The harbour reopened on Tuesday after repairs, officials said.", "a.txt", outlet="Counted Post")
    b = Article.create("A copy of the harbour story, with a ferry paragraph another outlet added.", "b.txt",
                       outlet="Copy Herald", duplicate_of=a.id)
    c = Article.create("An article no story holds, about a ferry.", "c.txt", outlet="Loose Times")
    with SQLiteStore(tmp_path / "o.db") as st:
        st.put_articles([a, b, c])
        st.put_stories([{"id": "s1", "label": "Harbour", "article_ids": [a.id], "outlets": ["Counted Post"],
                         "duplicates": {b.id: a.id}}])
        assert st.outlets() == ["Copy Herald", "Counted Post"]  # not "Loose Times": no story to find
        assert [r["id"] for r in st.list_stories(outlet="Copy Herald")[0]] == ["s1"]
        assert [r["id"] for r in st.list_stories(query="ferry")[0]] == ["s1"]
        assert st.stories_for_articles([b.id, c.id]) == {b.id: "s1"}
    with TestClient(create_app(tmp_path / "o.db")) as c:
        page = c.get(f"/article/{b.id}").text
    assert 'href="/story/s1"' in page and "near-duplicate" in page


def test_a_page_past_the_last_says_so(client: TestClient):
    r = client.get("/?page=9")
    assert r.status_code == 200 and "No stories on page 9" in r.text and "No stories yet" not in r.text
    assert 'href="/?page=1"' in r.text or 'href="/"' in r.text


def test_head_is_answered_like_get_without_a_body(client: TestClient):
    for url in ("/", f"/story/{BRIDGE}", "/api/v1/stories"):
        r = client.head(url)
        assert r.status_code == 200 and r.content == b"", url
    assert client.head("/story/nope").status_code == 404


def test_pages_name_a_local_input_by_its_file_not_its_folders(tmp_path: Path, report_json: dict):
    from newsweave.web.render import input_name

    assert input_name("/home/ana/news/in/port.txt") == "port.txt"
    assert input_name("/data/dump.jsonl#L3") == "dump.jsonl#L3" and input_name(r"C:\news\a.html") == "a.html"
    assert input_name("https://news.example/a/b") == "https://news.example/a/b"
    arts = [{**a, "source": "/home/ana/private/in/" + a["source"]} for a in report_json["articles"]]
    db = tmp_path / "paths.db"
    with SQLiteStore(db) as st:
        st.put_articles(Article.from_json(a) for a in arts)
        st.put_stories(report_json["stories"])
    post = next(a for a in arts if a["source"].endswith("/post.txt"))
    with TestClient(create_app(db)) as c:
        t = c.get(f"/article/{post['id']}").text
    assert "/home/ana/private" not in t and "<dd>post.txt</dd>" in t


def test_a_reversed_date_range_says_so_and_offers_the_swap(client: TestClient):
    t = client.get("/", params={"date_from": "2026-04-01", "date_to": "2026-03-01"}).text
    assert "the From date (2026-04-01) is after the To date (2026-03-01)" in t
    assert 'href="/?date_from=2026-03-01&amp;date_to=2026-04-01"' in t
