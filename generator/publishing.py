"""Publishing from the editor, as one transaction: whenever the editor stops (Ctrl+C, SIGTERM, SIGKILL, a crash),
content/, git and site/ are all the old state or all the new one.

1. The build (`pipeline.build`, as `strategy-site build` runs it) from a checked copy of content/ with the
   changes in it (editing.stage), into the pipeline's staging folder. A failed build, or a stop during it,
   changes nothing: content/, git, docs/ and site/ stay as they were.
2. The commit phase, once both sites are built (the pipeline's `before_swap`): first a journal
   (.editor/publish.json: the changed files' old and new texts, HEAD before, the paths to commit, the message
   and the author); then the files are written into content/, exactly the content files that were built are
   committed with the staff member as the author and a message naming every change in the commit, site/ is
   swapped in (one rename), the committed changes leave the pending list and the journal goes. It is a few file
   writes, one git commit and one rename: the editor's stop waits for it (`hold`), and ends at once at any
   other moment.
3. A journal left behind (SIGKILL, a crash, a git that failed after its commit) is settled at the editor's next
   start and before any publish (`recover`): the publish is completed, since its build had succeeded and the
   staff member had asked for it, so nothing typed is lost.

Git runs as a child that ends with the editor, in its process group, never outliving it; a stale
.git/index.lock of a killed git is removed only while no git works in the repository. A symbolic link or a
path outside content/ is never committed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import editing, pipeline
from .errors import BuildFailed, ContentError, ContentErrors, ErrorList
from .readers import refuse_link

JOURNAL = "publish.json"  # in .editor/, with changes.json
PAUSE = "STRATEGY_SITE_PUBLISH_PAUSE"  # tests only: "step:seconds" pauses a publish at that step (`_pause`)
COMMIT_PHASE = threading.Lock()  # held through a publish's commit phase; the editor's stop waits for it (`hold`)
GIT_TIMEOUT = 300  # seconds a git command may take (a slow hook) before it is stopped


def _prctl():
    """Linux's prctl, looked up once here: the child between fork and exec (`_end_with_parent`) must not load a
    library while the editor's other threads run (a lock one of them held at the fork could never be freed)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


PRCTL = _prctl()


