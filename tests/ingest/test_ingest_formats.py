"""Each input format: RSS, Atom, WARC, JSONL field mapping, Markdown, gzip, --fetch, sniffing."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
from pathlib import Path

import pytest
from ingest_helpers import BODY, BODY2

from newsweave.config import JsonlFields
from newsweave.ingest.sniff import sniff

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Courier</title><link>http://courier.test/</link>
<description>News</description>
<item><title>Bridge reopens</title><link>http://courier.test/bridge</link>
<author>jane@courier.test (Jane Doe)</author><pubDate>Tue, 06 Jun 2023 09:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p><p>Share this</p><script>alert(1)</script>]]></description></item>
<item><title>Harvest starts early</title><link>http://courier.test/harvest</link>
<pubDate>Wed, 07 Jun 2023 09:00:00 GMT</pubDate><description>{BODY2}</description></item>
<item><title>No body</title><link>http://courier.test/empty</link><description></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Post</title><id>urn:x</id>
<updated>2023-06-08T10:00:00Z</updated>
<entry><title>Bridge reopens</title><id>urn:1</id><link href="http://post.test/a"/>
<updated>2023-06-08T10:00:00Z</updated><author><name>John Roe (john@post.test)</name></author>
<summary>Short teaser only.</summary>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;&lt;p&gt;{BODY2}&lt;/p&gt;</content></entry>
</feed>"""

PAGE = f"""<!DOCTYPE html><html><head><title>Harvest starts early | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier"><meta name="author" content="Ann Smith">
<meta property="article:published_time" content="2023-06-07T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harvest starts early</h1><p>{BODY2}</p><p>{BODY}</p></article>
<footer>Copyright 2023 Valley Courier. All rights reserved.</footer></body></html>"""


def test_rss_entries_are_articles(tmp_path, run_ingest):
    (tmp_path / "feed.rss").write_text(RSS)
    res = run_ingest([tmp_path / "feed.rss"])
    arts = {a.title: a for a in res.articles}
    assert set(arts) == {"Bridge reopens", "Harvest starts early"}
    a = arts["Bridge reopens"]
    assert a.source.endswith("feed.rss#entry1") and a.url == "http://courier.test/bridge"
    assert a.published == "2023-06-06" and a.date_source == "metadata" and a.outlet == "Valley Courier"
    assert a.author == "Jane Doe"  # not "jane@courier.test (Jane Doe)"
    from newsweave.ingest.containers import _entry_author

    assert _entry_author({"author": "Jane Roe (Reuters)"}) == "Jane Roe (Reuters)"
    assert "<p>" not in a.text and "alert" not in a.text and "Share this" not in a.text
    assert res.reason("feed.rss#entry3") == "feed entry has no text"


def test_a_feed_title_names_its_outlet_without_the_section(tmp_path, run_ingest):
    (tmp_path / "feed.rss").write_text(RSS.replace("<title>Valley Courier</title>", "<title>Valley Courier - News</title>", 1))
    res = run_ingest([tmp_path / "feed.rss"])
    assert {a.outlet for a in res.articles} == {"Valley Courier"}
    from newsweave.ingest.containers import feed_outlet

    assert feed_outlet("BBC News - World") == "BBC News" and feed_outlet("The Guardian | World news") == "The Guardian"
    assert feed_outlet("Reuters - Fishing Industry") == "Reuters - Fishing Industry"  # both parts name something


def test_atom_full_content_preferred_over_summary(tmp_path, run_ingest):
    (tmp_path / "atom.xml").write_text(ATOM)
    res = run_ingest([tmp_path / "atom.xml"])
    (a,) = res.articles
    assert a.source.endswith("#entry1") and a.author == "John Roe" and a.published == "2023-06-08"
    assert "Short teaser" not in a.text and "apple harvest" in a.text
    assert a.text.count("\n\n") == 1  # two paragraphs


