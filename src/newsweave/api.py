"""Python API: run the pipeline on paths or Article objects and get a Report.

    >>> import newsweave
    >>> report = newsweave.run(["examples/"], db="out/newsweave.db")
    >>> report.stories[0].summary[0].citations[0]

The CLI and the web server call these functions; nothing is reachable only through the CLI.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from newsweave import stages as default_stages
from newsweave.config import Config, ConfigError
from newsweave.engine import Engine, make_engine
from newsweave.model import ANALYSED, META_NER, META_VECTORS, Article, InputRecord, RawDoc, Report, Story
from newsweave.pipeline import Pipeline, RunContext
from newsweave.report.validate import validate_report
from newsweave.store import Store, open_store

log = logging.getLogger(__name__)

INGEST_BATCH = 500  # articles per store transaction (with their ingest-log rows)
Progress = Callable[[str, int], None]  # (event, n) -> None; the CLI maps it onto rich progress bars


def _paths(paths: Sequence[str | Path] | str | Path) -> list[str | Path]:
    """One path given as a plain string or Path is one path, not a sequence of characters; anything
    else than paths fails here, before a store is opened."""
    out = [paths] if isinstance(paths, (str, os.PathLike)) else _listed(paths, "paths")
    bad = next((p for p in out if not isinstance(p, (str, os.PathLike))), None)
    if bad is not None:
        raise ConfigError(f"paths take file or folder names (str or Path), not {type(bad).__name__}")
    return out


def _urls(urls: Sequence[str] | str) -> list[str]:
    out = [urls] if isinstance(urls, str) else _listed(urls, "urls")
    bad = next((u for u in out if not isinstance(u, str)), None)
    if bad is not None:
        raise ConfigError(f"urls take strings, not {type(bad).__name__}")
    return out


def _listed(value: Any, what: str) -> list[Any]:
    try:
        return list(value)
    except TypeError:
        raise ConfigError(f"{what} takes a list, not {type(value).__name__}") from None


def _config(config: Config | str | Path | None, overrides: dict[str, Any]) -> Config:
    """A Config, a TOML file's path, or the defaults; then ``overrides`` (unknown keys fail by name)."""
    if isinstance(config, str | Path):
        return Config.load(config, **overrides)
    if config is not None and not isinstance(config, Config):
        raise ConfigError(f"config must be a Config or a TOML file's path, not {type(config).__name__}")
    cfg = config or Config()
    return cfg.with_(**overrides) if overrides else cfg


def _named(store: Any, engine: Any, overrides: dict[str, Any]) -> tuple[Store | None, Engine | None]:
    """``store="sqlite"`` / ``engine="dask"`` name a backend, as the config keys do: they become
    overrides. Objects are used as given; anything else is misuse."""
    if isinstance(store, str):
        overrides["store"], store = store, None
    elif store is not None and not hasattr(store, "start_run"):
        raise ConfigError(f"store must be a Store or a store name, not {type(store).__name__}")
    if isinstance(engine, str):
        overrides["engine"], engine = engine, None
    elif engine is not None and not hasattr(engine, "map_items"):
        raise ConfigError(f"engine must be an Engine or an engine name, not {type(engine).__name__}")
    return store, engine


def _articles(articles: Any, where: str) -> list[Article]:
    """Article objects (a list of them); one built in Python without sentence spans gets them here."""
    arts = _listed(articles, where)
    bad = next((a for a in arts if not isinstance(a, Article)), None)
    if bad is not None:
        raise ConfigError(f"{where} takes Article objects (from newsweave.api.ingest), not {type(bad).__name__}")
    from newsweave.clean.sentences import split_sentences

    for a in arts:
        if a.text and not a.sentences:
            a.sentences = split_sentences(a.text)
    return arts


