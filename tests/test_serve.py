"""`strategy-site serve`: a live preview that rebuilds when content changes, leaving site/ alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from tests.conftest import free_port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_edit(project):
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--root", str(project), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sv/"
        assert wait_for(lambda: "modigt förnyar sig" in fetch(url)), "the preview did not start"
        strategy = project / "content/sv/strategy.yml"
        strategy.write_text(strategy.read_text(encoding="utf-8").replace("modigt förnyar sig", "djärvt förnyar sig"),
                            encoding="utf-8")
        assert wait_for(lambda: "djärvt förnyar sig" in fetch(url)), "the preview did not rebuild"
        # The language switch stays on the preview server.
        assert f'href="http://127.0.0.1:{port}/fi/"' in fetch(url)
        assert not (project / "site").exists(), "previewing must not touch site/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
