"""Benchmark: build the Kokkola site and synthetic strategies of growing size; write BENCHMARKS.md.

    python -m bench.benchmark                       # everything (kokkola,10,100,1000,5000), writes BENCHMARKS.md
    python -m bench.benchmark --sizes 10,100        # a quick check; --no-write prints the tables only
    make bench                                      # the same as the first line, with .venv/bin/python

Run from the project's root. For each size, every measured build runs in a fresh Python process (so caches,
imports and memory start from zero; bench/worker.py), while this process samples the memory (PSS and RSS) of
that process and all its children (the MkDocs worker processes) every 0.1 s (bench/processes.py):

1. `pipeline.build` end to end (the first build of the project), with the stage times the pipeline reports
   itself (`BuildResult.seconds`: validate, generate, MkDocs, writing; and the CPU seconds of the workers);
2. the same build again with no content change: how many generated docs/ files it rewrote;
3. both again with the other engine, Zensical (`engine="zensical"`; a first build without its cache, then a
   no-change rebuild with it), reported side by side with MkDocs' (issue 15);
4. the bare MkDocs baseline (bench/baseline.py): `python -m mkdocs build` of the already generated docs/<lang>
   with the same configuration (mkdocs.yml plus the per-language options pipeline.build passes), one language
   at a time (sequential) and both at once (parallel, two processes), without the generator;
5. Hugo side by side (bench/hugo.py, issue 26): Hugo building the same generated docs/ of both languages with a
   layout that does per page what Material does, in a fresh process, from an empty destination.

Sizes, HTML weights (gzip level 6, as nginx serves it; bench/weight.py) and, for Kokkola, what a first visit
of a goal page downloads (Chromium through Playwright against a local http.server, every request logged by the
server; bench/visit.py) are measured from the built site/. The editor's save-to-preview time is measured in a
copy of the project (bench/editor.py). Raw results go to bench/out/results.json; the report is written by
bench/report.py. Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import synthetic
from .baseline import measure_baseline
from .editor import editor_preview
from .hugo import measure_hugo
from .paths import LAST_COMPLETE, RESULTS, ROOT, copy_project, load_content
from .processes import run_worker
from .report import kept_analysis, machine, report
from .visit import first_visit, free_port
from .weight import count_pages, goal_page, gzipped, site_stats, static_visit

COMMAND = "python -m bench.benchmark"
DEFAULT_SIZES = "kokkola,10,100,1000,5000"
PREVIEW_SIZES = ("kokkola", "1000")  # where the editor's save-to-preview time is measured (and up to 1000)


def say(text: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {text}", flush=True)


# ---------------------------------------------------------------- one size


def make(label: str, work: Path) -> tuple[Path, dict]:
    """The project folder of one size (Kokkola as shipped, or a synthetic strategy) and what it holds."""
    root = work / f"project-{label}"
    if root.exists():
        shutil.rmtree(root)
    if label == "kokkola":
        copy_project(ROOT, root)
        c = load_content(root)
        themes = c.strategy.themes
        return root, {
            "kind": "kokkola",
            "themes": len(themes),
            "goals": sum(len(t.goals) for t in themes),
            "metrics": len(c.metrics),
            "updates": len(getattr(c, "updates", ())),
            "rounds": len(c.snapshots),
        }
    got = synthetic.make_project(root, int(label))
    p = got.plan
    return root, {
        "kind": "synthetic",
        "themes": p.themes,
        "goals": p.goals,
        "metrics": p.metrics,
        "updates": p.updates,
        "rounds": synthetic.ROUNDS,
        "extras": got.extras,
        "expected_pages": p.pages,
    }


def measure_weight(res: dict, root: Path, langs: list[str]) -> str:
    """Sizes of the built site/ and of its first goal page (raw, gzipped, and a first visit counted statically);
    the goal page's URL path."""
    res["site"] = site_stats(root / "site", langs)
    url, _ = goal_page(root)
    res["goal_page"] = {"url": url, **dict(zip(("raw", "gz"), gzipped(root / "site" / url / "index.html")))}
    res["first_visit_static"] = static_visit(root / "site", url)
    return url


