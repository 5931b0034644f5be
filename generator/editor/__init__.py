"""`strategy-site edit`: the browser editor (app.py), served by waitress, a production WSGI server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import click

from ..pipeline import Project


def serve(project: Project, host: str, port: int, users_file: Path | None, author: str | None, behind_proxy: bool) -> None:
    """Serve the editor until Ctrl+C or SIGTERM. Either ends the process at once, a build or a save under way
    included (waitress alone would first finish the requests it is serving, a whole build): builds run in this
    process, site/ is swapped in atomically by the pipeline, and every content file is renamed into place,
    so what is left is the old state or the new; a stale temporary file is removed at the next start."""
    import waitress

    from . import auth
    from .app import create_app

    users = None
    if users_file is not None:
        try:
            users = auth.read_users(users_file)
        except auth.UsersFileError as exc:
            raise ValueError(str(exc)) from None
    for stale in (project.root / ".editor").glob("stage-*"):  # left by an editor stopped mid-save
        shutil.rmtree(stale, ignore_errors=True)
    for stale in project.content.rglob(".*.tmp"):  # a write stopped before its rename
        stale.unlink(missing_ok=True)
    app = create_app(project, users, _author(project, author), secure_cookies=behind_proxy)
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    def stop(signum, frame):
        click.echo("Editor stopped.", err=True)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Editor: http://{shown}:{port}/ – Ctrl+C stops it.", err=False)
    waitress.serve(app, host=host, port=port, threads=4, ident="strategy-site", _quiet=True)


def _author(project: Project, given: str | None):
    """Who commits without a users file: --author, else git's configured user, else a neutral name."""
    from ..publishing import Author

    if given:
        found = re.fullmatch(r"\s*(.+?)\s*<([^>]+)>\s*", given)
        if not found:
            raise ValueError(f"--author '{given}': write it as 'Name <email>'")
        return Author(found.group(1), found.group(2))
    def git(key: str) -> str:
        done = subprocess.run(["git", "-C", str(project.root), "config", "--get", key], capture_output=True, text=True, check=False)
        return done.stdout.strip()
    name, email = git("user.name"), git("user.email")
    return Author(name, email) if name and email else Author("Strategy editor", "editor@localhost")
