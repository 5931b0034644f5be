"""The whole build, top to bottom: read and validate, generate, then write and build both sites.

Nothing is written until all content is read and validated (as MkDocs' own build gathers all files and
the nav first); nothing replaces docs/ or site/ until both languages have built.
"""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

from . import caches, contents, engines, loading, manifest, opendata, render, writers
from .errors import BuildFailed, ContentErrors
from .metrics import build_series
from .workers import Workers

# The sites' shared settings when a project has no mkdocs.yml of its own.
DEFAULT_CONFIG = Path(__file__).resolve().parent / "defaults" / "mkdocs.yml"


@dataclass
class Project:
    """The folders of one strategy project."""

    root: Path
    content_dir: Path | None = None  # content/ by default; the editor builds from a checked copy of it

    @property
    def content(self) -> Path:
        return self.content_dir or self.root / "content"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        """The project's mkdocs.yml, or the package's when it has none: the sites' shared settings are the
        generator's, and a project writes the file only to change them."""
        own = self.root / "mkdocs.yml"
        return own if own.exists() else DEFAULT_CONFIG


@dataclass
class BuildResult:
    content: contents.Content
    docs: writers.SyncReport
    site_dir: Path
    pages: int
    site: writers.SyncReport  # what changed in site_dir
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage, and CPU of the workers
    # per language, pages the engine rendered ("rendered") and took from the page cache ("reused"); MkDocs only
    rendered: dict[str, dict[str, int]] = field(default_factory=dict)


def check(project: Project) -> contents.Content:
    """Validate all content and generate the pages in memory (nothing written); raises ContentErrors."""
    content = loading.load(project.content)
    generate_docs(content)
    return content


def build_epoch(content: contents.Content) -> int:
    """A timestamp derived from the content, for MkDocs' sitemap and gzip headers: same content, same bytes."""
    return calendar.timegm(dt.datetime.combine(content.latest_date, dt.time()).timetuple())


def generate_docs(content: contents.Content, series=None) -> dict[str, bytes]:
    """Every generated file, by path under docs/, generated in this process (`check`, golden files); the same
    per-language work and error collection that `build` runs in its worker processes."""
    with Workers(content, series or build_series(content), parallel=False) as workers:
        return docs_tree(workers.generate())


