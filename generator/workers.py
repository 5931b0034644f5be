"""Per-language work in parallel processes: generating one language's pages and building its site need
nothing from the other language, and MkDocs uses one core.

Each language has its own worker process, started after the content is loaded and validated, once per build;
it serves both stages of its language (generate, then the site engine) and keeps the pages it generated, so a
page's bytes cross to the parent once (for docs/) instead of there and back again. With the fork start method
(Linux) the workers inherit the loaded content instead of receiving a pickled copy (about 2 s for a 5 000-page
strategy), and `gc.freeze()` keeps the garbage collector from touching, and so copying, those inherited objects;
where fork is not available the content is pickled to each worker once. With one language, one core or
`parallel=False` the same work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import engines, processes, render
from .contents import Content
from .errors import BuildFailed, ContentError, ContentErrors
from .metrics import Series

_state: dict[str, Any] = {}  # what each worker holds: the content, the series and its languages' generated pages


def _start(content: Content, series: dict[str, Series]) -> None:
    _state["content"], _state["series"], _state["docs"] = content, series, {}


def _start_worker(parent: int, content: Content, series: dict[str, Series]) -> None:
    """A worker's start: it ends when the build process ends, however that ends (SIGTERM, SIGKILL, a crash)."""
    processes.end_with_parent(parent)
    _start(content, series)


def _generate(lang: str) -> tuple[str, dict[str, bytes], list[ContentError], float]:
    """One language's docs files as bytes (what docs/ and MkDocs get) or its content errors, and the CPU
    seconds it took. Errors come back as data, so that every language's are reported together."""
    cpu = time.process_time()
    try:
        files = render.generate_language(_state["content"], lang, _state["series"])
    except ContentErrors as exc:
        return lang, {}, exc.errors, time.process_time() - cpu
    docs = _state["docs"][lang] = {path: text.encode("utf-8") for path, text in files.items()}
    return lang, docs, [], time.process_time() - cpu


def _build(job: engines.SiteJob) -> tuple[str, list[str], dict[str, int], float]:
    """One language's site, from the pages this process generated for it (they never travel back from the parent)."""
    cpu, before = time.process_time(), os.times()
    lang, problems, counts = engines.build_site(job, _state["docs"][job.lang])
    after = os.times()  # with the engine's own process (Zensical), which has ended by now
    children = after.children_user + after.children_system - before.children_user - before.children_system
    return lang, problems, counts, time.process_time() - cpu + children


class Workers:
    """`with Workers(content, series) as w:` then `w.generate()` and `w.build_sites(jobs)`.

    Each stage returns when every language is done (or raises the content errors of all of them), so the
    pipeline still validates and generates everything before MkDocs writes a byte."""

    def __init__(self, content: Content, series: dict[str, Series], parallel: bool = True):
        self.content, self.series = content, series
        self.count = min(len(content.languages), os.cpu_count() or 1) if parallel else 1
        self.pools: dict[str, Executor] = {}  # one process per language, which keeps that language's pages
        self.cpu: dict[str, float] = {"generate": 0.0, "site": 0.0}  # CPU seconds of the work, all processes
        self.pages: dict[str, dict[str, int]] = {}  # per language: pages rendered, and taken from the page cache

    def __enter__(self) -> Workers:
        if self.count > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            gc.freeze()  # before fork: the workers' collections then skip the inherited objects
            self.pools = {
                lang: ProcessPoolExecutor(
                    1, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), self.content, self.series)
                )
                for lang in self.content.languages
            }
        else:
            _start(self.content, self.series)
        return self

    def __exit__(self, *exc) -> None:
        if self.pools:
            for pool in self.pools.values():
                pool.shutdown()
            gc.unfreeze()
        _state.clear()

    def _map(self, fn, args: dict[str, Any], meanwhile: Callable[[], None] | None = None) -> list:
        """`fn(arg)` for each {language: arg}, each in its language's process, all at once; `meanwhile()` runs in
        this process while they work (after them when there are no worker processes)."""
        if not self.pools:
            results = [fn(arg) for arg in args.values()]
            if meanwhile is not None:
                meanwhile()
            return results
        try:
            futures = [self.pools[lang].submit(fn, arg) for lang, arg in args.items()]
            if meanwhile is not None:
                meanwhile()
            return [future.result() for future in futures]
        except BrokenProcessPool:
            raise BuildFailed(
                "a build process stopped unexpectedly (out of memory, or killed); "
                "run the build again, and if it keeps stopping, check the machine's free memory"
            ) from None

    def generate(self) -> dict[str, dict[str, bytes]]:
        """Every language's docs files, {lang: {path: bytes}}; raises ContentErrors naming all of them."""
        results = self._map(_generate, {lang: lang for lang in self.content.languages})
        self.cpu["generate"] += sum(cpu for *_, cpu in results)
        errors = [error for _, _, errors, _ in results for error in errors]
        if errors:
            raise ContentErrors(errors)
        return {lang: files for lang, files, _, _ in results}

    def build_sites(
        self, jobs: list[engines.SiteJob], meanwhile: Callable[[], None] | None = None
    ) -> dict[str, list[str]]:
        """Build every language's site from the files `generate` made; {lang: problems (empty when clean)}.
        `meanwhile()` is work of this process that needs no site (the open data): it runs while the workers
        build, instead of before them."""
        results = self._map(_build, {job.lang: job for job in jobs}, meanwhile)
        self.cpu["site"] += sum(cpu for *_, cpu in results)
        self.pages = {lang: counts for lang, _, counts, _ in results}
        return {lang: problems for lang, problems, _, _ in results}
