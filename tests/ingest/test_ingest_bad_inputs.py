"""Every bad input of issue 3 ends as accepted, duplicate or rejected-with-reason; nothing crashes."""

from __future__ import annotations

import json
import os
import time

from ingest_helpers import BODY, BODY2, distinct_text


def test_empty_file(tmp_path, run_ingest):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n")
    res = run_ingest([tmp_path / "empty.txt", tmp_path / "blank.txt"])
    assert res.reason("empty.txt") == "empty"
    assert res.reason("blank.txt") == "empty"


def test_binary_file_rejected_whatever_its_extension(tmp_path, run_ingest):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (tmp_path / "blob.html").write_bytes(bytes(range(256)) * 20)
    res = run_ingest([tmp_path])
    assert res.reason("photo.txt").startswith("binary file")
    assert res.reason("blob.html").startswith("binary file")


def test_latin1_and_cp1252_text_decoded(tmp_path, run_ingest):
    text = BODY.replace("harbour", "café") + " Le maire a dit: « très bien », naïve señor."
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(("“Quoted” " + BODY2 + " – dash").encode("cp1252"))
    res = run_ingest([tmp_path])
    texts = {a.source.rsplit("/", 1)[-1]: a for a in res.articles}
    assert "café" in texts["latin1.txt"].text and "naïve señor" in texts["latin1.txt"].text
    assert "“Quoted”" in texts["cp1252.txt"].text and "– dash" in texts["cp1252.txt"].text
    assert texts["latin1.txt"].meta.get("encoding") == "cp1252"


def test_utf8_page_with_latin1_paragraphs_is_read_without_mojibake(tmp_path, run_ingest):
    head = ("<html><head><meta charset=\"utf-8\"><title>Café owners protest – “enough is enough”</title></head>"
            "<body><article><h1>Café owners protest – “enough is enough”</h1>").encode()
    body = (f"<p>{BODY.replace('harbour', 'café')}</p><p>René Aubert, who runs two cafés, said the rent had "
            f"doubled since the market hall reopened and that three of his neighbours had closed.</p>"
            ).encode("latin-1")
    (tmp_path / "mixed.html").write_bytes(head + body + b"</article></body></html>")
    (a,) = run_ingest([tmp_path]).articles
    assert "René Aubert" in a.text and "cafés" in a.text and a.title.startswith("Café owners protest –")


def test_invalid_utf8_garbage_rejected(tmp_path, run_ingest):
    rnd = bytes(b for b in os.urandom(6000) if b >= 0x80 or b in (0x7f,))
    (tmp_path / "garbage.txt").write_bytes(b"ab " + rnd[:4000])
    res = run_ingest([tmp_path / "garbage.txt"])
    reason = res.reason("garbage.txt")
    assert "undecodable" in reason or "binary" in reason


def test_truncated_html_still_extracted(tmp_path, run_ingest):
    html = (f"<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Bridge reopens</h1><p>{BODY}</p><p>{BODY2}</p><p>The mayor said the wo")
    (tmp_path / "cut.html").write_text(html)
    res = run_ingest([tmp_path / "cut.html"])
    assert res.status("cut.html")["status"] == "accepted"
    art = res.articles[0]
    assert "reopened the northern bridge" in art.text and "Home | News" not in art.text


def test_jsonl_with_one_broken_line_keeps_the_good_ones(tmp_path, run_ingest):
    lines = [json.dumps({"text": distinct_text(i), "title": f"Item {i}"}) for i in range(1, 7)]
    lines[2] = '{"text": "broken, "title": '
    (tmp_path / "arts.jsonl").write_text("\n".join(lines) + "\n")
    res = run_ingest([tmp_path / "arts.jsonl"])
    assert res.summary["accepted"] == 5
    assert res.reason("arts.jsonl#L3").startswith("invalid JSON")
    assert sorted(a.title for a in res.articles) == [f"Item {i}" for i in (1, 2, 4, 5, 6)]
    assert {r["input"].rsplit("#", 1)[1] for r in res.log} == {f"L{i}" for i in range(1, 7)}


def test_empty_feed(tmp_path, run_ingest):
    (tmp_path / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                                       "<link>http://x.test/</link><description>d</description></channel></rss>")
    res = run_ingest([tmp_path / "feed.xml"])
    assert res.reason("feed.xml").startswith("feed has no entries")


