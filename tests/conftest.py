"""Shared fixtures: a copy of the project to break on purpose, and the Kokkola site built and served once."""

from __future__ import annotations

import http.server
import shutil
import socket
from pathlib import Path

import pytest

from generator import pipeline

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (content, config, theme overrides) to edit in a test."""
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def proj(tmp_path: Path) -> pipeline.Project:
    """A copy of the project as the editor serves it: with deploy/nginx.conf, whose policy its previews carry."""
    root = copy_project(tmp_path / "project")
    (root / "deploy").mkdir()
    (root / "deploy" / "nginx.conf").write_bytes((ROOT / "deploy" / "nginx.conf").read_bytes())
    return pipeline.Project(root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> tuple[str, Path]:
    """The Kokkola site built for, and served at, a local address: (base URL, site folder).

    Served by nginx with the production configuration (deploy/nginx.conf, see tests/nginx.py), so the
    browser tests see the headers (Content-Security-Policy included), redirects and compression visitors get.
    """
    base_url, site, server = serve_built(tmp_path_factory.mktemp("served"))
    yield base_url, site
    server.stop()


def serve_built(work: Path, engine: str = "mkdocs"):
    """A copy of the project built with `engine` for a free local port and served there by nginx:
    (base URL, site folder, server)."""
    from tests.nginx import Nginx

    proj = copy_project(work / "project")
    site = work / "site"
    for attempt in range(3):  # the free port may be taken between choosing and binding it
        port = free_port()
        base_url = f"http://127.0.0.1:{port}/"
        pipeline.build(pipeline.Project(proj), site, base_url, engine=engine)
        try:
            return base_url, site, Nginx(work / f"nginx{attempt}", site, port)
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


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


SUMMARIES = {"a11y_summary": "accessibility audit", "lighthouse_summary": "Lighthouse"}


def pytest_terminal_summary(terminalreporter):
    """Show the audits' summaries (tests/test_accessibility.py, tests/test_lighthouse.py) after the run, also
    under xdist."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name in SUMMARIES and report.when == "call":
                terminalreporter.write_sep("-", SUMMARIES[name])
                terminalreporter.write_line(value)
