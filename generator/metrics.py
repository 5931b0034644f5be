"""Figures over time and what they say: each metric's series, its target and its status.

A metric's figures all come from one statistic (the loader refuses a row of another), so a series never
joins two statistics and a status never judges one against the other.

Statuses are judged as of the content's own `as_of` date (content/site.yml, else the newest monitoring round;
never today's date), so the same content always gives the same site. The reference point of a metric is its
baseline, the figure for the period that ends the day before the strategy period starts; where there is none,
the first figure inside the period is shown, but nothing that needs the start is judged from it: a journalist
could not defend a change counted from the end of the period's first year as the period's change. The rules:
- no figure at all: overdue once the figure of the strategy period's first reporting period was due (its
  frequency and publication lag after the period starts, as `first_due` computes), else no data;
- the latest figure is older than its reporting frequency plus publication lag allows: overdue (the page also
  shows what the latest figure says, `Series.judgement`);
- direction none: a reference figure, no status of its own;
- no figure from the strategy period yet: no data (earlier figures are shown, not judged);
- a figure followed without a target (increase/decrease, no target): followed; the page shows its trend (the
  change from the reference point), never achieved, missed or on/off track: there is nothing to judge it by;
- a target without a deadline (only a target to reach: one to keep needs the day it must hold until): meets the
  target while the latest figure meets it, not yet while it does not; never achieved or missed (no deadline's
  figure to judge), never on or off track (no straight path without an end); a relative one with no baseline:
  no baseline, as below;
- a target to keep all along (stay-above/stay-below): achieved while the latest figure meets it by the
  strategy's own comparison (below: <, at most: <=, above: >, at least: >=), off track when it does not,
  missed when it does not with a figure for the deadline's period;
- a target to reach by its deadline is judged at the deadline: with a figure for the deadline's period (or a
  later one), achieved or missed; before that, meets the target (an interim reading: the level is met, the
  deadline not reached), on track while the latest figure is no worse than the straight path from the baseline
  to the target, off track when it is worse;
- a relative target (counted from the baseline), or a path to the target, with no baseline: cannot be judged
  against the start (no baseline); the page shows the change since the first figure in units and per cent;
- a rank (unit rank: a place in a named comparison, 1 the best) is judged as any figure, by the comparison
  at-most: a rank target is met at its place or better (rank <= the target's place), with or without a deadline.
What each kind of metric can be judged as is `possible` (the metrics page explains only those statuses, and the
data package lists only those).
A status judged against a target the strategy gives only as an example is shown as such (render/texts.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .contents import Content, Period, Row
from .models import COMPARISON_SIGN, FREQUENCY_MONTHS, MetricFacts


class Status(str, Enum):
    ACHIEVED = "achieved"
    MEETS_TARGET = "meets-target"  # the target level is met before the deadline: an interim reading, not achieved
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    MISSED = "missed"
    NO_BASELINE = "no-baseline"  # what the judgement needs is the start of the period, and it has no figure
    NO_DATA = "no-data"
    OVERDUE = "overdue"
    REFERENCE = "reference"
    NOT_YET = "not-yet"  # a target without a deadline, not met by the latest figure: never missed
    FOLLOWED = "followed"  # a figure followed without a target: its trend is shown, never judged


@dataclass(frozen=True)
class Point:
    period: Period
    value: float


@dataclass(frozen=True)
class Reference:
    """The point a metric's progress is measured from: its baseline, or the first figure inside the period."""

    point: Point
    kind: str  # "baseline" | "first-in-period"


@dataclass(frozen=True)
class Series:
    """One metric's figures, oldest first, each the latest published value for its period."""

    metric: MetricFacts
    rows: tuple[Row, ...]
    reference: Reference | None
    target: float | None
    status: Status
    next_expected: dt.date | None  # when the next figure is due; with no figure, when the period's first one was
    judgement: Status = Status.NO_DATA  # what the figures say, as if fresh (shown beside 'overdue')

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
    """When the figure for the period after `latest` should be out: the last day of the month that is one
    reporting period and the publication lag after `latest` ends (a real month end, leap years included)."""
    return _due_after(metric, latest.end)


