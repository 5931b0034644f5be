"""A build or preview stopped at any moment: no process it started is left running, and site/ is the old site or
the new one, never a mix (issue 13's point 5, for what exists now: `build` and `serve`).

The builds are real `strategy-site build` processes, each in a session of its own, killed at random moments
(the seed is printed) with SIGKILL or SIGTERM sent to the build process alone: the workers it forked must end
with it (generator/workers.py), and site/ must then hash to one of the two versions (generator/writers.swap_in).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline
from tests.support.processes import session_processes, wait_for
from tests.support.serving import fetch_text, free_port
from tests.support.site import tree_hashes as tree


def flip(project: Path, version: int) -> None:
    """Content version 0 or 1: one Swedish word differs, so the two builds differ in a few files."""
    path = project / "content/sv/strategy.yml"
    text = path.read_text(encoding="utf-8")
    a, b = "modigt förnyar sig", "djärvt förnyar sig"
    path.write_text(text.replace(b, a) if version == 0 else text.replace(a, b), encoding="utf-8")


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_build_killed_at_any_moment_leaves_old_or_new_site_and_no_process(project, tmp_path):
    site = project / "site"
    versions = []
    for version in (0, 1):
        flip(project, version)
        pipeline.build(pipeline.Project(project), tmp_path / f"v{version}")
        versions.append(tree(tmp_path / f"v{version}"))
    assert versions[0] != versions[1]
    flip(project, 0)
    pipeline.build(pipeline.Project(project), site)
    assert tree(site) == versions[0]
    # How long a whole build takes here, to spread the kills over it.
    began = time.monotonic()
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--root", str(project)], capture_output=True
        ).returncode
        == 0
    )
    seconds = time.monotonic() - began
    seed = random.randrange(10**6)
    print(f"kill moments seeded with {seed}; a whole build takes {seconds:.1f} s")
    rng = random.Random(seed)
    seen = {0: 0, 1: 0}
    current = 0
    for i in range(10):
        flip(project, 1 - current)
        proc = start(["build", "--root", str(project)])
        time.sleep(rng.uniform(0.1, seconds * 1.1))
        how = signal.SIGKILL if i % 3 else signal.SIGTERM
        proc.send_signal(how)
        proc.wait(timeout=30)
        assert wait_for(lambda pid=proc.pid: not session_processes(pid), 15), (
            f"kill {i} ({how.name}): processes left running: {session_processes(proc.pid)}"
        )
        now = tree(site)
        assert now in versions, f"kill {i} ({how.name}): site/ is neither the old site nor the new one"
        current = versions.index(now)
        seen[current] += 1
        flip(project, current)  # the content that matches the site, for the next round to change
    # The next build after all that is whole and clean.
    flip(project, 1)
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--root", str(project)], capture_output=True
        ).returncode
        == 0
    )
    assert tree(site) == versions[1]


def test_stopped_preview_leaves_no_process_and_frees_its_port(project):
    port = free_port()
    proc = start(["serve", "--root", str(project), "--port", str(port)])
    try:
        assert wait_for(lambda: "Karleby" in fetch_text(f"http://127.0.0.1:{port}/sv/")), "the preview did not start"
        flip(project, 1)  # a rebuild starts workers again
        assert wait_for(lambda: "djärvt förnyar sig" in fetch_text(f"http://127.0.0.1:{port}/sv/")), "no rebuild"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert wait_for(lambda: not session_processes(proc.pid), 15), session_processes(proc.pid)
    with socket.socket() as s:  # free again: a new preview can listen on it (closed connections may linger)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()


@pytest.mark.parametrize("moment", [0.5, 1.5])
def test_sigkill_of_the_build_ends_its_workers(project, moment):
    """The build process killed with SIGKILL cannot clean up: its workers end by themselves (PR_SET_PDEATHSIG)."""
    proc = start(["build", "--root", str(project)])
    time.sleep(moment)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert wait_for(lambda: not session_processes(proc.pid), 15), session_processes(proc.pid)


def test_site_changes_in_one_atomic_step(tmp_path, monkeypatch):
    """writers.swap_in, stopped at each of its file operations in turn: until the one exchange, site/ is the
    old tree, untouched; after it, the new tree, with unchanged files the very same files (inode, date)."""
    from generator import writers

    def trees():
        old, new = tmp_path / "site", tmp_path / "new"
        for folder in (old, new):
            if folder.exists():
                shutil.rmtree(folder)
        writers.write_tree({"same.html": b"1", "changed.html": b"old", "stale.html": b"x", "a/b.html": b"2"}, old)
        writers.write_tree({"same.html": b"1", "changed.html": b"new", "added/x.html": b"3", "a/b.html": b"2"}, new)
        return old, new

    calls = {"n": 0}
    real_link, real_replace = os.link, os.replace
    for stop_at in range(1, 10):
        old, new = trees()
        before = tree(old)
        calls["n"] = 0

        def counted(real, stop_at):
            def op(*args, **kwargs):
                calls["n"] += 1
                if calls["n"] == stop_at:
                    raise KeyboardInterrupt("stopped here")
                return real(*args, **kwargs)

            return op

        monkeypatch.setattr(os, "link", counted(real_link, stop_at))
        monkeypatch.setattr(os, "replace", counted(real_replace, stop_at))
        try:
            writers.swap_in(new, old)
            stopped = False
        except KeyboardInterrupt:
            stopped = True
        monkeypatch.setattr(os, "link", real_link)
        monkeypatch.setattr(os, "replace", real_replace)
        if stopped:
            assert tree(old) == before, f"stopped at operation {stop_at}: site/ was changed"
        else:
            break
    else:
        pytest.fail("swap_in did more file operations than expected")
    assert stop_at > 2, "the unchanged files were linked before the exchange"
    old, new = trees()
    same_inode = (old / "same.html").stat().st_ino
    report = writers.swap_in(new, old)
    assert {p.relative_to(old).as_posix(): p.read_bytes() for p in old.rglob("*") if p.is_file()} == {
        "same.html": b"1",
        "changed.html": b"new",
        "added/x.html": b"3",
        "a/b.html": b"2",
    }
    assert (old / "same.html").stat().st_ino == same_inode
    assert (report.written, report.removed, report.unchanged) == (["added/x.html", "changed.html"], ["stale.html"], 2)
