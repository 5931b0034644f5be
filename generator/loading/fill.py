"""The texts still to be written: a project made by `strategy-site init` holds the city's texts as
instructions that begin with its language's fill mark ('[Täytä]', '[Fyll i]': ui.yml's `fill_mark`).
They build, so that the first site exists at once, and are shown as what they are, never as finished text;
`strategy-site check` lists each as a warning with its file and line until the city has written it.
"""

from __future__ import annotations

from typing import Any

from ..errors import ContentError
from ..readers import LDict, LList
from .source import Source


def fill_warnings(src: Source, marks: dict[str, str]) -> list[ContentError]:
    """A warning for each text of the YAML files read that begins with a fill mark: a language's own mark in
    its folder's files, any language's in the language-neutral files."""
    found = []
    for path in sorted(src.raw):
        rel = path.relative_to(src.root)
        lang_marks = [marks[rel.parts[0]]] if len(rel.parts) > 1 and rel.parts[0] in marks else list(marks.values())
        for field, line, text in _texts(src.raw[path], (), getattr(src.raw[path], "line", None)):
            mark = next((m for m in lang_marks if text.lstrip().startswith(m)), None)
            if mark is None:
                continue
            found.append(
                ContentError(
                    src.errors.rel(path),
                    line,
                    "fill-in",
                    f"{'.'.join(field)}: still to be written: {_short(text)}",
                    f"write the city's own text in place of the instruction (and without {mark})",
                )
            )
    return found


def _texts(data: Any, field: tuple[str, ...], line: int | None):
    """Every string in `data` with its field path and line."""
    if isinstance(data, str):
        yield field, line, data
    elif isinstance(data, dict):
        lines = data.lines if isinstance(data, LDict) else {}
        for key, value in data.items():
            yield from _texts(value, (*field, str(key)), lines.get(key, line))
    elif isinstance(data, list):
        lines = data.lines if isinstance(data, LList) else []
        for index, value in enumerate(data):
            yield from _texts(value, (*field, str(index + 1)), lines[index] if index < len(lines) else line)


def _short(text: str, length: int = 70) -> str:
    """The instruction as a person recognises it in the file: its start, on one line."""
    one = " ".join(text.split())
    return f"'{one}'" if len(one) <= length else f"'{one[: length - 1]}…'"
