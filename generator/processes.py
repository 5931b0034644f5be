"""Child processes that end with their parent: one home for Linux's PR_SET_PDEATHSIG.

The build's workers, Zensical and the editor's git each run in a process of their own. Without the signal a
killed `strategy-site build` left its workers running, a stopped `strategy-site serve` left workers holding the
preview's port (they inherit its socket), and a killed editor left git holding its lock files.
"""

from __future__ import annotations

import os
import signal


def _prctl():
    """Linux's prctl, looked up once, at import: a child between fork and exec must not load a library while
    its parent's other threads run (a lock one of them held at the fork could never be freed)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: the callers' own clean-up is all there is
        return None


PRCTL = _prctl()
PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """In a child: be sent SIGTERM when the parent `parent` ends, however it ends. A parent that ended before
    the signal was asked for is seen by the changed parent id, and the child ends at once."""
    if PRCTL is not None:
        PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)