def ingest(paths: Sequence[str | Path] = (), *, urls: Sequence[str] = (), config: Config | None = None,
           store: Store | None = None, progress: Progress | None = None, engine: Engine | None = None,
           **overrides: Any) -> tuple[RunContext, list[Article]]:
    """Ingest inputs into the store: clean, dedup, store, and (if ``cluster``) assign to stories
    incrementally. Returns the run context (drops, stats) and the run's articles, including
    earlier-stored originals of exact duplicates, so a re-run sees the same article set."""
    store, engine = _named(store, engine, overrides)
    paths, urls = _paths(paths), _urls(urls)
    cfg = _config(config, overrides)
    own = store is None
    st = store or open_store(cfg)
    try:
        with st.writer():  # one ingest / run / analyze at a time (store/lock.py)
            ctx, arts = _ingest(paths, urls, cfg, st, progress, command="ingest", engine=engine)
            from newsweave.cluster.sync import sync_stories

            sync_stories(st, arts, embeddings=cfg.embeddings)  # incremental, store-wide story assignment (docs/stories.md)
        return ctx, arts
    finally:
        if own:
            st.close()


def _ingest(paths: Sequence[str | Path], urls: Sequence[str], cfg: Config, store: Store,
            progress: Progress | None, command: str,
            engine: Engine | None = None) -> tuple[RunContext, list[Article]]:
    own = engine is None
    engine = engine or make_engine(cfg)
    try:
        return _ingest_with(paths, urls, cfg, store, progress, command, engine)
    finally:
        if own:
            engine.close()


def _ingest_with(paths: Sequence[str | Path], urls: Sequence[str], cfg: Config, store: Store,
                 progress: Progress | None, command: str, engine: Engine) -> tuple[RunContext, list[Article]]:
    from newsweave.ingest import iter_raw

    items, corpus, _, _ = default_stages.build(cfg)
    ctx = RunContext(config=cfg, store=store)
    ctx.run_id = store.start_run(f"{command} {' '.join(map(str, paths))}")
    raw = iter_raw(paths, cfg, ctx, urls=urls)
    if progress:
        raw = _tick(raw, progress, "read")
    cleaned = engine.map_items(items, raw, ctx)

    new: list[Article] = []
    batch: list[Article] = []
    logged = 0

    def flush() -> None:  # articles + the log rows of every input seen so far, in one transaction
        nonlocal logged, batch
        recs, logged = ctx.records[logged:], len(ctx.records)
        put_batch = getattr(store, "put_batch", None)
        if put_batch is not None:
            put_batch(ctx.run_id, batch, recs)
        else:
            store.put_articles(batch)
            store.log_inputs(ctx.run_id, recs)
        batch = []

    for art in Pipeline(corpus, check=False)(cleaned, ctx):
        if art.duplicate_of:
            # logged by its own (stored) id; the reason names the original
            ctx.drop(art, f"near-duplicate of {art.duplicate_of}", duplicate_of=art.id)
        else:
            ctx.accept(art)
        batch.append(art)
        new.append(art)
        if len(batch) >= INGEST_BATCH:
            flush()
        if progress:
            progress("article", 1)
    flush()
    _settle_copies(corpus, new, ctx, store)
    save_sentence_vectors(store, new)
    # the run's article set: new articles plus stored originals of exact duplicates
    known = {a.id for a in new}
    prior = [r.article_id for r in ctx.records
             if r.status == "duplicate" and r.article_id and r.article_id not in known]
    # and the stored originals of near-duplicates (their log rows name the copies)
    prior += [a.duplicate_of for a in new if a.duplicate_of and a.duplicate_of not in known]
    arts = new + store.get_articles(list(dict.fromkeys(prior)))
    if len(ctx.records) > logged:
        store.log_inputs(ctx.run_id, ctx.records[logged:])
    store.finish_run(ctx.run_id, ctx.summary().to_json())
    return ctx, arts


