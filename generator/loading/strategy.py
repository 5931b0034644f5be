"""The language-neutral facts checked against each other: unique ids, references that name known ids (the
strategy's metrics, each metric's statistic, goals and formula, each source's statistic), and the few checks
that need the words too (source titles, target readings, corrections against the draft)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import models as m
from ..contents import Words
from .places import suggest
from .source import Source


def check_unique_ids(src: Source, file: str, items: list, *within: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            src.errors.add(
                src.path(file),
                src.line_of(file, *within, index),
                "duplicate-id",
                f"the id '{item.id}' is used twice",
                "give each entry its own id",
            )
        seen.add(item.id)


def check_strategy_ids(src: Source, s: m.StrategyFacts) -> None:
    """No id appears twice among the strategy's entries of one kind."""
    seen: dict[str, str] = {}
    groups = [
        ("situation", s.situation),
        ("values", s.values),
        ("implementation", s.implementation),
        ("programmes", s.programmes),
        ("monitoring", s.monitoring),
    ]
    for i, t in enumerate(s.themes):
        groups += [
            (f"themes.{i}.goals", t.goals),
            (f"themes.{i}.objectives", t.objectives),
            (f"themes.{i}.success_factors", t.success_factors),
        ]
    groups.append(("themes", [t.id for t in s.themes]))
    for where, ids in groups:
        kind = where.split(".")[-1]
        for id_ in ids:
            key = f"{kind}:{id_}"
            if key in seen:
                src.errors.add(
                    src.path("strategy.yml"),
                    src.line_of("strategy.yml", *_loc(where)),
                    "duplicate-id",
                    f"{kind}: the id '{id_}' appears twice",
                    "each id may appear only once in the strategy",
                )
            seen[key] = where


def _loc(where: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in where.split("."))


def check_source_titles(src: Source, sources: list[m.SourceFacts], words: dict) -> None:
    """A source with its own title is named with it in every language ({title} once in each name), and a
    name with {title} belongs to a source that has one."""
    for source in sources:
        for lang, w in words.items():
            if not w or source.id not in w.sources.sources:
                continue
            count = w.sources.sources[source.id].count("{title}")
            if count != (1 if source.title else 0):
                path = src.path(lang, "sources.yml")
                raw = src.raw.get(path)
                listed = raw.get("sources") if isinstance(raw, dict) else None
                line = listed.lines.get(source.id) if hasattr(listed, "lines") else None
                if source.title:
                    message = "the name must show the page's title once, as {title}"
                    hint = "write {title} once in the name where the page's own title goes"
                else:
                    message = "the name has {title}, but content/sources.yml gives this source no title"
                    hint = f"add 'title:' and 'title_lang:' to {source.id} in content/sources.yml, or remove {{title}}"
                src.errors.add(path, line, "bad-placeholder", f"sources.{source.id}: {message}", hint)


def check_source_refs(src: Source, sources: list[m.SourceFacts], statistic_ids: list[str]) -> None:
    for index, source in enumerate(sources):
        if source.statistic not in statistic_ids:
            src.errors.add(
                src.path("sources.yml"),
                src.line_of("sources.yml", "sources", index, "statistic"),
                "unknown-id",
                f"{source.id}.statistic: unknown statistic '{source.statistic}'",
                f"add it under statistics: or {suggest(source.statistic, statistic_ids)}",
            )


def check_strategy_metrics(src: Source, s: m.StrategyFacts, metric_ids: list[str]) -> None:
    for j, ref in enumerate(s.metrics):
        if ref not in metric_ids:
            src.errors.add(
                src.path("strategy.yml"),
                src.line_of("strategy.yml", "metrics", j),
                "unknown-id",
                f"metrics: unknown metric '{ref}'",
                suggest(ref, metric_ids),
            )


