"""Bad inputs found by a review of the readers (2026-12-04): each ends accepted or rejected with a
reason, and one bad item never costs the run or its neighbours."""

from __future__ import annotations

import gzip
import io
import json
import os

from ingest_helpers import BODY, BODY2, distinct_text


def test_deeply_nested_json_is_rejected_not_a_crash(tmp_path, run_ingest):
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "deep.jsonl").write_text(json.dumps({"text": BODY}) + "\n" + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "ok.txt").write_text(BODY2)
    res = run_ingest([tmp_path])
    assert res.reason("deep.json#item1") == "invalid JSON: nested too deeply"
    assert res.reason("deep.jsonl#L2") == "invalid JSON: nested too deeply"
    assert res.summary["accepted"] == 2


def test_lone_surrogate_in_json_text_is_replaced(tmp_path, run_ingest):
    (tmp_path / "s.jsonl").write_text(json.dumps({"text": BODY.replace("harbour", "harb\ud800our"),
                                                  "title": "Half an emoji \udc00"}) + "\n")
    res = run_ingest([tmp_path])
    (art,) = res.articles
    assert "harb\ufffdour" in art.text and art.title == "Half an emoji \ufffd"


def test_feed_with_a_surrogate_character_reference_keeps_its_entries(tmp_path, run_ingest):
    items = "".join(f"<item><title>Item {i}</title><description>{distinct_text(i)} &#55357;</description></item>"
                    for i in range(2))
    (tmp_path / "f.xml").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}"
                                    "</channel></rss>")
    res = run_ingest([tmp_path])
    assert res.summary["accepted"] == 2


def test_file_name_that_is_not_utf8(tmp_path, run_ingest):
    os.makedirs(tmp_path / "d")
    with open(os.path.join(os.fsencode(tmp_path / "d"), b"bad\xffname.txt"), "wb") as fh:
        fh.write(BODY.encode())
    res = run_ingest([tmp_path / "d"])
    assert res.status("bad\\xffname.txt")["status"] == "accepted"


def _warc(n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(n):
        body = f"<html><head><title>Page {i}</title></head><body><article><p>{distinct_text(i, 60)}</p></article></body></html>"
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://example.org/{i}", "response",
                                            payload=io.BytesIO(body.encode()), http_headers=hh))
    return buf.getvalue()


