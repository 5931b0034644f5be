"""The report: the targets and how each was met, the run's header, and BENCHMARKS.md as a whole.

Everything but the Analysis section (between its markers, written by hand) is rewritten on each run.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

from .paths import ROOT
from .report_tables import (
    as_kb,
    as_seconds,
    engines_table,
    first_visit_table,
    hugo_table,
    memory_table,
    output_size_table,
    synthetic_notes,
    time_table,
)

TARGETS = {
    "generator": "generator (validate + generate Markdown) ≤ 10 % of total",
    "overhead": "total ≤ 1.5 × bare MkDocs baseline (both languages, parallel)",
    "scaling": "5000 pages take ≤ 6 × the time of 1000 (total)",
    "memory": "peak memory < 1 GiB at 5000 pages per language (whole process tree)",
    "parallel": "the two languages build in parallel on two cores",
    "rebuild": "a rebuild with no change rewrites no generated file (docs/; site/ where MkDocs ran)",
    "goal_html": "a goal page's HTML ≤ 30 KB gzipped (Kokkola)",
    "first_visit": (
        "everything a first visit of a goal page downloads, its first interaction included, < 100 KB gzipped (every"
        " size)"
    ),
    "editor_preview": (
        "the editor: from saving one item to its page's preview showing the change < 1 s (Kokkola), < 2 s (1000 pages)"
    ),
    "hugo": (
        "full build from a clean folder ≤ 1.5 × Hugo's build of the same docs/ at 1000 pages per language (same run)"
    ),
    "hugo_rebuild": "a rebuild with no change ≤ 0.2 × Hugo's full build at 1000 pages per language (same run)",
    "hugo_goal": "a rebuild after one goal's words changed ≤ 0.3 × Hugo's full build at 1000 pages per language",
}
PREVIEW_LIMITS = {"kokkola": 1.0, "1000": 2.0}  # seconds; any other size is held to 2 s
ANALYSIS = re.compile(r"<!-- analysis:start -->.*?<!-- analysis:end -->", re.S)
EMPTY_ANALYSIS = (
    "<!-- analysis:start -->\n## Analysis\n\n"
    "(Profiles and notes go here; kept when the script rewrites the file.)\n<!-- analysis:end -->"
)
Verdict = tuple[str, str]  # (what was measured, whether the target was met)


def machine() -> dict:
    """The machine, the software versions and the commit the run measures."""
    import importlib.metadata as md

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as fh:
        mem_kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])

    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem_kb / 1024 / 1024,
        "python": platform.python_version(),
        "mkdocs": md.version("mkdocs"),
        "material": md.version("mkdocs-material"),
        "os": platform.platform(),
        "zensical": _version(md, "zensical"),
        "hugo": _version(md, "hugo"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "generator", "content", "overrides", "mkdocs.yml")),
    }


def _version(md, package: str) -> str:
    try:
        return md.version(package)
    except md.PackageNotFoundError:
        return "not installed"


# ---------------------------------------------------------------- the targets, one check each (None: not measured)


def _generator(results: list[dict]) -> Verdict:
    gen = [(r["label"], (r["build"]["load_s"] + r["build"]["generate_s"]) / r["build"]["total_s"]) for r in results]
    return (
        ", ".join(f"{size}: {p:.0%}" for size, p in gen),
        "met" if all(p <= 0.10 for _, p in gen) else "missed at " + ", ".join(size for size, p in gen if p > 0.10),
    )


def _overhead(results: list[dict]) -> Verdict | None:
    over = [
        (r["label"], r["build"]["total_s"] / r["baseline"]["parallel"]["wall_s"]) for r in results if "baseline" in r
    ]
    if not over:
        return None
    return (
        ", ".join(f"{size}: {x:.2f}×" for size, x in over),
        "met" if all(x <= 1.5 for _, x in over) else "missed at " + ", ".join(size for size, x in over if x > 1.5),
    )


def _scaling(results: list[dict]) -> Verdict | None:
    by = {r["label"]: r for r in results}
    if "1000" not in by or "5000" not in by:
        return None
    x = by["5000"]["build"]["total_s"] / by["1000"]["build"]["total_s"]
    pages = by["5000"]["pages"]["fi"] / by["1000"]["pages"]["fi"]
    return (f"{x:.1f}× for {pages:.1f}× the pages", "met" if x <= 6 else "missed")


def _largest(results: list[dict]) -> dict | None:
    """The largest synthetic size measured."""
    return max((r for r in results if r["label"].isdigit()), key=lambda r: int(r["label"]), default=None)


def _memory(results: list[dict]) -> Verdict | None:
    """Judged at 5000 pages per language; the largest size's peak is shown beside it when it is another."""
    by = {r["label"]: r for r in results}
    big = _largest(results)
    if big is None:
        return None
    at = by.get("5000", big)
    peak = at["build"]["peak_tree_mib"]
    verdict = (
        ("met" if peak < 1024 else "missed")
        if at["label"] == "5000"
        else f"not measured at 5000 (largest: {big['label']})"
    )
    measured = (
        f"{peak:.0f} MiB PSS sum at {at['label']} (RSS sum {at['build']['peak_rss_sum_mib']:.0f} MiB, "
        f"largest process {at['build']['peak_process_mib']:.0f} MiB)"
    )
    if big is not at:
        measured += f"; {big['build']['peak_tree_mib']:.0f} MiB at {big['label']}"
    return measured, verdict


