"""`strategy-site edit`: the browser editor (app.py), served by waitress, a production WSGI server."""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import click

from ..pipeline import Project

# the README's nginx block sets them
PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"}


def serve(
    project: Project,
    host: str,
    port: int,
    users_file: Path | None,
    author: str | None,
    behind_proxy: bool,
    trusted_proxy: str | None = None,
) -> None:
    """Serve the editor until Ctrl+C or SIGTERM. Either ends the process at once, a build or a save under way
    included (waitress alone would first finish the requests it is serving, a whole build): builds run in this
    process, site/ is swapped in atomically by the pipeline, and every content file is renamed into place,
    so what is left is the old state or the new; a stale temporary file is removed at the next start. Only a
    publish's commit phase (a few file writes, one git commit, one rename; editing/publishing.py) is let to end first,
    so that content/, git and site/ agree; a publish a SIGKILL or a crash cut short is completed at the next
    start (publishing.recover)."""
    import waitress

    from .app import create_app

    users = _users(users_file)
    _remove_stale(project)
    _settle_publish(project)
    app = create_app(project, users, _author(project, author), secure_cookies=behind_proxy)
    _stop_on_signals()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Editor: http://{shown}:{port}/ – Ctrl+C stops it.", err=False)
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=4,
        ident="strategy-site",
        _quiet=True,
        clear_untrusted_proxy_headers=True,
        **_proxy_settings(behind_proxy, trusted_proxy),
    )


def _users(users_file: Path | None):
    """The users file, read again when it changes (new passwords end sessions); None without one."""
    from . import auth

    if users_file is None:
        return None
    try:
        return auth.UsersFile(users_file)
    except auth.UsersFileError as exc:
        raise ValueError(str(exc)) from None


def _remove_stale(project: Project) -> None:
    """What an editor stopped mid-save left: its staged copies and temporary files never renamed into place."""
    for stale in (project.root / ".editor").glob("stage-*"):  # left by an editor stopped mid-save
        shutil.rmtree(stale, ignore_errors=True)
    for stale in project.content.rglob(".*.tmp"):  # a write stopped before its rename
        stale.unlink(missing_ok=True)


def _proxy_settings(behind_proxy: bool, trusted_proxy: str | None) -> dict:
    """Behind the proxy, waitress itself takes the person's address, the scheme and the host from the proxy's
    X-Forwarded-* headers, and only from the proxy's own address (trusted_proxy; one hop). From anyone else,
    and without --behind-proxy, waitress removes those headers, so no client can choose its address (and
    dodge the login slow-down) or its scheme."""
    if not behind_proxy:
        return {}
    return dict(trusted_proxy=trusted_proxy or "127.0.0.1", trusted_proxy_count=1, trusted_proxy_headers=PROXY_HEADERS)


def _stop_on_signals() -> None:
    """SIGTERM and Ctrl+C end the process: at once, but within a publish's commit phase only once it has ended
    (at most STOP_WAIT seconds), so that content/, git and site/ agree; a second signal ends it at once."""
    stopping: list[int] = []

    def stop(signum, frame):
        from ..editing import publishing

        if stopping:
            os._exit(128 + signum)
        stopping.append(signum)
        if publishing.committing():
            click.echo("Editor stopping: the publish under way is finishing its commit.", err=True)
        publishing.hold(STOP_WAIT)
        click.echo("Editor stopped.", err=True)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


# seconds a stop waits for a publish's commit phase (a slow git hook); then the next start completes it
STOP_WAIT = 30.0


def _settle_publish(project: Project) -> None:
    """A publish that a SIGKILL or a crash cut short after its build is completed before the editor serves
    (publishing.recover); if it cannot be yet, the editor says why and starts: every publish tries again first."""
    from ..editing import publishing
    from ..errors import BuildFailed, ContentErrors

    try:
        done = publishing.recover(project)
    except ContentErrors as exc:
        click.echo("Warning: a publish that was stopped could not be completed yet:", err=True)
        for error in exc.errors:
            click.echo(f"Warning: {error}", err=True)
    except (BuildFailed, OSError) as exc:
        click.echo(f"Warning: a publish that was stopped could not be completed yet: {exc}", err=True)
    else:
        if done:
            click.echo(done, err=True)


def _author(project: Project, given: str | None):
    """Who commits without a users file: --author, else git's configured user, else None (create_app then
    commits as the editor's neutral name)."""
    from ..editing.commits import Author

    if given:
        found = re.fullmatch(r"\s*(.+?)\s*<([^>]+)>\s*", given)
        if not found:
            raise ValueError(f"--author '{given}': write it as 'Name <email>'")
        return Author(found.group(1), found.group(2))
    from ..editing.commits import git

    name, email = (git(project, "config", "--get", key).stdout.strip() for key in ("user.name", "user.email"))
    return Author(name, email) if name and email else None
