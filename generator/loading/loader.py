"""Stage 2: validate every content file and assemble one typed `Content`, or collect every error.

Each file is validated by its model (models/); then the files are checked against each other:
every id in the words has its fact, every fact has its words in every language (a missing twin is an
error, never a silent gap), every reference names a known id, and slugs are unique per language.
The order, top to bottom: the language-neutral facts, their references, each language's words, the checks
across languages, the rounds and the updates, and last the URLs of the assembled content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import models as m
from ..contents import Content
from . import strategy, typos
from .fill import fill_warnings
from .places import raw_ids, validate, validate_list
from .rows import load_snapshots
from .slugs import check_slugs
from .source import Source, symlinks
from .theme import check_theme
from .updates import load_updates
from .words import check_pages_twins, check_placeholders, load_translation_checks, load_words


@dataclass
class Facts:
    """The language-neutral files, each validated (None or [] where it is not), and the ids listed in them
    valid or not, so that one bad entry does not make its words 'unknown'."""

    site: m.SiteFacts | None
    strategy: m.StrategyFacts | None
    metrics: list[m.MetricFacts]
    statistics: list[m.StatisticFacts]
    sources: list[m.SourceFacts]
    corrections: list[m.Correction]
    accessibility: m.AccessibilityFacts | None
    glossary: list[str]
    metric_ids: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    statistic_ids: list[str] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return list(self.site.languages) if self.site else list(m.LANGUAGES)


def load(root: Path) -> Content:
    """Read and validate content/; raises ContentErrors listing every mistake."""
    src = Source(root)
    src.errors.errors.extend(symlinks(root))  # nothing is read while content/ holds a link: it could point anywhere
    src.errors.raise_if_any()
    f = read_facts(src)
    typos.correct(src, f)
    check_facts(src, f)
    check_theme(src, f.site)
    languages = f.languages
    words = {
        lang: load_words(
            src, lang, f.strategy, f.metric_ids, f.source_ids, f.statistic_ids, f.glossary, f.accessibility
        )
        for lang in languages
    }
    strategy.check_target_readings(src, f.metrics, words)
    strategy.check_rankings(src, f.metrics, words)
    strategy.check_source_titles(src, f.sources, words)
    if f.strategy:
        strategy.check_corrections(src, f.strategy, f.corrections, words.get(languages[0]) if languages else None)
    check_pages_twins(src, languages)
    check_placeholders(src, languages)
    warnings = load_translation_checks(src, languages)
    snapshots = load_snapshots(src, f.metrics, f.sources, f.source_ids, languages)
    goal_ids = [g for t in f.strategy.themes for g in t.goals] if f.strategy else []
    updates = load_updates(src, languages, goal_ids, f.metric_ids)
    # after every file is read: a text left to fill can be in any of them
    warnings += fill_warnings(src, {lang: w.ui.fill_mark for lang, w in words.items() if w})
    check_as_of(src, f.site, snapshots)
    src.errors.raise_if_any()
    content = Content(
        f.site,
        f.strategy,
        tuple(f.metrics),
        tuple(f.sources),
        tuple(f.glossary),
        tuple(snapshots),
        f.accessibility,
        tuple(updates),
        dict(words),
        tuple(f.statistics),
        tuple(f.corrections),
        tuple(warnings),
    )
    check_slugs(src, content)
    src.errors.raise_if_any()
    return content


def read_facts(src: Source) -> Facts:
    """The language-neutral files, each validated by its model."""
    e = src.errors
    site = validate(m.SiteFacts, src.yaml("site.yml"), src.path("site.yml"), e)
    strategy = validate(m.StrategyFacts, src.yaml("strategy.yml"), src.path("strategy.yml"), e)
    metrics = validate_list(m.MetricFacts, src.yaml("metrics.yml"), src.path("metrics.yml"), e)
    listed = _sources_lists(src)
    # Entry by entry, so one bad source does not make every figure it gave 'unknown'.
    statistics = validate_list(m.StatisticFacts, listed.get("statistics", []), src.path("sources.yml"), e)
    sources = validate_list(m.SourceFacts, listed.get("sources", []), src.path("sources.yml"), e)
    corrections = (
        validate_list(m.Correction, src.yaml("corrections.yml"), src.path("corrections.yml"), e)
        if src.path("corrections.yml").exists()
        else []
    )
    accessibility = validate(m.AccessibilityFacts, src.yaml("accessibility.yml"), src.path("accessibility.yml"), e)
    glossary = _glossary(src)
    return Facts(
        site,
        strategy,
        metrics,
        statistics,
        sources,
        corrections,
        accessibility,
        glossary,
        raw_ids(src.raw.get(src.path("metrics.yml"))),
        raw_ids(listed.get("sources")),
        raw_ids(listed.get("statistics")),
    )


def _sources_lists(src: Source) -> Any:
    """content/sources.yml's two lists as read ({} when the file is not those two lists, with an error)."""
    raw = src.yaml("sources.yml")
    listed = raw if isinstance(raw, dict) and set(raw) == {"statistics", "sources"} else {}
    if raw is not None and not listed:
        src.errors.add(
            src.path("sources.yml"),
            getattr(raw, "line", 1),
            "dict-type",
            "the file must have two lists, 'statistics:' and 'sources:'",
            "see the comment at the top of the shipped file",
        )
    return listed


def _glossary(src: Source) -> list[str]:
    """The glossary's term ids, in order."""
    raw = src.yaml("glossary.yml")
    glossary = [g for g in (raw or []) if isinstance(g, str)]
    if raw is not None and (not isinstance(raw, list) or len(glossary) != len(raw)):
        src.errors.add(
            src.path("glossary.yml"),
            getattr(raw, "line", 1),
            "list-type",
            "the glossary must be a list of term ids",
            "write one '- term-id' line per term",
        )
    return glossary


def check_facts(src: Source, f: Facts) -> None:
    """The facts against each other: unique ids, and every reference to a known id."""
    strategy.check_unique_ids(src, "metrics.yml", f.metrics)
    strategy.check_unique_ids(src, "sources.yml", f.sources, "sources")
    strategy.check_unique_ids(src, "sources.yml", f.statistics, "statistics")
    strategy.check_source_refs(src, f.sources, f.statistic_ids)
    if f.strategy:
        strategy.check_strategy_ids(src, f.strategy)
        strategy.check_strategy_metrics(src, f.strategy, f.metric_ids)
        strategy.check_deadlines(src, f.metrics, f.strategy)
    strategy.check_metric_refs(src, f.metrics, f.statistic_ids, f.strategy)


def check_as_of(src: Source, site: m.SiteFacts | None, snapshots: list) -> None:
    """site.yml's as_of, when given, is on or after the newest round: statuses are judged on that day."""
    if site and site.as_of and snapshots and site.as_of < max(x.date for x in snapshots):
        # value-error: the code of a date-order mistake inside one file (accessibility.yml's dates), which the
        # editor already words in both languages
        src.errors.add(
            src.path("site.yml"),
            src.line_of("site.yml", "as_of"),
            "value-error",
            f"as_of: {site.as_of.isoformat()} is before the newest monitoring round "
            f"({max(x.date for x in snapshots).isoformat()}): "
            "the statuses would ignore that round's figures",
            "set as_of to the day the content was last reviewed, on or after the newest round",
        )
