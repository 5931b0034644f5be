"""What the build's caches share (the page cache, engines/pagecache.py; the last build's manifest, manifest.py;
the open data's workbook, opendata.py): their folder, and the hashes that name what they keep.

Nothing in a cache is found by a name that could stay the same while its inputs change: every key is a hash of
everything the kept thing was made from, and every hash begins with the package's own fingerprint."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

CACHE_DIR = ".cache"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "openpyxl", "babel")
FORMAT = 1  # the layout of what the caches keep: a new layout makes every key new


def folder(project_root: str | Path) -> Path:
    """The build's cache folder in a project."""
    return Path(project_root) / CACHE_DIR / "strategy-site"


def make_folder(path: Path) -> None:
    """The folder of a cache file (`path`), made with the .gitignore that keeps git from ever seeing the cache,
    whatever the project's own .gitignore says (as pytest's cache does): the editor's commits never take it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# the caches of strategy-site builds (see generator/caches.py)\n*\n")


@functools.cache
def package_fingerprint() -> str:
    """A hash of the generator's own files (its code, theme, templates and defaults) and of the libraries'
    versions: a new version of the package, or an edit of it, makes every key new."""
    digest = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=20)
    for name in LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    add_folder(digest, PACKAGE)
    return digest.hexdigest()


def add_folder(digest, top: Path | None, label: str = "") -> None:
    """Every file under `top` (none when it is None or missing), path and bytes, in a stable order, into `digest`."""
    if top is None or not top.is_dir():
        return
    for path in sorted(top.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{label}/{path.relative_to(top).as_posix()}\0".encode() + path.read_bytes())


def hash_of(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()
