"""Server-side SVG timeline: one numbered dot per dated event on a proportional time axis.

No JavaScript and no chart library: the SVG is plain markup styled by the page's CSS
(classes ``tl-*``). Every string drawn is escaped here because the result is marked safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from markupsafe import Markup

W, MARGIN, AXIS_Y, STACK, MIN_GAP = 720, 48, 44, 26, 30
LABEL_ROW, LABEL_ROWS = 14, 2  # a date label that would overlap its neighbour goes one row down


def date_ordinal(iso: str | None) -> int | None:
    """Day number of an ISO date; month precision sits mid-month, year precision mid-year."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 7
        d = int(parts[2]) if len(parts) > 2 else (15 if len(parts) > 1 else 1)
        return dt.date(y, m, d).toordinal()
    except (ValueError, IndexError):
        return None


def _positions(days: Sequence[int]) -> list[float]:
    """x positions: proportional to time where that leaves room, blended towards even spacing
    (by rank) just enough that neighbouring dates stay ``MIN_GAP`` apart. Equal days share an x."""
    inner = W - 2 * MARGIN
    distinct = sorted(set(days))
    if len(distinct) == 1:
        return [W / 2 for _ in days]
    lo, hi = distinct[0], distinct[-1]
    prop = [MARGIN + (d - lo) / (hi - lo) * inner for d in distinct]
    rank = [MARGIN + i / (len(distinct) - 1) * inner for i in range(len(distinct))]
    need = min(MIN_GAP, inner / (len(distinct) - 1))
    xs = rank
    for step in range(10, -1, -1):
        a = step / 10
        cand = [a * p + (1 - a) * r for p, r in zip(prop, rank, strict=True)]
        if all(y - x >= need - 1e-6 for x, y in zip(cand, cand[1:], strict=False)):
            xs = cand
            break
    at = dict(zip(distinct, xs, strict=True))
    return [at[d] for d in days]


def label_width(label: str) -> float:
    """Rough width in viewBox units of a date label at the chart's 11 px sans font."""
    return 6.4 * len(label) + 8


def _label_rows(labels: Sequence[tuple[float, str]]) -> dict[float, int] | None:
    """Row (0 or 1) of each label, left to right, so that no two on a row overlap; ``None`` when
    two rows are not enough (the labels are then slanted)."""
    ends: list[float] = []  # right edge of the last label on each row
    rows: dict[float, int] = {}
    for x, label in labels:
        half = label_width(label) / 2
        row = next((i for i, end in enumerate(ends) if x - half >= end), len(ends))
        if row >= LABEL_ROWS:
            return None
        if row == len(ends):
            ends.append(0.0)
        ends[row] = x + half
        rows[x] = row
    return rows


def timeline_svg(entries: Sequence[Mapping[str, Any]], anchor_prefix: str = "") -> Markup:
    """``entries``: one per date, dicts with ``i`` (number), ``date``, ``label``, ``precision``,
    ``sources`` and ``items`` (the events of that date, for the tooltip); same-date entries stack."""
    dated = [(e, d) for e in entries if (d := date_ordinal(e.get("date"))) is not None]
    if not dated:
        return Markup("")
    dated.sort(key=lambda x: x[1])
    xs = _positions([d for _, d in dated])
    stack: dict[float, int] = {}
    levels = []
    for x in xs:
        levels.append(stack.get(x, 0))
        stack[x] = stack.get(x, 0) + 1
    first = {}  # x -> the first entry drawn there, whose label names the date
    for (e, _), x in zip(dated, xs, strict=True):
        first.setdefault(x, e)
    labels = [(x, str(first[x].get("label", ""))) for x in sorted(first)]
    rows = _label_rows(labels)
    top = max(levels) * STACK
    axis_y = AXIS_Y + top
    height = axis_y + (72 if rows is None else 34 + LABEL_ROW * max(rows.values(), default=0))
    # a slanted label reaches left of its tick by about cos(35°) of its width: room for the first ones
    pad = 0.0 if rows is not None else max(0.0, max(0.82 * label_width(lb) - x for x, lb in labels) + 4)
    out = [f'<svg class="timeline-svg" viewBox="{-pad:.0f} 0 {W + pad:.0f} {height}" role="img" '
           f'aria-label="Timeline of {len(dated)} dated events" xmlns="http://www.w3.org/2000/svg">',
           f'<line class="tl-axis" x1="{MARGIN - 16}" y1="{axis_y}" x2="{W - MARGIN + 16}" y2="{axis_y}"/>']
    for (e, _), x, lvl in zip(dated, xs, levels, strict=True):
        y = axis_y - 14 - lvl * STACK
        n_src = int(e.get("n_independent") or len(e.get("sources") or []))  # wire copies count once
        items = e.get("items") or [{"event": e.get("event")}]
        r = min(8 + 1.2 * max(n_src - 1, 0) + 0.8 * max(len(items) - 1, 0), 13)
        kind = "tl-dot" + ("" if e.get("precision", "day") == "day" else " tl-vague")
        texts = [(it.get("event") or {}).get("text", "") for it in items]
        title = f"{e.get('label', '')}: " + " | ".join(t[:140] for t in texts[:4]) + (" …" if len(texts) > 4 else "")
        srcs = f"{n_src} independent source{'s' if n_src != 1 else ''}"
        out.append(f'<a href="#{escape(anchor_prefix)}tl-{int(e["i"])}" class="tl-point">'
                   f'<title>{escape(title)} ({srcs})</title>'
                   f'<line class="tl-stem" x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{axis_y}"/>'
                   f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
                   f'<text class="tl-num" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{int(e["i"])}</text></a>')
    for x, label in labels:
        ly = axis_y + 20
        if rows is None:  # too many to sit side by side: slanted
            out.append(f'<text class="tl-date" x="{x:.1f}" y="{ly}" text-anchor="end" '
                       f'transform="rotate(-35 {x:.1f} {ly})">{escape(label)}</text>')
        else:
            row = rows[x]
            if row:  # a leader from the tick down to a label on a lower row
                out.append(f'<line class="tl-stem" x1="{x:.1f}" y1="{axis_y + 5}" x2="{x:.1f}" '
                           f'y2="{ly + LABEL_ROW * row - 10}"/>')
            out.append(f'<text class="tl-date" x="{x:.1f}" y="{ly + LABEL_ROW * row}" '
                       f'text-anchor="middle">{escape(label)}</text>')
        out.append(f'<line class="tl-tick" x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}"/>')
    out.append("</svg>")
    return Markup("".join(out))
