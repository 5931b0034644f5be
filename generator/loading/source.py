"""The content files as read: the folder, the errors found so far, and each YAML file's data with its lines.

Every check of the loading stage works on one `Source`, so that a file is read once and each error names the
file and line where the mistake is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import models as m
from ..contents import LANGUAGE_NAMES
from ..errors import ContentError, ErrorList
from ..readers import LDict, read_yaml, refuse_link
from .places import locate, suggest


def languages_in(site: Any) -> list[str]:
    """The languages site.yml's data lists, first the one the site shows first; the model's languages when
    the file is missing, unreadable or lists none (its own error says so where it is checked)."""
    langs = site.get("languages") if isinstance(site, dict) else None
    if isinstance(langs, list) and langs and all(isinstance(lang, str) for lang in langs):
        return list(langs)
    return list(m.LANGUAGES)


def site_languages(content_dir: Path) -> list[str]:
    """The site's languages read from content/site.yml without validating it: for the editor and the import of
    a round, which need the languages before (or without) loading the whole content."""
    path = content_dir / "site.yml"
    data = read_yaml(path, ErrorList(content_dir.parent)) if path.is_file() and not path.is_symlink() else None
    return languages_in(data)


class Source:
    """content/ as read so far: its folder, the errors found, and each YAML file's data (with lines) by path."""

    def __init__(self, root: Path):
        self.root = root
        self.errors = ErrorList(root.parent)
        self.raw: dict[Path, Any] = {}
        self.peeked: dict[Path, Any] = {}  # words files read ahead of their own loading, errors not kept (typos.py)

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    def yaml(self, *parts: str) -> Any:
        """A YAML file's data, kept for the line of each value; None (and an error) when it is missing or broken."""
        path = self.path(*parts)
        if not path.exists():
            self.errors.add(path, None, "missing-file", "the file is missing", "create it (see README: Content files)")
            return None
        data = read_yaml(path, self.errors)
        self.raw[path] = data
        return data

    def line_of(self, file: str, *loc: Any) -> int | None:
        return locate(self.raw.get(self.path(*file.split("/"))), loc)

    def first_language(self) -> str:
        """The language whose words the others are checked against, as site.yml lists it (read, not validated)."""
        return languages_in(self.raw.get(self.path("site.yml")))[0]

    def check_twins(
        self,
        path: Path,
        raw: LDict,
        ids: list[str],
        what: str,
        line: int | None = None,
        reference: str = "the language-neutral content",
    ) -> None:
        """Every neutral id has words here, and every id here is a neutral id."""
        lang = path.relative_to(self.root).parts[0]
        for id_ in ids:
            if id_ not in raw:
                self.errors.add(
                    path,
                    line or getattr(raw, "line", None),
                    "missing-translation",
                    f"{what}no {LANGUAGE_NAMES.get(lang, lang)} words for '{id_}'",
                    f"add '{id_}:' with its {LANGUAGE_NAMES.get(lang, lang)} text",
                )
        for key in raw:
            if key not in ids:
                self.errors.add(
                    path,
                    raw.lines[key],
                    "unknown-id",
                    f"{what}unknown id '{key}'",
                    f"it is not in {reference}; {suggest(key, ids)}",
                )


def symlinks(root: Path) -> list[ContentError]:
    """Every symbolic link in content/ (content/ itself included), to a file or a folder, inside or outside, as an
    error naming it (readers.refuse_link says why); a linked folder is not looked into."""
    errors = ErrorList(root.parent)

    def walk(folder: Path, rel: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_symlink():
                refuse_link(errors, f"{rel}/{entry.name}", entry.is_dir())
            elif entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), f"{rel}/{entry.name}")

    if root.is_symlink():
        refuse_link(errors, root.name, True)
    elif root.is_dir():
        walk(root, root.name)
    return errors.errors
