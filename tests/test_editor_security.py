"""The editor's sessions, redirects, origins and proxy set-up, tested as the attacker of the review did
(../shared/reviews/2026-12-editor-walkthrough-and-pentest.md, rows 46–64 and 83–87): against the real
server (`strategy-site edit` under waitress, in its own process), behind real nginx running the README's
own proxy block, and in Chromium where a browser is involved. A few fast cases use Flask's test client too.
"""

from __future__ import annotations

import http.client
import http.cookies
import http.server
import re
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import cli, editing, pipeline
from generator.editor import auth
from generator.editor.app import create_app
from tests.support.browser import submit
from tests.support.editor import Clock, Editor, token
from tests.support.nginx import MIME_TYPES, Nginx, nginx_binary
from tests.support.project import ROOT
from tests.support.serving import free_port
from tests.support.site import tree_hashes

PASSWORD = "correct horse battery"
BERTIL = "bertil's own passphrase"


@pytest.fixture
def project(editor_project) -> Path:
    """Here the project is the editor's copy in git (conftest.py's `editor_project`)."""
    return editor_project


@pytest.fixture
def users_file(tmp_path) -> Path:
    path = tmp_path / "users.yml"
    auth.add_user(path, "anna", "Anna Andersson", "anna@example.org", PASSWORD)
    auth.add_user(path, "bertil", "Bertil Berg", "bertil@example.org", BERTIL)
    return path


@pytest.fixture
def guarded(project, users_file):
    """The editor with a users file, on 127.0.0.1."""
    running = Editor(project, "--users", str(users_file))
    yield running
    running.stop()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


@dataclass
class Client:
    """What a browser does, by hand: keeps the cookies it is given (Secure ones too: Chromium keeps them for
    a loopback address over plain HTTP), sends an Origin on every POST (Chromium does, same-origin included),
    and connects from a chosen source address (127.0.0.66 and 127.0.0.77 are two people)."""

    port: int
    origin: str | None = None
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.origin = self.origin or f"http://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, fields: dict | None = None, headers: dict | None = None, body: bytes | None = None
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if method == "POST":
            sent["Origin"] = self.origin
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update({k: v for k, v in (headers or {}).items() if v is not None})
        for k in [k for k, v in (headers or {}).items() if v is None]:
            sent.pop(k, None)
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
        try:
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(line)
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(answer.status, answer.headers, text)

    def token(self, path: str = "/") -> str:
        page = self.request("GET", path)
        assert page.status == 200, (path, page.status, page.location)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def login(self, user: str, password: str, next_: str | None = None) -> Answer:
        path = "/login" + (f"?next={next_}" if next_ is not None else "")
        return self.request("POST", path, {"csrf_token": self.token("/login"), "user": user, "password": password})


def signed_in_as(client: Client) -> str | None:
    home = client.request("GET", "/")
    found = re.search(r"Kirjautunut: ([^<]+)<", home.text)
    return found.group(1) if home.status == 200 and found else None


# ---------------------------------------------------------------- sessions that end (row 51)


def test_logout_ends_the_session_and_a_replayed_cookie_signs_nobody_in(guarded):
    anna = Client(guarded.port)
    assert anna.login("anna", PASSWORD).status == 302
    assert signed_in_as(anna) == "Anna Andersson"
    stolen = dict(anna.cookies)
    assert anna.request("POST", "/logout", {"csrf_token": anna.token()}).status == 302
    replay = Client(guarded.port, cookies=stolen)
    answer = replay.request("GET", "/words/metrics.yml/population")
    assert answer.status == 302 and answer.location.startswith("/login")
    assert signed_in_as(replay) is None


def test_a_password_change_or_a_removed_user_ends_that_persons_sessions_only(guarded, users_file):
    anna, bertil = Client(guarded.port), Client(guarded.port)
    assert anna.login("anna", PASSWORD).status == 302 and bertil.login("bertil", BERTIL).status == 302
    auth.add_user(users_file, "anna", "Anna Andersson", "anna@example.org", "a brand new password")  # as add-user does
    assert signed_in_as(anna) is None
    assert signed_in_as(bertil) == "Bertil Berg"  # someone else's password change leaves him signed in
    assert anna.login("anna", PASSWORD).status == 401  # the old password no longer works
    assert anna.login("anna", "a brand new password").status == 302 and signed_in_as(anna) == "Anna Andersson"
    entries = [e for e in yaml.safe_load(users_file.read_text()) if e["user"] != "bertil"]
    tmp = users_file.with_name("users.tmp")
    tmp.write_text(yaml.safe_dump(entries))
    tmp.replace(users_file)
    assert signed_in_as(bertil) is None and signed_in_as(anna) == "Anna Andersson"