WORDPRESS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Courier</title><link>http://courier.test/</link><description>News</description>
<item><title>Bridge reopens</title><link>http://courier.test/bridge</link>
<pubDate>Tue, 06 Jun 2023 23:30:00 -0500</pubDate>
<description><![CDATA[<p>The bridge reopened. &#8230; <a href="http://courier.test/bridge">Continue reading
<span class="meta-nav">&#8594;</span></a></p>]]></description>
<content:encoded><![CDATA[<p>{BODY}</p>
<figure><img src="x.jpg"/><figcaption>The northern bridge at dawn</figcaption></figure>
<p>{BODY2}</p>
<p>The post <a href="http://courier.test/bridge">Bridge reopens</a> appeared first on
<a href="http://courier.test">Valley Courier</a>.</p>]]></content:encoded></item>
<item><title type="html">Harvest &lt;em&gt;starts&lt;/em&gt; early</title><guid>urn:uuid:7</guid>
<description><![CDATA[{BODY2} Traders expect prices to recover by the end of the summer season. [&#8230;]]]></description>
</item></channel></rss>"""


def test_wordpress_feed_chrome_captions_and_teaser_markers(tmp_path, run_ingest):
    (tmp_path / "feed.xml").write_text(WORDPRESS)
    res = run_ingest([tmp_path / "feed.xml"])
    arts = {a.title: a for a in res.articles}
    assert set(arts) == {"Bridge reopens", "Harvest starts early"}  # tags of an HTML title dropped
    a = arts["Bridge reopens"]
    assert a.published == "2023-06-06"  # the date as written, not 04:30 UTC the next day
    assert "appeared first on" not in a.text and "northern bridge at dawn" not in a.text
    assert a.text == f"{BODY}\n\n{BODY2}" and a.sections == []
    b = arts["Harvest starts early"]
    assert b.url is None  # a guid that is no web address is not the article's URL
    assert b.text.endswith("summer season.")  # "[&#8230;]" is neither kept nor left as an entity


def _warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for uri, ctype, body in [("http://courier.test/2023/06/07/harvest", "text/html; charset=utf-8", PAGE),
                                 ("http://courier.test/logo.png", "image/png", "\x89PNG")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()),
                                                http_headers=headers))
        w.write_record(w.create_warc_record("http://courier.test/", "request", payload=io.BytesIO(b"GET /")))
        w.write_record(w.create_revisit_record("http://courier.test/2023/06/07/harvest", "sha1:AAAA",
                                               "http://courier.test/2023/06/07/harvest", "2023-06-07T08:00:00Z"))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses(tmp_path, run_ingest, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, gz)
    res = run_ingest([path])
    (a,) = res.articles
    assert a.source == f"{path}#record1" and a.url == "http://courier.test/2023/06/07/harvest"
    assert a.title == "Harvest starts early" and a.outlet == "Valley Courier" and a.author == "Ann Smith"
    assert a.published == "2023-06-07" and a.date_source == "html"
    assert "Home" not in a.text and "Copyright" not in a.text and a.text.startswith("Farmers")
    assert res.reason("crawl.warc.gz#record2" if gz else "crawl.warc#record2").startswith("WARC record is not HTML")
    assert res.reason(f"{path.name}#record4").startswith("WARC revisit record")  # logged, not silently skipped


def test_jsonl_field_mapping(tmp_path, run_ingest):
    rows = [{"body": BODY, "headline": "Bridge reopens", "link": "http://x.test/1", "when": "2023-06-06T10:00:00",
             "by": "Jane Doe", "site": "Courier", "key": "a1"},
            {"headline": "no body here"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    fields = JsonlFields(text="body", title="headline", url="link", date="when", author="by", outlet="site", id="key")
    res = run_ingest([tmp_path / "dump.jsonl"], jsonl=fields)
    (a,) = res.articles
    assert (a.title, a.url, a.published, a.author, a.outlet) == (
        "Bridge reopens", "http://x.test/1", "2023-06-06", "Jane Doe", "Courier")
    assert a.meta["id"] == "a1" and a.source.endswith("dump.jsonl#L1")
    assert res.reason("dump.jsonl#L2") == "no text in field 'body'"


def test_jsonl_common_dump_formats_without_a_field_mapping(tmp_path, run_ingest):
    rows = [  # news-please, NewsAPI (outlet as an object, content cut off with "[+N chars]")
        {"maintext": BODY, "title": "Bridge reopens", "date_publish": "2023-06-06 09:00:00",
         "authors": ["Jane Doe", "John Roe"], "source_domain": "courier.test", "url": "https://courier.test/b"},
        {"source": {"id": None, "name": "Valley Courier"}, "author": "Ann Smith", "title": "Harvest starts early",
         "publishedAt": "2023-06-07T08:00:00Z", "content": BODY2[:-40] + "… [+2345 chars]"},
        {"headline": "no body here", "summary": "x"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    res = run_ingest([tmp_path / "dump.jsonl"])
    a, b = sorted(res.articles, key=lambda x: x.source)
    assert (a.text, a.published, a.author, a.outlet) == (BODY, "2023-06-06", "Jane Doe, John Roe", "courier.test")
    assert (b.published, b.outlet, b.author) == ("2023-06-07", "Valley Courier", "Ann Smith")
    assert "chars]" not in b.text and b.text.endswith("…")  # still reads as cut off
    assert res.reason("dump.jsonl#L3") == "no text in field 'text'"
    # a field the user names is used as named, with no fallback
    res = run_ingest([tmp_path / "dump.jsonl"], jsonl=JsonlFields(text="body"))
    assert not res.articles and res.reason("dump.jsonl#L1") == "no text in field 'body'"


def test_json_array_and_markdown_and_gzip(tmp_path, run_ingest):
    (tmp_path / "list.json").write_text(json.dumps([{"text": BODY}, {"text": BODY2}]))
    (tmp_path / "note.md").write_text(f"# Bridge reopens\n\n**{BODY}**\n\n## Costs\n\n[{BODY2}](http://x.test)\n")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.replace("Farmers", "Growers").encode()))
    res = run_ingest([tmp_path])
    srcs = {a.source.rsplit("/", 1)[-1]: a for a in res.articles}
    assert {"list.json#item1", "list.json#item2", "note.md", "page.html.gz"} == set(srcs)
    md = srcs["note.md"]
    assert md.title == "Bridge reopens" and "**" not in md.text and "](http" not in md.text
    assert md.sections == [{"title": "Costs", "offset": md.text.index("Farmers")}]
    assert srcs["page.html.gz"].title == "Harvest starts early"


def test_markdown_front_matter_is_metadata_not_text(tmp_path, run_ingest):
    (tmp_path / "bees.md").write_text(
        "---\ntitle: \"Bridge reopens\"\nauthor: Sofie Brandt\ndate: 2024-06-12\noutlet: Holm Weekly\n"
        f"tags: [bees, farming]\n---\n\n# Bridge reopens\n\n{BODY}\n\n{BODY2}\n")
    (a,) = run_ingest([tmp_path]).articles
    assert (a.title, a.author, a.outlet, a.published, a.date_source) == (
        "Bridge reopens", "Sofie Brandt", "Holm Weekly", "2024-06-12", "front matter")
    assert a.text.startswith(BODY[:40]) and "tags:" not in a.text and "---" not in a.text


def test_a_leading_block_without_front_matter_keys_is_text():
    from newsweave.clean.text import front_matter

    text = "---\nQ: Why did the council close the library?\nA: The roof leaks.\n---\n\nThe rest."
    assert front_matter(text) == ({}, text)


def test_markdown_inside_plain_text_is_read_as_markdown(tmp_path, run_ingest):
    # scrapers and feeds hand over Markdown as "text": bullets, quotes, links, emphasis, rules
    md = (f"## Bridge reopens\n\n**{BODY}**\n\n* {BODY2}\n> _It rained_ on the `opening`.\n\n---\n\n"
          "- Read [the council's notice](https://council.test/notice) for details of the new toll.")
    (tmp_path / "rows.jsonl").write_text(json.dumps({"title": "Bridge reopens", "text": md}) + "\n")
    (tmp_path / "scraped.txt").write_text(md)
    res = run_ingest([tmp_path])
    for a in res.articles:
        assert a.text == (f"{BODY}\n\n{BODY2}\n\nIt rained on the opening.\n\n"
                          "Read the council's notice for details of the new toll."), a.source
    # plain text that merely contains one of those marks is left as written
    plain = f"{BODY} Fans wrote #bridge and *** on the wall.\n\n- {BODY2}"
    (tmp_path / "rows.jsonl").write_text(json.dumps({"text": plain}) + "\n")
    (tmp_path / "scraped.txt").unlink()
    assert run_ingest([tmp_path / "rows.jsonl"]).articles[0].text == plain


def test_unclosed_markdown_bold_costs_linear_time():
    import time

    from newsweave.clean import clean_text

    line = "A **short** story. " + "Rating: 5**a**b and __a loose mark " * 2000
    t0 = time.perf_counter()
    clean_text(line, markdown=True)
    assert time.perf_counter() - t0 < 2.0  # was quadratic in the line's length (3 s here, 0.1 s now)


def test_unclosed_or_nested_markdown_links_cost_linear_time():
    import time

    from newsweave.clean import clean_text

    # an unclosed link URL was exponential in its length (40 characters: minutes); many "[x](" quadratic;
    # links nested in link text took one pass per level
    cases = ["See [the notice](http://council.test/" + "a" * 40 + " for details. " * 3,
             "See [the notice](https://x.test/) and [the map](https://y.test/). " + "[a](" * 20_000,
             "[" * 3000 + "x" + "](https://z.test/)" * 3000]
    for line in cases:
        t0 = time.perf_counter()
        clean_text(line, markdown=True)
        assert time.perf_counter() - t0 < 2.0, line[:60]
    from newsweave.clean.text import looks_markdown

    for line in ["[a](/" * 20_000, "[a](http://x" * 8_000]:  # the Markdown check on every plain-text article
        t0 = time.perf_counter()
        looks_markdown(line)
        assert time.perf_counter() - t0 < 1.0  # was quadratic: 10 s on the first
    assert clean_text("See [the [council](https://c.test/) notice](https://n.test/) now.",
                      markdown=True)[0] == "See the council notice now."


def test_extension_is_not_trusted(tmp_path, run_ingest):
    (tmp_path / "page.txt").write_text(PAGE)  # HTML in a .txt file
    (tmp_path / "rows.dat").write_text(json.dumps({"text": BODY, "title": "T1"}) + "\n"
                                       + json.dumps({"text": BODY2, "title": "T2"}) + "\n")
    (tmp_path / "story.html").write_text(BODY + " It rained.")  # plain text in a .html file
    res = run_ingest([tmp_path])
    srcs = {a.source.rsplit("/", 1)[-1]: a for a in res.articles}
    assert set(srcs) == {"page.txt", "rows.dat#L1", "rows.dat#L2", "story.html"}
    assert "<" not in srcs["page.txt"].text and srcs["page.txt"].title == "Harvest starts early"


def test_sniff_classes():
    assert sniff(b"\x1f\x8b\x08\x00") == "gzip"
    assert sniff(b"WARC/1.1\r\nWARC-Type: warcinfo") == "warc"
    assert sniff(b"%PDF-1.7 ...").startswith("binary")
    assert sniff(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rss version="2.0">') == "feed"
    assert sniff(b"  <!doctype html><html>") == "html"
    assert sniff(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff(b"Plain words only.\n") == "text"
    assert sniff(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>') == "xml"
    assert sniff(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x.test/</loc></url></urlset>') == "xml"
    assert sniff(b"<b>Bold</b> start of a plain note") == "text"
    assert sniff("Grüße aus Köln".encode("utf-16")) == "text"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        if self.path == "/page":
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/feed":
            body = RSS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
        elif self.path == "/big":
            body = b"x" * 5000
            self.send_response(200)
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_fetch_against_local_server(server, run_ingest):
    urls = (f"{server}/page", f"{server}/feed", f"{server}/missing", "ftp://x.test/a", "http://127.0.0.1:9/x")
    res = run_ingest([], urls=urls, fetch_timeout=3)
    page = [a for a in res.articles if a.source == f"{server}/page"]
    assert page and page[0].title == "Harvest starts early" and page[0].url == f"{server}/page"
    assert any(a.source == f"{server}/feed#entry1" for a in res.articles)
    assert res.reason("/missing") == "HTTP 404 Not Found"
    assert res.reason("ftp://x.test/a").startswith("unsupported URL scheme")
    assert res.reason("127.0.0.1:9/x").startswith("fetch failed")


def test_fetch_size_cap(server, run_ingest):
    res = run_ingest([], urls=(f"{server}/big",), max_file_bytes=1000)
    assert res.reason("/big").startswith("file too large")


@pytest.mark.parametrize("gz", [False, True])
def test_cut_or_malformed_warc_is_rejected_not_a_crash(tmp_path, run_ingest, gz):
    whole = tmp_path / "whole.warc"
    _warc(whole, gz)
    data = whole.read_bytes()
    whole.unlink()
    cuts = sorted({len(data) * k // 23 for k in range(1, 23)} | {len(data) - 1})
    for i, cut in enumerate(cuts):
        (tmp_path / f"cut{i:02d}.warc").write_bytes(data[:cut])
    (tmp_path / "headers_only.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n")  # crashed warcio
    res = run_ingest([tmp_path])
    inputs = {r["input"].rsplit("#", 1)[0] for r in res.log}
    assert len(inputs) == len(cuts) + 1  # every file accounted for in the store's ingest log
    assert res.reason("headers_only.warc").startswith("invalid WARC")
    assert all(r["status"] in ("accepted", "duplicate", "rejected") for r in res.log)


def test_feed_with_garbled_encoding_declaration_is_read(tmp_path, run_ingest):
    # feedparser raises UnicodeDecodeError on a non-UTF-8 byte inside the XML declaration
    data = RSS.encode().replace(b'encoding="UTF-8"', b'encoding="U\xe6F-8"')
    (tmp_path / "feed.xml").write_bytes(data)
    res = run_ingest([tmp_path / "feed.xml"])
    assert {a.title for a in res.articles} == {"Bridge reopens", "Harvest starts early"}
    assert res.reason("feed.xml#entry3") == "feed entry has no text"


def test_generic_site_name_is_no_outlet(tmp_path, run_ingest):
    (tmp_path / "ap.html").write_text(PAGE.replace('content="Valley Courier"', 'content="Hosted"'))
    (a,) = run_ingest([tmp_path / "ap.html"]).articles
    assert a.outlet != "Hosted"  # AP's syndication pages call every site "Hosted"


def test_a_date_found_in_the_body_is_marked_as_such(tmp_path, run_ingest):
    body = ("The harbour authority said the northern bridge, closed since March 3, 2026, reopened to traffic "
            "after three weeks of repairs, and that the city council would publish the full cost of the work.")
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "b.txt").write_text("Published: March 24, 2026\n\n" + body.replace("northern", "southern"))
    res = run_ingest([tmp_path])
    arts = {x.source.rsplit("/", 1)[-1]: x for x in res.articles}
    assert arts["a.txt"].published == "2026-03-03" and arts["a.txt"].meta.get("date_from_body") is True
    assert arts["b.txt"].published == "2026-03-24" and "date_from_body" not in arts["b.txt"].meta


def test_a_wire_dateline_dates_the_writing(tmp_path, run_ingest):
    (tmp_path / "h.txt").write_text("OSTRUM, 9 October 2026 — The investigation office said on Thursday that the "
                                    "ferry's chart was out of date when it grounded on Sunday, and that its final "
                                    "report would follow next year after interviews with the crew.")
    (a,) = run_ingest([tmp_path]).articles
    assert (a.published, a.date_source) == ("2026-10-09", "text") and "date_from_body" not in a.meta
    from newsweave.analyze.timeline import reference_dates
    from newsweave.model import Story

    ref = reference_dates(Story("s", "", [a]))[a.id]
    assert ref.mode == "past"  # so "grounded on Sunday" is the Sunday before (10-04), not the one after


def test_a_historical_date_in_the_body_is_no_publication_date(tmp_path, run_ingest):
    body = ("The Korvald Bridge, which opened on June 12, 1987, fell into the Linnet River on Monday, and "
            "engineers who had inspected it every year since 2019 said the cracks were new to them.")
    (tmp_path / "a.txt").write_text(body)
    (a,) = run_ingest([tmp_path]).articles
    assert a.published is None and a.date_source == "none"
    (tmp_path / "a.txt").write_text("The council met on March 5, 2024 and approved the 2025 budget after a long "
                                    "debate about the harbour, the bridge and the new school in the east of town.")
    (b,) = run_ingest([tmp_path]).articles  # "the 2025 budget" is a label, not a year that has been
    assert b.published == "2024-03-05"


def test_a_bare_year_in_a_page_is_no_publication_date(tmp_path, run_ingest):
    html = ("<html><head><title>Tram line extension approved</title></head><body><article>"
            "<h1>Tram line extension approved</h1><p>" + BODY + "</p><p>Even by 2019 standards the old depot "
            "was small, the transport committee said, and the new line should open in late 2026.</p>"
            "</article></body></html>")
    (tmp_path / "p.html").write_text(html)
    (a,) = run_ingest([tmp_path]).articles
    assert a.published is None


def test_jsonl_unix_time_dates(tmp_path, run_ingest):
    rows = [{"text": BODY, "published": 1728900000}, {"text": BODY2, "timestamp": "1729000000000"}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    arts = sorted(run_ingest([tmp_path / "d.jsonl"]).articles, key=lambda x: x.source)
    assert [a.published for a in arts] == ["2024-10-14", "2024-10-15"]


def test_canonical_url_date_wins_over_a_utc_timestamp_under_a_dateless_address():
    # 23:03 in California is 07:03 UTC the next day; the outlet's own URL carries its local day
    from newsweave.clean.html import extract_page

    html = PAGE.replace('content="2023-06-07T08:00:00Z"', 'content="2023-06-08T07:03:25+00:00"').replace(
        "</head>", '<link rel="canonical" href="https://courier.test/2023/06/07/harvest/"></head>')
    assert extract_page(html, "https://mirror.test/a?id=7").date == "2023-06-07"
    assert extract_page(html, "https://mirror.test/2023/06/09/a").date == "2023-06-09"  # a dated address decides
