"""``--fetch URL``: download with urllib (timeout, size cap), then sniff like a file."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Iterator

from newsweave import __version__
from newsweave.config import Config
from newsweave.ingest.containers import expand
from newsweave.ingest.sniff import HEAD_BYTES, sniff
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext

USER_AGENT = f"newsweave/{__version__} (+https://github.com/newsweave)"


def fetch_url(url: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """Yield the RawDocs of one URL; failures are drops named by the URL."""
    if not url.lower().startswith(("http://", "https://")):
        ctx.drop(RawDoc(url, b"", url=url), "unsupported URL scheme (http/https only)")
        return
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"})
    limit = cfg.max_file_bytes
    try:
        with urllib.request.urlopen(req, timeout=cfg.fetch_timeout) as resp:  # noqa: S310 (scheme checked)
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                ctx.drop(RawDoc(url, b"", url=url), f"file too large: {declared} bytes")
                return
            data = resp.read(limit + 1)
            final = resp.geturl() or url
            charset = resp.headers.get_content_charset()
            encoding = (resp.headers.get("Content-Encoding") or "").lower()
    except urllib.error.HTTPError as exc:
        ctx.drop(RawDoc(url, b"", url=url), f"HTTP {exc.code} {exc.reason}")
        return
    except urllib.error.URLError as exc:
        ctx.drop(RawDoc(url, b"", url=url), f"fetch failed: {exc.reason}")
        return
    except TimeoutError:
        ctx.drop(RawDoc(url, b"", url=url), f"fetch timed out after {cfg.fetch_timeout:g}s")
        return
    except (OSError, ValueError) as exc:
        ctx.drop(RawDoc(url, b"", url=url), f"fetch failed: {exc}")
        return
    if len(data) > limit:
        ctx.drop(RawDoc(url, b"", url=url), f"file too large: over {limit} bytes")
        return
    if encoding == "gzip" or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            ctx.drop(RawDoc(url, b"", url=url), f"corrupt gzip body: {exc}")
            return
    if not data:
        ctx.drop(RawDoc(url, b"", url=url), "empty")
        return
    kind = sniff(data[:HEAD_BYTES], final)
    yield from expand(kind, data, url, cfg, ctx, url=final, charset=charset)
