"""The sections of BENCHMARKS.md after the targets, one function each, returning its lines (none when it has
nothing to say)."""

from __future__ import annotations

from . import synthetic
from .weight import GZIP_LEVEL


def as_seconds(x: float) -> str:
    """Seconds as the report writes them: two decimals below 10 s, one above."""
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def as_kb(n: float) -> str:
    """Bytes in KB (1024 bytes), one decimal."""
    return f"{n / 1024:.1f}"


def _row(cells: list) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _header(*columns: str) -> list[str]:
    """A Markdown table's first two lines."""
    return [_row(columns), "|" + "---|" * len(columns)]


def _site_written(rebuild: dict) -> str:
    """How many site/ files a rebuild rewrote; – when it ran without MkDocs."""
    return "–" if rebuild.get("site_written") is None else str(rebuild["site_written"])


def time_table(results: list[dict]) -> list[str]:
    """Stage times of each build, the bare baseline and the no-change rebuild."""
    lines = [
        "",
        "## Time",
        "",
        "Seconds, as `pipeline.build` reports its stages (`BuildResult.seconds`). *Generator* = validate (read and",
        "check all content) + generate (series, and every page of both languages, each language in its own worker",
        "process, started once the content is valid); *other* = the rest outside MkDocs (the MkDocs options, open"
        " data,",
        "writing the changed files of docs/ and site/); *MkDocs* = both languages' MkDocs builds (in the same two"
        " workers, from the",
        "generated pages in memory); *total* = `pipeline.build` end to end, in a fresh process (imports not included: "
        f"{as_seconds(max(r['build']['import_s'] for r in results))} s at most). *Bare* = `python -m mkdocs build`"
        " of the",
        "generated docs/ with the same configuration and no generator, each language in its own fresh process: both",
        "at once (*parallel*) and one after the other (*fi alone*, *sv alone*). Above `--sequential-up-to` (1000) the",
        "languages are not run alone, to keep the run short: * marks each language's time within the parallel bare",
        "build instead. *Rebuild* = the same build again, unchanged content, with the number of docs/ and site/",
        "files it rewrote; above `--full-rebuild-up-to` (1000) it runs without MkDocs (validate, generate, sync",
        "docs/: what decides whether docs/ files are rewritten; site/ is then not measured, –).",
        "",
        "*Load* = the 1-minute load average at the end of build 1 (2 cores: above 2, other work competed for the CPU).",
        "",
        *_header(
            "size",
            "pages per language (fi / sv)",
            "themes / goals / metrics / updates",
            "generator",
            "other",
            "MkDocs",
            "total",
            "generator share",
            "bare parallel",
            "total ÷ bare",
            "bare fi alone",
            "bare sv alone",
            "rebuild total",
            "rebuild: files rewritten, docs/ + site/",
            "load",
        ),
    ]
    return lines + [_row(_time_cells(r)) for r in results]


def _time_cells(r: dict) -> list:
    b, rb, base = r["build"], r["rebuild"], r.get("baseline", {})
    gen = b["load_s"] + b["generate_s"]
    other = b["total_s"] - gen - b["mkdocs_s"]
    if not base:
        bare = alone = ["–", "–"]
    else:
        bare = [as_seconds(base["parallel"]["wall_s"]), f"{b['total_s'] / base['parallel']['wall_s']:.2f}×"]
        if "seq_fi" in base:
            alone = [as_seconds(base["seq_fi"]["wall_s"]), as_seconds(base["seq_sv"]["wall_s"])]
        else:  # not run alone: each language's time within the parallel bare build, marked *
            alone = [f"{as_seconds(base['parallel']['per_lang_s'][lang])}*" for lang in ("fi", "sv")]
    return [
        r["label"],
        f"{r['pages']['fi']} / {r['pages']['sv']}",
        f"{r['themes']} / {r['goals']} / {r['metrics']} / {r['updates']}",
        f"{as_seconds(gen)} ({as_seconds(b['load_s'])} + {as_seconds(b['generate_s'])})",
        as_seconds(other),
        as_seconds(b["mkdocs_s"]),
        as_seconds(b["total_s"]),
        f"{gen / b['total_s']:.0%}",
        *bare,
        *alone,
        as_seconds(rb["total_s"]) + (" without MkDocs" if rb["docs_only"] else ""),
        f"{rb['written']} + {_site_written(rb)}",
        f"{b['loadavg'][0]:.1f}",
    ]


