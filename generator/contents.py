"""Stage 2: validate every content file and assemble one typed `Content`, or collect every error.

Each file is validated by its model (models.py); then the files are checked against each other:
every id in the words has its fact, every fact has its words in every language (a missing twin is an
error, never a silent gap), every reference names a known id, and slugs are unique per language.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from . import models as m
from . import translations
from .errors import ContentError, ErrorList
from .readers import LDict, LList, MarkdownFile, read_csv, read_markdown, read_yaml, refuse_link
from .urls import UrlPlan, plan_urls

M = TypeVar("M", bound=BaseModel)

LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish"}


# ---------------------------------------------------------------- assembled content


@dataclass(frozen=True, order=True)
class Period:
    """A period a figure refers to: a year, a month or a day; `end` is its last day."""

    end: dt.date
    text: str
    precision: str  # "year" | "month" | "day"

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # bounded: the editor parses whatever is typed, for as long as it runs
    def parse(text: str) -> "Period | None":
        """The period written as YYYY, YYYY-MM or YYYY-MM-DD, or None. The same texts recur in every round and a
        Period is immutable, so each is parsed once."""
        try:
            if re.fullmatch(r"\d{4}", text):
                return Period(dt.date(int(text), 12, 31), text, "year")
            if re.fullmatch(r"\d{4}-\d{2}", text):
                year, month = map(int, text.split("-"))
                if not 1 <= month <= 12:
                    return None
                nxt = dt.date(year + month // 12, month % 12 + 1, 1)
                return Period(nxt - dt.timedelta(days=1), text, "month")
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return Period(dt.date.fromisoformat(text), text, "day")
        except ValueError:
            return None
        return None


@dataclass(frozen=True)
class Row:
    """One published figure: a row of a snapshot CSV (or a figure computed from two of them)."""

    metric: str
    period: Period
    value: float
    source: str
    notes: dict[str, str]
    snapshot: dt.date
    file: str
    line: int
    computed: bool = False


@dataclass(frozen=True)
class Snapshot:
    """One monitoring round: the figures published on one date."""

    date: dt.date
    file: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class UpdateText:
    meta: m.UpdateWords
    body: str


@dataclass(frozen=True)
class Update:
    """A published update (news item) with its words in every language."""

    id: str
    facts: m.UpdateFacts
    words: dict[str, UpdateText]


@dataclass(frozen=True)
class Prose:
    meta: m.ProsePage
    body: str


@dataclass(frozen=True)
class Words:
    """All the words of one language."""

    lang: str
    ui: m.UiWords
    strategy: m.StrategyWords
    metrics: dict[str, m.MetricWords]
    sources: m.SourcesWords
    glossary: dict[str, m.GlossaryWords]
    pages: dict[str, Prose]
    accessibility: m.AccessibilityWords


@dataclass(frozen=True)
class Content:
    """Everything the generator needs, validated."""

    site: m.PageFacts
    strategy: m.StrategyFacts
    metrics: tuple[m.MetricFacts, ...]
    sources: tuple[m.SourceFacts, ...]
    glossary: tuple[str, ...]
    snapshots: tuple[Snapshot, ...]
    accessibility: m.AccessibilityFacts
    updates: tuple[Update, ...] = ()
    words: dict[str, Words] = field(default_factory=dict)
    statistics: tuple[m.StatisticFacts, ...] = ()
    corrections: tuple[m.Correction, ...] = ()
    warnings: tuple[ContentError, ...] = ()  # "check the translation" marks (translations.py): reported, not errors

    @functools.cached_property
    def source_by_id(self) -> dict[str, m.SourceFacts]:
        return {s.id: s for s in self.sources}

    @functools.cached_property
    def metric_by_id(self) -> dict[str, m.MetricFacts]:
        return {x.id: x for x in self.metrics}

    @functools.cached_property
    def urls(self) -> UrlPlan:
        """Where every page is (urls.py): computed once, when the loader checks the slugs, and read by every stage."""
        return plan_urls(self)

    @property
    def period_start(self) -> dt.date:
        """The first day of the strategy period; a figure for the period ending the day before is the baseline."""
        return dt.date(self.strategy.period_start, 1, 1)

    @property
    def languages(self) -> list[str]:
        return list(self.site.languages)

    @property
    def latest_date(self) -> dt.date:
        """The newest date in the content (draft, rounds, updates, the accessibility statement's review, as_of):
        what generated files are stamped with, so the same content gives the same bytes."""
        return max([self.strategy.draft_date, self.accessibility.reviewed] + [s.date for s in self.snapshots]
                   + [u.facts.date for u in self.updates] + ([self.site.as_of] if self.site.as_of else []))

    @property
    def last_round(self) -> dt.date | None:
        """The date of the newest monitoring round."""
        return max((s.date for s in self.snapshots), default=None)

    @property
    def as_of(self) -> dt.date | None:
        """The day statuses are judged on: site.yml's as_of (when the content was last reviewed), else the newest
        round's date; never the build's date, so the same content gives the same bytes."""
        return self.site.as_of or self.last_round

    @property
    def stopped(self) -> bool:
        """Whether figures have not been collected since the last round though the content was reviewed later."""
        return self.last_round is not None and self.as_of is not None and self.as_of > self.last_round


# ---------------------------------------------------------------- model validation with places


def locate(raw: Any, loc: tuple) -> int | None:
    """The line of the value at `loc` in data read by readers.py, or of its nearest parent."""
    line = getattr(raw, "line", None)
    node = raw
    for key in loc:
        if isinstance(node, LDict) and key in node:
            line, node = node.lines[key], node[key]
        elif isinstance(node, LList) and isinstance(key, int) and key < len(node):
            line, node = node.lines[key], node[key]
        else:
            break
    return line


_HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it or correct its spelling",
    "string_pattern_mismatch": "use lowercase letters a–z, digits and hyphens only",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "float_parsing": "write a number with a decimal point, e.g. 7.8",
    "float_type": "write a number with a decimal point, e.g. 7.8",
    "int_parsing": "write a whole number",
    "literal_error": "use one of the allowed values",
    "string_too_short": "write the text",
    "string_type": "write text here",
    "list_type": "write a list: [a, b] or lines starting with '- '",
    "dict_type": "write the fields under this key, indented",
    "model_type": "write the fields under this key, indented",
    "value_error": "correct the value",
}


def validate(model: type[M], raw: Any, path: Path, errors: ErrorList, loc: tuple = (), line: int | None = None) -> M | None:
    """Validate raw data with a model; each problem becomes an error at its line."""
    if raw is None and errors.errors and errors.errors[-1].file == errors.rel(path):
        return None  # the file could not be read or parsed: that error says it all
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = loc + tuple(err["loc"])
            field_name = ".".join(str(p) for p in where) or "(file)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "required field is missing"
            hint = _HINTS.get(err["type"], "correct the value")
            if err["type"] == "string_pattern_mismatch" and str(where[-1]).endswith("url"):
                message, hint = "not the address of a page", "write the https address of the page, table or document itself, not a site's home page"
            errors.add(path, locate(raw, tuple(err["loc"])) or line, err["type"].replace("_", "-"),
                       f"{field_name}: {message}", hint)
    return None


def validate_list(model: type[M], raw: Any, path: Path, errors: ErrorList) -> list[M]:
    """Validate a YAML list of entries one by one, so one bad entry does not hide the others."""
    if not isinstance(raw, list):
        errors.add(path, getattr(raw, "line", 1), "list-type", "the file must be a list of entries",
                   "start each entry with '- '")
        return []
    items = []
    for index, item in enumerate(raw):
        name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"entry {index + 1}"
        got = validate(model, item, path, errors, (name,), raw.lines[index] if isinstance(raw, LList) else None)
        if got is not None:
            items.append(got)
    return items


def raw_ids(raw: Any) -> list[str]:
    """The ids of a YAML list of entries, valid or not, so one bad entry does not make its words 'unknown'."""
    if not isinstance(raw, list):
        return []
    return [item["id"] for item in raw if isinstance(item, dict) and isinstance(item.get("id"), str)]


def suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known ids: {', '.join(sorted(known)[:12])}"


# ---------------------------------------------------------------- the loader


class Loader:
    """Reads and validates all of content/; `load()` returns Content or raises ContentErrors."""

    def __init__(self, root: Path):
        self.root = root
        self.errors = ErrorList(root.parent)
        self.raw: dict[Path, Any] = {}

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    def yaml(self, *parts: str) -> Any:
        path = self.path(*parts)
        if not path.exists():
            self.errors.add(path, None, "missing-file", "the file is missing", "create it (see README: Content files)")
            return None
        data = read_yaml(path, self.errors)
        self.raw[path] = data
        return data

    def load(self) -> Content:
        e = self.errors
        for error in symlinks(self.root):  # nothing is read while content/ holds a link: it could point anywhere
            e.errors.append(error)
        e.raise_if_any()
        site = validate(m.PageFacts, self.yaml("site.yml"), self.path("site.yml"), e)
        strategy = validate(m.StrategyFacts, self.yaml("strategy.yml"), self.path("strategy.yml"), e)
        metrics = validate_list(m.MetricFacts, self.yaml("metrics.yml"), self.path("metrics.yml"), e)
        sources_raw = self.yaml("sources.yml")
        listed = sources_raw if isinstance(sources_raw, dict) and set(sources_raw) == {"statistics", "sources"} else {}
        if sources_raw is not None and not listed:
            e.add(self.path("sources.yml"), getattr(sources_raw, "line", 1), "dict-type",
                  "the file must have two lists, 'statistics:' and 'sources:'", "see the comment at the top of the shipped file")
        # Entry by entry, so one bad source does not make every figure it gave 'unknown'.
        statistics = validate_list(m.StatisticFacts, listed.get("statistics", []), self.path("sources.yml"), e)
        sources = validate_list(m.SourceFacts, listed.get("sources", []), self.path("sources.yml"), e)
        corrections = validate_list(m.Correction, self.yaml("corrections.yml"), self.path("corrections.yml"), e) \
            if self.path("corrections.yml").exists() else []
        accessibility = validate(m.AccessibilityFacts, self.yaml("accessibility.yml"), self.path("accessibility.yml"), e)
        glossary_raw = self.yaml("glossary.yml")
        glossary = [g for g in (glossary_raw or []) if isinstance(g, str)]
        if glossary_raw is not None and (not isinstance(glossary_raw, list) or len(glossary) != len(glossary_raw)):
            e.add(self.path("glossary.yml"), getattr(glossary_raw, "line", 1), "list-type",
                  "the glossary must be a list of term ids", "write one '- term-id' line per term")
        languages = list(site.languages) if site else list(m.LANGUAGES)
        metric_ids = raw_ids(self.raw.get(self.path("metrics.yml")))
        source_ids, statistic_ids = raw_ids(listed.get("sources")), raw_ids(listed.get("statistics"))
        self.check_unique_ids("metrics.yml", metrics)
        self.check_unique_ids("sources.yml", sources, "sources")
        self.check_unique_ids("sources.yml", statistics, "statistics")
        self.check_source_refs(sources, statistic_ids)
        if strategy:
            self.check_strategy_ids(strategy)
            self.check_strategy_metrics(strategy, metric_ids)
        self.check_metric_refs(metrics, statistic_ids, strategy)
        words = {lang: self.load_words(lang, strategy, metric_ids, source_ids, statistic_ids, glossary, accessibility)
                 for lang in languages}
        self.check_target_readings(metrics, words)
        self.check_source_titles(sources, words)
        if strategy:
            self.check_corrections(strategy, corrections, words.get(languages[0]) if languages else None)
        self.check_pages_twins(languages)
        self.check_placeholders(languages)
        warnings = self.load_translation_checks(languages)
        snapshots = self.load_snapshots(metrics, sources, source_ids, languages)
        goal_ids = [g for t in strategy.themes for g in t.goals] if strategy else []
        updates = self.load_updates(languages, goal_ids, metric_ids)
        if site and site.as_of and snapshots and site.as_of < max(x.date for x in snapshots):
            # value-error: the code of a date-order mistake inside one file (accessibility.yml's dates), which the
            # editor already words in both languages
            e.add(self.path("site.yml"), self.line_of("site.yml", "as_of"), "value-error",
                  f"as_of: {site.as_of.isoformat()} is before the newest monitoring round "
                  f"({max(x.date for x in snapshots).isoformat()}): the statuses would ignore that round's figures",
                  "set as_of to the day the content was last reviewed, on or after the newest round")
        e.raise_if_any()
        content = Content(site, strategy, tuple(metrics), tuple(sources), tuple(glossary), tuple(snapshots),
                          accessibility, tuple(updates), {lang: w for lang, w in words.items()}, tuple(statistics),
                          tuple(corrections), tuple(warnings))
        self.check_slugs(content)
        e.raise_if_any()
        return content

    # -- facts

    def line_of(self, file: str, *loc: Any) -> int | None:
        return locate(self.raw.get(self.path(*file.split("/"))), loc)

    def check_unique_ids(self, file: str, items: list, *within: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                self.errors.add(self.path(file), self.line_of(file, *within, index), "duplicate-id",
                                f"the id '{item.id}' is used twice", "give each entry its own id")
            seen.add(item.id)

    def check_strategy_ids(self, s: m.StrategyFacts) -> None:
        seen: dict[str, str] = {}
        groups = [("situation", s.situation), ("values", s.values), ("implementation", s.implementation),
                  ("programmes", s.programmes), ("monitoring", s.monitoring)]
        for i, t in enumerate(s.themes):
            groups += [(f"themes.{i}.goals", t.goals), (f"themes.{i}.objectives", t.objectives),
                       (f"themes.{i}.success_factors", t.success_factors)]
        groups.append(("themes", [t.id for t in s.themes]))
        for where, ids in groups:
            kind = where.split(".")[-1]
            for id_ in ids:
                key = f"{kind}:{id_}"
                if key in seen:
                    self.errors.add(self.path("strategy.yml"), self.line_of("strategy.yml", *self._loc(where)),
                                    "duplicate-id", f"{kind}: the id '{id_}' appears twice",
                                    "each id may appear only once in the strategy")
                seen[key] = where

    @staticmethod
    def _loc(where: str) -> tuple:
        return tuple(int(p) if p.isdigit() else p for p in where.split("."))

    def check_source_titles(self, sources: list[m.SourceFacts], words: dict) -> None:
        """A source with its own title is named with it in every language ({title} once in each name), and a
        name with {title} belongs to a source that has one."""
        for source in sources:
            for lang, w in words.items():
                if not w or source.id not in w.sources.sources:
                    continue
                count = w.sources.sources[source.id].count("{title}")
                if count != (1 if source.title else 0):
                    path = self.path(lang, "sources.yml")
                    raw = self.raw.get(path)
                    listed = raw.get("sources") if isinstance(raw, dict) else None
                    line = listed.lines.get(source.id) if hasattr(listed, "lines") else None
                    self.errors.add(path, line, "bad-placeholder",
                                    f"sources.{source.id}: " + ("the name must show the page's title once, as {title}"
                                                                if source.title else "the name has {title}, but content/sources.yml gives this source no title"),
                                    "write {title} once in the name where the page's own title goes" if source.title
                                    else f"add 'title:' and 'title_lang:' to {source.id} in content/sources.yml, or remove {{title}}")

    def check_source_refs(self, sources: list[m.SourceFacts], statistic_ids: list[str]) -> None:
        for index, source in enumerate(sources):
            if source.statistic not in statistic_ids:
                self.errors.add(self.path("sources.yml"), self.line_of("sources.yml", "sources", index, "statistic"),
                                "unknown-id", f"{source.id}.statistic: unknown statistic '{source.statistic}'",
                                f"add it under statistics: or {suggest(source.statistic, statistic_ids)}")

    def check_strategy_metrics(self, s: m.StrategyFacts, metric_ids: list[str]) -> None:
        for j, ref in enumerate(s.metrics):
            if ref not in metric_ids:
                self.errors.add(self.path("strategy.yml"), self.line_of("strategy.yml", "metrics", j), "unknown-id",
                                f"metrics: unknown metric '{ref}'", suggest(ref, metric_ids))

    def check_corrections(self, s: m.StrategyFacts, corrections: list[m.Correction], words: "Words | None") -> None:
        """Each correction's draft text is in the draft as received, and its site text is on the site."""
        path = self.path(*s.source_text.split("/"))
        if not path.is_file():
            self.errors.add(self.path("strategy.yml"), self.line_of("strategy.yml", "source_text"), "missing-file",
                            f"source_text: there is no file content/{s.source_text}", "name the draft's text file under content/")
            return
        draft = path.read_text(encoding="utf-8")
        site = self.path(self.first_language(), "strategy.yml").read_text(encoding="utf-8") if words else ""
        for index, c in enumerate(corrections):
            line = self.line_of("corrections.yml", index)
            if c.draft not in draft:
                self.errors.add(self.path("corrections.yml"), line, "correction-not-in-draft",
                                f"'{c.draft}' is not in content/{s.source_text}", "copy the draft's text exactly as it is there")
            if words and c.site not in site:
                self.errors.add(self.path("corrections.yml"), line, "correction-not-on-site",
                                f"'{c.site}' is not in content/{self.first_language()}/strategy.yml",
                                "write the corrected text in the strategy's words, or remove the correction")

    def check_metric_refs(self, metrics: list[m.MetricFacts], statistic_ids: list[str], s: m.StrategyFacts | None) -> None:
        by_id = {x.id: x for x in metrics}
        known = {
            "themes": [t.id for t in s.themes] if s else [],
            "goals": [g for t in s.themes for g in t.goals] if s else [],
            "objectives": [o for t in s.themes for o in t.objectives] if s else [],
        }
        for index, metric in enumerate(metrics):
            def bad(value: str, options: list[str], *loc: Any) -> None:
                field_name = ".".join(str(p) for p in loc if not isinstance(p, int))
                self.errors.add(self.path("metrics.yml"), self.line_of("metrics.yml", index, *loc),
                                "unknown-id", f"{metric.id}.{field_name}: unknown id '{value}'", suggest(value, options))
            if metric.statistic not in statistic_ids:
                bad(metric.statistic, statistic_ids, "statistic")
            if s:
                for j, ref in enumerate(metric.objectives):
                    if ref not in known["objectives"]:
                        bad(ref, known["objectives"], "objectives", j)
                for kind in ("themes", "goals"):
                    for j, ref in enumerate(getattr(metric.reading, kind)):
                        if ref not in known[kind]:
                            bad(ref, known[kind], "reading", kind, j)
            if metric.formula:
                for part in ("numerator", "denominator"):
                    ref = getattr(metric.formula, part)
                    line = self.line_of("metrics.yml", index, "formula", part)
                    if ref not in by_id or ref == metric.id:
                        self.errors.add(self.path("metrics.yml"), line, "unknown-id",
                                        f"{metric.id}.formula.{part}: unknown metric '{ref}'", suggest(ref, list(by_id)))
                    elif by_id[ref].statistic != metric.statistic:
                        self.errors.add(self.path("metrics.yml"), line, "mixed-statistics",
                                        f"{metric.id}.formula.{part}: '{ref}' comes from the statistic '{by_id[ref].statistic}', "
                                        f"'{metric.id}' from '{metric.statistic}': a series never mixes statistics",
                                        "compute a metric only from metrics of its own statistic")

    # -- words

    def load_words(self, lang: str, s: m.StrategyFacts | None, metric_ids: list[str], source_ids: list[str],
                   statistic_ids: list[str], glossary: list[str], accessibility: m.AccessibilityFacts | None) -> Words | None:
        e = self.errors
        ui = validate(m.UiWords, self.yaml(lang, "ui.yml"), self.path(lang, "ui.yml"), e)
        sw = validate(m.StrategyWords, self.yaml(lang, "strategy.yml"), self.path(lang, "strategy.yml"), e)
        mw = self.words_map(lang, "metrics.yml", m.MetricWords, metric_ids)
        src_path = self.path(lang, "sources.yml")
        srcw = validate(m.SourcesWords, self.yaml(lang, "sources.yml"), src_path, e)
        if srcw:
            raw = self.raw[src_path]
            self.check_twins(src_path, raw["statistics"], statistic_ids, "statistics: ", raw.lines["statistics"])
            self.check_twins(src_path, raw["sources"], source_ids, "sources: ", raw.lines["sources"])
        gw = self.words_map(lang, "glossary.yml", m.GlossaryWords, glossary)
        pages = self.load_prose(lang)
        a11y_path = self.path(lang, "accessibility.yml")
        a11y = validate(m.AccessibilityWords, self.yaml(lang, "accessibility.yml"), a11y_path, e)
        if a11y and accessibility:
            raw = self.raw[a11y_path]
            self.check_twins(a11y_path, raw.get("issues") or LDict(), accessibility.issues, "issues: ", raw.lines.get("issues"))
        if ui:
            self.check_ui(lang, ui)
        if sw and s:
            self.check_strategy_words(lang, s, sw)
        if None in (ui, sw, mw, srcw, gw, a11y):
            return None
        return Words(lang, ui, sw, mw, srcw, gw, pages, a11y)

    def words_map(self, lang: str, file: str, model: type | None, ids: list[str]) -> dict | None:
        path = self.path(lang, file)
        raw = self.yaml(lang, file)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.errors.add(path, getattr(raw, "line", 1), "dict-type", "the file must map ids to words", "write 'id: words' lines")
            return None
        out = {}
        for key, value in raw.items():
            if model is None:
                if not isinstance(value, str) or not value.strip():
                    self.errors.add(path, raw.lines[key], "string-type", f"{key}: write the name as text", "write 'id: name'")
                    continue
                out[key] = value.strip()
            else:
                got = validate(model, value, path, self.errors, (key,), raw.lines[key])
                if got is not None:
                    out[key] = got
        self.check_twins(path, raw, ids, "")
        return out

    def check_target_readings(self, metrics: list, words: dict) -> None:
        """A target marked as the site's reading (metrics.yml target.reading) says in every language what the
        reading is and why, so that no page shows the site's rule as the strategy's own (B-10)."""
        for metric in metrics:
            if not (metric.target and metric.target.reading):
                continue
            for lang, w in words.items():
                mw = w.metrics.get(metric.id) if w else None
                if mw is not None and mw.target_reading is None:
                    path = self.path(lang, "metrics.yml")
                    self.errors.add(path, self.raw[path].lines.get(metric.id), "missing-translation",
                                    f"{metric.id}: the target is marked as the site's reading (metrics.yml target.reading) "
                                    "but has no 'target_reading' text",
                                    "add 'target_reading:' saying which part of the target is the site's reading and why")

    def check_twins(self, path: Path, raw: LDict, ids: list[str], what: str, line: int | None = None,
                    reference: str = "the language-neutral content") -> None:
        """Every neutral id has words here, and every id here is a neutral id."""
        lang = path.relative_to(self.root).parts[0]
        for id_ in ids:
            if id_ not in raw:
                self.errors.add(path, line or getattr(raw, "line", None), "missing-translation",
                                f"{what}no {LANGUAGE_NAMES.get(lang, lang)} words for '{id_}'",
                                f"add '{id_}:' with its {LANGUAGE_NAMES.get(lang, lang)} text")
        for key in raw:
            if key not in ids:
                self.errors.add(path, raw.lines[key], "unknown-id", f"{what}unknown id '{key}'",
                                f"it is not in {reference}; {suggest(key, ids)}")

    def check_strategy_words(self, lang: str, s: m.StrategyFacts, sw: m.StrategyWords) -> None:
        path = self.path(lang, "strategy.yml")
        raw = self.raw[path]
        expected = {
            "situation": s.situation, "values": s.values, "themes": [t.id for t in s.themes],
            "goals": [g for t in s.themes for g in t.goals],
            "objectives": [o for t in s.themes for o in t.objectives],
            "success_factors": [f for t in s.themes for f in t.success_factors],
            "implementation": s.implementation, "programmes": s.programmes, "monitoring": s.monitoring,
            "metrics": s.metrics,
        }
        for section, ids in expected.items():
            self.check_twins(path, raw.get(section) or LDict(), ids, f"{section}: ", raw.lines.get(section))

    def check_ui(self, lang: str, ui: m.UiWords) -> None:
        path = self.path(lang, "ui.yml")
        raw = self.raw[path]
        for slug_id in m.FIXED_SLUGS:
            if slug_id not in ui.slugs:
                self.errors.add(path, locate(raw, ("slugs",)), "missing-field", f"slugs.{slug_id}: required slug is missing",
                                f"add '{slug_id}: <slug>' under slugs")
        try:
            locale = Locale.parse(ui.locale)
        except (ValueError, UnknownLocaleError):
            locale = None
        if locale is None or locale.language != lang:
            self.errors.add(path, locate(raw, ("locale",)), "bad-locale",
                            f"locale: '{ui.locale}' is not a {LANGUAGE_NAMES.get(lang, lang)} locale that Babel knows",
                            f"write the language and the country, e.g. {lang}_FI")
        if locale is not None:
            categories = set(locale.plural_form.tags) | {"other"}
            for key, forms in ui.plurals.items():
                if set(forms) != categories:
                    self.errors.add(path, locate(raw, ("plurals", key)), "plural-forms",
                                    f"plurals.{key}: {LANGUAGE_NAMES.get(lang, lang)} needs the forms "
                                    f"{', '.join(sorted(categories))} (CLDR), not {', '.join(sorted(forms))}",
                                    f"write one line for each of: {', '.join(sorted(categories))}")
        first = self.root / self.first_language() / "ui.yml"
        if lang != self.first_language() and isinstance(self.raw.get(first), dict):
            for section in ("strings", "plurals"):
                ref = self.raw[first].get(section) or {}
                self.check_twins(path, raw.get(section) or LDict(), list(ref), f"{section}: ", raw.lines.get(section),
                                 f"content/{self.first_language()}/ui.yml")

    def check_placeholders(self, languages: list[str]) -> None:
        """A text the site fills in (`{date}`, `{n}`…) has the same placeholders in every language, and no lone
        brace: the site fills in what the first language's text names, so a placeholder misspelt in one
        language, or a `{` typed into such a text, would otherwise stop the build with a traceback. A text is
        one the site fills in when any language's version of it has a placeholder."""
        for file in WORDS_FILES:
            texts: dict[tuple, dict[str, tuple[Path, int | None, str]]] = {}
            for lang in languages:
                path = self.path(lang, file)
                for loc, line, text in _leaves(self.raw.get(path)):
                    texts.setdefault(loc, {})[lang] = (path, line, text)
            for loc, by_lang in texts.items():
                names = {lang: _placeholders(text) for lang, (_, _, text) in by_lang.items()}
                filled = [n for n in names.values() if n]  # None: not parsable; set(): no placeholder
                if not filled:
                    continue
                reference_lang = next(lang for lang in languages if names.get(lang))
                reference = names[reference_lang]
                for lang, (path, line, _) in by_lang.items():
                    key = ".".join(str(k) for k in loc)
                    shown = ", ".join(f"{{{n}}}" for n in sorted(reference))
                    if names[lang] is None:
                        self.errors.add(path, line, "bad-placeholder", f"{key}: a lone '{{' or '}}' in a text the site fills in",
                                        f"write the placeholders as in the other language ({shown}), and '{{{{' or '}}}}' for a brace itself")
                    elif names[lang] != reference:
                        other = LANGUAGE_NAMES.get(reference_lang, reference_lang)
                        mine = ", ".join(f"{{{n}}}" for n in sorted(names[lang])) or "none"
                        self.errors.add(path, line, "bad-placeholder",
                                        f"{key}: the placeholders are {mine}, the {other} text has {shown}",
                                        f"use the same placeholders in every language ({shown}); the site fills in only these")

    def first_language(self) -> str:
        site = self.raw.get(self.path("site.yml"))
        langs = site.get("languages") if isinstance(site, dict) else None
        return langs[0] if langs else "fi"

    def load_prose(self, lang: str) -> dict[str, Prose]:
        pages = {}
        folder = self.path(lang, "pages")
        for path in sorted(folder.glob("*.md")) if folder.exists() else []:
            md: MarkdownFile | None = read_markdown(path, self.errors)
            if md is None:
                continue
            meta = validate(m.ProsePage, md.meta, path, self.errors)
            if meta:
                pages[path.stem] = Prose(meta, md.body.strip() + "\n")
        return pages

    def check_pages_twins(self, languages: list[str]) -> None:
        names = {lang: {p.name for p in self.path(lang, "pages").glob("*.md")} for lang in languages}
        for lang in languages:
            for other in languages:
                for name in sorted(names[lang] - names[other]):
                    self.errors.add(self.path(lang, "pages", name), 1, "missing-twin",
                                    f"the page has no {LANGUAGE_NAMES.get(other, other)} twin",
                                    f"create content/{other}/pages/{name} with the same page in {LANGUAGE_NAMES.get(other, other)}")

    def load_translation_checks(self, languages: list[str]) -> list[ContentError]:
        """Each mark of content/translation-checks.yml as a warning at the field it names; a mark that names
        no field (the words were removed, or a typo) is an error."""
        path = self.path(translations.MARKS_FILE)
        raw = self.yaml(translations.MARKS_FILE) if path.exists() else None
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.errors.add(path, getattr(raw, "line", 1), "list-type", "the file must be a list of entries", "start each entry with '- '")
            return []
        warnings = []
        for index, entry in enumerate(raw):
            line = raw.lines[index] if isinstance(raw, LList) else None
            mark = validate(m.TranslationCheck, entry, path, self.errors, (f"entry {index + 1}",), line)
            if mark is None:
                continue
            words = self.path(mark.lang, *mark.file.split("/"))
            at = self.field_line(words, mark.item, mark.field) if mark.lang in languages else None
            if at is None:
                self.errors.add(path, line, "unknown-field", f"content/{mark.lang}/{mark.file} has no field '{mark.field}' in '{mark.item}'",
                                "correct the entry, or remove it if those words are gone")
                continue
            warnings.append(ContentError(
                f"content/{mark.lang}/{mark.file}", at, "check-translation",
                f"{mark.item}: {mark.field}: check the translation: the {LANGUAGE_NAMES.get(mark.changed_in, mark.changed_in)} "
                f"words changed on {mark.since.isoformat()}",
                f"compare with content/{mark.changed_in}/{mark.file}, then save or confirm the words in the editor "
                f"(or remove the entry from content/{translations.MARKS_FILE})"))
        return warnings

    def field_line(self, path: Path, item: str, field: str) -> int | None:
        """The line of an item's field in a words file, or None when there is no such field."""
        if path.suffix == ".md":
            md = read_markdown(path, ErrorList(self.root.parent)) if path.is_file() else None
            if md is None or item != path.stem:
                return None
            if field == "body":
                return md.body_line
            return md.meta.lines.get(field) if isinstance(md.meta, LDict) and isinstance(md.meta.get(field), str) else None
        raw = self.raw.get(path)
        keys = translations.field_path(item, field)
        return locate(raw, keys) if translations.lookup(raw, keys) is not None else None

    # -- updates

    def load_updates(self, languages: list[str], goal_ids: list[str], metric_ids: list[str]) -> list[Update]:
        """Updates: facts in content/updates/<id>.yml, words in content/<lang>/updates/<id>.md; drafts are skipped."""
        folder = self.path("updates")
        ids = sorted(p.stem for p in folder.glob("*.yml")) if folder.exists() else []
        word_files = {lang: {p.stem: p for p in sorted(self.path(lang, "updates").glob("*.md"))} for lang in languages}
        for lang in languages:
            for stem, path in word_files[lang].items():
                if stem not in ids:
                    self.errors.add(path, 1, "missing-facts", f"the update '{stem}' has no facts file",
                                    f"create content/updates/{stem}.yml (date, goals, metrics), e.g. with 'strategy-site new-update'")
        updates = []
        for id_ in ids:
            path = folder / f"{id_}.yml"
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_):
                self.errors.add(path, None, "bad-id", f"the file name '{id_}' is not a valid update id",
                                "use lowercase a–z, digits and hyphens, e.g. 2026-11-27-new-figures.yml")
                continue
            raw = read_yaml(path, self.errors)
            self.raw[path] = raw
            facts = validate(m.UpdateFacts, raw, path, self.errors)
            if facts is None:
                continue
            for kind, known in (("goals", goal_ids), ("metrics", metric_ids)):
                for j, ref in enumerate(getattr(facts, kind)):
                    if ref not in known:
                        self.errors.add(path, locate(raw, (kind, j)), "unknown-id", f"{kind}: unknown id '{ref}'", suggest(ref, known))
            if facts.draft:
                continue  # a draft is neither published nor checked: it may lack its text and its twin
            texts = {}
            for lang in languages:
                md_path = word_files[lang].get(id_)
                if md_path is None:
                    self.errors.add(path, None, "missing-twin", f"the update has no {LANGUAGE_NAMES.get(lang, lang)} text",
                                    f"create content/{lang}/updates/{id_}.md, or mark the update 'draft: true'")
                    continue
                md = read_markdown(md_path, self.errors)
                meta = validate(m.UpdateWords, md.meta, md_path, self.errors) if md else None
                if meta is None:
                    continue
                if not md.body.strip():
                    self.errors.add(md_path, md.body_line, "empty-body", "the update has no text",
                                    "write the update below the front matter, or mark it 'draft: true'")
                texts[lang] = UpdateText(meta, md.body.strip() + "\n")
            if len(texts) == len(languages):
                updates.append(Update(id_, facts, texts))
        return sorted(updates, key=lambda u: (u.facts.date, u.id), reverse=True)

    # -- snapshots

    def load_snapshots(self, metrics: list[m.MetricFacts], sources: list[m.SourceFacts], all_source_ids: list[str],
                       languages: list[str]) -> list[Snapshot]:
        folder = self.path("snapshots")
        snapshots = []
        for path in sorted(folder.glob("*")) if folder.exists() else []:
            if path.suffix != ".csv" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem):
                self.errors.add(path, None, "snapshot-name", "a snapshot file must be named YYYY-MM-DD.csv",
                                "rename it to the date of the monitoring round, e.g. 2020-04-30.csv")
                continue
            try:
                date = dt.date.fromisoformat(path.stem)
            except ValueError:
                self.errors.add(path, None, "snapshot-name", f"'{path.stem}' is not a date",
                                "rename it to the real date of the monitoring round, YYYY-MM-DD.csv")
                continue
            table = read_csv(path, self.errors, number_column="value")
            if table is None:
                continue
            missing = [c for c in snapshot_columns(languages) if c not in table.header]
            if missing:
                self.errors.add(path, 1, "csv-header", f"missing column(s): {', '.join(missing)}",
                                f"the first line must be: {','.join(snapshot_columns(languages))}")
                continue
            file = self.errors.rel(path)
            rows = self.snapshot_rows(file, table.rows, date, metrics, sources, all_source_ids, languages)
            snapshots.append(Snapshot(date, file, tuple(rows)))
        return snapshots

    def snapshot_rows(self, file: str, rows: list[tuple[int, dict[str, str]]], date: dt.date, metrics: list[m.MetricFacts],
                      sources: list[m.SourceFacts], all_source_ids: list[str], languages: list[str]) -> list[Row]:
        """The rows of one monitoring round, checked (each row, and one figure per metric and period); the
        build's snapshot files and `strategy-site import-round` both come through here."""
        metric_ids = {x.id: x.statistic for x in metrics}
        # Every source listed, valid or not (an invalid one has its own error), with its statistic where known.
        source_ids = {i: None for i in all_source_ids} | {x.id: x.statistic for x in sources}
        found = []
        seen: dict[tuple[str, str], int] = {}
        for line, cells in rows:
            row = self.snapshot_row(file, line, cells, date, metric_ids, source_ids, languages)
            if row is None:
                continue
            key = (row.metric, row.period.end.isoformat())
            if key in seen:
                self.errors.add(file, line, "duplicate-period",
                                f"metric '{row.metric}' has a second figure for period {row.period.text} (first on line {seen[key]})",
                                "keep one row per metric and period", column="period")
                continue
            seen[key] = line
            found.append(row)
        return found

    def snapshot_row(self, file: str, line: int, cells: dict[str, str], date: dt.date,
                     metric_ids: dict[str, str], source_ids: dict[str, str], languages: list[str]) -> Row | None:
        """One CSV row as a Row, or None after adding its errors; `file` is already relative (thousands of rows);
        `metric_ids` and `source_ids` map each id to its statistic."""
        ok = True

        def err(code: str, message: str, hint: str, column: str) -> None:
            nonlocal ok
            ok = False
            self.errors.add(file, line, code, message, hint, column=column)

        for column in ("metric", "period", "value", "source"):
            if not cells[column]:
                err("empty-cell", f"the '{column}' cell is empty", f"fill in the {column}", column)
        metric, period_text, value_text, source = (cells[c] for c in ("metric", "period", "value", "source"))
        if metric and metric not in metric_ids:
            err("unknown-metric", f"unknown metric '{metric}'", suggest(metric, list(metric_ids)), "metric")
        if source and source not in source_ids:
            err("unknown-source", f"unknown source '{source}'", f"add it to content/sources.yml or {suggest(source, list(source_ids))}", "source")
        elif source and metric in metric_ids and source_ids[source] not in (None, metric_ids[metric]):
            err("mixed-statistics", f"the source '{source}' publishes the statistic '{source_ids[source]}', but metric "
                f"'{metric}' is measured with '{metric_ids[metric]}': a series never mixes statistics",
                f"give a source of '{metric_ids[metric]}', or make a metric of its own for '{source_ids[source]}'", "source")
        period = Period.parse(period_text) if period_text else None
        if period_text and period is None:
            err("bad-period", f"the period '{period_text}' is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31", "period")
        elif period and not (dt.date(1900, 1, 1) <= period.end <= date):
            err("period-out-of-range", f"the period {period_text} is after the round's date {date.isoformat()}" if period.end > date
                else f"the period {period_text} is before 1900", "check the year; a round can only publish figures of past periods", "period")
        value = None
        if value_text:
            if re.fullmatch(r"-?\d+,\d+", value_text):
                err("decimal-comma", f"the value '{value_text}' has a decimal comma",
                    f"write it with a decimal point: {value_text.replace(',', '.')}", "value")
            else:
                try:
                    value = float(value_text.replace("\u00a0", "").replace(" ", "")) if re.fullmatch(r"-?[\d \u00a0]*\.?\d+", value_text) else None
                except ValueError:
                    value = None
                if value is None:
                    err("not-a-number", f"the value '{value_text}' is not a number", "write digits with a decimal point, e.g. 7.8, without units", "value")
        notes = {lang: cells.get(f"note_{lang}", "") for lang in languages}
        for lang in languages:
            for other in languages:
                if notes[lang] and not notes[other]:
                    err("missing-translation", f"the note has no {LANGUAGE_NAMES.get(other, other)} twin (note_{other} is empty)",
                        f"write the note in {LANGUAGE_NAMES.get(other, other)} too, or leave both notes empty", f"note_{other}")
        if not ok or value is None or period is None:
            return None
        return Row(metric, period, value, source, notes, date, file, line)

    # -- slugs

    def check_slugs(self, content: Content) -> None:
        """Two pages of one language may not share a URL."""
        for lang in content.languages:
            current = content.urls.pages[lang]
            for old, key in content.urls.old[lang].items():
                if old in current.values():
                    file, line = self.slug_place(lang, key)
                    self.errors.add(file, line, "old-slug-in-use",
                                    f"'{key[1]}' lists an old slug whose URL {lang}/{old} belongs to another page now",
                                    "an old URL must keep leading to its page: give the other page another slug")
            seen: dict[str, str] = {}
            for key, path in current.items():
                if path in seen:
                    file, line = self.slug_place(lang, key)
                    self.errors.add(file, line, "duplicate-slug",
                                    f"'{key[1]}' has the same URL as '{seen[path][1]}': {lang}/{path}",
                                    "give one of them another slug")
                seen[path] = key

    def slug_place(self, lang: str, key: tuple[str, str]) -> tuple[Path, int | None]:
        """The file and line where the slug of page `key` is declared."""
        kind, id_ = key
        if kind in ("theme", "goal"):
            file = self.path(lang, "strategy.yml")
            return file, locate(self.raw.get(file), (kind + "s", id_, "slug"))
        if kind == "metric":
            file = self.path(lang, "metrics.yml")
            return file, locate(self.raw.get(file), (id_, "slug"))
        if kind == "prose":
            return self.path(lang, "pages", f"{id_}.md"), 2
        if kind == "update":
            return self.path(lang, "updates", f"{id_}.md"), 2
        if kind == "accessibility":
            file = self.path(lang, "accessibility.yml")
            return file, locate(self.raw.get(file), ("slug",))
        file = self.path(lang, "ui.yml")
        return file, locate(self.raw.get(file), ("slugs", id_))


