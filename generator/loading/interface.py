"""The interface's words of one language: the package's defaults (generator/defaults/<lang>/ui.yml) with the
project's content/<lang>/ui.yml over them, so that a city writes only what it changes.

The defaults state no fact of one strategy: counts are placeholders filled from the content
(render/strings.py), and the words that differ for a draft are in the defaults' `draft_strings`, used while
content/strategy.yml says `text_status: draft`. What only the city can say (its name as the site's name and
as the publisher) has no default: the project's ui.yml must give it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ErrorList
from ..readers import LDict, read_yaml
from .places import locate
from .source import Source

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
MERGED = ("slugs", "strings", "plurals")  # sections merged key by key; the rest is replaced whole
# Strings the package cannot know: the project's ui.yml gives them in every language.
CITY_STRINGS = ("publisher",)


def default_words(lang: str) -> Any:
    """The package's interface words for `lang` (None for a language it has none for); shipped valid (tested)."""
    path = DEFAULTS / lang / "ui.yml"
    return read_yaml(path, ErrorList(DEFAULTS)) if path.is_file() else None


def interface_data(src: Source, lang: str, draft: bool) -> Any:
    """content/<lang>/ui.yml over the package's defaults (and, for a draft, the defaults' draft words), as one
    mapping with the project file's lines (a default's line is its section's in the project file, or line 1)."""
    project = src.yaml(lang, "ui.yml")
    defaults = default_words(lang)
    if not isinstance(project, LDict) or not isinstance(defaults, dict):
        return project
    merged = LDict()
    merged.line, merged.lines = project.line, {}
    for key, value in defaults.items():
        if key == "draft_strings":
            continue
        merged[key], merged.lines[key] = value, project.lines.get(key, project.line or 1)
    if draft:
        merged["strings"] = dict(defaults["strings"]) | dict(defaults.get("draft_strings") or {})
    for key, value in project.items():
        line = project.lines[key]
        if key in MERGED and isinstance(value, LDict) and isinstance(merged.get(key), dict):
            section = LDict(merged[key])
            section.line = value.line
            section.lines = {k: value.line for k in merged[key]} | value.lines
            section.update(value)
            value = section
        merged[key], merged.lines[key] = value, line
    _require_city_strings(src, lang, project, merged)
    return merged


def _require_city_strings(src: Source, lang: str, project: LDict, merged: LDict) -> None:
    strings = merged.get("strings")
    if not isinstance(strings, dict):
        return
    first = src.raw.get(src.path(src.first_language(), "ui.yml"))
    first_strings = first.get("strings") if isinstance(first, dict) and lang != src.first_language() else None
    for key in CITY_STRINGS:
        if isinstance(first_strings, dict) and key in first_strings:
            continue  # the first language has it: the missing twin is the error (words.check_ui)
        if key not in strings:
            src.errors.add(
                src.path(lang, "ui.yml"),
                locate(project, ("strings",)),
                "missing-field",
                f"strings.{key}: the city's own words are needed here (the generator has no default)",
                f"add '{key}: …' under strings, e.g. the city's name as it signs its publications",
            )
