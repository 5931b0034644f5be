"""git for the editor: the commit of a publish, made with the staff member as the author, and the few other
git commands the editor runs (its status, the history of a file). Git runs as a child that ends with the editor,
in its process group, never outliving it; a stale .git/index.lock of a killed git is removed only while no git
works in the repository. A symbolic link or a path outside content/ is never committed.
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .. import processes
from ..errors import BuildFailed, ContentError, ContentErrors, ErrorList
from ..pipeline import Project
from ..readers import refuse_link

GIT_TIMEOUT = 300  # seconds a git command may take (a slow hook) before it is stopped


class CommitRefused(ContentErrors):
    """The commit would hold a symbolic link or a path outside content/: nothing was committed."""

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


@dataclass(frozen=True)
class Author:
    """Who publishes: the name and address git records as the commit's author."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


EDITOR = Author("Strategiaeditori / Strategiredigeraren", "editor@localhost")
"""Who commits where no one signed in and git has no user: the editor itself, named in both languages as the
commit messages are."""


def git(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """git in the project as a child that ends with the editor, however the editor ends (Linux's
    PR_SET_PDEATHSIG, `processes.end_with_parent`, as for the build's workers and Zensical; git removes its lock
    files as it stops), in the editor's process group, never waiting
    for input, stopped after GIT_TIMEOUT seconds; it takes no optional lock (a `git status` of ours never
    holds up someone's commit), and a path is only ever that path (no pathspec patterns: a file named `*.md`)."""
    try:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(project.root), *args],
            capture_output=True,
            text=True,
            env=os.environ | {"GIT_LITERAL_PATHSPECS": "1"} | (env or {}),
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=GIT_TIMEOUT,
            preexec_fn=functools.partial(processes.end_with_parent, os.getpid()),
        )
    except subprocess.TimeoutExpired:
        raise BuildFailed(f"git {args[0]} did not finish in {GIT_TIMEOUT} s") from None
    except OSError as exc:  # no git on this machine
        return subprocess.CompletedProcess(args, 127, "", str(exc))


