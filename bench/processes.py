"""Fresh-process runs and the memory of a process tree.

Every measured build runs in a fresh Python process (so caches, imports and memory start from zero), while this
process samples the memory (PSS and RSS) of that process and all its children (the build's worker processes)
every 0.1 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .paths import ROOT
from .worker import MARK

MIB = 1024 * 1024


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


def _descendants(pids: list[int], table: dict[int, tuple[int, int]]) -> set[int]:
    """The living processes among `pids` and all their descendants."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    todo, seen = [p for p in pids if p in table], set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo += children.get(pid, [])
    return seen


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
            seen = _descendants(self.pids, table)
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
        results.append(
            {
                "wall_s": walls[i],
                "maxrss_mib": rusages[i].ru_maxrss / 1024,
                "cpu_s": rusages[i].ru_utime + rusages[i].ru_stime,
                "stdout": stdout,
                "stderr": stderr,
            }
        )
    return {
        "wall_s": wall,
        "peak_tree_mib": monitor.peak_pss / MIB,
        "peak_rss_sum_mib": monitor.peak_rss_sum / MIB,
        "peak_process_mib": monitor.peak_one / MIB,
        "peak_processes": monitor.peak_procs,
        "runs": results,
        "loadavg": os.getloadavg(),
    }


def run_worker(root: Path, docs_only: bool = False, engine: str = "mkdocs") -> dict:
    """One measured `pipeline.build` of the project at `root` in a fresh process (bench/worker.py): the stage times
    it reports, with the wall time and memory of its process tree."""
    got = run_measured(
        [[sys.executable, "-m", "bench.worker", str(root), "--engine", engine] + (["--docs-only"] if docs_only else [])]
    )
    line = next(line for line in reversed(got["runs"][0]["stdout"].splitlines()) if line.startswith(MARK))
    result = json.loads(line[len(MARK) :])
    result |= {
        key: got[key]
        for key in ("wall_s", "peak_tree_mib", "peak_rss_sum_mib", "peak_process_mib", "peak_processes", "loadavg")
    }
    return result
