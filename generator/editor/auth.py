"""Who may use the editor: a users file of argon2 password hashes, and a login that slows down on failures.

The users file is YAML, one entry per person:

    - user: anna
      name: Anna Andersson
      email: anna.andersson@kokkola.fi
      password: $argon2id$v=19$m=65536,t=3,p=4$...

made with `strategy-site add-user --users FILE anna --name ... --email ...`. Hashes are argon2-cffi's
(Argon2id with its recommended parameters); the file never holds a password.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

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
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k] for k in ("user", "name", "email", "password")):
            raise UsersFileError(f"{path}: entry {index} needs user, name, email and password (a hash made by "
                                 "'strategy-site add-user')")
        if not entry["password"].startswith("$argon2"):
            raise UsersFileError(f"{path}: entry {index} ({entry['user']}): the password is not an argon2 hash; "
                                 "set it with 'strategy-site add-user'")
        users[entry["user"]] = User(entry["user"], entry["name"], entry["email"], entry["password"])
    if not users:
        raise UsersFileError(f"{path}: the users file has no users; add one with 'strategy-site add-user'")
    return users


def add_user(path: Path, user: str, name: str, email: str, password: str) -> None:
    """Add or replace a user in the users file (written through a temporary file and a rename)."""
    entries = [e for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or [] if path.exists() else []) if e.get("user") != user]
    entries.append({"user": user, "name": name, "email": email, "password": HASHER.hash(password)})
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


class Throttle:
    """Failed logins per user name and per client address: after FREE_FAILURES, each further try must wait
    twice as long as the last (1 s, 2 s, 4 s … up to MAX_WAIT), and a try made earlier is refused unchecked."""

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
