"""Publishing from the editor: the real build (`pipeline.build`, as `strategy-site build` runs it) from a checked
copy of content/ with the changes in it; only when it succeeds are the changed files written into content/
and, where the project is a git repository, content/ committed with the staff member as the author and a
message naming what changed since the last publish. A failed build writes nothing: site/ and docs/ stay as
they were (the pipeline's own rule) and content/ is not touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import editing, pipeline
from .errors import BuildFailed, ContentError, ContentErrors


@dataclass(frozen=True)
class Author:
    """Who publishes: the name and address git records as the commit's author."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass
class Published:
    ok: bool
    errors: list[ContentError] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    pages: int = 0
    commit: str | None = None
    message: str = ""
    warnings: list[ContentError] = field(default_factory=list)


def _changes_file(project: pipeline.Project) -> Path:
    return project.root / ".editor" / "changes.json"


def record(project: pipeline.Project, subject: str, detail: str) -> None:
    """Remember a saved change for the next publish's commit message (kept in .editor/, outside content/); a
    later change of the same subject (one update, one item) replaces the earlier one."""
    path = _changes_file(project)
    path.parent.mkdir(exist_ok=True)
    done = [entry for entry in _entries(project) if entry[0] != subject]
    path.write_text(json.dumps(done + [[subject, detail]], ensure_ascii=False, indent=0), encoding="utf-8")


def _entries(project: pipeline.Project) -> list[list[str]]:
    try:
        data = json.loads(_changes_file(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [[str(a), str(b)] for a, b in data] if isinstance(data, list) and all(isinstance(x, list) and len(x) == 2 for x in data) else []


def pending(project: pipeline.Project) -> list[str]:
    """What was saved since the last publish, a line each."""
    return [f"{subject} {detail}" for subject, detail in _entries(project)]


def publish(project: pipeline.Project, author: Author, files: dict[str, str | None] | None = None,
            what: tuple[str, str] | None = None) -> Published:
    """Build the site with `files` changed; on success write them, and commit content/ (see the module)."""
    files = files or {}
    with editing.LOCK:
        folder = editing.stage(project, files)
        try:
            result = pipeline.build(pipeline.Project(project.root, content_dir=folder / "content"), parallel=False)
        except ContentErrors as exc:
            return Published(False, exc.errors)
        except BuildFailed as exc:
            return Published(False, [ContentError("site", None, "build-failed", line) for line in str(exc).splitlines()])
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        written = editing.write(project, files)
        if what:
            record(project, *what)
        message = commit_message(pending(project))
        commit = commit_content(project, author, message)
        _changes_file(project).unlink(missing_ok=True)
        return Published(True, [], written, result.pages, commit, message, list(result.content.warnings))


def commit_message(changes: list[str]) -> str:
    if not changes:
        return "Publish from the editor"
    subject = changes[0] if len(changes) == 1 else f"{changes[0]} (+{len(changes) - 1} more)"
    return f"Editor: {subject}\n\n" + "\n".join(f"- {c}" for c in changes) + "\n"


def _git(project: pipeline.Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(project.root), *args], capture_output=True, text=True, env=env, check=False)


def commit_content(project: pipeline.Project, author: Author, message: str) -> str | None:
    """Commit content/ (and only content/) with `author`; None where there is no repository or no change."""
    inside = _git(project, "rev-parse", "--show-toplevel")
    if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != project.root.resolve():
        return None
    _git(project, "add", "-A", "--", "content")
    if _git(project, "diff", "--cached", "--quiet", "--", "content").returncode == 0:
        return None
    env = os.environ | {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
    if _git(project, "config", "--get", "user.email").returncode != 0:  # no committer set up: the author commits
        env |= {"GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email}
    done = _git(project, "commit", "--quiet", "-m", message, "--", "content", env=env)
    if done.returncode != 0:
        raise BuildFailed(f"git commit failed: {done.stderr.strip()}")
    return _git(project, "rev-parse", "HEAD").stdout.strip()
