"""The five seed articles (read from ../shared/seeds): no chrome, captions or glued headlines."""

from __future__ import annotations

import re

import pytest

from newsweave.clean import clean_raw, clean_text
from newsweave.config import Config
from newsweave.model import RawDoc

CHROME = re.compile(r"^(source link|related articles|leave a reply|back to top|top story)\b|"
                    r"email address will not be published|\[[^\]]*(/|via)[^\]]*\]$", re.I | re.M)


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    cfg = Config()
    out = {}
    for f in sorted(seeds_dir.iterdir()):
        art = clean_raw(RawDoc(input=str(f), content=f.read_bytes()), cfg)
        assert not isinstance(art, str), (f, art)
        out[f.name[:3]] = (f.read_text("utf-8"), art)
    return out


def test_seed_texts_have_no_chrome_or_captions(seeds):
    assert len(seeds) == 5
    for _raw, art in seeds.values():
        assert not CHROME.search(art.text), art.source
        for para in art.text.split("\n\n"):  # every remaining paragraph is prose
            assert para[-1] in ".!?\"”’)", (art.source, para)
        assert art.language == "en" and art.sentences


def test_seed_headline_and_standfirst_go_to_metadata(seeds):
    raw, art = seeds["003"]
    first_lines = [ln for ln in raw.splitlines() if ln.strip()][:3]
    kicker, headline, standfirst = first_lines
    assert art.title == headline
    assert art.meta["kickers"] == [kicker] and art.meta["standfirst"] == standfirst
    assert headline not in art.text and standfirst not in art.text and not art.text.startswith(kicker)
    # the caption block (alt text + credit line) is gone, the credit kept
    caption = next(ln for ln in raw.splitlines() if ln.rstrip().endswith("]"))
    assert caption.split("[")[0].strip() not in art.text
    assert art.credits == [caption[caption.rindex("[") + 1 : -1]]


def test_seed_credits_and_sections(seeds):
    raw, art = seeds["002"]
    last = [ln for ln in raw.splitlines() if ln.strip()][-1]
    assert art.credits == [last] and last not in art.text
    raw, art = seeds["004"]
    assert len(art.sections) == 2
    for sec in art.sections:
        assert sec["title"] not in art.text
        assert art.text[sec["offset"] - 2 : sec["offset"]] == "\n\n"
    raw, art = seeds["001"]
    assert not art.text.rstrip().lower().endswith("source link")


def test_seed_sentences_and_idempotence(seeds):
    for _, art in seeds.values():
        again, _ = clean_text(art.text)
        assert again == art.text
        for s, e in art.sentences:
            assert art.text[s:e].strip() == art.text[s:e] and e > s
