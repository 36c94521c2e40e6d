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
    """Proportional x positions, pushed apart to ``MIN_GAP`` and squeezed back into the width."""
    lo, hi = min(days), max(days)
    inner = W - 2 * MARGIN
    if hi == lo:
        return [W / 2 for _ in days]
    xs = [MARGIN + (d - lo) / (hi - lo) * inner for d in days]
    out: list[float] = []
    for i, x in enumerate(xs):
        if i and days[i] == days[i - 1]:
            out.append(out[-1])  # same date: same column (stacked)
        else:
            out.append(max(x, out[-1] + MIN_GAP) if out else x)
    if out[-1] > W - MARGIN:  # too crowded for the proportional scale: fit back into the axis
        span = out[-1] - out[0] or 1
        out = [MARGIN + (x - out[0]) / span * inner for x in out]
    return out


def timeline_svg(entries: Sequence[Mapping[str, Any]]) -> Markup:
    """``entries``: dicts with ``i`` (number), ``date``, ``label``, ``precision``, ``sources``, ``event``."""
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
    top = max(levels) * STACK
    axis_y = AXIS_Y + top
    height = axis_y + (72 if len(set(xs)) > 6 else 34)
    rotate = len(set(xs)) > 6
    out = [f'<svg class="timeline-svg" viewBox="0 0 {W} {height}" role="img" '
           f'aria-label="Timeline of {len(dated)} dated events" xmlns="http://www.w3.org/2000/svg">',
           f'<line class="tl-axis" x1="{MARGIN - 16}" y1="{axis_y}" x2="{W - MARGIN + 16}" y2="{axis_y}"/>']
    labelled: set[float] = set()
    for (e, _), x, lvl in zip(dated, xs, levels, strict=True):
        y = axis_y - 14 - lvl * STACK
        n_src = len(e.get("sources") or [])
        r = min(8 + 1.5 * max(n_src - 1, 0), 12)
        kind = "tl-dot" + ("" if e.get("precision", "day") == "day" else " tl-vague")
        ev = e.get("event") or {}
        title = f"{e.get('label', '')}: {ev.get('text', '')}"[:300]
        srcs = f"{n_src} source{'s' if n_src != 1 else ''}"
        out.append(f'<a href="#tl-{int(e["i"])}" class="tl-point"><title>{escape(title)} ({srcs})</title>'
                   f'<line class="tl-stem" x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{axis_y}"/>'
                   f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
                   f'<text class="tl-num" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{int(e["i"])}</text></a>')
        if x not in labelled:
            labelled.add(x)
            ly = axis_y + 20
            if rotate:
                out.append(f'<text class="tl-date" x="{x:.1f}" y="{ly}" text-anchor="end" '
                           f'transform="rotate(-35 {x:.1f} {ly})">{escape(str(e.get("label", "")))}</text>')
            else:
                out.append(f'<text class="tl-date" x="{x:.1f}" y="{ly}" text-anchor="middle">'
                           f'{escape(str(e.get("label", "")))}</text>')
            out.append(f'<line class="tl-tick" x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}"/>')
    out.append("</svg>")
    return Markup("".join(out))
