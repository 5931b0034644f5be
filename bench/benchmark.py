#!/usr/bin/env python3
"""Benchmark: build the Kokkola site and synthetic strategies of growing size; write BENCHMARKS.md.

    python bench/benchmark.py                       # everything (kokkola,10,100,1000,5000), writes BENCHMARKS.md
    python bench/benchmark.py --sizes 10,100        # a quick check; --no-write prints the tables only
    make bench                                      # the same as the first line, with .venv/bin/python

For each size, every measured build runs in a fresh Python process (so caches, imports and memory start from
zero), while this process samples the memory (PSS and RSS) of that process and all its children (the MkDocs
worker processes) every 0.1 s:

1. `pipeline.build` end to end (the first build of the project), with the stage times the pipeline reports
   itself (`BuildResult.seconds`: validate, generate, MkDocs, writing; and the CPU seconds of the workers);
2. the same build again with no content change: how many generated docs/ files it rewrote;
3. both again with the other engine, Zensical (`engine="zensical"`; a first build without its cache, then a
   no-change rebuild with it), reported side by side with MkDocs' (issue 15);
4. the bare MkDocs baseline: `python -m mkdocs build` of the already generated docs/<lang> with the same
   configuration (mkdocs.yml plus the per-language options pipeline.build passes), one language at a time
   (sequential) and both at once (parallel, two processes), without the generator.

Sizes, HTML weights (gzip level 6, as deploy/nginx.conf) and, for Kokkola, what a first visit of a goal page
downloads (Chromium through Playwright against a local http.server, every request logged by the server) are
measured from the built site/. Raw results go to bench/out/results.json. Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))

import synthetic  # noqa: E402

DEFAULT_SIZES = "kokkola,10,100,1000,5000"
GZIP_LEVEL = 6  # deploy/nginx.conf: gzip_comp_level 6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MARK = "BENCH-RESULT "
MIB = 1024 * 1024

TARGETS = {
    "generator": "generator (validate + generate Markdown) ≤ 10 % of total",
    "overhead": "total ≤ 1.5 × bare MkDocs baseline (both languages, parallel)",
    "scaling": "5000 pages take ≤ 6 × the time of 1000 (total)",
    "memory": "peak memory < 1 GiB at 5000 pages per language (whole process tree)",
    "parallel": "the two languages build in parallel on two cores",
    "rebuild": "a rebuild with no change rewrites no generated file (docs/; site/ where MkDocs ran)",
    "goal_html": "a goal page's HTML ≤ 30 KB gzipped (Kokkola)",
    "first_visit": "everything a first visit of a goal page downloads, its first interaction included, < 100 KB gzipped (every size)",
    "editor_preview": "the editor: from saving one item to its page's preview showing the change < 1 s (Kokkola), < 2 s (1000 pages)",
}
PREVIEW_SIZES = ("kokkola", "1000")  # where the editor's save-to-preview time is measured (and up to 1000)


# ---------------------------------------------------------------- worker side (runs in a fresh process)


def worker_build(root: Path, docs_only: bool = False, engine: str = "mkdocs") -> dict:
    """One pipeline.build of the project at `root` with `engine` (Zensical's site goes to site-zensical/), with
    the stage times the pipeline itself reports (BuildResult.seconds). Printed as JSON.

    `docs_only`: MkDocs is replaced by a stub and the site goes to a scratch folder, so only validation,
    generation and the docs/ sync run (for the no-change rebuild at sizes where MkDocs takes minutes).
    """
    started = time.perf_counter()
    from generator import pipeline, workers

    imported = time.perf_counter() - started
    jobs_seen: list = []
    real_build_sites = workers.Workers.build_sites

    def build_sites(self, jobs, docs):
        jobs_seen.extend(jobs)
        if docs_only:
            return {job.lang: [] for job in jobs}
        return real_build_sites(self, jobs, docs)

    workers.Workers.build_sites = build_sites
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    scratch = root / "bench-scratch-site" if docs_only else (root / "site-zensical" if engine == "zensical" else None)
    result = pipeline.build(pipeline.Project(root), scratch, engine=engine)
    if docs_only:
        shutil.rmtree(scratch, ignore_errors=True)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    sec = result.seconds
    return {
        "import_s": imported, "total_s": sec["total"], "load_s": sec["validate"], "generate_s": sec["generate"],
        "mkdocs_s": sec["site"], "mkdocs_children_cpu_s": sec["site_cpu"], "generate_cpu_s": sec["generate_cpu"], "engine": engine,
        "parent_cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
        "docs_only": docs_only, "docs_files": result.pages, "written": len(result.docs.written), "written_sample": result.docs.written[:5],
        "site_written": None if docs_only else len(result.site.written), "site_files": len(result.site.written) + result.site.unchanged,
        "removed": len(result.docs.removed), "unchanged": result.docs.unchanged,
        "jobs": [dataclasses.asdict(j) for j in jobs_seen],
        "maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


# ---------------------------------------------------------------- memory of a process tree


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident bytes) for every process."""
    page = os.sysconf("SC_PAGE_SIZE")
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        table[int(name)] = (int(fields[1]), int(fields[21]) * page)
    return table


def _pss(pid: int) -> int | None:
    """Proportional set size in bytes: shared pages (a forked worker's inherited memory) counted once in a sum."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class TreeMemory(threading.Thread):
    """Samples the memory of some processes and all their descendants until stopped.

    peak_pss: the largest sum of PSS (physical memory the tree uses; what the 1 GiB target is judged on);
    peak_rss_sum: the largest sum of RSS (counts pages a forked worker shares with its parent twice);
    peak_one: the largest RSS of a single process.
    """

    def __init__(self, pids: list[int], interval: float = 0.1):
        super().__init__(daemon=True)
        self.pids, self.interval = list(pids), interval
        self.peak_pss = 0
        self.peak_rss_sum = 0
        self.peak_one = 0
        self.peak_procs = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            table = _proc_table()
            children: dict[int, list[int]] = {}
            for pid, (ppid, _) in table.items():
                children.setdefault(ppid, []).append(pid)
            todo, seen = [p for p in self.pids if p in table], set()
            while todo:
                pid = todo.pop()
                if pid not in seen:
                    seen.add(pid)
                    todo += children.get(pid, [])
            rss = [table[p][1] for p in seen]
            if rss:
                pss = [_pss(p) for p in seen]
                self.peak_pss = max(self.peak_pss, sum(x if x is not None else table[p][1] for x, p in zip(pss, seen)))
                self.peak_rss_sum = max(self.peak_rss_sum, sum(rss))
                self.peak_one = max(self.peak_one, max(rss))
                self.peak_procs = max(self.peak_procs, len(rss))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(commands: list[list[str]], env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Run commands at once (each a fresh process), wait for all; wall time, memory, and each one's output."""
    outs = [tempfile.TemporaryFile() for _ in commands]
    errs = [tempfile.TemporaryFile() for _ in commands]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=o, stderr=e, env=env, cwd=cwd) for cmd, o, e in zip(commands, outs, errs)]
    monitor = TreeMemory([p.pid for p in procs])
    monitor.start()
    walls, rusages, codes = {}, {}, {}
    pending = {p.pid: i for i, p in enumerate(procs)}
    while pending:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in pending:
            continue
        i = pending.pop(pid)
        walls[i], rusages[i], codes[i] = time.perf_counter() - t0, usage, os.waitstatus_to_exitcode(status)
        procs[i].returncode = codes[i]
    wall = time.perf_counter() - t0
    monitor.stop()
    results = []
    for i in range(len(commands)):
        outs[i].seek(0)
        errs[i].seek(0)
        stdout, stderr = outs[i].read().decode("utf-8", "replace"), errs[i].read().decode("utf-8", "replace")
        if codes[i] != 0:
            raise RuntimeError(f"{' '.join(commands[i])} failed ({codes[i]}):\n{stderr[-4000:]}")
        results.append({"wall_s": walls[i], "maxrss_mib": rusages[i].ru_maxrss / 1024,
                        "cpu_s": rusages[i].ru_utime + rusages[i].ru_stime, "stdout": stdout, "stderr": stderr})
    return {"wall_s": wall, "peak_tree_mib": monitor.peak_pss / MIB, "peak_rss_sum_mib": monitor.peak_rss_sum / MIB,
            "peak_process_mib": monitor.peak_one / MIB,
            "peak_processes": monitor.peak_procs, "runs": results, "loadavg": os.getloadavg()}


