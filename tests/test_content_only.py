"""Only content/: a symbolic link in content/, to a file outside or anywhere else, is refused by the build, by the
editor and by the publish commit, with the file named (issue 22, point 4; review rows 69–71).

The reviewer's links: content/{fi,sv}/pages/evil.md to a page outside the project. Before, the editor showed the
outside page in its form, the publish put it on the site (site/fi/evil/index.html) and committed the links.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import editing, pipeline
from generator.cli import main
from tests.support.editor import Browser, Running, git, git_repo
from tests.support.processes import wait_until
from tests.support.project import copy_project
from tests.support.site import tree_hashes

SECRET = "TOP SECRET OUTSIDE CONTENT"
OUTSIDE_PAGE = f"---\nslug: evil\ntitle: SALAINEN ULKOPUOLINEN\ndescription: Ulkopuolinen.\n---\n\n{SECRET}\n"
LINK_MESSAGE = "is a symbolic link: the site is built only from the files inside content/ [symlink]"
FILE_HINT = "replace it with the file itself, inside content/"
FOLDER_HINT = "replace it with the folder itself, inside content/"


def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "evil.md").write_text(OUTSIDE_PAGE)
    return folder / "evil.md"


def evil_pages(root: Path, target: Path) -> None:
    for lang in ("fi", "sv"):
        (root / "content" / lang / "pages" / "evil.md").symlink_to(target)


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


CASES = {
    "pages-to-a-file-outside": (
        lambda root, tmp: evil_pages(root, outside(tmp)),
        [
            f"content/fi/pages/evil.md: {LINK_MESSAGE} – {FILE_HINT}",
            f"content/sv/pages/evil.md: {LINK_MESSAGE} – {FILE_HINT}",
        ],
    ),
    "a-folder-outside": (
        lambda root, tmp: (
            (root / "content/sv/updates").rename(tmp / "sv-updates"),
            (root / "content/sv/updates").symlink_to(tmp / "sv-updates"),
        ),
        [f"content/sv/updates: {LINK_MESSAGE} – {FOLDER_HINT}"],
    ),
    "a-file-inside": (
        lambda root, tmp: (root / "content/fi/pages/copy.md").symlink_to("about.md"),
        [f"content/fi/pages/copy.md: {LINK_MESSAGE} – {FILE_HINT}"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_refuse_a_symlink_and_name_it(project, tmp_path, case, command):
    breaker, expected = CASES[case]
    breaker(project, tmp_path)
    result = CliRunner().invoke(main, [command, "--root", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines() == [f"Error: {e}" for e in expected] + [
        f"{len(expected)} error(s) found; nothing was written. Fix them and run the command again."
    ]
    assert not (project / "site").exists() and not (project / "docs").exists()


def test_the_editor_refuses_paths_through_a_symlink(project, tmp_path):
    """editing's own checks, below the web layer: no path through a link is inside content/, and no staged copy
    (what saves and publishes validate and build) is made of a content/ with a link in it."""
    proj = pipeline.Project(project)
    evil_pages(project, outside(tmp_path))
    (project / "content/fi/pages/copy.md").symlink_to("about.md")  # pointing inside is refused as well
    for rel in ("fi/pages/evil.md", "fi/pages/copy.md", "fi/pages/evil.md/../about.md"):
        with pytest.raises(editing.EditError):
            editing.inside_content(proj, rel)
    assert editing.word_files(proj, "fi")[-1:] == ["pages/about.md"]
    content, errors = editing.validate(proj, {"fi/pages/about.md": (project / "content/fi/pages/about.md").read_text()})
    assert content is None and {e.code for e in errors} == {"symlink"}
    assert not list((project / ".editor").glob("stage-*"))


@pytest.fixture
def repo(tmp_path) -> Path:
    root = copy_project(tmp_path / "project")
    (root / ".gitignore").write_text("/site/\n/docs/\n/.editor/\n/.site.staging/\n")
    git_repo(root)
    pipeline.build(pipeline.Project(root), parallel=False)
    return root


def test_the_running_editor_never_shows_or_publishes_a_file_outside_content(repo, tmp_path):
    """Row 70 as the reviewer ran it, against the real server: the links' words are not offered, not shown and
    not saved through (row 69), the update whose Swedish file is a link shows none of it, and the publish is
    refused naming the link: site/ and git stay as they were."""
    target = outside(tmp_path)
    evil_pages(repo, target)
    update = "2020-04-30-vuoden-2019-vakiluku-julkaistu"
    sv_update = repo / "content" / "sv" / "updates" / f"{update}.md"
    (tmp_path / "outside" / "update.md").write_text(sv_update.read_text().replace("\n---\n", f"\n---\n\n{SECRET}\n", 1))
    sv_update.unlink()
    sv_update.symlink_to(tmp_path / "outside" / "update.md")
    site, head, before = tree_hashes(repo / "site"), git(repo, "rev-parse", "HEAD"), md5(target)
    editor = Running(repo)
    try:
        browser = Browser(editor)
        for path in (
            "/words",
            "/words/pages/evil.md/",
            "/words/pages/evil.md/evil",
            f"/updates/{update}",
            "/preview/fi/evil/",
            "/publish",
        ):
            answer = browser.session.get(editor.url + path, timeout=30)
            assert SECRET not in answer.text and "SALAINEN" not in answer.text, path
        assert "pages/evil.md" not in browser.session.get(editor.url + "/words", timeout=30).text
        token = browser.form("/publish")
        saved = browser.post("/words/pages/evil.md/evil", token | {"fi-title": "Muutettu", "fi-body": "x"})
        assert saved.status_code in (400, 404) and md5(target) == before
        published = browser.post("/publish", browser.form("/publish"))
        assert published.status_code == 422 and SECRET not in published.text
        assert "content/fi/pages/evil.md" in published.text
    finally:
        editor.stop()
    assert tree_hashes(repo / "site") == site and not (repo / "site" / "fi" / "evil").exists()
    assert git(repo, "rev-parse", "HEAD") == head and "120000" not in git(repo, "ls-tree", "-r", "HEAD")
    assert md5(target) == before


def test_a_symlink_made_while_a_publish_builds_is_never_committed(repo, tmp_path):
    """The publish commit adds only what it built: links that appear in content/ while the site builds are left
    out of the commit (and out of the site); the next build refuses them."""
    editor = Running(repo)
    try:
        browser = Browser(editor)
        form = browser.form("/words/metrics.yml/population")
        assert (
            browser.post(
                "/words/metrics.yml/population", form | {"fi-name": "Asukasluku", "sv-name": "Invånarantal"}
            ).status_code
            == 200
        )
        answers = []
        sender = threading.Thread(target=lambda: answers.append(browser.post("/publish", browser.form("/publish"))))
        sender.start()
        assert wait_until(lambda: (repo / ".site.staging").exists(), 30), "the build did not start"
        evil_pages(repo, outside(tmp_path))
        sender.join(60)
    finally:
        editor.stop()
    assert answers and answers[0].status_code == 200, answers
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    # the metrics' words and site.yml, whose as_of the publish sets to the day of the publish
    assert committed == ["content/fi/metrics.yml", "content/site.yml", "content/sv/metrics.yml"]
    assert "120000" not in git(repo, "ls-tree", "-r", "HEAD") and not (repo / "site" / "fi" / "evil").exists()
    assert git(repo, "status", "--porcelain").splitlines() == [
        "?? content/fi/pages/evil.md",
        "?? content/sv/pages/evil.md",
    ]
    result = CliRunner().invoke(main, ["check", "--root", str(repo)])
    assert result.exit_code == 1 and result.output.startswith("Error: content/fi/pages/evil.md: is a symbolic link")


def test_a_tracked_file_turned_into_a_symlink_is_never_committed(repo, tmp_path):
    """The commit's own last check: whatever is staged is inside content/ and no link (mode 120000), else nothing
    is committed and the content files are as they were."""
    from generator.editing import commits

    proj = pipeline.Project(repo)
    about = repo / "content" / "fi" / "pages" / "about.md"
    about.unlink()
    about.symlink_to(outside(tmp_path))
    head = git(repo, "rev-parse", "HEAD")
    with pytest.raises(commits.CommitRefused) as refused:
        commits.commit_paths(proj, ["content/fi/pages/about.md"], commits.Author("A", "a@example.org"), "x")
    assert "content/fi/pages/about.md" in str(refused.value)
    assert git(repo, "rev-parse", "HEAD") == head and os.path.islink(about)