def test_a_restart_ends_every_session(project, users_file):
    first = Editor(project, "--users", str(users_file))
    try:
        anna = Client(first.port)
        assert anna.login("anna", PASSWORD).status == 302 and signed_in_as(anna) == "Anna Andersson"
    finally:
        first.stop()
    again = Editor(project, "--users", str(users_file))
    try:
        assert signed_in_as(Client(again.port, cookies=anna.cookies)) is None
    finally:
        again.stop()


def test_no_answer_to_an_anonymous_request_writes_the_signed_in_cookie(guarded):
    """The cookie of a signed-in person is written by the login alone (and removed by the logout): what a
    request without it gets, the login page say, leaves it be (row 52). A navigation from another site gets
    a page that opens the same address again, and no cookie at all."""
    stranger = Client(guarded.port)
    for path in ("/login", "/login?next=/words", "/", "/words/metrics.yml/population"):
        stranger.request("GET", path)
    assert stranger.set_cookies and not any(c.startswith("session=") for c in stranger.set_cookies)
    arriving = Client(guarded.port)
    answer = arriving.request(
        "GET",
        "/words/metrics.yml/population",
        headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"},
    )
    assert answer.status == 200 and arriving.set_cookies == []
    assert '<meta http-equiv="refresh" content="0">' in answer.text and '<a href="">' in answer.text
    anna = Client(guarded.port)
    assert anna.login("anna", PASSWORD).status == 302
    assert any(c.startswith("session=") for c in anna.set_cookies)


# ---------------------------------------------------------------- redirects stay in the editor (rows 53, 54)


def test_next_accepts_only_paths_of_the_editor(guarded):
    anna = Client(guarded.port)
    for raw in (
        "/%09/evil.example/",
        "%2F%2Fevil.example/",
        "/%5Cevil.example",
        "https://evil.example/",
        "/%0d/x",
        "/%0a/x",
        "/%0D%0ASet-Cookie:%20x=1",
        "/%00",
        "/%7f/x",
        "http:/evil.example",
        "%20/x",
    ):
        page = anna.request("GET", f"/login?next={raw}")
        assert page.status == 200, (raw, page.status)  # the login page, whatever next is
        answer = anna.login("anna", PASSWORD, next_=raw)
        assert (answer.status, answer.location) == (302, "/"), (raw, answer.status, answer.location)
    assert anna.login("anna", PASSWORD, next_="/words/metrics.yml/population%3Fx=1").location.startswith("/words/")
    token_ = anna.token()
    for bad in ("/\n/x", "/\r\n/x", "/\t/evil.example", "//evil.example", "/\\evil.example", "/\x00"):
        answer = anna.request("POST", "/language", {"csrf_token": token_, "lang": "sv", "next": bad})
        assert (answer.status, answer.location) == (302, "/"), (bad, answer.status)
    answer = anna.request("POST", "/language", {"csrf_token": token_, "lang": "fi", "next": "/updates?x=1"})
    assert (answer.status, answer.location) == (302, "/updates?x=1")


# ---------------------------------------------------------------- every state change checks its origin (rows 55–60)


