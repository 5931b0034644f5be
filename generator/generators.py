"""Stage 3: turn validated Content into pages (path -> Markdown text) for each language.

Pages are placed by the URL plan (urls.py, `content.urls`). Markup lives in templates/; this module computes
what they show.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jinja2
from babel import Locale
from feedgen.feed import FeedGenerator
from markupsafe import Markup

from . import charts, untrusted
from .contents import Content, Row, Words
from .errors import ContentError, ContentErrors
from .formatting import Formatter
from .metrics import Series, Status, add_months, changes
from .models import FREQUENCY_MONTHS
from .urls import Key, relative, url_of

TEMPLATES = Path(__file__).parent / "templates"


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


# ---------------------------------------------------------------- per-language views for the templates


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
    sources: list[tuple[str, str]]  # (title, url) of the sources of its figures, in order of first use
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
    theme: "ThemeView"
    metrics: list[MetricView] = field(default_factory=list)
    previous: "GoalView | None" = None
    next: "GoalView | None" = None
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
    reading_metrics: list[MetricView] = field(default_factory=list)  # metrics the site shows with it (the site's reading)

    @property
    def reading_only(self) -> list[MetricView]:
        """The metrics tied to the theme only by the site's reading (not also named by its objectives)."""
        named = {m.id for m in self.metrics}
        return [m for m in self.reading_metrics if m.id not in named]

    @property
    def all_metrics(self) -> list[MetricView]:
        return self.metrics + self.reading_only


# The statuses a progress summary counts, in the order it shows them (a reference figure has no target: no progress).
PROGRESS = (Status.ACHIEVED, Status.MEETS_TARGET, Status.ON_TRACK, Status.OFF_TRACK, Status.MISSED, Status.NO_BASELINE,
            Status.NO_DATA, Status.OVERDUE)
# The statuses the metrics page explains, in this order (every Status: tests/test_metrics.py checks).
LEGEND = PROGRESS + (Status.REFERENCE,)
JUDGED = (Status.ACHIEVED, Status.MEETS_TARGET, Status.ON_TRACK, Status.OFF_TRACK, Status.MISSED)


@dataclass
class Progress:
    """How a set of metrics stands as of the newest round: those with a target by status, every status of
    PROGRESS in its order (none left out, so a zero shows as a zero); reference figures apart."""

    by_status: list[tuple[str, list[MetricView]]]
    reference: list[MetricView]
    reading: int  # how many of those with a target are tied to the theme only by the site's reading

    @property
    def judged(self) -> int:
        return sum(len(ms) for _, ms in self.by_status)


def progress(metrics: list[MetricView], reading: list[MetricView] = ()) -> Progress:
    judged = [m for m in metrics if m.facts.target is not None and m.series.status is not Status.REFERENCE]
    judged_ids, read = {m.id for m in judged}, {m.id for m in reading}
    return Progress([(s.value, [m for m in judged if m.series.status is s]) for s in PROGRESS],
                    [m for m in metrics if m.id not in judged_ids], sum(1 for m in judged if m.id in read))


@dataclass
class Page:
    key: Key
    path: str
    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)


class InlineFormatter:
    """The Formatter as the templates call it (`fmt.date(…)`): its text escaped by untrusted.inline, as the
    templates put a date or a period only inside a line."""

    def __init__(self, fmt: Formatter):
        self._fmt = fmt

    def __getattr__(self, name: str):
        method = getattr(self._fmt, name)
        return lambda *args, **kwargs: untrusted.inline(method(*args, **kwargs))


