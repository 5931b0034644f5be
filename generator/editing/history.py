"""The history of a page's content: the commits that touched its files, with who made them and when, newest
first, read from git (`git log`), so that staff can see what was published and by whom without git.

Every publish from the editor commits content/ with the staff member as the author (publishing.py, commits.py); a
project that is not a git repository has no history, and says so rather than showing an empty list as if
nothing had ever changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import BuildFailed
from ..pipeline import Project
from .commits import git  # ends with the editor, never waits for input

LIMIT = 20  # commits shown: a page's recent history; the rest is in git
SEP = "\x1f"  # between the fields of a line of `git log`: a character no name or subject holds


@dataclass(frozen=True)
class Entry:
    """One commit that touched the files."""

    commit: str
    author: str
    when: dt.datetime  # the author date, with the offset it was recorded in
    subject: str


@dataclass
class History:
    """The commits, newest first; `tracked` False when the project is not in a git repository (or git is missing)."""

    tracked: bool
    entries: list[Entry] = field(default_factory=list)


def of_files(project: Project, files: list[str], limit: int = LIMIT) -> History:
    """The last `limit` commits touching any of `files` (paths under the project root, e.g. content/fi/x.md);
    a file's renames are not followed (`--follow` takes one path only; an update's and an item's files keep
    their names)."""
    try:
        inside = git(project, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return History(False)
        done = git(
            project, "log", f"-n{limit}", f"--format=%H{SEP}%an{SEP}%ad{SEP}%s", "--date=iso-strict", "--", *files
        )
    except BuildFailed:  # git hung (commits.git stops it)
        return History(False)
    if done.returncode != 0:  # a repository without commits yet
        return History(True)
    entries = []
    for line in done.stdout.splitlines():
        parts = line.split(SEP)
        if len(parts) == 4:
            entries.append(Entry(parts[0], parts[1], dt.datetime.fromisoformat(parts[2]), parts[3]))
    return History(True, entries)


def earlier_value(
    project: Project, path: str, value_of: Callable[[str], str | None], now: str, limit: int = LIMIT
) -> str | None:
    """What a value in a file (`value_of(text)` reads it from the file's text) was before it became `now`: the
    value in the newest committed version of the file (`path` under the project root) in which it differs;
    None where git has no such version. A "check the translation" mark says when the other language changed;
    this is what it said before, which a translator compares with."""
    for entry in of_files(project, [path], limit).entries:
        try:
            shown = git(project, "show", f"{entry.commit}:{path}")
        except BuildFailed:
            return None
        if shown.returncode != 0:
            continue  # the file did not exist in that commit
        value = value_of(shown.stdout)
        if value is not None and " ".join(value.split()) != " ".join(now.split()):
            return value
    return None
