"""Stage 4a: each language's site built from its generated pages by a site engine, into a staging folder.

Two engines read the same mkdocs.yml and theme (the package's, generator/theme/, with a project's own
overrides/ over it: theme.py): MkDocs with Material (the default), and Zensical, made by Material's authors to
replace it (Material 9.x reaches its end of life in 2027). Nothing either reads is specific to one of them:
each page's language switch and hreflang come from its own front matter, and the templates use only what Jinja2
and MiniJinja share. What each engine gets:

- MkDocs runs in this process and reads the pages from memory (a plugin hands them over as files of an empty
  docs_dir), so docs/ changes only after every language built.
- Zensical (an optional extra: `pip install -e '.[zensical]'`) reads its pages from a folder and keeps a cache
  beside its configuration, so each language has a work folder, `.zensical/<lang>/` in the project: the pages
  (only changed files rewritten), the configuration (mkdocs.yml with the language's settings, relative paths,
  as Zensical requires), the theme (the package's with the project's overrides/ over it), its cache, and the
  site it writes, which is then moved into the staging folder. It runs as a child process, which ends with the
  build however the build ends.

Either way the site then goes through the same staging and swap (pipeline.py, writers.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import shared_config, site_config, theme_words, whole_config
from .finish import finish_page
from .mkdocs import generated_docs, walk_order
from .theme import PACKAGE_THEME, layer, project_overrides, site_files, site_theme

ENGINES = ("mkdocs", "zensical")
NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
ZENSICAL_INSTALL = "pip install -e '.[zensical]'"


@dataclass(frozen=True)
class SiteJob:
    """What one language's site build needs; plain data so it can go to another process."""

    lang: str
    config_file: str
    docs_dir: str  # MkDocs: an empty folder (the pages come from memory); Zensical: its work folder's docs/
    site_dir: str
    site_url: str
    site_name: str
    nav: list
    copyright: str
    build_epoch: int
    extra: dict
    engine: str = "mkdocs"
    # what the content gives the theme (theme.site_theme): its colours, the logo's and the favicon's paths
    theme: dict = field(default_factory=dict)
    project_root: str = ""  # the project folder (its overrides/), which need not hold config_file
    page_cache: bool = True  # MkDocs: take unchanged pages from the project's page cache (pagecache.py)


def check_available(engine: str) -> str | None:
    """Why `engine` cannot build here (None when it can): asked before any work, so that a missing engine is
    one clear error instead of a failure half-way."""
    if engine not in ENGINES:
        return f"unknown engine '{engine}': use one of {', '.join(ENGINES)}"
    if engine == "zensical":
        import importlib.util

        if importlib.util.find_spec("zensical") is None:
            return (
                f"Zensical is not installed: run `.venv/bin/{ZENSICAL_INSTALL}` (or `make site-zensical`), "
                "then build again"
            )
    return None


def build_site(job: SiteJob, files: dict[str, bytes]) -> tuple[str, list[str], dict[str, int]]:
    """Build one language from its generated `files` into job.site_dir; returns what went wrong (empty when clean)
    and, for MkDocs, how many pages it rendered and how many it took from the page cache (pagecache.py)."""
    if job.engine == "zensical":
        from . import zensical

        return job.lang, zensical.build(job, files | site_files(job.theme)), {}
    from . import mkdocs

    return job.lang, *mkdocs.build(job, files | site_files(job.theme))


def docs_dir(engine: str, root: Path, staging: Path, lang: str) -> Path:
    """Where the engine reads a language's pages: MkDocs an empty folder (the pages come from memory), Zensical
    its work folder in the project (configuration, pages, cache and the site it writes)."""
    return root / ".zensical" / lang / "docs" if engine == "zensical" else staging / "docs"


__all__ = [
    "ENGINES",
    "NAMES",
    "PACKAGE_THEME",
    "SiteJob",
    "build_site",
    "check_available",
    "docs_dir",
    "finish_page",
    "generated_docs",
    "layer",
    "project_overrides",
    "shared_config",
    "site_config",
    "site_files",
    "site_theme",
    "theme_words",
    "walk_order",
    "whole_config",
]