def first_due(metric: MetricFacts, start: dt.date) -> dt.date:
    """When the figure of the strategy period's first reporting period should be out: `next_expected` after
    the period that ends the day before the strategy period starts."""
    return _due_after(metric, start - dt.timedelta(days=1))


def _due_after(metric: MetricFacts, end: dt.date) -> dt.date:
    """The one due-date rule: the month end one reporting period and the publication lag after `end`."""
    day = add_months(end, FREQUENCY_MONTHS[metric.frequency] + metric.publication_lag_months)
    return _month_end(day.year, day.month)


def reference(points: list[Point], start: dt.date) -> Reference | None:
    """The baseline (a figure for the period that ends the day before `start`), else the first figure inside
    the period, else None."""
    eve = start - dt.timedelta(days=1)
    for p in points:
        if p.period.end == eve:
            return Reference(p, "baseline")
    inside = [p for p in points if p.period.end >= start]
    return Reference(inside[0], "first-in-period") if inside else None


def target_value(metric: MetricFacts, ref: Reference | None) -> float | None:
    """The target's number in the metric's unit: its value or place, or the relative change from the baseline."""
    if metric.target is None:
        return None
    if metric.target.level is not None:
        return metric.target.level
    if ref is None or ref.kind != "baseline":
        return None  # a change "from the start" counted from a later figure would not be the period's change
    return ref.point.value * (1 + metric.target.relative_change / 100)


def status(
    metric: MetricFacts, points: list[Point], ref: Reference | None, as_of: dt.date | None, start: dt.date | None = None
) -> Status:
    """The status of a metric from its figures (oldest first) as of `as_of`, in a strategy period that starts
    on `start`; see the module docstring for the rules."""
    if not points:
        due = as_of is not None and start is not None and as_of > first_due(metric, start)
        return Status.OVERDUE if due else Status.NO_DATA
    if as_of is not None and as_of > next_expected(metric, points[-1].period):
        return Status.OVERDUE
    return judgement(metric, points, ref)


def judgement(metric: MetricFacts, points: list[Point], ref: Reference | None) -> Status:
    """What the figures say of the target, whatever their age (the rules of the module docstring, less 'overdue')."""
    if not points:
        return Status.NO_DATA
    latest = points[-1]
    if metric.direction == "none":
        return Status.REFERENCE
    if ref is None or (ref.kind == "baseline" and latest.period.end <= ref.point.period.end):
        return Status.NO_DATA  # nothing from the strategy period yet: earlier figures are shown, not judged
    if metric.target is None:
        return Status.FOLLOWED  # increase/decrease without a target: the trend is shown, not judged
    target = target_value(metric, ref)
    if target is None:
        return Status.NO_BASELINE  # a relative target counts from the baseline
    met = metric.target.met(latest.value, target)
    deadline = metric.target.deadline
    if deadline is None:  # only a target to reach (the model): no deadline's figure, no path to judge against
        return Status.MEETS_TARGET if met else Status.NOT_YET
    at_deadline = latest.period.end >= deadline
    if metric.keeps:
        return Status.ACHIEVED if met else (Status.MISSED if at_deadline else Status.OFF_TRACK)
    if at_deadline:
        return Status.ACHIEVED if met else Status.MISSED
    if met:
        return Status.MEETS_TARGET
    if ref.kind != "baseline":
        return Status.NO_BASELINE  # the straight path to the target starts from the baseline
    base = ref.point
    span = (deadline - base.period.end).days
    done = (latest.period.end - base.period.end).days
    path = base.value + (target - base.value) * (done / span if span > 0 else 1)
    sign = COMPARISON_SIGN[metric.target.comparison]
    return Status.ON_TRACK if sign * (latest.value - path) >= 0 else Status.OFF_TRACK


