"""The editor as the tests run it: `strategy-site edit` in a process of its own, a staff member's browser over
HTTP, the project in git, and the words and dates the editor tests share."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.support.processes import session_processes, wait_for, wait_until
from tests.support.serving import free_port, port_open

TODAY = dt.date(2026, 12, 2)
UPDATE = "2020-04-30-vuoden-2019-vakiluku-julkaistu"
STRATEGY_SITE = Path(sys.executable).with_name("strategy-site")
REAL_GIT = shutil.which("git")  # the real git, for the tests that put a slow one first on PATH

# The new-update form as a staff member fills it in (Browser.publish_update sends it).
FORM = {
    "date": "2026-12-03",
    "metrics": "population",
    "fi-slug": "",
    "fi-title": "Sammutustesti",
    "fi-summary": "Julkaisu, joka pysäytetään.",
    "fi-body": "Teksti **tässä**.",
    "sv-slug": "",
    "sv-title": "Avstängningstest",
    "sv-summary": "En publicering som stoppas.",
    "sv-body": "Texten **här**.",
}

# A round copied from a spreadsheet and pasted into the editor: tabs, Finnish names, dates and decimal commas.
PASTED = (
    "metric\tperiod\tvalue\tsource\tnote_fi\tnote_sv\n"
    "Väkiluku\t31.12.2020\t47 909\tkokkola-in-figures-population\t\t\n"
    "Työttömyysaste\t2020\t10,4\tkokkola-in-figures-employment\tArvio\tUppskattning\n"
)


def git_repo(root: Path) -> None:
    """Make `root` a git repository with everything committed, as the editor expects of the city's copy."""
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "CI"],
        ["config", "user.email", "ci@example.org"],
        ["add", "-A"],
        ["commit", "-qm", "start"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True)


def git(root: Path, *args: str) -> str:
    """The real git's output in `root` (a failure raises)."""
    return subprocess.run([REAL_GIT, "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def token(client, url: str = "/") -> str:
    """The CSRF token of the form at `url`, as a browser would send it back (a Flask test client)."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


class Clock:
    """A clock the test moves by hand, so that login throttling is tested without sleeping."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Editor:
    """`strategy-site edit` in its own process, on a free port."""

    def __init__(self, root: Path, *args: str):
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "edit", "--root", str(root), "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
        )
        first = self.proc.stdout.readline()
        assert first.startswith(f"Editor: http://127.0.0.1:{self.port}/"), first + self.proc.stdout.read()
        end = time.monotonic() + 20
        while not port_open(self.port):
            assert time.monotonic() < end, "the editor did not start"
            time.sleep(0.1)

    def stop(self, sig=signal.SIGTERM) -> float:
        """Stop it; the seconds it took."""
        start = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=20)
        return time.monotonic() - start


class Running:
    """`strategy-site edit` in a session of its own on a free port, its output collected line by line."""

    def __init__(self, root: Path, env: dict | None = None):
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [
                str(STRATEGY_SITE),
                "edit",
                "--root",
                str(root),
                "--port",
                str(self.port),
                "--author",
                "Anna Andersson <anna@example.org>",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1") | (env or {}),
        )
        threading.Thread(target=self._read, daemon=True).start()
        end = time.monotonic() + 60  # a start after an interrupted publish may rebuild the site first
        while not port_open(self.port):
            if self.proc.poll() is not None or time.monotonic() > end:
                self.stop(signal.SIGKILL)
                raise AssertionError("the editor did not start:\n" + "\n".join(self.lines))
            time.sleep(0.05)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_line(self, text: str, seconds: float = 30) -> None:
        assert wait_until(lambda: any(text in line for line in self.lines), seconds), f"no '{text}' in:\n" + "\n".join(
            self.lines
        )

    def stop(self, sig=signal.SIGTERM) -> float:
        """Stop it with `sig`; the seconds it took to end."""
        start = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=60)
        return time.monotonic() - start

    def leftovers(self) -> list[str]:
        """What is left of the editor's session: each process still alive, as its command line."""
        wait_for(lambda: not session_processes(self.proc.pid), 10)
        return [
            Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
            for pid in session_processes(self.proc.pid)
            if Path(f"/proc/{pid}").exists()
        ]


class Browser:
    """A staff member's browser: the session cookie, each form's token and version, the editor's own origin."""

    def __init__(self, editor: Running):
        self.url, self.session = editor.url, requests.Session()

    def form(self, path: str) -> dict[str, str]:
        page = self.session.get(self.url + path, timeout=30).text
        return {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("csrf_token", "version")
            if f'name="{name}"' in page
        }

    def post(self, path: str, data: dict, timeout: float = 60) -> requests.Response:
        return self.session.post(
            self.url + path, data=data, timeout=timeout, headers={"Origin": self.url, "Referer": self.url + path}
        )

    def publish_update(self) -> requests.Response:
        return self.post(
            "/updates/save", self.form("/updates/new") | {"id": "", "draft": "1", "action": "publish"} | FORM
        )
