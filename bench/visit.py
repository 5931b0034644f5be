"""A first visit of a page in headless Chromium (Playwright), every request logged by a local server.

The browser settings are the benchmark's own copy of tests/conftest.py's: the benchmark does not import the tests.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
from pathlib import Path

from .weight import downloads, static_references

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    log: list = []

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.log.append(self.path)
        return super().do_GET()


def _settle(log: list) -> None:
    """Wait until no request has come for 2 s (at most 20 s): the search worker loads late."""
    quiet_since, seen = time.monotonic(), len(log)
    deadline = time.monotonic() + 20
    while time.monotonic() - quiet_since < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        if len(log) != seen:
            quiet_since, seen = time.monotonic(), len(log)


def _browse(url: str, log: list) -> int:
    """Load `url` in Chromium, then move the mouse; how many requests came before that first interaction."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        _settle(log)
        at_load = len(log)
        # The first interaction starts Material's bundle (on-demand.js), which starts the search worker.
        page.mouse.move(20, 20)
        _settle(log)
        browser.close()
    return at_load


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
        at_load = _browse(url, log)
    except Exception as exc:  # no browser: fall back to reading the page's references
        method = f"static (the page's references and Material's search worker; Chromium failed: {type(exc).__name__})"
        log[:] = static_references(site, url_path)
        at_load = len(log)
    finally:
        server.shutdown()
    return downloads(site, url_path, log, at_load, method)
