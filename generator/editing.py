"""What staff change through the editor, as operations on content/ that any front end calls (the browser editor
in generator/editor/, tests): the words of every item side by side in every language, updates, and
"check the translation" marks.

Every change is validated before a byte is written: the changed files are put into a copy of content/ (hard
links, so it costs next to nothing) and the copy is loaded by the same `contents.load` as `strategy-site check`;
only when that passes are the files replaced, each through a temporary file and a rename. YAML is rewritten
with ruamel.yaml's round trip, so comments, key order and layout stay and `git diff` shows only the changed
value. Each form carries a version (a hash of what it showed); a save whose item changed meanwhile is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import contents, translations, updates
from .errors import ContentError, ContentErrors, ErrorList
from .pipeline import Project
from .readers import LDict, parse_yaml, read_markdown, read_yaml

WORD_FILES = ("strategy.yml", "metrics.yml", "sources.yml", "glossary.yml", "accessibility.yml", "ui.yml")
PAGE_FIELDS = ("title", "description", "body")
UPDATE_FIELDS = ("slug", "title", "summary", "body")
READ_ONLY_KEYS = {"slug", "locale"}  # a published URL never changes; the locale is the language itself
FOLD_AT = 110  # a long text is written as a folded block of lines this long, as the shipped files are

LOCK = threading.RLock()  # one change at a time: check the version, validate, write (and publish)


class EditError(Exception):
    """A request the content cannot take (an unknown file or item, a path outside content/)."""


# ---------------------------------------------------------------- items and their fields


@dataclass(frozen=True)
class Item:
    """One item of a words file: its fields in the file's order (dotted keys below the item)."""

    file: str
    id: str
    fields: tuple[str, ...]
    read_only: frozenset[str] = frozenset()


def word_files(project: Project, lang: str) -> list[str]:
    """The words files of a language: the YAML files, then the pages (never a page that is a symbolic link, or
    one in a linked folder: its words could come from anywhere; `strategy-site check` names it)."""
    folder = project.content / lang / "pages"
    linked = any(p.is_symlink() for p in (project.content, project.content / lang, folder))
    pages = [] if linked else sorted(f"pages/{p.name}" for p in folder.glob("*.md") if not p.is_symlink())
    return list(WORD_FILES) + pages


def check_file(project: Project, file: str) -> str:
    if file not in word_files(project, first_language(project)):
        raise EditError(f"no words file '{file}'")
    return file


def first_language(project: Project) -> str:
    return languages(project)[0]


def languages(project: Project) -> list[str]:
    return list(_read_yaml(project.content / "site.yml").get("languages") or ["fi", "sv"])


