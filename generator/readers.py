"""Stage 1: read content files into plain Python data that remembers where each value came from.

Nothing here knows the content model; it only turns bytes into data with line numbers, or into a
ContentError that names the file and line. Mappings and lists carry `.line` (their own line) and
`.lines` (the line of each key or item), so later stages can point at the exact place of a mistake.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ErrorList


class LDict(dict):
    """A mapping read from YAML, with the line of each key."""

    line: int = 0
    lines: dict


class LList(list):
    """A list read from YAML, with the line of each item."""

    line: int = 0
    lines: list


class DuplicateKey(Exception):
    def __init__(self, key: Any, line: int):
        super().__init__(key)
        self.key, self.line = key, line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when installed: several times faster) that records line numbers and rejects
    duplicate keys (PyYAML keeps the last one silently)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    data = LDict()
    data.line, data.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            raise DuplicateKey(key, key_node.start_mark.line + 1)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1
    return data


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    data = LList(loader.construct_object(child, deep=True) for child in node.value)
    data.line, data.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings here: the models parse them, so a bad date gets the model's clear message.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def refuse_link(errors: ErrorList, rel: str, folder: bool) -> None:
    """A symbolic link in content/ (`rel`, e.g. content/fi/pages/x.md) as the error that refuses it: the site is
    built only from content/, and a link can point anywhere (it would publish any file the build can read, and
    git would commit the link, not the file)."""
    errors.add(
        rel,
        None,
        "symlink",
        "is a symbolic link: the site is built only from the files inside content/",
        f"replace it with the {'folder' if folder else 'file'} itself, inside content/",
    )


def _link_on_the_way(path: Path, root: Path) -> Path | None:
    """The first symbolic link from below `root` down to `path` (the file itself included), or None; only the
    file itself is looked at when it is not under `root`."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return path if path.is_symlink() else None
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def read_text(path: Path, errors: ErrorList) -> str | None:
    """The file as text; a file that is not UTF-8 is an error that says where the first bad byte is. A file
    reached through a symbolic link is never read (see `refuse_link`)."""
    link = _link_on_the_way(path, errors.root)
    if link is not None:
        try:
            rel = link.relative_to(errors.root).as_posix()
        except ValueError:
            rel = link.as_posix()
        refuse_link(errors, rel, link.is_dir())
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.add(
            path, None, "unreadable", f"cannot read the file ({exc.strerror})", "check that it exists and is readable"
        )
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.add(
            path,
            line,
            "not-utf8",
            f"the file is not UTF-8 text (byte {raw[exc.start]:#04x})",
            "save the file as UTF-8 in your editor",
        )
        return None


def parse_yaml(text: str, path: Path, errors: ErrorList, first_line: int = 1) -> Any:
    """YAML text to data; a syntax error or a repeated key becomes a ContentError."""
    text = "\n" * (first_line - 1) + text  # so that every line number is the file's own
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKey as exc:
        errors.add(
            path, exc.line, "duplicate-key", f"the key '{exc.key}' appears twice", "remove or rename one of them"
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        errors.add(
            path,
            line,
            "yaml-syntax",
            f"malformed YAML: {problem}",
            "check indentation, colons and quotes on this line or the one before",
        )
    except yaml.YAMLError as exc:
        errors.add(path, None, "yaml-syntax", f"malformed YAML: {exc}", "check the file's YAML syntax")
    return None


def read_yaml(path: Path, errors: ErrorList) -> Any:
    text = read_text(path, errors)
    return None if text is None else parse_yaml(text, path, errors)


@dataclass
class MarkdownFile:
    """A Markdown file with YAML front matter; `body_line` is the line where the body starts."""

    path: Path
    meta: Any
    body: str
    body_line: int


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown text cut at its front matter: the YAML between the '---' lines (it starts on line 2), the body,
    and the line where the body starts."""

    front: str
    body: str
    body_line: int


def split_front_matter(text: str) -> FrontMatter | None:
    """The text's front matter and body; None when it does not start with a '---' line or the front matter is
    not closed by another (the build reads and the editor writes a Markdown file by this one rule)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    return FrontMatter(text[4 : end + 1], text[end + 5 :], text[: end + 5].count("\n") + 1)


def read_markdown(path: Path, errors: ErrorList) -> MarkdownFile | None:
    text = read_text(path, errors)
    if text is None:
        return None
    if not text.startswith("---\n"):
        errors.add(
            path,
            1,
            "front-matter",
            "the file does not start with front matter",
            "put a '---' line, the YAML fields and another '---' line at the top",
        )
        return None
    split = split_front_matter(text)
    if split is None:
        errors.add(
            path,
            1,
            "front-matter",
            "the front matter is not closed",
            "end the YAML fields with a line of three dashes '---'",
        )
        return None
    meta = parse_yaml(split.front, path, errors, first_line=2)
    return MarkdownFile(path, meta, split.body, split.body_line)


@dataclass
class CsvTable:
    """A CSV file: its header and its rows, each row with its line number."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_csv(path: Path, errors: ErrorList, number_column: str | None = None) -> CsvTable | None:
    """Rows with their line numbers; `number_column` names the column where an unquoted decimal comma
    (7,8) would split the value into two cells, so that mistake gets its own message."""
    text = read_text(path, errors)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) == len(header) + 1 and number_column in header:
                at = header.index(number_column)
                value, rest = cells[at].strip(), cells[at + 1].strip()
                split = f"{value},{rest}" if value.lstrip("-").isdigit() and rest.isdigit() else None
                if split:
                    errors.add(
                        path,
                        line,
                        "decimal-comma",
                        f"the value '{split}' has a decimal comma, which splits it into two cells",
                        f"write it with a decimal point: {split.replace(',', '.')}",
                    )
                    continue
            if len(cells) != len(header):
                errors.add(
                    path,
                    line,
                    "csv-columns",
                    f"the row has {len(cells)} cells but the header has {len(header)}",
                    "check for a missing or extra comma; quote a value that contains a comma",
                )
                continue
            rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as exc:
        errors.add(path, reader.line_num, "csv-syntax", f"malformed CSV: {exc}", "check the quotes on this line")
        return None
    return CsvTable(path, header, rows)
