"""Web fixtures: a hand-built story with every analysis list filled (valid spans, built with the
model classes from real article texts), an XSS story, a store holding both, and a live server."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.model import (
    Article,
    Contradiction,
    Entity,
    Fact,
    Quote,
    Report,
    ReuseLink,
    RunSummary,
    Span,
    Story,
    SummarySentence,
    TimelineEntry,
)
from newsweave.report.validate import validate_report
from newsweave.store.sqlite import SQLiteStore

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

TEXT_A = (
    "The Kessel Bridge reopened to traffic on Monday after eleven weeks of repairs, city officials said.\n\n"
    "Mayor Ilse Varga said the repairs cost 4.2 million euros. \"We promised the bridge by spring and we kept "
    "that promise,\" Varga told reporters at the ribbon-cutting.\n\n"
    "The bridge was closed on 18 December after inspectors found cracks in two support beams. "
    "About 30,000 vehicles cross it every day.")
TEXT_B = (
    "The Kessel Bridge reopened to traffic on Monday after eleven weeks of repairs, city officials said.\n\n"
    "The repairs cost 3.9 million euros, according to the city's transport department. Mayor Varga called "
    "the reopening \"a promise kept\".\n\n"
    "Inspectors had closed the bridge on 18 December. Engineer Tomas Reif of the transport department said "
    "the new beams would last fifty years.")
TEXT_C = (
    "Traffic returned to the Kessel Bridge on Tuesday, ending a closure that began in December.\n\n"
    "Ilse Varga, the city's mayor, said: \"We promised the bridge by spring and we kept that promise.\"\n\n"
    "Tomas Reif said the new steel beams would last fifty years. Commuters welcomed the news.")
XSS_TEXT = (
    "Council notice <script>window.__xss=1</script> was posted on the door of the town hall.\n\n"
    "A second line carried <img src=x onerror=\"window.__xss=2\"> as its caption. "
    "Readers were told to <a href=\"javascript:window.__xss=3\">click here</a> for the minutes.\n\n"
    "The clerk said the notice </script><script>window.__xss=4</script> would stay up all week.")

_SENT = re.compile(r"\S[^\n]*?(?:[.!?][\"”]?(?=\s|$)|$)", re.M)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group().strip()]


def art(text: str, source: str, **kw: object) -> Article:
    a = Article.create(text, source, **kw)
    a.sentences = sentences(text)
    return a


def sp(a: Article, phrase: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``phrase`` in ``a`` (fails loudly if absent)."""
    i = -1
    for _ in range(nth + 1):
        i = a.text.find(phrase, i + 1)
        assert i >= 0, f"{phrase!r} not in {a.source}"
    return a.span(i, i + len(phrase))


def bridge_story() -> tuple[Story, list[Article]]:
    a = art(TEXT_A, "ledger.txt", outlet="Northbay Ledger", title="Kessel Bridge reopens after repairs",
            author="Mira Holt", published="2024-03-04", date_source="metadata", url="https://ledger.example/bridge")
    b = art(TEXT_B, "post.txt", outlet="Riverside Post", title="Bridge back in service", published="2024-03-05",
            date_source="metadata")
    c = art(TEXT_C, "wire.txt", outlet="Valley Wire", title="Traffic returns to Kessel Bridge",
            published="2024-03-04", date_source="text")
    lead = "The Kessel Bridge reopened to traffic on Monday after eleven weeks of repairs, city officials said."
    varga_q = "We promised the bridge by spring and we kept that promise"
    s = Story(id="sbridge0001", label="Kessel Bridge reopens after eleven weeks of repairs", articles=[a, b, c],
              wire_groups=[[a.id, b.id]])
    s.reuse = [ReuseLink(sp(a, lead), sp(b, lead), "exact", 1.0),
               ReuseLink(sp(a, "The bridge was closed on 18 December after inspectors found cracks in two support beams."),
                         sp(b, "Inspectors had closed the bridge on 18 December."), "paraphrase", 0.81)]
    s.entities = [
        Entity("e1", "Ilse Varga", "PERSON", ["Ilse Varga", "Varga", "Mayor Varga"],
               [sp(a, "Ilse Varga"), sp(a, "Varga", 1), sp(b, "Mayor Varga"), sp(c, "Ilse Varga")],
               [a.id, b.id, c.id], role="Mayor"),
        Entity("e2", "Tomas Reif", "PERSON", ["Tomas Reif"], [sp(b, "Tomas Reif"), sp(c, "Tomas Reif")],
               [b.id, c.id], role="Engineer"),
        Entity("e3", "Kessel Bridge", "FAC", ["Kessel Bridge"], [sp(a, "Kessel Bridge"), sp(c, "Kessel Bridge")],
               [a.id, c.id]),
        Entity("e4", "transport department", "ORG", ["transport department"], [sp(b, "transport department")],
               [b.id]),
    ]
    s.quotes = [
        Quote("q1", "Ilse Varga", "e1", [sp(a, varga_q), sp(c, varga_q)],
              [sp(a, "Varga told reporters at the ribbon-cutting"), sp(c, "Ilse Varga, the city's mayor, said")],
              [a.id, c.id]),
        Quote("q2", "Ilse Varga", "e1", [sp(b, "a promise kept")], [sp(b, "Mayor Varga called the reopening")], [b.id]),
        Quote("q3", "Tomas Reif", "e2", [sp(c, "the new steel beams would last fifty years")],
              [sp(c, "Tomas Reif said")], [c.id], marked=False),
    ]
    s.timeline = [
        TimelineEntry("2023-12-18", "day", [sp(a, "The bridge was closed on 18 December after inspectors found "
                                                  "cracks in two support beams."),
                                            sp(b, "Inspectors had closed the bridge on 18 December.")],
                      [sp(a, "18 December"), sp(b, "18 December")], [a.id, b.id]),
        TimelineEntry("2024-03-04", "day", [sp(a, lead)], [sp(a, "on Monday")], [a.id, b.id]),
        TimelineEntry("2024-03", "month", [sp(c, "Traffic returned to the Kessel Bridge on Tuesday, ending a "
                                                 "closure that began in December.")], [sp(c, "on Tuesday")], [c.id]),
    ]
    s.facts = [
        Fact("f1", lead, [sp(a, lead), sp(b, lead), sp(c, "Traffic returned to the Kessel Bridge on Tuesday")],
             [a.id, b.id, c.id], 2),
        Fact("f2", "Inspectors had closed the bridge on 18 December.",
             [sp(b, "Inspectors had closed the bridge on 18 December."), sp(a, "The bridge was closed on 18 December")],
             [a.id, b.id], 1),
        Fact("f3", "Tomas Reif said the new steel beams would last fifty years.",
             [sp(c, "Tomas Reif said the new steel beams would last fifty years."),
              sp(b, "the new beams would last fifty years")], [b.id, c.id], 2),
        Fact("f4", "About 30,000 vehicles cross it every day.", [sp(a, "About 30,000 vehicles cross it every day.")],
             [a.id], 1, single_source=True),
    ]
    s.contradictions = [
        Contradiction("number", "cost of the repairs",
                      [sp(a, "Mayor Ilse Varga said the repairs cost 4.2 million euros."),
                       sp(b, "The repairs cost 3.9 million euros, according to the city's transport department.")],
                      ["4.2 million euros", "3.9 million euros"], 0.93),
        Contradiction("weekday", "day the bridge reopened",
                      [sp(a, lead), sp(c, "Traffic returned to the Kessel Bridge on Tuesday")], ["Monday", "Tuesday"]),
    ]
    s.summary = [
        SummarySentence(lead, [sp(a, lead), sp(b, lead), sp(c, "Traffic returned to the Kessel Bridge on Tuesday")],
                        [1.0, 1.0, 0.7], 2),
        SummarySentence("Mayor Ilse Varga said the repairs cost 4.2 million euros.",
                        [sp(a, "Mayor Ilse Varga said the repairs cost 4.2 million euros.")], [1.0], 1),
        SummarySentence("Tomas Reif said the new steel beams would last fifty years.",
                        [sp(c, "Tomas Reif said the new steel beams would last fifty years."),
                         sp(b, "Engineer Tomas Reif of the transport department said the new beams would last fifty years.")],
                        [1.0, 0.88], 2),
    ]
    return s, [a, b, c]