def test_a_request_from_another_origin_is_refused_even_with_a_valid_token(guarded, project):
    anna = Client(guarded.port)
    assert anna.login("anna", PASSWORD).status == 302
    before = tree_hashes(project / "content")
    it = editing.item(pipeline.Project(project), "metrics.yml", "population")
    fields = {
        "csrf_token": anna.token(),
        "version": editing.item_version(pipeline.Project(project), it),
        "fi-name": "Hakkeroitu",
    }
    path = "/words/metrics.yml/population"
    foreign = [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": None, "Referer": "https://evil.example/x"},
        {"Origin": f"http://127.0.0.1:{guarded.port + 1}"},  # same host, another port: another origin
        {"Origin": f"https://127.0.0.1:{guarded.port}"},
    ]
    for headers in foreign:
        answer = anna.request("POST", path, fields, headers=headers)
        assert answer.status == 400 and "toiselta sivustolta" in answer.text, (headers, answer.status)
        assert tree_hashes(project / "content") == before
    # the token only in a header, from another site
    answer = anna.request(
        "POST",
        path,
        {k: v for k, v in fields.items() if k != "csrf_token"},
        headers={"Origin": "https://evil.example", "X-CSRFToken": fields["csrf_token"]},
    )
    assert answer.status == 400 and tree_hashes(project / "content") == before
    # login, language and logout are state changes too
    for url, form in (("/language", {"lang": "sv", "next": "/"}), ("/logout", {}), ("/publish", {})):
        answer = anna.request(
            "POST", url, form | {"csrf_token": fields["csrf_token"]}, headers={"Origin": "https://evil.example"}
        )
        assert answer.status == 400, url
    assert signed_in_as(anna) == "Anna Andersson" and "editor_lang" not in anna.cookies
    other = Client(guarded.port, origin="https://evil.example")
    form_token = other.token("/login")
    answer = other.request("POST", "/login", {"csrf_token": form_token, "user": "anna", "password": PASSWORD})
    assert answer.status == 400 and "Kirjautunut" not in answer.text
    # the same save from the editor's own pages (Origin, or only a same-origin Referer) is accepted
    answer = anna.request(
        "POST", path, fields, headers={"Origin": None, "Referer": f"http://127.0.0.1:{guarded.port}{path}"}
    )
    assert answer.status == 200 and "Tallennettu." in answer.text
    answer = anna.request(
        "POST", path, fields | {"version": editing.item_version(pipeline.Project(project), it), "fi-name": "Väkiluku"}
    )
    assert answer.status == 200 and "Tallennettu." in answer.text
    # refused in the staff member's language
    anna.cookies["editor_lang"] = "sv"
    answer = anna.request("POST", path, fields, headers={"Origin": "https://evil.example"})
    assert answer.status == 400 and "en annan webbplats" in answer.text


# ---------------------------------------------------------------- no input answers 500 (rows 54, 64, 83, 85, 87)


def test_no_input_makes_the_server_answer_500(guarded, project):
    anna = Client(guarded.port)
    assert anna.login("anna", PASSWORD).status == 302
    for path in (
        "/preview/fi/assets/javascripts/%00.js",
        "/preview/fi/assets/%00",
        "/preview/fi/%00/x.css",
        "/preview/fi/assets/javascripts/bundle.js%00.html",
        "/preview/sv/assets/%0d%0a.js",
        "/preview/fi/%00",
        "/preview/fi/?update=%00",
        "/preview/fi/?update=%0d%0a",
        "/updates/%00",
        "/words/metrics.yml%00/",
        "/words/metrics.yml/%00",
        "/login?next=/%0d/x",
        "/%00",
        "/static/%00.css",
        "/preview/fi/assets/" + "a" * 300 + ".js",
    ):
        answer = anna.request("GET", path)
        assert answer.status < 500, (path, answer.status)
    assert anna.request("GET", "/preview/fi/assets/javascripts/%00.js").status == 404  # row 64
    token_ = anna.token()
    posts = [
        ("/login?next=/%0a/x", {"user": "anna", "password": PASSWORD}),
        ("/language", {"lang": "sv\x00", "next": "/\r\n/x"}),
        ("/markdown", {"text": "\x00\r\n" * 100}),
        ("/updates/save", {"id": "\x00", "date": "\r\n", "action": "save"}),
        ("/words/metrics.yml/population", {"version": "\x00", "fi-name": "\x00"}),
    ]
    for path, form in posts:
        answer = anna.request("POST", path, form | {"csrf_token": token_})
        assert answer.status < 500, (path, answer.status)
    for body, kind in (
        (b'{"fi-name": "x"}', "application/json"),
        (b"--x\r\n\r\n", "multipart/form-data"),
        (b"%FF%FE%C3%28=%FF", "application/x-www-form-urlencoded"),
        (
            urllib.parse.urlencode({f"f{i}": "x" for i in range(2000)} | {"csrf_token": token_}).encode(),
            "application/x-www-form-urlencoded",
        ),
    ):
        answer = anna.request("POST", "/updates/save", body=body, headers={"Content-Type": kind})
        assert 400 <= answer.status < 500, (kind, answer.status)
    for method in ("PUT", "DELETE", "TRACE", "PATCH"):  # row 85 stays as it was
        answer = anna.request(method, "/publish", headers={"X-Probe": "echo-me"})
        assert answer.status == 405 and "POST" in answer.headers["Allow"] and "echo-me" not in answer.text


