"""A misspelt id, named where it is written: one error at its line in the language-neutral file, not one per
words file that is right.

Each id of a language-neutral list (the strategy's goals, the metrics, the sources…) has its words under the same
id in every language's words file. When an id is misspelt in the neutral file (`qualty` for `quality`), the words
files are the ones that are right, and the twin checks would blame each of them twice ("no words for 'qualty'",
"unknown id 'quality'"), advising to copy the typo into them. So before those checks, an id that no language has
words for, close to an id that every language has words for and the neutral file does not name, is reported once
as a misspelling at its own line; the rest of the loading then goes on with the id the words name, so no check
after (twins, references, snapshot rows, updates) reports the same mistake again. The content is refused all the
same: the error stops the run before anything is built.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ErrorList
from ..readers import read_yaml
from .source import Source

if TYPE_CHECKING:  # the loader's Facts, which imports this module
    from .loader import Facts


STRATEGY_LISTS = ("situation", "values", "implementation", "programmes", "monitoring", "metrics")


@dataclass(frozen=True)
class Place:
    """One id as the neutral file writes it: the field shown in the message, its key path, the id."""

    field: str
    loc: tuple
    id: str


@dataclass(frozen=True)
class Kind:
    """A neutral list of ids and where their words are: the neutral file, each language's words file, and the
    section of it (a key path; () for the whole file)."""

    file: str
    words_file: str
    section: tuple
    places: tuple[Place, ...]


def correct(src: Source, f: Facts) -> None:
    """Report each misspelt id of the neutral files and go on with the id the words name (see the module)."""
    languages = f.languages
    by_section = {kind.section[0]: _misspelt(src, languages, kind) for kind in _strategy_kinds(f)}
    if any(by_section.values()):
        f.strategy = _renamed_strategy(f.strategy, by_section)
    metrics = _misspelt(src, languages, _entries_kind(src, "metrics.yml", (), "metrics.yml", ()))
    if metrics:
        f.metrics = [_renamed(x, metrics) for x in f.metrics]
        f.metric_ids = [metrics.get(i, i) for i in f.metric_ids]
    statistics = _misspelt(src, languages, _entries_kind(src, "sources.yml", ("statistics",), "sources.yml"))
    if statistics:
        f.statistics = [_renamed(x, statistics) for x in f.statistics]
        f.statistic_ids = [statistics.get(i, i) for i in f.statistic_ids]
        f.sources = [x.model_copy(update={"statistic": statistics.get(x.statistic, x.statistic)}) for x in f.sources]
        f.metrics = [x.model_copy(update={"statistic": statistics.get(x.statistic, x.statistic)}) for x in f.metrics]
    sources = _misspelt(src, languages, _entries_kind(src, "sources.yml", ("sources",), "sources.yml"))
    if sources:
        f.sources = [_renamed(x, sources) for x in f.sources]
        f.source_ids = [sources.get(i, i) for i in f.source_ids]
    glossary = _misspelt(
        src,
        languages,
        Kind("glossary.yml", "glossary.yml", (), tuple(Place("", (j,), g) for j, g in enumerate(f.glossary))),
    )
    f.glossary = [glossary.get(g, g) for g in f.glossary]
    if f.accessibility:
        issues = _misspelt(
            src,
            languages,
            Kind(
                "accessibility.yml",
                "accessibility.yml",
                ("issues",),
                tuple(Place("issues", ("issues", j), i) for j, i in enumerate(f.accessibility.issues)),
            ),
        )
        if issues:
            f.accessibility = f.accessibility.model_copy(
                update={"issues": [issues.get(i, i) for i in f.accessibility.issues]}
            )


def _strategy_kinds(f: Facts) -> list[Kind]:
    """The strategy's lists, each with its section of content/<lang>/strategy.yml (as words.check_strategy_words
    checks them): the goals, objectives and success factors of every theme share one section each."""
    s = f.strategy
    if s is None:
        return []

    def kind(section: str, places: list[Place]) -> Kind:
        return Kind("strategy.yml", "strategy.yml", (section,), tuple(places))

    kinds = [kind(name, [Place(name, (name, j), i) for j, i in enumerate(getattr(s, name))]) for name in STRATEGY_LISTS]
    kinds.append(kind("themes", [Place("themes", ("themes", j, "id"), t.id) for j, t in enumerate(s.themes)]))
    for part in ("goals", "objectives", "success_factors"):
        places = [
            Place(f"themes.{t.id}.{part}", ("themes", j, part, k), i)
            for j, t in enumerate(s.themes)
            for k, i in enumerate(getattr(t, part))
        ]
        kinds.append(kind(part, places))
    return kinds


def _entries_kind(src: Source, file: str, within: tuple, words_file: str, section: tuple | None = None) -> Kind:
    """A list of entries with ids (metrics, statistics, sources) as read, valid or not; its words are in the
    section of the same name (`within`) unless `section` says otherwise."""
    raw = _node(src.raw.get(src.path(file)), within)
    places = tuple(
        Place("id", (*within, j, "id"), item["id"])
        for j, item in enumerate(raw if isinstance(raw, list) else [])
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    )
    return Kind(file, words_file, within if section is None else section, places)


def _misspelt(src: Source, languages: list[str], kind: Kind) -> dict[str, str]:
    """The kind's misspelt ids, each reported at its line: {as written: as the words name it}."""
    paths = [src.path(lang, kind.words_file) for lang in languages]
    sections = [_node(_peek(src, path), kind.section) for path in paths]
    if not sections or not all(isinstance(s, dict) for s in sections):
        return {}  # a words file that cannot be read has its own error, and nothing to compare with
    named = {p.id for p in kind.places}
    spare = [key for key in sections[0] if key not in named and all(key in s for s in sections[1:])]
    found: dict[str, str] = {}
    for place in kind.places:
        if place.id in found or any(place.id in s for s in sections):
            continue
        close = difflib.get_close_matches(place.id, [k for k in spare if k not in found.values()], n=1)
        if not close:
            continue
        found[place.id] = close[0]
        files = [f"content/{lang}/{kind.words_file}" for lang in languages]
        listed = files[0] if len(files) == 1 else f"{', '.join(files[:-1])} or {files[-1]}"
        prefix = f"{place.field}: " if place.field else ""
        src.errors.add(
            src.path(kind.file),
            src.line_of(kind.file, *place.loc),
            "misspelt-id",
            f"{prefix}'{place.id}' has no words in {listed}; did you mean '{close[0]}' (which they have)?",
            f"correct it here to '{close[0]}'; if '{place.id}' is a new id, give it its words in every language",
        )
    return found