def _leaves(data: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        if isinstance(value, str):
            out.append(prefix + str(key))
        elif isinstance(value, dict):
            out += _leaves(value, f"{prefix}{key}.")
    return out


def items(project: Project, file: str) -> list[Item]:
    """The items of a words file, as the first language's file has them: its top-level words ('general'), each
    section of plain words (e.g. situation), each entry of a section of entries (themes.vitality)."""
    check_file(project, file)
    if file.startswith("pages/"):
        return [Item(file, Path(file).stem, PAGE_FIELDS)]
    data = _read_yaml(project.content / first_language(project) / file)
    found = []
    general = tuple(str(k) for k, v in data.items() if isinstance(v, str))
    if general:
        found.append(Item(file, translations.GENERAL, general, frozenset(general) & READ_ONLY_KEYS))
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        if all(not isinstance(v, dict) for v in value.values()):
            fields = tuple(str(k) for k, v in value.items() if isinstance(v, str))
            only = frozenset(fields) if key == "slugs" else frozenset(fields) & READ_ONLY_KEYS
            found.append(Item(file, str(key), fields, only))
            continue
        plain = tuple(str(k) for k, v in value.items() if isinstance(v, str))
        if plain:
            found.append(Item(file, str(key), plain))
        for sub, entry in value.items():
            if isinstance(entry, dict):
                fields = tuple(_leaves(entry))
                found.append(Item(file, f"{key}.{sub}", fields, frozenset(fields) & READ_ONLY_KEYS))
    return found


def item(project: Project, file: str, item_id: str) -> Item:
    for found in items(project, file):
        if found.id == item_id:
            return found
    raise EditError(f"no item '{item_id}' in {file}")


def values(project: Project, lang: str, it: Item, data: dict | None = None) -> dict[str, str]:
    """The item's words in one language ('' where a field has none); `data`: the words file already read
    (`read_words`), for a page that shows many items of one file."""
    path = project.content / lang / it.file
    if it.file.startswith("pages/"):
        md = read_markdown(path, ErrorList(project.root)) if path.is_file() else None
        meta = md.meta if md and isinstance(md.meta, dict) else {}
        return {"title": str(meta.get("title") or ""), "description": str(meta.get("description") or ""),
                "body": md.body.strip() if md else ""}
    data = _read_yaml(path) if data is None else data
    return {f: translations.lookup(data, translations.field_path(it.id, f)) or "" for f in it.fields}


def read_words(project: Project, lang: str, file: str) -> dict:
    """A YAML words file as data ({} for a page, whose words `values` reads itself)."""
    return {} if file.startswith("pages/") else _read_yaml(project.content / lang / file)


def version(words: dict[str, dict[str, str]]) -> str:
    """What a form showed, as a short hash: a save made from an older version is refused."""
    return hashlib.sha256(json.dumps(words, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def item_version(project: Project, it: Item) -> str:
    return version({lang: values(project, lang, it) for lang in languages(project)})


def _read(path: Path):
    """A YAML file as data by the build's reader (None when it is missing); a file that is not UTF-8 or not YAML
    is a ContentErrors with its place, never a traceback."""
    errors = ErrorList(next((p.parent for p in path.parents if p.name == "content"), path.parent))
    data = read_yaml(path, errors) if path.is_file() else None
    if errors:
        raise ContentErrors(errors.errors)
    return data


def _read_yaml(path: Path) -> dict:
    data = _read(path)
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------- round-trip YAML


def _yaml():
    from ruamel.yaml import YAML

    rt = YAML()
    rt.width = 4096  # never re-wrap a line that was not changed
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=2, offset=0)
    return rt


def _styled(value: str, old: Any):
    """The new text in the style of the old one: a folded block stays a folded block (wrapped at FOLD_AT), a
    quoted string stays quoted; a long new text becomes a folded block, one with line breaks a literal one."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, FoldedScalarString) or (len(value) > FOLD_AT and not isinstance(old, LiteralScalarString)):
        folded = FoldedScalarString(value)
        folded.fold_pos = _folds(value)
        return folded
    if isinstance(old, str) and type(old) is not str and not isinstance(old, LiteralScalarString):
        return type(old)(value)  # single- or double-quoted
    return value


def _folds(value: str) -> list[int]:
    """Where a folded block breaks its lines: at the last space before a line would pass FOLD_AT."""
    folds, start, last = [], 0, None
    spaces = [m.start() for m in re.finditer(" ", value) if value[m.start() + 1:m.start() + 2] not in (" ", "")
              and value[m.start() - 1:m.start()] != " "]
    for at in spaces + [len(value)]:
        if at - start > FOLD_AT and last is not None and last > start:
            folds.append(last)
            start = last + 1
        last = at
    return folds


def set_yaml_values(text: str, changes: dict[tuple[str, ...], str]) -> str:
    """The YAML text with the values at the given key paths replaced, everything else as it was. Only the
    top-level block that holds a change goes through the round trip (a large words file has a thousand of them:
    the whole file would take a second); a block is the lines from its key at the start of a line to the next."""
    by_block: dict[str, dict[tuple[str, ...], str]] = {}
    for keys, value in changes.items():
        by_block.setdefault(keys[0], {})[keys] = value
    for key, block_changes in by_block.items():
        found = re.search(rf"^{re.escape(key)}:.*(?:\n(?:[ #].*|)$)*\n?", text, re.MULTILINE)
        if found is None or not re.fullmatch(r"[A-Za-z0-9_-]+", key):
            return _round_trip(text, changes)  # a new top-level key, or one written unusually: the whole file
        block = found.group(0)
        tail = block[len(block.rstrip("\n")):]  # blank lines after the block stay where they are
        text = text[: found.start()] + _round_trip(block.rstrip("\n") + "\n", block_changes).rstrip("\n") + tail + text[found.end():]
    return text


def _round_trip(text: str, changes: dict[tuple[str, ...], str]) -> str:
    from ruamel.yaml.comments import CommentedMap

    rt = _yaml()
    data = rt.load(text)
    for keys, value in changes.items():
        node = data
        for key in keys[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = CommentedMap()
            node = node[key]
        node[keys[-1]] = _styled(value, node.get(keys[-1]))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def markdown_text(text: str | None, meta: dict[str, str], body: str) -> str:
    """A Markdown file with front matter: the front matter's fields replaced by round trip (or written anew as
    `updates.words_text` writes them), the body as given."""
    if text is None or not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return updates.words_text(meta, body)
    end = text.find("\n---\n", 3)
    front = set_yaml_values(text[4:end + 1], {(k,): v for k, v in meta.items()})
    return "---\n" + front + "---\n\n" + (body.strip() + "\n" if body.strip() else "")


def clean(text: str) -> str:
    """A value as a form sent it: the browser's line ends, and no stray spaces around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# ---------------------------------------------------------------- validated, atomic writes


@dataclass
class FieldError:
    """A content error shown at a field of the form (lang and field None: shown above the form)."""

    lang: str | None
    field: str | None
    error: ContentError
    anchor: str | None = None  # the id of the element to link to, where it is not the field's (a table cell)


@dataclass
class Result:
    """What a save did: written files, or why nothing was written."""

    ok: bool
    conflict: bool = False
    errors: list[FieldError] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # paths under the project root
    changed: list[tuple[str, str]] = field(default_factory=list)  # (lang, field)
    id: str | None = None
    content: contents.Content | None = None


def inside_content(project: Project, rel: str) -> Path:
    """The path of a file under content/, refused when it would be anywhere else (`..`, an absolute path) or
    when any step of the way is a symbolic link, wherever it points (content/ itself included): a link can
    point anywhere, so a read or a write through it would reach outside content/. Only content/ is written."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or any(part in ("..", ".", "") for part in parts) or "\0" in rel:
        raise EditError(f"'{rel}' is not a file inside content/")
    steps = [project.content]
    for part in parts:
        steps.append(steps[-1] / part)
    if any(step.is_symlink() for step in steps):
        raise EditError(f"'{rel}' is not a file inside content/ (a symbolic link is on its way)")
    base = project.content.resolve()
    path = (base / rel).resolve()
    if path == base or base not in path.parents:
        raise EditError(f"'{rel}' is not a file inside content/")
    return path


def stage(project: Project, files: dict[str, str | None]) -> Path:
    """A copy of content/ with `files` (paths under content/; None deletes) changed, in a new folder under
    .editor/ that the caller removes. Unchanged files are hard links: the copy costs next to nothing. A content/
    that holds a symbolic link is not copied at all (ContentErrors naming each link, as `strategy-site check`
    does): a hard link made through it, or the link itself, would let the copy read outside content/; a link
    made meanwhile is copied as a link, which the loader refuses without reading it."""
    for rel in files:
        inside_content(project, rel)
    linked = contents.symlinks(project.content)
    if linked:
        raise ContentErrors(linked)
    work = project.root / ".editor"
    work.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="stage-", dir=work))
    try:
        shutil.copytree(project.content, folder / "content", symlinks=True, copy_function=os.link)
    except OSError:  # another file system, or no hard links: copy
        shutil.rmtree(folder / "content", ignore_errors=True)
        shutil.copytree(project.content, folder / "content", symlinks=True)
    for rel, text in files.items():
        path = folder / "content" / rel
        if path.exists():
            path.unlink()  # never write through a hard link into content/
        if text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return folder


def validate(project: Project, files: dict[str, str | None]) -> tuple[contents.Content | None, list[ContentError]]:
    """The content as it would be with `files` changed, loaded and checked as `strategy-site check` loads it."""
    try:
        folder = stage(project, files)
    except ContentErrors as exc:  # a symbolic link in content/
        return None, exc.errors
    try:
        return contents.load(folder / "content"), []
    except ContentErrors as exc:
        return None, exc.errors
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_WRITTEN = threading.local()  # what the last `write` of each thread wrote (`last_written`)


def last_written() -> list[str]:
    """The files the last `write` of the calling thread wrote, once (then []). A save records what it changed
    right after writing it, in the same request's thread (publishing.record), so the next publish knows which
    changed files the editor's own entries account for and names every other one (a round imported with the
    CLI, a hand edit) in its commit message, without the web layer having to pass the files along."""
    files = getattr(_WRITTEN, "files", [])
    _WRITTEN.files = []
    return files


def write(project: Project, files: dict[str, str | None]) -> list[str]:
    """Write each file through a temporary file in its folder and a rename (None deletes it); every path is
    checked (`inside_content`) before the first is written."""
    paths = {rel: inside_content(project, rel) for rel in files}
    written = []
    _WRITTEN.files = written
    for rel, text in sorted(files.items()):
        path = paths[rel]
        if text is None:
            if path.exists():
                path.unlink()
                written.append(f"content/{rel}")
            continue
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(f"content/{rel}")
    return written


# ---------------------------------------------------------------- "check the translation" marks


def marks(project: Project) -> list[dict]:
    path = project.content / translations.MARKS_FILE
    data = _read(path)
    return [dict(entry, since=str(entry.get("since"))) for entry in data if isinstance(entry, dict)] if isinstance(data, list) else []


def marks_text(entries: list[dict]) -> str | None:
    """The marks file for these entries (None: no marks left, the file goes)."""
    if not entries:
        return None
    order = ("lang", "file", "item", "field", "changed_in", "since")
    rows = sorted(({k: e[k] for k in order} | {"since": dt.date.fromisoformat(str(e["since"]))} for e in entries),
                  key=lambda e: tuple(e[k] for k in order[:4]))
    return translations.HEADER + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)


def marked(project: Project, it: Item) -> set[tuple[str, str]]:
    """(lang, field) of the item's words marked "check the translation"."""
    return {(e["lang"], e["field"]) for e in marks(project) if e.get("file") == it.file and e.get("item") == it.id}