def memory_table(results: list[dict]) -> list[str]:
    """Peak memory of the build's process tree and how busy both cores were."""
    lines = [
        "",
        "## Memory and parallelism",
        "",
        "Sampled every 0.1 s over the build process and all its children (the two language workers, forked from it).",
        "*Peak memory* = the largest sum of their PSS (proportional set size: pages a forked worker still shares with",
        "its parent count once) — the physical memory the build needs, and what the 1 GiB target is judged on.",
        "*RSS sum* counts shared pages in every process (an upper bound); *largest process* = the biggest single RSS",
        "(what `ru_maxrss` reports). *Cores busy* = CPU seconds the workers spent in MkDocs ÷ wall seconds of the",
        "MkDocs stage (2.0 = both cores all the time; lower when other work competes for the CPU).",
        "",
        *_header(
            "size",
            "peak memory, build (MiB)",
            "RSS sum (MiB)",
            "largest process (MiB)",
            "peak memory, bare parallel (MiB)",
            "MkDocs stage (s)",
            "cores busy in MkDocs stage",
            "bare fi + sv one after the other (s)",
            "MkDocs stage ÷ (fi + sv)",
        ),
    ]
    for r in results:
        b, base = r["build"], r.get("baseline", {})
        seq = (
            [as_seconds(base["seq_sum_s"]), f"{b['mkdocs_s'] / base['seq_sum_s']:.2f}"]
            if "seq_sum_s" in base
            else ["not run", "–"]
        )
        lines.append(
            _row(
                [
                    r["label"],
                    f"{b['peak_tree_mib']:.0f}",
                    f"{b['peak_rss_sum_mib']:.0f}",
                    f"{b['peak_process_mib']:.0f}",
                    f"{base['parallel']['peak_tree_mib']:.0f}" if base else "–",
                    as_seconds(b["mkdocs_s"]),
                    f"{b['mkdocs_children_cpu_s'] / b['mkdocs_s']:.2f}",
                    *seq,
                ]
            )
        )
    return lines


def _rebuild_cell(run: dict | None, hugo_s: float) -> str:
    if not run or run.get("docs_only"):
        return "–"
    rendered = sum(counts.get("rendered", 0) for counts in (run.get("rendered") or {}).values())
    return f"{run['total_s']:.2f} s, {rendered}, {run['total_s'] / hugo_s:.2f}×"


def hugo_table(results: list[dict]) -> list[str]:
    """Our full build and Hugo's build of the same generated Markdown, at the sizes where Hugo ran (bench/hugo.py)."""
    ran = [r for r in results if "wall_s" in r.get("hugo", {})]
    missing = next((r["hugo"]["missing"] for r in results if "missing" in r.get("hugo", {})), None)
    if not ran:
        return ["", "## Hugo side by side", "", f"Not measured: {missing}."] if missing else []
    lines = [
        "",
        "## Hugo side by side",
        "",
        "Hugo, the generator people pick for speed, building the same generated Markdown (docs/fi and docs/sv, one",
        "multilingual Hugo site) with a layout that does per page what Material does for ours: the section's",
        "navigation, a table of contents, the language alternates and switch, the previous and next page, and a",
        "JSON search index per language (bench/hugo.py). Measured in the same run as the builds above, each a fresh",
        "process from an empty destination: *ours* is build 1's total (`pipeline.build`, validating the content and",
        "generating the Markdown included), *Hugo* its own process's wall time (the copy of docs/ into its content",
        "layout made before the clock starts). *Peak memory*: PSS sum of the process tree. *No change*: build 2,",
        "the same content again; *one goal*: build 3, after the first goal's description got one word more; each",
        "with its pages rendered (the rest came from the page cache, generator/engines/pagecache.py), and ÷ Hugo.",
        "",
        *_header(
            "size",
            "pages per language (fi / sv)",
            "ours (s)",
            "Hugo (s)",
            "ours ÷ Hugo",
            "HTML pages Hugo wrote",
            "peak memory, ours / Hugo (MiB)",
            "no change: s, pages rendered, ÷ Hugo",
            "one goal: s, pages rendered, ÷ Hugo",
        ),
    ]
    for r in ran:
        h = r["hugo"]
        lines.append(
            _row(
                (
                    r["label"],
                    f"{r['pages']['fi']} / {r['pages']['sv']}",
                    as_seconds(r["build"]["total_s"]),
                    as_seconds(h["wall_s"]),
                    f"{r['build']['total_s'] / h['wall_s']:.1f}×",
                    str(h["html_pages"]),
                    f"{r['build']['peak_tree_mib']:.0f} / {h['peak_tree_mib']:.0f}",
                    _rebuild_cell(r.get("rebuild"), h["wall_s"]),
                    _rebuild_cell(r.get("goal_rebuild"), h["wall_s"]),
                )
            )
        )
    return lines