def measure_in_copy(root: Path, copy: Path, run: Callable[[Path], dict]) -> dict:
    """`run(copy)` in a copy of the project at `root`, so that the measured project's docs/ and site/ stay as
    its build left them (the no-change rebuild must see no change)."""
    shutil.rmtree(copy, ignore_errors=True)
    copy_project(root, copy)
    try:
        return run(copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def browser_visit(copy: Path, url: str) -> dict:
    """The first visit of `url` in Chromium, the site built for the local address it is served at."""
    from generator import pipeline

    port = free_port()
    pipeline.build(pipeline.Project(copy), copy / "site", f"http://127.0.0.1:{port}/")
    return first_visit(copy / "site", url, port)


def measure_zensical(res: dict, root: Path, label: str, langs: list[str]) -> None:
    """A first build with Zensical (no cache) and a no-change rebuild; if it refuses the project, why."""
    try:
        res["zensical"] = {"build": run_worker(root, engine="zensical"), "rebuild": run_worker(root, engine="zensical")}
    except RuntimeError as exc:  # Zensical refused the project: the report says why, the other measures go on
        reasons = [line for line in str(exc).splitlines() if "ERROR" in line]
        res["zensical"] = {"failed": reasons[-1].split("ERROR", 1)[1].strip() if reasons else str(exc).splitlines()[0]}
        say(f"[{label}]   Zensical stopped: {res['zensical']['failed']}")
    else:
        res["zensical"]["site"] = site_stats(root / "site-zensical", langs, index="search.json")
        for run in ("build", "rebuild"):
            res["zensical"][run].pop("jobs", None)


def edit_one_goal(root: Path) -> None:
    """The first goal's description in the first language's words, one word longer (the edit a rebuild of issue
    26 is judged on): found under `goals:` in content/<lang>/strategy.yml, the file's other lines as they are."""
    words = sorted((root / "content").glob("*/strategy.yml"))[0]
    lines = words.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(lines.index("goals:"), len(lines)) if lines[i].startswith("    description:"))
    if lines[at].rstrip().endswith((">-", ">", "|", "|-")):  # a block value: its first line
        at += 1
    lines[at] = lines[at][:-1] + " muutos" + lines[at][-1] if lines[at][-1] in "\"'" else lines[at] + " muutos"
    words.write_text("\n".join(lines), encoding="utf-8")


def measure(label: str, work: Path, args: argparse.Namespace) -> dict:
    """Every measure of one size (see the module's docstring), in the order that keeps each one fair."""
    say(f"[{label}] generating the project")
    root, info = make(label, work)
    res: dict = {"label": label, **info}
    say(f"[{label}] build 1: pipeline.build end to end")
    res["build"] = run_worker(root)
    langs = [j["lang"] for j in res["build"]["jobs"]] or ["fi", "sv"]
    res["pages"] = count_pages(root / "docs", langs)
    say(f"[{label}]   {res['build']['total_s']:.1f} s, {res['pages']} pages; measuring site/")
    url = measure_weight(res, root, langs)
    if label == "kokkola":
        say(f"[{label}]   first visit of {url} (in Chromium, the site built for a local address)")
        res["first_visit"] = measure_in_copy(root, work / f"served-{label}", lambda copy: browser_visit(copy, url))
    if label in PREVIEW_SIZES or (label.isdigit() and int(label) < 1000):
        say(f"[{label}] the editor: save one item, then its preview (in a copy: the rebuild below must see no change)")
        res["editor_preview"] = measure_in_copy(root, work / f"editor-{label}", editor_preview)
    full = int(label) <= args.full_rebuild_up_to if label.isdigit() else True
    stubbed = "" if full else " (MkDocs stubbed out: validate, generate, sync docs/)"
    say(f"[{label}] build 2: no content change{stubbed}")
    res["rebuild"] = run_worker(root, docs_only=not full)
    if not args.no_zensical:
        say(f"[{label}] Zensical: first build (no cache), then a no-change rebuild")
        measure_zensical(res, root, label, langs)
    if not args.no_baseline:
        seq = int(label) <= args.sequential_up_to if label.isdigit() else True
        say(f"[{label}] bare MkDocs baseline ({'sequential and ' if seq else ''}parallel)")
        res["baseline"] = measure_baseline(root, res["build"]["jobs"], seq)
    if not args.no_hugo:
        say(f"[{label}] Hugo: the same docs/, both languages, from an empty destination")
        res["hugo"] = measure_hugo(root, res["build"]["jobs"])
        if "missing" in res["hugo"]:
            say(f"[{label}]   {res['hugo']['missing']}")
    if full:
        say(f"[{label}] build 3: one goal's words changed (its description, in the first language)")
        edit_one_goal(root)
        res["goal_rebuild"] = run_worker(root)
        res["goal_rebuild"].pop("jobs")
    res["build"].pop("jobs")
    res["rebuild"].pop("jobs")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return res