def _parallel(results: list[dict]) -> Verdict | None:
    """Judged at the largest size where each language also ran alone (else at the largest size, by cores busy)."""
    big = _largest(results)
    if big is None:
        return None
    with_seq = [r for r in results if "seq_sum_s" in r.get("baseline", {})]
    ref = max(with_seq, key=lambda r: int(r["label"]) if r["label"].isdigit() else 0) if with_seq else big
    b, base = ref["build"], ref.get("baseline", {})
    text = f"at {ref['label']}: MkDocs stage of the build {as_seconds(b['mkdocs_s'])} s"
    if "seq_sum_s" in base:
        fi, sv, both = (as_seconds(x) for x in (base["seq_fi"]["wall_s"], base["seq_sv"]["wall_s"], base["seq_sum_s"]))
        text += (
            f" vs one language alone {fi} s + {sv} s = {both} s "
            f"(ratio {b['mkdocs_s'] / base['seq_sum_s']:.2f}; 0.5 = perfectly parallel)"
        )
        par = b["mkdocs_s"] < 0.75 * base["seq_sum_s"]
    else:
        par = b["mkdocs_children_cpu_s"] / b["mkdocs_s"] > 1.5
    busy = ", ".join(
        f"{r['label']}: {r['build']['mkdocs_children_cpu_s'] / r['build']['mkdocs_s']:.2f}" for r in results
    )
    return (text + f"; cores busy in the MkDocs stage: {busy}", "met" if par else "missed")


def _rebuild(results: list[dict]) -> Verdict:
    written = [(r["label"], r["rebuild"]["written"], r["rebuild"].get("site_written")) for r in results]
    return (
        ", ".join(f"{size}: {n}" + ("" if site is None else f" + {site}") for size, n, site in written)
        + " (docs/ + site/ files rewritten)",
        "met" if all(n == 0 and not site for _, n, site in written) else "missed",
    )


def _kokkola(results: list[dict]) -> dict | None:
    """Kokkola's results, if its goal page was measured."""
    ko = {r["label"]: r for r in results}.get("kokkola")
    return ko if ko is not None and "goal_page" in ko else None


def _goal_html(results: list[dict]) -> Verdict | None:
    ko = _kokkola(results)
    if ko is None:
        return None
    g = ko["goal_page"]["gz"]
    return (f"{as_kb(g)} KB", "met" if g <= 30 * 1024 else "missed")


def _first_visit(results: list[dict]) -> Verdict | None:
    ko = _kokkola(results)
    if ko is None:
        return None
    f = ko["first_visit"]["total_gz"]
    others = [(r["label"], r["first_visit_static"]["gz"]) for r in results if r["label"] != "kokkola"]
    at_load = ko["first_visit"]["at_load_gz"]
    return (
        f"Kokkola {as_kb(f)} KB (Chromium; {as_kb(at_load)} KB before the first interaction)"
        + "".join(f", {size}: {as_kb(g)} KB" for size, g in others),
        "met" if max([f] + [g for _, g in others]) < 100 * 1024 else "missed",
    )


def _editor_preview(results: list[dict]) -> Verdict | None:
    previews = [(r["label"], r["editor_preview"]) for r in results if "editor_preview" in r]
    if not previews:
        return None
    slow = [size for size, p in previews if p["max_s"] >= PREVIEW_LIMITS.get(size, 2.0)]
    measured = ", ".join(
        f"{size}: {p['median_s']:.2f} s (slowest {p['max_s']:.2f} s; save {p['save_median_s']:.2f} s "
        f"of it; a fresh editor's first {p['first_s']:.2f} s)"
        for size, p in previews
    )
    if slow:
        return measured, "missed at " + ", ".join(slow)
    return measured, "met" if set(PREVIEW_LIMITS) <= {size for size, _ in previews} else "not measured at both sizes"


def _hugo(results: list[dict]) -> Verdict | None:
    """Our first build's total over Hugo's wall time, at every size Hugo ran; the verdict is 1000's."""
    ratios = [
        (r["label"], r["build"]["total_s"] / r["hugo"]["wall_s"]) for r in results if "wall_s" in r.get("hugo", {})
    ]
    if not ratios:
        return None
    at = dict(ratios).get("1000")
    verdict = "not measured at 1000" if at is None else ("met" if at <= 1.5 else f"missed ({at:.1f}× at 1000)")
    return ", ".join(f"{size}: {x:.1f}×" for size, x in ratios), verdict


