"""Run the production nginx configuration on a loopback port, serving a built site.

The configuration is what `strategy-site nginx-config` writes for the project's content (DEPLOY_CONF: the
package's template, generator/defaults/nginx.conf, with the host of base_url). The test wrapper is a minimal
nginx.conf: pid, logs and temp files in a temporary folder, Debian's mime.types, and that configuration
included with only its `listen` and `root` lines replaced, so the tests see exactly the headers, redirects and
compression production serves.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from generator import nginx, pipeline
from tests.support.project import ROOT, copy_project
from tests.support.serving import free_port


def _deploy_conf() -> Path:
    """`strategy-site nginx-config`'s output for Kokkola's content, written once per test process."""
    base_url = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))["base_url"]
    path = Path(tempfile.mkdtemp(prefix="strategy-site-nginx-")) / "nginx.conf"
    path.write_text(nginx.config(base_url), encoding="utf-8")
    return path


DEPLOY_CONF = _deploy_conf()
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def server_config(site: Path, port: int, conf: Path = DEPLOY_CONF) -> str:
    """The site's nginx configuration listening on 127.0.0.1:port and serving `site`."""
    text = conf.read_text(encoding="utf-8")
    listen = re.compile(r"^([ \t]*)listen\s+[^;]*;[^\n]*\n", re.M)
    root = re.compile(r"^([ \t]*)root\s+[^;]*;", re.M)
    assert len(root.findall(text)) == 1 and listen.search(text), f"{conf}: expected one root and a listen line"
    first = True

    def one_listen(m: re.Match) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        return f"{m.group(1)}listen 127.0.0.1:{port};\n"

    text = listen.sub(one_listen, text)
    return root.sub(lambda m: f'{m.group(1)}root "{site}";', text)


def wrapper_config(work: Path, site: Path, port: int) -> str:
    """A whole nginx.conf for the test: everything in `work`, the site's configuration inside http { }."""
    (work / "server.conf").write_text(server_config(site, port), encoding="utf-8")
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "tmp" / name).mkdir(parents=True, exist_ok=True)
    # As root (CI), worker processes would drop to `nobody`, who cannot read pytest's private temp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {name}_temp_path {work / 'tmp' / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 2;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
        f"    access_log {work / 'access.log'};\n    sendfile on;\n{temp}"
        f"    include {work / 'server.conf'};\n"
        "}\n"
    )


class Nginx:
    """nginx serving `site` at http://127.0.0.1:port/ until stop()."""

    def __init__(self, work: Path, site: Path, port: int):
        self.work, self.site, self.port = work, site, port
        self.base_url = f"http://127.0.0.1:{port}/"
        work.mkdir(parents=True, exist_ok=True)
        self.conf = work / "nginx.conf"
        self.conf.write_text(wrapper_config(work, site, port), encoding="utf-8")
        binary = nginx_binary()
        if not binary:
            raise RuntimeError("nginx is not installed: run scripts/setup-system.sh (make setup-test)")
        self.cmd = [binary, "-p", str(work), "-c", str(self.conf), "-e", str(work / "error.log")]
        check = subprocess.run(self.cmd + ["-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 10.0) -> None:
        # nginx writes its pid file only after binding its sockets: our pid there means the port is ours
        # (a connect alone could reach another server that already had the port).
        pid_file = self.work / "nginx.pid"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode(errors='replace')}{self.errors()}")
            if pid_file.is_file() and pid_file.read_text().strip() == str(self.proc.pid):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", self.port)) == 0:
                        return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not start listening on port {self.port}: {self.errors()}")

    def errors(self) -> str:
        log = self.work / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: fast shutdown of the master and its workers
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def serve_built(work: Path, engine: str = "mkdocs", copy=copy_project):
    """A copy of the project (`copy`: Kokkola's, or copy_second_city) built with `engine` for a free local port
    and served there by nginx: (base URL, site folder, server)."""
    proj = copy(work / "project")
    site = work / "site"
    for attempt in range(3):  # the free port may be taken between choosing and binding it
        port = free_port()
        base_url = f"http://127.0.0.1:{port}/"
        pipeline.build(pipeline.Project(proj), site, base_url, engine=engine)
        try:
            return base_url, site, Nginx(work / f"nginx{attempt}", site, port)
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
