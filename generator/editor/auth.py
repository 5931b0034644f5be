"""Who may use the editor: a users file of argon2 password hashes, and a login that slows down on failures.

The users file is YAML, one entry per person:

    - user: anna
      name: Anna Andersson
      email: anna.andersson@example.fi
      password: $argon2id$v=19$m=65536,t=3,p=4$...

made with `strategy-site add-user --users FILE anna --name ... --email ...`. Hashes are argon2-cffi's
(Argon2id with its recommended parameters); the file never holds a password.

Sessions live in this process (Sessions): the cookie only names one, so a logout, a new password or a person
removed from the users file ends it at once, and a restart ends them all. SessionCookies keeps a signed-in
session's cookie apart from the cookie of a page seen before signing in, so that no page an anonymous
request gets (a link followed from another site, say) can overwrite the signed-in cookie.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadData

HASHER = PasswordHasher()
FREE_FAILURES = 3  # failures before a wait is imposed
MAX_WAIT = 300.0  # seconds


class UsersFileError(Exception):
    """The users file cannot be read; the CLI prints it as 'Error: …'."""


@dataclass(frozen=True)
class User:
    user: str
    name: str
    email: str
    password: str  # the argon2 hash


def read_users(path: Path) -> dict[str, User]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsersFileError(f"{path}: cannot read the users file ({exc})") from None
    if not isinstance(data, list):
        raise UsersFileError(f"{path}: the users file must be a list of entries (user, name, email, password)")
    users = {}
    for index, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("user", "name", "email", "password")
        ):
            raise UsersFileError(
                f"{path}: entry {index} needs user, name, email and password (a hash made by 'strategy-site add-user')"
            )
        if not entry["password"].startswith("$argon2"):
            raise UsersFileError(
                f"{path}: entry {index} ({entry['user']}): the password is not an argon2 hash; "
                "set it with 'strategy-site add-user'"
            )
        users[entry["user"]] = User(entry["user"], entry["name"], entry["email"], entry["password"])
    if not users:
        raise UsersFileError(f"{path}: the users file has no users; add one with 'strategy-site add-user'")
    return users


def add_user(path: Path, user: str, name: str, email: str, password: str) -> None:
    """Add or replace a user in the users file (written through a temporary file and a rename)."""
    entries = [
        e
        for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or [] if path.exists() else [])
        if e.get("user") != user
    ]
    entries.append({"user": user, "name": name, "email": email, "password": HASHER.hash(password)})
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


class UsersFile:
    """The users file as the running editor sees it: read again whenever it changes on disk (add-user
    replaces it through a rename), so that a new password or a removed person counts at once, and their
    sessions end (Sessions.user). A file that cannot be read then is reported and the users already known
    are kept, so that a half-edited file never locks every person out."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        self._stamp = self._stat()
        self._users = read_users(path)

    def _stat(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def current(self) -> dict[str, User]:
        stamp = self._stat()  # one stat per request: microseconds
        if stamp != self._stamp:
            with self.lock:
                if stamp != self._stamp:
                    self._stamp = stamp
                    try:
                        self._users = read_users(self.path)
                    except UsersFileError as exc:
                        print(f"Warning: {exc}; the editor keeps the users it had.", file=sys.stderr, flush=True)
        return self._users


class Sessions:
    """Who is signed in, in this process only: a random id per login, carried by the (signed) session
    cookie and checked on every request against the users file as it is now. Logout forgets the id; a
    person removed from the file, or given a new password (a different hash), is signed out everywhere; a
    restart forgets them all. A replayed cookie of an ended session signs nobody in."""

    def __init__(self):
        self._live: dict[str, tuple[str, str]] = {}  # id -> (user, the password hash they signed in with)
        self.lock = threading.Lock()

    def start(self, user: User) -> str:
        sid = secrets.token_urlsafe(32)
        with self.lock:
            self._live[sid] = (user.user, user.password)
        return sid

    def user(self, sid: object, users: dict[str, User]) -> User | None:
        if not isinstance(sid, str):
            return None
        with self.lock:
            entry = self._live.get(sid)
            if entry is None:
                return None
            found = users.get(entry[0])
            if found is None or found.password != entry[1]:
                del self._live[sid]
                return None
        return found

    def end(self, sid: object) -> None:
        with self.lock:
            self._live.pop(sid, None)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, in two cookies: `session` for a signed-in person (written only by
    the login and the pages they then see, removed by the logout) and ANONYMOUS for everything before
    signing in (the login page's CSRF token, or the only session without a users file).

    Why two: the cookies are SameSite=Strict, so a link followed from another site (an e-mail, Teams)
    arrives without them. Had that request's answer written a fresh `session`, it would have replaced the
    signed-in one in every tab, and the next save of an open form would have been lost (review row 52).
    Such an answer now writes at most the anonymous cookie. `alive(sid)` says whether a signed-in session
    still stands (Sessions.user); one that does not is not used."""

    ANONYMOUS = "editor_anonymous"

    def __init__(self, alive: Callable[[str], bool]):
        self.alive = alive
        self.anonymous = SecureCookieSessionInterface()  # the same signing, under a salt of its own
        self.anonymous.salt = self.salt + "-anonymous"

    @staticmethod
    def _load(interface: SecureCookieSessionInterface, app, value: str | None) -> dict | None:
        if not value:
            return None
        try:
            data = interface.get_signing_serializer(app).loads(value)
        except BadData:  # a bad signature, or not ours at all: no session
            return None
        return data if isinstance(data, dict) else None

    def open_session(self, app, request):
        signed = self._load(self, app, request.cookies.get(self.get_cookie_name(app)))
        if signed is not None and isinstance(signed.get("sid"), str) and self.alive(signed["sid"]):
            return self.session_class(signed)
        anonymous = self._load(self.anonymous, app, request.cookies.get(self.ANONYMOUS)) or {}
        anonymous.pop("sid", None)
        return self.session_class(anonymous)

    def save_session(self, app, session, response) -> None:
        if "sid" in session:
            super().save_session(app, session, response)  # the signed-in cookie, when it changed
            return
        if session.accessed:
            response.vary.add("Cookie")
        if not session or not session.modified:
            return
        response.set_cookie(
            self.ANONYMOUS,
            self.anonymous.get_signing_serializer(app).dumps(dict(session)),
            httponly=self.get_cookie_httponly(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
        )

    def forget(self, app, response) -> None:
        """Remove the signed-in cookie (logout)."""
        response.delete_cookie(
            self.get_cookie_name(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            httponly=self.get_cookie_httponly(app),
        )


class Throttle:
    """Failed logins, counted per key: after FREE_FAILURES, each further try must wait twice as long as the
    last (1 s, 2 s, 4 s … up to MAX_WAIT), and a try made earlier is refused unchecked. The editor counts
    per client address (all names tried from there) and per user name at that address: a name tried by
    someone elsewhere never makes its owner wait (review rows 46, 47)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.failures: dict[str, tuple[int, float]] = {}  # key -> (failures, when the last one was)
        self.lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds to wait before the next try (0: try now)."""
        now = self.clock()
        with self.lock:
            waits = [when + self._delay(count) - now for count, when in (self.failures.get(k, (0, 0.0)) for k in keys)]
        return max([0.0] + waits)

    def failed(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                count, _ = self.failures.get(key, (0, 0.0))
                self.failures[key] = (count + 1, self.clock())

    def succeeded(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                self.failures.pop(key, None)

    @staticmethod
    def _delay(count: int) -> float:
        return 0.0 if count < FREE_FAILURES else min(MAX_WAIT, 2.0 ** (count - FREE_FAILURES))


def verify(users: dict[str, User], user: str, password: str) -> User | None:
    """The user when the password matches; a hash is checked even for an unknown name, so timing tells nothing."""
    found = users.get(user)
    try:
        HASHER.verify(found.password if found else _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return found


_DUMMY = HASHER.hash("not a password of anyone")