def _end_with_parent(parent: int) -> None:
    """In git's process, before git starts: end when the editor ends, however it ends (PR_SET_PDEATHSIG = 1),
    as the build's workers and Zensical do; git removes its lock files as it stops. An editor that ended before
    the signal was asked for is seen by the changed parent."""
    if PRCTL is not None:
        PRCTL(1, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


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


def record(project: pipeline.Project, subject: str, detail: str, files: list[str] | None = None) -> None:
    """Remember a saved change for the next publish's commit message (kept in .editor/, outside content/); a
    later change of the same subject (one update, one item) replaces the earlier one. `subject` is a key that
    is never shown (e.g. `update <id>`); `detail` is the line as staff read it in the pending list and in git,
    worded by the editor in the content's languages, first language first (e.g. `Tiedote julkaistu: ”…” /
    Meddelandet publicerat: ”…”`), so that one commit message serves every reader. `files`: the content files
    (content/…) the change wrote; by default those the calling thread's last editing.write wrote, since a save
    records right after writing. A publish names every other changed file by its path."""
    files = editing.last_written() if files is None else sorted(files)
    with editing.LOCK:  # not while a publish takes the recorded changes into its commit
        done = [entry for entry in _entries(project) if entry[0] != subject]
        _write_entries(project, done + [[subject, detail, files]])


def _entries(project: pipeline.Project) -> list[list]:
    """The recorded changes, each [subject, detail, the content files it wrote]."""
    try:
        data = json.loads(_changes_file(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = []
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, list) and len(entry) in (2, 3):
            files = entry[2] if len(entry) == 3 and isinstance(entry[2], list) else []
            entries.append([str(entry[0]), str(entry[1]), [str(f) for f in files]])
    return entries


def _write_entries(project: pipeline.Project, entries: list[list]) -> None:
    if entries:
        _write_json(_changes_file(project), entries)
    else:
        _changes_file(project).unlink(missing_ok=True)


def pending(project: pipeline.Project) -> list[str]:
    """What was saved since the last publish, a line each (the worded details of `record`)."""
    return [entry[1] for entry in _entries(project)]


def publish(project: pipeline.Project, author: Author, files: dict[str, str | None] | None = None,
            what: tuple[str, str] | None = None, today: dt.date | None = None) -> Published:
    """Build the site with `files` changed; then, in one short commit phase, write them, commit and swap the new
    site in (see the module). `what`: this change's (subject, line) for the commit message, as `record` takes
    them; it is never left pending, since the publish commits it. `today` (the editor's clock) becomes the
    content's as_of (`reviewed_on`)."""
    files = files or {}
    with editing.LOCK:
        try:
            recover(project)
        except (ContentErrors, BuildFailed, OSError) as exc:
            return Published(False, _as_errors(exc))
        _pause("validated")
        files = files | reviewed_on(project, files, today or dt.date.today())
        try:
            folder = editing.stage(project, files)
        except ContentErrors as exc:  # a symbolic link in content/
            return Published(False, exc.errors)
        phase: dict = {}

        def commit(staged_site: Path) -> None:
            """The commit phase's start, called by the build once both sites are built and before site/ changes."""
            COMMIT_PHASE.acquire()
            phase["held"] = True
            phase["journal"] = journal = _prepare(project, author, files, what, folder / "content")
            try:
                phase["written"], phase["commit"] = _apply(project, journal)
            except BaseException:
                _undo(project, journal)
                raise

        try:
            result = pipeline.build(pipeline.Project(project.root, content_dir=folder / "content"), parallel=False,
                                    before_swap=commit)
            _pause("swapped")
            _finish(project, phase["journal"])
        except (ContentErrors, BuildFailed, OSError) as exc:
            if "commit" in phase:  # committed, but docs/ or site/ could not change: try once more from content/
                try:
                    recover(project)
                except (ContentErrors, BuildFailed, OSError):
                    pass  # the journal stays: the next publish or start completes it
            return Published(False, _as_errors(exc))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            editing.last_written()  # the publish's own writes are no save's to record
            if phase.get("held"):
                COMMIT_PHASE.release()
        return Published(True, [], phase["written"], result.pages, phase["commit"], phase["journal"]["message"],
                         list(result.content.warnings))


AS_OF = re.compile(r"^as_of:[ \t]*[^\s#]*", re.MULTILINE)


def reviewed_on(project: pipeline.Project, files: dict[str, str | None], today: dt.date) -> dict[str, str]:
    """site.yml with `as_of` set to `today`, when it says another day: a publish is staff saying the content is
    as it should be today, so statuses and "overdue" are judged as of the publish (the build itself never reads
    the clock, and rebuilds of the same content stay byte-identical). Only that line changes (comments stay);
    a site.yml without it gets it at its end."""
    path = project.content / "site.yml"
    text = files.get("site.yml") or _text(path)
    if text is None:
        return {}
    line = f"as_of: {today.isoformat()}"
    if AS_OF.search(text):
        stamped = AS_OF.sub(line, text, count=1)
    else:
        stamped = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    return {} if stamped == text else {"site.yml": stamped}


def _as_errors(exc: Exception) -> list[ContentError]:
    if isinstance(exc, ContentErrors):
        return exc.errors
    lines = str(exc).splitlines() if isinstance(exc, BuildFailed) else [f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")]
    return [ContentError("site", None, "build-failed", line) for line in lines]


def _pause(step: str) -> None:
    """A test's stop at a named step of a publish ("validated": before anything, "swapped": just after the new
    site went in): with STRATEGY_SITE_PUBLISH_PAUSE=step:seconds the publish says so on stderr and waits there;
    unset (always, outside tests), nothing happens."""
    wanted = os.environ.get(PAUSE)
    if wanted and wanted.partition(":")[0] == step:
        print(f"publish: paused at {step}", file=sys.stderr, flush=True)
        time.sleep(float(wanted.partition(":")[2] or 1))


def hold(timeout: float) -> bool:
    """For the editor's stop: wait until no commit phase is under way and keep a new one from starting (the lock
    is never given back: the process ends next), so content/, git and site/ agree when it ends. False when the
    phase under way did not end within `timeout` seconds (a git hook hanging, say); its journal then lets the
    next start complete it."""
    return COMMIT_PHASE.acquire(timeout=timeout)


def committing() -> bool:
    """Whether a commit phase is under way (the editor's stop then says that it waits for it)."""
    return COMMIT_PHASE.locked()


# ---------------------------------------------------------------- the commit phase and its journal


def _journal(project: pipeline.Project) -> Path:
    return project.root / ".editor" / JOURNAL


def _write_json(path: Path, data) -> None:
    """`data` as the file's whole new text, in one rename: a stop leaves the old file or the new one."""
    path.parent.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=0)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_journal(project: pipeline.Project) -> dict | None:
    try:
        journal = json.loads(_journal(project).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):  # cut short before its rename cannot happen; a hand-damaged one is dropped
        _journal(project).unlink(missing_ok=True)
        return None
    return journal if isinstance(journal, dict) and {"files", "paths", "message", "author", "recorded"} <= set(journal) else None


def _text(path: Path) -> str | None:
    """A content file's text, None when it is missing (or a link, which is never read)."""
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _prepare(project: pipeline.Project, author: Author, files: dict[str, str | None], what: tuple[str, str] | None,
             staged: Path) -> dict:
    """The commit phase's plan, written as the journal before anything changes: each changed file's old and new
    text, HEAD before, the content paths to commit, the message and author, and the recorded changes it commits.
    The paths are this publish's files and every other changed content file (`git status`) whose bytes are
    those that were built (`staged`): a file changed while the site was building is left for the next publish,
    so the commit holds exactly what site/ will show. The message names the recorded changes and, by its path,
    every other file in the commit (a round imported with the CLI, a hand edit)."""
    repository = _in_repository(project)
    recorded = _entries(project)
    ours = sorted(f"content/{rel}" for rel in files)
    entries = [entry for entry in recorded if not what or entry[0] != what[0]] + ([[what[0], what[1], ours]] if what else [])
    claimed = {path for entry in entries for path in entry[2]} | set(ours)
    others = [path for path in _changed(project) if path not in ours and _same(project.root / path, staged.parent / path)] \
        if repository else []
    journal = {
        "repository": repository, "head": _head(project) if repository else None,
        "files": {rel: {"old": _text(project.content / rel), "new": text} for rel, text in sorted(files.items())},
        "paths": sorted(set(ours) | set(others)),
        "message": commit_message([entry[1] for entry in entries] + [path for path in others if path not in claimed]),
        "author": [author.name, author.email], "recorded": recorded,
    }
    _write_json(_journal(project), journal)
    return journal


def _same(path: Path, staged: Path) -> bool:
    """The content file as it was built: both missing, or both plain files with the same bytes."""
    if path.is_symlink() or staged.is_symlink():
        return False
    if not path.exists() and not staged.exists():
        return True
    if not (path.is_file() and staged.is_file()):
        return False
    return os.path.samefile(path, staged) or path.read_bytes() == staged.read_bytes()


def _apply(project: pipeline.Project, journal: dict) -> tuple[list[str], str | None]:
    """Write the journal's files and commit its paths: (files written, the commit). Run again after a stop it
    does only what is left (a file already written is not written again, a commit made is found)."""
    written = editing.write(project, {rel: f["new"] for rel, f in journal["files"].items()})
    if not journal["repository"]:
        return written, None
    return written, commit_paths(project, journal["paths"], Author(*journal["author"]), journal["message"], journal["head"])


def _undo(project: pipeline.Project, journal: dict) -> None:
    """A commit phase that failed before its commit (git refused, a link appeared): every file it wrote back as
    it was, the journal gone. Once committed nothing is undone: the journal completes the publish."""
    if journal["repository"] and _our_commit(project, journal["head"], journal["message"]):
        return
    editing.write(project, {rel: f["old"] for rel, f in journal["files"].items() if _text(project.content / rel) == f["new"]})
    _journal(project).unlink(missing_ok=True)
    (project.root / ".editor" / "publish.index").unlink(missing_ok=True)


def _finish(project: pipeline.Project, journal: dict) -> None:
    """After the swap: git's own index agrees with the commit, the committed changes leave the pending list
    (those recorded meanwhile stay), the journal goes. An index git could not update (someone's git holds its
    lock) keeps the journal: the next start or publish updates it."""
    synced = not journal["repository"] or _sync_index(project, journal["paths"])
    _write_entries(project, [entry for entry in _entries(project) if entry not in journal["recorded"]])
    if synced:
        _journal(project).unlink(missing_ok=True)


def recover(project: pipeline.Project) -> str | None:
    """Settle a publish that a stop interrupted after its build (its journal is there), at the editor's start
    and before every publish: it is completed, since its build had succeeded and the staff member had asked for
    it (nothing typed is lost): the files written where they are not yet, the commit made unless it was, the
    site rebuilt from the committed content (builds are deterministic: the site it would have swapped in), the
    journal removed. Where one of its files was changed by hand since, it is not completed (and the journal
    goes). A stale .git/index.lock of a killed git is removed first, while no git works in the repository.
    Returns what was done, for the editor to say; None when there was nothing to settle. Raises BuildFailed or
    ContentErrors when it cannot complete it now (the journal stays)."""
    with editing.LOCK:
        _clear_stale_lock(project)
        journal = _read_journal(project)
        if journal is None:
            return None
        committed = journal["repository"] and _our_commit(project, journal["head"], journal["message"])
        if not committed:
            moved = [f"content/{rel}" for rel, f in journal["files"].items() if _text(project.content / rel) not in (f["old"], f["new"])]
            if moved:
                _journal(project).unlink(missing_ok=True)
                return f"A publish stopped before its commit was not completed: {', '.join(moved)} changed since."
        try:
            _, commit = _apply(project, journal)
        except (CommitRefused, BuildFailed):
            _undo(project, journal)
            raise
        pipeline.build(project, parallel=False)
        _finish(project, journal)
        done = f" (commit {commit[:10]})" if commit else ""
        return f"Completed a publish that was stopped before it ended{done}."


def commit_message(changes: list[str]) -> str:
    """The commit's message: the first change as its subject, every change below it; in Finnish and Swedish
    as the pending lines are (see `record`)."""
    if not changes:
        return "Julkaisu editorista / Publicering från redigeraren"
    more = len(changes) - 1
    subject = changes[0] if not more else f"{changes[0]} (+{more} muuta / +{more} till)"
    return f"{subject}\n\n" + "\n".join(f"- {c}" for c in changes) + "\n"


# ---------------------------------------------------------------- git


def git(project: pipeline.Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """git in the project as a child that ends with the editor, however the editor ends (Linux's
    PR_SET_PDEATHSIG, as the build's workers and Zensical do), in the editor's process group, never waiting
    for input, stopped after GIT_TIMEOUT seconds; it takes no optional lock (a `git status` of ours never
    holds up someone's commit), and a path is only ever that path (no pathspec patterns: a file named `*.md`)."""
    try:
        return subprocess.run(["git", "--no-optional-locks", "-C", str(project.root), *args], capture_output=True,
                              text=True, env=os.environ | {"GIT_LITERAL_PATHSPECS": "1"} | (env or {}),
                              stdin=subprocess.DEVNULL, check=False,
                              timeout=GIT_TIMEOUT, preexec_fn=functools.partial(_end_with_parent, os.getpid()))
    except subprocess.TimeoutExpired:
        raise BuildFailed(f"git {args[0]} did not finish in {GIT_TIMEOUT} s") from None
    except OSError as exc:  # no git on this machine
        return subprocess.CompletedProcess(args, 127, "", str(exc))


def _checked(done: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if done.returncode != 0:
        raise BuildFailed(f"git {what} failed: {done.stderr.strip()}")
    return done


def _in_repository(project: pipeline.Project) -> bool:
    """The project is a git repository of its own (not a folder inside another one)."""
    inside = git(project, "rev-parse", "--show-toplevel")
    return inside.returncode == 0 and Path(inside.stdout.strip()).resolve() == project.root.resolve()


def _head(project: pipeline.Project) -> str | None:
    return git(project, "rev-parse", "--verify", "-q", "HEAD").stdout.strip() or None


def _changed(project: pipeline.Project) -> list[str]:
    """The content files that differ from HEAD (or are new), as `git status` lists them."""
    done = _checked(git(project, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", "content"), "status")
    return sorted({entry[3:] for entry in done.stdout.split("\0") if len(entry) > 3})


def _our_commit(project: pipeline.Project, after: str | None, message: str) -> str | None:
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


def _refusals(project: pipeline.Project, paths: list[str]) -> list[ContentError]:
    """Why each path may not be committed: outside content/, or a symbolic link on its way."""
    refused = []
    for path in paths:
        parts = Path(path).parts
        if len(parts) < 2 or parts[0] != "content" or ".." in parts or Path(path).is_absolute():
            refused.append(ContentError(path, None, "outside-content", "is not inside content/: the editor commits only content/",
                                        "commit it yourself, or move it into content/"))
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


def commit_paths(project: pipeline.Project, paths: list[str], author: Author, message: str,
                 after: str | None = None) -> str | None:
    """Commit exactly `paths` (under content/, as the work tree has them) with `author` as the author; the commit
    made already on top of `after` with this message, when there is one (a publish stopped after its commit).
    The commit is made through an index of its own, from HEAD, so nobody's staged changes elsewhere are swept
    in; git's own index is brought up to date afterwards (`_sync_index`). A symbolic link or a path outside
    content/ is refused (CommitRefused, nothing committed): checked on the paths, and again on what git staged
    (mode 120000 is a link). None when nothing changed."""
    if after and (found := _our_commit(project, after, message)):
        return found
    refused = _refusals(project, paths)
    if refused:
        raise CommitRefused(refused)
    index = project.root / ".editor" / "publish.index"
    index.parent.mkdir(exist_ok=True)
    index.unlink(missing_ok=True)
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        head = _head(project)
        _checked(git(project, "read-tree", *([head] if head else ["--empty"]), env=env), "read-tree")
        tracked = set(git(project, "ls-files", "-z", "--", *paths, env=env).stdout.split("\0")) if paths else set()
        present = [p for p in paths if os.path.lexists(project.root / p) or p in tracked]
        if present:
            _checked(git(project, "add", "-A", "--", *present, env=env), "add")
        raw = _checked(git(project, "diff", "--cached", "--raw", "-z", "--no-renames", env=env), "diff").stdout.split("\0")
        staged = [(meta.split()[1], path) for meta, path in zip(raw[0::2], raw[1::2]) if meta.startswith(":")]
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
        _checked(git(project, "-c", "gc.auto=0", "-c", "maintenance.auto=false", "commit", "--quiet", "--cleanup=verbatim",
                      "-m", message, env=env | who), "commit")
        return _head(project)
    finally:
        index.unlink(missing_ok=True)


def _sync_index(project: pipeline.Project, paths: list[str]) -> bool:
    """git's own index for `paths` as HEAD has them now (what `git add` and `git commit` would have left), so
    `git status` is clean; False when git could not (its index is locked by someone's git), after a few tries."""
    if not paths:
        return True
    for attempt in range(5):
        if git(project, "reset", "-q", "--", *paths).returncode == 0:
            return True
        time.sleep(0.2 * (attempt + 1))
    return False


def _clear_stale_lock(project: pipeline.Project) -> None:
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
