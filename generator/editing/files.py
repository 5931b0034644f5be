"""The words files and their items, as the editor shows them: every item's words side by side in every
language, and a version of what a form showed, so that a save whose item changed meanwhile is refused."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import translations
from ..errors import ContentErrors, ErrorList
from ..loading import site_languages
from ..pipeline import Project
from ..readers import read_markdown, read_yaml, split_front_matter
from .staging import EditError

WORD_FILES = ("strategy.yml", "metrics.yml", "sources.yml", "glossary.yml", "accessibility.yml", "ui.yml")
PAGE_FIELDS = ("title", "description", "body")
READ_ONLY_KEYS = {"slug", "locale"}  # a published URL never changes; the locale is the language itself


@dataclass(frozen=True)
class Item:
    """One item of a words file: its fields in the file's order (dotted keys below the item)."""

    file: str
    id: str
    fields: tuple[str, ...]
    read_only: frozenset[str] = frozenset()


def languages(project: Project) -> list[str]:
    return site_languages(project.content)


def first_language(project: Project) -> str:
    return languages(project)[0]


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
    data = read_mapping(project.content / first_language(project) / file)
    found = []
    general = tuple(str(k) for k, v in data.items() if isinstance(v, str))
    if general:
        found.append(Item(file, translations.GENERAL, general, frozenset(general) & READ_ONLY_KEYS))
    for key, value in data.items():
        if isinstance(value, dict):
            found += _section_items(file, str(key), value)
    return found


def _section_items(file: str, key: str, section: dict) -> list[Item]:
    """The items of one top-level section: itself when it holds plain words (all read-only for the slugs), else
    its plain words, if any, and one item per entry."""
    if all(not isinstance(v, dict) for v in section.values()):
        fields = tuple(str(k) for k, v in section.items() if isinstance(v, str))
        only = frozenset(fields) if key == "slugs" else frozenset(fields) & READ_ONLY_KEYS
        return [Item(file, key, fields, only)]
    found = []
    plain = tuple(str(k) for k, v in section.items() if isinstance(v, str))
    if plain:
        found.append(Item(file, key, plain))
    for sub, entry in section.items():
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
        return {
            "title": str(meta.get("title") or ""),
            "description": str(meta.get("description") or ""),
            "body": md.body.strip() if md else "",
        }
    data = read_mapping(path) if data is None else data
    return {f: translations.lookup(data, translations.field_path(it.id, f)) or "" for f in it.fields}


def value_in(text: str, it: Item, name: str) -> str | None:
    """One field of the item as a text of its words file has it (an older version, from git); None where the
    text is not YAML or not a Markdown file with front matter."""
    try:
        if it.file.startswith("pages/"):
            split = split_front_matter(text)
            if split is None:
                return None
            if name == "body":
                return split.body.strip()
            meta = yaml.safe_load(split.front)
            return str(meta.get(name) or "") if isinstance(meta, dict) else None
        return translations.lookup(yaml.safe_load(text), translations.field_path(it.id, name))
    except yaml.YAMLError:
        return None


def read_words(project: Project, lang: str, file: str) -> dict:
    """A YAML words file as data ({} for a page, whose words `values` reads itself)."""
    return {} if file.startswith("pages/") else read_mapping(project.content / lang / file)


def version(words: dict[str, dict[str, str]]) -> str:
    """What a form showed, as a short hash: a save made from an older version is refused."""
    return hashlib.sha256(json.dumps(words, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def item_version(project: Project, it: Item) -> str:
    return version({lang: values(project, lang, it) for lang in languages(project)})


def clean(text: str) -> str:
    """A value as a form sent it: the browser's line ends, and no stray spaces around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def read_data(path: Path):
    """A YAML file as data by the build's reader (None when it is missing); a file that is not UTF-8 or not YAML
    is a ContentErrors with its place, never a traceback."""
    errors = ErrorList(next((p.parent for p in path.parents if p.name == "content"), path.parent))
    data = read_yaml(path, errors) if path.is_file() else None
    if errors:
        raise ContentErrors(errors.errors)
    return data


def read_mapping(path: Path) -> dict:
    """A YAML file that holds a mapping, as `read_data` reads it ({} when it is missing or holds anything else)."""
    data = read_data(path)
    return data if isinstance(data, dict) else {}
