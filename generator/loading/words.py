"""One language's words: the words maps (metrics, glossary), the strategy's and the sources' words, the
interface's words (locale, plurals, slugs), the prose pages, and the checks across languages (twins,
placeholders, "check the translation" marks)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError

from .. import models as m
from .. import translations
from ..contents import LANGUAGE_NAMES, Prose, Words
from ..errors import ContentError, ErrorList
from ..readers import LDict, LList, MarkdownFile, read_markdown
from .interface import interface_data
from .places import is_list, leaves, locate, placeholders, validate
from .source import Source

WORDS_FILES = ("ui.yml", "strategy.yml", "metrics.yml", "sources.yml", "glossary.yml", "accessibility.yml")


def load_words(
    src: Source,
    lang: str,
    s: m.StrategyFacts | None,
    metric_ids: list[str],
    source_ids: list[str],
    statistic_ids: list[str],
    glossary: list[str],
    accessibility: m.AccessibilityFacts | None,
) -> Words | None:
    """The words of `lang`, each file checked against the facts; None when a file is missing or invalid."""
    e = src.errors
    draft = s is None or s.text_status == "draft"
    ui = validate(m.UiWords, interface_data(src, lang, draft), src.path(lang, "ui.yml"), e)
    sw = validate(m.StrategyWords, src.yaml(lang, "strategy.yml"), src.path(lang, "strategy.yml"), e)
    mw = words_map(src, lang, "metrics.yml", m.MetricWords, metric_ids)
    src_path = src.path(lang, "sources.yml")
    srcw = validate(m.SourcesWords, src.yaml(lang, "sources.yml"), src_path, e)
    if srcw:
        raw = src.raw[src_path]
        src.check_twins(src_path, raw["statistics"], statistic_ids, "statistics: ", raw.lines["statistics"])
        src.check_twins(src_path, raw["sources"], source_ids, "sources: ", raw.lines["sources"])
    gw = words_map(src, lang, "glossary.yml", m.GlossaryWords, glossary)
    pages = load_prose(src, lang)
    a11y_path = src.path(lang, "accessibility.yml")
    a11y = validate(m.AccessibilityWords, src.yaml(lang, "accessibility.yml"), a11y_path, e)
    if a11y and accessibility:
        raw = src.raw[a11y_path]
        src.check_twins(
            a11y_path, raw.get("issues") or LDict(), accessibility.issues, "issues: ", raw.lines.get("issues")
        )
    if ui:
        check_ui(src, lang, ui)
    if sw and s:
        check_strategy_words(src, lang, s, sw)
    if None in (ui, sw, mw, srcw, gw, a11y):
        return None
    return Words(lang, ui, sw, mw, srcw, gw, pages, a11y)


def words_map(src: Source, lang: str, file: str, model: type | None, ids: list[str]) -> dict | None:
    """A file mapping each id to its words (validated by `model`), with a twin for every id and no other."""
    path = src.path(lang, file)
    raw = src.yaml(lang, file)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        src.errors.add(
            path, getattr(raw, "line", 1), "dict-type", "the file must map ids to words", "write 'id: words' lines"
        )
        return None
    out = {}
    for key, value in raw.items():
        if model is None:
            if not isinstance(value, str) or not value.strip():
                src.errors.add(
                    path, raw.lines[key], "string-type", f"{key}: write the name as text", "write 'id: name'"
                )
                continue
            out[key] = value.strip()
        else:
            got = validate(model, value, path, src.errors, (key,), raw.lines[key])
            if got is not None:
                out[key] = got
    src.check_twins(path, raw, ids, "")
    return out


def check_strategy_words(src: Source, lang: str, s: m.StrategyFacts, sw: m.StrategyWords) -> None:
    path = src.path(lang, "strategy.yml")
    raw = src.raw[path]
    expected = {
        "situation": s.situation,
        "values": s.values,
        "themes": [t.id for t in s.themes],
        "goals": [g for t in s.themes for g in t.goals],
        "objectives": [o for t in s.themes for o in t.objectives],
        "success_factors": [f for t in s.themes for f in t.success_factors],
        "implementation": s.implementation,
        "programmes": s.programmes,
        "monitoring": s.monitoring,
        "metrics": s.metrics,
    }
    for section, ids in expected.items():
        src.check_twins(path, raw.get(section) or LDict(), ids, f"{section}: ", raw.lines.get(section))


def check_ui(src: Source, lang: str, ui: m.UiWords) -> None:
    """The interface's words: every fixed slug, a locale of this language that Babel knows, the plural forms
    that language has (CLDR), and the same strings and plurals as the first language."""
    path = src.path(lang, "ui.yml")
    raw = src.raw[path]
    for slug_id in m.FIXED_SLUGS:
        if slug_id not in ui.slugs:
            src.errors.add(
                path,
                locate(raw, ("slugs",)),
                "missing-field",
                f"slugs.{slug_id}: required slug is missing",
                f"add '{slug_id}: <slug>' under slugs",
            )
    try:
        locale = Locale.parse(ui.locale)
    except (ValueError, UnknownLocaleError):
        locale = None
    if locale is None or locale.language != lang:
        src.errors.add(
            path,
            locate(raw, ("locale",)),
            "bad-locale",
            f"locale: '{ui.locale}' is not a {LANGUAGE_NAMES.get(lang, lang)} locale that Babel knows",
            f"write the language and the country, e.g. {lang}_FI",
        )
    if locale is not None:
        categories = set(locale.plural_form.tags) | {"other"}
        for key, forms in ui.plurals.items():
            if set(forms) != categories:
                src.errors.add(
                    path,
                    locate(raw, ("plurals", key)),
                    "plural-forms",
                    f"plurals.{key}: {LANGUAGE_NAMES.get(lang, lang)} needs the forms "
                    f"{', '.join(sorted(categories))} (CLDR), not {', '.join(sorted(forms))}",
                    f"write one line for each of: {', '.join(sorted(categories))}",
                )
    first = src.root / src.first_language() / "ui.yml"
    if lang != src.first_language() and isinstance(src.raw.get(first), dict):
        for section in ("strings", "plurals"):
            ref = src.raw[first].get(section) or {}
            src.check_twins(
                path,
                raw.get(section) or LDict(),
                list(ref),
                f"{section}: ",
                raw.lines.get(section),
                f"content/{src.first_language()}/ui.yml",
            )


def check_placeholders(src: Source, languages: list[str]) -> None:
    """A text the site fills in (`{date}`, `{n}`…) has the same placeholders in every language, and no lone
    brace: the site fills in what the first language's text names, so a placeholder misspelt in one
    language, or a `{` typed into such a text, would otherwise stop the build with a traceback. A text is
    one the site fills in when any language's version of it has a placeholder."""
    for file in WORDS_FILES:
        texts: dict[tuple, dict[str, tuple[Path, int | None, str]]] = {}
        for lang in languages:
            path = src.path(lang, file)
            for loc, line, text in leaves(src.raw.get(path)):
                texts.setdefault(loc, {})[lang] = (path, line, text)
        for loc, by_lang in texts.items():
            _check_same_placeholders(src, languages, loc, by_lang)


