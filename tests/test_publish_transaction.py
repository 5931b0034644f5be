"""A publish from the editor is one transaction: stopped at any moment, content/, git and site/ are all the old
state or all the new one (issue 22, point 5; review rows 88–95 and 8).

The real editor (`strategy-site edit`, waitress) runs in a session of its own, publishes an update sent over HTTP
as a browser sends it, and is stopped at each step of the publish: after validation (the pause hook of
editing/publishing.py, STRATEGY_SITE_PUBLISH_PAUSE, which prints where it waits), mid-build (the build's .site.staging
appears), right after the site swap (site/ changes inode, as the reviewer watched it; the pause hook holds the
editor just after it, so the stop cannot come late), and during `git add` and `git commit` (a `git` first on
PATH that waits inside the git process before it becomes the real git, so git is really running). After
the stop, and again after a restart (which settles an interrupted publish), content/, the git HEAD and index,
and site/ must agree: either all old (site/ byte for byte as before, HEAD unchanged) or all new (the HEAD tree,
the update's files and site/ those of an uninterrupted publish, whose site is a fresh build of its committed
content); no process of the editor's session left, the port free, and nothing already committed still pending.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from generator import pipeline
from generator.editing import commits, publishing
from tests.support.editor import REAL_GIT, Browser, Running, git, git_repo
from tests.support.processes import wait_until
from tests.support.project import copy_project
from tests.support.site import tree_hashes

UPDATE_ID = "2026-12-03-sammutustesti"
UPDATE_FILES = (f"updates/{UPDATE_ID}.yml", f"fi/updates/{UPDATE_ID}.md", f"sv/updates/{UPDATE_ID}.md")
GIT_WRAPPER = '''#!{python} -S
"""git, but first waiting inside this very process when the subcommand is $TEST_GIT_WAIT_FOR (then exec's git)."""
import os, sys, time
args, sub, skip = sys.argv[1:], None, False
for arg in args:
    if skip:
        skip = False
    elif arg in ("-C", "-c"):
        skip = True
    elif not arg.startswith("-"):
        sub = arg
        break
if sub and sub == os.environ.get("TEST_GIT_WAIT_FOR"):
    with open(os.environ["TEST_GIT_MARK"], "a") as mark:
        mark.write(f"{{sub}} {{os.getpid()}}\\n")
    time.sleep(float(os.environ.get("TEST_GIT_WAIT_SECONDS", "2")))
os.execv({git!r}, [{git!r}] + args)
'''


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass(frozen=True)
class State:
    """What a project's site/, git and update files are, to compare with the old and the new state."""

    site: dict
    tree: str
    head: str
    status: str
    files: dict

    @staticmethod
    def of(root: Path) -> State:
        files = {
            rel: (root / "content" / rel).read_bytes() for rel in UPDATE_FILES if (root / "content" / rel).exists()
        }
        return State(
            tree_hashes(root / "site"),
            git(root, "rev-parse", "HEAD^{tree}").strip(),
            git(root, "rev-parse", "HEAD").strip(),
            git(root, "status", "--porcelain", "--untracked-files=all"),
            files,
        )


def agreement(root: Path, old: State, new: State) -> str:
    """'old' or 'new' when content/, git and site/ all are that state; else what disagrees."""
    now = State.of(root)
    if now.status:
        return f"git status is not clean:\n{now.status}"
    for name, ref in (("old", old), ("new", new)):
        if (now.site, now.tree, now.files) == (ref.site, ref.tree, ref.files):
            return name
    return (
        f"a mix: site/ is {'old' if now.site == old.site else 'new' if now.site == new.site else 'neither'}, "
        f"the HEAD tree {'old' if now.tree == old.tree else 'new' if now.tree == new.tree else 'neither'}, "
        f"the update's files {'old' if now.files == old.files else 'new' if now.files == new.files else 'neither'}"
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A project in git with its site built: each test publishes in a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("template") / "project")
    (root / ".gitignore").write_text("/site/\n/docs/\n/.editor/\n/.site.staging/\n")
    git_repo(root)
    pipeline.build(pipeline.Project(root), parallel=False)
    return root


def clone(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def states(template, tmp_path_factory) -> tuple[State, State]:
    """The old state, and the new one: an uninterrupted publish of the update, whose site/ equals a fresh build of
    what it committed."""
    work = tmp_path_factory.mktemp("reference")
    root = clone(template, work / "project")
    old = State.of(root)
    editor = Running(root)
    try:
        answer = Browser(editor).publish_update()
        assert answer.status_code == 200, answer.text
    finally:
        editor.stop()
    new = State.of(root)
    assert new.head != old.head and new.status == "" and set(new.files) == set(UPDATE_FILES)
    assert git(root, "log", "-1", "--format=%s").strip() != ""
    fresh = work / "fresh"
    shutil.copytree(root / "content", fresh / "content")
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", fresh / "overrides")
    shutil.copy(root / "mkdocs.yml", fresh / "mkdocs.yml")
    pipeline.build(pipeline.Project(fresh), parallel=False)
    assert tree_hashes(fresh / "site") == new.site, "the published site is not a build of the committed content"
    assert new.site != old.site
    return old, new


def pause(step: str, seconds: float) -> dict:
    return {"STRATEGY_SITE_PUBLISH_PAUSE": f"{step}:{seconds}"}


def slow_git(bin_dir: Path, subcommand: str, seconds: float = 1.5) -> dict:
    """The environment of an editor whose `git <subcommand>` waits `seconds` inside the git process."""
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "git"
    wrapper.write_text(GIT_WRAPPER.format(python=sys.executable, git=REAL_GIT))
    wrapper.chmod(0o755)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "TEST_GIT_WAIT_FOR": subcommand,
        "TEST_GIT_MARK": str(bin_dir / "mark"),
        "TEST_GIT_WAIT_SECONDS": str(seconds),
    }


# (moment, signal, the state right after the stop, the state after a restart)
MOMENTS = [
    ("validated", signal.SIGTERM, "old", "old"),
    ("mid-build", signal.SIGTERM, "old", "old"),
    ("swapped", signal.SIGTERM, "new", "new"),
    ("git add", signal.SIGTERM, "new", "new"),
    ("git commit", signal.SIGTERM, "new", "new"),
    ("git commit", signal.SIGKILL, None, "new"),  # killed outright: the restart completes the publish
    ("swapped", signal.SIGKILL, None, "new"),
]


@pytest.mark.parametrize(
    "moment,sig,after_stop,after_restart", MOMENTS, ids=[f"{m}-{s.name}" for m, s, _, _ in MOMENTS]
)
def test_a_publish_stopped_at_any_step_leaves_content_git_and_site_agreeing(
    template, states, tmp_path, moment, sig, after_stop, after_restart
):
    old, new = states
    root = clone(template, tmp_path / "project")
    env = {}
    if moment in ("validated", "swapped"):
        env = pause(moment, 1 if sig == signal.SIGTERM else 30)
    elif moment.startswith("git "):
        env = slow_git(tmp_path / "bin", moment.split()[1], 1 if sig == signal.SIGTERM else 30)
    site_inode = (root / "site").stat().st_ino
    editor = Running(root, env)
    answers: list = []
    sender = threading.Thread(target=lambda: answers.append(_try(Browser(editor).publish_update)), daemon=True)
    sender.start()
    try:
        if moment == "validated":
            editor.wait_line("publish: paused at validated")
        elif moment == "swapped":  # site/ changed places with the new site (the pause keeps the editor just after it)
            assert wait_until(lambda: (root / "site").stat().st_ino != site_inode, 30), "site/ was not swapped"
        elif moment == "mid-build":
            assert wait_until(lambda: (root / ".site.staging").exists(), 30), "the build did not start"
        else:
            assert wait_until(lambda: (tmp_path / "bin" / "mark").exists(), 30), f"`{moment}` did not run"
    except BaseException:
        editor.stop(signal.SIGKILL)
        raise
    seconds = editor.stop(sig)
    sender.join(30)
    assert editor.leftovers() == [], f"processes left after {sig.name} at {moment}"
    assert port_free(editor.port)
    if after_stop:
        assert editor.proc.returncode == 128 + sig
        assert agreement(root, old, new) == after_stop
        bound = 1.5 if after_stop == "old" else 6  # a stop in the commit phase waits for it (the pause: 1 s)
        assert seconds < bound, f"the editor took {seconds:.1f} s to stop at {moment}"
    else:  # killed outright: what the kill left, for the restart to settle
        now = State.of(root)
        if moment == "git commit":
            assert (now.site, now.head) == (old.site, old.head), "killed before its commit: site/ and HEAD are old"
        else:
            assert (now.site, now.tree) == (new.site, new.tree), "killed after the swap: site/ and HEAD are new"
        assert (root / ".editor" / "publish.json").exists(), "no journal of the publish under way"
    again = Running(root)  # the restart settles what the stop left
    try:
        assert agreement(root, old, new) == after_restart
        assert publishing.pending(pipeline.Project(root)) == []
        assert not (root / ".editor" / "publish.json").exists()
        if after_restart == "new":
            assert git(root, "log", "--format=%s").count("\n") == 2  # the start and one publish: never twice
        if sig == signal.SIGKILL and moment == "git commit":
            next_publish_names_what_it_holds(again, root, tmp_path)
    finally:
        again.stop()
    assert again.leftovers() == [] and port_free(again.port)


def _try(call):
    try:
        return call()
    except requests.RequestException as exc:
        return exc


def next_publish_names_what_it_holds(editor: Running, root: Path, tmp_path: Path) -> None:
    """Row 8: the next publish after the killed one names every change it commits, a round imported with the CLI
    meanwhile included (by its path), and never the update the killed publish committed."""
    from click.testing import CliRunner

    from generator.cli import main

    csv = tmp_path / "round.csv"
    csv.write_text(
        "metric,period,value,source,note_fi,note_sv\npopulation,2020-12-31,47909,kokkola-in-figures-population,,\n"
    )
    browser = Browser(editor)
    form = browser.form("/words/metrics.yml/population")
    assert (
        browser.post(
            "/words/metrics.yml/population", form | {"fi-name": "Asukasluku", "sv-name": "Invånarantal"}
        ).status_code
        == 200
    )
    imported = CliRunner().invoke(main, ["import-round", str(csv), "--root", str(root), "--date", "2021-04-30"])
    assert imported.exit_code == 0, imported.output
    assert browser.post("/publish", browser.form("/publish")).status_code == 200
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert files == ["content/fi/metrics.yml", "content/snapshots/2021-04-30.csv", "content/sv/metrics.yml"]
    message = git(root, "log", "-1", "--format=%B")
    lines = [line for line in message.splitlines() if line.startswith("- ")]
    # the words change and the round, named by its path in both languages
    assert len(lines) == 2 and (
        "- Lisätty: content/snapshots/2021-04-30.csv / Tillagt: content/snapshots/2021-04-30.csv" in lines
    ), message
    assert UPDATE_ID not in message and "Sammutustesti" not in message, message
    assert git(root, "status", "--porcelain") == "" and publishing.pending(pipeline.Project(root)) == []


def test_a_publish_renders_only_the_pages_its_change_shows_on(template, tmp_path):
    """The editor's publish builds as `strategy-site build` does, with the page cache (issue 26). The day's
    first publish dates the content to today, which many pages show; a second one that day, of one Finnish
    page's words, renders that page and no Swedish one, and the site is the one a build without the cache makes."""
    root = clone(template, tmp_path / "project")
    proj = pipeline.Project(root)
    about = root / "content" / "fi" / "pages" / "about.md"
    author = commits.Author("Anna Andersson", "anna@example.org")
    for before, after in (("## Mikä sivusto on", "## Mikä tämä sivusto on"), ("## Mikä tämä sivusto on", "## Sivusto")):
        done = publishing.publish(
            proj, author, {"fi/pages/about.md": about.read_text().replace(before, after)}, ("words", "Sivu muutettu")
        )
        assert done.ok, done.errors
    assert done.rendered["sv"] == {"rendered": 0, "reused": 44}
    assert done.rendered["fi"]["rendered"] == 1 and done.rendered["fi"]["reused"] == 43
    pipeline.build(proj, site_dir=tmp_path / "clean", page_cache=False)
    assert tree_hashes(root / "site") == tree_hashes(tmp_path / "clean")


def test_a_stale_index_lock_is_removed_only_while_no_git_works_in_the_repository(template, tmp_path):
    """A git killed outright leaves .git/index.lock, and git then refuses every `git add` (before, the publish
    wrote content/ and silently committed nothing). It is removed before a publish, but never while a process
    has it open or a git works in the repository."""
    root = clone(template, tmp_path / "project")
    proj = pipeline.Project(root)
    lock = root / ".git" / "index.lock"
    lock.write_text("")
    holders = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import time; f = open({str(lock)!r}, 'a'); print('held', flush=True); time.sleep(60)",
            ],
            stdout=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [str(tmp_path / "bin" / "git"), "status"],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ) | slow_git(tmp_path / "bin", "status", 60),
        ),
    ]
    for holder in holders:
        try:
            if holder.args[0] == sys.executable:
                assert holder.stdout.readline() == "held\n"
            else:
                assert wait_until(lambda: (tmp_path / "bin" / "mark").exists(), 10)
            publishing.recover(proj)
            assert lock.exists(), f"removed while {holder.args} ran"
        finally:
            holder.kill()
            holder.wait()
    about = root / "content" / "fi" / "pages" / "about.md"
    done = publishing.publish(
        proj,
        commits.Author("Anna Andersson", "anna@example.org"),
        {"fi/pages/about.md": about.read_text().replace("## Mikä sivusto on", "## Mikä tämä sivusto on")},
        ("words of pages/about.md about", "Sivu muutettu"),
    )
    assert done.ok, done.errors
    assert not lock.exists() and git(root, "status", "--porcelain") == ""
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Sivu muutettu",
        "",
        "content/fi/pages/about.md",
    ]