WORDS_FILES = ("ui.yml", "strategy.yml", "metrics.yml", "sources.yml", "glossary.yml", "accessibility.yml")


def _leaves(raw: Any, loc: tuple = ()) -> list[tuple[tuple, int | None, str]]:
    """Every text of a words file read from YAML: (its key path, its line, the text)."""
    found = []
    if isinstance(raw, LDict):
        for key, value in raw.items():
            if isinstance(value, str):
                found.append((loc + (key,), raw.lines.get(key), value))
            else:
                found += _leaves(value, loc + (key,))
    elif isinstance(raw, LList):
        for index, value in enumerate(raw):
            if isinstance(value, str):
                found.append((loc + (index,), raw.lines[index], value))
            else:
                found += _leaves(value, loc + (index,))
    return found


def _placeholders(text: str) -> set[str] | None:
    """The names a `str.format` template fills in (`{date}` → date), None where it cannot be one (a lone brace).
    Only names (identifiers) count: braces around anything else (`{: .class }`, `{}`) are not the site's
    placeholders, so a text that merely has braces is not taken for one the site fills in."""
    import string

    try:
        names = {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None
    return {n for n in names if n.isidentifier()}


def snapshot_columns(languages: list[str]) -> list[str]:
    """The columns of a snapshot file, in order."""
    return ["metric", "period", "value", "source"] + [f"note_{lang}" for lang in languages]


def symlinks(root: Path) -> list[ContentError]:
    """Every symbolic link in content/ (content/ itself included), to a file or a folder, inside or outside, as an
    error naming it (readers.refuse_link says why); a linked folder is not looked into."""
    errors = ErrorList(root.parent)

    def walk(folder: Path, rel: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_symlink():
                refuse_link(errors, f"{rel}/{entry.name}", entry.is_dir())
            elif entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), f"{rel}/{entry.name}")

    if root.is_symlink():
        refuse_link(errors, root.name, True)
    elif root.is_dir():
        walk(root, root.name)
    return errors.errors


def load(root: Path) -> Content:
    """Read and validate content/; raises ContentErrors listing every mistake."""
    return Loader(root).load()