def run_worker(root: Path, docs_only: bool = False, engine: str = "mkdocs") -> dict:
    got = run_measured([[sys.executable, str(Path(__file__).resolve()), "--worker", str(root), "--engine", engine]
                        + (["--docs-only"] if docs_only else [])])
    line = next(line for line in reversed(got["runs"][0]["stdout"].splitlines()) if line.startswith(MARK))
    result = json.loads(line[len(MARK):])
    result |= {"wall_s": got["wall_s"], "peak_tree_mib": got["peak_tree_mib"], "peak_rss_sum_mib": got["peak_rss_sum_mib"],
               "peak_process_mib": got["peak_process_mib"],
               "peak_processes": got["peak_processes"], "loadavg": got["loadavg"]}
    return result


# ---------------------------------------------------------------- the bare MkDocs baseline


def baseline_configs(root: Path, jobs: list[dict], out: Path) -> dict[str, tuple[Path, dict]]:
    """One mkdocs.yml per language, as pipeline.build configures MkDocs, for the docs/ it generated."""
    import yaml

    from generator import engines

    fields = {f.name for f in dataclasses.fields(engines.SiteJob)}
    configs = {}
    for data in jobs:
        lang = data["lang"]
        job = engines.SiteJob(**{k: v for k, v in data.items() if k in fields}
                              | {"config_file": str(root / "mkdocs.yml"), "docs_dir": str(root / "docs" / lang),
                                 "site_dir": str(out / lang)})
        config = engines.whole_config(job)
        path = root / f"mkdocs.bench-{lang}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(data["build_epoch"]))
        configs[lang] = (path, env)
    return configs


def measure_baseline(root: Path, jobs: list[dict], sequential: bool) -> dict:
    out = root / "baseline-site"
    configs = baseline_configs(root, jobs, out)
    env = next(iter(configs.values()))[1]
    cmd = {lang: [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(path)] for lang, (path, _) in configs.items()}
    result: dict = {}
    if sequential:
        for lang in cmd:
            got = run_measured([cmd[lang]], env=configs[lang][1], cwd=root)
            result[f"seq_{lang}"] = {k: got[k] for k in ("wall_s", "peak_tree_mib", "loadavg")}
        result["seq_sum_s"] = sum(result[f"seq_{lang}"]["wall_s"] for lang in cmd)
    got = run_measured(list(cmd.values()), env=env, cwd=root)
    result["parallel"] = {"wall_s": got["wall_s"], "peak_tree_mib": got["peak_tree_mib"],
                          "per_lang_s": {lang: r["wall_s"] for lang, r in zip(cmd, got["runs"])},
                          "cpu_s": sum(r["cpu_s"] for r in got["runs"]), "loadavg": got["loadavg"]}
    shutil.rmtree(out, ignore_errors=True)
    for path, _ in configs.values():
        path.unlink()
    return result


# ---------------------------------------------------------------- what the site weighs


def _gz(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL, mtime=0))


