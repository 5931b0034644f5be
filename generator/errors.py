"""Content errors as data: a fixed code, the place (file, line, field) and what to do.

Errors are collected for a whole run and reported together, one line each, so that a staff member
fixes every mistake in one round instead of one per rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in the content, with its place and the fix."""

    file: str
    line: int | None
    code: str
    message: str
    hint: str = ""
    column: str | None = None  # the column of a table row (snapshots), where known
    place: str | None = None  # where the mistake is when a line does not say it (a spreadsheet's sheet, row and cell)

    def __str__(self) -> str:
        place = self.place or (self.file if self.line is None else f"{self.file}:{self.line}")
        text = f"{place}: {self.message} [{self.code}]"
        return f"{text} – {self.hint}" if self.hint else text


SHOWN = 50  # errors listed one by one (the CLI, the editor's round page); the rest are counted
KEPT = 1000  # errors an ErrorList keeps: a file with an error on each of 350 000 rows costs no 350 000 objects


def count(n: int) -> str:
    """A count in an English message with its thousands apart, as staff write them: 349 525."""
    return f"{n:,}".replace(",", " ")


class ContentErrors(Exception):
    """Raised once at the end of a stage that found one or more content errors; `more`: errors found beyond
    those kept (ErrorList.kept), counted only, so that `total` is every error found."""

    def __init__(self, errors: list[ContentError], more: int = 0):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.code, e.message))
        self.more = more
        self.total = len(self.errors) + more
        super().__init__(f"{self.total} error(s) in the content")


@dataclass
class ErrorList:
    """Collects errors of one stage; `raise_if_any` stops the run once, with all of them."""

    root: Path
    errors: list[ContentError] = field(default_factory=list)
    kept: int = KEPT  # errors kept; those after are only counted (dropped): no one reads more than the first ones
    dropped: int = 0

    def add(
        self, path: Path | str, line: int | None, code: str, message: str, hint: str = "", column: str | None = None
    ) -> None:
        """`path` is a file's Path, or a str already made relative by `rel` (saves resolving it per CSV row)."""
        if len(self.errors) >= self.kept:
            self.dropped += 1
            return
        self.errors.append(
            ContentError(path if isinstance(path, str) else self.rel(path), line, code, message, hint, column)
        )

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors, self.dropped)

    def __bool__(self) -> bool:
        return bool(self.errors)


class BuildFailed(Exception):
    """MkDocs could not build a language, or a build process died; the previous docs/ and site/ are untouched."""