def _settle_copies(corpus: Sequence[Any], new: list[Article], ctx: RunContext, store: Store) -> None:
    """Let the best-described copy head each near-duplicate group this run created, then note on each
    original its copies' outlets and dates, exact copies' included (``dedup/heads``); stored rows and
    log rows follow."""
    from newsweave.dedup.exact import ExactDedupStage
    from newsweave.dedup.heads import Rehead, adopt, lend, relog
    from newsweave.dedup.near import NearDupStage

    done: list[Rehead] = []
    records: list[InputRecord] = []
    copies: list[Article] = []
    for stage in corpus:
        if isinstance(stage, ExactDedupStage):
            copies += stage.described
        elif isinstance(stage, NearDupStage):
            done = stage.rehead(new, store)
            records = relog(ctx.records, done, stage.name)
            if done:
                log.info("near-duplicates: %d group(s) re-headed by a better-described copy", len(done))
    changed = {a.id: a for r in done for a in (r.head, *r.copies)}
    copies += [a for a in new if a.duplicate_of]
    originals = {a.id: a for a in new}
    missing = [i for i in {c.duplicate_of for c in copies} if i and i not in originals]
    originals.update({a.id: a for a in store.get_articles(missing)})
    missing = [i for i in {a.duplicate_of for a in originals.values()} if i and i not in originals]
    originals.update({a.id: a for a in store.get_articles(missing)})  # heads of stored near-duplicates
    changed.update({a.id: a for a in adopt([c for c in copies if c.duplicate_of == c.id], originals)})
    changed.update({a.id: a for a in lend(copies, originals)})
    if changed:
        store.relink(ctx.run_id, list(changed.values()), records)


def _tick(it: Iterable[RawDoc], progress: Progress, event: str) -> Iterable[RawDoc]:
    for x in it:
        progress(event, 1)
        yield x


def load_sentence_vectors(store: Store, articles: Sequence[Article]) -> set[str]:
    """Attach cached MiniLM sentence vectors (kind :func:`newsweave.nlp.vector_kind`: one per encoder
    precision) to ``article.meta`` so nothing re-encodes them (``nlp.sentence_vectors`` reads them
    there); returns the ids that had them."""
    from newsweave import nlp

    found = store.get_cache(nlp.vector_kind(), [a.id for a in articles])
    ok = set()
    for a in articles:
        buf = found.get(a.id)
        if buf is not None and len(buf) == 2 * 384 * len(a.sentences):
            a.meta[META_VECTORS] = buf
            ok.add(a.id)
    return ok


def save_sentence_vectors(store: Store, articles: Sequence[Article], skip: set[str] | frozenset[str] = frozenset()) -> int:
    """Write the vectors this process holds for ``articles`` (encoded here, or on workers and sent
    back) to the store's cache, except ``skip`` (loaded from it); returns how many were written."""
    from newsweave import nlp

    rows = []
    for a in articles:
        vec = nlp.cached_sentence_vectors(a.id)
        if a.id not in skip and vec is not None and len(vec) == len(a.sentences):
            rows.append((a.id, nlp.to_bytes(vec)))
    if rows:
        store.put_cache(nlp.vector_kind(), rows)
    return len(rows)


def load_ner(store: Store, articles: Sequence[Article]) -> set[str]:
    """Attach cached spaCy entity mentions (kind "ner", JSON) to ``article.meta``; returns their ids."""
    ok = set()
    found = store.get_cache("ner", [a.id for a in articles])
    for a in articles:
        try:
            rows = json.loads(found[a.id]) if a.id in found else None
        except ValueError:
            rows = None
        if isinstance(rows, list):
            a.meta[META_NER] = rows
            ok.add(a.id)
    return ok


def save_ner(store: Store, stories: Sequence[Story], skip: set[str] | frozenset[str] = frozenset()) -> int:
    """Cache the entity mentions the stories' articles came back with (computed here or on workers)."""
    rows = {}
    for s in stories:
        for a in s.articles:
            got = a.meta.get(META_NER)
            if a.id not in skip and isinstance(got, list):
                rows[a.id] = json.dumps([list(m) for m in got]).encode()
    if rows:
        store.put_cache("ner", rows.items())
    return len(rows)


def analyze(articles: Sequence[Article], config: Config | None = None, *, ctx: RunContext | None = None,
            engine: Engine | None = None, **overrides: Any) -> list[Story]:
    """Cluster ``articles`` into stories and run every story stage on them (no store needed)."""
    _, engine = _named(None, engine, overrides)
    articles = _articles(articles, "analyze()")
    cfg = _config(config, overrides)
    ctx = ctx or RunContext(config=cfg)
    _, _, cluster, story = default_stages.build(cfg)

    originals = [a for a in articles if not a.duplicate_of]
    stories = list(Pipeline([cluster], check=False)(originals, ctx))
    by_id = {a.id: a for a in articles}
    for s in stories:  # near-duplicates ride along with their original's story
        ids = set(s.article_ids)
        s.duplicates.update({a.id: a.duplicate_of for a in articles
                             if a.duplicate_of and a.duplicate_of in ids and a.id in by_id})
    own = engine is None
    engine = engine or make_engine(cfg)
    try:
        return _analysed(engine.map_stories(story, stories, ctx))
    finally:
        if own:
            engine.close()


