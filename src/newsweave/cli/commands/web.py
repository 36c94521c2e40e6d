"""serve, export: the story browser and its static-site export."""

from __future__ import annotations

import argparse
import ipaddress
import socket
from typing import Any

from newsweave.cli.util import err, out_folder, print_json
from newsweave.config import Config, ConfigError
from newsweave.report.labels import count


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace, cfg: Config) -> int:
    import uvicorn

    from newsweave.web import create_app

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port must be 1-65535, got {args.port}")
    if not args.max_upload_mb > 0:
        raise ConfigError(f"--max-upload-mb must be more than 0, got {args.max_upload_mb:g}")
    try:  # a port in use or an unknown host is misuse: say so before "serving ..."
        with socket.create_server((args.host, args.port)):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot serve at {args.host}:{args.port}: {exc.strerror or exc}") from None
    app = create_app(cfg.db, allow_ingest=args.allow_ingest,
                     max_upload_bytes=int(args.max_upload_mb * 1024 * 1024))
    if not _is_loopback(args.host):
        err.print(f"[yellow]warning:[/] serving on {args.host}: anyone on that network can read the store"
                  + (" and upload files" if args.allow_ingest else ""))
    mode = "read-write (uploads allowed)" if args.allow_ingest else "read-only"
    err.print(f"newsweave: serving {cfg.db} ({mode}) at http://{args.host}:{args.port}  (Ctrl-C stops)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if not args.verbose else "info",
                access_log=bool(args.verbose))
    return 0


def cmd_export(args: argparse.Namespace, cfg: Config) -> int:
    from pathlib import Path

    from newsweave.web import export_site

    if not Path(cfg.db).is_file():
        raise ConfigError(f"no database at {cfg.db}; run `newsweave run PATH --db {cfg.db}` first")
    out = out_folder(args.dir, "export")
    counts = export_site(cfg.db, out)
    if args.json:
        print_json({"dir": str(out), **counts})
    else:
        print(f"exported {count(counts['stories'], 'story')} and {count(counts['articles'], 'article')}: open {out / 'index.html'}")
    return 0


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", parents=parents, help="browse stories in the browser (FastAPI server)")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-ingest", action="store_true", help="enable the upload form and POST /api/v1/ingest")
    p.add_argument("--max-upload-mb", type=float, default=5.0, help="largest upload with --allow-ingest (MB)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", parents=parents, help="write the story pages as a static site")
    p.add_argument("dir", help="output folder (index.html, story/, article/, static/)")
    p.set_defaults(func=cmd_export)