def remark(entries: list[dict], file: str, item_id: str, changed: set[tuple[str, str]], confirmed: set[tuple[str, str]],
           langs: list[str], today: dt.date) -> list[dict]:
    """The marks after a save: words saved or confirmed lose their mark; where one language's words changed
    and another's did not, the other's are marked, unless the change answered a mark (a translation brought
    up to date is not a new text to translate back)."""
    cleared = changed | confirmed
    answered = {(e["lang"], e["field"]) for e in entries if e["file"] == file and e["item"] == item_id}
    keep = [e for e in entries if not (e["file"] == file and e["item"] == item_id and (e["lang"], e["field"]) in cleared)]
    have = {(e["file"], e["item"], e["lang"], e["field"]) for e in keep}
    for lang, name in sorted(changed - answered):
        for other in langs:
            if other != lang and (other, name) not in changed and (file, item_id, other, name) not in have:
                keep.append({"lang": other, "file": file, "item": item_id, "field": name, "changed_in": lang,
                             "since": today.isoformat()})
                have.add((file, item_id, other, name))
    return keep


# ---------------------------------------------------------------- saving an item's words


def save_item(project: Project, it: Item, new: dict[str, dict[str, str]], confirmed: set[tuple[str, str]], seen: str,
              today: dt.date) -> Result:
    """Save the words of one item in every language, refused when the item changed since the form was made
    (`seen`), or when the content would not validate; marks the other language's words of changed fields."""
    langs = languages(project)
    with LOCK:
        current = {lang: values(project, lang, it) for lang in langs}
        if version(current) != seen:
            return Result(False, conflict=True)
        changed = {(lang, f) for lang in langs for f in it.fields if f not in it.read_only
                   and f in new.get(lang, {}) and clean(new[lang][f]) != clean(current[lang][f])}
        files: dict[str, str | None] = {}
        for lang in langs:
            fields = {f: clean(new[lang][f]) for (lg, f) in changed if lg == lang}
            if not fields:
                continue
            path = project.content / lang / it.file
            text = path.read_text(encoding="utf-8") if path.is_file() else None
            if it.file.startswith("pages/"):
                merged = current[lang] | fields
                files[f"{lang}/{it.file}"] = markdown_text(text, {k: merged[k] for k in ("title", "description")}, merged["body"])
            else:
                files[f"{lang}/{it.file}"] = set_yaml_values(text or "", {translations.field_path(it.id, f): v for f, v in fields.items()})
        entries = marks(project)
        after = remark(entries, it.file, it.id, changed, confirmed, langs, today)
        if after != entries:
            files[translations.MARKS_FILE] = marks_text(after)
        if not files:
            return Result(True)
        content, errors = validate(project, files)
        if errors:
            return Result(False, errors=[_at_field(project, e, it, files) for e in errors])
        return Result(True, written=write(project, files), changed=sorted(changed), content=content)