def site_stats(site: Path, langs: list[str], index: str = "search/search_index.json") -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for lang in langs for p in (site / lang).rglob("index.html")]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        sizes = list(pool.map(_gz, html, chunksize=64))
    gz = sorted((g, raw, str(p.relative_to(site))) for (raw, g), p in zip(sizes, html))
    index = {lang: _gz(site / lang / index) for lang in langs if (site / lang / index).exists()}
    return {
        "bytes": sum(p.stat().st_size for p in files), "files": len(files), "html_pages": len(html),
        "html_raw_bytes": sum(raw for _, raw, _ in gz),
        "html_gz_median": statistics.median(g for g, _, _ in gz), "html_gz_max": gz[-1][0], "html_gz_max_page": gz[-1][2],
        "html_raw_max": max(raw for _, raw, _ in gz),
        "search_index": {lang: {"raw": raw, "gz": g} for lang, (raw, g) in index.items()},
    }


def count_pages(docs: Path, langs: list[str]) -> dict[str, int]:
    return {lang: sum(1 for _ in (docs / lang).rglob("*.md")) for lang in langs}


def goal_page(root: Path) -> tuple[str, str]:
    """The first goal's URL path under site/ in the first language, and its docs path."""
    from generator import contents, urls

    content = contents.load(root / "content")
    lang = content.languages[0]
    goal = content.strategy.themes[0].goals[0]
    path = content.urls.pages[lang][("goal", goal)]
    return f"{lang}/{urls.url_of(path)}", path


class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    log: list = []

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.log.append(self.path)
        return super().do_GET()


