"""What the editor's screens share: the editor's state (EditorState, one per app, in app.extensions), its
words (messages.yml) in the staff member's language, and the names it gives files, items and fields, so that
every screen says a thing the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask import current_app, g, request

from .. import editing, translations
from ..editing import commits
from ..errors import ContentError
from ..models import LANGUAGES
from ..pipeline import Project
from . import auth

HERE = Path(__file__).parent
MESSAGES = yaml.safe_load((HERE / "messages.yml").read_text(encoding="utf-8"))
UI_LANGUAGES = LANGUAGES  # messages.yml words everything in each language of the content model
UI_LOCALES = {lang: Locale(lang, "FI") for lang in UI_LANGUAGES}  # dates, numbers and plurals of the editor's words
MAX_UPLOAD = 1024 * 1024  # bytes a request may carry: the longest update is a few kilobytes


@dataclass(frozen=True)
class EditorState:
    """What every screen works on, made once by create_app and kept in app.extensions["editor"] (state()),
    so that the screens are plain functions over the library and no route captures anything."""

    project: Project
    cache: editing.preview.ContentCache  # the content as last loaded, reloaded when content/ changes
    author: commits.Author  # who commits when no one signs in (no users file)
    throttle: auth.Throttle  # failed logins
    users: Callable[[], dict[str, auth.User] | None]  # the users file as it is now; None: no login
    sessions: auth.Sessions
    site_csp: str  # the published site's policy, for preview pages
    today: Callable[[], dt.date]
    secure_cookies: bool
    login_required: bool


def state() -> EditorState:
    return current_app.extensions["editor"]


def author_now() -> commits.Author:
    """Who a publish is committed as: the signed-in person, else the editor's author."""
    if g.user:
        return commits.Author(g.user.name, g.user.email)
    return state().author


# -- words


def say(lang: str, key: str, n: int | None = None, **args) -> str:
    """One of the editor's words (messages.yml ui) in `lang`; a word with plural forms takes the form for `n` by
    the language's CLDR rule (Babel), and n is written as the language writes numbers."""
    text = MESSAGES["ui"][key][lang]
    if isinstance(text, dict):
        text = text.get(UI_LOCALES[lang].plural_form(n or 0), text["other"])
    if n is not None:
        args = {"n": format_decimal(n, locale=UI_LOCALES[lang])} | args
    return text.format(**args) if args else text


def t(key: str, **args) -> str:
    text = MESSAGES["ui"][key][g.lang]
    return text.format(**args) if args else text


def tn(key: str, n: int, **args) -> str:
    return say(g.lang, key, n, **args)


def staff_language() -> str:
    chosen = request.cookies.get("editor_lang")
    return chosen if chosen in UI_LANGUAGES else request.accept_languages.best_match(UI_LANGUAGES) or "fi"


def content_lang(lang: str) -> str:
    """The content language an item is named in: the interface's, else the content's first."""
    langs = editing.languages(state().project)
    return lang if lang in langs else langs[0]


def worded_langs() -> list[str]:
    """The languages a pending change is worded in: the content's that the editor speaks."""
    return [lang for lang in editing.languages(state().project) if lang in UI_LANGUAGES] or list(UI_LANGUAGES)


def worded(key: str, per_lang: dict[str, dict]) -> str:
    """A pending change (and commit message) line in every content language the editor speaks, first language
    first (publishing.record): `per_lang` gives each language's values."""
    return " / ".join(say(lang, key, **per_lang[lang]) for lang in worded_langs())


def format_when(when: dt.datetime) -> str:
    locale = UI_LOCALES[g.lang]
    return f"{format_date(when, 'long', locale=locale)} {format_time(when, 'short', locale=locale)}"