def _check_same_placeholders(
    src: Source, languages: list[str], loc: tuple, by_lang: dict[str, tuple[Path, int | None, str]]
) -> None:
    """One text's versions: each has the placeholders of the first language's version that has any."""
    names = {lang: placeholders(text) for lang, (_, _, text) in by_lang.items()}
    filled = [n for n in names.values() if n]  # None: not parsable; set(): no placeholder
    if not filled:
        return
    reference_lang = next(lang for lang in languages if names.get(lang))
    reference = names[reference_lang]
    for lang, (path, line, _) in by_lang.items():
        key = ".".join(str(k) for k in loc)
        shown = ", ".join(f"{{{n}}}" for n in sorted(reference))
        if names[lang] is None:
            src.errors.add(
                path,
                line,
                "bad-placeholder",
                f"{key}: a lone '{{' or '}}' in a text the site fills in",
                f"write the placeholders as in the other language ({shown}), and '{{{{' or '}}}}' for a brace itself",
            )
        elif names[lang] != reference:
            other = LANGUAGE_NAMES.get(reference_lang, reference_lang)
            mine = ", ".join(f"{{{n}}}" for n in sorted(names[lang])) or "none"
            src.errors.add(
                path,
                line,
                "bad-placeholder",
                f"{key}: the placeholders are {mine}, the {other} text has {shown}",
                f"use the same placeholders in every language ({shown}); the site fills in only these",
            )


