"""The whole build, top to bottom: read and validate, generate, then write and build both sites.

Nothing is written until all content is read and validated (as MkDocs' own build gathers all files and
the nav first); nothing replaces docs/ or site/ until both languages have built.
"""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import contents, generators, opendata, writers
from .errors import ContentErrors
from .metrics import build_series


class BuildFailed(Exception):
    """MkDocs could not build a language; the previous site is untouched."""


@dataclass
class Project:
    """The folders of one strategy project."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"


@dataclass
class BuildResult:
    content: contents.Content
    docs: writers.SyncReport
    site_dir: Path
    pages: int


def check(project: Project) -> contents.Content:
    """Validate all content and generate the pages in memory (nothing written); raises ContentErrors."""
    content = contents.load(project.content)
    generators.generate(content)
    return content


def build_epoch(content: contents.Content) -> int:
    """A timestamp derived from the content, for MkDocs' sitemap and gzip headers: same content, same bytes."""
    day = max([content.strategy.draft_date] + [s.date for s in content.snapshots] + [u.facts.date for u in content.updates])
    return calendar.timegm(dt.datetime.combine(day, dt.time()).timetuple())


def generate_docs(content: contents.Content, series=None) -> dict[str, bytes]:
    """Every generated Markdown file, by path under docs/."""
    pages = generators.generate(content, series)
    return {f"{lang}/{path}": text.encode("utf-8") for lang, files in pages.items() for path, text in files.items()}


def build(project: Project, site_dir: Path | None = None, base_url: str | None = None, parallel: bool = True) -> BuildResult:
    """Validate, generate docs/, build every language into `site_dir` (default site/)."""
    site_dir = site_dir or project.root / "site"
    # 1. Read and validate everything.
    content = contents.load(project.content)
    if base_url:
        content = _with_base_url(content, base_url)
    # 2. Generate all pages, navigation and data in memory.
    series = build_series(content)
    docs = generate_docs(content, series)
    data = opendata.files(content, series)
    root_page = generators.root_page(content)
    # 3. Build both sites in a staging folder.
    staging = site_dir.with_name(f".{site_dir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        writers.write_tree(docs, staging / "docs")
        epoch = build_epoch(content)
        jobs = [writers.SiteJob(
            lang=lang, config_file=str(project.config), docs_dir=str(staging / "docs" / lang),
            site_dir=str(staging / "site" / lang), site_url=f"{content.site.base_url}{lang}/",
            site_name=content.words[lang].ui.site_name, nav=generators.navigation(content, lang),
            copyright=content.words[lang].ui.strings.get("copyright", ""), build_epoch=epoch,
            extra={"footer_links": generators.footer_links(content, lang),
                   "feed": {"title": generators.feed_title(content, lang), "link": "feed.xml"},
                   "ui": generators.theme_strings(content, lang)},
        ) for lang in content.languages]
        problems = {lang: msgs for lang, msgs in writers.build_sites(jobs, parallel).items() if msgs}
        if problems:
            raise BuildFailed("\n".join(f"{lang}: {msg}" for lang, msgs in sorted(problems.items()) for msg in msgs))
        writers.write_tree({f"data/{k}": v for k, v in data.items()} | {"index.html": root_page}, staging / "site")
        # 4. Only now touch the real folders.
        report = writers.sync_tree(docs, project.docs)
        writers.swap_in(staging / "site", site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return BuildResult(content, report, site_dir, len(docs))


def _with_base_url(content: contents.Content, base_url: str) -> contents.Content:
    """The same content published at another address (a local preview or a test server)."""
    from dataclasses import replace

    base_url = base_url if base_url.endswith("/") else base_url + "/"
    return replace(content, site=content.site.model_copy(update={"base_url": base_url}))


__all__ = ["Project", "build", "check", "BuildFailed", "ContentErrors"]
