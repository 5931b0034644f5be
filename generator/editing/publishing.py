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

Git runs as a child that ends with the editor, never outliving it, and a symbolic link or a path outside content/
is never committed (commits.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..errors import BuildFailed, ContentError, ContentErrors
from ..pipeline import Project
from .commits import (
    Author,
    CommitRefused,
    changes,
    clear_stale_lock,
    commit_paths,
    file_change,
    head_commit,
    in_repository,
    our_commit,
    sync_index,
)
from .staging import LOCK, last_written, replace_file, stage, write

JOURNAL = "publish.json"  # in .editor/, with changes.json
PAUSE = "STRATEGY_SITE_PUBLISH_PAUSE"  # tests only: "step:seconds" pauses a publish at that step (`_pause`)
COMMIT_PHASE = threading.Lock()  # held through a publish's commit phase; the editor's stop waits for it (`hold`)


@dataclass
class Published:
    """What a publish did: the files written, the pages built and the commit, or why nothing changed."""

    ok: bool
    errors: list[ContentError] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    pages: int = 0
    commit: str | None = None
    message: str = ""
    warnings: list[ContentError] = field(default_factory=list)
    # per language, the pages the build rendered and those it took from the page cache (pipeline.BuildResult)
    rendered: dict[str, dict[str, int]] = field(default_factory=dict)


# ---------------------------------------------------------------- the changes saved since the last publish


def _changes_file(project: Project) -> Path:
    return project.root / ".editor" / "changes.json"


def record(project: Project, subject: str, detail: str, files: list[str] | None = None) -> None:
    """Remember a saved change for the next publish's commit message (kept in .editor/, outside content/); a
    later change of the same subject (one update, one item) replaces the earlier one. `subject` is a key that
    is never shown (e.g. `update <id>`); `detail` is the line as staff read it in the pending list and in git,
    worded by the editor in the content's languages, first language first (e.g. `Tiedote julkaistu: ”…” /
    Meddelandet publicerat: ”…”`), so that one commit message serves every reader. `files`: the content files
    (content/…) the change wrote; by default those the calling thread's last editing.write wrote, since a save
    records right after writing. A publish names every other changed file by its path."""
    files = last_written() if files is None else sorted(files)
    with LOCK:  # not while a publish takes the recorded changes into its commit
        done = [entry for entry in saved_changes(project) if entry[0] != subject]
        write_changes(project, done + [[subject, detail, files]])


def saved_changes(project: Project) -> list[list]:
    """The recorded changes, each [subject, detail, the content files it wrote]."""
    try:
        data = json.loads(_changes_file(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, list) and len(entry) in (2, 3):
            files = entry[2] if len(entry) == 3 and isinstance(entry[2], list) else []
            found.append([str(entry[0]), str(entry[1]), [str(f) for f in files]])
    return found


def write_changes(project: Project, entries: list[list]) -> None:
    if entries:
        write_json(_changes_file(project), entries)
    else:
        _changes_file(project).unlink(missing_ok=True)


def pending(project: Project) -> list[str]:
    """What was saved since the last publish, a line each (the worded details of `record`)."""
    return [entry[1] for entry in saved_changes(project)]


def commit_message(changes: list[str]) -> str:
    """The commit's message: the first change as its subject, every change below it; in Finnish and Swedish
    as the pending lines are (see `record`)."""
    if not changes:
        return "Julkaisu editorista / Publicering från redigeraren"
    more = len(changes) - 1
    subject = changes[0] if not more else f"{changes[0]} (+{more} muuta / +{more} till)"
    return f"{subject}\n\n" + "\n".join(f"- {c}" for c in changes) + "\n"


def write_json(path: Path, data) -> None:
    """`data` as the file's whole new text, in one rename: a stop leaves the old file or the new one."""
    path.parent.mkdir(exist_ok=True)
    replace_file(path, json.dumps(data, ensure_ascii=False, indent=0))


# ---------------------------------------------------------------- the publish


def publish(
    project: Project,
    author: Author,
    files: dict[str, str | None] | None = None,
    what: tuple[str, str] | None = None,
    today: dt.date | None = None,
) -> Published:
    """Build the site with `files` changed; then, in one short commit phase, write them, commit and swap the new
    site in (see the module). `what`: this change's (subject, line) for the commit message, as `record` takes
    them; it is never left pending, since the publish commits it. `today` (the editor's clock) becomes the
    content's as_of (`reviewed_on`)."""
    files = files or {}
    with LOCK:
        try:
            recover(project)
        except (ContentErrors, BuildFailed, OSError) as exc:
            return Published(False, _as_errors(exc))
        _pause("validated")
        files = files | reviewed_on(project, files, today or dt.date.today())
        try:
            folder = stage(project, files)
        except ContentErrors as exc:  # a symbolic link in content/
            return Published(False, exc.errors)
        return _build_and_commit(project, author, files, what, folder)


def _build_and_commit(
    project: Project, author: Author, files: dict[str, str | None], what: tuple[str, str] | None, folder: Path
) -> Published:
    """Build the staged copy in `folder`; the build calls the commit phase once both sites are built, before
    site/ changes. Under LOCK; `folder` is removed at the end, whatever happened."""
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
        result = pipeline.build(
            pipeline.Project(project.root, content_dir=folder / "content"), parallel=False, before_swap=commit
        )
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
        last_written()  # the publish's own writes are no save's to record
        if phase.get("held"):
            COMMIT_PHASE.release()
    return Published(
        True,
        [],
        phase["written"],
        result.pages,
        phase["commit"],
        phase["journal"]["message"],
        list(result.content.warnings),
        result.rendered,
    )


AS_OF = re.compile(r"^as_of:[ \t]*[^\s#]*", re.MULTILINE)


def reviewed_on(project: Project, files: dict[str, str | None], today: dt.date) -> dict[str, str]:
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
    lines = (
        str(exc).splitlines()
        if isinstance(exc, BuildFailed)
        else [f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")]
    )
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


def _journal(project: Project) -> Path:
    return project.root / ".editor" / JOURNAL


def _read_journal(project: Project) -> dict | None:
    try:
        journal = json.loads(_journal(project).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):  # cut short before its rename cannot happen; a hand-damaged one is dropped
        _journal(project).unlink(missing_ok=True)
        return None
    return (
        journal
        if isinstance(journal, dict) and {"files", "paths", "message", "author", "recorded"} <= set(journal)
        else None
    )


def _text(path: Path) -> str | None:
    """A content file's text, None when it is missing (or a link, which is never read)."""
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _prepare(
    project: Project, author: Author, files: dict[str, str | None], what: tuple[str, str] | None, staged: Path
) -> dict:
    """The commit phase's plan, written as the journal before anything changes: each changed file's old and new
    text, HEAD before, the content paths to commit, the message and author, and the recorded changes it commits.
    The paths are this publish's files and every other changed content file (`git status`) whose bytes are
    those that were built (`staged`): a file changed while the site was building is left for the next publish,
    so the commit holds exactly what site/ will show. The message names the recorded changes and, by its path,
    every other file in the commit (a round imported with the CLI, a hand edit), in Finnish and Swedish
    (commits.file_change)."""
    repository = in_repository(project)
    recorded = saved_changes(project)
    ours = sorted(f"content/{rel}" for rel in files)
    entries = [entry for entry in recorded if not what or entry[0] != what[0]] + (
        [[what[0], what[1], ours]] if what else []
    )
    claimed = {path for entry in entries for path in entry[2]} | set(ours)
    outside = changes(project) if repository else {}  # every changed content file, and how it changed
    others = [path for path in outside if path not in ours and _same(project.root / path, staged.parent / path)]
    journal = {
        "repository": repository,
        "head": head_commit(project) if repository else None,
        "files": {rel: {"old": _text(project.content / rel), "new": text} for rel, text in sorted(files.items())},
        "paths": sorted(set(ours) | set(others)),
        "message": commit_message(
            [entry[1] for entry in entries]
            + [file_change(path, outside[path]) for path in others if path not in claimed]
        ),
        "author": [author.name, author.email],
        "recorded": recorded,
    }
    write_json(_journal(project), journal)
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


def _apply(project: Project, journal: dict) -> tuple[list[str], str | None]:
    """Write the journal's files and commit its paths: (files written, the commit). Run again after a stop it
    does only what is left (a file already written is not written again, a commit made is found)."""
    written = write(project, {rel: f["new"] for rel, f in journal["files"].items()})
    if not journal["repository"]:
        return written, None
    return written, commit_paths(
        project, journal["paths"], Author(*journal["author"]), journal["message"], journal["head"]
    )


def _undo(project: Project, journal: dict) -> None:
    """A commit phase that failed before its commit (git refused, a link appeared): every file it wrote back as
    it was, the journal gone. Once committed nothing is undone: the journal completes the publish."""
    if journal["repository"] and our_commit(project, journal["head"], journal["message"]):
        return
    write(project, {rel: f["old"] for rel, f in journal["files"].items() if _text(project.content / rel) == f["new"]})
    _journal(project).unlink(missing_ok=True)
    (project.root / ".editor" / "publish.index").unlink(missing_ok=True)


def _finish(project: Project, journal: dict) -> None:
    """After the swap: git's own index agrees with the commit, the committed changes leave the pending list
    (those recorded meanwhile stay), the journal goes. An index git could not update (someone's git holds its
    lock) keeps the journal: the next start or publish updates it."""
    synced = not journal["repository"] or sync_index(project, journal["paths"])
    write_changes(project, [entry for entry in saved_changes(project) if entry not in journal["recorded"]])
    if synced:
        _journal(project).unlink(missing_ok=True)


def recover(project: Project) -> str | None:
    """Settle a publish that a stop interrupted after its build (its journal is there), at the editor's start
    and before every publish: it is completed, since its build had succeeded and the staff member had asked for
    it (nothing typed is lost): the files written where they are not yet, the commit made unless it was, the
    site rebuilt from the committed content (builds are deterministic: the site it would have swapped in), the
    journal removed. Where one of its files was changed by hand since, it is not completed (and the journal
    goes). A stale .git/index.lock of a killed git is removed first, while no git works in the repository.
    Returns what was done, for the editor to say; None when there was nothing to settle. Raises BuildFailed or
    ContentErrors when it cannot complete it now (the journal stays)."""
    with LOCK:
        clear_stale_lock(project)
        journal = _read_journal(project)
        if journal is None:
            return None
        committed = journal["repository"] and our_commit(project, journal["head"], journal["message"])
        if not committed:
            moved = [
                f"content/{rel}"
                for rel, f in journal["files"].items()
                if _text(project.content / rel) not in (f["old"], f["new"])
            ]
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
