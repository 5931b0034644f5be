"""Per-language views for the templates: each theme, goal, metric and update with its words in one language,
its series and its ties to the others, built once per language; and a set of metrics' progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .. import untrusted
from ..contents import Content, Words
from ..metrics import Series, Status, site_statuses
from ..urls import Key
from .strings import Interface


@dataclass
class MetricView:
    id: str
    key: Key
    name: str
    words: Any
    facts: Any
    series: Series
    statistic_name: str
    statistic_url: str | None
    sources: dict[str, tuple[Markup, str]]  # source id -> (name, url) of the sources of its figures, by first use
    role: str  # "strategy": in the draft's list of metrics; "objective": an objective names it; "reference"; "other"
    as_written: list[str]  # the draft's own words for it: its line in the list of metrics, or its objectives
    updates: list[UpdateView] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.series.status.value


@dataclass
class UpdateView:
    id: str
    key: Key
    date: dt.date
    title: str
    summary: str
    body: str
    goals: list[str]
    metrics: list[str]


@dataclass
class GoalView:
    id: str
    key: Key
    number: int
    name: str
    description: str
    theme: ThemeView
    metrics: list[MetricView] = field(default_factory=list)
    previous: GoalView | None = None
    next: GoalView | None = None
    updates: list[UpdateView] = field(default_factory=list)

    @property
    def figures_date(self) -> dt.date | None:
        """When the figures shown on the goal's page were last published."""
        return max((m.series.updated for m in self.metrics if m.series.updated), default=None)


@dataclass
class ThemeView:
    id: str
    key: Key
    number: int
    name: str
    slogan: str
    scope: str | None
    goals: list[GoalView] = field(default_factory=list)
    objectives: list[tuple[str, str, list[MetricView]]] = field(default_factory=list)
    success_factors: list[str] = field(default_factory=list)
    metrics: list[MetricView] = field(default_factory=list)  # metrics its objectives name themselves (the draft's)
    reading_metrics: list[MetricView] = field(default_factory=list)  # metrics the site's reading shows with it
    listed_metrics: list[MetricView] = field(default_factory=list)  # the strategy lists them under the theme

    @property
    def objective_only(self) -> list[MetricView]:
        """The metrics its objectives name that the strategy does not also list under the theme."""
        listed = {m.id for m in self.listed_metrics}
        return [m for m in self.metrics if m.id not in listed]

    @property
    def reading_only(self) -> list[MetricView]:
        """The metrics tied to the theme only by the site's reading (not also listed or named by its objectives)."""
        named = {m.id for m in self.listed_metrics + self.metrics}
        return [m for m in self.reading_metrics if m.id not in named]

    @property
    def all_metrics(self) -> list[MetricView]:
        return self.listed_metrics + self.objective_only + self.reading_only


# The statuses a progress summary counts, in the order it shows them (a reference figure, and one followed without
# a target, have no target: no progress); a site shows those its metrics can have (metrics.site_statuses).
PROGRESS = (
    Status.ACHIEVED,
    Status.MEETS_TARGET,
    Status.NOT_YET,
    Status.ON_TRACK,
    Status.OFF_TRACK,
    Status.MISSED,
    Status.NO_BASELINE,
    Status.NO_DATA,
    Status.OVERDUE,
)
# The statuses the metrics page explains, in this order (every Status: tests/test_metrics.py checks); a site
# explains those its metrics can have (`legend`).
LEGEND = PROGRESS + (Status.FOLLOWED, Status.REFERENCE)
JUDGED = (Status.ACHIEVED, Status.MEETS_TARGET, Status.NOT_YET, Status.ON_TRACK, Status.OFF_TRACK, Status.MISSED)