def _at_field(project: Project, error: ContentError, it: Item, files: dict[str, str | None]) -> FieldError:
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
        end = text.find("\n---\n", 3)
        meta = parse_yaml(text[4:end + 1], Path(it.file), ErrorList(Path(".")), first_line=2) if end > 0 else None
        lines = {k: v for k, v in (meta.lines.items() if isinstance(meta, LDict) else []) if k in it.fields}
        return lines | ({"body": text[: end + 5].count("\n") + 1} if end > 0 else {})
    data = parse_yaml(text, Path(it.file), ErrorList(Path(".")))
    return {f: line for f in it.fields if (line := contents.locate(data, translations.field_path(it.id, f)))}


# ---------------------------------------------------------------- updates


@dataclass
class UpdateForm:
    """An update as the editor shows it: the facts, and the words of every language."""

    id: str | None
    date: str
    goals: list[str]
    metrics: list[str]
    draft: bool
    words: dict[str, dict[str, str]]  # lang -> slug, title, summary, body

    @property
    def published(self) -> bool:
        return self.id is not None and not self.draft


def update_files(project: Project, update_id: str, langs: list[str]) -> dict[str, Path]:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", update_id):
        raise EditError(f"'{update_id}' is not an update id")
    return {"facts": project.content / "updates" / f"{update_id}.yml"} | {
        lang: project.content / lang / "updates" / f"{update_id}.md" for lang in langs}


