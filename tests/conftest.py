"""Shared fixtures: a copy of the project to break on purpose, and the Kokkola site built and served once (with
either engine). The helpers the test modules share are in tests/support/, by theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.editor import git_repo
from tests.support.nginx import serve_built
from tests.support.project import copy_for_editor, copy_project, copy_second_city


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def proj(tmp_path: Path) -> pipeline.Project:
    """A copy of the project as the editor serves it."""
    return pipeline.Project(copy_for_editor(tmp_path / "project"))


@pytest.fixture
def editor_project(tmp_path: Path) -> Path:
    """The editor's copy (as `proj`) in git, as the city keeps it: for the editor run in a process of its own."""
    root = copy_for_editor(tmp_path / "project")
    git_repo(root)
    return root


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> tuple[str, Path]:
    """The Kokkola site built for, and served at, a local address: (base URL, site folder).

    Served by nginx with the production configuration (nginx-config's, see tests/support/nginx.py), so the
    browser tests see the headers (Content-Security-Policy included), redirects and compression visitors get.
    """
    base_url, site, server = serve_built(tmp_path_factory.mktemp("served"))
    yield base_url, site
    server.stop()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The Kokkola site built as published (production base URL); returns site/."""
    work = tmp_path_factory.mktemp("built")
    proj = copy_project(work / "project")
    pipeline.build(pipeline.Project(proj), proj / "site")
    return proj


@pytest.fixture(scope="session")
def second_city_site(tmp_path_factory) -> Path:
    """The second city (tests/cities/vaasa) built as published, with the package's mkdocs.yml and theme; returns
    the project (its site in site/): the city-neutral checks run on it as on Kokkola's."""
    proj = copy_second_city(tmp_path_factory.mktemp("second-city") / "project")
    pipeline.build(pipeline.Project(proj), proj / "site")
    return proj


@pytest.fixture(scope="session")
def second_city_served(tmp_path_factory) -> tuple[str, Path]:
    """The second city built for, and served by nginx at, a local address: (base URL, site folder)."""
    base_url, site, server = serve_built(tmp_path_factory.mktemp("second-served"), copy=copy_second_city)
    yield base_url, site
    server.stop()


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The Kokkola site built with Zensical as published (production base URL); returns the project."""
    proj = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    pipeline.build(pipeline.Project(proj), proj / "site", engine="zensical")
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
