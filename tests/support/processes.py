"""Waiting for something a process does, and finding the processes a session left behind."""

from __future__ import annotations

import time
from pathlib import Path


def wait_for(predicate, seconds: float = 60) -> bool:
    """Poll every half second until `predicate()` is true; an OSError (a server not up yet) counts as false."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def wait_until(predicate, seconds: float) -> bool:
    """Poll every 20 ms until `predicate()` is true (for a moment that passes quickly, e.g. a publish step)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def session_processes(sid: int) -> list[str]:
    """The processes of session `sid` still alive (zombies are dead, only not yet reaped)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields after the name: state, ppid, pgrp, session
            alive.append(stat.parent.name)
    return alive
