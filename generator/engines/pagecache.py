"""What MkDocs made of each page in the last builds, kept so that a rebuild renders only the pages whose inputs
changed (issue 26). It cannot go stale, because nothing is looked up by name: every record is found by a hash of
everything that went into it.

A page is made in two steps, and each has its own record:

1. **Markdown → HTML** (MkDocs' `_populate_page`: the front matter, Python-Markdown, the staff text cleaned).
   Its key hashes the *site key* (below) with the page's path and its generated Markdown, byte for byte. The
   record holds what MkDocs keeps of the step: the front matter, the Markdown body, the HTML, the table of
   contents, the title found in it, its anchors and its links to other pages' anchors.
2. **The page in the theme** (MkDocs' `_build_page`: the search index's entries for the page, the template's
   output). Its key hashes step 1's key with the template's name and the *navigation's* signature: every
   title, address and nesting of the nav, read after all pages are read (a renamed goal changes the menu,
   the breadcrumbs and the previous/next links of pages that show it, so every page is made again).

The *site key* hashes what every page depends on: the language's settings (the SiteJob, without the folders it reads
from and writes to, which no page shows), the project's mkdocs.yml and theme overrides, the package's own code, theme
and defaults, the versions of MkDocs, Material, Python-Markdown and Jinja2, and the list of every file of the
site (a link's target, and whether it exists, depends on it). A change in any of these makes every key new.

The cache is used only when the site's plugins are the ones whose effects it knows (MkDocs' build, Material's
search, the generator's own plugin): a project that adds a plugin to its mkdocs.yml builds every page every
time. Records are written only after a build that logged no warning (a record must never hide a warning its
page would give), and records no build used the last time are removed then, so the cache holds one site.
It is one SQLite file per language in the project's `.cache/` folder, written in one transaction: a build
stopped half-way leaves the cache as it was. The folder ignores itself for git (its own .gitignore, as pytest's
cache does), so the editor's commits and `git status` never see it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..caches import add_folder, folder, make_folder, package_fingerprint
from .theme import theme_files

if TYPE_CHECKING:
    from . import SiteJob

# The plugins whose effects on a page the records hold (the generator's own is added by the build).
KNOWN_PLUGINS = {"search", "material/search", "strategy-site/generated-docs"}


def cache_file(project_root: str | Path, lang: str, engine: str = "mkdocs") -> Path:
    return folder(project_root) / f"{engine}-{lang}.sqlite"


@functools.cache
def _shipped_templates_show_build_date() -> bool:
    import material

    from .theme import PACKAGE_THEME

    folders = (Path(material.__file__).parent / "templates", PACKAGE_THEME)
    return any(_mentions_build_date(path) for folder in folders for path in theme_files(folder).values())


def _mentions_build_date(path: Path) -> bool:
    return path.suffix in (".html", ".xml", ".js", ".txt", "") and b"build_date_utc" in path.read_bytes()


def _templates_show_build_date(overrides: Path | None) -> bool:
    """Whether a template the site can use shows MkDocs' `build_date_utc` (from SOURCE_DATE_EPOCH, the build's
    date): Material's and the package's do not (checked, not assumed), a project's own might."""
    if _shipped_templates_show_build_date():
        return True
    return overrides is not None and any(_mentions_build_date(path) for path in theme_files(overrides).values())


def site_key(job: SiteJob, paths: list[str], overrides: Path | None) -> str:
    """The hash of what every page of one language's site depends on (see the module's docstring)."""
    settings = asdict(job)
    for place in ("docs_dir", "site_dir", "project_root", "config_file", "page_cache"):
        settings.pop(place)
    # the content folder the logo is copied from: the editor publishes from a new checked copy each time
    settings["theme"] = {key: value for key, value in settings["theme"].items() if key != "content"}
    if not _templates_show_build_date(overrides):  # the build's date moves with the content's latest date,
        settings.pop("build_epoch")  # which one edit can change: it makes a page only where a template shows it
    digest = hashlib.blake2b(package_fingerprint().encode(), digest_size=20)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(Path(job.config_file).read_bytes())
    add_folder(digest, overrides)
    digest.update("\0".join(sorted(paths)).encode())
    return digest.hexdigest()


class PageCache:
    """One language's records: `get(key)`, `put(key, record)`, then `save()` once the build succeeded."""

    def __init__(self, path: Path):
        self.path = path
        self.new: dict[str, bytes] = {}  # the records this build made, compressed, until save()
        self.used: set[str] = set()  # the keys this build looked up or made: save() drops the others
        self.db: sqlite3.Connection | None = None
        try:
            if path.exists():
                self.db = sqlite3.connect(path, timeout=30)
                self.db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB)")
        except sqlite3.Error:
            self.db = None  # an unreadable cache is no cache: every page is built

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        if key in self.new:
            return json.loads(zlib.decompress(self.new[key]))
        row = None
        if self.db is not None:
            try:
                row = self.db.execute("SELECT value FROM records WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
        if row is None:
            return None
        try:
            return json.loads(zlib.decompress(row[0]))
        except (zlib.error, ValueError):
            return None

    def put(self, key: str, record: dict) -> None:
        self.used.add(key)
        self.new[key] = zlib.compress(json.dumps(record, separators=(",", ":")).encode(), 1)

    def save(self) -> None:
        """Write the new records and drop those this build did not use, in one transaction. A cache file that is
        not a database is replaced."""
        self.close()
        try:
            make_folder(self.path)
            try:
                self._write()
            except sqlite3.DatabaseError:
                self.path.unlink(missing_ok=True)
                self._write()
        except (sqlite3.Error, OSError):
            pass  # the site is built; only the next build is slower

    def _write(self) -> None:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB)")
                db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in sorted(self.used)))
                db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM used)")
                db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", sorted(self.new.items()))
        finally:
            db.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def plugins_known(config) -> bool:
    """Whether the site's plugins are only those whose effects the records hold (see the module's docstring)."""
    return set(config.plugins) <= KNOWN_PLUGINS