def engines_table(results: list[dict]) -> list[str]:
    """MkDocs and Zensical side by side (the sizes where Zensical ran)."""
    engines = [r for r in results if "zensical" in r]
    if not engines:
        return []
    lines = [
        "",
        "## Engines: MkDocs and Zensical",
        "",
        "The same project built with each engine (`strategy-site build --engine zensical`), each build a fresh",
        "process. *First build*: `pipeline.build` end to end (MkDocs: build 1 above; Zensical: without its cache,",
        "`.zensical/` absent); *engine stage*: the part of it the engine takes (both languages, in parallel);",
        "*no-change rebuild*: the same build again with the content unchanged (Zensical with the cache its first",
        "build left), and how many docs/ + site/ files it rewrote; *peak memory*: the largest PSS sum of the build",
        "process and all its children (for Zensical, its own processes too).",
        "",
        *_header(
            "size",
            "pages per language",
            "first build, MkDocs (s)",
            "first build, Zensical (s)",
            "engine stage, MkDocs / Zensical (s)",
            "no-change rebuild, MkDocs (s)",
            "no-change rebuild, Zensical (s)",
            "rebuild rewrote, MkDocs / Zensical",
            "peak memory, MkDocs / Zensical (MiB)",
            "site/ MkDocs / Zensical (MB)",
        ),
    ]
    return lines + [_row(_engine_cells(r)) for r in engines]


def _engine_cells(r: dict) -> list:
    m, rb = r["build"], r["rebuild"]
    rebuild = "–" if rb["docs_only"] else as_seconds(rb["total_s"])
    rewrote_m = f"{rb['written']} + {_site_written(rb)}"
    if "failed" in r["zensical"]:
        return [
            r["label"],
            r["pages"]["fi"],
            as_seconds(m["total_s"]),
            f"**stopped:** {r['zensical']['failed']}",
            f"{as_seconds(m['mkdocs_s'])} / –",
            rebuild,
            "–",
            f"{rewrote_m} / –",
            f"{m['peak_tree_mib']:.0f} / –",
            f"{r['site']['bytes'] / 1e6:.1f} / –",
        ]
    z, zr = r["zensical"]["build"], r["zensical"]["rebuild"]
    return [
        r["label"],
        r["pages"]["fi"],
        as_seconds(m["total_s"]),
        as_seconds(z["total_s"]),
        f"{as_seconds(m['mkdocs_s'])} / {as_seconds(z['mkdocs_s'])}",
        rebuild,
        as_seconds(zr["total_s"]),
        f"{rewrote_m} / {zr['written']} + {zr['site_written']}",
        f"{m['peak_tree_mib']:.0f} / {z['peak_tree_mib']:.0f}",
        f"{r['site']['bytes'] / 1e6:.1f} / {r['zensical']['site']['bytes'] / 1e6:.1f}",
    ]


def output_size_table(results: list[dict]) -> list[str]:
    """Sizes of site/ and its HTML, and the first visit of a goal page counted statically."""
    lines = [
        "",
        "## Output size",
        "",
        "site/ is everything built (both languages, data/, the root page). HTML = every `index.html` under site/fi and",
        f"site/sv, gzip level {GZIP_LEVEL} (as nginx serves it). The search index is fetched when a visitor opens",
        "the search (generator/theme/assets/javascripts/on-demand.js), not with the page.",
        "",
        "*First visit* of the first goal page (fi) is counted here from what the page and its first interaction fetch:",
        "its references, Material's bundle (loaded at the first interaction,"
        " generator/theme/assets/javascripts/on-demand.js)",
        "and Material's search worker (for Kokkola also measured in Chromium, below); *opening the search* adds the",
        "search index and lunr's files for the language.",
        "",
        *_header(
            "size",
            "site/ (MB)",
            "files",
            "HTML pages",
            "HTML gz median (KB)",
            "HTML gz largest (KB)",
            "largest page",
            "largest raw (KB)",
            "search index fi raw / gz (KB)",
            "goal page raw / gz (KB)",
            "first visit of a goal page, gz (KB)",
            "opening the search adds, gz (KB)",
        ),
    ]
    for r in results:
        st, visit = r["site"], r["first_visit_static"]
        si = st["search_index"].get("fi", {"raw": 0, "gz": 0})
        lines.append(
            _row(
                [
                    r["label"],
                    f"{st['bytes'] / 1e6:.1f}",
                    st["files"],
                    st["html_pages"],
                    as_kb(st["html_gz_median"]),
                    as_kb(st["html_gz_max"]),
                    f"`{st['html_gz_max_page']}`",
                    as_kb(st["html_raw_max"]),
                    f"{as_kb(si['raw'])} / {as_kb(si['gz'])}",
                    f"{as_kb(r['goal_page']['raw'])} / {as_kb(r['goal_page']['gz'])}",
                    as_kb(visit["gz"]),
                    as_kb(visit.get("search_gz", 0)),
                ]
            )
        )
    return lines