def test_an_unexpected_failure_shows_the_editor_error_page_in_the_staff_language(proj, monkeypatch, caplog):
    """Should a bug still raise, the person sees the editor's own error page in their language (the
    traceback goes to the log, never to the page)."""
    app = create_app(proj)
    client = app.test_client()
    monkeypatch.setattr(editing, "list_updates", lambda project: 1 / 0)
    client.set_cookie("editor_lang", "sv")
    answer = client.get("/updates")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 500 and '<html lang="sv">' in text and "Ett oväntat fel" in text
    assert "ZeroDivisionError" not in text and "ZeroDivisionError" in caplog.text


# ---------------------------------------------------------------- failed logins per person (rows 45, 46)


def test_failures_slow_down_per_address_and_per_name_at_that_address(proj, users_file):
    clock = Clock()
    app = create_app(proj, auth.read_users(users_file), throttle=auth.Throttle(clock))

    def login(address: str, user: str, password: str) -> int:
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = address
        return c.post("/login", data={"csrf_token": token(c, "/login"), "user": user, "password": password}).status_code

    for _ in range(auth.FREE_FAILURES):
        assert login("10.0.0.66", "anna", "guess") == 401
    assert login("10.0.0.66", "anna", PASSWORD) == 429  # the address that failed waits
    assert login("10.0.0.66", "bertil", BERTIL) == 429  # for every name it tries
    assert login("10.0.0.77", "anna", PASSWORD) == 302  # anna herself, elsewhere, gets in at once (row 46)
    for _ in range(auth.FREE_FAILURES):  # another address trying many names
        assert login("10.0.0.88", f"nobody{_}", "guess") == 401
    assert login("10.0.0.88", "anna", PASSWORD) == 429
    clock.now += 1.1
    assert login("10.0.0.88", "anna", PASSWORD) == 302  # a success there lifts that address's wait
    for _ in range(auth.FREE_FAILURES):
        assert login("10.0.0.99", "bertil", "guess") == 401
    clock.now += 1.1
    assert login("10.0.0.99", "anna", PASSWORD) == 302  # lifts the address's wait
    assert login("10.0.0.99", "bertil", "guess") == 401  # his fourth failure there: next wait 2 s
    assert login("10.0.0.99", "bertil", BERTIL) == 429  # his name's wait at that address stands
    assert login("10.0.0.98", "bertil", BERTIL) == 302
    # the waits still grow 1 s, 2 s, 4 s … at most 5 min
    throttle = auth.Throttle(clock)
    for _count in range(auth.FREE_FAILURES + 12):
        throttle.failed("ip:x")
    assert throttle.wait("ip:x") == auth.MAX_WAIT


def test_without_a_proxy_a_forwarded_address_is_not_believed(guarded):
    """Without --behind-proxy nobody may choose their address (and so dodge their wait) with X-Forwarded-For."""
    attacker = Client(guarded.port)
    for n in range(auth.FREE_FAILURES):
        assert (
            attacker.request(
                "POST",
                "/login",
                {"csrf_token": attacker.token("/login"), "user": "anna", "password": "guess"},
                headers={"X-Forwarded-For": f"10.9.9.{n}"},
            ).status
            == 401
        )
    answer = attacker.request(
        "POST",
        "/login",
        {"csrf_token": attacker.token("/login"), "user": "bertil", "password": BERTIL},
        headers={"X-Forwarded-For": "10.9.9.200"},
    )
    assert answer.status == 429


# ---------------------------------------------------------------- beyond loopback (row 50)