def _served_file(site: Path, url_path: str) -> Path | None:
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path).lstrip("/")
    path = site / rel
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".html"):
        return "HTML"
    if "search_index" in name:
        return "search index"
    if "/workers/" in path:
        return "search worker"
    if "/lunr/" in path:
        return "lunr language"
    if name.endswith(".css"):
        return "CSS"
    if name.endswith(".js"):
        return "JS"
    return "other"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_visit(site: Path, url_path: str, port: int = 0) -> dict:
    """Load one page in headless Chromium from a local server; every file the server sent, gzipped.

    The site should be built for http://127.0.0.1:<port>/ so that the language alternates (whose sitemaps
    Material fetches) point at this server too, as they point at the same host in production.
    """
    log: list = []
    handler = type("Handler", (_LoggingHandler,), {"log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{url_path}"
    method = "Chromium (Playwright), requests logged by the server"
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url, wait_until="networkidle")

            def settle() -> None:
                quiet_since, seen = time.monotonic(), len(log)
                deadline = time.monotonic() + 20
                while time.monotonic() - quiet_since < 2 and time.monotonic() < deadline:  # the search worker loads late
                    time.sleep(0.1)
                    if len(log) != seen:
                        quiet_since, seen = time.monotonic(), len(log)

            settle()
            at_load = len(log)
            page.mouse.move(20, 20)  # the first interaction starts Material's bundle (on-demand.js), which starts the search worker
            settle()
            browser.close()
    except Exception as exc:  # no browser: fall back to reading the page's references
        method = f"static (the page's references and Material's search worker; Chromium failed: {type(exc).__name__})"
        log[:] = static_references(site, url_path)
        at_load = len(log)
    finally:
        server.shutdown()
    loaded_first = set(log[:at_load])
    files = []
    for requested in dict.fromkeys(log):
        path = _served_file(site, requested)
        if path is None:
            files.append({"path": requested, "kind": "404 (no such file)", "raw": 0, "gz": 0})
            continue
        raw, g = _gz(path)
        files.append({"path": str(path.relative_to(site)), "kind": _kind(str(path.relative_to(site))), "raw": raw, "gz": g,
                      "at_load": requested in loaded_first})
    by_kind: dict[str, int] = {}
    for f in files:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + f["gz"]
    static = sorted(static_references(site, url_path))
    static_gz = sum(_gz(p)[1] for p in filter(None, (_served_file(site, s) for s in static)))
    return {"url": url_path, "method": method, "files": files, "total_gz": sum(f["gz"] for f in files),
            "at_load_gz": sum(f["gz"] for f in files if f.get("at_load", True)),
            "total_raw": sum(f["raw"] for f in files), "by_kind_gz": by_kind, "static_total_gz": static_gz,
            "static_files": len(static)}


def static_references(site: Path, url_path: str) -> list[str]:
    """What the page fetches at load: what it references (stylesheets, scripts, icons) and Material's search
    worker; plus the search index and lunr files, unless the page loads them only when the search is opened."""
    html = (site / url_path / "index.html").read_text(encoding="utf-8")
    base = "/" + url_path
    refs = [base]
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", html):
        rel = re.search(r'\brel="([^"]+)"', tag)
        src = re.search(r'\b(?:href|src)="([^"]+)"', tag)
        if not src or src.group(1).startswith(("http:", "https:", "data:", "#")):
            continue
        if tag.startswith("<link") and not (rel and rel.group(1) in ("stylesheet", "icon", "shortcut icon")):
            continue
        refs.append(urllib.parse.urljoin(base, src.group(1)))
    # (The theme's bundle is among the scripts: held in <template id="__scripts">, on-demand.js runs it at the first
    # interaction; counted, as for a visitor who does anything.)
    config = _material_config(html)
    if config.get("search"):
        refs.append(urllib.parse.urljoin(base, config["search"]))
        if "on-demand.js" not in html:
            refs += search_references(site, url_path)
    return refs


def search_references(site: Path, url_path: str) -> list[str]:
    """What opening the search fetches: the language's search index and lunr's files for the language."""
    config = _material_config((site / url_path / "index.html").read_text(encoding="utf-8"))
    base_url = urllib.parse.urljoin("/" + url_path, config.get("base", ".") + "/")
    lang = url_path.split("/", 1)[0]
    return [urllib.parse.urljoin(base_url, "search/search_index.json")] + [
        urllib.parse.urljoin(base_url, f"assets/javascripts/lunr/min/{name}")
        for name in ("lunr.stemmer.support.min.js", f"lunr.{lang}.min.js")]


def _material_config(html: str) -> dict:
    """The page's Material configuration (the __config JSON script), or {} when it has none."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else {}


# ---------------------------------------------------------------- one size


def make(label: str, work: Path) -> tuple[Path, dict]:
    root = work / f"project-{label}"
    if root.exists():
        shutil.rmtree(root)
    if label == "kokkola":
        from generator import contents

        synthetic.copy_kokkola(root)
        c = contents.load(root / "content")
        return root, {"kind": "kokkola", "themes": len(c.strategy.themes), "goals": sum(len(t.goals) for t in c.strategy.themes),
                      "metrics": len(c.metrics), "updates": len(getattr(c, "updates", ())), "rounds": len(c.snapshots)}
    got = synthetic.make_project(root, int(label))
    p = got.plan
    return root, {"kind": "synthetic", "themes": p.themes, "goals": p.goals, "metrics": p.metrics, "updates": p.updates,
                  "rounds": synthetic.ROUNDS, "extras": got.extras, "expected_pages": p.pages}


def measure(label: str, work: Path, args) -> dict:
    say(f"[{label}] generating the project")
    root, info = make(label, work)
    langs = ["fi", "sv"]
    res: dict = {"label": label, **info}
    say(f"[{label}] build 1: pipeline.build end to end")
    res["build"] = run_worker(root)
    langs = [j["lang"] for j in res["build"]["jobs"]] or langs
    res["pages"] = count_pages(root / "docs", langs)
    say(f"[{label}]   {res['build']['total_s']:.1f} s, {res['pages']} pages; measuring site/")
    res["site"] = site_stats(root / "site", langs)
    url, _ = goal_page(root)
    res["goal_page"] = {"url": url, **dict(zip(("raw", "gz"), _gz(root / "site" / url / "index.html")))}
    refs = [f for f in (_served_file(root / "site", r) for r in dict.fromkeys(static_references(root / "site", url))) if f]
    search = [f for f in (_served_file(root / "site", r) for r in search_references(root / "site", url)) if f]
    res["first_visit_static"] = {"files": len(refs), "gz": sum(_gz(f)[1] for f in refs),
                                 "search_gz": sum(_gz(f)[1] for f in search if f not in refs)}
    if label == "kokkola":
        from generator import pipeline

        say(f"[{label}]   first visit of {url} (in Chromium, the site built for a local address)")
        port = free_port()
        other = work / f"served-{label}"  # a copy, so that this build does not touch the measured project's docs/
        shutil.rmtree(other, ignore_errors=True)
        for name in ("content", "overrides"):
            shutil.copytree(root / name, other / name)
        shutil.copy(root / "mkdocs.yml", other / "mkdocs.yml")
        pipeline.build(pipeline.Project(other), other / "site", f"http://127.0.0.1:{port}/")
        res["first_visit"] = first_visit(other / "site", url, port)
        shutil.rmtree(other, ignore_errors=True)
    if label in PREVIEW_SIZES or (label.isdigit() and int(label) < 1000):
        say(f"[{label}] the editor: save one item, then its preview (in a copy: the rebuild below must see no change)")
        copy = work / f"editor-{label}"
        shutil.rmtree(copy, ignore_errors=True)
        for name in ("content", "overrides"):
            shutil.copytree(root / name, copy / name)
        shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
        res["editor_preview"] = editor_preview(copy)
        shutil.rmtree(copy, ignore_errors=True)
    full = int(label) <= args.full_rebuild_up_to if label.isdigit() else True
    say(f"[{label}] build 2: no content change" + ("" if full else " (MkDocs stubbed out: validate, generate, sync docs/)"))
    res["rebuild"] = run_worker(root, docs_only=not full)
    if not args.no_zensical:
        say(f"[{label}] Zensical: first build (no cache), then a no-change rebuild")
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
    if not args.no_baseline:
        seq = int(label) <= args.sequential_up_to if label.isdigit() else True
        say(f"[{label}] bare MkDocs baseline ({'sequential and ' if seq else ''}parallel)")
        res["baseline"] = measure_baseline(root, res["build"]["jobs"], seq)
    res["build"].pop("jobs")
    res["rebuild"].pop("jobs")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return res


def say(text: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {text}", flush=True)


# ---------------------------------------------------------------- the report


def machine() -> dict:
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
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_kb / 1024 / 1024, "python": platform.python_version(),
        "mkdocs": md.version("mkdocs"), "material": md.version("mkdocs-material"), "os": platform.platform(),
        "zensical": _version(md, "zensical"),
        "commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "generator", "content", "overrides", "mkdocs.yml")),
    }


def _version(md, package: str) -> str:
    try:
        return md.version(package)
    except md.PackageNotFoundError:
        return "not installed"


def s(x: float) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def editor_preview(root: Path, rounds: int = 5) -> dict:
    """Seconds from saving a metric's description in the editor's library (validation of the whole content in a
    copy, the round-trip write, the "check the translation" mark) to the HTML of its page showing the new text
    (`previews.render`: the one page, not the site, from the content the save validated, as the editor's
    ContentCache hands it), in this warm process as in the running editor; the first round includes the
    imports and template compilation a fresh editor pays once."""
    import datetime as _dt

    from generator import contents, editing, pipeline, previews

    project = pipeline.Project(root)
    content = contents.load(project.content)
    metric = content.metrics[len(content.metrics) // 2].id
    it = editing.item(project, "metrics.yml", metric)
    times, saves = [], []
    for n in range(rounds):
        words = {lang: editing.values(project, lang, it) for lang in content.languages}
        words[content.languages[0]]["description"] = f"Preview measurement {n}: {words[content.languages[0]]['description']}"
        start = time.perf_counter()
        result = editing.save_item(project, it, words, set(), editing.item_version(project, it), _dt.date(2026, 12, 2))
        saved = time.perf_counter()
        html = previews.render(project, content.languages[0], ("metric", metric), "http://127.0.0.1:8001/preview/", result.content)
        end = time.perf_counter()
        if not result.ok or f"Preview measurement {n}:".encode() not in html:
            raise RuntimeError(f"the preview did not show the change (saved: {result.ok})")
        times.append(end - start)
        saves.append(saved - start)
    warm = times[1:]
    return {"first_s": times[0], "median_s": statistics.median(warm), "max_s": max(warm),
            "save_median_s": statistics.median(saves[1:]), "metric": metric, "rounds": rounds}


def evaluate(results: list[dict]) -> dict[str, tuple[str, str]]:
    """target -> (measured, verdict)."""
    by = {r["label"]: r for r in results}
    out: dict[str, tuple[str, str]] = {}
    gen = [(r["label"], (r["build"]["load_s"] + r["build"]["generate_s"]) / r["build"]["total_s"]) for r in results]
    out["generator"] = (", ".join(f"{l}: {p:.0%}" for l, p in gen), "met" if all(p <= 0.10 for _, p in gen) else
                        "missed at " + ", ".join(l for l, p in gen if p > 0.10))
    over = [(r["label"], r["build"]["total_s"] / r["baseline"]["parallel"]["wall_s"]) for r in results if "baseline" in r]
    if over:
        out["overhead"] = (", ".join(f"{l}: {x:.2f}×" for l, x in over), "met" if all(x <= 1.5 for _, x in over) else
                           "missed at " + ", ".join(l for l, x in over if x > 1.5))
    if "1000" in by and "5000" in by:
        x = by["5000"]["build"]["total_s"] / by["1000"]["build"]["total_s"]
        pages = by["5000"]["pages"]["fi"] / by["1000"]["pages"]["fi"]
        out["scaling"] = (f"{x:.1f}× for {pages:.1f}× the pages", "met" if x <= 6 else "missed")
    big = max((r for r in results if r["label"].isdigit()), key=lambda r: int(r["label"]), default=None)
    if big is not None:
        peak = big["build"]["peak_tree_mib"]
        verdict = ("met" if peak < 1024 else "missed") if big["label"] == "5000" else f"not measured at 5000 (largest: {big['label']})"
        out["memory"] = (f"{peak:.0f} MiB PSS sum at {big['label']} (RSS sum {big['build']['peak_rss_sum_mib']:.0f} MiB, "
                         f"largest process {big['build']['peak_process_mib']:.0f} MiB)", verdict)
        with_seq = [r for r in results if "seq_sum_s" in r.get("baseline", {})]
        ref = max(with_seq, key=lambda r: int(r["label"]) if r["label"].isdigit() else 0) if with_seq else big
        b, base = ref["build"], ref.get("baseline", {})
        text = f"at {ref['label']}: MkDocs stage of the build {s(b['mkdocs_s'])} s"
        if "seq_sum_s" in base:
            text += (f" vs one language alone {s(base['seq_fi']['wall_s'])} s + {s(base['seq_sv']['wall_s'])} s = "
                     f"{s(base['seq_sum_s'])} s (ratio {b['mkdocs_s'] / base['seq_sum_s']:.2f}; 0.5 = perfectly parallel)")
            par = b["mkdocs_s"] < 0.75 * base["seq_sum_s"]
        else:
            par = b["mkdocs_children_cpu_s"] / b["mkdocs_s"] > 1.5
        busy = ", ".join(f"{r['label']}: {r['build']['mkdocs_children_cpu_s'] / r['build']['mkdocs_s']:.2f}" for r in results)
        out["parallel"] = (text + f"; cores busy in the MkDocs stage: {busy}", "met" if par else "missed")
    written = [(r["label"], r["rebuild"]["written"], r["rebuild"].get("site_written")) for r in results]
    out["rebuild"] = (", ".join(f"{l}: {n}" + ("" if site is None else f" + {site}") for l, n, site in written)
                      + " (docs/ + site/ files rewritten)",
                      "met" if all(n == 0 and not site for _, n, site in written) else "missed")
    if "kokkola" in by and "goal_page" in by["kokkola"]:
        g = by["kokkola"]["goal_page"]["gz"]
        out["goal_html"] = (f"{kb(g)} KB", "met" if g <= 30 * 1024 else "missed")
        f = by["kokkola"]["first_visit"]["total_gz"]
        others = [(r["label"], r["first_visit_static"]["gz"]) for r in results if r["label"] != "kokkola"]
        at_load = by["kokkola"]["first_visit"]["at_load_gz"]
        out["first_visit"] = (f"Kokkola {kb(f)} KB (Chromium; {kb(at_load)} KB before the first interaction)"
                              + "".join(f", {l}: {kb(g)} KB" for l, g in others),
                              "met" if max([f] + [g for _, g in others]) < 100 * 1024 else "missed")
    previews = [(r["label"], r["editor_preview"]) for r in results if "editor_preview" in r]
    if previews:
        limit = {"kokkola": 1.0, "1000": 2.0}
        out["editor_preview"] = (
            ", ".join(f"{l}: {p['median_s']:.2f} s (slowest {p['max_s']:.2f} s; save {p['save_median_s']:.2f} s of it; "
                      f"a fresh editor's first {p['first_s']:.2f} s)" for l, p in previews),
            "met" if all(p["max_s"] < limit.get(l, 2.0) for l, p in previews) and {"kokkola", "1000"} <= {l for l, _ in previews}
            else ("missed at " + ", ".join(l for l, p in previews if p["max_s"] >= limit.get(l, 2.0))
                  if any(p["max_s"] >= limit.get(l, 2.0) for l, p in previews) else "not measured at both sizes"))
    return out


def report(results: list[dict], env: dict, command: str, started: dt.datetime, seconds: float, previous: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        "How fast the site builds at growing size, how much memory it takes and what a visitor downloads.",
        "Everything except the Analysis section at the end is written by `bench/benchmark.py` (`make bench`); the",
        "analysis is written by hand and kept (between its markers) when the script rewrites this file. Quick check:",
        "`python bench/benchmark.py --sizes 10,100 --no-write`; `--help` lists the options.",
        "",
        f"- **Command:** `{command}`" + (f" (took {seconds / 60:.1f} min)" if seconds else ""),
        f"- **Date:** {started:%Y-%m-%d %H:%M} UTC",
        f"- **Machine:** {env['cpu']}, {env['cores']} cores, {env['memory_gib']:.1f} GiB memory; {env['os']}",
        f"- **Software:** Python {env['python']}, MkDocs {env['mkdocs']}, Material {env['material']}, Zensical {env.get('zensical', '–')}",
        f"- **Code:** commit {env['commit']}" + (" with uncommitted changes in generator/, content/ or overrides/" if env["dirty"] else ""),
        *[f"- **Size {r['label']}** is from the run of {r['from_run'][:16]} UTC (kept with `--merge`)" for r in results if r.get("from_run")],
        f"- **Load:** 1-minute load average during the measured builds {min(la for r in results for la in _loads(r)):.1f}–"
        f"{max(la for r in results for la in _loads(r)):.1f} (2 cores: above 2 means other work competed for the CPU)",
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    for key, (measured, verdict) in evaluate(results).items():
        lines.append(f"| {TARGETS[key]} | {measured} | **{verdict}** |")
    lines += ["", "## Time", "",
              "Seconds, as `pipeline.build` reports its stages (`BuildResult.seconds`). *Generator* = validate (read and",
              "check all content) + generate (series, and every page of both languages, each language in its own worker",
              "process, started once the content is valid); *other* = the rest outside MkDocs (the MkDocs options, open data,",
              "writing the changed files of docs/ and site/); *MkDocs* = both languages' MkDocs builds (in the same two workers, from the",
              "generated pages in memory); *total* = `pipeline.build` end to end, in a fresh process (imports not included: "
              f"{s(max(r['build']['import_s'] for r in results))} s at most). *Bare* = `python -m mkdocs build` of the",
              "generated docs/ with the same configuration and no generator, each language in its own fresh process: both",
              "at once (*parallel*) and one after the other (*fi alone*, *sv alone*). Above `--sequential-up-to` (1000) the",
              "languages are not run alone, to keep the run short: * marks each language's time within the parallel bare",
              "build instead. *Rebuild* = the same build again, unchanged content, with the number of docs/ and site/",
              "files it rewrote; above `--full-rebuild-up-to` (1000) it runs without MkDocs (validate, generate, sync",
              "docs/: what decides whether docs/ files are rewritten; site/ is then not measured, –).",
              "",
              "*Load* = the 1-minute load average at the end of build 1 (2 cores: above 2, other work competed for the CPU).",
              "",
              "| size | pages per language (fi / sv) | themes / goals / metrics / updates | generator | other | MkDocs | total | generator share | bare parallel | total ÷ bare | bare fi alone | bare sv alone | rebuild total | rebuild: files rewritten, docs/ + site/ | load |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        b = r["build"]
        gen = b["load_s"] + b["generate_s"]
        other = b["total_s"] - gen - b["mkdocs_s"]
        base = r.get("baseline", {})
        shape = f"{r['themes']} / {r['goals']} / {r['metrics']} / {r['updates']}"
        lines.append(
            f"| {r['label']} | {r['pages']['fi']} / {r['pages']['sv']} | {shape} | {s(gen)} ({s(b['load_s'])} + {s(b['generate_s'])}) | "
            f"{s(other)} | {s(b['mkdocs_s'])} | {s(b['total_s'])} | {gen / b['total_s']:.0%} | "
            + (f"{s(base['parallel']['wall_s'])} | {b['total_s'] / base['parallel']['wall_s']:.2f}× | " if base else "– | – | ")
            + (f"{s(base['seq_fi']['wall_s'])} | {s(base['seq_sv']['wall_s'])} | " if "seq_fi" in base else
               (f"{s(base['parallel']['per_lang_s']['fi'])}* | {s(base['parallel']['per_lang_s']['sv'])}* | " if base else "– | – | "))
            + (f"{s(r['rebuild']['total_s'])} | " if not r["rebuild"]["docs_only"] else
               f"{s(r['rebuild']['total_s'])} without MkDocs | ")
            + f"{r['rebuild']['written']} + {'–' if r['rebuild'].get('site_written') is None else r['rebuild']['site_written']} | "
            + f"{r['build']['loadavg'][0]:.1f} |")
    lines += ["", "## Memory and parallelism", "",
              "Sampled every 0.1 s over the build process and all its children (the two language workers, forked from it).",
              "*Peak memory* = the largest sum of their PSS (proportional set size: pages a forked worker still shares with",
              "its parent count once) — the physical memory the build needs, and what the 1 GiB target is judged on.",
              "*RSS sum* counts shared pages in every process (an upper bound); *largest process* = the biggest single RSS",
              "(what `ru_maxrss` reports). *Cores busy* = CPU seconds the workers spent in MkDocs ÷ wall seconds of the",
              "MkDocs stage (2.0 = both cores all the time; lower when other work competes for the CPU).",
              "",
              "| size | peak memory, build (MiB) | RSS sum (MiB) | largest process (MiB) | peak memory, bare parallel (MiB) | MkDocs stage (s) | cores busy in MkDocs stage | bare fi + sv one after the other (s) | MkDocs stage ÷ (fi + sv) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        b, base = r["build"], r.get("baseline", {})
        lines.append(
            f"| {r['label']} | {b['peak_tree_mib']:.0f} | {b['peak_rss_sum_mib']:.0f} | {b['peak_process_mib']:.0f} | "
            + (f"{base['parallel']['peak_tree_mib']:.0f} | " if base else "– | ")
            + f"{s(b['mkdocs_s'])} | {b['mkdocs_children_cpu_s'] / b['mkdocs_s']:.2f} | "
            + (f"{s(base['seq_sum_s'])} | {b['mkdocs_s'] / base['seq_sum_s']:.2f} |" if "seq_sum_s" in base else "not run | – |"))
    engines = [r for r in results if "zensical" in r]
    if engines:
        lines += ["", "## Engines: MkDocs and Zensical", "",
                  "The same project built with each engine (`strategy-site build --engine zensical`), each build a fresh",
                  "process. *First build*: `pipeline.build` end to end (MkDocs: build 1 above; Zensical: without its cache,",
                  "`.zensical/` absent); *engine stage*: the part of it the engine takes (both languages, in parallel);",
                  "*no-change rebuild*: the same build again with the content unchanged (Zensical with the cache its first",
                  "build left), and how many docs/ + site/ files it rewrote; *peak memory*: the largest PSS sum of the build",
                  "process and all its children (for Zensical, its own processes too).",
                  "",
                  "| size | pages per language | first build, MkDocs (s) | first build, Zensical (s) | engine stage, MkDocs / Zensical (s) | no-change rebuild, MkDocs (s) | no-change rebuild, Zensical (s) | rebuild rewrote, MkDocs / Zensical | peak memory, MkDocs / Zensical (MiB) | site/ MkDocs / Zensical (MB) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in engines:
            m, rb = r["build"], r["rebuild"]
            rebuild = "–" if rb["docs_only"] else s(rb["total_s"])
            rewrote_m = f"{rb['written']} + {'–' if rb.get('site_written') is None else rb['site_written']}"
            if "failed" in r["zensical"]:
                lines.append(
                    f"| {r['label']} | {r['pages']['fi']} | {s(m['total_s'])} | **stopped:** {r['zensical']['failed']} | "
                    f"{s(m['mkdocs_s'])} / – | {rebuild} | – | {rewrote_m} / – | {m['peak_tree_mib']:.0f} / – | "
                    f"{r['site']['bytes'] / 1e6:.1f} / – |")
                continue
            z, zr = r["zensical"]["build"], r["zensical"]["rebuild"]
            lines.append(
                f"| {r['label']} | {r['pages']['fi']} | {s(m['total_s'])} | {s(z['total_s'])} | {s(m['mkdocs_s'])} / {s(z['mkdocs_s'])} | "
                f"{rebuild} | {s(zr['total_s'])} | {rewrote_m} / {zr['written']} + {zr['site_written']} | "
                f"{m['peak_tree_mib']:.0f} / {z['peak_tree_mib']:.0f} | "
                f"{r['site']['bytes'] / 1e6:.1f} / {r['zensical']['site']['bytes'] / 1e6:.1f} |")
    lines += ["", "## Output size", "",
              "site/ is everything built (both languages, data/, the root page). HTML = every `index.html` under site/fi and",
              f"site/sv, gzip level {GZIP_LEVEL} (as deploy/nginx.conf). The search index is fetched when a visitor opens",
              "the search (overrides/assets/javascripts/on-demand.js), not with the page.",
              "",
              "*First visit* of the first goal page (fi) is counted here from what the page and its first interaction fetch:",
              "its references, Material's bundle (loaded at the first interaction, overrides/assets/javascripts/on-demand.js)",
              "and Material's search worker (for Kokkola also measured in Chromium, below); *opening the search* adds the",
              "search index and lunr's files for the language.",
              "",
              "| size | site/ (MB) | files | HTML pages | HTML gz median (KB) | HTML gz largest (KB) | largest page | largest raw (KB) | search index fi raw / gz (KB) | goal page raw / gz (KB) | first visit of a goal page, gz (KB) | opening the search adds, gz (KB) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        st = r["site"]
        si = st["search_index"].get("fi", {"raw": 0, "gz": 0})
        lines.append(f"| {r['label']} | {st['bytes'] / 1e6:.1f} | {st['files']} | {st['html_pages']} | {kb(st['html_gz_median'])} | "
                     f"{kb(st['html_gz_max'])} | `{st['html_gz_max_page']}` | {kb(st['html_raw_max'])} | {kb(si['raw'])} / {kb(si['gz'])} | "
                     f"{kb(r['goal_page']['raw'])} / {kb(r['goal_page']['gz'])} | {kb(r['first_visit_static']['gz'])} | "
                     f"{kb(r['first_visit_static'].get('search_gz', 0))} |")
    ko = next((r for r in results if r["label"] == "kokkola" and "first_visit" in r), None)
    if ko:
        fv = ko["first_visit"]
        lines += ["", "## First visit of a Kokkola goal page", "",
                  f"Page `{ko['goal_page']['url']}`: HTML {kb(ko['goal_page']['raw'])} KB, **{kb(ko['goal_page']['gz'])} KB gzipped**.",
                  f"Measured with {fv['method']}; gzip level {GZIP_LEVEL} of each file. Total with the first interaction (the mouse"
                  f" moves) **{kb(fv['total_gz'])} KB gzipped** ({kb(fv['total_raw'])} KB raw), **{kb(fv.get('at_load_gz', fv['total_gz']))} KB**"
                  " before it (a visitor who only reads); reading the page's references, Material's bundle and search worker"
                  f" instead gives {kb(fv['static_total_gz'])} KB ({fv['static_files']} files).",
                  "", "| file | kind | raw (KB) | gzipped (KB) | at load |", "|---|---|---|---|---|"]
        for f in fv["files"]:
            lines.append(f"| `{f['path']}` | {f['kind']} | {kb(f['raw'])} | {kb(f['gz'])} | {'yes' if f.get('at_load', True) else 'at the first interaction'} |")
        lines.append("| **total** | | " + f"{kb(fv['total_raw'])} | **{kb(fv['total_gz'])}** | |")
    notes = [r for r in results if r["kind"] == "synthetic"]
    if notes:
        extras = sorted({e for r in notes for e in r["extras"]})
        lines += ["", "## Synthetic content", "",
                  "Generated by `bench/synthetic.py` in the shipped format: per theme 4 goals, 4 metrics (one a formula of two",
                  f"others), 4 objectives, 3 success factors{', 1 update' if synthetic.has_updates() else ''}; every metric has a",
                  f"figure in each of {synthetic.ROUNDS} monitoring rounds (20 CSV files, half-yearly 2016–2025, annual and",
                  "half-yearly periods before the round's date, some revised); every 25th goal and metric has an old slug",
                  "(a redirect). Each metric uses one of Kokkola's statistics (rows name its sources); the strategy's own",
                  "metric list is the first metric of each theme and the second of every other one; a generated draft text",
                  "(source_text) differs from the Finnish words where content/corrections.yml says (every 10th objective, the",
                  "list's signs). site.yml, sources, glossary, ui.yml and pages/about.md are Kokkola's. The smallest strategy",
                  f"(1 theme, 1 goal, 1 metric{', 1 update' if synthetic.has_updates() else ''}) already has "
                  f"{synthetic.fixed_pages() + 3 + (1 if synthetic.has_updates() else 0)} pages per language, so size 10 is that.",
                  "Updates: " + ("included (content/updates/ exists)." if synthetic.has_updates() else
                                 "not included — content/ has no updates folder."),
                  "Copied from content/ as they are (not scaled): " + (", ".join(f"`{e}`" for e in extras) if extras else "nothing") + "."]
    lines += ["", previous.strip() if previous.strip() else
              "<!-- analysis:start -->\n## Analysis\n\n(Profiles and notes go here; kept when the script rewrites the file.)\n<!-- analysis:end -->", ""]
    return "\n".join(lines)


def _loads(r: dict) -> list[float]:
    out = [r["build"]["loadavg"][0]] + ([] if r["rebuild"]["docs_only"] else [r["rebuild"]["loadavg"][0]])
    if "baseline" in r:
        out.append(r["baseline"]["parallel"]["loadavg"][0])
    return out


def kept_analysis(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"<!-- analysis:start -->.*?<!-- analysis:end -->", text, re.S)
    return m.group(0) if m else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated: kokkola and/or pages per language (default {DEFAULT_SIZES})")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="the report to write (default BENCHMARKS.md)")
    ap.add_argument("--no-write", action="store_true", help="print the report instead of writing it")
    ap.add_argument("--workdir", default=None, help="where the project folders go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated project folders")
    ap.add_argument("--no-baseline", action="store_true", help="skip the bare MkDocs baseline")
    ap.add_argument("--sequential-up-to", type=int, default=1000,
                    help="run the one-language-at-a-time baseline only up to this size (default 1000; it doubles the time)")
    ap.add_argument("--full-rebuild-up-to", type=int, default=5000,
                    help="above this size the no-change rebuild skips MkDocs (it only checks docs/ rewrites; default 5000)")
    ap.add_argument("--merge", action="store_true",
                    help="keep the other sizes of the last complete run (bench/out/results-last.json) and replace only the sizes measured now")
    ap.add_argument("--report-only", action="store_true",
                    help="measure nothing: rewrite the report from the last run's bench/out/results.json")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--docs-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="mkdocs", help=argparse.SUPPRESS)
    ap.add_argument("--no-zensical", action="store_true", help="skip the builds with Zensical")
    args = ap.parse_args(argv)
    if args.worker:
        print(MARK + json.dumps(worker_build(Path(args.worker), args.docs_only, args.engine)), flush=True)
        return 0
    if args.report_only:
        raw = ROOT / "bench" / "out" / "results.json"
        data = json.loads(raw.read_text(encoding="utf-8"))
        out = Path(args.out)
        text = report(data["results"], data["machine"], data["command"], dt.datetime.fromisoformat(data["started"]),
                      data.get("seconds", 0), kept_analysis(out))
        print(text) if args.no_write else out.write_text(text, encoding="utf-8")
        return 0
    labels = [x.strip() for x in args.sizes.split(",") if x.strip()]
    for label in labels:
        if label != "kokkola" and not label.isdigit():
            ap.error(f"unknown size {label!r}: use kokkola or a number of pages")
    started, t0 = dt.datetime.now(dt.timezone.utc), time.perf_counter()
    env = machine()  # the code as it was when the run started
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="strategy-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results, failed = [], None
    raw = ROOT / "bench" / "out" / "results.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    try:
        for label in labels:
            try:
                results.append(measure(label, work, args))
            except Exception as exc:  # keep what was measured; say what failed
                import traceback

                traceback.print_exc()
                failed = f"size {label}: {type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
                break
            raw.write_text(json.dumps({"partial": True, "results": results}, indent=1, default=str), encoding="utf-8")
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if not results:
        say(f"nothing measured ({failed})")
        return 1
    seconds = time.perf_counter() - t0
    if args.merge and raw.with_name("results-last.json").exists():
        old = json.loads(raw.with_name("results-last.json").read_text(encoding="utf-8"))
        now = {r["label"]: r for r in results}
        order = [r["label"] for r in old["results"]] + [label for label in now if label not in {r["label"] for r in old["results"]}]
        oldby = {r["label"]: r for r in old["results"]}
        results = [now.get(label) or oldby[label] for label in order]
        for r in results:
            if r["label"] not in now:
                r.setdefault("from_run", old.get("started"))
    command = "python bench/benchmark.py" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(argv if argv is not None else sys.argv[1:]))
    out = Path(args.out)
    text = report(results, env, command, started, seconds, kept_analysis(out))
    if failed:
        text = text.replace("## Targets", f"**Incomplete run — {failed}.**\n\n## Targets", 1)
    raw.write_text(json.dumps({"machine": env, "command": command, "started": started.isoformat(), "seconds": seconds,
                               "failed": failed, "results": results},
                              indent=1, default=str), encoding="utf-8")
    if not failed:
        shutil.copy(raw, raw.with_name("results-last.json"))
    if args.no_write:
        print(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out} (raw numbers: {raw.relative_to(ROOT)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
