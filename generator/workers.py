"""Per-language work in parallel processes: generating one language's pages and building its site need
nothing from the other language, and MkDocs uses one core.

The pool starts after the content is loaded and validated, once per build, and serves both stages (generate,
then the site engine). With the fork start method (Linux) the workers inherit the loaded content instead of
receiving a pickled copy (about 2 s for a 5 000-page strategy), and `gc.freeze()` keeps the garbage collector
from touching, and so copying, those inherited objects; where fork is not available the content is pickled to
each worker once. With one language, one core or `parallel=False` the same work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import engines, generators
from .contents import Content
from .errors import BuildFailed, ContentError, ContentErrors
from .metrics import Series

_state: dict[str, Any] = {}  # what each worker holds: the content and the series


def _start(content: Content, series: dict[str, Series]) -> None:
    _state["content"], _state["series"] = content, series


def _start_worker(parent: int, content: Content, series: dict[str, Series]) -> None:
    """A worker's start: it ends when the build process ends, however that ends (SIGTERM, SIGKILL, a crash),
    by Linux's PR_SET_PDEATHSIG. Without it a killed `strategy-site build` left both workers running, and a
    stopped `strategy-site serve` left workers holding the preview's port (they inherit its socket)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own clean-up is all there is
        pass
    if os.getppid() != parent:  # the build process ended before the signal was asked for
        os._exit(1)
    _start(content, series)


def _generate(lang: str) -> tuple[str, dict[str, bytes], list[ContentError], float]:
    """One language's docs files as bytes (what docs/ and MkDocs get) or its content errors, and the CPU
    seconds it took. Errors come back as data, so that every language's are reported together."""
    cpu = time.process_time()
    try:
        files = generators.generate_language(_state["content"], lang, _state["series"])
    except ContentErrors as exc:
        return lang, {}, exc.errors, time.process_time() - cpu
    return lang, {path: text.encode("utf-8") for path, text in files.items()}, [], time.process_time() - cpu


def _build(job: engines.SiteJob, files: dict[str, bytes]) -> tuple[str, list[str], float]:
    cpu, before = time.process_time(), os.times()
    lang, problems = engines.build_site(job, files)
    after = os.times()  # with the engine's own process (Zensical), which has ended by now
    children = after.children_user + after.children_system - before.children_user - before.children_system
    return lang, problems, time.process_time() - cpu + children


class Workers:
    """`with Workers(content, series) as w:` then `w.generate()` and `w.build_sites(jobs, docs)`.

    Each stage returns when every language is done (or raises the content errors of all of them), so the
    pipeline still validates and generates everything before MkDocs writes a byte."""

    def __init__(self, content: Content, series: dict[str, Series], parallel: bool = True):
        self.content, self.series = content, series
        self.count = min(len(content.languages), os.cpu_count() or 1) if parallel else 1
        self.pool: Executor | None = None
        self.cpu: dict[str, float] = {"generate": 0.0, "site": 0.0}  # CPU seconds of the work, all processes

    def __enter__(self) -> "Workers":
        if self.count > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            gc.freeze()  # before fork: the workers' collections then skip the inherited objects
            self.pool = ProcessPoolExecutor(self.count, mp_context=context, initializer=_start_worker,
                                            initargs=(os.getpid(), self.content, self.series))
        else:
            _start(self.content, self.series)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            gc.unfreeze()
        _state.clear()

    def _map(self, fn, *args) -> list:
        if self.pool is None:
            return list(map(fn, *args))
        try:
            return list(self.pool.map(fn, *args))
        except BrokenProcessPool:
            raise BuildFailed("a build process stopped unexpectedly (out of memory, or killed); "
                              "run the build again, and if it keeps stopping, check the machine's free memory") from None

    def generate(self) -> dict[str, dict[str, bytes]]:
        """Every language's docs files, {lang: {path: bytes}}; raises ContentErrors naming all of them."""
        results = self._map(_generate, self.content.languages)
        self.cpu["generate"] += sum(cpu for *_, cpu in results)
        errors = [error for _, _, errors, _ in results for error in errors]
        if errors:
            raise ContentErrors(errors)
        return {lang: files for lang, files, _, _ in results}

    def build_sites(self, jobs: list[engines.SiteJob], docs: dict[str, dict[str, bytes]]) -> dict[str, list[str]]:
        """Build every language's site from its generated files; {lang: problems (empty when clean)}."""
        results = self._map(_build, jobs, [docs[job.lang] for job in jobs])
        self.cpu["site"] += sum(cpu for _, _, cpu in results)
        return {lang: problems for lang, problems, _ in results}
