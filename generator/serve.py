"""`strategy-site serve`, the live preview for editors: watch content/, rebuild on every change, serve on localhost.

The preview is built into .preview/ with the local address as base URL, so site/ (what gets published)
is never touched by previewing, and the language switch stays on the preview server. (The editor's preview of
one page, rendered alone from the content in memory, is editing/preview.py.)
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import click

from . import engines, pipeline
from .editing.preview import fingerprint
from .errors import ContentErrors


def _rebuild(project: pipeline.Project, out: Path, base_url: str) -> None:
    try:
        result = pipeline.build(project, out, base_url)
        click.echo(f"Rebuilt {result.pages} pages. Preview: {base_url}")
    except ContentErrors as exc:
        for error in exc.errors:
            click.echo(f"Error: {error}", err=True)
        click.echo(f"{len(exc.errors)} error(s); the preview shows the last good build.", err=True)
    except pipeline.BuildFailed as exc:
        click.echo(f"Error: {exc}", err=True)


def serve(project: pipeline.Project, port: int) -> None:
    out = project.root / ".preview"
    base_url = f"http://127.0.0.1:{port}/"
    watched = [
        project.content,
        engines.project_overrides(project.config, root=project.root) or project.root / "overrides",
        project.config,
    ]
    _rebuild(project, out, base_url)
    out.mkdir(exist_ok=True)
    handler = functools.partial(_PreviewHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving {base_url} – edit files in content/ and reload the page. Ctrl+C stops.")
    seen = fingerprint(watched[:2]) + (project.config.stat().st_mtime_ns,)
    try:
        while True:
            time.sleep(1)
            now = fingerprint(watched[:2]) + (project.config.stat().st_mtime_ns,)
            if now != seen:
                seen = now
                _rebuild(project, out, base_url)
    except KeyboardInterrupt:
        server.shutdown()


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass
