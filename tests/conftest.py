"""Shared fixtures: a copy of the project to break on purpose, and the Kokkola site built and served once."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

from generator import pipeline

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (content, config, theme overrides, hook) to edit in a test."""
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "mkdocs_hooks.py", dest / "generator" / "mkdocs_hooks.py")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> tuple[str, Path]:
    """The Kokkola site built for, and served at, a local address: (base URL, site folder)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    work = tmp_path_factory.mktemp("served")
    proj = copy_project(work / "project")
    site = work / "site"
    pipeline.build(pipeline.Project(proj), site, base_url)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base_url, site
    server.shutdown()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The Kokkola site built as published (production base URL); returns site/."""
    work = tmp_path_factory.mktemp("built")
    proj = copy_project(work / "project")
    pipeline.build(pipeline.Project(proj), proj / "site")
    return proj


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