class LanguageSite:
    """Everything one language's templates need: views, formatting, links relative to the current page."""

    def __init__(self, content: Content, lang: str, series: dict[str, Series], env: jinja2.Environment):
        self.content, self.lang, self.series, self.env = content, lang, series, env
        self.w: Words = content.words[lang]
        self.t = Strings(lang, self.w.ui.strings)
        self.fmt = Formatter(Locale.parse(self.w.ui.locale), self.t["per_resident"], self.w.ui.plurals)
        self.inline_fmt = InlineFormatter(self.fmt)
        self.paths = content.urls.pages
        self.objective_text = {o: self.w.strategy.objectives[o] for t in content.strategy.themes for o in t.objectives}
        self.metrics = {m.id: self.metric_view(m) for m in content.metrics}
        self.metric_groups = {group: [self.metrics[m.id] for m in ms] for group, ms in metric_groups(content).items()}
        self.themes = self.theme_views()
        self.goals = [g for t in self.themes for g in t.goals]
        self.goal_by_id = {g.id: g for g in self.goals}
        self.objective_by_id = {o: (text, t) for t in self.themes for o, text, _ in t.objectives}
        self.updates = [UpdateView(u.id, ("update", u.id), u.facts.date, u.words[lang].meta.title, u.words[lang].meta.summary,
                                   u.words[lang].body, list(u.facts.goals), list(u.facts.metrics)) for u in content.updates]
        for update in self.updates:  # content.updates is newest first, so these lists are too
            for goal_id in update.goals:
                self.goal_by_id[goal_id].updates.append(update)
            for metric_id in update.metrics:
                self.metrics[metric_id].updates.append(update)

    # -- views

    def metric_view(self, facts) -> MetricView:
        words = self.w.metrics[facts.id]
        series = self.series[facts.id]
        statistic = self.w.sources.statistics[facts.statistic]
        sources: dict[str, tuple[str, str]] = {}
        for row in series.rows:
            sources.setdefault(row.source, (self.source_name(row.source), self.content.source_by_id[row.source].url))
        if facts.id in self.content.strategy.metrics:
            role, written = "strategy", [self.w.strategy.metrics[facts.id]]
        elif facts.objectives:
            role, written = "objective", [self.objective_text[o] for o in facts.objectives]
        else:
            role, written = ("reference" if facts.direction == "none" else "other"), []
        return MetricView(facts.id, ("metric", facts.id), words.name, words, facts, series, statistic.name,
                          statistic.url, list(sources.values()), role, written)

    def theme_views(self) -> list[ThemeView]:
        s = self.w.strategy
        measuring: dict[tuple[str, str], list[MetricView]] = {}  # (kind, id) -> metrics, in metric order
        for m in self.metrics.values():
            for ref in m.facts.objectives:
                measuring.setdefault(("objectives", ref), []).append(m)
            for kind in ("themes", "goals"):
                for ref in getattr(m.facts.reading, kind):
                    measuring.setdefault((kind, ref), []).append(m)
        themes, previous = [], None
        for number, facts in enumerate(self.content.strategy.themes, 1):
            words = s.themes[facts.id]
            theme = ThemeView(facts.id, ("theme", facts.id), number, words.name, words.slogan, words.scope,
                              reading_metrics=measuring.get(("themes", facts.id), []))
            theme.objectives = [(o, s.objectives[o], measuring.get(("objectives", o), [])) for o in facts.objectives]
            theme.metrics = [m for _, _, ms in theme.objectives for m in ms]
            theme.success_factors = [s.success_factors[f] for f in facts.success_factors]
            for goal_number, goal_id in enumerate(facts.goals, 1):
                gw = s.goals[goal_id]
                goal = GoalView(goal_id, ("goal", goal_id), goal_number, gw.name, gw.description, theme,
                                measuring.get(("goals", goal_id), []), previous)
                if previous:
                    previous.next = goal
                previous = goal
                theme.goals.append(goal)
            themes.append(theme)
        return themes

    # -- pages

    def pages(self) -> list[Page]:
        s, t = self.w.strategy, self.t
        pages = [
            Page(("home", "home"), "", "home.md.j2", self.w.ui.site_name, s.vision),
            Page(("framework", "framework"), "", "framework.md.j2", s.framework_name, t["framework_description"]),
            Page(("themes", "themes"), "", "themes.md.j2", t["themes"], t["themes_description"]),
            Page(("goals", "goals"), "", "goals.md.j2", t["goals"], t["goals_description"]),
            Page(("implementation", "implementation"), "", "implementation.md.j2", t["implementation"],
                 s.implementation_title),
            Page(("metrics", "metrics"), "", "metrics.md.j2", t["metrics"], t["metrics_description"]),
            Page(("snapshots", "snapshots"), "", "snapshots.md.j2", t["snapshots"], t["snapshots_description"]),
            Page(("glossary", "glossary"), "", "glossary.md.j2", t["glossary"], t["glossary_description"]),
        ]
        for theme in self.themes:
            pages.append(Page(theme.key, "", "theme.md.j2", theme.name, theme.slogan, {"theme": theme}))
        for goal in self.goals:
            pages.append(Page(goal.key, "", "goal.md.j2", goal.name, goal.description, {"goal": goal}))
        for metric in self.metrics.values():
            pages.append(Page(metric.key, "", "metric.md.j2", metric.name, metric.words.description, {"metric": metric}))
        ordered = sorted(self.content.snapshots, key=lambda x: x.date)
        for index, snapshot in enumerate(ordered):
            title = f"{t['snapshot']} {self.fmt.date(snapshot.date)}"
            pages.append(Page(("snapshot", snapshot.date.isoformat()), "", "snapshot.md.j2", title,
                              t["snapshot_description"].format(date=self.fmt.date(snapshot.date)),
                              {"snapshot": snapshot, "changes": changes(self.content, index),
                               "previous": ordered[index - 1] if index else None}))
        for page_id, prose in sorted(self.w.pages.items()):
            pages.append(Page(("prose", page_id), "", "prose.md.j2", prose.meta.title, prose.meta.description,
                              {"prose": prose}))
        pages.append(Page(("updates", "updates"), "", "updates.md.j2", t["updates"], t["updates_description"]))
        for update in self.updates:
            pages.append(Page(update.key, "", "update.md.j2", update.title, update.summary, {"update": update}))
        pages.append(Page(("print", "print"), "", "print.md.j2", t["print_title"], t["print_description"]))
        a11y = self.w.accessibility
        pages.append(Page(("accessibility", "accessibility"), "", "accessibility.md.j2", a11y.title, a11y.description,
                          {"a": a11y, "facts": self.content.accessibility}))
        for page in pages:
            page.path = self.paths[self.lang][page.key]
        return pages

    def render(self, page: Page) -> str:
        here = page.path
        folder = posixpath.dirname(here)
        site_path = urlparse(self.content.site.base_url).path or "/"  # the path the site is published at, with its "/"

        # The links below are Markup (not escaped by the templates' environment): paths of the URL plan, made of
        # slugs and ids, which models.py allows only lowercase a-z, digits and hyphens.
        def link(key: Key, anchor: str = "") -> Markup:
            """A Markdown link target: the other page's .md path relative to this one (MkDocs checks it)."""
            target = self.paths[self.lang][key]
            rel = relative(target, folder)
            return Markup(rel + (f"#{anchor}" if anchor else ""))

        def url(key: Key | str) -> Markup:
            """A URL for raw HTML: the page's or file's path from the site's root (`/fi/mittarit/`). Not relative:
            MkDocs leaves links in raw HTML as written, but Zensical reads a relative one as relative to the page's
            Markdown file (as a Markdown link) and rewrites it, so only a path from the root means one place to both."""
            target = url_of(self.paths[self.lang][key]) if isinstance(key, tuple) else key
            return untrusted.href(f"{site_path}{self.lang}/{target}")

        def root(path: str) -> Markup:
            """A URL to a file at the top of site/ (outside this language's site), e.g. data/."""
            return untrusted.href(f"{site_path}{path}")

        alternates = []
        for other in self.content.languages:
            alternates.append({
                "name": self.content.words[other].ui.language_name,
                "lang": other,
                "link": f"{self.content.site.base_url}{other}/{url_of(self.paths[other][page.key])}",
            })
        share = {
            "type": "article" if page.key[0] in ("goal", "metric", "update", "theme") else "website",
            "locale": self.w.ui.locale,
            "locale_alternates": [self.content.words[o].ui.locale for o in self.content.languages if o != self.lang],
        }
        front = {"title": page.title, "description": _one_line(page.description), "alternates": alternates, "share": share,
                 "lastmod": self.changed_on(page).isoformat(), "html_title": self.html_title(page)}
        if page.key == ("home", "home"):
            front["hide"] = ["navigation", "toc"]
        template = self.env.get_template(page.template)
        body = template.render(
            page=page, S=self, s=self.w.strategy, t=self.t, fmt=self.inline_fmt, link=link, url=url, root=root,
            lang=self.lang, content=self.content, chart=self.chart, value=self.value, status_label=self.status_label,
            status_note=self.status_note, target_text=self.target_text, judgement_text=self.judgement_text,
            change_text=self.change_text, status_name=self.status_name, legend=LEGEND, count=self.count, progress=self.progress,
            progress_bar=self.progress_bar,
            permalink=untrusted.href(f"{self.content.site.base_url}{self.lang}/{url_of(here)}"),
            **page.context,
        )
        body = self.draft_notice() + re.sub(r"\n{3,}", "\n\n", body.strip())  # blank lines the template logic leaves behind: one is enough
        return "---\n" + json.dumps(front, ensure_ascii=False, indent=1) + "\n---\n\n" + body + "\n"

    def in_formula(self, metric_id: str) -> str:
        """A metric's name inside a sentence or formula ("työttömät / työvoima", B-43), else its name."""
        return self.metrics[metric_id].words.in_formula or self.metrics[metric_id].name

    def statistic_has_figures(self, statistic_id: str) -> bool:
        """Whether the site shows any figure of the statistic (of any metric): one with none and no page of its
        own is named with the note that the site knows of no published results (B-60)."""
        return any(m.series.rows for m in self.metrics.values() if m.facts.statistic == statistic_id)

    def html_title(self, page: Page) -> str:
        """The browser's and search engines' title (B-33): the site's name alone on the home page; else the page's
        title, for a theme, goal or metric what the page is, and the site's name, joined by en dashes."""
        site_name = self.w.ui.site_name
        if page.key == ("home", "home"):
            return site_name
        kind = {"theme": "kind_theme", "goal": "kind_goal", "metric": "kind_metric"}.get(page.key[0])
        return " – ".join([page.title] + ([self.t[kind]] if kind else []) + [site_name])

    def source_name(self, source_id: str) -> Markup:
        """A source's name in this language, its page's own title filled in ({title}) and, when that title is in
        another language, marked with it (`lang`, WCAG 3.1.2 Language of Parts), so a screen reader reads
        "Karleby i korthet" as Swedish on a Finnish page (B-30)."""
        facts = self.content.source_by_id[source_id]
        name = self.w.sources.sources[source_id]
        if facts.title is None:
            return untrusted.text(name)
        title = untrusted.inline(facts.title)
        if facts.title_lang and facts.title_lang != self.lang:
            title = Markup(f'<span lang="{facts.title_lang}">{title}</span>')
        return untrusted.fill(name, title=title)

    def changed_on(self, page: Page) -> dt.date:
        """The day the page's content last changed, for the sitemap's lastmod: an update's or a round's own date,
        the accessibility statement's review, else the content's newest date (as_of: statuses are judged anew
        at each review, so every page that shows one may change then)."""
        kind, key = page.key
        if kind == "update":
            return next(u.facts.date for u in self.content.updates if u.id == key)
        if kind == "snapshot":
            return dt.date.fromisoformat(key)
        if kind == "accessibility":
            return self.content.accessibility.reviewed
        return self.content.latest_date

    # -- helpers for templates

    def value(self, metric: MetricView, number: float | None) -> str:
        if number is None:
            return "–"
        return self.fmt.value(number, metric.facts.unit, metric.facts.decimals)

    def status_name(self, status: Status, metric: MetricView) -> str:
        return status_name(self.t, self.fmt, status, metric.series)

    def status_label(self, metric: MetricView) -> str:
        return self.status_name(metric.series.status, metric)

    def judgement_text(self, metric: MetricView) -> str:
        """For an overdue metric with figures: what its latest figure says, as the status would be were it fresh."""
        ser = metric.series
        if ser.status is not Status.OVERDUE or not ser.rows or ser.judgement in (Status.NO_DATA, Status.REFERENCE):
            return ""
        return self.t["judgement_of_latest"].format(period=self.fmt.period(ser.latest.period),
                                                    status=self.t[f"status_{ser.judgement.value.replace('-', '_')}"])

    def change_text(self, metric: MetricView) -> str:
        """With no baseline: the change from the first figure inside the period to the latest, in the metric's
        unit and in per cent, so the reader can judge what the site does not."""
        ser = metric.series
        ref = ser.reference
        if ser.judgement is not Status.NO_BASELINE or ref is None or ser.latest is None or ref.point.value == 0 \
                or ser.latest.period == ref.point.period:
            return ""
        change, percent = self.difference(metric, ref.point.value, ser.latest.value)
        return self.t["change_since"].format(start=self.fmt.period(ref.point.period), end=self.fmt.period(ser.latest.period),
                                             change=change, percent=percent)

    def difference(self, metric: MetricView, start: float, end: float) -> tuple[str, str]:
        """A change in the metric's unit and in per cent of where it started, signed ("+24", "+0,05 %"); the start
        is not zero."""
        diff = end - start
        sign = "+" if diff > 0 else ""
        return sign + self.value(metric, diff), sign + self.fmt.value(diff / start * 100, "percent", 2)

    def round_change(self, metric: MetricView, row: Row, before: Row | None, previous: Row | None) -> str:
        """What a round's figure changed (B-28): a revision of the same period's figure, else the change from the
        metric's previous figure in its unit and in per cent (a per cent figure's change in percentage points),
        else a new figure."""
        t = self.t
        if before is not None:
            return t["change_unchanged"] if before.value == row.value else t["change_revised"].format(old=self.value(metric, before.value))
        if previous is None or previous.value == 0:
            return t["change_new"]
        period = self.fmt.period(previous.period)
        if metric.facts.unit == "percent":
            diff = row.value - previous.value
            return t["change_previous_points"].format(change=("+" if diff > 0 else "") + self.fmt.number(diff, metric.facts.decimals),
                                                      period=period)
        change, percent = self.difference(metric, previous.value, row.value)
        return t["change_previous"].format(change=change, percent=percent, period=period)

    def status_note(self, metric: MetricView) -> str:
        """Said wherever a status is shown that was judged against a target the draft gives only as an example."""
        judged = metric.series.status in JUDGED
        return self.t["status_example"] if judged and metric.facts.target.stated == "example" else ""

    def target_text(self, metric: MetricView, short: bool = False) -> str:
        """The target in the strategy's own comparison ('alle 10 %', 'yli 76 %'), computed from a relative target
        where the reference point is known, with its deadline (not in `short`, for tables) and, for a target the
        draft gives as an example, saying so."""
        f, t = metric.facts, self.t
        target = f.target
        if target is None:
            return "–" if short else t["reference_figure"]
        comparison = t[f"target_{target.comparison.replace('-', '_')}"]
        resolved = metric.series.target
        if target.value is not None:
            decimals = target.decimals if target.decimals is not None else next(
                d for d in range(4) if round(target.value, d) == target.value or d == 3)
            text = f"{comparison} {self.fmt.value(target.value, f.unit, decimals)}"
        elif target.relative_change == 0:
            text = t["relative_target_zero"].format(comparison=comparison)
            text += f" ({self.value(metric, resolved)})" if resolved is not None else ""
        else:
            decimals = next(d for d in range(4) if round(target.relative_change, d) == target.relative_change or d == 3)
            # the change as a percentage, as every figure: no-break space before %, the minus sign (B-26)
            change = t["relative_target"].format(change=self.fmt.value(target.relative_change, "percent", decimals))
            text = f"{comparison} {self.value(metric, resolved)} ({change})" if resolved is not None else change
        if not short:
            # "över 100 % under hela strategiperioden …", "alle 10 %, viimeistään …" (B-48)
            text += (" " + t["keep_period"].format(start=self.content.strategy.period_start, end=self.content.strategy.period_end)
                     if f.keeps else f", {t['by_deadline']} {self.fmt.date(target.deadline)}")
        marks = ([t["example_target"]] if target.stated == "example" else []) + ([t["target_reading"]] if target.reading else [])
        if marks:
            text += f" ({'; '.join(marks)})"
        return text

    def reference_text(self, metric: MetricView) -> str:
        """What the progress is measured from, in words: the baseline, or why it is the first figure inside the period."""
        ref, t = metric.series.reference, self.t
        eve = self.fmt.date(self.content.period_start - dt.timedelta(days=1))
        if ref is None:
            return t["no_period_figures"].format(start=eve)
        value = f"{self.value(metric, ref.point.value)} ({self.fmt.period(ref.point.period)})"
        return value if ref.kind == "baseline" else t["baseline_missing"].format(start=eve, value=value)

    def progress(self, theme: ThemeView | None = None) -> Progress:
        """A theme's progress (the site's reading counted apart), or with no theme the whole strategy's."""
        if theme is None:
            return progress(list(self.metrics.values()))
        return progress(theme.all_metrics, theme.reading_only)

    def progress_bar(self, p: Progress) -> Markup:
        return Markup(charts.status_bar([(status, len(ms)) for status, ms in p.by_status]))

    def count(self, key: str, n: int) -> str:
        if key not in self.w.ui.plurals:
            raise MissingString(self.lang, f"plurals.{key}")
        return self.fmt.count(key, n)

    @property
    def draft_note(self) -> str:
        return self.w.strategy.draft_note.format(date=self.fmt.date(self.content.strategy.draft_date))

    @property
    def draft_name(self) -> str | None:
        """What a citation calls the text the site shows when it is a draft ("… sisältöluonnos 5. syyskuuta 2017"),
        from the words of the content; None for an adopted text (the citation then names the site)."""
        if self.content.strategy.text_status != "draft":
            return None
        return self.t["draft_name"].format(date=self.fmt.date(self.content.strategy.draft_date))

    def draft_notice(self) -> str:
        """The notice every page starts with while the text is a draft: a reader who lands on any page from a
        search engine learns what text it shows and its date (the page itself may not say so)."""
        if self.draft_name is None:
            return ""
        text = untrusted.text(self.t["draft_notice"].format(name=self.draft_name))
        return f'<p class="draft-notice" role="note">{text}</p>\n\n'

    def chart(self, metric: MetricView) -> Markup:
        """The metric's SVG chart (charts.py escapes the names and labels in it), as Markup for the templates."""
        rows: tuple[Row, ...] = metric.series.rows
        if not rows:
            return Markup("")
        points = [charts.ChartPoint(r.period.end.toordinal(), r.value, self.fmt.period(r.period), self.value(metric, r.value))
                  for r in rows]
        target = metric.series.target
        target_label = f"{self.t['target']}: {self.target_text(metric, short=True)}" if target is not None else ""
        values = ", ".join(f"{p.label}: {p.value_text}" for p in points)
        desc = self.t["chart_desc"].format(name=metric.name, count=self.count("figures", len(points)),
                                           statistic=metric.statistic_name, values=values)
        if target is not None:
            desc += " " + target_label + "."
        return Markup(charts.line_chart(points, title=f"{metric.name} – {self.t['chart']}", desc=desc, target=target,
                                        target_label=target_label, chart_id=f"chart-{metric.id}",
                                        tick_text=lambda v: self.value(metric, v), decimals=metric.facts.decimals,
                                        breaks=self.chart_breaks(metric)))

    def chart_breaks(self, metric: MetricView) -> frozenset[int]:
        """Where the chart's line breaks: before a figure whose period is not the one right after the previous
        figure's (by the metric's frequency), so no line is drawn across a period with no figure (B-24)."""
        rows, months = metric.series.rows, FREQUENCY_MONTHS[metric.facts.frequency]
        return frozenset(i for i in range(1, len(rows)) if rows[i].period.end > add_months(rows[i - 1].period.end, months))

    def chart_caption(self, metric: MetricView) -> str:
        """What the chart's reader needs besides the figures: the table, the target line only when one is drawn
        (B-23), where the value axis does not start at zero and where the line breaks (B-24)."""
        points = [charts.ChartPoint(r.period.end.toordinal(), r.value, "", "") for r in metric.series.rows]
        lo, hi, _ = charts.axis(points, metric.series.target, metric.facts.decimals)
        parts = [self.t["chart_caption"]]
        if metric.series.target is not None:
            parts.append(self.t["chart_caption_target"])
        if lo > 0 or hi < 0:
            parts.append(self.t["chart_caption_axis"].format(low=self.value(metric, lo)))
        if self.chart_breaks(metric):
            parts.append(self.t["chart_caption_gap"])
        return " ".join(parts)


