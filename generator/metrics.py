"""Figures over time and what they say: each metric's series, its target and its status.

Statuses are judged as of the newest monitoring round (not today's date), so the same content always
gives the same site. The rules, for a metric with figures:
- the latest figure is older than its reporting frequency plus publication lag allows: overdue;
- direction none: a reference figure, no status of its own;
- stay-above / stay-below: achieved when the latest figure is strictly beyond the target, else off track;
- increase / decrease: achieved when a figure after the baseline reaches the target (a target equal to
  the baseline means "better than the baseline"); otherwise off track once the deadline has passed,
  on track while the latest figure is no worse than the straight path from the baseline to the target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .contents import Content, Period, Row
from .models import FREQUENCY_MONTHS, MetricFacts


class Status(str, Enum):
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    NO_DATA = "no-data"
    OVERDUE = "overdue"
    REFERENCE = "reference"


@dataclass(frozen=True)
class Point:
    period: Period
    value: float


@dataclass(frozen=True)
class Series:
    """One metric's figures, oldest first, each the latest published value for its period."""

    metric: MetricFacts
    rows: tuple[Row, ...]
    baseline: Point | None
    target: float | None
    status: Status
    next_expected: dt.date | None

    @property
    def latest(self) -> Row | None:
        return self.rows[-1] if self.rows else None

    @property
    def updated(self) -> dt.date | None:
        """When the figures were last published (the newest round that gave one of them)."""
        return max((r.snapshot for r in self.rows), default=None)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a month's last day stays a month's last day (30 April -> 31 May)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    end = _month_end(year, month)
    if day == _month_end(day.year, day.month):
        return end
    return dt.date(year, month, min(day.day, end.day))


def next_expected(metric: MetricFacts, latest: Period) -> dt.date:
    """When the figure for the period after `latest` should be out."""
    return add_months(latest.end, FREQUENCY_MONTHS[metric.frequency]) + dt.timedelta(days=metric.publication_lag_days)


def target_value(metric: MetricFacts, baseline: Point | None) -> float | None:
    if metric.target is None:
        return None
    if metric.target.value is not None:
        return metric.target.value
    if baseline is None:
        return None
    return baseline.value * (1 + metric.target.relative_change / 100)


def status(metric: MetricFacts, points: list[Point], baseline: Point | None, as_of: dt.date | None) -> Status:
    """The status of a metric from its figures (oldest first); see the module docstring for the rules."""
    if not points:
        return Status.NO_DATA
    latest = points[-1]
    if as_of is not None and as_of > next_expected(metric, latest.period):
        return Status.OVERDUE
    if metric.direction == "none" or metric.target is None:
        return Status.REFERENCE
    base = baseline or points[0]
    target = target_value(metric, base)
    value = latest.value
    if metric.direction == "stay-above":
        return Status.ACHIEVED if value > target else Status.OFF_TRACK
    if metric.direction == "stay-below":
        return Status.ACHIEVED if value < target else Status.OFF_TRACK
    sign = 1 if metric.direction == "increase" else -1
    after_baseline = latest.period.end > base.period.end
    reached = sign * (value - target) > 0 if target == base.value else sign * (value - target) >= 0
    if after_baseline and reached:
        return Status.ACHIEVED
    deadline = metric.target.deadline
    if latest.period.end >= deadline:
        return Status.OFF_TRACK
    span = (deadline - base.period.end).days
    done = (latest.period.end - base.period.end).days
    path = base.value + (target - base.value) * (done / span if span > 0 else 1)
    return Status.ON_TRACK if sign * (value - path) >= 0 else Status.OFF_TRACK


def computed_rows(metric: MetricFacts, by_metric: dict[str, dict[dt.date, Row]]) -> list[Row]:
    """Figures of a formula metric for periods where both parts are published."""
    f = metric.formula
    rows = []
    nums, dens = by_metric.get(f.numerator, {}), by_metric.get(f.denominator, {})
    for end in sorted(set(nums) & set(dens)):
        num, den = nums[end], dens[end]
        if den.value == 0:
            continue
        later = max(num, den, key=lambda r: r.snapshot)
        rows.append(Row(metric.id, num.period, num.value / den.value * f.factor, num.source,
                        {}, later.snapshot, later.file, later.line, computed=True))
    return rows


def build_series(content: Content) -> dict[str, Series]:
    """Every metric's series: the newest round's figure wins for each period; formulas fill the gaps."""
    by_metric: dict[str, dict[dt.date, Row]] = {m.id: {} for m in content.metrics}
    for snapshot in sorted(content.snapshots, key=lambda s: s.date):
        for row in snapshot.rows:
            by_metric[row.metric][row.period.end] = row
    for metric in content.metrics:
        if metric.formula:
            for row in computed_rows(metric, by_metric):
                by_metric[metric.id].setdefault(row.period.end, row)
    series = {}
    for metric in content.metrics:
        rows = tuple(by_metric[metric.id][end] for end in sorted(by_metric[metric.id]))
        points = [Point(r.period, r.value) for r in rows]
        if metric.baseline:
            baseline = Point(Period.parse(metric.baseline.period), metric.baseline.value)
        else:
            baseline = points[0] if points else None
        series[metric.id] = Series(
            metric, rows, baseline, target_value(metric, baseline),
            status(metric, points, baseline, content.as_of),
            next_expected(metric, rows[-1].period) if rows else None,
        )
    return series


def changes(content: Content, index: int) -> list[tuple[Row, Row | None]]:
    """The rows of snapshot `index`, each with the figure for the same metric and period before that round."""
    ordered = sorted(content.snapshots, key=lambda s: s.date)
    earlier: dict[tuple[str, dt.date], Row] = {}
    for snapshot in ordered[:index]:
        for row in snapshot.rows:
            earlier[(row.metric, row.period.end)] = row
    return [(row, earlier.get((row.metric, row.period.end))) for row in ordered[index].rows]