def legend(content: Content) -> list[tuple[Status, str]]:
    """The statuses the site's metrics can have, in LEGEND's order, each with the key of its explanation in
    ui.yml: 'meets the target' is explained for targets without a deadline too where the site has one (what
    it means differs: with a deadline it is an interim reading, without one the most it can say)."""
    shown = site_statuses(content.metrics)
    open_ended = any(m.target is not None and m.target.deadline is None for m in content.metrics)
    out = []
    for status in LEGEND:
        if status in shown:
            key = f"status_{status.value.replace('-', '_')}_explained"
            if status is Status.MEETS_TARGET and open_ended:
                key = "status_meets_target_open_explained"
            out.append((status, key))
    return out


@dataclass
class Progress:
    """How a set of metrics stands as of the newest round: those with a target by status, every status of
    PROGRESS in its order (none left out, so a zero shows as a zero); reference figures apart."""

    by_status: list[tuple[str, list[MetricView]]]
    reference: list[MetricView]
    reading: int  # how many of those with a target are tied to the theme only by the site's reading
    followed: list[MetricView] = field(default_factory=list)  # followed without a target: no progress to count

    @property
    def judged(self) -> int:
        return sum(len(ms) for _, ms in self.by_status)


def progress(
    metrics: list[MetricView], reading: list[MetricView] = (), shown: tuple[Status, ...] = PROGRESS
) -> Progress:
    """How `metrics` stand: those with a target counted by every status of PROGRESS that is in `shown` (the
    statuses the site's metrics can have), the followed and the reference figures apart."""
    judged = [m for m in metrics if m.facts.target is not None and m.series.status is not Status.REFERENCE]
    judged_ids, read = {m.id for m in judged}, {m.id for m in reading}
    return Progress(
        [(s.value, [m for m in judged if m.series.status is s]) for s in PROGRESS if s in shown],
        [m for m in metrics if m.id not in judged_ids and not m.facts.followed],
        sum(1 for m in judged if m.id in read),
        [m for m in metrics if m.id not in judged_ids and m.facts.followed],
    )


@dataclass
class Views:
    """One language's views, as the templates show them (`views.themes`, `views.metrics[id]`, …)."""

    metrics: dict[str, MetricView]  # in content order
    metric_groups: dict[str, list[MetricView]]  # as navigation.metric_groups
    themes: list[ThemeView]
    goals: list[GoalView]  # in the strategy's order, across themes
    goal_by_id: dict[str, GoalView]
    objective_by_id: dict[str, tuple[str, ThemeView]]  # its words and its theme
    updates: list[UpdateView]  # newest first


# ---------------------------------------------------------------- building one language's views


def language_views(content: Content, ui: Interface, series: dict[str, Series], groups: dict[str, list]) -> Views:
    """Every view of one language; `groups`: the metrics' facts as the overview lists them
    (navigation.metric_groups)."""
    metrics = metric_views(content, ui, series)
    themes = theme_views(content, ui.w, metrics)
    goals = [g for t in themes for g in t.goals]
    goal_by_id = {g.id: g for g in goals}
    return Views(
        metrics,
        {group: [metrics[m.id] for m in ms] for group, ms in groups.items()},
        themes,
        goals,
        goal_by_id,
        {o: (text, t) for t in themes for o, text, _ in t.objectives},
        update_views(content, ui.lang, goal_by_id, metrics),
    )


def source_name(content: Content, ui: Interface, source_id: str) -> Markup:
    """A source's name in this language, its page's own title filled in ({title}) and, when that title is in
    another language, marked with it (`lang`, WCAG 3.1.2 Language of Parts), so a screen reader reads
    a Swedish page title as Swedish on a Finnish page (B-30)."""
    facts = content.source_by_id[source_id]
    name = ui.w.sources.sources[source_id]
    if facts.title is None:
        return untrusted.text(name)
    title = untrusted.inline(facts.title)
    if facts.title_lang and facts.title_lang != ui.lang:
        title = Markup(f'<span lang="{facts.title_lang}">{title}</span>')
    return untrusted.fill(name, title=title)