def docs_tree(docs: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    """{lang: {path: bytes}} as the files of docs/: {"lang/path": bytes}."""
    return {f"{lang}/{path}": data for lang, files in docs.items() for path, data in files.items()}


def build(
    project: Project,
    site_dir: Path | None = None,
    base_url: str | None = None,
    parallel: bool = True,
    engine: str = "mkdocs",
    before_swap: Callable[[Path], None] | None = None,
    page_cache: bool = True,
) -> BuildResult:
    """Validate, generate docs/, build every language into `site_dir` (default site/) with `engine` (engines/).
    `before_swap(staged site)`, when given, runs once both sites are built and before docs/ or site/ change: the
    editor's publish commits content/ there, so that the commit and the swap follow each other at once (and
    if it raises, neither docs/ nor site/ changes). With `page_cache`, a page whose inputs did not change since
    an earlier build is taken from the project's page cache (engines/pagecache.py) instead of rendered again;
    without it every page is rendered and the cache is neither read nor written."""
    site_dir = site_dir or project.root / "site"
    clock = _Clock()
    unavailable = engines.check_available(engine)
    if unavailable:
        raise BuildFailed(unavailable)
    # 0. What the last build of this site folder left (manifest.py): read before the content, so that an edit
    #    made while this build reads it is seen by the next one.
    last_build = manifest.manifest_file(project.root, site_dir)
    options = {"base_url": base_url, "engine": engine, "site_dir": str(site_dir.resolve())}
    overrides = engines.project_overrides(project.config, None, project.root)
    key = manifest.inputs_key(project.content, project.config, overrides, options) if page_cache else None
    # 1. Read and validate everything.
    content = loading.load(project.content)
    if base_url:
        content = content.with_base_url(base_url)
    clock.lap("validate")
    if key is not None and before_swap is None:
        last = manifest.unchanged(last_build, key, project.docs, site_dir)
        if last is not None:  # nothing changed since that build, so nothing would change
            return _unchanged(content, site_dir, last, clock)
    series = build_series(content)
    with Workers(content, series, parallel) as workers:
        # 2. Generate all pages (each language in its own process) and navigation, in memory.
        docs = workers.generate()
        clock.lap("generate")
        data: dict[str, bytes] = {}
        kept = caches.folder(project.root) if page_cache else None  # where the open data's workbook is kept
        root_page = render.root_page(content)
        # 3. Build both sites in a staging folder (MkDocs reads the pages from memory, Zensical from its work folder),
        #    and the open data meanwhile.
        staging = site_dir.with_name(f".{site_dir.name}.staging")
        if staging.exists():
            shutil.rmtree(staging)
        try:
            jobs = [replace(job, page_cache=page_cache) for job in site_jobs(project, content, staging, engine)]
            clock.lap("write")
            # the open data is made here while the workers build the sites (it needs none of them)
            built = workers.build_sites(jobs, meanwhile=lambda: data.update(opendata.files(content, series, kept)))
            problems = {lang: msgs for lang, msgs in built.items() if msgs}
            clock.lap("site")
            if problems:
                raise BuildFailed(
                    "\n".join(f"{lang}: {msg}" for lang, msgs in sorted(problems.items()) for msg in msgs)
                )
            writers.write_tree({f"data/{k}": v for k, v in data.items()} | {"index.html": root_page}, staging / "site")
            if before_swap is not None:
                before_swap(staging / "site")
            # 4. Only now touch the real folders, and in each only the files that changed.
            manifest.forget(last_build)
            report = writers.sync_tree(docs_tree(docs), project.docs)
            site_report = writers.swap_in(staging / "site", site_dir)  # the old site is left in staging/
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    clock.lap("write")  # with the workers' exit
    seconds = clock.seconds | {f"{stage}_cpu": cpu for stage, cpu in workers.cpu.items()}
    pages = report.unchanged + len(report.written)
    if key is not None:
        files = len(site_report.written) + site_report.unchanged
        pages_by_language = {lang: sum(counts.values()) for lang, counts in workers.pages.items()}
        manifest.record(
            last_build, key, project.docs, site_dir, {"docs": pages, "site": files, "pages": pages_by_language}
        )
    return BuildResult(content, report, site_dir, pages, site_report, seconds, workers.pages)


def _unchanged(content: contents.Content, site_dir: Path, last: dict, clock: _Clock) -> BuildResult:
    """The result of a build that found nothing changed since the last one (manifest.py): what that one built."""
    clock.lap("write")
    seconds = clock.seconds | {"generate": 0.0, "site": 0.0, "generate_cpu": 0.0, "site_cpu": 0.0}
    return BuildResult(
        content,
        writers.SyncReport([], [], last["docs"]),
        site_dir,
        last["docs"],
        writers.SyncReport([], [], last["site"]),
        seconds,
        {lang: {"rendered": 0, "reused": count} for lang, count in last["pages"].items()},
    )


def site_jobs(
    project: Project, content: contents.Content, staging: Path, engine: str = "mkdocs"
) -> list[engines.SiteJob]:
    """What each language's site build gets besides its pages: the per-language settings of mkdocs.yml."""
    (staging / "docs").mkdir(parents=True)  # MkDocs' docs_dir: empty, the pages come from memory
    return [
        site_job(
            project,
            content,
            lang,
            str(engines.docs_dir(engine, project.root, staging, lang)),
            str(staging / "site" / lang),
            engine,
        )
        for lang in content.languages
    ]


def site_job(
    project: Project, content: contents.Content, lang: str, docs_dir: str, site_dir: str, engine: str = "mkdocs"
) -> engines.SiteJob:
    """One language's settings (the build's, and the editor's preview of one page)."""
    ui = render.interface(content, lang)
    return engines.SiteJob(
        lang=lang,
        config_file=str(project.config),
        project_root=str(project.root),
        docs_dir=docs_dir,
        site_dir=site_dir,
        site_url=f"{content.site.base_url}{lang}/",
        site_name=content.words[lang].ui.site_name,
        nav=render.navigation(content, ui),
        copyright=content.words[lang].ui.strings.get("copyright", ""),
        build_epoch=build_epoch(content),
        extra={
            "footer_links": render.footer_links(content, lang),
            "feed": {"title": render.feed_title(ui), "link": "feed.xml"},
            "ui": render.theme_strings(ui),
            # the language's home page as a path from the server's root: the 404 page is served at any depth,
            # so a relative link (Material's homepage ".") would point below the missing address (B-32)
            "home_path": f"{urlparse(content.site.base_url).path or '/'}{lang}/",
        },
        engine=engine,
        theme=engines.site_theme(content.site, project.content),
    )


class _Clock:
    """Wall seconds per stage of a build (`lap` adds the time since the last lap to a stage)."""

    def __init__(self):
        self.start = self.last = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.seconds["total"] = now - self.start
        self.last = now


__all__ = ["Project", "build", "check", "BuildFailed", "ContentErrors"]
