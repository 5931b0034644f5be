"""Saving the words of one item in every language at once, and pointing each error the build finds at the field
of the form it is about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import loading, translations
from ..errors import ContentError, ErrorList
from ..pipeline import Project
from ..readers import LDict, parse_yaml, split_front_matter
from .files import Item, clean, languages, values, version
from .marks import marks, marks_text, remark
from .roundtrip import markdown_text, set_yaml_values
from .staging import LOCK, FieldError, Result, validate, write


def save_item(
    project: Project,
    it: Item,
    new: dict[str, dict[str, str]],
    confirmed: set[tuple[str, str]],
    seen: str,
    today: dt.date,
) -> Result:
    """Save the words of one item in every language, refused when the item changed since the form was made
    (`seen`), or when the content would not validate; marks the other language's words of changed fields."""
    langs = languages(project)
    with LOCK:
        current = {lang: values(project, lang, it) for lang in langs}
        if version(current) != seen:
            return Result(False, conflict=True)
        changed = {
            (lang, f)
            for lang in langs
            for f in it.fields
            if f not in it.read_only and f in new.get(lang, {}) and clean(new[lang][f]) != clean(current[lang][f])
        }
        typed = {lang: {f: clean(new[lang][f]) for (lg, f) in changed if lg == lang} for lang in langs}
        files = _changed_files(project, it, current, typed)
        entries = marks(project)
        after = remark(entries, it.file, it.id, changed, confirmed, langs, today)
        if after != entries:
            files[translations.MARKS_FILE] = marks_text(after)
        if not files:
            return Result(True)
        content, errors = validate(project, files)
        if errors:
            return Result(False, errors=[_at_field(e, it, files) for e in errors])
        return Result(True, written=write(project, files), changed=sorted(changed), content=content)


def _changed_files(
    project: Project, it: Item, current: dict[str, dict[str, str]], fields: dict[str, dict[str, str]]
) -> dict[str, str | None]:
    """The new text of each language's file whose fields changed (`fields`: lang -> field -> new value)."""
    files: dict[str, str | None] = {}
    for lang, changed in fields.items():
        if not changed:
            continue
        path = project.content / lang / it.file
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if it.file.startswith("pages/"):
            merged = current[lang] | changed
            files[f"{lang}/{it.file}"] = markdown_text(
                text, {k: merged[k] for k in ("title", "description")}, merged["body"]
            )
        else:
            paths = {translations.field_path(it.id, f): v for f, v in changed.items()}
            files[f"{lang}/{it.file}"] = set_yaml_values(text or "", paths)
    return files


def _at_field(error: ContentError, it: Item, files: dict[str, str | None]) -> FieldError:
    """The field of the form an error is about: the one whose key is on the error's line (or the nearest
    above it) in the changed file, else the form as a whole."""
    for rel, text in files.items():
        if error.file != f"content/{rel}" or text is None or rel == translations.MARKS_FILE:
            continue
        lang = rel.split("/")[0]
        lines = field_lines(text, it) if error.line else {}
        best = None
        for name, line in sorted(lines.items(), key=lambda kv: kv[1]):
            if line <= (error.line or 0):
                best = name
        return FieldError(lang, best, error)
    return FieldError(None, None, error)


def field_lines(text: str, it: Item) -> dict[str, int]:
    """The line of each field of the item in a words file's text."""
    if it.file.startswith("pages/"):
        split = split_front_matter(text)
        if split is None:
            return {}
        meta = parse_yaml(split.front, Path(it.file), ErrorList(Path(".")), first_line=2)
        lines = {k: v for k, v in (meta.lines.items() if isinstance(meta, LDict) else []) if k in it.fields}
        return lines | {"body": split.body_line}
    data = parse_yaml(text, Path(it.file), ErrorList(Path(".")))
    return {f: line for f in it.fields if (line := loading.locate(data, translations.field_path(it.id, f)))}