def test_gzipped_warc_cut_short_keeps_the_records_before_the_cut(tmp_path, run_ingest):
    two, three = _warc(2), _warc(3)
    (tmp_path / "crawl.warc.gz").write_bytes(three[: len(two) + (len(three) - len(two)) // 2])
    res = run_ingest([tmp_path])
    assert res.summary["accepted"] == 2
    assert res.reason("crawl.warc.gz#record3") == "WARC record cut short (the archive ends inside it)"


def test_json_array_longer_than_the_sniffed_head_and_a_cut_one(tmp_path, run_ingest):
    recs = [{"id": f"a{i}", "title": f"Story {i}", "text": distinct_text(i, 200)} for i in range(60)]
    assert len(json.dumps(recs)) > 64 * 1024
    (tmp_path / "big.json").write_text(json.dumps(recs))
    pretty = json.dumps([{"text": distinct_text(100 + i)} for i in range(3)], indent=2)
    (tmp_path / "cut").mkdir()
    (tmp_path / "cut" / "dump.json").write_text(pretty[:-60])
    res = run_ingest([tmp_path / "big.json"])
    assert res.summary["accepted"] == 60 and res.summary["inputs"] == 60
    cut = run_ingest([tmp_path / "cut"])
    assert cut.summary["accepted"] == 2
    assert cut.reason("dump.json#item3").startswith("invalid JSON") and "items before it are kept" in cut.reason(
        "dump.json#item3")


def test_records_wrapped_in_an_object(tmp_path, run_ingest):
    doc = {"status": "ok", "totalResults": 2, "articles": [
        {"title": "One", "content": distinct_text(1), "source": {"id": None, "name": "Daily Tide"}},
        {"title": "Two", "content": distinct_text(2), "source": {"id": None, "name": "Daily Tide"}}]}
    (tmp_path / "newsapi.json").write_text(json.dumps(doc, indent=2))
    res = run_ingest([tmp_path])
    assert sorted((a.title, a.outlet) for a in res.articles) == [("One", "Daily Tide"), ("Two", "Daily Tide")]


def test_jsonl_with_a_broken_first_line(tmp_path, run_ingest):
    lines = [json.dumps({"text": distinct_text(i)}) for i in range(3)]
    (tmp_path / "cut_front.jsonl").write_text(("\n".join(lines) + "\n")[30:])
    (tmp_path / "junk_first.log").write_text("this line is not JSON\n" + "\n".join(
        json.dumps({"text": distinct_text(i + 10)}) for i in range(3)) + "\n")
    res = run_ingest([tmp_path])
    assert res.reason("cut_front.jsonl#L1").startswith("invalid JSON")
    assert res.reason("junk_first.log#L1").startswith("invalid JSON")
    assert res.summary["accepted"] == 5
    (tmp_path / "cut_string.jsonl").write_text(lines[0] + '\n{"title": "Bridge", "text": "The bridge reopened')
    assert run_ingest([tmp_path / "cut_string.jsonl"]).reason("cut_string.jsonl#L2") == (
        "invalid JSON: Unterminated string starting at (column 29)")


def test_jsonl_in_other_encodings(tmp_path, run_ingest):
    (tmp_path / "latin1.jsonl").write_bytes((json.dumps({"text": BODY + " Café owners in Düsseldorf agreed."},
                                                        ensure_ascii=False) + "\n").encode("latin-1"))
    (tmp_path / "u16.jsonl").write_bytes(("\n".join(json.dumps({"text": distinct_text(i)}) for i in range(3))
                                          + "\n").encode("utf-16"))
    res = run_ingest([tmp_path])
    assert res.summary["inputs"] == 4 and res.summary["accepted"] == 4
    assert any("Café owners in Düsseldorf" in a.text for a in res.articles)


def test_utf16_without_bom_is_text(tmp_path, run_ingest):
    (tmp_path / "u16le.txt").write_bytes(BODY.encode("utf-16-le"))
    res = run_ingest([tmp_path])
    assert res.articles and res.articles[0].text.startswith("The harbour authority")


def test_chinese_and_japanese_are_counted_in_characters(tmp_path, run_ingest):
    zh = "港务局周二表示，北桥经过三周的维修后重新开放，交通在晚高峰时恢复正常，市议会承诺在月底前公布工程费用的完整报告。" * 2
    (tmp_path / "zh.txt").write_text(zh)
    assert run_ingest([tmp_path]).reason("zh.txt") == "not English (zh)"
    kept = run_ingest([tmp_path], languages=())
    assert kept.articles and kept.articles[0].language == "zh"


def test_symlinked_folders_followed_once_loops_reported(tmp_path, run_ingest):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "b.txt").write_text(BODY2)
    top = tmp_path / "in"
    top.mkdir()
    (top / "a.txt").write_text(BODY)
    (top / "linked").symlink_to(tmp_path / "real")
    (top / "again").symlink_to(tmp_path / "real")
    (top / "up").symlink_to(tmp_path)
    res = run_ingest([top])
    assert res.summary["accepted"] == 2
    assert res.reason("in/linked").startswith("symlinked folder already read")  # "again" comes first
    assert res.reason("in/up").startswith("symlinked folder not followed")
    (top / "deep" / "sub").mkdir(parents=True)
    (top / "deep" / "sub" / "back").symlink_to(top / "deep")  # a loop inside the tree, read from above it
    res = run_ingest([tmp_path / "in"])
    assert res.reason("in/deep/sub/back").endswith("(a loop)")


def test_feed_and_page_behind_a_long_comment(tmp_path, run_ingest):
    comment = "<!-- " + "generated by a chatty build system; " * 100 + "-->\n"
    items = "".join(f"<item><title>Item {i}</title><description>{distinct_text(i)}</description></item>"
                    for i in range(2))
    (tmp_path / "feed.xml").write_text("<?xml version='1.0'?>\n" + comment + f"<rss version='2.0'><channel>"
                                       f"<title>F</title>{items}</channel></rss>")
    (tmp_path / "page.html").write_text("<!-- " + "licence " * 1500 + "-->\n<!DOCTYPE html><html><head><title>B"
                                        f"</title></head><body><article><p>{BODY}</p></article></body></html>")
    res = run_ingest([tmp_path])
    assert res.status("feed.xml#entry1")["status"] == res.status("feed.xml#entry2")["status"] == "accepted"
    page = [a for a in res.articles if a.source.endswith("page.html")]
    assert page and "<" not in page[0].text


def test_precise_reasons_and_stage(tmp_path, run_ingest):
    (tmp_path / "types.jsonl").write_text(json.dumps({"text": 12345}) + "\n" + json.dumps({"text": {"b": "x"}}) + "\n")
    (tmp_path / "double.txt.gz").write_bytes(gzip.compress(gzip.compress(BODY.encode())))
    (tmp_path / "meta.jsonl").write_text(json.dumps({"text": BODY2, "title": {"a": 1}, "url": 123, "author": 5}) + "\n")
    res = run_ingest([tmp_path])
    assert res.reason("types.jsonl#L1") == "field 'text' is not text (int)"
    assert res.reason("types.jsonl#L2") == "field 'text' is not text (dict)"
    assert res.reason("double.txt.gz") == "compressed twice (gzip inside gzip): not read"
    assert res.status("double.txt.gz")["stage"] == "ingest"
    (art,) = res.articles
    assert art.title is None and art.url is None


def test_norwegian_is_not_taken_for_english(tmp_path, run_ingest):
    no = ("Fergemannskapene i Nordhavn gikk ut i streik mandag, og forbundet sier at streiken vil vare til "
          "selskapet har lagt fram et nytt tilbud. Det er ikke klart om noen ferger går i morgen, men kommunen "
          "har leid inn en båt for å frakte helsepersonell til øya etter at arbeidet stoppet for to dager siden.")
    (tmp_path / "norsk.txt").write_text(no)
    assert run_ingest([tmp_path]).reason("norsk.txt") == "not English (no)"


def test_headline_ending_in_a_quotation_is_the_title(tmp_path, run_ingest):
    (tmp_path / "q.txt").write_text('Coach Ellison: "We simply were not good enough"\n\n"We simply were not good '
                                    'enough tonight, and I take full responsibility," coach Dana Ellison said. ' + BODY)
    (art,) = run_ingest([tmp_path]).articles
    assert art.title == 'Coach Ellison: "We simply were not good enough"' and art.text.startswith('"We simply')


def test_jsonl_line_that_is_an_array_gives_each_record(tmp_path, run_ingest):
    lines = [json.dumps({"text": distinct_text(0)}),
             json.dumps([{"title": "Two", "text": distinct_text(1)}, {"text": distinct_text(2)}, 7]),
             json.dumps({"articles": [{"text": distinct_text(3)}]}), json.dumps([])]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    res = run_ingest([tmp_path / "mixed.jsonl"])
    assert res.summary["accepted"] == 4 and "Two" in {a.title for a in res.articles}
    assert res.reason("mixed.jsonl#L2.3") == "not a JSON object (int)"
    assert res.reason("mixed.jsonl#L4") == "empty JSON array"
    again = run_ingest([tmp_path / "mixed.jsonl"])  # idempotent: nothing new
    assert again.summary["accepted"] == 0
    (tmp_path / "first.jsonl").write_text("\n".join([lines[1], lines[0].replace("0", "9")]) + "\n")
    first = run_ingest([tmp_path / "first.jsonl"])  # an array on the first line is no JSON document
    assert first.reason("first.jsonl#L1.3") == "not a JSON object (int)"