def list_updates(project: Project) -> list[UpdateForm]:
    """Every update once (a facts file and its language files), newest first, drafts included."""
    found = []
    for path in sorted((project.content / "updates").glob("*.yml")):
        try:
            found.append(read_update(project, path.stem))
        except (EditError, ContentErrors):
            continue
    return sorted(found, key=lambda u: (u.date, u.id or ""), reverse=True)


def read_update(project: Project, update_id: str) -> UpdateForm:
    langs = languages(project)
    paths = update_files(project, update_id, langs)
    if not paths["facts"].is_file():
        raise EditError(f"no update '{update_id}'")
    facts = _read_yaml(paths["facts"])
    words = {}
    for lang in langs:
        md = read_markdown(paths[lang], ErrorList(project.root)) if paths[lang].is_file() else None
        meta = md.meta if md and isinstance(md.meta, dict) else {}
        words[lang] = {k: str(meta.get(k) or "") for k in ("slug", "title", "summary")} | {"body": md.body.strip() if md else ""}
    return UpdateForm(update_id, str(facts.get("date", "")), list(facts.get("goals") or []), list(facts.get("metrics") or []),
                      bool(facts.get("draft", False)), words)


def update_version(project: Project, update_id: str | None) -> str:
    if update_id is None:
        return version({})
    paths = update_files(project, update_id, languages(project))
    return version({k: p.read_text(encoding="utf-8") if p.is_file() else "" for k, p in paths.items()})


