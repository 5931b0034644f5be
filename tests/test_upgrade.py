"""Content written for an earlier version keeps building (issue 25, point 6): Kokkola's content as it was at
the start of issue 25 (commit ee68cbf: the whole interface in its own ui.yml, no `programmes_under`) is checked
and built by today's generator."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.project import ROOT

BEFORE_ISSUE_25 = "ee68cbf"


@pytest.fixture
def old_project(project):
    found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", BEFORE_ISSUE_25], capture_output=True)
    if found.returncode != 0:
        pytest.skip(f"this clone has no commit {BEFORE_ISSUE_25} (a shallow clone)")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BEFORE_ISSUE_25, "content"], capture_output=True, check=True
    ).stdout
    shutil.rmtree(project / "content")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(project, filter="data")
    return project


def test_content_from_before_issue_25_checks_and_builds(old_project):
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--root", str(old_project)])
    assert (checked.exit_code, checked.output) == (0, "Content OK: 2 languages, 11 metrics, 3 monitoring rounds.\n")
    built = runner.invoke(main, ["build", "--root", str(old_project)])
    assert built.exit_code == 0, built.output
    home = (old_project / "site" / "fi" / "index.html").read_text(encoding="utf-8")
    assert "Neljä teemaa" in home and "Kokkolan strategian sisältöluonnos" in home
