"""Validated, atomic writes: every change is tried on a copy of content/ before a byte of content/ changes.

The changed files are put into a copy of content/ (hard links, so it costs next to nothing) and the copy is
loaded by the same `loading.load` as `strategy-site check`; only when that passes are the files replaced, each
through a temporary file and a rename, so a stop leaves the old file or the new one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .. import contents, loading
from ..errors import ContentError, ContentErrors
from ..pipeline import Project

LOCK = threading.RLock()  # one change at a time: check the version, validate, write (and publish)


class EditError(Exception):
    """A request the content cannot take (an unknown file or item, a path outside content/)."""


@dataclass
class FieldError:
    """A content error shown at a field of the form (lang and field None: shown above the form)."""

    lang: str | None
    field: str | None
    error: ContentError
    anchor: str | None = None  # the id of the element to link to, where it is not the field's (a table cell)


@dataclass
class Result:
    """What a save did: written files, or why nothing was written."""

    ok: bool
    conflict: bool = False
    errors: list[FieldError] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # paths under the project root
    changed: list[tuple[str, str]] = field(default_factory=list)  # (lang, field)
    id: str | None = None
    content: contents.Content | None = None


def inside_content(project: Project, rel: str) -> Path:
    """The path of a file under content/, refused when it would be anywhere else (`..`, an absolute path) or
    when any step of the way is a symbolic link, wherever it points (content/ itself included): a link can
    point anywhere, so a read or a write through it would reach outside content/. Only content/ is written."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or any(part in ("..", ".", "") for part in parts) or "\0" in rel:
        raise EditError(f"'{rel}' is not a file inside content/")
    steps = [project.content]
    for part in parts:
        steps.append(steps[-1] / part)
    if any(step.is_symlink() for step in steps):
        raise EditError(f"'{rel}' is not a file inside content/ (a symbolic link is on its way)")
    base = project.content.resolve()
    path = (base / rel).resolve()
    if path == base or base not in path.parents:
        raise EditError(f"'{rel}' is not a file inside content/")
    return path


def stage(project: Project, files: dict[str, str | None]) -> Path:
    """A copy of content/ with `files` (paths under content/; None deletes) changed, in a new folder under
    .editor/ that the caller removes. Unchanged files are hard links: the copy costs next to nothing. A content/
    that holds a symbolic link is not copied at all (ContentErrors naming each link, as `strategy-site check`
    does): a hard link made through it, or the link itself, would let the copy read outside content/; a link
    made meanwhile is copied as a link, which the loader refuses without reading it."""
    for rel in files:
        inside_content(project, rel)
    linked = loading.symlinks(project.content)
    if linked:
        raise ContentErrors(linked)
    work = project.root / ".editor"
    work.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="stage-", dir=work))
    try:
        shutil.copytree(project.content, folder / "content", symlinks=True, copy_function=os.link)
    except OSError:  # another file system, or no hard links: copy
        shutil.rmtree(folder / "content", ignore_errors=True)
        shutil.copytree(project.content, folder / "content", symlinks=True)
    for rel, text in files.items():
        path = folder / "content" / rel
        if path.exists():
            path.unlink()  # never write through a hard link into content/
        if text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return folder


def validate(project: Project, files: dict[str, str | None]) -> tuple[contents.Content | None, list[ContentError]]:
    """The content as it would be with `files` changed, loaded and checked as `strategy-site check` loads it."""
    try:
        folder = stage(project, files)
    except ContentErrors as exc:  # a symbolic link in content/
        return None, exc.errors
    try:
        return loading.load(folder / "content"), []
    except ContentErrors as exc:
        return None, exc.errors
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_WRITTEN = threading.local()  # what the last `write` of each thread wrote (`last_written`)


def last_written() -> list[str]:
    """The files the last `write` of the calling thread wrote, once (then []). A save records what it changed
    right after writing it, in the same request's thread (publishing.record), so the next publish knows which
    changed files the editor's own entries account for and names every other one (a round imported with the
    CLI, a hand edit) in its commit message, without the web layer having to pass the files along."""
    files = getattr(_WRITTEN, "files", [])
    _WRITTEN.files = []
    return files


def write(project: Project, files: dict[str, str | None]) -> list[str]:
    """Write each file through a temporary file in its folder and a rename (None deletes it); every path is
    checked (`inside_content`) before the first is written."""
    paths = {rel: inside_content(project, rel) for rel in files}
    written = []
    _WRITTEN.files = written
    for rel, text in sorted(files.items()):
        path = paths[rel]
        if text is None:
            if path.exists():
                path.unlink()
                written.append(f"content/{rel}")
            continue
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text, mode=0o644)
        written.append(f"content/{rel}")
    return written


def replace_file(path: Path, text: str, mode: int | None = None) -> None:
    """`text` as the file's whole new text, through a temporary file in its folder and one rename: a stop leaves
    the old file or the new one, never half of one. `mode`: the new file's permissions (else mkstemp's, 0600)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