def status_name(t: Strings, fmt: Formatter, status: Status, series: Series) -> str:
    """A status in words, on the pages and in the data files; 'meets the target' names the period of the figure
    it is read from, as an interim reading is true only of that figure ("Tavoitetasolla (2018)")."""
    name = t[f"status_{status.value.replace('-', '_')}"]
    if status is Status.MEETS_TARGET and series.latest:
        name += f" ({fmt.period(series.latest.period)})"
    return name


def _one_line(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One template environment per process for the Markdown pages (templates/*.md.j2). Every value a template
    prints is staff text unless the generator made it as Markup (links, charts, macros, `markdown` regions), so
    every other value is escaped for Markdown and HTML alike (untrusted.text, as `finalize` and as the `e`
    filter): what was typed is what the reader sees, and nothing typed becomes markup. Staff Markdown goes
    through the `markdown` filter, addresses from content through `href`, an interface string with a link
    filled in through `fill`.

    Compiling the templates is most of a small site's generation time, so compiled templates are kept in
    Jinja's per-user cache in the temp folder (checked against the template's source, so an edited template is
    compiled again; the file names say how they were compiled, as the cache does not)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=True, finalize=untrusted.text,
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__strategy_site_markdown_%s.cache"),
    )
    env.filters.update(e=untrusted.text, escape=untrusted.text, markdown=untrusted.markdown, href=untrusted.href,
                       fill=untrusted.fill)
    return env


@functools.lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The environment of the two plain HTML pages (templates/*.html.j2: the bilingual entry page, the redirects
    at old URLs), which no Markdown reads: Jinja's own HTML autoescape."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__strategy_site_html_%s.cache"),
    )


def generate_language(content: Content, lang: str, series: dict[str, Series]) -> dict[str, str]:
    """One language's docs files: pages, the feed and old-URL redirects (languages are independent, so the
    pipeline runs them in parallel, generator/workers.py)."""
    try:
        site = LanguageSite(content, lang, series, environment())
        files = {page.path: site.render(page) for page in site.pages()}
        files["feed.xml"] = feed(content, lang, site)
        theme_strings(content, lang)  # the theme's words go to MkDocs later; a missing one must fail here
    except MissingString as exc:
        raise ContentErrors([missing_string_error(exc)]) from None
    for old, key in sorted(content.urls.old[lang].items()):
        files[url_of(old) + "index.html"] = redirect_page(lang, url_of(old), url_of(site.paths[lang][key]),
                                                          f"{content.site.base_url}{lang}/{url_of(site.paths[lang][key])}",
                                                          site.t["moved_title"], site.w.ui.site_name, site.t["moved_text"])
    return files


def missing_string_error(exc: MissingString) -> ContentError:
    return ContentError(f"content/{exc.lang}/ui.yml", None, "missing-string", f"strings: the interface string '{exc.key}' is missing",
                        f"add '{exc.key}: …' under strings in every language")


def feed_date(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def feed_title(content: Content, lang: str) -> str:
    w = content.words[lang]
    return f"{w.ui.site_name} – {Strings(lang, w.ui.strings)['updates']}"


def feed(content: Content, lang: str, site: LanguageSite) -> str:
    """The language's Atom feed of updates, newest first; while the text is a draft, its subtitle says which
    draft (as every page's notice does), since a feed reader shows no page."""
    base = f"{content.site.base_url}{lang}/"
    fg = FeedGenerator()
    fg.id(f"{base}feed.xml")
    fg.title(feed_title(content, lang))
    subtitle = site.t["updates_description"]
    if site.draft_name is not None:
        subtitle += " " + site.t["draft_notice"].format(name=site.draft_name)
    fg.subtitle(subtitle)
    fg.author({"name": site.t["publisher"]})
    fg.link(href=f"{base}feed.xml", rel="self")
    fg.link(href=f"{base}{url_of(site.paths[lang][('updates', 'updates')])}", rel="alternate")
    fg.language(lang)
    newest = max([u.date for u in site.updates] + [content.strategy.draft_date])
    fg.updated(feed_date(newest))
    for update in reversed(site.updates):  # feedgen puts the last added first
        link = f"{base}{url_of(site.paths[lang][update.key])}"
        entry = fg.add_entry()
        entry.id(link)
        entry.title(update.title)
        entry.link(href=link)
        entry.summary(update.summary)
        entry.published(feed_date(update.date))
        entry.updated(feed_date(update.date))
    return fg.atom_str(pretty=True).decode("utf-8")


def redirect_page(lang: str, old_url: str, new_url: str, absolute: str, moved_title: str, site_name: str,
                  moved_text: str) -> str:
    """A static page at an old URL that sends the reader (and search engines) to the page's current URL; a reader
    whose browser does not follow it (or who sees it a moment) reads in words that the page has moved, and where."""
    target = relative(new_url, old_url) + "/"
    before, _, after = moved_text.partition("{link}")
    return html_environment().get_template("redirect.html.j2").render(
        lang=lang, target=target, absolute=absolute, title=f"{moved_title} – {site_name}", before=before, after=after)


NAV_LIMIT = 40


def metric_groups(content: Content) -> dict[str, list]:
    """The metrics as the overview and the nav list them (keys are ui.yml strings): the draft's own list of
    metrics in its order, the objectives that name a figure themselves in the draft's order, and the rest
    (reference figures) in content order. The draft ties no metric to a theme, so the site does not group by one."""
    order = {o: i for i, o in enumerate(o for t in content.strategy.themes for o in t.objectives)}
    return {
        "strategy_metrics": [content.metric_by_id[i] for i in content.strategy.metrics],
        "objective_metrics": sorted((m for m in content.metrics if m.objectives and m.id not in content.strategy.metrics),
                                    key=lambda m: order[m.objectives[0]]),
        "other_metrics": [m for m in content.metrics if not m.objectives and m.id not in content.strategy.metrics],
    }


def _bounded(entries: list) -> list:
    """At most NAV_LIMIT entries on one level of the nav; a longer level is left to its index page.

    Material renders every entry of each level on the path to the page (even with navigation.prune), so a
    level of n entries costs n links on each of its n pages: quadratic time and size (BENCHMARKS.md). The
    pages left out are still built and linked from their section's index page."""
    return entries if len(entries) <= NAV_LIMIT else []


def _grouped(items: list[tuple[str, str, str]]) -> list:
    """Nav entries (group, title, path) as one sub-section per group, in order of first appearance."""
    groups: dict[str, list] = {}
    for group, title, path in items:
        groups.setdefault(group, []).append({title: path})
    return _bounded([{group: _bounded(entries)} for group, entries in groups.items() if _bounded(entries)])


def navigation(content: Content, lang: str) -> list:
    """The MkDocs nav of one language: the strategy's hierarchy, themes holding their goals; metrics grouped
    by theme, monitoring rounds and updates by year."""
    w = content.words[lang]
    s, t = w.strategy, Strings(lang, w.ui.strings)
    fmt = Formatter(Locale.parse(w.ui.locale), t["per_resident"])
    p = content.urls.pages[lang]
    themes = [p[("themes", "themes")]] + _bounded(
        [{s.themes[theme.id].name: [p[("theme", theme.id)]] + _bounded([{s.goals[g].name: p[("goal", g)]} for g in theme.goals])}
         for theme in content.strategy.themes])
    nav = [
        {t["home"]: p[("home", "home")]},
        {s.framework_name: p[("framework", "framework")]},
        {t["themes"]: themes},
        {t["goals"]: p[("goals", "goals")]},
        {t["implementation"]: p[("implementation", "implementation")]},
        {t["metrics"]: [p[("metrics", "metrics")]] + _grouped(
            [(t[group], w.metrics[m.id].name, p[("metric", m.id)])
             for group, ms in metric_groups(content).items() for m in ms])},
        {t["snapshots"]: [p[("snapshots", "snapshots")]] + _grouped(
            [(str(x.date.year), fmt.date(x.date), p[("snapshot", x.date.isoformat())])
             for x in sorted(content.snapshots, key=lambda x: x.date, reverse=True)])},
        {t["glossary"]: p[("glossary", "glossary")]},
    ]
    for page_id, prose in sorted(w.pages.items()):
        nav.append({prose.meta.title: p[("prose", page_id)]})
    nav.append({t["updates"]: [p[("updates", "updates")]] + _grouped(
        [(str(u.facts.date.year), u.words[lang].meta.title, p[("update", u.id)]) for u in content.updates])})
    nav.append({t["print_title"]: p[("print", "print")]})
    nav.append({w.accessibility.title: p[("accessibility", "accessibility")]})
    return nav


THEME_STRINGS = ("not_found_title", "not_found_text", "not_found_home", "palette_to_dark", "palette_to_light",
                 "search_loading")


def theme_strings(content: Content, lang: str) -> dict[str, str]:
    """Interface words the theme's own templates (404 page, palette toggle) show, from ui.yml."""
    t = Strings(lang, content.words[lang].ui.strings)
    return {key: t[key] for key in THEME_STRINGS}


def footer_links(content: Content, lang: str) -> list[dict[str, str]]:
    """Links every page's footer carries (the accessibility statement, as the law asks)."""
    w = content.words[lang]
    return [{"title": w.accessibility.title, "link": url_of(content.urls.pages[lang][("accessibility", "accessibility")])}]


def root_page(content: Content) -> bytes:
    """The bilingual page at the top of site/, where a visitor chooses a language."""
    html = html_environment().get_template("root.html.j2").render(
        langs=content.languages, words=content.words, base_url=content.site.base_url)
    return html.encode("utf-8")
