"""--allow-ingest: uploads with size, type and origin limits; nothing from the request names a path."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.web import create_app
from newsweave.web.upload import safe_name

ARTICLE = ("Ferry services across the Tamber estuary were suspended on Thursday after a storm damaged the "
           "main pier, the harbour authority said. Repairs are expected to take two weeks, and passengers "
           "have been advised to use the coastal road bridge instead while divers inspect the pilings.\n")


@pytest.fixture()
def up(tmp_path: Path):
    app = create_app(tmp_path / "new.db", allow_ingest=True, max_upload_bytes=4000)  # creates the store
    with TestClient(app) as c:
        yield c


def test_upload_ingests_and_the_reader_sees_it(up: TestClient, tmp_path: Path):
    r = up.post("/api/v1/ingest?analyze=false", files={"file": ("../../ferry news.txt", ARTICLE.encode())})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["run"]["accepted"] == 1 and len(body["article_ids"]) == 1
    aid = body["article_ids"][0]
    art = up.get(f"/api/v1/article/{aid}").json()  # read-only connections see the new row
    assert art["text"].startswith("Ferry services") and ".." not in art["source"]
    assert art["source"].endswith("ferry_news.txt")
    assert not (tmp_path.parent / "ferry news.txt").exists()
    again = up.post("/api/v1/ingest?analyze=false", files={"file": ("ferry.txt", ARTICLE.encode())}).json()
    assert again["run"]["duplicates"] == 1 and again["run"]["accepted"] == 0


def test_upload_form_page_and_html_post(up: TestClient):
    form = up.get("/upload")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    assert 'href="/upload"' in up.get("/").text
    r = up.post("/upload", files={"file": ("ferry.md", ARTICLE.encode())})  # analyze box unticked
    assert r.status_code == 200 and "<strong>1</strong> accepted" in r.text


@pytest.mark.parametrize(("name", "data", "code"), [
    ("big.txt", b"word " * 2000, 413),
    ("tool.exe", b"MZ\x90\x00", 415),
    ("noext", b"text", 415),
    ("binary.txt", b"abc\x00\x01\x02", 415),
    ("fake.warc", b"<html>not warc</html>", 415),
    ("empty.txt", b"", 422),
])
def test_upload_limits(up: TestClient, name: str, data: bytes, code: int):
    r = up.post("/api/v1/ingest?analyze=false", files={"file": (name, data)})
    assert r.status_code == code, r.text
    assert r.headers["content-type"] == "application/json"
    h = up.post("/upload", files={"file": (name, data)})
    assert h.status_code == code and h.headers["content-type"].startswith("text/html")


def test_cross_site_upload_is_refused(up: TestClient):
    files = {"file": ("a.txt", ARTICLE.encode())}
    assert up.post("/api/v1/ingest", files=files, headers={"Origin": "https://evil.example"}).status_code == 403
    assert up.post("/upload", files=files, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_safe_name():
    assert safe_name("../../etc/passwd.txt") == ("passwd.txt", ".txt")
    assert safe_name("C:\\x\\My File (1).HTML") == ("My_File_1.html", ".html")
    assert safe_name("crawl.warc.gz") == ("crawl.warc.gz", ".warc.gz")
    assert safe_name(".txt")[0] == "upload.txt"


@pytest.mark.slow
def test_upload_with_analysis_builds_a_story(up: TestClient):
    """The default form path: ingest + cluster + every story stage (loads the models: slow)."""
    doc = ARTICLE + "\n" + ("The authority said the damaged section of the pier would be rebuilt in steel. "
                           "Local businesses on the waterfront said they expected fewer visitors this month.\n")
    r = up.post("/api/v1/ingest", files={"file": ("ferry.txt", doc.encode())})
    assert r.status_code == 200, r.text
    sid = r.json()["stories"][0]
    story = up.get(f"/api/v1/story/{sid}").json()
    assert story["article_ids"] == r.json()["article_ids"]
    assert up.get(f"/story/{sid}").status_code == 200


def test_same_origin_form_post_with_a_null_origin_is_accepted(up: TestClient):
    """Chromium posts the app's own form with ``Origin: null`` under a strict referrer policy;
    ``Sec-Fetch-Site: same-origin`` vouches for it. A bare null origin is still refused."""
    files = {"file": ("a.txt", ARTICLE.encode())}
    ok = up.post("/upload", files=files, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 200, ok.text
    assert up.post("/upload", files=files, headers={"Origin": "null"}).status_code == 403
    assert up.get("/").headers["referrer-policy"] == "same-origin"


def test_second_upload_joins_the_story_of_the_first(up: TestClient):
    """With analysis on, an upload is ingested (joining a stored story incrementally) and then that
    story is analysed: a second report of the same event does not open a story of its own."""
    first = ARTICLE + "\nDivers began inspecting the pilings of the Tamber estuary pier on Friday morning.\n"
    second = ("The Tamber estuary ferry stayed in port on Thursday after the storm damaged the main pier, "
              "the harbour authority said. Divers will inspect the pilings, and repairs are expected to take "
              "two weeks; passengers should use the coastal road bridge meanwhile.\n")
    r1 = up.post("/api/v1/ingest", files={"file": ("one.txt", first.encode())}).json()
    r2 = up.post("/api/v1/ingest", files={"file": ("two.txt", second.encode())}).json()
    assert r1["stories"] == r2["stories"] and len(r2["stories"]) == 1
    story = up.get(f"/api/v1/story/{r2['stories'][0]}").json()
    assert sorted(story["article_ids"]) == sorted(r1["article_ids"] + r2["article_ids"])
    assert story["summary"]