def _renamed_strategy(s: Any, by_section: dict[str, dict[str, str]]) -> Any:
    """The strategy with each section's misspelt ids as its words name them (`by_section`: {section: {id: id}})."""

    def ids(section: str, values: list[str]) -> list[str]:
        return [by_section[section].get(i, i) for i in values]

    themes = [
        t.model_copy(
            update={"id": by_section["themes"].get(t.id, t.id)}
            | {part: ids(part, getattr(t, part)) for part in ("goals", "objectives", "success_factors")}
        )
        for t in s.themes
    ]
    return s.model_copy(update={"themes": themes} | {name: ids(name, getattr(s, name)) for name in STRATEGY_LISTS})


def _renamed(entry: Any, renamed: dict[str, str]) -> Any:
    return entry.model_copy(update={"id": renamed.get(entry.id, entry.id)})


def _node(raw: Any, within: tuple) -> Any:
    for key in within:
        raw = raw.get(key) if isinstance(raw, dict) else None
    return raw


def _peek(src: Source, path) -> Any:
    """A words file's data before its own loading reads it (and reports its errors): read here without errors."""
    if path in src.raw:
        return src.raw[path]
    if path not in src.peeked:  # read once, however many kinds of id look into it
        src.peeked[path] = read_yaml(path, ErrorList(src.root.parent)) if path.is_file() else None
    return src.peeked[path]