def test_large_file_rejected_without_reading_it(tmp_path, run_ingest):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse 50 MB file: instant to create
        fh.truncate(50 * 1024 * 1024)
    t0 = time.perf_counter()
    res = run_ingest([big], max_file_bytes=10 * 1024 * 1024)
    assert res.reason("big.txt") == f"file too large: {50 * 1024 * 1024} bytes (limit {10 * 1024 * 1024})"
    # under the default 64 MiB limit the same file is sniffed from its first bytes only: binary (NULs)
    res2 = run_ingest([big])
    assert res2.reason("big.txt").startswith("binary file")
    text = tmp_path / "text.txt"  # 50 MB of real text under the file limit: one article far too long
    text.write_bytes((BODY + "\n\n").encode() * (50 * 1024 * 1024 // (len(BODY) + 2)))
    res3 = run_ingest([text])
    assert res3.reason("text.txt").startswith("text too long")
    assert time.perf_counter() - t0 < 10


def test_unreadable_directory_and_file(tmp_path, run_ingest):
    d = tmp_path / "locked"
    d.mkdir()
    (d / "a.txt").write_text(BODY)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    d.chmod(0)
    try:
        root_can_read = os.access(d, os.R_OK | os.X_OK)  # root ignores permission bits
        res = run_ingest([tmp_path])
    finally:
        d.chmod(0o755)
    assert res.reason("dangling.txt").startswith("unreadable")
    assert res.reason("pipe.txt") == "not a regular file"
    if root_can_read:
        # running as root: chmod 000 cannot block reading, so the file is simply ingested
        assert res.status("a.txt")["status"] == "accepted"
    else:
        assert res.reason("locked").startswith("unreadable directory")


def test_path_that_does_not_exist(tmp_path, run_ingest):
    res = run_ingest([tmp_path / "nope", tmp_path / "nope.txt"])
    assert res.reason("nope") == "path does not exist"
    assert res.reason("nope.txt") == "path does not exist"
    assert res.summary["inputs"] == 2


def test_same_folder_twice_second_time_all_duplicates(tmp_path, run_ingest):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(BODY)
    (d / "b.txt").write_text(BODY2)
    first = run_ingest([d])
    assert first.summary["accepted"] == 2
    second = run_ingest([d])
    assert second.summary["accepted"] == 0 and second.summary["duplicates"] == 2
    assert {r["status"] for r in second.log} == {"duplicate"}
    assert sorted(a.id for a in second.articles) == sorted(a.id for a in first.articles)


def test_too_short_and_non_english(tmp_path, run_ingest):
    (tmp_path / "short.txt").write_text("Just a few words here.")
    fr = ("Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs "
          "touchés par la sécheresse, qui dure depuis le début du mois de juin dans le sud du pays et "
          "qui a déjà détruit une partie des récoltes.")
    (tmp_path / "fr.txt").write_text(fr)
    # Devanagari vowel signs are combining marks and "।" is punctuation: text, not "control characters"
    hi = ("भारतीय अंतरिक्ष अनुसंधान संगठन के प्रमुख ने बुधवार को बताया कि सरकार ने मिशन को मंजूरी दे दी है। "
          "परियोजना पर काम जारी है और इसमें केवल लैंडर और रोवर होंगे। ") * 2 + (
          "\n\nSpace agency chief: we have made good progress on the mission, and the orbiter is still working, "
          "and it will keep producing science data for the next seven years, officials said on Tuesday night.")
    (tmp_path / "hi.txt").write_text(hi, encoding="utf-8")
    res = run_ingest([tmp_path])
    assert res.reason("short.txt").startswith("too short")
    assert res.reason("fr.txt") == "not English (fr)"
    assert res.reason("hi.txt") == "not English (hi)"
    kept = run_ingest([tmp_path / "fr.txt"], languages=())
    assert kept.articles[0].language == "fr"


def test_every_input_is_logged_once(tmp_path, run_ingest):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "copy.txt").write_text(BODY)
    (tmp_path / "empty.md").write_text("")
    res = run_ingest([tmp_path, tmp_path / "missing"])
    assert res.summary["inputs"] == len(res.log) == 4
    assert sorted(r["status"] for r in res.log) == ["accepted", "duplicate", "rejected", "rejected"]


def test_store_files_inside_the_folder_are_not_inputs(tmp_path):
    from newsweave.api import ingest
    from newsweave.config import Config

    (tmp_path / "a.txt").write_text(BODY)
    ctx, _ = ingest([tmp_path], config=Config(db=str(tmp_path / "newsweave.db")))
    ctx2, _ = ingest([tmp_path], config=Config(db=str(tmp_path / "newsweave.db")))
    assert [r.input for r in ctx2.records] == [str(tmp_path / "a.txt")]
    assert ctx2.summary().duplicates == 1