def _checked(done: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if done.returncode != 0:
        raise BuildFailed(f"git {what} failed: {done.stderr.strip()}")
    return done


def in_repository(project: Project) -> bool:
    """The project is a git repository of its own (not a folder inside another one)."""
    inside = git(project, "rev-parse", "--show-toplevel")
    return inside.returncode == 0 and Path(inside.stdout.strip()).resolve() == project.root.resolve()


def head_commit(project: Project) -> str | None:
    return git(project, "rev-parse", "--verify", "-q", "HEAD").stdout.strip() or None


def changed_files(project: Project) -> list[str]:
    """The content files that differ from HEAD (or are new), as `git status` lists them."""
    return sorted(changes(project))


def changes(project: Project) -> dict[str, str]:
    """Each content file that differs from HEAD, as `git status` lists it, with how: "added" (new, untracked or
    staged), "deleted" or "changed"."""
    done = _checked(
        git(project, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", "content"),
        "status",
    )
    found = {}
    for entry in done.stdout.split("\0"):
        if len(entry) > 3:
            how = entry[:2]
            found[entry[3:]] = "deleted" if "D" in how else "added" if "?" in how or "A" in how else "changed"
    return dict(sorted(found.items()))


# A commit's line for a changed content file that no save of the editor recorded (a round imported with the CLI,
# a hand edit), in Finnish and Swedish as the editor's own lines are (publishing.record)
FILE_CHANGE = {
    "added": "Lisätty: {path} / Tillagt: {path}",
    "changed": "Päivitetty: {path} / Uppdaterat: {path}",
    "deleted": "Poistettu: {path} / Raderat: {path}",
}


def file_change(path: str, how: str) -> str:
    """The commit message's line for a content file changed outside the editor, e.g. `Päivitetty:
    content/snapshots/2021-04-30.csv / Uppdaterat: content/snapshots/2021-04-30.csv`."""
    return FILE_CHANGE.get(how, FILE_CHANGE["changed"]).format(path=path)


def our_commit(project: Project, after: str | None, message: str) -> str | None:
    """The commit made on top of `after` with `message`, if it exists (a publish stopped after its commit)."""
    listed = git(project, "rev-list", "--parents", f"{after}..HEAD" if after else "HEAD")
    if listed.returncode != 0:
        return None
    for line in listed.stdout.splitlines():
        ids = line.split()
        if ids and ids[1:] == ([after] if after else []):
            if git(project, "log", "-1", "--format=%B", ids[0]).stdout.strip() == message.strip():
                return ids[0]
    return None


def _refusals(project: Project, paths: list[str]) -> list[ContentError]:
    """Why each path may not be committed: outside content/, or a symbolic link on its way."""
    refused = []
    for path in paths:
        parts = Path(path).parts
        if len(parts) < 2 or parts[0] != "content" or ".." in parts or Path(path).is_absolute():
            refused.append(
                ContentError(
                    path,
                    None,
                    "outside-content",
                    "is not inside content/: the editor commits only content/",
                    "commit it yourself, or move it into content/",
                )
            )
            continue
        here = project.root
        for part in parts:
            here = here / part
            if here.is_symlink():
                links = ErrorList(project.root)
                refuse_link(links, here.relative_to(project.root).as_posix(), here.is_dir())
                refused += links.errors
                break
    return refused


def commit_paths(
    project: Project, paths: list[str], author: Author, message: str, after: str | None = None
) -> str | None:
    """Commit exactly `paths` (under content/, as the work tree has them) with `author` as the author; the commit
    made already on top of `after` with this message, when there is one (a publish stopped after its commit).
    The commit is made through an index of its own, from HEAD, so nobody's staged changes elsewhere are swept
    in; git's own index is brought up to date afterwards (`sync_index`). A symbolic link or a path outside
    content/ is refused (CommitRefused, nothing committed): checked on the paths, and again on what git staged
    (mode 120000 is a link). None when nothing changed."""
    if after and (found := our_commit(project, after, message)):
        return found
    refused = _refusals(project, paths)
    if refused:
        raise CommitRefused(refused)
    index = project.root / ".editor" / "publish.index"
    index.parent.mkdir(exist_ok=True)
    index.unlink(missing_ok=True)
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        staged = _stage(project, paths, env)
        links = ErrorList(project.root)
        for mode, path in staged:
            if mode == "120000":
                refuse_link(links, path, False)
        refused = _refusals(project, [path for _, path in staged]) + links.errors
        if refused:
            raise CommitRefused(sorted(set(refused)))
        if not staged:
            return None
        who = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
        if git(project, "config", "--get", "user.email").returncode != 0:  # no committer set up: the author commits
            who |= {"GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email}
        # no automatic gc or maintenance after the commit: git would start it detached, outliving the editor
        _checked(
            git(
                project,
                "-c",
                "gc.auto=0",
                "-c",
                "maintenance.auto=false",
                "commit",
                "--quiet",
                "--cleanup=verbatim",
                "-m",
                message,
                env=env | who,
            ),
            "commit",
        )
        return head_commit(project)
    finally:
        index.unlink(missing_ok=True)


def _stage(project: Project, paths: list[str], env: dict) -> list[tuple[str, str]]:
    """Stage `paths` in the index `env` names, read from HEAD first (a path gone from the work tree is staged as
    deleted if HEAD has it); each staged change's new mode and path, as git stages it."""
    head = head_commit(project)
    _checked(git(project, "read-tree", *([head] if head else ["--empty"]), env=env), "read-tree")
    tracked = set(git(project, "ls-files", "-z", "--", *paths, env=env).stdout.split("\0")) if paths else set()
    present = [p for p in paths if os.path.lexists(project.root / p) or p in tracked]
    if present:
        _checked(git(project, "add", "-A", "--", *present, env=env), "add")
    raw = _checked(git(project, "diff", "--cached", "--raw", "-z", "--no-renames", env=env), "diff").stdout.split("\0")
    return [(meta.split()[1], path) for meta, path in zip(raw[0::2], raw[1::2]) if meta.startswith(":")]


def sync_index(project: Project, paths: list[str]) -> bool:
    """git's own index for `paths` as HEAD has them now (what `git add` and `git commit` would have left), so
    `git status` is clean; False when git could not (its index is locked by someone's git), after a few tries."""
    if not paths:
        return True
    for attempt in range(5):
        if git(project, "reset", "-q", "--", *paths).returncode == 0:
            return True
        time.sleep(0.2 * (attempt + 1))
    return False


def clear_stale_lock(project: Project) -> None:
    """Remove .git/index.lock when a killed git left it (git then refuses every commit), never while a process
    has it open or a git works in the repository."""
    lock = project.root / ".git" / "index.lock"
    if lock.is_file() and not _git_at_work(project.root, lock):
        lock.unlink(missing_ok=True)


def _git_at_work(root: Path, lock: Path) -> bool:
    """Whether any process may be using the repository's index: one with `lock` open, or a git whose working
    folder is in the repository or that was given it (`git -C root`). True where /proc cannot tell."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return True
    here, target = str(root.resolve()), str(lock.resolve())
    for pid in proc.iterdir():
        if not pid.name.isdigit():
            continue
        try:
            args = [os.fsdecode(a) for a in (pid / "cmdline").read_bytes().split(b"\0") if a]
            if any(Path(a).name == "git" for a in args[:3]):  # git, or a script named git
                cwd = os.readlink(pid / "cwd")
                if cwd == here or cwd.startswith(here + os.sep) or here in args:
                    return True
            if any(os.readlink(fd) == target for fd in (pid / "fd").iterdir()):
                return True
        except OSError:  # ended meanwhile, or another user's
            continue
    return False
