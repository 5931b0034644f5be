"""Slug collisions, checked on the URL plan (content.urls): two pages of one language may not share a URL, and
an old slug kept for a moved page may not lead to another page now."""

from __future__ import annotations

from pathlib import Path

from ..contents import Content
from .places import locate
from .source import Source


def check_slugs(src: Source, content: Content) -> None:
    """Two pages of one language may not share a URL."""
    for lang in content.languages:
        current = content.urls.pages[lang]
        for old, key in content.urls.old[lang].items():
            if old in current.values():
                file, line = slug_place(src, lang, key)
                src.errors.add(
                    file,
                    line,
                    "old-slug-in-use",
                    f"'{key[1]}' lists an old slug whose URL {lang}/{old} belongs to another page now",
                    "an old URL must keep leading to its page: give the other page another slug",
                )
        seen: dict[str, tuple[str, str]] = {}
        for key, path in current.items():
            if path in seen:
                file, line = slug_place(src, lang, key)
                src.errors.add(
                    file,
                    line,
                    "duplicate-slug",
                    f"'{key[1]}' has the same URL as '{seen[path][1]}': {lang}/{path}",
                    "give one of them another slug",
                )
            seen[path] = key


def slug_place(src: Source, lang: str, key: tuple[str, str]) -> tuple[Path, int | None]:
    """The file and line where the slug of page `key` is declared."""
    kind, id_ = key
    if kind in ("theme", "goal"):
        file = src.path(lang, "strategy.yml")
        return file, locate(src.raw.get(file), (kind + "s", id_, "slug"))
    if kind == "metric":
        file = src.path(lang, "metrics.yml")
        return file, locate(src.raw.get(file), (id_, "slug"))
    if kind == "prose":
        return src.path(lang, "pages", f"{id_}.md"), 2
    if kind == "update":
        return src.path(lang, "updates", f"{id_}.md"), 2
    if kind == "accessibility":
        file = src.path(lang, "accessibility.yml")
        return file, locate(src.raw.get(file), ("slug",))
    file = src.path(lang, "ui.yml")
    return file, locate(src.raw.get(file), ("slugs", id_))