def _analysed(stories: list[Story]) -> list[Story]:
    """Mark each story with the members its analysis covers (``analyze_stored`` skips those still equal)."""
    for s in stories:
        s.meta[ANALYSED] = sorted(s.article_ids)
    return stories


def is_analysed(row: dict[str, Any]) -> bool:
    """A stored story row whose analysis covers exactly its current members."""
    done = (row.get("notes") or {}).get(ANALYSED)
    return bool(done) and sorted(done) == sorted(row.get("article_ids") or [])


def analyze_stored(story_ids: Sequence[str] = (), *, everything: bool = False, config: Config | None = None,
                   store: Store | None = None, engine: Engine | None = None, **overrides: Any) -> Report:
    """Analyse stories already in the store: those named (id or unique prefix), else every story that
    ``ingest`` made or changed since its last analysis (``everything``: all of them). Each keeps its id,
    label, members and clustering record; its analyses are rebuilt and written back. Returns a Report of
    the stories analysed (its run counts no inputs: nothing was ingested)."""
    store, engine = _named(store, engine, overrides)
    story_ids = [story_ids] if isinstance(story_ids, str) else _listed(story_ids, "story_ids")  # one id, not its characters
    if any(not isinstance(i, str) for i in story_ids):
        raise ConfigError("story_ids take story id strings (or unique prefixes)")
    cfg = _config(config, overrides)
    own = store is None
    if store is None and not Path(cfg.db).is_file():
        raise ConfigError(f"no database at {cfg.db}: nothing to analyse (ingest or run first)")
    st = store or open_store(cfg)
    own_engine = engine is None
    try:
        with st.writer():
            rows = _select_stories(st, story_ids, everything)
            ctx = RunContext(config=cfg, store=st)
            stories: list[Story] = []
            for row in rows:
                arts = st.get_articles(list(row.get("article_ids") or []))
                if len(arts) != len(row.get("article_ids") or []):
                    raise ConfigError(f"story {row['id']}: article(s) missing from the store")
                stories.append(Story(id=row["id"], label=row.get("label") or "", articles=arts,
                                     duplicates=dict(row.get("duplicates") or {}),
                                     meta={"cluster": row["cluster"]} if row.get("cluster") else {}))
            arts = [a for s in stories for a in s.articles]
            cached, ner_cached = load_sentence_vectors(st, arts), load_ner(st, arts)
            if stories:
                engine = engine or make_engine(cfg)
                _, _, _, stages = default_stages.build(cfg)
                stories = _analysed(engine.map_stories(stages, stories, ctx))
            save_sentence_vectors(st, arts, skip=cached)
            save_ner(st, stories, skip=ner_cached)
            report = Report(run=ctx.summary(), articles=_report_articles(arts, stories, st), stories=stories)
            st.put_stories(_checked(report)["stories"])
            return report
    finally:
        _close(st if own else None, engine if own_engine else None)


def _checked(report: Report) -> dict[str, Any]:
    """``report`` as JSON, validated against the report contract."""
    data = report.to_json()
    validate_report(data)
    return data


def _close(store: Store | None, engine: Engine | None) -> None:
    """Close what this call opened."""
    if engine is not None:
        engine.close()
    if store is not None:
        store.close()


def _select_stories(st: Store, story_ids: Sequence[str], everything: bool) -> list[dict[str, Any]]:
    listed, _ = st.list_stories(limit=1 << 30)
    ids = sorted(r["id"] for r in listed)
    if story_ids:
        chosen = []
        for want in story_ids:
            hits = [i for i in ids if i == want] or [i for i in ids if i.startswith(want)]
            if len(hits) != 1:
                raise ConfigError(f"no story {want!r}; `newsweave stories` lists them" if not hits else
                                  f"story id prefix {want!r} matches {len(hits)} stories; `newsweave stories` lists them")
            chosen.append(hits[0])
        ids = list(dict.fromkeys(chosen))
    rows = [r for r in (st.get_story(i) for i in ids) if r is not None]
    return rows if story_ids or everything else [r for r in rows if not is_analysed(r)]