def load_prose(src: Source, lang: str) -> dict[str, Prose]:
    pages = {}
    folder = src.path(lang, "pages")
    for path in sorted(folder.glob("*.md")) if folder.exists() else []:
        md: MarkdownFile | None = read_markdown(path, src.errors)
        if md is None:
            continue
        meta = validate(m.ProsePage, md.meta, path, src.errors)
        if meta:
            pages[path.stem] = Prose(meta, md.body.strip() + "\n")
    return pages


def check_pages_twins(src: Source, languages: list[str]) -> None:
    names = {lang: {p.name for p in src.path(lang, "pages").glob("*.md")} for lang in languages}
    for lang in languages:
        for other in languages:
            for name in sorted(names[lang] - names[other]):
                src.errors.add(
                    src.path(lang, "pages", name),
                    1,
                    "missing-twin",
                    f"the page has no {LANGUAGE_NAMES.get(other, other)} twin",
                    f"create content/{other}/pages/{name} with the same page in {LANGUAGE_NAMES.get(other, other)}",
                )


def load_translation_checks(src: Source, languages: list[str]) -> list[ContentError]:
    """Each mark of content/translation-checks.yml as a warning at the field it names; a mark that names
    no field (the words were removed, or a typo) is an error."""
    path = src.path(translations.MARKS_FILE)
    raw = src.yaml(translations.MARKS_FILE) if path.exists() else None
    if raw is None:
        return []
    if not is_list(raw, path, src.errors):
        return []
    warnings = []
    for index, entry in enumerate(raw):
        line = raw.lines[index] if isinstance(raw, LList) else None
        mark = validate(m.TranslationCheck, entry, path, src.errors, (f"entry {index + 1}",), line)
        if mark is None:
            continue
        words = src.path(mark.lang, *mark.file.split("/"))
        at = field_line(src, words, mark.item, mark.field) if mark.lang in languages else None
        if at is None:
            src.errors.add(
                path,
                line,
                "unknown-field",
                f"content/{mark.lang}/{mark.file} has no field '{mark.field}' in '{mark.item}'",
                "correct the entry, or remove it if those words are gone",
            )
            continue
        warnings.append(
            ContentError(
                f"content/{mark.lang}/{mark.file}",
                at,
                "check-translation",
                f"{mark.item}: {mark.field}: check the translation: "
                f"the {LANGUAGE_NAMES.get(mark.changed_in, mark.changed_in)} words changed on {mark.since.isoformat()}",
                f"compare with content/{mark.changed_in}/{mark.file}, then save or confirm the words in the editor "
                f"(or remove the entry from content/{translations.MARKS_FILE})",
            )
        )
    return warnings


def field_line(src: Source, path: Path, item: str, field: str) -> int | None:
    """The line of an item's field in a words file, or None when there is no such field."""
    if path.suffix == ".md":
        md = read_markdown(path, ErrorList(src.root.parent)) if path.is_file() else None
        if md is None or item != path.stem:
            return None
        if field == "body":
            return md.body_line
        return md.meta.lines.get(field) if isinstance(md.meta, LDict) and isinstance(md.meta.get(field), str) else None
    raw = src.raw.get(path)
    keys = translations.field_path(item, field)
    return locate(raw, keys) if translations.lookup(raw, keys) is not None else None
