"""report.html: a self-contained page for the run's stories (the web layer renders the rich version)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, select_autoescape

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_TPL = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsweave briefing</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:system-ui,sans-serif}.meta{color:#666;font-size:.9rem}sup a{text-decoration:none}</style>
</head><body><h1>newsweave briefing</h1>
<p class="meta">{{ run.inputs }} inputs · {{ run.accepted }} accepted · {{ run.duplicates }} duplicates ·
{{ run.rejected|length }} rejected</p>
{% for s in stories %}<section id="{{ s.id }}"><h2>{{ s.label }}</h2>
<p class="meta">{{ s.article_ids|length }} articles · {{ s.independent_sources }} independent sources</p>
{% for sent in s.summary %}<p>{{ sent.text }}{% for c in sent.citations %}<sup><a href="#a-{{ c.article_id }}">[{{ order[c.article_id] }}]</a></sup>{% endfor %}</p>{% endfor %}
<h3>Sources</h3><ol>{% for aid in s.article_ids %}<li id="a-{{ aid }}">{{ arts[aid].outlet or 'unknown outlet' }}: {{ arts[aid].title or aid }}</li>{% endfor %}</ol>
</section>{% endfor %}</body></html>""")


def render_html(report: dict[str, Any]) -> str:
    arts = {a["id"]: a for a in report["articles"]}
    order: dict[str, int] = {}
    for s in report["stories"]:
        for i, aid in enumerate(s["article_ids"]):
            order.setdefault(aid, i + 1)
    return _TPL.render(run=report["run"], stories=report["stories"], arts=arts, order=order)
