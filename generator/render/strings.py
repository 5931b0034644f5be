"""One language's interface words as the rendering stage uses them: the strings of ui.yml (`Strings`) and the
formatter of its locale, built once per language (`Interface`), and a missing string as a content error.

A missing string surfaces while a template renders, deep inside Jinja; `MissingString` carries it out to the
stage's entry, which reports it as a ContentError naming ui.yml (not a traceback).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale

from ..contents import Content, Words
from ..errors import ContentError
from ..formatting import Formatter

# Interface words the theme's own templates (404 page, palette toggle) show; the engine gets them with the
# language's settings (pipeline.site_job), so the stage checks them with the pages.
THEME_STRINGS = (
    "not_found_title",
    "not_found_text",
    "not_found_home",
    "palette_to_dark",
    "palette_to_light",
    "search_loading",
)


class MissingString(Exception):
    """A template asked for an interface string that ui.yml does not have."""

    def __init__(self, lang: str, key: str):
        super().__init__(key)
        self.lang, self.key = lang, key


class Strings:
    """The interface strings of one language for the templates: `t.key` or `t["key"]`; a missing key is a
    content error naming ui.yml (not a Jinja traceback). Not a dict, so keys like 'values' stay keys."""

    def __init__(self, lang: str, strings: dict[str, str]):
        self._lang, self._strings = lang, strings

    def __getitem__(self, key: str) -> str:
        try:
            return self._strings[key]
        except KeyError:
            raise MissingString(self._lang, key) from None

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def require(self, keys: Iterable[str]) -> None:
        """Raise MissingString for the first of `keys` that ui.yml lacks (strings used outside the templates)."""
        for key in keys:
            self[key]


@dataclass(frozen=True)
class Interface:
    """One language's words, interface strings and formatter: what every part of the stage formats with. Built
    once per language (`interface`), as the formatter keeps the figures and dates it has formatted."""

    lang: str
    w: Words
    t: Strings
    fmt: Formatter


def interface(content: Content, lang: str) -> Interface:
    w = content.words[lang]
    fmt = Formatter(Locale.parse(w.ui.locale), w.ui.strings.get("per_resident", ""), w.ui.plurals, w.ui.number_words)
    t = Strings(lang, filled(w.ui.strings, content_counts(content, fmt) | {"site_name": w.ui.site_name}))
    return Interface(lang, w, t, fmt)


# The counts a string may name, each as a plural of ui.yml: {count_themes} is plurals.themes for the number of
# themes ("neljä teemaa"). So no string states a count of one strategy; at the start of a string it is capitalised.
COUNTS = {
    "count_themes": ("themes", lambda s: len(s.themes)),
    "count_themes_definite": ("themes_definite", lambda s: len(s.themes)),
    "count_goals": ("goals", lambda s: sum(len(t.goals) for t in s.themes)),
    "count_strategy_metrics_definite": ("strategy_metrics_definite", lambda s: len(s.metrics)),
}


def content_counts(content: Content, fmt: Formatter) -> dict[str, str]:
    return {
        name: fmt.count(plural, number(content.strategy))
        for name, (plural, number) in COUNTS.items()
        if plural in fmt.plurals
    }


def filled(strings: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """The strings with the content's own values put in for their placeholders ({count_themes}, {site_name}),
    leaving the placeholders the templates fill in ({date}, {link}…) as they are."""
    out = {}
    for key, text in strings.items():
        for name, value in values.items():
            mark = "{" + name + "}"
            if mark in text:
                text = text.replace(mark, value[:1].upper() + value[1:] if text.startswith(mark) else value)
        out[key] = text
    return out


def theme_strings(ui: Interface) -> dict[str, str]:
    """Interface words the theme's own templates (404 page, palette toggle) show, from ui.yml."""
    return {key: ui.t[key] for key in THEME_STRINGS}


def missing_string_error(exc: MissingString) -> ContentError:
    return ContentError(
        f"content/{exc.lang}/ui.yml",
        None,
        "missing-string",
        f"strings: the interface string '{exc.key}' is missing",
        f"add '{exc.key}: …' under strings in every language",
    )
