"""Static export: the server's pages as plain files with relative links (open index.html, no server)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from newsweave.store.sqlite import SQLiteStore
from newsweave.web import reads, render

log = logging.getLogger(__name__)


def _all_story_rows(st: SQLiteStore, batch: int = 500) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        page, total = st.list_stories(limit=batch, offset=len(rows))
        rows.extend(page)
        if not page or len(rows) >= total:
            return rows


def export_site(db_path: str | Path, out_dir: str | Path) -> dict[str, int]:
    """index.html, story/<id>.html, article/<id>.html and static/ under ``out_dir``; pages an earlier
    export left there for stories or articles the store no longer has are removed."""
    out = Path(out_dir)
    for sub in ("static", "story", "article"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "app.js"):
        (out / "static" / name).write_text(render.asset(name), "utf-8")
    top, deep = render.Urls("static", root=""), render.Urls("static", root="../")
    n_stories = n_articles = 0
    story_files: set[str] = set()
    article_files: set[str] = set()
    with SQLiteStore(db_path, readonly=True) as st:
        rows = _all_story_rows(st)
        (out / "index.html").write_text(render.render_index(
            top, reads.with_teasers(st, rows), total=len(rows), per_page=max(len(rows), 1), outlets=st.outlets()), "utf-8")
        story_of: dict[str, dict[str, Any]] = {}
        for row in rows:
            story = st.get_story(row["id"])
            if story is None:
                continue
            ids = reads.story_article_ids(story)
            arts = {a.id: a.to_json() for a in st.get_articles(ids)}
            story_files.add(f"{render.file_id(story['id'])}.html")
            (out / "story" / f"{render.file_id(story['id'])}.html").write_text(
                render.render_story(deep, story, arts), "utf-8")
            n_stories += 1
            for aid in ids:
                story_of.setdefault(aid, story)
        for art in st.iter_articles():
            story = story_of.get(art.id)
            stories = [story] if story else []
            partners = {x for r in (story or {}).get("reuse") or []
                        for x in (r["a"]["article_id"], r["b"]["article_id"])} - {art.id}
            related = {a.id: a.to_json() for a in st.get_articles(sorted(partners))}
            article_files.add(f"{render.file_id(art.id)}.html")
            (out / "article" / f"{render.file_id(art.id)}.html").write_text(
                render.render_article(deep, art.to_json(), stories=stories, related=related), "utf-8")
            n_articles += 1
    for sub, keep in (("story", story_files), ("article", article_files)):  # pages of an earlier export
        for old in (out / sub).glob("*.html"):                        # whose story or article is gone
            if old.name not in keep:
                old.unlink()
    log.info("exported %d stories and %d articles to %s", n_stories, n_articles, out)
    return {"stories": n_stories, "articles": n_articles}