def xss_story() -> tuple[Story, list[Article]]:
    d = art(XSS_TEXT, "evil.html", outlet="<b>Evil</b> Gazette", title="<script>window.__xss=5</script>Notice",
            published="2024-03-06", url="javascript:window.__xss=6")
    s = Story(id="sxss000001", label="<img src=x onerror=\"window.__xss=7\"> town hall notice", articles=[d])
    script = "<script>window.__xss=1</script>"
    s.summary = [SummarySentence(d.text[slice(*d.sentences[0])], [d.span(*d.sentences[0])], [1.0], 1)]
    s.entities = [Entity("x1", "<script>window.__xss=8</script>", "ORG", ["<script>window.__xss=8</script>"],
                         [sp(d, script)], [d.id])]
    s.quotes = [Quote("xq", "<img src=x onerror=alert(1)>", None, [sp(d, "click here")], [], [d.id])]
    s.facts = [Fact("xf", d.text[slice(*d.sentences[1])], [d.span(*d.sentences[1])], [d.id], 1, single_source=True)]
    return s, [d]


def fixture_report() -> dict:
    s1, arts1 = bridge_story()
    s2, arts2 = xss_story()
    report = Report(run=RunSummary(inputs=4, accepted=4), articles=[*arts1, *arts2], stories=[s1, s2])
    data = report.to_json()
    validate_report(data)
    return data


@pytest.fixture(scope="session")
def report_json() -> dict:
    return fixture_report()


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, report_json: dict) -> Path:
    path = tmp_path_factory.mktemp("webdb") / "web.db"
    with SQLiteStore(path) as st:
        st.put_articles(Article.from_json(a) for a in report_json["articles"])
        st.put_stories(report_json["stories"])
    return path


@pytest.fixture(scope="session")
def client(web_db: Path):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    with TestClient(create_app(web_db)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def free_tcp_port() -> int:
    return free_port()


class LiveServer:
    """uvicorn in a background thread on a free 127.0.0.1 port; ``stop()`` ends it."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_url(web_db: Path) -> Iterator[str]:
    from newsweave.web import create_app

    srv = LiveServer(create_app(web_db)).start()
    yield srv.url
    srv.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed at /usr/bin/chromium (CI installs it: `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _pipeline_db(tmp_path_factory: pytest.TempPathFactory, src: Path, name: str) -> Path:
    from newsweave.api import run
    from newsweave.config import Config

    db = tmp_path_factory.mktemp(name) / f"{name}.db"
    run([src], config=Config(db=str(db)))
    return db


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """The bundled example corpus through the real pipeline (every stage that exists today)."""
    return _pipeline_db(tmp_path_factory, examples_dir, "examples")


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return _pipeline_db(tmp_path_factory, seeds_dir, "seeds")


@pytest.fixture()
def serve_db():
    """Start a live server over any store: ``url = serve_db(path)``; stopped after the test."""
    from newsweave.web import create_app

    servers: list[LiveServer] = []

    def start(db: Path) -> str:
        servers.append(LiveServer(create_app(db)).start())
        return servers[-1].url

    yield start
    for s in servers:
        s.stop()