def save_update(project: Project, form: UpdateForm, publish: bool, seen: str, build=None) -> Result:
    """Save an update (new when form.id is None) as a draft, or publish it: then the build's own rules
    apply (every language complete), and a refusal names the field. Files as `strategy-site new-update` and
    a hand edit give them. `build(files, update_id)`, when given, runs once the content validates and writes the
    files itself only if the site builds (publishing.publish); it returns (ok, errors, files written)."""
    langs = languages(project)
    first = langs[0]
    errors: list[FieldError] = []
    try:
        date = dt.date.fromisoformat(form.date)
    except ValueError:
        date = None
        errors.append(FieldError(None, "date", ContentError("content/updates", None, "date-parsing",
                                                            "date: not a date", "write the date as YYYY-MM-DD")))
    if not clean(form.words[first]["title"]):
        errors.append(FieldError(first, "title", ContentError(f"content/{first}/updates", None, "missing",
                                                              "title: required field is missing",
                                                              "write the title: the update's file is named after it")))
    if errors:
        return Result(False, errors=errors)
    with LOCK:
        if update_version(project, form.id) != seen:
            return Result(False, conflict=True)
        update_id = form.id or f"{date.isoformat()}-{updates.slugify(form.words[first]['title'])}"
        paths = update_files(project, update_id, langs)
        before = read_update(project, update_id) if form.id else None
        if before is None and paths["facts"].exists():
            return Result(False, errors=[FieldError(first, "title", ContentError(
                f"content/updates/{update_id}.yml", None, "duplicate-id", "an update with this date and title exists",
                "change the title or the date"))])
        # Publishing sets draft: false; a published update saved again stays published, on its date.
        draft = not publish and not (before and before.published)
        if before and before.published:
            date = dt.date.fromisoformat(before.date)
        facts = {"date": date.isoformat(), "goals": list(form.goals), "metrics": list(form.metrics), "draft": draft}
        facts_text = paths["facts"].read_text(encoding="utf-8") if before else None
        files: dict[str, str | None] = {
            f"updates/{update_id}.yml": _facts_roundtrip(facts_text, facts) if facts_text else updates.facts_text(facts)}
        for lang in langs:
            words = {k: clean(v) for k, v in form.words[lang].items()}
            if before and before.published:
                words["slug"] = before.words[lang]["slug"]  # a published address never changes
            elif not words["slug"]:
                words["slug"] = f"{date.isoformat()}-{updates.slugify(words['title'])}" if words["title"] else ""
            meta = {"slug": words["slug"], "title": words["title"], "summary": words["summary"]}
            old = paths[lang].read_text(encoding="utf-8") if before and paths[lang].is_file() else None
            files[f"{lang}/updates/{update_id}.md"] = markdown_text(old, meta, words["body"])
        content, found = validate(project, files)
        if found:
            return Result(False, errors=[_update_field(e, update_id, langs) for e in found], id=update_id)
        if build is not None:
            ok, found, written = build(files, update_id)
            if not ok:
                return Result(False, errors=[_update_field(e, update_id, langs) for e in found], id=update_id)
            return Result(True, written=written, id=update_id, content=content)
        return Result(True, written=write(project, files), id=update_id, content=content)


