"""Stage 4b: write docs/ and site/, only once both sites built (engines/) and only what changed.

The engine builds into a staging folder first; docs/ and site/ change only after both languages built, so a
failed build leaves the previous site exactly as it was, and site/ then changes in one atomic step
(`swap_in`), so a build killed at any moment leaves the old site or the new one. In both only files whose bytes
changed are rewritten (and stale ones removed): editors see just the real changes, and the web server's ETag and
Last-Modified of an unchanged page stay the same, so visitors' cached copies stay valid.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SyncReport:
    """What a sync changed in a folder: files (relative paths) written and removed, and how many were kept."""

    written: list[str]
    removed: list[str]
    unchanged: int


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Write every file under `folder` (which is new)."""
    _make_room(folder, sorted(files))
    _write_all([(folder / rel, data) for rel, data in sorted(files.items())])


def sync_tree(files: dict[str, bytes], folder: Path) -> SyncReport:
    """Make `folder` hold exactly `files`, touching only what differs."""
    changed = [
        rel
        for rel, data in sorted(files.items())
        if not ((folder / rel).is_file() and (folder / rel).read_bytes() == data)
    ]
    displaced = _make_room(folder, changed)
    _write_all([(folder / rel, files[rel]) for rel in changed])
    removed = sorted(displaced + _remove_others(folder, set(files)))
    return SyncReport(changed, removed, len(files) - len(changed))


def write_whole(path: Path, data: bytes) -> None:
    """`path` holds `data`, replaced in one step (a temporary file renamed over it): never seen half written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write the files, several at a time: creating a file costs mostly kernel time (0.5–1 ms each on the
    benchmark machine), which threads overlap. An existing file is replaced atomically (never half written)."""

    def write(item: tuple[Path, bytes]) -> None:
        path, data = item
        if path.exists():
            write_whole(path, data)
        else:
            path.write_bytes(data)

    if len(files) < 50:
        for item in files:
            write(item)
        return
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, files))


def move_changed(new: Path, folder: Path) -> SyncReport:
    """Make `folder` hold exactly the files under `new`, moving in only those whose bytes differ. Unchanged
    files keep their date, so what browsers and proxies cached (ETag, Last-Modified) and an upload by
    rsync stay valid after a rebuild; each replaced file is replaced atomically (a rename)."""
    files = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
    if not folder.exists():  # the first build: the whole folder in one rename
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, folder)
        return SyncReport(files, [], 0)
    displaced = _make_room(folder, files)

    def move(rel: str) -> bool:
        """Move one file in unless the same bytes are there already; True when it was moved."""
        source, target = new / rel, folder / rel
        if _same_bytes(source, target):
            source.unlink()
            return False
        os.replace(source, target)
        return True

    moved = [move(rel) for rel in files]  # (threads do not help here: unlink and rename contend)
    written = [rel for rel, was_moved in zip(files, moved) if was_moved]
    return SyncReport(written, sorted(displaced + _remove_others(folder, set(files))), len(files) - len(written))


def swap_in(new: Path, folder: Path) -> SyncReport:
    """Make `folder` hold exactly the tree under `new`, in one step. Each file whose bytes are already in `folder`
    becomes a hard link to the file there (the same file: its date, and the web server's ETag and Last-Modified,
    stay), then the two folders change places atomically (Linux's renameat2 with RENAME_EXCHANGE), and `new`
    holds the old tree, for the caller to delete. A build killed at any moment, SIGKILL included, leaves
    `folder` the old site or the new one, never a mix. Where the exchange is not available (another system,
    a file system without it), the files are moved in one by one (`move_changed`)."""
    files = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
    if not folder.exists():  # the first build: the whole folder in one rename
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, folder)
        return SyncReport(files, [], 0)
    if not folder.is_dir() or folder.is_symlink():
        return move_changed(new, folder)
    before = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}
    written = []
    for rel in files:
        source, target = new / rel, folder / rel
        if rel in before and _same_bytes(source, target):
            link = source.with_name(source.name + ".link")
            os.link(target, link)
            os.replace(link, source)
        else:
            written.append(rel)
    if not _exchange(new, folder):
        return move_changed(new, folder)
    return SyncReport(written, sorted(before - set(files)), len(files) - len(written))


def _same_bytes(source: Path, target: Path) -> bool:
    """`target` is a file with the bytes of `source` (sizes first: most changed files differ in size)."""
    return (
        target.is_file()
        and target.stat().st_size == source.stat().st_size
        and target.read_bytes() == source.read_bytes()
    )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the system cannot (nothing has changed then)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _make_room(folder: Path, rels: list[str]) -> list[str]:
    """Clear the way for files `rels` under `folder`: a file where a folder must be, or a folder where a file
    must be, is removed; then the folders are created. Returns the files that were removed."""
    removed = []
    folders = sorted({parent for rel in rels for parent in Path(rel).parents[:-1]}, key=lambda p: len(p.parts))
    for sub in folders:
        if (folder / sub).is_file():
            (folder / sub).unlink()
            removed.append(sub.as_posix())
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for rel in rels:
        if (folder / rel).is_dir():
            removed += [p.relative_to(folder).as_posix() for p in (folder / rel).rglob("*") if p.is_file()]
            shutil.rmtree(folder / rel)
    folder.mkdir(parents=True, exist_ok=True)
    return removed


def _remove_others(folder: Path, keep: set[str]) -> list[str]:
    """Delete the files under `folder` that are not in `keep`, and folders left empty; returns what went."""
    removed = []
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(removed)
