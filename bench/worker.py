"""One measured build of a project, run in a fresh process by processes.run_worker.

    python -m bench.worker ROOT [--engine mkdocs|zensical] [--docs-only]

Prints the result as one JSON line after MARK. Imports only the standard library before the generator, so that
the time and memory of importing the generator are its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

MARK = "BENCH-RESULT "


@contextmanager
def watched_site_builds(workers_class, docs_only: bool):
    """Record the SiteJob of every language site the build starts; with `docs_only`, start none (MkDocs stubbed out).

    This replaces `Workers.build_sites` for the duration, a monkeypatch kept on purpose: `pipeline.build` has no
    way to skip the site stage or to hand out its jobs, and adding one would put a benchmark-only switch into the
    generator. The baseline needs the jobs (the very MkDocs configuration the build used), and the no-change
    rebuild at the largest sizes needs validation, generation and the docs/ sync without MkDocs.
    """
    jobs_seen: list = []
    real_build_sites = workers_class.build_sites

    def build_sites(self, jobs, *args, meanwhile=None, **kwargs):
        jobs_seen.extend(jobs)
        if docs_only:
            if meanwhile is not None:
                meanwhile()
            return {job.lang: [] for job in jobs}
        return real_build_sites(self, jobs, *args, meanwhile=meanwhile, **kwargs)

    workers_class.build_sites = build_sites
    try:
        yield jobs_seen
    finally:
        workers_class.build_sites = real_build_sites


def worker_build(root: Path, docs_only: bool = False, engine: str = "mkdocs") -> dict:
    """One pipeline.build of the project at `root` with `engine` (Zensical's site goes to site-zensical/), with
    the stage times the pipeline itself reports (BuildResult.seconds).

    `docs_only`: MkDocs is replaced by a stub and the site goes to a scratch folder, so only validation,
    generation and the docs/ sync run (for the no-change rebuild at sizes where MkDocs takes minutes).
    """
    started = time.perf_counter()
    from generator import pipeline, workers

    imported = time.perf_counter() - started
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    scratch = root / "bench-scratch-site" if docs_only else (root / "site-zensical" if engine == "zensical" else None)
    with watched_site_builds(workers.Workers, docs_only) as jobs_seen:
        result = pipeline.build(pipeline.Project(root), scratch, engine=engine)
    if docs_only:
        shutil.rmtree(scratch, ignore_errors=True)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    sec = result.seconds
    return {
        "import_s": imported,
        "total_s": sec["total"],
        "load_s": sec["validate"],
        "generate_s": sec["generate"],
        "mkdocs_s": sec["site"],
        "mkdocs_children_cpu_s": sec["site_cpu"],
        "generate_cpu_s": sec["generate_cpu"],
        "engine": engine,
        "parent_cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
        "docs_only": docs_only,
        "rendered": result.rendered,  # per language: pages rendered, and taken from the page cache
        "docs_files": result.pages,
        "written": len(result.docs.written),
        "written_sample": result.docs.written[:5],
        "site_written": None if docs_only else len(result.site.written),
        "site_files": len(result.site.written) + result.site.unchanged,
        "removed": len(result.docs.removed),
        "unchanged": result.docs.unchanged,
        "jobs": [dataclasses.asdict(j) for j in jobs_seen],
        "maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__.split("\n\n")[0])
    ap.add_argument("root", help="the project folder to build")
    ap.add_argument("--engine", default="mkdocs", help="mkdocs (default) or zensical")
    ap.add_argument("--docs-only", action="store_true", help="stub out the site engine: validate, generate, sync docs/")
    args = ap.parse_args(argv)
    print(MARK + json.dumps(worker_build(Path(args.root), args.docs_only, args.engine)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