def publish_files(project: Project, update_id: str) -> dict[str, str]:
    """The facts file of an update as it is once published (draft: false), for a preview before publishing."""
    path = update_files(project, update_id, languages(project))["facts"]
    if not path.is_file():
        raise EditError(f"no update '{update_id}'")
    return {f"updates/{update_id}.yml": _facts_roundtrip(path.read_text(encoding="utf-8"), {"draft": False})}


def _facts_roundtrip(text: str, facts: dict) -> str:
    """The facts file with its values replaced, its comments kept; a list is written in flow style only where
    the file had it so."""
    from ruamel.yaml.comments import CommentedSeq

    rt = _yaml()
    data = rt.load(text)
    for key, value in facts.items():
        if isinstance(value, list):
            seq = CommentedSeq(value)
            old = data.get(key)
            if isinstance(old, CommentedSeq) and old.fa.flow_style():
                seq.fa.set_flow_style()
            elif not value:
                seq.fa.set_flow_style()  # an empty list: `[]`, as new-update writes it
            data[key] = seq
        else:
            data[key] = value
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _update_field(error: ContentError, update_id: str, langs: list[str]) -> FieldError:
    """The field of the update form an error is about: by the field the message names, else by its line."""
    for lang in langs:
        if error.file == f"content/{lang}/updates/{update_id}.md":
            name = error.message.split(":", 1)[0].strip()
            if name in UPDATE_FIELDS:
                return FieldError(lang, name, error)
            return FieldError(lang, "body" if error.code == "empty-body" else None, error)
    if error.file == f"content/updates/{update_id}.yml":
        if error.code == "missing-twin":
            lang = next((lg for lg in langs if f"content/{lg}/" in error.hint), None)
            return FieldError(lang, "title", error)
        name = error.message.split(":", 1)[0].strip()
        return FieldError(None, name if name in ("date", "goals", "metrics") else None, error)
    return FieldError(None, None, error)


# ---------------------------------------------------------------- unpublishing and deleting an update


def unpublish_files(project: Project, update_id: str) -> dict[str, str]:
    """The facts file of a published update made a draft again (draft: true): its pages leave the site with the
    next build, its words stay for a later publish."""
    path = update_files(project, update_id, languages(project))["facts"]
    if not path.is_file():
        raise EditError(f"no update '{update_id}'")
    return {f"updates/{update_id}.yml": _facts_roundtrip(path.read_text(encoding="utf-8"), {"draft": True})}


def delete_files(project: Project, update_id: str) -> dict[str, None]:
    """Every file of an update (its facts and each language's words) as a deletion (None), as stage and write
    take it."""
    paths = update_files(project, update_id, languages(project))
    if not paths["facts"].is_file():
        raise EditError(f"no update '{update_id}'")
    return {p.relative_to(project.content).as_posix(): None for p in paths.values() if p.exists() or p.is_symlink()}


def remove_update(project: Project, update_id: str, seen: str, delete: bool, build) -> Result:
    """Unpublish an update (`delete` False) or delete it, refused when it changed since the confirmation page was
    made (`seen`, its update_version). `build(files)` publishes the change (publishing.publish: the site is
    built without the update's pages, the files written and committed only if it builds) and returns (ok,
    errors, files written); the page leaves the site at once, so nothing public disagrees with content/."""
    with LOCK:
        if update_version(project, update_id) != seen:
            return Result(False, conflict=True, id=update_id)
        files: dict[str, str | None] = dict(delete_files(project, update_id)) if delete else dict(unpublish_files(project, update_id))
        ok, errors, written = build(files)
        if not ok:
            return Result(False, errors=[FieldError(None, None, e) for e in errors], id=update_id)
        return Result(True, written=written, id=update_id)
