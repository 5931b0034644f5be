"""Talking to a local server from a test: a free port, whether one is open, and GET requests."""

from __future__ import annotations

import http.server
import socket
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file server that keeps the test output clean (no line per request)."""

    def log_message(self, format, *args):  # noqa: A002
        pass


def fetch_text(url: str) -> str:
    """The page at `url` as text, redirects followed (an HTTP error raises, an OSError)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    """GET without following redirects: (status, headers lower-cased, body as sent)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def joined(message) -> dict:  # a header sent twice (Vary) becomes one, comma-separated
        out: dict[str, str] = {}
        for k, v in message.items():
            out[k.lower()] = f"{out[k.lower()]}, {v}" if k.lower() in out else v
        return out

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers)) as r:
            return r.status, joined(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, joined(e.headers), e.read()
