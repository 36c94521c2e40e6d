"""Report writers (JSON, Markdown, HTML) and the span validator run before anything is written."""

from newsweave.report.validate import ReportError, iter_spans, validate_report

__all__ = ["ReportError", "iter_spans", "validate_report"]
