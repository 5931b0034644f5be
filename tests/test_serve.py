"""`strategy-site serve`: a live preview that rebuilds when content changes, leaving site/ alone."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.processes import wait_for
from tests.support.serving import fetch_text, free_port


def test_serve_rebuilds_on_edit(project):
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--root", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/sv/"
        assert wait_for(lambda: "modigt förnyar sig" in fetch_text(url)), "the preview did not start"
        strategy = project / "content/sv/strategy.yml"
        strategy.write_text(
            strategy.read_text(encoding="utf-8").replace("modigt förnyar sig", "djärvt förnyar sig"), encoding="utf-8"
        )
        assert wait_for(lambda: "djärvt förnyar sig" in fetch_text(url)), "the preview did not rebuild"
        # The language switch stays on the preview server.
        assert f'href="http://127.0.0.1:{port}/fi/"' in fetch_text(url)
        assert not (project / "site").exists(), "previewing must not touch site/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