def possible(metric: MetricFacts) -> frozenset[Status]:
    """Every status a metric of its kind can have, by the rules of the module docstring: a reference figure, a
    figure followed without a target, a target to reach by its deadline, one to keep, one without a deadline."""
    kind: set[Status]
    target = metric.target
    if metric.direction == "none":
        kind = {Status.REFERENCE}
    elif target is None:
        kind = {Status.FOLLOWED}
    elif target.deadline is None:
        kind = {Status.MEETS_TARGET, Status.NOT_YET} | ({Status.NO_BASELINE} if target.level is None else set())
    elif metric.keeps:
        kind = {Status.ACHIEVED, Status.OFF_TRACK, Status.MISSED}
    else:
        kind = {
            Status.ACHIEVED,
            Status.MEETS_TARGET,
            Status.ON_TRACK,
            Status.OFF_TRACK,
            Status.MISSED,
            Status.NO_BASELINE,
        }
    return frozenset(kind | {Status.NO_DATA, Status.OVERDUE})


def site_statuses(metrics) -> tuple[Status, ...]:
    """The statuses some metric of `metrics` can have, in the order of `Status`: what a site explains."""
    kinds = frozenset().union(*(possible(m) for m in metrics))
    return tuple(s for s in Status if s in kinds)


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
        rows.append(
            Row(
                metric.id,
                num.period,
                num.value / den.value * f.factor,
                num.source,
                {},
                later.snapshot,
                later.file,
                later.line,
                computed=True,
            )
        )
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
    start = content.period_start
    for metric in content.metrics:
        rows = tuple(by_metric[metric.id][end] for end in sorted(by_metric[metric.id]))
        points = [Point(r.period, r.value) for r in rows]
        ref = reference(points, start)
        series[metric.id] = Series(
            metric,
            rows,
            ref,
            target_value(metric, ref),
            status(metric, points, ref, content.as_of, start),
            next_expected(metric, rows[-1].period) if rows else first_due(metric, start),
            judgement(metric, points, ref),
        )
    return series


def changes(content: Content, index: int) -> list[tuple[Row, Row | None, Row | None]]:
    """What snapshot `index` (oldest first) brought: its rows, then the figures the site computed from them (rows
    with `computed`: a formula's figure for a period the round gave a part of, and no round published itself, as
    build_series computes it from what was published up to that round). Each with the figure for the same metric
    and period before that round (a published row is compared with the published figure, a computed one with the
    computed one), and the metric's previous figure as of that round: the figure for the latest earlier period,
    which the change is counted from."""
    ordered = sorted(content.snapshots, key=lambda s: s.date)

    def known(rounds, with_computed: bool) -> dict[str, dict[dt.date, Row]]:
        by_metric: dict[str, dict[dt.date, Row]] = {m.id: {} for m in content.metrics}
        for snapshot in rounds:
            for row in snapshot.rows:
                by_metric[row.metric][row.period.end] = row
        for metric in content.metrics if with_computed else ():
            if metric.formula:
                for row in computed_rows(metric, by_metric):
                    by_metric[metric.id].setdefault(row.period.end, row)
        return by_metric

    published, before, after = (
        known(ordered[:index], False),
        known(ordered[:index], True),
        known(ordered[: index + 1], True),
    )
    this = ordered[index]
    computed = [
        r for m in content.metrics for _, r in sorted(after[m.id].items()) if r.computed and r.snapshot == this.date
    ]

    def previous(row: Row) -> Row | None:
        ends = [end for end in after[row.metric] if end < row.period.end]
        return after[row.metric][max(ends)] if ends else None

    return [
        (row, (before if row.computed else published)[row.metric].get(row.period.end), previous(row))
        for row in list(this.rows) + computed
    ]