def check_corrections(src: Source, s: m.StrategyFacts, corrections: list[m.Correction], words: Words | None) -> None:
    """Each correction's draft text is in the draft as received, and its site text is on the site."""
    if s.source_text is None:
        if corrections:
            src.errors.add(
                src.path("corrections.yml"),
                1,
                "no-source-text",
                "corrections need the text as received, and strategy.yml names none",
                "name the file in strategy.yml as source_text: source/<file>, or empty corrections.yml",
            )
        return
    path = src.path(*s.source_text.split("/"))
    if not path.is_file():
        src.errors.add(
            src.path("strategy.yml"),
            src.line_of("strategy.yml", "source_text"),
            "missing-file",
            f"source_text: there is no file content/{s.source_text}",
            "name the draft's text file under content/",
        )
        return
    draft = path.read_text(encoding="utf-8")
    site = src.path(src.first_language(), "strategy.yml").read_text(encoding="utf-8") if words else ""
    for index, c in enumerate(corrections):
        line = src.line_of("corrections.yml", index)
        if c.draft not in draft:
            src.errors.add(
                src.path("corrections.yml"),
                line,
                "correction-not-in-draft",
                f"'{c.draft}' is not in content/{s.source_text}",
                "copy the draft's text exactly as it is there",
            )
        if words and c.site not in site:
            src.errors.add(
                src.path("corrections.yml"),
                line,
                "correction-not-on-site",
                f"'{c.site}' is not in content/{src.first_language()}/strategy.yml",
                "write the corrected text in the strategy's words, or remove the correction",
            )


def check_metric_refs(
    src: Source, metrics: list[m.MetricFacts], statistic_ids: list[str], s: m.StrategyFacts | None
) -> None:
    """Each metric names a known statistic, objectives, themes and goals, and a formula two other metrics of
    its own statistic."""
    known = {
        "themes": [t.id for t in s.themes] if s else [],
        "goals": [g for t in s.themes for g in t.goals] if s else [],
        "objectives": [o for t in s.themes for o in t.objectives] if s else [],
    }
    for index, metric in enumerate(metrics):

        def bad(value: str, options: list[str], *loc: Any, index: int = index, metric=metric) -> None:
            field_name = ".".join(str(p) for p in loc if not isinstance(p, int))
            src.errors.add(
                src.path("metrics.yml"),
                src.line_of("metrics.yml", index, *loc),
                "unknown-id",
                f"{metric.id}.{field_name}: unknown id '{value}'",
                suggest(value, options),
            )

        if metric.statistic not in statistic_ids:
            bad(metric.statistic, statistic_ids, "statistic")
        if s:
            for j, ref in enumerate(metric.objectives):
                if ref not in known["objectives"]:
                    bad(ref, known["objectives"], "objectives", j)
            for j, ref in enumerate(metric.themes):
                if ref not in known["themes"]:
                    bad(ref, known["themes"], "themes", j)
            for kind in ("themes", "goals"):
                for j, ref in enumerate(getattr(metric.reading, kind)):
                    if ref not in known[kind]:
                        bad(ref, known[kind], "reading", kind, j)
        _check_formula(src, index, metric, {x.id: x for x in metrics})


def check_deadlines(src: Source, metrics: list[m.MetricFacts], s: m.StrategyFacts) -> None:
    """A target's deadline is a day of the strategy period (period_start's 1 January to period_end's
    31 December): a deadline outside it is a typo (2012 for 2021) that would be published and judged as written.
    A target without a deadline has nothing to check."""
    first, last = dt.date(s.period_start, 1, 1), dt.date(s.period_end, 12, 31)
    for metric in metrics:
        deadline = metric.target.deadline if metric.target else None
        if deadline is None or first <= deadline <= last:
            continue
        when = "before the strategy period starts" if deadline < first else "after the strategy period ends"
        src.errors.add(
            src.path("metrics.yml"),
            src.line_of("metrics.yml", raw_index(src, "metrics.yml", metric.id), "target", "deadline"),
            "deadline-outside-period",
            f"{metric.id}.target.deadline: {deadline.isoformat()} is {when} "
            f"({s.period_start}–{s.period_end}, content/strategy.yml)",
            f"write the deadline the strategy gives, a day from {first.isoformat()} to {last.isoformat()}",
        )