def metric_views(content: Content, ui: Interface, series: dict[str, Series]) -> dict[str, MetricView]:
    """Every metric's view, by id, in content order."""
    s = ui.w.strategy
    objective_text = {o: s.objectives[o] for t in content.strategy.themes for o in t.objectives}
    views = {}
    for facts in content.metrics:
        words, ser = ui.w.metrics[facts.id], series[facts.id]
        statistic = ui.w.sources.statistics[facts.statistic]
        sources: dict[str, tuple[Markup, str]] = {}
        for row in ser.rows:
            sources.setdefault(row.source, (source_name(content, ui, row.source), content.source_by_id[row.source].url))
        if facts.id in content.strategy.metrics:
            role, written = "strategy", [s.metrics[facts.id]]
        elif facts.objectives:
            role, written = "objective", [objective_text[o] for o in facts.objectives]
        else:
            role, written = ("reference" if facts.direction == "none" else "other"), []
        views[facts.id] = MetricView(
            facts.id,
            ("metric", facts.id),
            words.name,
            words,
            facts,
            ser,
            statistic.name,
            statistic.url,
            sources,
            role,
            written,
        )
    return views


def _measuring(metrics: dict[str, MetricView]) -> dict[tuple[str, str], list[MetricView]]:
    """(kind, id) -> the metrics that measure an objective, that the strategy lists under a theme ("listed"), or
    that the site's reading ties to a theme or a goal, in metric order."""
    measuring: dict[tuple[str, str], list[MetricView]] = {}
    for m in metrics.values():
        for ref in m.facts.objectives:
            measuring.setdefault(("objectives", ref), []).append(m)
        for ref in m.facts.themes:
            measuring.setdefault(("listed", ref), []).append(m)
        for kind in ("themes", "goals"):
            for ref in getattr(m.facts.reading, kind):
                measuring.setdefault((kind, ref), []).append(m)
    return measuring


def theme_views(content: Content, w: Words, metrics: dict[str, MetricView]) -> list[ThemeView]:
    """The themes in the strategy's order, each holding its goals; the goals are chained across themes
    (previous, next) in that order."""
    s, measuring = w.strategy, _measuring(metrics)
    themes, previous = [], None
    for number, facts in enumerate(content.strategy.themes, 1):
        words = s.themes[facts.id]
        theme = ThemeView(
            facts.id,
            ("theme", facts.id),
            number,
            words.name,
            words.slogan,
            words.scope,
            reading_metrics=measuring.get(("themes", facts.id), []),
            listed_metrics=measuring.get(("listed", facts.id), []),
        )
        theme.objectives = [(o, s.objectives[o], measuring.get(("objectives", o), [])) for o in facts.objectives]
        theme.metrics = [m for _, _, ms in theme.objectives for m in ms]
        theme.success_factors = [s.success_factors[f] for f in facts.success_factors]
        for goal_number, goal_id in enumerate(facts.goals, 1):
            gw = s.goals[goal_id]
            goal = GoalView(
                goal_id,
                ("goal", goal_id),
                goal_number,
                gw.name,
                gw.description,
                theme,
                measuring.get(("goals", goal_id), []),
                previous,
            )
            if previous:
                previous.next = goal
            previous = goal
            theme.goals.append(goal)
        themes.append(theme)
    return themes


def update_views(
    content: Content, lang: str, goals: dict[str, GoalView], metrics: dict[str, MetricView]
) -> list[UpdateView]:
    """The updates, newest first (as content.updates), each also added to its goals' and metrics' lists."""
    updates = [
        UpdateView(
            u.id,
            ("update", u.id),
            u.facts.date,
            u.words[lang].meta.title,
            u.words[lang].meta.summary,
            u.words[lang].body,
            list(u.facts.goals),
            list(u.facts.metrics),
        )
        for u in content.updates
    ]
    for update in updates:
        for goal_id in update.goals:
            goals[goal_id].updates.append(update)
        for metric_id in update.metrics:
            metrics[metric_id].updates.append(update)
    return updates