def _against_hugo(results: list[dict], run: str, limit: float) -> Verdict | None:
    """A rebuild's total (`run`) over Hugo's full build, at every size both ran; the verdict is 1000's."""
    ratios = [
        (r["label"], r[run]["total_s"], r[run]["total_s"] / r["hugo"]["wall_s"])
        for r in results
        if "wall_s" in r.get("hugo", {}) and run in r and not r[run].get("docs_only")
    ]
    if not ratios:
        return None
    at = {size: x for size, _, x in ratios}.get("1000")
    verdict = "not measured at 1000" if at is None else ("met" if at <= limit else f"missed ({at:.2f}× at 1000)")
    return ", ".join(f"{size}: {t:.2f} s = {x:.2f}×" for size, t, x in ratios), verdict


CHECKS = {
    "generator": _generator,
    "overhead": _overhead,
    "scaling": _scaling,
    "memory": _memory,
    "parallel": _parallel,
    "rebuild": _rebuild,
    "goal_html": _goal_html,
    "first_visit": _first_visit,
    "editor_preview": _editor_preview,
    "hugo": _hugo,
    "hugo_rebuild": lambda results: _against_hugo(results, "rebuild", 0.2),
    "hugo_goal": lambda results: _against_hugo(results, "goal_rebuild", 0.3),
}


def evaluate(results: list[dict]) -> dict[str, Verdict]:
    """target -> (measured, verdict), for the targets the run measured (in the order of TARGETS)."""
    return {key: got for key, check in CHECKS.items() if (got := check(results)) is not None}


# ---------------------------------------------------------------- the file


def _loads(r: dict) -> list[float]:
    out = [r["build"]["loadavg"][0]] + ([] if r["rebuild"]["docs_only"] else [r["rebuild"]["loadavg"][0]])
    if "baseline" in r:
        out.append(r["baseline"]["parallel"]["loadavg"][0])
    return out


def header(results: list[dict], env: dict, command: str, started: dt.datetime, seconds: float) -> list[str]:
    """The title, how the file is made, and what the run was: command, date, machine, software, code, load."""
    loads = [la for r in results for la in _loads(r)]
    dirty = " with uncommitted changes in generator/, content/ or overrides/"
    return [
        "# Benchmarks",
        "",
        "How fast the site builds at growing size, how much memory it takes and what a visitor downloads.",
        "Everything except the Analysis section at the end is written by `python -m bench.benchmark` (`make bench`);"
        " the",
        "analysis is written by hand and kept (between its markers) when the script rewrites this file. Quick check:",
        "`python -m bench.benchmark --sizes 10,100 --no-write`; `--help` lists the options.",
        "",
        f"- **Command:** `{command}`" + (f" (took {seconds / 60:.1f} min)" if seconds else ""),
        f"- **Date:** {started:%Y-%m-%d %H:%M} UTC",
        f"- **Machine:** {env['cpu']}, {env['cores']} cores, {env['memory_gib']:.1f} GiB memory; {env['os']}",
        f"- **Software:** Python {env['python']}, MkDocs {env['mkdocs']}, Material {env['material']}, "
        f"Zensical {env.get('zensical', '–')}, Hugo {env.get('hugo', '–')}",
        f"- **Code:** commit {env['commit']}" + (dirty if env["dirty"] else ""),
        *[
            f"- **Size {r['label']}** is from the run of {r['from_run'][:16]} UTC (kept with `--merge`)"
            for r in results
            if r.get("from_run")
        ],
        f"- **Load:** 1-minute load average during the measured builds {min(loads):.1f}–"
        f"{max(loads):.1f} (2 cores: above 2 means other work competed for the CPU)",
    ]


def targets_table(results: list[dict]) -> list[str]:
    lines = ["", "## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    for key, (measured, verdict) in evaluate(results).items():
        lines.append(f"| {TARGETS[key]} | {measured} | **{verdict}** |")
    return lines


def report(results: list[dict], env: dict, command: str, started: dt.datetime, seconds: float, previous: str) -> str:
    """BENCHMARKS.md: the run's header and tables, then `previous`, the Analysis section kept from the old file."""
    lines = header(results, env, command, started, seconds) + targets_table(results)
    sections = (time_table, hugo_table, memory_table, engines_table, output_size_table, first_visit_table)
    for section in (*sections, synthetic_notes):
        lines += section(results)
    lines += ["", previous.strip() or EMPTY_ANALYSIS, ""]
    return "\n".join(lines)


def kept_analysis(path: Path) -> str:
    """The Analysis section of the report at `path` (with its markers), or "" if there is none."""
    if not path.exists():
        return ""
    m = ANALYSIS.search(path.read_text(encoding="utf-8"))
    return m.group(0) if m else ""