def upload_limit() -> str:
    return (
        say(g.lang, "size_mb", n=MAX_UPLOAD // (1024 * 1024))
        if MAX_UPLOAD % (1024 * 1024) == 0
        else f"{MAX_UPLOAD // 1024} KiB"
    )


# -- errors


def error_text(error: ContentError, field: str | None = None) -> str:
    if error.code == "string-pattern-mismatch" and field == "slug":
        return t("slug_pattern")  # the pattern itself is never shown
    return MESSAGES["errors"].get(error.code, MESSAGES["errors"]["other"])[g.lang]


# What of an error's English message is no English: the values it quotes, the content files and dates it names.
_QUOTED = re.compile(r"(?<![\w'])'([^']+?)'(?![\w'])|”([^”]+)”")
_SUGGESTED = re.compile(r"did you mean\s*$")
_FIELD_PATH = re.compile(r"([A-Za-z0-9_][\w.\[\]-]*): ")
_PATH = re.compile(r"(?<![\w/.-])(?:[\w-]+/)+[\w.-]*[\w/]")
# in an error's words outside quotes, in the order they come: another line of the file, an address of the site
# (fi/mittarit/vakiluku.md), a date or a figure with its unit of size or percent, if any (32 MiB; UTF-8 is a name,
# not a figure)
_LOOSE = re.compile(
    r"\bline (?P<line>\d+)\b"
    r"|(?<![\w/.-])(?P<address>(?:[\w-]+/)+[\w-]+\.[a-z]+)\b"
    r"|(?<![\w.,/−-])(?P<figure>(?:0x[0-9a-f]+|[-−]?\d+(?:[.,:–-]\d+)*)(?:\s?(?:[KMG]i?B|%))?)(?![\w/])"
)


def specifics(error: ContentError) -> str:
    """What in an error's (English) message is particular to it, worded in no language: the values it quotes
    ('qualty'), a suggestion (its own or its hint's) as → 'quality', dates and figures (2012-12-31, 2018–2021,
    0xe4) and another line of the file (rivi 12), in the order the message has them; shown beside the error's
    text, which is the same for every error of its code. A pattern the check quotes (a slug's) is left out: it
    helps no one; so are files (`places`) and English words."""
    if error.code == "build-failed":
        return ""  # the build's own output: `build_output`
    found: list[str] = []
    message = _without_field_path(error.message)
    for text in (message, error.hint):
        at = 0
        for quoted in _QUOTED.finditer(text):
            if text is message:
                _loose(text[at : quoted.start()], found)
            at = quoted.end()
            value = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
            if value.startswith("^") or error.code == "string-pattern-mismatch":
                continue  # a pattern
            suggested = _SUGGESTED.search(text[: quoted.start()])
            if f"'{value}'" in found or f"→ '{value}'" in found or (text is not message and not suggested):
                continue  # of the hint, only a suggestion the message has not made ("did you mean 'quality'?")
            found.append(f"→ '{value}'" if suggested else f"'{value}'")
        if text is message:
            _loose(text[at:], found)
    return " ".join(token if n == 0 or token.startswith("→") else f"· {token}" for n, token in enumerate(found))


def _loose(text: str, found: list[str]) -> None:
    """Line references, the site's addresses, dates and figures outside quotes, added to `found` once each in the
    order they come (a content file is left out: `places` names it; so are the English words around them)."""
    text = _PATH.sub(lambda path: " " if path.group(0).startswith("content/") else path.group(0), text)
    for match in _LOOSE.finditer(text):
        token = t("line_ref", line=match.group("line")) if match.group("line") else match.group(0)
        if token not in found:
            found.append(token)


def _without_field_path(message: str) -> str:
    found = _FIELD_PATH.match(message)
    return message[found.end() :] if found else message


def places(error: ContentError, with_place: bool = True) -> list[str]:
    """Where an error is, as the content's files say it, for the collapsed details: the file and line (unless the
    page says it already), the field's path in the file (themes.vitality.goals), and each other content file the
    message names (the twin that has the words)."""
    if error.code == "build-failed":
        return []  # no place in the content: `build_output` says what the build said
    found = []
    if with_place:
        found.append(error.place or (t("place", file=error.file, line=error.line) if error.line else error.file))
    path = _FIELD_PATH.match(error.message)
    if path:
        found.append(path.group(1))
    for other in _PATH.findall(_QUOTED.sub(" ", error.message)):
        if other.startswith("content/") and other != error.file and other not in found:
            found.append(other)
    return found


def build_output(error: ContentError) -> str:
    """What the build itself (MkDocs, git) said when it failed: its own words, which the editor cannot translate."""
    return error.message if error.code == "build-failed" else ""


def field_errors(errors) -> list[editing.FieldError]:
    """Content errors as a page lists them: at no field."""
    return [editing.FieldError(None, None, e) for e in errors]


# -- names of files, items and fields


def field_label(name: str) -> str:
    """A field's name in the staff member's language where the editor knows it, else its key."""
    return MESSAGES["fields"].get(name, {}).get(g.lang, name)


def item_title(it: editing.Item, data: dict | None = None, lang: str | None = None) -> str:
    """An item as staff know it, never by its id (which only the URL keeps): its name in the interface's
    language (or the content's), else the editor's name of that part of the file, else its first words.
    `data`: its words file already read (a file's page names every item); `lang`: another UI language."""
    lang = lang or g.lang
    section = MESSAGES["word_sections"].get(f"{it.file}/{it.id}")
    if section:
        return section[lang]
    shown = editing.values(state().project, content_lang(lang), it, data)
    name = next((shown[f] for f in ("name", "term", "title", "what") if shown.get(f)), "")
    if name:
        return name
    if it.id == translations.GENERAL:
        return say(lang, "general")
    return excerpt(next((v for v in shown.values() if v), "")) or say(lang, "item")


def group_title(file: str, lang: str | None = None) -> str:
    """A words file as the part of the site it holds (messages.yml word_groups); a page by its own title; a
    file the editor has no name for, by its first item's name."""
    lang = lang or g.lang
    known = MESSAGES["word_groups"].get(file)
    if known:
        return known[lang]
    found = editing.items(state().project, file)
    return (item_title(found[0], lang=lang) if found else "") or Path(file).stem


def field_names(it: editing.Item, lang: str | None = None) -> dict[str, str]:
    """Each field of an item by the editor's name for it (messages.yml fields), else by its first words in
    the content (a field keyed by an id, as the strategy's objectives are), never by its key."""
    lang = lang or g.lang
    shown = editing.values(state().project, content_lang(lang), it)
    known = MESSAGES["fields"]
    return {
        f: known[f][lang] if f in known else (excerpt(shown.get(f, "")) or f"{say(lang, 'field')} {n}")
        for n, f in enumerate(it.fields, 1)
    }


def excerpt(text: str, limit: int = 60) -> str:
    """The first words of a text, quoted: what names a field that has no name of its own."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return f"”{text}”" if text else ""


# -- addresses


def local(target: str | None) -> str:
    """A redirect target inside the editor only: a path starting with a single "/", with no scheme or host
    (as urllib reads it), no backslash and no control character (a tab or newline that browsers drop or
    that would break the Location header), else "/"."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    try:
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        return "/"
    return "/" if parts.scheme or parts.netloc else target