# ---------------------------------------------------------------- the run


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=COMMAND, description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated: kokkola and/or pages per language (default {DEFAULT_SIZES})",
    )
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="the report to write (default BENCHMARKS.md)")
    ap.add_argument("--no-write", action="store_true", help="print the report instead of writing it")
    ap.add_argument("--workdir", default=None, help="where the project folders go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated project folders")
    ap.add_argument("--no-baseline", action="store_true", help="skip the bare MkDocs baseline")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo's build of the same docs/ (bench/hugo.py)")
    ap.add_argument(
        "--sequential-up-to",
        type=int,
        default=1000,
        help="run the one-language-at-a-time baseline only up to this size (default 1000; it doubles the time)",
    )
    ap.add_argument(
        "--full-rebuild-up-to",
        type=int,
        default=5000,
        help="above this size the no-change rebuild skips MkDocs (it only checks docs/ rewrites; default 5000)",
    )
    ap.add_argument(
        "--merge",
        action="store_true",
        help="keep the other sizes of the last complete run (bench/out/results-last.json) "
        "and replace only the sizes measured now",
    )
    ap.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: rewrite the report from the last run's bench/out/results.json",
    )
    ap.add_argument("--no-zensical", action="store_true", help="skip the builds with Zensical")
    return ap


def report_only(args: argparse.Namespace) -> int:
    """Rewrite the report from the last run's raw numbers."""
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    out = Path(args.out)
    text = report(
        data["results"],
        data["machine"],
        data["command"],
        dt.datetime.fromisoformat(data["started"]),
        data.get("seconds", 0),
        kept_analysis(out),
    )
    print(text) if args.no_write else out.write_text(text, encoding="utf-8")
    return 0


def measure_sizes(labels: list[str], args: argparse.Namespace) -> tuple[list[dict], str | None]:
    """Each size in turn, the raw numbers saved after each; stops at the first size that fails (and says why)."""
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="strategy-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results, failed = [], None
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    try:
        for label in labels:
            try:
                results.append(measure(label, work, args))
            except Exception as exc:  # keep what was measured; say what failed
                traceback.print_exc()
                last = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
                failed = f"size {label}: {type(exc).__name__}: {last}"
                break
            RESULTS.write_text(
                json.dumps({"partial": True, "results": results}, indent=1, default=str), encoding="utf-8"
            )
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return results, failed


def merged_with_last(results: list[dict]) -> list[dict]:
    """The last complete run's sizes with this run's (by size, Kokkola first), each replaced by this run's where
    measured."""
    old = json.loads(LAST_COMPLETE.read_text(encoding="utf-8"))
    now = {r["label"]: r for r in results}
    oldby = {r["label"]: r for r in old["results"]}
    order = sorted(set(oldby) | set(now), key=lambda label: (label != "kokkola", int(label) if label.isdigit() else 0))
    merged = [now.get(label) or oldby[label] for label in order]
    for r in merged:
        if r["label"] not in now:
            r.setdefault("from_run", old.get("started"))
    return merged


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    if args.report_only:
        return report_only(args)
    labels = [x.strip() for x in args.sizes.split(",") if x.strip()]
    for label in labels:
        if label != "kokkola" and not label.isdigit():
            ap.error(f"unknown size {label!r}: use kokkola or a number of pages")
    started, t0 = dt.datetime.now(dt.UTC), time.perf_counter()
    env = machine()  # the code as it was when the run started
    results, failed = measure_sizes(labels, args)
    if not results:
        say(f"nothing measured ({failed})")
        return 1
    seconds = time.perf_counter() - t0
    if args.merge and LAST_COMPLETE.exists():
        results = merged_with_last(results)
    given = argv if argv is not None else sys.argv[1:]
    command = COMMAND + (" " + " ".join(given) if given else "")
    out = Path(args.out)
    text = report(results, env, command, started, seconds, kept_analysis(out))
    if failed:
        text = text.replace("## Targets", f"**Incomplete run — {failed}.**\n\n## Targets", 1)
    raw = {
        "machine": env,
        "command": command,
        "started": started.isoformat(),
        "seconds": seconds,
        "failed": failed,
        "results": results,
    }
    RESULTS.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    if not failed and not args.no_write:  # a quick look (--no-write) is not the run the report is made of
        shutil.copy(RESULTS, LAST_COMPLETE)
    if args.no_write:
        print(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out} (raw numbers: {RESULTS.relative_to(ROOT)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