def test_beyond_loopback_plain_http_needs_an_explicit_flag(project, users_file, monkeypatch):
    # 192.0.2.1 (a documentation address, not this machine's): were the check missing, binding it fails, so
    # the test never listens beyond loopback
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "edit",
            "--root",
            str(project),
            "--host",
            "192.0.2.1",
            "--users",
            str(users_file),
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(
        "Error: listening on 192.0.2.1 without --behind-proxy sends passwords and sessions over plain HTTP"
    ), done.stderr
    assert "--insecure-http" in done.stderr
    served = []
    monkeypatch.setattr("generator.editor.serve", lambda *args, **kw: served.append(args))
    result = CliRunner().invoke(
        cli.main, ["edit", "--root", str(project), "--host", "0.0.0.0", "--users", str(users_file), "--insecure-http"]
    )
    assert result.exit_code == 0 and len(served) == 1
    assert result.stderr.startswith("Warning: listening on 0.0.0.0 over plain HTTP (--insecure-http)")
    # on loopback, or behind the proxy, nothing to say
    for args in (
        ["--host", "127.0.0.1"],
        ["--host", "::1", "--users", str(users_file)],
        ["--behind-proxy", "--users", str(users_file)],
    ):
        result = CliRunner().invoke(cli.main, ["edit", "--root", str(project), *args])
        assert result.exit_code == 0 and result.stderr == "", (args, result.stderr)
    result = CliRunner().invoke(
        cli.main,
        [
            "edit",
            "--root",
            str(project),
            "--host",
            "0.0.0.0",
            "--users",
            str(users_file),
            "--behind-proxy",
            "--trusted-proxy",
            "10.1.2.3",
        ],
    )
    assert result.exit_code == 0 and result.stderr.startswith(
        "Warning: listening on 0.0.0.0 behind a proxy: let only the proxy (10.1.2.3)"
    )
    assert served[-1][-1] == "10.1.2.3"
    result = CliRunner().invoke(cli.main, ["edit", "--root", str(project), "--trusted-proxy", "10.1.2.3"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: --trusted-proxy needs --behind-proxy")


# ---------------------------------------------------------------- behind the README's proxy (rows 47, 49, 86)


def readme_proxy_block() -> str:
    """The nginx block of README.md's "On the city's network", as a reader would copy it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("**On the city's network.**", 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


class ReadmeProxy(Nginx):
    """nginx running the README's block as it is, but for TLS: it listens on a free loopback port without a
    certificate (`listen 443 ssl` and the two ssl_ lines), and passes to the editor's port."""

    def __init__(self, work: Path, editor_port: int, port: int):
        block = readme_proxy_block()
        assert (
            re.search(r"^\s*listen 443 ssl;\n", block, re.M) and block.count("proxy_pass http://127.0.0.1:8001;") == 1
        )
        block = re.sub(r"^\s*listen 443 ssl;\n", f"    listen 127.0.0.1:{port};\n", block, flags=re.M)
        block = re.sub(r"^\s*ssl_\w+\s+[^;]*;\n", "", block, flags=re.M)
        block = block.replace("http://127.0.0.1:8001", f"http://127.0.0.1:{editor_port}")
        self.work, self.port, self.base_url = work, port, f"http://127.0.0.1:{port}/"
        work.mkdir(parents=True, exist_ok=True)
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (work / "tmp" / name).mkdir(parents=True, exist_ok=True)
        temp = "".join(
            f"    {name}_temp_path {work / 'tmp' / name};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        self.conf = work / "nginx.conf"
        self.conf.write_text(
            f"daemon off;\nworker_processes 1;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n    include {MIME_TYPES};\n"
            f"    access_log {work / 'access.log'};\n{temp}{block}}}\n",
            encoding="utf-8",
        )
        self.cmd = [nginx_binary(), "-p", str(work), "-c", str(self.conf), "-e", str(work / "error.log")]
        check = subprocess.run(self.cmd + ["-t", "-q"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_listening()


def test_behind_the_readme_proxy_failures_are_per_person(project, users_file, tmp_path):
    assert "server_tokens off;" in readme_proxy_block()
    running = Editor(project, "--users", str(users_file), "--behind-proxy")
    proxy = ReadmeProxy(tmp_path / "nginx", running.port, free_port())
    try:
        attacker = Client(proxy.port, source="127.0.0.66")
        for name in ("admin", "root", "anna"):  # three failures with made-up names and a real one
            assert attacker.login(name, "guess").status == 401
        assert attacker.login("anna", "guess").status == 429  # the attacker's address waits now
        bertil = Client(proxy.port, source="127.0.0.77")
        answer = bertil.login("bertil", BERTIL)
        assert answer.status == 302, answer.text  # row 47: bertil, at his own address, gets in
        for name in ("session=", "editor_anonymous="):  # row 49, for both cookies
            cookie = next(c for c in bertil.set_cookies if c.startswith(name))
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
        assert signed_in_as(bertil) == "Bertil Berg"
        anna = Client(proxy.port, source="127.0.0.88")
        assert anna.login("anna", PASSWORD).status == 302  # row 46: anna too, though her name was tried
        assert anna.request("GET", "/").headers["Server"] == "nginx"  # row 86: no version (server_tokens off)
        # an address cannot be claimed through the proxy (nginx sets X-Forwarded-For itself): three failures
        # claiming to be 127.0.0.77 leave bertil there free to sign in at once
        spoofer = Client(proxy.port, source="127.0.0.55")
        for _ in range(auth.FREE_FAILURES):
            assert (
                spoofer.request(
                    "POST",
                    "/login",
                    {"csrf_token": spoofer.token("/login"), "user": "bertil", "password": "guess"},
                    headers={"X-Forwarded-For": "127.0.0.77"},
                ).status
                == 401
            )
        assert Client(proxy.port, source="127.0.0.77").login("bertil", BERTIL).status == 302
        # the editor knows its own origin through the proxy (X-Forwarded-Host/-Port): its own pages' posts
        # pass (above), another site's do not
        answer = bertil.request(
            "POST",
            "/language",
            {"csrf_token": bertil.token(), "lang": "sv", "next": "/"},
            headers={"Origin": "https://evil.example"},
        )
        assert answer.status == 400 and "toiselta sivustolta" in answer.text
    finally:
        proxy.stop()
        running.stop()


# ---------------------------------------------------------------- a link from another site (row 52)


class _LinkPage(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802
        body = f'<!doctype html><title>Teams</title><a id="go" href="{self.target}">Avaa editori</a>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.mark.parametrize("with_users", [True, False], ids=["users", "local"])
def test_a_link_from_another_site_keeps_the_session_and_the_open_form(project, users_file, browser, with_users):
    """An e-mail or Teams link (another site: 127.0.0.2 is another host than 127.0.0.1) opens the editor in a
    second tab while a form is being typed in the first; the first tab's save still succeeds."""
    args = ["--users", str(users_file)] if with_users else []
    running = Editor(project, *args)
    handler = type("Link", (_LinkPage,), {"target": f"{running.url}/words/glossary.yml/vision"})
    other_site = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    thread = threading.Thread(target=other_site.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        tab1 = context.new_page()
        tab1.goto(f"{running.url}/words/metrics.yml/population")
        if with_users:
            tab1.fill("#user", "anna")
            tab1.fill("#password", PASSWORD)
            submit(tab1, tab1.get_by_role("button", name="Kirjaudu sisään"))
            tab1.wait_for_url(f"{running.url}/words/metrics.yml/population")
        tab1.fill("#fi-name", "Asukasluku")  # typed, not saved yet
        tab2 = context.new_page()
        tab2.goto(f"http://127.0.0.2:{other_site.server_address[1]}/")
        tab2.click("#go")
        tab2.wait_for_url(f"{running.url}/words/glossary.yml/vision")  # where the link points, not the login page
        tab2.wait_for_selector("#fi-term")
        if with_users:
            assert "Kirjautunut: Anna Andersson" in tab2.inner_text("header")
        submit(tab1, tab1.get_by_role("button", name="Tallenna"))
        assert tab1.get_by_role("status").inner_text().startswith("Tallennettu.")
        assert "name: Asukasluku" in (project / "content" / "fi" / "metrics.yml").read_text()
        # and the second tab works as well
        tab2.fill("#fi-term", "visio (tulevaisuuskuva)")
        submit(tab2, tab2.get_by_role("button", name="Tallenna"))
        assert tab2.get_by_role("status").inner_text().startswith("Tallennettu.")
    finally:
        context.close()
        other_site.shutdown()
        other_site.server_close()
        running.stop()
