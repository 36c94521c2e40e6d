"""report.html: the single-file version of the web story pages (inline CSS/JS, no server needed).

``render_html(report_json)`` is called by :func:`newsweave.api.write_report`; the markup comes
from the same templates as ``newsweave serve`` and ``newsweave export`` (``newsweave.web``).
"""

from __future__ import annotations

from typing import Any


def render_html(report: dict[str, Any]) -> str:
    """Every story of ``report`` (a report.json dict) as one self-contained, escaped HTML page."""
    from newsweave.web.render import render_report

    return render_report(report)