def raw_index(src: Source, file: str, id_: str, *within: str) -> int | None:
    """The place of the entry `id_` in a list of entries as read: a validated list skips the invalid entries,
    so its own index would point at another entry's line."""
    raw = locate_node(src.raw.get(src.path(file)), within)
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(item, dict) and item.get("id") == id_:
            return index
    return None


def locate_node(raw: Any, within: tuple) -> Any:
    for key in within:
        raw = raw.get(key) if isinstance(raw, dict) else None
    return raw


def _check_formula(src: Source, index: int, metric: m.MetricFacts, by_id: dict[str, m.MetricFacts]) -> None:
    """A computed metric divides two other metrics of its own statistic: a series never mixes statistics."""
    if not metric.formula:
        return
    for part in ("numerator", "denominator"):
        ref = getattr(metric.formula, part)
        line = src.line_of("metrics.yml", index, "formula", part)
        if ref not in by_id or ref == metric.id:
            src.errors.add(
                src.path("metrics.yml"),
                line,
                "unknown-id",
                f"{metric.id}.formula.{part}: unknown metric '{ref}'",
                suggest(ref, list(by_id)),
            )
        elif by_id[ref].statistic != metric.statistic:
            src.errors.add(
                src.path("metrics.yml"),
                line,
                "mixed-statistics",
                f"{metric.id}.formula.{part}: '{ref}' comes from the statistic '{by_id[ref].statistic}', "
                f"'{metric.id}' from '{metric.statistic}': a series never mixes statistics",
                "compute a metric only from metrics of its own statistic",
            )


def check_target_readings(src: Source, metrics: list, words: dict) -> None:
    """A target marked as the site's reading (metrics.yml target.reading) says in every language what the
    reading is and why, so that no page shows the site's rule as the strategy's own (B-10)."""
    for metric in metrics:
        if not (metric.target and metric.target.reading):
            continue
        for lang, w in words.items():
            mw = w.metrics.get(metric.id) if w else None
            if mw is not None and mw.target_reading is None:
                path = src.path(lang, "metrics.yml")
                src.errors.add(
                    path,
                    src.raw[path].lines.get(metric.id),
                    "missing-translation",
                    f"{metric.id}: the target is marked as the site's reading (metrics.yml target.reading) "
                    "but has no 'target_reading' text",
                    "add 'target_reading:' saying which part of the target is the site's reading and why",
                )


def check_rankings(src: Source, metrics: list, words: dict) -> None:
    """A rank (metrics.yml unit: rank) names in every language the comparison it is a place in, as its pages and
    target say it; a metric that is not a rank has no comparison to name."""
    for metric in metrics:
        for lang, w in words.items():
            mw = w.metrics.get(metric.id) if w else None
            if mw is None or (metric.unit == "rank") == (mw.ranking is not None):
                continue
            path = src.path(lang, "metrics.yml")
            entry = src.raw[path].get(metric.id)
            if metric.unit == "rank":
                src.errors.add(
                    path,
                    src.raw[path].lines.get(metric.id),
                    "missing-translation",
                    f"{metric.id}: the metric is a rank (metrics.yml unit: rank) but has no 'ranking' text",
                    "add 'ranking:' with the name of the comparison or survey whose place it is, as readers know "
                    "it in this language",
                )
            else:
                src.errors.add(
                    path,
                    getattr(entry, "lines", {}).get("ranking") or src.raw[path].lines.get(metric.id),
                    "ranking-without-rank",
                    f"{metric.id}.ranking: only a rank names a comparison, and this metric's unit is '{metric.unit}'",
                    "remove 'ranking:', or give the metric unit: rank in content/metrics.yml",
                )
