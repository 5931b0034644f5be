"""The content types: what `loading.load` assembles from content/ once every file is valid, and what every later
stage reads. No I/O and no checks here (those are in loading/): each type holds validated facts and words."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace

from . import models as m
from .errors import ContentError
from .urls import UrlPlan, plan_urls

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
    def parse(text: str) -> Period | None:
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


def snapshot_columns(languages: list[str]) -> list[str]:
    """The columns of a snapshot file (content/snapshots/<date>.csv), in order: what the build reads, a round's
    spreadsheet must have and the open data's round files are made of."""
    return ["metric", "period", "value", "source"] + [f"note_{lang}" for lang in languages]


@dataclass(frozen=True)
class Prose:
    """A Markdown file's words: its front matter, validated by its model (a prose page's or an update's), and its
    body, stripped and ending in one newline."""

    meta: m.ProsePage | m.UpdateWords
    body: str


@dataclass(frozen=True)
class Update:
    """A published update (news item) with its words in every language."""

    id: str
    facts: m.UpdateFacts
    words: dict[str, Prose]


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

    site: m.SiteFacts
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

    def with_base_url(self, base_url: str) -> Content:
        """The same content published at another address (a local preview or a test server)."""
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        return replace(self, site=self.site.model_copy(update={"base_url": base_url}))

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
        return max(
            [d for d in (self.strategy.text_date, self.accessibility.reviewed) if d]
            + [s.date for s in self.snapshots]
            + [u.facts.date for u in self.updates]
            + ([self.site.as_of] if self.site.as_of else [])
        )

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