def run(paths: Sequence[str | Path] = (), *, urls: Sequence[str] = (), articles: Sequence[Article] = (),
        config: Config | None = None, store: Store | None = None, progress: Progress | None = None,
        engine: Engine | None = None, **overrides: Any) -> Report:
    """Ingest ``paths``/``urls`` (and/or take ``articles``), cluster, analyse, summarise; return the Report.

    Stories are also written to the store so ``newsweave serve`` can show them. Pass ``engine`` to
    reuse one (e.g. a running Dask client) across runs; otherwise one is made and closed here.
    """
    store, engine = _named(store, engine, overrides)
    articles = _articles(articles, "run(articles=...)")
    paths, urls = _paths(paths), _urls(urls)
    cfg = _config(config, overrides)
    own_engine = engine is None
    engine = engine or make_engine(cfg)  # one engine (one Dask cluster) for ingest and analysis; first, so
    own = store is None                  # an unreachable scheduler leaves no empty database behind
    try:
        st = store or open_store(cfg)
    except BaseException:
        if own_engine:
            engine.close()
        raise
    try:
        with st.writer():
            if paths or urls:
                ctx, arts = _ingest(paths, urls, cfg, st, progress, command="run", engine=engine)
            else:
                ctx, arts = RunContext(config=cfg, store=st), []
            for a in articles:
                ctx.accept(a)
            st.put_articles(articles)  # the run's stories name them: the store holds them too
            arts = list({a.id: a for a in [*arts, *articles]}.values())
            cached = load_sentence_vectors(st, arts)
            ner_cached = load_ner(st, arts)
            stories = analyze(arts, cfg, ctx=ctx, engine=engine)  # marked analysed (``_analysed``)
            _inherit_duplicates(st, stories)
            save_sentence_vectors(st, arts, skip=cached)
            save_ner(st, stories, skip=ner_cached)
            report = Report(run=ctx.summary(), articles=_report_articles(arts, stories, st), stories=stories)
            data = _checked(report)
            from newsweave.cluster.sync import absorb_run

            # the store keeps one home per article, and the clustering state learns the run's stories, so
            # a later `ingest` joins them (stored stories that shared articles with the run are rewritten)
            rewritten = absorb_run(st, stories, embeddings=cfg.embeddings) if cfg.cluster_mode == "batch" else []
            st.put_stories([s.to_json() for s in rewritten] + data["stories"])
            return report
    finally:
        _close(st if own else None, engine if own_engine else None)


def _inherit_duplicates(store: Store, stories: Sequence[Story]) -> None:
    """Near-duplicates the store links to a story's members (stored by earlier calls) stay with them
    when a run re-clusters those members."""
    ids = {a.id for s in stories for a in s.articles}
    homes = set(store.stories_for_articles(ids).values())
    known: dict[str, str] = {}
    for sid in sorted(homes):
        known.update({str(d): str(o) for d, o in ((store.get_story(sid) or {}).get("duplicates") or {}).items()})
    for s in stories:
        mine = set(s.article_ids)
        s.duplicates.update({d: o for d, o in known.items() if o in mine and d not in s.duplicates})


def _report_articles(arts: Sequence[Article], stories: Sequence[Story], store: Store | None = None) -> list[Article]:
    """The run's articles, every member of its stories (in incremental mode a story the run's articles
    joined also holds articles stored by earlier runs) and their near-duplicates (from ``store``)."""
    pool = {a.id: a for a in arts}
    for s in stories:
        for a in s.articles:
            pool.setdefault(a.id, a)
    missing = [d for s in stories for d in s.duplicates if d not in pool]
    if missing and store is not None:
        pool.update({a.id: a for a in store.get_articles(missing)})
    return sorted(pool.values(), key=lambda a: (a.duplicate_of is not None, a.source))


def write_report(report: Report, out_dir: str | Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into ``out_dir``; returns their paths."""
    from newsweave.report.html import render_html
    from newsweave.report.markdown import render_markdown

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = report.to_json()
    validate_report(data)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    paths["md"].write_text(render_markdown(data), "utf-8")
    paths["html"].write_text(render_html(data), "utf-8")
    return paths
