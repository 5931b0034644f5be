"""Stage 4: build both MkDocs sites, then write docs/ and site/, only on success and only what changed.

MkDocs builds into a staging folder first; docs/ and site/ change only after both languages built, so a
failed build leaves the previous site exactly as it was. In both only files whose bytes changed are
rewritten (and stale ones removed): editors see just the real changes, and the web server's ETag and
Last-Modified of an unchanged page stay the same, so visitors' cached copies stay valid.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class SyncReport:
    written: list[str]
    removed: list[str]
    unchanged: int


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Write every file under `folder` (which is new)."""
    for rel, data in sorted(files.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def sync_tree(files: dict[str, bytes], folder: Path) -> SyncReport:
    """Make `folder` hold exactly `files`, touching only what differs."""
    written, unchanged = [], 0
    for rel, data in sorted(files.items()):
        path = folder / rel
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        _make_parents(path, folder)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written.append(rel)
    return SyncReport(written, _remove_others(folder, set(files)), unchanged)


def move_changed(new: Path, folder: Path) -> SyncReport:
    """Make `folder` hold exactly the files under `new`, moving in only those whose bytes differ. Unchanged
    files keep their date, so what browsers and proxies cached (ETag, Last-Modified) and an upload by
    rsync stay valid after a rebuild; each replaced file is replaced atomically (a rename)."""
    written, unchanged, keep = [], 0, set()
    for path in sorted(new.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(new).as_posix()
        keep.add(rel)
        target = folder / rel
        if target.is_file() and target.stat().st_size == path.stat().st_size and target.read_bytes() == path.read_bytes():
            unchanged += 1
            continue
        if target.is_dir():
            shutil.rmtree(target)
        _make_parents(target, folder)
        os.replace(path, target)
        written.append(rel)
    return SyncReport(written, _remove_others(folder, keep), unchanged)


def _make_parents(path: Path, folder: Path) -> None:
    """Create the folders above `path`, replacing a file that stands where one of them must be."""
    for parent in reversed(path.relative_to(folder).parents[:-1]):
        if (folder / parent).is_file():
            (folder / parent).unlink()
    path.parent.mkdir(parents=True, exist_ok=True)


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


@dataclass(frozen=True)
class SiteJob:
    """What one language's MkDocs build needs; plain data so it can go to another process."""

    lang: str
    config_file: str
    docs_dir: str
    site_dir: str
    site_url: str
    site_name: str
    nav: list
    copyright: str
    build_epoch: int
    extra: dict


def mkdocs_options(job: SiteJob) -> dict:
    """Per-language overrides of the shared mkdocs.yml."""
    with open(job.config_file, encoding="utf-8") as fh:
        base = yaml.safe_load(fh)
    theme = dict(base.get("theme") or {})
    theme["language"] = job.lang
    extra = dict(base.get("extra") or {}) | job.extra
    return {
        "extra": extra,
        "docs_dir": job.docs_dir, "site_dir": job.site_dir, "site_url": job.site_url, "site_name": job.site_name,
        "nav": job.nav, "theme": theme, "copyright": job.copyright,
    }


def build_site(job: SiteJob, files: dict[str, bytes]) -> tuple[str, list[str]]:
    """Build one language with MkDocs from its generated `files` in memory (job.docs_dir is an empty folder:
    docs/ itself changes only after every language built); returns what MkDocs logged (empty when clean)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(job.build_epoch)
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=job.config_file, **mkdocs_options(job))
        config.plugins["strategy-site/generated-docs"] = _generated_docs(files)
        build(config)
    except (exceptions.MkDocsException, exceptions.Abort, OSError) as exc:
        return job.lang, [line for line in stream.getvalue().splitlines() if line] + [f"ERROR {exc}"]
    finally:
        logger.removeHandler(handler)
    return job.lang, []


def _generated_docs(files: dict[str, bytes]):
    """A plugin that hands MkDocs the generated files as if they were in docs_dir (MkDocs 1.6 File.generated)."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class GeneratedDocs(BasePlugin):
        def on_files(self, found, config):
            for path in sorted(files, key=_walk_order):
                found.append(File.generated(config, path, content=files[path]))
            return found

    return GeneratedDocs()


def _walk_order(path: str) -> tuple:
    """The order MkDocs' get_files walks a docs_dir in (folders depth first, sorted; index first in each),
    which decides the order of pages outside the nav in the sitemap and search index."""
    folder, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    return tuple(folder.split("/")) if folder else (), stem not in ("index", "README"), name