def first_visit_table(results: list[dict]) -> list[str]:
    """Every file a first visit of a Kokkola goal page downloaded (Chromium)."""
    ko = next((r for r in results if r["label"] == "kokkola" and "first_visit" in r), None)
    if not ko:
        return []
    fv = ko["first_visit"]
    lines = [
        "",
        "## First visit of a Kokkola goal page",
        "",
        f"Page `{ko['goal_page']['url']}`: HTML {as_kb(ko['goal_page']['raw'])} KB, **{as_kb(ko['goal_page']['gz'])}"
        " KB gzipped**.",
        f"Measured with {fv['method']}; gzip level {GZIP_LEVEL} of each file. Total with the first interaction (the"
        " mouse"
        f" moves) **{as_kb(fv['total_gz'])} KB gzipped** ({as_kb(fv['total_raw'])} KB raw),"
        f" **{as_kb(fv.get('at_load_gz', fv['total_gz']))} KB**"
        " before it (a visitor who only reads); reading the page's references, Material's bundle and search worker"
        f" instead gives {as_kb(fv['static_total_gz'])} KB ({fv['static_files']} files).",
        "",
        *_header("file", "kind", "raw (KB)", "gzipped (KB)", "at load"),
    ]
    for f in fv["files"]:
        at_load = "yes" if f.get("at_load", True) else "at the first interaction"
        lines.append(_row([f"`{f['path']}`", f["kind"], as_kb(f["raw"]), as_kb(f["gz"]), at_load]))
    lines.append("| **total** | | " + f"{as_kb(fv['total_raw'])} | **{as_kb(fv['total_gz'])}** | |")
    return lines


def synthetic_notes(results: list[dict]) -> list[str]:
    """How the synthetic strategies are made (when there are any)."""
    notes = [r for r in results if r["kind"] == "synthetic"]
    if not notes:
        return []
    extras = sorted({e for r in notes for e in r["extras"]})
    lines = [
        "",
        "## Synthetic content",
        "",
        "Generated by `bench/synthetic.py` in the shipped format: per theme 4 goals, 4 metrics (one a formula of two",
        f"others), 4 objectives, 3 success factors{', 1 update' if synthetic.has_updates() else ''}; every metric"
        " has a",
        f"figure in each of {synthetic.ROUNDS} monitoring rounds (20 CSV files, half-yearly 2016–2025, annual and",
        "half-yearly periods before the round's date, some revised); every 25th goal and metric has an old slug",
        "(a redirect). Each metric uses one of Kokkola's statistics (rows name its sources); the strategy's own",
        "metric list is the first metric of each theme and the second of every other one; a generated draft text",
        "(source_text) differs from the Finnish words where content/corrections.yml says (every 10th objective, the",
        "list's signs). site.yml, sources, glossary, ui.yml and pages/about.md are Kokkola's. The smallest strategy",
        f"(1 theme, 1 goal, 1 metric{', 1 update' if synthetic.has_updates() else ''}) already has "
        f"{synthetic.fixed_pages() + 3 + (1 if synthetic.has_updates() else 0)} pages per language, so size 10 is"
        " that.",
        "Updates: "
        + (
            "included (content/updates/ exists)."
            if synthetic.has_updates()
            else "not included — content/ has no updates folder."
        ),
        "Copied from content/ as they are (not scaled): "
        + (", ".join(f"`{e}`" for e in extras) if extras else "nothing")
        + ".",
    ]
    return lines
