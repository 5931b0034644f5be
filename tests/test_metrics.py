"""Metrics end to end: the status rules, bad snapshot rows, the SVG charts, the open data and the pages.

Expected values are derived from the data in the test (the snapshot CSV files, content/metrics.yml,
content/sources.yml, the ui.yml strings and Babel), never copied from the generator's output. Two sites are
built once per module: the shipped Kokkola content (`built_site` from conftest) and a copy with a synthetic
later monitoring round that revises a figure, adds new ones and gives one metric a longer series (`revised_site`).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import json
import math
import operator
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frictionless
import pytest
import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent, get_minus_sign_symbol
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.contents import Period
from generator.errors import ContentErrors
from generator.formatting import Formatter
from generator.loading import load
from generator.metrics import (
    Point,
    Reference,
    Status,
    build_series,
    first_due,
    judgement,
    next_expected,
    reference,
    status,
    target_value,
)
from generator.models import MetricFacts, Target
from tests.support import site
from tests.support.content import LANGS, errors_of, interface_words
from tests.support.project import ROOT, copy_project

# ================================================================ 1. status rules

START = dt.date(2018, 1, 1)  # the strategy period starts (Kokkola: 2018–2021)
EVE = START - dt.timedelta(days=1)  # a figure for the period ending on this day is the baseline
DEADLINE = dt.date(2021, 12, 31)

# The comparisons as the strategy writes them, stated here once: the test's own reading of alle/enintään/yli/vähintään.
OPS = {"below": operator.lt, "at-most": operator.le, "above": operator.gt, "at-least": operator.ge}
COMPARISONS = tuple(OPS)
STRICT = {"increase": "above", "stay-above": "above", "decrease": "below", "stay-below": "below"}
BETTER = {
    "increase": ("above", "at-least"),
    "stay-above": ("above", "at-least"),
    "decrease": ("below", "at-most"),
    "stay-below": ("below", "at-most"),
}
MONTHS = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}
JUDGED = {Status.ACHIEVED, Status.MEETS_TARGET, Status.ON_TRACK, Status.OFF_TRACK, Status.MISSED, Status.NO_BASELINE}


def facts(
    direction: str,
    *,
    comparison: str | None = None,
    target: float | None = None,
    relative: float | None = None,
    deadline: dt.date | None = DEADLINE,
    stated: str = "firm",
    frequency: str = "annual",
    lag: int = 12,
) -> MetricFacts:
    """A metric; the comparison defaults to the strict one of its direction (yli / alle); increase or decrease
    with neither a target nor a relative one is a figure followed without a target; deadline None: none."""
    data = {
        "id": "test-metric",
        "unit": "percent",
        "decimals": 1,
        "direction": direction,
        "frequency": frequency,
        "publication_lag_months": lag,
        "statistic": "test-statistic",
    }
    if direction != "none" and (target, relative) != (None, None):
        kind = {"value": target} if relative is None else {"relative_change": relative}
        data["target"] = kind | {"comparison": comparison or STRICT[direction], "stated": stated}
        data["target"] |= {"deadline": deadline.isoformat()} if deadline else {}
    return MetricFacts.model_validate(data)


def pts(*pairs: tuple[str, float]) -> list[Point]:
    out = []
    for text, value in pairs:
        period = Period.parse(text)
        assert period is not None, text
        out.append(Point(period, value))
    return out


def judge(metric: MetricFacts, points: list[Point], as_of: dt.date | None = None, start: dt.date = START) -> Status:
    """The status as build_series asks for it: measured from the series' own reference point."""
    return status(metric, points, reference(points, start), as_of, start)


def straight_path(base: float, base_end: dt.date, target: float, deadline: dt.date, at: dt.date) -> float:
    """The value on the straight line from the reference point to the target, at date `at`."""
    return base + (target - base) * (at - base_end).days / (deadline - base_end).days


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_end_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month that is `months` months after the month of `day`."""
    years, month = divmod(day.month - 1 + months, 12)
    return _month_end(day.year + years, month + 1)


# The straight path of an increase metric from its baseline 70 (2017) to 76 (end of 2021), at the end of 2019:
PATH_2019 = straight_path(70, EVE, 76, DEADLINE, dt.date(2019, 12, 31))
# ... and of a decrease metric from 11.9 (2017) to 10 (end of 2021), at the end of 2019:
DOWN_2019 = straight_path(11.9, EVE, 10, DEADLINE, dt.date(2019, 12, 31))

up = facts("increase", comparison="at-least", target=76)  # "vähintään 76 %"
above76 = facts("increase", comparison="above", target=76)  # "yli 76 %"
down = facts("decrease", comparison="below", target=10)  # "alle 10 %"
at_most10 = facts("decrease", comparison="at-most", target=10)  # "enintään 10 %"
growth = facts("increase", comparison="above", relative=0)  # "yli lähtötason"
EXAMPLES = [
    # increase / decrease: reaching the target by the strategy's own comparison before the deadline is an interim
    # reading (meets the target); achieved or missed only with a figure for the deadline's period
    ("at-least-reaches-target", up, pts(("2017", 70), ("2018", 72), ("2019", 76)), None, Status.MEETS_TARGET),
    ("deadline-figure-meets-target", up, pts(("2017", 70), ("2021", 76)), None, Status.ACHIEVED),
    (
        "deadline-figure-after-an-early-meet",
        down,
        pts(("2017", 11.9), ("2018", 7.8), ("2021", 10.2)),
        None,
        Status.MISSED,
    ),
    ("above-equal-is-not-reached", above76, pts(("2017", 70), ("2019", 76)), None, Status.ON_TRACK),
    ("above-beyond-target", above76, pts(("2017", 70), ("2019", 76.1)), None, Status.MEETS_TARGET),
    ("increase-on-path", up, pts(("2017", 70), ("2019", PATH_2019)), None, Status.ON_TRACK),
    ("increase-above-path", up, pts(("2017", 70), ("2019", PATH_2019 + 0.1)), None, Status.ON_TRACK),
    ("increase-below-path", up, pts(("2017", 70), ("2019", PATH_2019 - 0.1)), None, Status.OFF_TRACK),
    ("increase-deadline-period-missed", up, pts(("2017", 70), ("2020", 75), ("2021", 75.9)), None, Status.MISSED),
    ("increase-after-deadline-missed", up, pts(("2017", 70), ("2022", 75.9)), None, Status.MISSED),
    ("increase-after-deadline-reached", up, pts(("2017", 70), ("2022", 76)), None, Status.ACHIEVED),
    ("above-equal-at-deadline", above76, pts(("2017", 70), ("2021", 76)), None, Status.MISSED),
    ("below-equal-is-not-reached", down, pts(("2017", 11.9), ("2019", 10)), None, Status.ON_TRACK),
    ("below-beyond-target", down, pts(("2017", 11.9), ("2019", 9.9)), None, Status.MEETS_TARGET),
    ("at-most-equal-is-reached", at_most10, pts(("2017", 11.9), ("2019", 10)), None, Status.MEETS_TARGET),
    ("decrease-on-path", down, pts(("2017", 11.9), ("2019", DOWN_2019 - 0.05)), None, Status.ON_TRACK),
    ("decrease-off-path", down, pts(("2017", 11.9), ("2019", DOWN_2019 + 0.05)), None, Status.OFF_TRACK),
    ("decrease-worse-than-baseline", down, pts(("2017", 11.9), ("2019", 12.5)), None, Status.OFF_TRACK),
    # no baseline: nothing that needs the start of the period is judged from the first figure inside it
    ("no-baseline-path-not-judged", up, pts(("2018", 70)), None, Status.NO_BASELINE),
    ("no-baseline-level-met", up, pts(("2018", 80)), None, Status.MEETS_TARGET),
    ("no-baseline-unemployment", down, pts(("2016", 12.5), ("2018", 7.8)), None, Status.MEETS_TARGET),
    ("no-baseline-above-level", down, pts(("2018", 11), ("2019", 10.5)), None, Status.NO_BASELINE),
    ("no-baseline-deadline-achieved", down, pts(("2018", 11), ("2021", 9)), None, Status.ACHIEVED),
    ("no-baseline-deadline-missed", down, pts(("2018", 11), ("2021", 10.5)), None, Status.MISSED),
    ("baseline-month-before-start", down, pts(("2017-12", 11.9), ("2019", 12.5)), None, Status.OFF_TRACK),
    ("only-figures-before-the-period", up, pts(("2015", 80), ("2016", 80)), None, Status.NO_DATA),
    ("baseline-alone-is-not-judged", up, pts(("2017", 80)), None, Status.NO_DATA),
    # a relative target of 0 with 'above' means growth: strictly better than the reference point
    ("growth-better", growth, pts(("2017", 47657), ("2019", 47681)), None, Status.MEETS_TARGET),
    ("growth-same", growth, pts(("2017", 47657), ("2019", 47657)), None, Status.ON_TRACK),
    ("growth-worse", growth, pts(("2017", 47657), ("2019", 47600)), None, Status.OFF_TRACK),
    ("growth-same-at-deadline", growth, pts(("2017", 100), ("2021", 100)), None, Status.MISSED),
    ("growth-better-at-deadline", growth, pts(("2017", 100), ("2021", 101)), None, Status.ACHIEVED),
    (
        "growth-first-in-period",
        growth,
        pts(("2016", 47723), ("2018", 47657), ("2019", 47681)),
        None,
        Status.NO_BASELINE,
    ),
    ("growth-no-baseline-at-deadline", growth, pts(("2018", 47657), ("2021", 47800)), None, Status.NO_BASELINE),
    # a relative target is resolved from the reference point: -10 % of 3000 is 2700
    (
        "relative-at-most-reached",
        facts("decrease", comparison="at-most", relative=-10),
        pts(("2017", 3000), ("2019", 2700)),
        None,
        Status.MEETS_TARGET,
    ),
    (
        "relative-below-equal-not-reached",
        facts("decrease", comparison="below", relative=-10),
        pts(("2017", 3000), ("2019", 2700)),
        None,
        Status.ON_TRACK,
    ),
    (
        "relative-not-reached-by-deadline",
        facts("decrease", comparison="at-most", relative=-10, deadline=dt.date(2019, 12, 31)),
        pts(("2017", 3000), ("2019", 2701)),
        None,
        Status.MISSED,
    ),
    # stay-above / stay-below: the comparison must hold, whatever the deadline
    ("stay-above-beyond", facts("stay-above", target=4), pts(("2019", 4.1)), None, Status.ACHIEVED),
    ("stay-above-equal", facts("stay-above", target=4), pts(("2019", 4.0)), None, Status.OFF_TRACK),
    (
        "stay-at-least-equal",
        facts("stay-above", comparison="at-least", target=4),
        pts(("2019", 4.0)),
        None,
        Status.ACHIEVED,
    ),
    ("stay-above-below", facts("stay-above", target=4), pts(("2018", 4.5), ("2019", 3.9)), None, Status.OFF_TRACK),
    ("stay-below-beyond", facts("stay-below", target=10), pts(("2019", 9.9)), None, Status.ACHIEVED),
    ("stay-below-equal", facts("stay-below", target=10), pts(("2019", 10)), None, Status.OFF_TRACK),
    (
        "stay-at-most-equal",
        facts("stay-below", comparison="at-most", target=10),
        pts(("2019", 10)),
        None,
        Status.ACHIEVED,
    ),
    ("stay-below-above", facts("stay-below", target=10), pts(("2019", 10.1)), None, Status.OFF_TRACK),
    (
        "stay-above-missed-at-deadline",
        facts("stay-above", target=4),
        pts(("2019", 4.5), ("2021", 3.9)),
        None,
        Status.MISSED,
    ),
    (
        "stay-above-kept-to-deadline",
        facts("stay-above", target=4),
        pts(("2019", 4.5), ("2021", 4.1)),
        None,
        Status.ACHIEVED,
    ),
    # an example target ("esim.") is judged by the same rule
    (
        "example-target",
        facts("increase", target=76, stated="example"),
        pts(("2017", 70), ("2019", 76)),
        None,
        Status.ON_TRACK,
    ),
    # a target without a deadline ("100 000 asukasta"): meets the target or not yet, never achieved or missed
    (
        "open-met",
        facts("increase", target=76, deadline=None),
        pts(("2017", 70), ("2022", 77)),
        None,
        Status.MEETS_TARGET,
    ),
    (
        "open-not-yet",
        facts("increase", target=76, deadline=None),
        pts(("2017", 70), ("2022", 75)),
        None,
        Status.NOT_YET,
    ),
    # followed without a target: its trend is shown, never judged
    ("followed", facts("increase"), pts(("2017", 70), ("2019", 60)), None, Status.FOLLOWED),
    # none: a reference figure
    ("reference", facts("none"), pts(("2018", 21737)), None, Status.REFERENCE),
    ("reference-fresh", facts("none"), pts(("2018", 21737)), dt.date(2019, 12, 31), Status.REFERENCE),
    # no figures: no data until the period's first figure is due (annual, lag 12: the 2018 figure by 31.12.2019),
    # overdue after that, for every direction
    *[
        (f"no-data-{d}", facts(d, target=None if d == "none" else 1), [], None, Status.NO_DATA)
        for d in ("increase", "decrease", "stay-above", "stay-below", "none")
    ],
    *[
        (
            f"no-figure-due-day-{d}",
            facts(d, target=None if d == "none" else 1),
            [],
            dt.date(2019, 12, 31),
            Status.NO_DATA,
        )
        for d in ("increase", "stay-below", "none")
    ],
    *[
        (f"no-figure-overdue-{d}", facts(d, target=None if d == "none" else 1), [], dt.date(2020, 1, 1), Status.OVERDUE)
        for d in ("increase", "stay-below", "none")
    ],
    ("no-figure-lag-4-due", facts("stay-above", target=100, lag=4), [], dt.date(2019, 4, 30), Status.NO_DATA),
    ("no-figure-lag-4-overdue", facts("stay-above", target=100, lag=4), [], dt.date(2019, 5, 1), Status.OVERDUE),
    (
        "no-figure-monthly-overdue",
        facts("stay-below", target=10, frequency="monthly", lag=1),
        [],
        dt.date(2018, 3, 1),
        Status.OVERDUE,
    ),
    # overdue: the 2018 figure of an annual metric with a 12-month lag is followed by 2019's by 31.12.2020
    ("annual-due-day", up, pts(("2017", 70), ("2018", 72)), dt.date(2020, 12, 31), Status.ON_TRACK),
    ("annual-overdue", up, pts(("2017", 70), ("2018", 72)), dt.date(2021, 1, 1), Status.OVERDUE),
    ("reference-due-day", facts("none", lag=4), pts(("2017", 20.3)), dt.date(2019, 4, 30), Status.REFERENCE),
    ("reference-overdue", facts("none", lag=4), pts(("2017", 20.3)), dt.date(2020, 4, 30), Status.OVERDUE),
    (
        "stay-above-overdue",
        facts("stay-above", target=4, lag=3),
        pts(("2017", 4.5)),
        dt.date(2019, 4, 1),
        Status.OVERDUE,
    ),
    ("overdue-before-no-data", up, pts(("2015", 70)), dt.date(2018, 1, 1), Status.OVERDUE),
    (
        "monthly-due-day",
        facts("stay-below", target=10, frequency="monthly", lag=1),
        pts(("2019-01", 9)),
        dt.date(2019, 3, 31),
        Status.ACHIEVED,
    ),
    (
        "monthly-overdue",
        facts("stay-below", target=10, frequency="monthly", lag=1),
        pts(("2019-01", 9)),
        dt.date(2019, 4, 1),
        Status.OVERDUE,
    ),
    (
        "monthly-due-on-leap-day",
        facts("stay-below", target=10, frequency="monthly", lag=1),
        pts(("2019-12", 9)),
        dt.date(2020, 2, 29),
        Status.ACHIEVED,
    ),
    (
        "monthly-overdue-after-leap-day",
        facts("stay-below", target=10, frequency="monthly", lag=1),
        pts(("2019-12", 9)),
        dt.date(2020, 3, 1),
        Status.OVERDUE,
    ),
]


@pytest.mark.parametrize("metric, points, as_of, expected", [pytest.param(*e[1:], id=e[0]) for e in EXAMPLES])
def test_status_examples(metric, points, as_of, expected):
    assert judge(metric, points, as_of) is expected


def test_every_status_direction_and_comparison_has_an_example():
    """A guard of the table above, not of the product: every status, direction and comparison has a case in it."""
    assert {e[4] for e in EXAMPLES} == set(Status)
    assert {e[1].direction for e in EXAMPLES} == {"increase", "decrease", "stay-above", "stay-below", "none"}
    assert {e[1].target.comparison for e in EXAMPLES if e[1].target} == set(COMPARISONS)
    assert {e[1].target.stated for e in EXAMPLES if e[1].target} == {"firm", "example"}


@pytest.mark.parametrize(
    "frequency, latest",
    [
        ("monthly", "2019-04"),
        ("monthly", "2019-02"),
        ("monthly", "2020-01"),
        ("quarterly", "2019-09"),
        ("quarterly", "2019-11-30"),
        ("semiannual", "2019-06"),
        ("annual", "2019"),
    ],
)
def test_not_overdue_on_the_day_the_next_period_ends(frequency, latest):
    """The figure of the period after `latest` cannot be out before that period ends (lag 0 here)."""
    metric = facts("stay-below", target=10, frequency=frequency, lag=0)
    nxt = month_end_after(Period.parse(latest).end, MONTHS[frequency])
    assert judge(metric, pts((latest, 9)), nxt) is Status.ACHIEVED
    assert judge(metric, pts((latest, 9)), nxt + dt.timedelta(days=1)) is Status.OVERDUE


def test_reference_is_the_baseline_else_the_first_figure_in_the_period():
    points = pts(("2016", 1), ("2017", 2), ("2019", 3))
    assert reference(points, START) == Reference(points[1], "baseline")
    for eve in ("2017-12", "2017-12-31"):
        points = pts(("2016", 1), (eve, 2), ("2018-06", 3))
        assert reference(points, START) == Reference(points[1], "baseline")
    points = pts(("2016", 1), ("2017-11", 2), ("2018-01", 3), ("2019", 4))
    assert reference(points, START) == Reference(points[2], "first-in-period")
    assert reference(pts(("2016", 1), ("2017-11", 2)), START) is None
    assert reference([], START) is None


def test_relative_target_without_baseline_is_not_judged_against_the_start():
    """A change "from the start" counted from the end of the period's first year is not the period's change."""
    metric = facts("decrease", comparison="at-most", relative=-10)
    points = pts(("2016", 5000), ("2018", 3000), ("2019", 2700))
    ref = reference(points, START)
    assert ref == Reference(points[1], "first-in-period")
    assert target_value(metric, ref) is None
    assert target_value(metric, Reference(points[1], "baseline")) == pytest.approx(3000 * 0.9)
    assert target_value(metric, None) is None
    assert status(metric, points, ref, None) is judge(metric, points) is Status.NO_BASELINE
    assert status(metric, points, None, None) is Status.NO_DATA, "no reference point: not judged"


# -- properties

values = st.integers(-100_000, 100_000).map(lambda i: i / 10)
years = st.lists(st.integers(2000, 2030), min_size=1, max_size=6, unique=True).map(sorted)
dates = st.dates(dt.date(1999, 1, 1), dt.date(2035, 12, 31))
floats = st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)
TARGETED = ("increase", "decrease", "stay-above", "stay-below")


@st.composite
def trend_cases(draw, directions=("increase", "decrease")):
    """A metric with a target, its figures (one per year), the strategy period's start and an as-of date or None."""
    direction = draw(st.sampled_from(directions))
    ys = draw(years)
    vals = draw(st.lists(values, min_size=len(ys), max_size=len(ys)))
    relative = draw(st.none() | st.integers(-50, 50).map(float)) if direction in ("increase", "decrease") else None
    target = draw(values) if relative is None and direction != "none" else None
    return dict(
        direction=direction,
        comparison=draw(st.sampled_from(BETTER[direction])) if direction != "none" else None,
        stated=draw(st.sampled_from(("firm", "example"))),
        target=target,
        relative=relative,
        deadline=draw(dates),
        start=dt.date(draw(st.integers(2001, 2031)), 1, 1),
        lag=draw(st.integers(0, 36)),
        points=[(str(y), v) for y, v in zip(ys, vals)],
        as_of=draw(st.none() | dates),
    )


def make(case: dict, **change) -> tuple[MetricFacts, list[Point]]:
    c = case | change
    return (
        facts(
            c["direction"],
            comparison=c["comparison"],
            target=c["target"],
            relative=c["relative"],
            deadline=c["deadline"],
            stated=c["stated"],
            lag=c["lag"],
        ),
        pts(*c["points"]),
    )


def judged(case: dict, as_of: dt.date | None = None, **change) -> Status:
    metric, points = make(case, **change)
    return judge(metric, points, as_of, case["start"])


def resolved_target(case: dict, ref: Reference | None) -> float | None:
    """The target value from the case's own numbers: a relative target counts from the reference point."""
    if case["relative"] is None:
        return case["target"]
    return None if ref is None or ref.kind != "baseline" else ref.point.value * (1 + case["relative"] / 100)


def baseline_only(points: list[Point], start: dt.date) -> bool:
    """Only the baseline and earlier figures, none from the strategy period: not judged (no data), as
    metrics.py's docstring says; the properties about judged statuses leave the case out."""
    ref = reference(points, start)
    return ref is not None and ref.kind == "baseline" and all(p.period.end < start for p in points)


MIRROR = {
    "increase": "decrease",
    "decrease": "increase",
    "stay-above": "stay-below",
    "stay-below": "stay-above",
    "below": "above",
    "above": "below",
    "at-most": "at-least",
    "at-least": "at-most",
}


@settings(max_examples=150, deadline=None, database=None)
@given(st.sampled_from(COMPARISONS), floats | values, floats | values)
def test_met_applies_the_comparison_strictly_as_written(comparison, value, target):
    t = Target(comparison=comparison, stated="firm", value=target, deadline=DEADLINE)
    assert t.met(value, target) is OPS[comparison](value, target)
    assert t.met(target, target) is (comparison in ("at-most", "at-least")), (
        "only at-most / at-least include the target"
    )
    assert t.met(math.nextafter(target, math.inf), target) is (comparison in ("above", "at-least"))
    assert t.met(math.nextafter(target, -math.inf), target) is (comparison in ("below", "at-most"))


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED))
def test_latest_equal_to_a_below_or_above_target_is_never_achieved(case):
    case = case | {"comparison": STRICT[case["direction"]]}
    metric, points = make(case)
    ref = reference(points, case["start"])
    assume(not baseline_only(points, case["start"]))
    assume(case["relative"] is None or (ref is not None and ref.point.period != points[-1].period))
    goal = resolved_target(case, ref)
    assume(goal is not None)
    equal = case["points"][:-1] + [(case["points"][-1][0], goal)]
    assert judged(case, points=equal) not in (Status.ACHIEVED, Status.MEETS_TARGET)
    assert judged(case, case["as_of"], points=equal) not in (Status.ACHIEVED, Status.MEETS_TARGET)
    # ... while the same figure meets the non-strict comparison of the same direction (unless there is no reference):
    # achieved with a figure for the deadline's period or for a target to keep, else an interim reading
    at = {"above": "at-least", "below": "at-most"}[case["comparison"]]
    final = case["direction"] in ("stay-above", "stay-below") or points[-1].period.end >= case["deadline"]
    assert judged(case, points=equal, comparison=at) is (
        (Status.ACHIEVED if final else Status.MEETS_TARGET) if ref else Status.NO_DATA
    )


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED))
def test_example_target_gets_the_same_status_as_a_firm_one(case):
    """'esim.' changes the words on the page, not the rule."""
    assert judged(case, case["as_of"], stated="example") is judged(case, case["as_of"], stated="firm")


@settings(max_examples=150, deadline=None, database=None)
@given(values, st.sampled_from(("2017", "2018")), st.integers(1, 6), st.integers(1, 10_000), st.booleans())
def test_growth_target_is_strictly_above_the_reference_point(base, ref_year, later, step, tightest):
    """Relative change 0 with 'above' (growth): the latest equal to the reference point is not achieved, above it is."""
    head = [("2016", base - 1), (ref_year, base)]  # 2016 is before the period: never the reference point
    year = str(int(ref_year) + later)
    s_equal = judge(growth, pts(*head, (year, base)))
    above = math.nextafter(base, math.inf) if tightest else base + step / 10
    s_above = judge(growth, pts(*head, (year, above)))
    if ref_year == "2018":  # no baseline (2017): growth "from the start" cannot be judged, whatever the figures
        assert s_equal is s_above is Status.NO_BASELINE
    else:
        at_deadline = Period.parse(year).end >= DEADLINE
        assert s_equal is (Status.MISSED if at_deadline else Status.ON_TRACK)
        assert s_above is (Status.ACHIEVED if at_deadline else Status.MEETS_TARGET)
    # the first figure of the period, alone, is no baseline
    assert judge(growth, pts(("2016", base - 1), ("2018", base))) is Status.NO_BASELINE


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED))
def test_mirrored_metric_has_same_status(case):
    """An increase metric with values v and a decrease metric with values -v are judged alike (and so on)."""
    mirrored = judged(
        case,
        case["as_of"],
        direction=MIRROR[case["direction"]],
        comparison=MIRROR[case["comparison"]],
        target=None if case["target"] is None else -case["target"],
        points=[(p, -v) for p, v in case["points"]],
    )
    assert mirrored is judged(case, case["as_of"])


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("stay-above", "stay-below")))
def test_stay_metric_achieved_iff_latest_meets_target(case):
    metric, points = make(case)
    assume(not baseline_only(points, case["start"]))
    if reference(points, case["start"]) is None:
        expected = Status.NO_DATA
    else:
        missed = Status.MISSED if points[-1].period.end >= case["deadline"] else Status.OFF_TRACK
        expected = Status.ACHIEVED if OPS[case["comparison"]](points[-1].value, case["target"]) else missed
    assert judge(metric, points, None, case["start"]) is expected


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")), dates)
def test_overdue_iff_as_of_after_next_expected(case, as_of):
    """Annual figures: the next year's figure is due at the end of the month the publication lag after that year."""
    metric, points = make(case)
    due = month_end_after(points[-1].period.end, 12 + case["lag"])
    assert (judge(metric, points, as_of, case["start"]) is Status.OVERDUE) == (as_of > due)
    if as_of <= due:  # the as-of date matters only through 'overdue'
        assert judge(metric, points, as_of, case["start"]) is judge(metric, points, None, case["start"])


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(), values, st.integers(0, 5))
def test_figure_after_deadline_is_never_on_track(case, value, extra_years):
    year = max(int(case["points"][-1][0]), case["deadline"].year) + extra_years
    if str(year) == case["points"][-1][0]:
        year += 1
    metric, points = make(case, points=case["points"] + [(str(year), value)])
    assert points[-1].period.end >= case["deadline"]
    assert judge(metric, points, case["as_of"], case["start"]) not in (
        Status.ON_TRACK,
        Status.OFF_TRACK,
        Status.MEETS_TARGET,
    )


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED))
def test_achieved_or_missed_only_with_the_deadline_figure_or_a_target_to_keep(case):
    """Rule 1: a target "by 2021" is achieved or missed only with the figure for the deadline's period."""
    metric, points = make(case)
    got = judge(metric, points, None, case["start"])
    final = points[-1].period.end >= case["deadline"]
    if got in (Status.ACHIEVED, Status.MISSED):
        assert final or metric.keeps
    if got is Status.MEETS_TARGET:
        assert not final and not metric.keeps


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED))
def test_without_baseline_nothing_is_judged_against_the_start(case):
    """Rule 1: with no figure for the start of the period, no path to the target and no relative target is judged."""
    metric, points = make(case)
    ref = reference(points, case["start"])
    got = judge(metric, points, None, case["start"])
    if ref is not None and ref.kind == "first-in-period":
        assert got not in (Status.ON_TRACK, Status.OFF_TRACK) or metric.keeps
        if case["relative"] is not None:
            assert got is Status.NO_BASELINE
    if got is Status.NO_BASELINE:
        assert ref is not None and ref.kind == "first-in-period"


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")), dates)
def test_no_figure_is_overdue_iff_the_first_was_due(case, as_of):
    """Rule 2: "no figures yet" only while the period's first figure is not yet due (frequency + lag after its
    start)."""
    metric, _ = make(case)
    due = month_end_after(case["start"] - dt.timedelta(days=1), 12 + case["lag"])
    assert first_due(metric, case["start"]) == due
    assert judge(metric, [], as_of, case["start"]) is (Status.OVERDUE if as_of > due else Status.NO_DATA)
    assert judge(metric, [], None, case["start"]) is Status.NO_DATA


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")), dates)
def test_overdue_keeps_what_the_figures_say(case, as_of):
    """An overdue metric's page still shows what its latest figure says: the judgement ignores the date."""
    metric, points = make(case)
    ref = reference(points, case["start"])
    got = judge(metric, points, as_of, case["start"])
    assert judgement(metric, points, ref) is judge(metric, points, None, case["start"])
    assert got is Status.OVERDUE or got is judgement(metric, points, ref)


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(TARGETED), values, values)
def test_better_latest_figure_never_gives_worse_status(case, a, b):
    rank = {
        Status.NO_DATA: -1,
        Status.OFF_TRACK: 0,
        Status.MISSED: 0,
        Status.NO_BASELINE: 0,
        Status.ON_TRACK: 1,
        Status.MEETS_TARGET: 2,
        Status.ACHIEVED: 2,
    }
    worse, better = sorted((a, b)) if case["direction"] in ("increase", "stay-above") else sorted((a, b), reverse=True)
    head = case["points"][:-1]
    last = case["points"][-1][0]
    ref = reference(pts(*case["points"]), case["start"])
    assume(not baseline_only(pts(*case["points"]), case["start"]))
    # a relative target counted from the latest figure itself moves with it: nothing to compare
    assume(case["relative"] is None or ref is None or ref.point.period.text != last)
    s_worse = judged(case, points=head + [(last, worse)])
    s_better = judged(case, points=head + [(last, better)])
    assert (s_worse is Status.NO_DATA) == (s_better is Status.NO_DATA) == (ref is None)
    assert rank[s_worse] <= rank[s_better]


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")))
def test_no_points_is_no_data_and_none_is_reference(case):
    metric, points = make(case)
    assert judge(metric, [], None, case["start"]) is Status.NO_DATA
    got = judge(metric, points, None, case["start"])
    if case["direction"] == "none":
        assert got is Status.REFERENCE
    elif reference(points, case["start"]) is None:
        assert got is Status.NO_DATA, "figures only from before the strategy period are shown, not judged"
    elif baseline_only(points, case["start"]):
        assert got is Status.NO_DATA, "the baseline alone says nothing about the strategy period"
    else:
        assert got in JUDGED


period_texts = st.one_of(
    st.integers(1990, 2100).map(str),
    st.tuples(st.integers(1990, 2100), st.integers(1, 12)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
)


@settings(max_examples=300, deadline=None, database=None)
@given(period_texts, st.sampled_from(tuple(MONTHS)), st.integers(0, 36))
def test_next_expected_is_always_a_month_end(text, frequency, lag):
    period = Period.parse(text)
    due = next_expected(facts("none", frequency=frequency, lag=lag), period)
    assert (due + dt.timedelta(days=1)).day == 1, f"{due} is not the last day of its month"
    assert due == month_end_after(period.end, MONTHS[frequency] + lag)
    assert due > period.end


@pytest.mark.parametrize(
    "latest, frequency, lag, expected",
    [
        ("2019-12", "monthly", 1, dt.date(2020, 2, 29)),
        ("2018", "annual", 2, dt.date(2020, 2, 29)),
        ("2023-11-30", "quarterly", 0, dt.date(2024, 2, 29)),
        ("2023-11-15", "quarterly", 0, dt.date(2024, 2, 29)),
        ("2023-08-31", "semiannual", 0, dt.date(2024, 2, 29)),
        ("1999-11", "quarterly", 0, dt.date(2000, 2, 29)),
        ("2020-11-30", "quarterly", 0, dt.date(2021, 2, 28)),
        ("2099-12", "monthly", 1, dt.date(2100, 2, 28)),
        ("2020-02-29", "annual", 0, dt.date(2021, 2, 28)),
        ("2019-02-28", "annual", 0, dt.date(2020, 2, 29)),
        ("2019", "annual", 4, dt.date(2021, 4, 30)),
        ("2018", "annual", 12, dt.date(2020, 12, 31)),
    ],
    ids=lambda v: v.isoformat() if isinstance(v, dt.date) else None,
)
def test_next_expected_month_ends_with_leap_years(latest, frequency, lag, expected):
    assert next_expected(facts("none", frequency=frequency, lag=lag), Period.parse(latest)) == expected
    assert month_end_after(Period.parse(latest).end, MONTHS[frequency] + lag) == expected


# ================================================================ 2. bad snapshot rows, through the real loader

POP = "kokkola-in-figures-population"  # sources of the shipped content/sources.yml, by statistic
EMP = "kokkola-in-figures-employment"
HEADER = "metric,period,value,source,note_fi,note_sv\n"
GOOD = f"population,2020-12-31,47700,{POP},,\n"
HINT_PERIOD = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31"
F = "content/snapshots/2021-01-01.csv"

BAD_ROWS = {
    "unknown-metric": (
        "2021-01-01.csv",
        HEADER + GOOD + f"populaton,2020,47700,{POP},,\n",
        [f"{F}:3: unknown metric 'populaton' [unknown-metric] – did you mean 'population'?"],
    ),
    "unknown-source": (
        "2021-01-01.csv",
        HEADER + "population,2020,47700,kokkola-in-figures-populaton,,\n",
        [
            f"{F}:2: unknown source 'kokkola-in-figures-populaton' [unknown-source] – "
            f"add it to content/sources.yml or did you mean '{POP}'?"
        ],
    ),
    "mixed-statistics": (
        "2021-01-01.csv",
        HEADER + GOOD + f"population,2019,47700,{EMP},,\n",
        [
            f"{F}:3: the source '{EMP}' publishes the statistic 'employment', but metric 'population' is measured with "
            "'population-structure': a series never mixes statistics [mixed-statistics] – give a source of "
            "'population-structure', or make a metric of its own for 'employment'"
        ],
    ),
    "mixed-statistics-computed-metric": (
        "2021-01-01.csv",
        HEADER + f"unemployment-rate,2020,7.8,{POP},,\n",
        [
            f"{F}:2: the source '{POP}' publishes the statistic 'population-structure', but metric "
            "'unemployment-rate' is measured with 'employment': a series never mixes statistics "
            "[mixed-statistics] – give a source of 'employment', or make a metric of its own for "
            "'population-structure'"
        ],
    ),
    "not-a-number": (
        "2021-01-01.csv",
        HEADER + f"population,2020,paljon,{POP},,\n",
        [
            f"{F}:2: the value 'paljon' is not a number [not-a-number] – "
            "write digits with a decimal point, e.g. 7.8, without units"
        ],
    ),
    "value-with-unit": (
        "2021-01-01.csv",
        HEADER + f"unemployment-rate,2020,7.8 %,{EMP},,\n",
        [
            f"{F}:2: the value '7.8 %' is not a number [not-a-number] – "
            "write digits with a decimal point, e.g. 7.8, without units"
        ],
    ),
    "decimal-comma-quoted": (
        "2021-01-01.csv",
        HEADER + f'unemployment-rate,2020,"7,8",{EMP},,\n',
        [f"{F}:2: the value '7,8' has a decimal comma [decimal-comma] – write it with a decimal point: 7.8"],
    ),
    "decimal-comma-unquoted": (
        "2021-01-01.csv",
        HEADER + GOOD + f"unemployment-rate,2020-12-31,7,8,{EMP},,\n",
        [
            f"{F}:3: the value '7,8' has a decimal comma, which splits it into two cells "
            "[decimal-comma] – write it with a decimal point: 7.8"
        ],
    ),
    "duplicate-period": (
        "2021-01-01.csv",
        HEADER + f"population,2020,47700,{POP},,\n" + GOOD,
        [
            f"{F}:3: metric 'population' has a second figure for period 2020-12-31 (first on line 2) "
            "[duplicate-period] – keep one row per metric and period"
        ],
    ),
    "duplicate-period-same-text": (
        "2021-01-01.csv",
        HEADER + GOOD + GOOD.replace("47700", "47701"),
        [
            f"{F}:3: metric 'population' has a second figure for period 2020-12-31 (first on line 2) "
            "[duplicate-period] – keep one row per metric and period"
        ],
    ),
    "period-after-round": (
        "2021-01-01.csv",
        HEADER + f"population,2021,47700,{POP},,\n",
        [
            f"{F}:2: the period 2021 is after the round's date 2021-01-01 [period-out-of-range] – "
            "check the year; a round can only publish figures of past periods"
        ],
    ),
    "period-not-a-date": (
        "2021-01-01.csv",
        HEADER + f"population,31.12.2020,47700,{POP},,\n",
        [f"{F}:2: the period '31.12.2020' is not a date [bad-period] – {HINT_PERIOD}"],
    ),
    "period-impossible-day": (
        "2021-01-01.csv",
        HEADER + f"population,2020-02-30,47700,{POP},,\n",
        [f"{F}:2: the period '2020-02-30' is not a date [bad-period] – {HINT_PERIOD}"],
    ),
    "empty-value": (
        "2021-01-01.csv",
        HEADER + f"population,2020,,{POP},,\n",
        [f"{F}:2: the 'value' cell is empty [empty-cell] – fill in the value"],
    ),
    "empty-metric-and-source": (
        "2021-01-01.csv",
        HEADER + ",2020,47700,,,\n",
        [
            f"{F}:2: the 'metric' cell is empty [empty-cell] – fill in the metric",
            f"{F}:2: the 'source' cell is empty [empty-cell] – fill in the source",
        ],
    ),
    "note-only-finnish": (
        "2021-01-01.csv",
        HEADER + f"population,2020,47700,{POP},Vain suomeksi,\n",
        [
            f"{F}:2: the note has no Swedish twin (note_sv is empty) [missing-translation] – "
            "write the note in Swedish too, or leave both notes empty"
        ],
    ),
    "note-only-swedish": (
        "2021-01-01.csv",
        HEADER + f"population,2020,47700,{POP},,Bara på svenska\n",
        [
            f"{F}:2: the note has no Finnish twin (note_fi is empty) [missing-translation] – "
            "write the note in Finnish too, or leave both notes empty"
        ],
    ),
    "file-name-not-a-date": (
        "kierros-2021.csv",
        HEADER + GOOD,
        [
            "content/snapshots/kierros-2021.csv: a snapshot file must be named YYYY-MM-DD.csv "
            "[snapshot-name] – rename it to the date of the monitoring round, e.g. 2020-04-30.csv"
        ],
    ),
    "file-name-impossible-date": (
        "2021-02-30.csv",
        HEADER + GOOD,
        [
            "content/snapshots/2021-02-30.csv: '2021-02-30' is not a date [snapshot-name] – "
            "rename it to the real date of the monitoring round, YYYY-MM-DD.csv"
        ],
    ),
    "missing-header-column": (
        "2021-01-01.csv",
        f"metric,period,value,source,note_fi\npopulation,2020,47700,{POP},\n",
        [
            f"{F}:1: missing column(s): note_sv [csv-header] – "
            "the first line must be: metric,period,value,source,note_fi,note_sv"
        ],
    ),
}

BAD_ROWS_MORE = [
    pytest.param(
        "2021-01-01.csv",
        HEADER + f"unemployment-rate,2020,7,8,{EMP},,\n",
        [
            f"{F}:2: the value '7,8' has a decimal comma, which splits it into two cells "
            "[decimal-comma] – write it with a decimal point: 7.8"
        ],
        id="decimal-comma-unquoted-year-period",
    ),
    pytest.param(
        "2021-06-30.csv",
        HEADER + f"population,2020-13,47700,{POP},,\n",
        [f"content/snapshots/2021-06-30.csv:2: the period '2020-13' is not a date [bad-period] – {HINT_PERIOD}"],
        id="period-month-13",
    ),
    pytest.param(
        "2021-01-01.csv",
        HEADER + f"population,2020-00,47700,{POP},,\n",
        [f"{F}:2: the period '2020-00' is not a date [bad-period] – {HINT_PERIOD}"],
        id="period-month-0",
    ),
]


def test_the_bad_rows_name_sources_of_the_shipped_content():
    """The cases above are written with two real sources: one of each statistic their messages name."""
    listed = yaml.safe_load((ROOT / "content/sources.yml").read_text(encoding="utf-8"))
    statistic_of = {s["id"]: s["statistic"] for s in listed["sources"]}
    by_metric = {
        m["id"]: m["statistic"] for m in yaml.safe_load((ROOT / "content/metrics.yml").read_text(encoding="utf-8"))
    }
    assert statistic_of[POP] == by_metric["population"] == "population-structure"
    assert statistic_of[EMP] == by_metric["unemployment-rate"] == "employment"
    assert {"statistics-finland", "yle", "kokkola-city"}.isdisjoint(statistic_of)


@pytest.mark.parametrize("name, text, expected", [pytest.param(*v, id=k) for k, v in BAD_ROWS.items()] + BAD_ROWS_MORE)
def test_bad_snapshot_row_gets_exact_message(project, name, text, expected):
    (project / "content/snapshots" / name).write_text(text, encoding="utf-8")
    assert errors_of(project) == expected


def test_every_bad_row_of_a_file_is_listed_at_once(project):
    """One file with a bad row of each kind: one error per problem, in line order, the good row accepted."""
    row_cases = [
        k
        for k, (name, text, _) in BAD_ROWS.items()
        if name == "2021-01-01.csv" and text.startswith(HEADER) and "duplicate" not in k
    ]
    lines, expected = [GOOD], []
    for case in row_cases:
        for row in BAD_ROWS[case][1].removeprefix(HEADER).splitlines(keepends=True):
            if row == GOOD:
                continue
            lines.append(row)
            line = len(lines) + 1
            expected += [
                re.sub(r"^(content/snapshots/2021-01-01\.csv):\d+:", rf"\1:{line}:", e) for e in BAD_ROWS[case][2]
            ]
    (project / "content/snapshots/2021-01-01.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    assert len(row_cases) >= 10 and "mixed-statistics" in row_cases
    assert errors_of(project) == sorted(expected, key=lambda e: int(e.split(":")[1]))


def test_retired_source_ids_are_unknown(project):
    """The ids of the old model (one per publisher: statistics-finland, kokkola-city, yle) no longer load."""
    rows = "".join(f"population,2020,47700,{old},,\n" for old in ("statistics-finland", "kokkola-city", "yle"))
    (project / "content/snapshots/2021-01-01.csv").write_text(HEADER + rows, encoding="utf-8")
    errors = errors_of(project)
    assert len(errors) == 3
    for line, (error, old) in enumerate(zip(errors, ("statistics-finland", "kokkola-city", "yle")), 2):
        assert error.startswith(
            f"{F}:{line}: unknown source '{old}' [unknown-source] – add it to content/sources.yml or "
        )


def test_good_new_round_loads(project):
    (project / "content/snapshots/2021-01-01.csv").write_text(
        HEADER + GOOD + f'unemployment-rate,2020,"7.8",{EMP},"Huom, pilkku",Obs. komma\n', encoding="utf-8"
    )
    content = load(project / "content")
    snap = next(s for s in content.snapshots if s.date == dt.date(2021, 1, 1))
    assert [(r.metric, r.period.end, r.value, r.source, r.notes) for r in snap.rows] == [
        ("population", dt.date(2020, 12, 31), 47700.0, POP, {"fi": "", "sv": ""}),
        ("unemployment-rate", dt.date(2020, 12, 31), 7.8, EMP, {"fi": "Huom, pilkku", "sv": "Obs. komma"}),
    ]
    assert content.last_round == dt.date(2021, 1, 1)


# ================================================================ the data, read in the test


def period_end(text: str) -> dt.date:
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return _month_end(*map(int, text.split("-")))
    return dt.date.fromisoformat(text)


@functools.cache
def read_rounds(content: Path) -> list[tuple[dt.date, list[dict]]]:
    """Every snapshot file, oldest first: (round date, rows as dicts); read once per built project."""
    return _read_rounds(content)


def _read_rounds(content: Path) -> list[tuple[dt.date, list[dict]]]:
    out = []
    for path in sorted((content / "snapshots").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out.append((dt.date.fromisoformat(path.stem), list(csv.DictReader(f))))
    return out


@functools.cache
def metric_facts(content: Path) -> list[dict]:
    return yaml.safe_load((content / "metrics.yml").read_text(encoding="utf-8"))


def metric_by_id(content: Path, metric: str) -> dict:
    return next(m for m in metric_facts(content) if m["id"] == metric)


@functools.cache
def sources_facts(content: Path) -> dict[str, dict]:
    """content/sources.yml's sources by id: {statistic, url}."""
    listed = yaml.safe_load((content / "sources.yml").read_text(encoding="utf-8"))
    return {s["id"]: s for s in listed["sources"]}


@functools.cache
def strategy_facts(content: Path) -> dict:
    return yaml.safe_load((content / "strategy.yml").read_text(encoding="utf-8"))


def period_start(content: Path) -> dt.date:
    return dt.date(strategy_facts(content)["period_start"], 1, 1)


@functools.cache
def ui(content: Path, lang: str) -> dict:
    return interface_words(content, lang)


@functools.cache
def words(content: Path, lang: str, file: str) -> dict:
    return yaml.safe_load((content / lang / file).read_text(encoding="utf-8"))


def source_title(content: Path, lang: str, source: str) -> str:
    """The source's name as a reader sees it: its page's own title filled in where the name says {title}."""
    return words(content, lang, "sources.yml")["sources"][source].replace(
        "{title}", sources_facts(content)[source].get("title") or ""
    )


@functools.cache
def expected_figures(content: Path, rounds: int | None = None) -> dict[tuple[str, dt.date], dict]:
    """(metric, period end) -> figure: the newest round wins; a formula fills periods with no published figure.
    With `rounds`, as the first that many rounds (oldest first) gave them."""
    figures: dict[tuple[str, dt.date], dict] = {}
    for date, rows in read_rounds(content)[:rounds]:
        for row in rows:
            figures[(row["metric"], period_end(row["period"]))] = {
                "period": row["period"],
                "value": float(row["value"]),
                "source": row["source"],
                "snapshot": date,
                "computed": False,
                "note_fi": row["note_fi"],
                "note_sv": row["note_sv"],
            }
    published = dict(figures)
    for m in metric_facts(content):
        f = m.get("formula")
        if not f:
            continue
        nums = {end: r for (mid, end), r in published.items() if mid == f["numerator"]}
        dens = {end: r for (mid, end), r in published.items() if mid == f["denominator"]}
        for end in set(nums) & set(dens):
            if (m["id"], end) in published or dens[end]["value"] == 0:
                continue
            figures[(m["id"], end)] = {
                "period": nums[end]["period"],
                "value": nums[end]["value"] / dens[end]["value"] * f.get("factor", 1),
                "source": nums[end]["source"],
                "snapshot": max(nums[end]["snapshot"], dens[end]["snapshot"]),
                "computed": True,
                "note_fi": "",
                "note_sv": "",
            }
    return figures


def series_of(content: Path, metric: str) -> list[tuple[dt.date, dict]]:
    return sorted((end, f) for (mid, end), f in expected_figures(content).items() if mid == metric)


def expected_reference(content: Path, series: list[tuple[dt.date, dict]]) -> tuple[str, dict] | None:
    """The reference point of a series: ("baseline", the figure for the period ending the day before the strategy
    period starts), else ("first-in-period", the first figure inside the period), else None."""
    start = period_start(content)
    for end, f in series:
        if end == start - dt.timedelta(days=1):
            return "baseline", f
    inside = [f for end, f in series if end >= start]
    return ("first-in-period", inside[0]) if inside else None


def target_of(content: Path, m: dict, series: list[tuple[dt.date, dict]]) -> float | None:
    t = m.get("target")
    if not t:
        return None
    if "value" in t:
        return float(t["value"])
    ref = expected_reference(content, series)  # a relative target counts from the baseline only (issue 23)
    return None if ref is None or ref[0] != "baseline" else ref[1]["value"] * (1 + t["relative_change"] / 100)


def period_label(text: str, locale: Locale) -> str:
    end = period_end(text)
    if re.fullmatch(r"\d{4}", text):
        return str(end.year)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return format_skeleton("yMMMM", end, locale=locale)
    return format_date(end, format="long", locale=locale)


def signed(text: str, locale: Locale) -> str:
    """CLDR's minus sign for the locale where Babel writes the pattern's ASCII hyphen (U+2212 in fi and sv)."""
    return text.replace("-", get_minus_sign_symbol(locale))


def number_text(value: float, locale: Locale, decimals: int = 0) -> str:
    return signed(
        format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=locale), locale
    )


def value_text(value: float, unit: str, decimals: int, locale: Locale, per_resident: str) -> str:
    """A figure as the site should show it, from Babel directly (percent and plain numbers)."""
    if unit == "percent":
        pattern = locale.percent_formats[None].pattern
        assert pattern.count("0") == 1, pattern
        return signed(
            format_percent(
                value / 100, format=pattern.replace("0", "0." + "0" * decimals if decimals else "0"), locale=locale
            ),
            locale,
        )
    if unit in ("persons", "score"):
        return number_text(value, locale, decimals)
    return Formatter(locale, per_resident).value(value, unit, decimals)  # currencies: the site's formatter


def parse_number(text: str) -> float:
    """A number as Babel wrote it in fi_FI or sv_FI, back to a float ('7,8 %' -> 7.8, '−1 703' -> -1703)."""
    found = re.search(r"[-\u2212]?\d[\d\s\u00a0\u202f]*(,\d+)?", text)
    assert found, text
    return float(re.sub(r"[\s\u00a0\u202f]", "", found.group()).replace("\u2212", "-").replace(",", "."))


def fewest_decimals(value: float) -> int:
    """As few decimals as show the value exactly (76 -> 0, 4.5 -> 1), at most 3."""
    return next((d for d in range(3) if round(value, d) == value), 3)


def target_text(content: Path, lang: str, m: dict, short: bool = False) -> str:
    """The target as the pages say it: the strategy's comparison word (ui.yml), the value by Babel, the deadline
    or the period to keep it (not in `short`), and whether the draft gives it only as an example."""
    u = ui(content, lang)
    strings, locale = u["strings"], Locale.parse(u["locale"])
    t = m.get("target")
    if not t:
        return "–" if short else strings["reference_figure"]
    comparison = strings["target_" + t["comparison"].replace("-", "_")]
    resolved = target_of(content, m, series_of(content, m["id"]))
    fmt = lambda v, d=m["decimals"]: value_text(v, m["unit"], d, locale, strings["per_resident"])  # noqa: E731
    if "value" in t:
        text = f"{comparison} {fmt(float(t['value']), t.get('decimals', fewest_decimals(float(t['value']))))}"
    elif t["relative_change"] == 0:
        text = strings["relative_target_zero"].format(comparison=comparison)
        text += f" ({fmt(resolved)})" if resolved is not None else ""
    else:
        change = strings["relative_target"].format(
            change=value_text(t["relative_change"], "percent", fewest_decimals(t["relative_change"]), locale, "")
        )
        text = f"{comparison} {fmt(resolved)} ({change})" if resolved is not None else change
    if not short:
        s = strategy_facts(content)
        text += (
            " " + strings["keep_period"].format(start=s["period_start"], end=s["period_end"])
            if m["direction"] in ("stay-above", "stay-below")
            else f", {strings['by_deadline']} {format_date(t['deadline'], format='long', locale=locale)}"
        )
    marks = ([strings["example_target"]] if t["stated"] == "example" else []) + (
        [strings["target_reading"]] if t.get("reading") else []
    )  # the site's reading of the draft's words (review B-10)
    if marks:
        text += f" ({'; '.join(marks)})"
    return text


def reference_text(content: Path, lang: str, m: dict) -> str:
    """What the page says progress is measured from: the baseline, or the first figure inside the period and why."""
    u = ui(content, lang)
    strings, locale = u["strings"], Locale.parse(u["locale"])
    eve = format_date(period_start(content) - dt.timedelta(days=1), format="long", locale=locale)
    ref = expected_reference(content, series_of(content, m["id"]))
    if ref is None:
        return strings["no_period_figures"].format(start=eve)
    kind, f = ref
    said = (
        f"{value_text(f['value'], m['unit'], m['decimals'], locale, strings['per_resident'])} "
        f"({period_label(f['period'], locale)})"
    )
    return said if kind == "baseline" else strings["baseline_missing"].format(start=eve, value=said)


def figures_count(content: Path, lang: str, n: int) -> str:
    """'{n} figures' in the CLDR plural form of the language (ui.yml plurals.figures)."""
    locale = Locale.parse(ui(content, lang)["locale"])
    forms = ui(content, lang)["plurals"]["figures"]
    return forms.get(locale.plural_form(n), forms["other"]).format(n=number_text(n, locale))


def expected_next(m: dict, series: list[tuple[dt.date, dict]]) -> dt.date:
    """The last day of the month one reporting period and the publication lag after the latest period."""
    return month_end_after(series[-1][0], MONTHS[m["frequency"]] + m["publication_lag_months"])


def example_note_expected(m: dict, series_status: Status) -> bool:
    # "cannot be judged" (no baseline) is no judgement against the example: no note
    return (
        bool(m.get("target")) and m["target"]["stated"] == "example" and series_status in JUDGED - {Status.NO_BASELINE}
    )


@functools.cache
def statuses(content: Path) -> dict:
    """The generator's series of a built project (for statuses, which part 1 tests rule by rule)."""
    return build_series(load(content))


soup = functools.cache(site.soup)  # a page is parsed once, however many tests read it


def metric_page(project: Path, lang: str, metric: str) -> Path:
    content = project / "content"
    slug = words(content, lang, "metrics.yml")[metric]["slug"]
    return project / "site" / lang / ui(content, lang)["slugs"]["metrics"] / slug / "index.html"


def snapshot_page(project: Path, lang: str, date: dt.date) -> Path:
    return (
        project / "site" / lang / ui(project / "content", lang)["slugs"]["snapshots"] / date.isoformat() / "index.html"
    )


# ================================================================ a later round: revised, unchanged and new figures

SYNTHETIC_SOURCE = {"id": "stakeholder-survey-test", "url": "https://example.org/kokkola/stakeholder-survey/"}
SYNTHETIC_TITLES = {
    "fi": "Sidosryhmäkyselyn tulokset (testiaineisto)",
    "sv": "Intressentenkätens resultat (testmaterial)",
}


def source_for(content: Path, statistic: str) -> str:
    """A source of the statistic in the project's content/sources.yml (read afresh: the fixture may add one)."""
    listed = yaml.safe_load((content / "sources.yml").read_text(encoding="utf-8"))
    return next(s["id"] for s in listed["sources"] if s["statistic"] == statistic)


def add_source(content: Path, statistic: str) -> None:
    """Give a statistic without a published source one (a synthetic address), with its titles in every language."""
    path = content / "sources.yml"
    listed = yaml.safe_load(path.read_text(encoding="utf-8"))
    listed["sources"].append({"id": SYNTHETIC_SOURCE["id"], "statistic": statistic, "url": SYNTHETIC_SOURCE["url"]})
    path.write_text(yaml.safe_dump(listed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for lang, title in SYNTHETIC_TITLES.items():
        path = content / lang / "sources.yml"
        names = yaml.safe_load(path.read_text(encoding="utf-8"))
        names["sources"][SYNTHETIC_SOURCE["id"]] = title
        path.write_text(yaml.safe_dump(names, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def revised_site(tmp_path_factory) -> Path:
    """The shipped content plus one synthetic later round, built once; returns the project folder. Every row names
    a source of its metric's own statistic (the stakeholder survey gets a synthetic one if the content has none)."""
    proj = copy_project(tmp_path_factory.mktemp("revised") / "project")
    content = proj / "content"
    rounds = _read_rounds(content)
    last = rounds[-1][0]
    later = dt.date(last.year + 1, last.month, min(last.day, 28))
    y = later.year
    shipped = {(r["metric"], r["period"]): r for _, rows in rounds for r in rows}
    unemployed = next(r for (m, _), r in shipped.items() if m == "unemployed")
    labour = shipped[("labour-force", unemployed["period"])]
    taken = {(m, period_end(p)) for m, p in shipped}
    new = [(m, dt.date(y - k, 12, 31)) for m in ("unemployed", "labour-force", "unemployment-rate") for k in (1, 2)]
    new += [("employment-rate", dt.date(y - k, 12, 31)) for k in range(2, 7)]
    new += [("stakeholder-rating", dt.date(y - k, 12, 31)) for k in (2, 3, 4)]
    assert not taken & set(new), "the synthetic round must add new periods"
    statistic = {m["id"]: m["statistic"] for m in yaml.safe_load((content / "metrics.yml").read_text(encoding="utf-8"))}
    if not any(
        s["statistic"] == statistic["stakeholder-rating"]
        for s in yaml.safe_load((content / "sources.yml").read_text(encoding="utf-8"))["sources"]
    ):
        add_source(content, statistic["stakeholder-rating"])
    src = {
        m: source_for(content, statistic[m])
        for m in ("unemployed", "labour-force", "unemployment-rate", "employment-rate", "stakeholder-rating")
    }
    rows = [
        f"unemployed,{unemployed['period']},{float(unemployed['value']) + 7},{unemployed['source']},"
        "Korjattu luku.,Korrigerad siffra.",
        f"labour-force,{labour['period']},{labour['value']},{labour['source']},,",
        f"unemployed,{y - 2},1650,{src['unemployed']},,",
        f"labour-force,{y - 2},21800,{src['labour-force']},,",
        f"unemployment-rate,{y - 2},7.6,{src['unemployment-rate']},Julkaistu luku.,Publicerad siffra.",
        f"unemployed,{y - 1},2100,{src['unemployed']},,",
        f"labour-force,{y - 1},21900,{src['labour-force']},,",
        *[
            f"employment-rate,{y - 6 + i},{v},{src['employment-rate']},,"
            for i, v in enumerate((68.9, 70.2, 71.6, 72.4, 70.9))
        ],
        *[f"stakeholder-rating,{y - 4 + i},{v},{src['stakeholder-rating']},," for i, v in enumerate((3.9, 4.0, 4.1))],
    ]
    (content / "snapshots" / f"{later.isoformat()}.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    # reviewed on the day of the later round, so its figures are fresh and judged (the shipped as_of is years later)
    site_yml = content / "site.yml"
    site_yml.write_text(
        re.sub(r"^as_of: .*$", f"as_of: {later.isoformat()}", site_yml.read_text(encoding="utf-8"), flags=re.M),
        encoding="utf-8",
    )
    pipeline.build(pipeline.Project(proj), proj / "site")
    return proj


@pytest.fixture(params=["built_site", "revised_site"])
def any_site(request) -> Path:
    return request.getfixturevalue(request.param)


# ================================================================ 3. charts

SVG = "{http://www.w3.org/2000/svg}"


def chart_of(page: Path, metric: str) -> ET.Element:
    """The chart's SVG exactly as embedded in the page, parsed as XML (so it must be well-formed)."""
    html = page.read_text(encoding="utf-8")
    found = re.findall(rf'<svg class="chart" id="chart-{re.escape(metric)}".*?</svg>', html, re.S)
    assert len(found) == 1, f"{page}: {len(found)} charts for {metric}"
    return ET.fromstring(found[0])


def y_axis(svg: ET.Element) -> tuple[list[tuple[float, float, str]], callable]:
    """The y-axis ticks as (value from the label, y, label) and a value -> y map fitted to the outer ticks."""
    grid = svg.find(f"{SVG}g[@class='chart-grid']")
    lines, texts = grid.findall(f"{SVG}line"), grid.findall(f"{SVG}text")
    assert len(lines) == len(texts) >= 2
    ticks = [(parse_number(t.text), float(line.get("y1")), t.text) for line, t in zip(lines, texts)]
    (v0, y0, _), (v1, y1, _) = ticks[0], ticks[-1]
    return ticks, lambda v: y0 + (v - v0) * (y1 - y0) / (v1 - v0)


def check_chart(project: Path, lang: str, metric: str) -> ET.Element:
    content = project / "content"
    locale = Locale.parse(ui(content, lang)["locale"])
    strings = ui(content, lang)["strings"]
    m = metric_by_id(content, metric)
    name = words(content, lang, "metrics.yml")[metric]["name"]
    statistic = words(content, lang, "sources.yml")["statistics"][m["statistic"]]["name"]
    series = series_of(content, metric)
    svg = chart_of(metric_page(project, lang, metric), metric)

    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert name in title.text
    text = lambda v: value_text(v, m["unit"], m["decimals"], locale, strings["per_resident"])  # noqa: E731
    for _, f in series:
        assert f"{period_label(f['period'], locale)}: {text(f['value'])}" in desc.text
    said = ", ".join(f"{period_label(f['period'], locale)}: {text(f['value'])}" for _, f in series)
    count = figures_count(content, lang, len(series))
    assert desc.text.startswith(strings["chart_desc"].format(name=name, count=count, statistic=statistic, values=said))

    circles = svg.findall(f"{SVG}g[@class='chart-points']/{SVG}circle")
    assert len(circles) == len(series)
    assert [float(c.get("data-value")) for c in circles] == pytest.approx([f["value"] for _, f in series], rel=1e-12)
    assert [c.get("data-period") for c in circles] == [period_label(f["period"], locale) for _, f in series]
    for c, (_, f) in zip(circles, series):
        assert c.find(f"{SVG}title").text == f"{period_label(f['period'], locale)}: {text(f['value'])}"
    xs, ys = [float(c.get("cx")) for c in circles], [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), "points run left to right by period"
    if len(series) > 1:  # x is proportional to time
        days = [(end - series[0][0]).days for end, _ in series]
        for x, d in zip(xs, days):
            assert x - xs[0] == pytest.approx((xs[-1] - xs[0]) * d / days[-1], abs=0.1)
    for (_, a), ya in zip(series, ys):
        for (_, b), yb in zip(series, ys):
            if a["value"] > b["value"]:
                assert ya < yb, "a higher value is drawn higher"

    ticks, to_y = y_axis(svg)
    assert [v for v, _, _ in ticks] == sorted(v for v, _, _ in ticks) and [y for _, y, _ in ticks] == sorted(
        (y for _, y, _ in ticks), reverse=True
    )
    for (_, f), y in zip(series, ys):
        assert y == pytest.approx(to_y(f["value"]), abs=0.1)
        assert ticks[0][0] <= f["value"] <= ticks[-1][0], "every point is inside the axis"

    target = svg.find(f"{SVG}g[@class='chart-target']")
    resolved = target_of(content, m, series)
    if resolved is None:
        assert target is None
        assert desc.text == strings["chart_desc"].format(name=name, count=count, statistic=statistic, values=said)
    else:
        line = target.find(f"{SVG}line")
        assert float(target.get("data-value")) == pytest.approx(resolved)
        assert float(line.get("y1")) == float(line.get("y2")) == pytest.approx(to_y(resolved), abs=0.1)
        label = target.find(f"{SVG}text").text
        assert label == f"{strings['target']}: {target_text(content, lang, m, short=True)}"
        assert desc.text.endswith(f" {label}.")
        for (_, f), y in zip(series, ys):  # ordering relative to the points
            if f["value"] > resolved:
                assert y < float(line.get("y1"))
            elif f["value"] < resolved:
                assert y > float(line.get("y1"))
    return svg


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_shipped_unemployment_chart_matches_data(built_site, lang):
    svg = check_chart(built_site, lang, "unemployment-rate")
    assert len(svg.findall(f".//{SVG}circle")) == len(series_of(built_site / "content", "unemployment-rate")) >= 2


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("metric", ["employment-rate", "unemployment-rate", "population"])
def test_synthetic_chart_matches_data(revised_site, lang, metric):
    svg = check_chart(revised_site, lang, metric)
    if metric == "employment-rate":
        assert len(svg.findall(f".//{SVG}circle")) == 5


def test_every_metric_with_figures_has_a_chart_that_matches(any_site):
    content = any_site / "content"
    with_data = {mid for mid, _ in expected_figures(content)}
    for m in metric_facts(content):
        if m["id"] in with_data and len(series_of(content, m["id"])) > 1:
            for lang in ("fi", "sv"):
                check_chart(any_site, lang, m["id"])
        elif m["id"] in with_data:  # a single figure is a value, not a line chart (review B-23)
            for lang in ("fi", "sv"):
                assert f'id="chart-{m["id"]}"' not in metric_page(any_site, lang, m["id"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_chart_desc_counts_in_the_languages_plural_forms(lang):
    """One figure and many take the forms CLDR gives the language (fi, sv: one / other)."""
    content = ROOT / "content"
    forms = ui(content, lang)["plurals"]["figures"]
    assert set(forms) == set(Locale.parse(ui(content, lang)["locale"]).plural_form.tags) | {"other"}
    assert figures_count(content, lang, 1) == forms["one"].format(n="1")
    assert figures_count(content, lang, 2) == forms["other"].format(n="2")
    assert figures_count(content, lang, 1000) == forms["other"].format(
        n=number_text(1000, Locale.parse(ui(content, lang)["locale"]))
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_tick_labels_are_distinct_and_true(revised_site, lang):
    svg = chart_of(metric_page(revised_site, lang, "stakeholder-rating"), "stakeholder-rating")
    ticks, to_y = y_axis(svg)
    labels = [label for _, _, label in ticks]
    assert len(set(labels)) == len(labels), labels
    for value, y, _ in ticks:
        assert y == pytest.approx(to_y(value), abs=0.1), "each label's value sits on its grid line"


# ================================================================ 4. open data

FIGURE_COLUMNS = [
    "metric",
    "period",
    "period_end",
    "value",
    "statistic",
    "source",
    "source_url",
    "snapshot",
    "computed",
    "note_fi",
    "note_sv",
    "name_fi",
    "name_sv",
]  # the metric's name per language (B-29, tests/test_opendata.py)


def read_csv_file(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_datapackage_is_valid(any_site):
    report = frictionless.validate(any_site / "site/data/datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    package = json.loads((any_site / "site/data/datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    for date, _ in read_rounds(any_site / "content"):
        assert f"snapshots/{date.isoformat()}.csv" in paths
    figures = next(r for r in package["resources"] if r["path"] == "figures.csv")
    assert [f["name"] for f in figures["schema"]["fields"]] == FIGURE_COLUMNS


def test_figures_csv_holds_every_figure(any_site):
    content = any_site / "content"
    expected = expected_figures(content)
    sources = sources_facts(content)
    statistic = {m["id"]: m["statistic"] for m in metric_facts(content)}
    assert any(f["computed"] for f in expected.values())
    assert csv_header(any_site / "site/data/figures.csv") == FIGURE_COLUMNS
    rows = read_csv_file(any_site / "site/data/figures.csv")
    got = {(r["metric"], dt.date.fromisoformat(r["period_end"])): r for r in rows}
    assert len(got) == len(rows), "one figure per metric and period"
    assert set(got) == set(expected)
    for key, f in expected.items():
        r = got[key]
        assert float(r["value"]) == pytest.approx(f["value"], rel=1e-9, abs=1e-6), key
        assert (r["period"], r["source"], r["snapshot"], r["computed"], r["note_fi"], r["note_sv"]) == (
            f["period"],
            f["source"],
            f["snapshot"].isoformat(),
            "true" if f["computed"] else "false",
            f["note_fi"],
            f["note_sv"],
        ), key
        assert r["statistic"] == statistic[key[0]] == sources[f["source"]]["statistic"], (
            "a series never mixes statistics"
        )
        assert r["source_url"] == sources[f["source"]]["url"], key
    order = [m["id"] for m in metric_facts(content)]
    keys = [(r["metric"], r["period_end"]) for r in rows]
    assert keys == sorted(keys, key=lambda k: (order.index(k[0]), k[1])), "by metric as in metrics.yml, then by period"


def test_metrics_csv_describes_every_metric(any_site):
    content = any_site / "content"
    rows = read_csv_file(any_site / "site/data/metrics.csv")
    assert [r["id"] for r in rows] == [m["id"] for m in metric_facts(content)]
    assert "source" not in rows[0]
    number = lambda text: None if text == "" else float(text)  # noqa: E731
    for r, m in zip(rows, metric_facts(content)):
        t = m.get("target") or {}
        assert (r["unit"], int(r["decimals"]), r["direction"], r["frequency"], r["statistic"]) == (
            m["unit"],
            m["decimals"],
            m["direction"],
            m["frequency"],
            m["statistic"],
        ), m["id"]
        assert (number(r["target_value"]), number(r["target_relative_change"])) == (
            t.get("value"),
            t.get("relative_change"),
        )
        assert (r["target_deadline"], r["target_comparison"], r["target_stated"]) == (
            t["deadline"].isoformat() if t else "",
            t.get("comparison", ""),
            t.get("stated", ""),
        ), m["id"]
        for lang in LANGS:
            assert r[f"name_{lang}"] == words(content, lang, "metrics.yml")[m["id"]]["name"]


def test_newest_round_wins_and_published_beats_computed(revised_site):
    """The synthetic round revises a part of the unemployment rate and publishes one rate itself."""
    content = revised_site / "content"
    rounds = read_rounds(content)
    later, new_rows = rounds[-1]
    figures = {(r["metric"], r["period"]): r for r in read_csv_file(revised_site / "site/data/figures.csv")}
    old = {(r["metric"], r["period"]): r for _, rows in rounds[:-1] for r in rows}
    revised = [
        r
        for r in new_rows
        if (r["metric"], r["period"]) in old and r["value"] != old[(r["metric"], r["period"])]["value"]
    ]
    assert [r["metric"] for r in revised] == ["unemployed"]
    row = revised[0]
    got = figures[("unemployed", row["period"])]
    assert (float(got["value"]), got["snapshot"]) == (float(row["value"]), later.isoformat())
    rate = figures[("unemployment-rate", row["period"])]
    labour = figures[("labour-force", row["period"])]
    assert rate["computed"] == "true" and rate["snapshot"] == later.isoformat()
    assert float(rate["value"]) == pytest.approx(float(row["value"]) / float(labour["value"]) * 100, abs=1e-6)
    for r in new_rows:
        if r["metric"] == "unemployment-rate":
            assert figures[("unemployment-rate", r["period"])]["computed"] == "false"
            assert float(figures[("unemployment-rate", r["period"])]["value"]) == float(r["value"])


def test_snapshot_csvs_are_republished(any_site):
    rounds = read_rounds(any_site / "content")
    assert len(rounds) >= 3 and all(rows for _, rows in rounds), "a loop over no rounds would pass on nothing"
    for date, rows in rounds:
        got = read_csv_file(any_site / f"site/data/snapshots/{date.isoformat()}.csv")
        assert [
            (g["metric"], g["period"], float(g["value"]), g["source"], g["note_fi"], g["note_sv"]) for g in got
        ] == [(r["metric"], r["period"], float(r["value"]), r["source"], r["note_fi"], r["note_sv"]) for r in rows]


def test_per_metric_files_match_figures(any_site):
    content = any_site / "content"
    data = any_site / "site/data"
    figures = read_csv_file(data / "figures.csv")
    series = statuses(content)
    names = {lang: words(content, lang, "metrics.yml") for lang in ("fi", "sv")}
    for m in metric_facts(content):
        mine = [r for r in figures if r["metric"] == m["id"]]
        assert csv_header(data / f"metrics/{m['id']}.csv") == FIGURE_COLUMNS
        assert read_csv_file(data / f"metrics/{m['id']}.csv") == mine
        doc = json.loads((data / f"metrics/{m['id']}.json").read_text(encoding="utf-8"))
        assert (doc["id"], doc["unit"], doc["direction"], doc["statistic"]) == (
            m["id"],
            m["unit"],
            m["direction"],
            m["statistic"],
        )
        assert "source" not in doc
        assert doc["name"] == {lang: names[lang][m["id"]]["name"] for lang in ("fi", "sv")}
        assert doc["status"] == series[m["id"]].status.value
        if m.get("target"):
            t = m["target"]
            assert doc["target"]["deadline"] == t["deadline"].isoformat()
            assert (doc["target"]["comparison"], doc["target"]["stated"]) == (t["comparison"], t["stated"])
            assert (doc["target"]["value"], doc["target"]["relative_change"]) == (
                t.get("value"),
                t.get("relative_change"),
            )
            resolved = target_of(content, m, series_of(content, m["id"]))
            assert doc["target"]["resolved_value"] == (None if resolved is None else pytest.approx(resolved))
        else:
            assert doc["target"] is None
        assert len(doc["figures"]) == len(mine)
        for j, r in zip(doc["figures"], mine):
            assert j["value"] == pytest.approx(float(r["value"]))
            assert [j[k] for k in FIGURE_COLUMNS if k not in ("value", "computed")] == [
                r[k] for k in FIGURE_COLUMNS if k not in ("value", "computed")
            ]
            assert j["computed"] is (r["computed"] == "true")


def test_per_metric_json_has_typed_fields(built_site):
    checked = 0
    for m in metric_facts(built_site / "content"):
        doc = json.loads((built_site / f"site/data/metrics/{m['id']}.json").read_text(encoding="utf-8"))
        for fig in doc["figures"]:
            assert isinstance(fig["value"], (int, float))
            assert isinstance(fig["computed"], bool), fig
            checked += 1
    assert (
        checked
        == sum(len(series_of(built_site / "content", m["id"])) for m in metric_facts(built_site / "content"))
        >= 10
    )


# ================================================================ 5. metric pages


def fact(article, label: str):
    """The <dd> of the metric's facts whose <dt> says `label`, or None."""
    dt_ = next((d for d in article.select("dl.metric-facts dt") if d.get_text() == label), None)
    return None if dt_ is None else dt_.find_next_sibling("dd")


def check_status(container, strings: dict, m: dict, series_status: Status, latest: str | None = None) -> None:
    """The status badge, and the example note right after it exactly when an example target judged the status.
    'Meets the target' names the period of the figure it was read from (`latest`, the period as the page writes it)."""
    badge = container.select_one("span.status")
    name = strings[f"status_{series_status.value.replace('-', '_')}"]
    if series_status is Status.MEETS_TARGET:
        assert latest and badge.get_text() == f"{name} ({latest})", m["id"]
    else:
        assert badge.get_text() == name
    assert f"status--{series_status.value}" in badge["class"]
    notes = container.select("span.status-note")
    if example_note_expected(m, series_status):
        assert [n.get_text() for n in notes] == [f"({strings['status_example']})"], m["id"]
        assert badge.find_next_sibling("span") is notes[0]
    else:
        assert notes == [], m["id"]


def check_metric_page(project: Path, lang: str, metric: str, series_status: Status) -> BeautifulSoup:
    content = project / "content"
    u = ui(content, lang)
    strings, locale = u["strings"], Locale.parse(u["locale"])
    m = metric_by_id(content, metric)
    series = series_of(content, metric)
    doc = soup(metric_page(project, lang, metric))
    article = doc.select_one("article")
    assert doc.html["lang"] == lang
    assert article.select_one("h1").get_text(strip=True) == words(content, lang, "metrics.yml")[metric]["name"]

    check_status(
        fact(article, strings["status"]),
        strings,
        m,
        series_status,
        period_label(series[-1][1]["period"], locale) if series else None,
    )
    assert fact(article, strings["target"]).get_text() == target_text(content, lang, m)
    as_of = load(content).as_of
    statistic = words(content, lang, "sources.yml")["statistics"][m["statistic"]]
    shown = fact(article, strings["statistic"])
    # a statistic with no page of its own and no figure of any metric on the site says the site knows of no results
    unknown = not statistic.get("url") and not any(
        mid for mid, _ in expected_figures(content) if metric_by_id(content, mid)["statistic"] == m["statistic"]
    )
    assert shown.get_text() == statistic["name"] + (f" ({strings['statistic_unknown']})" if unknown else "")
    assert [a["href"] for a in shown.select("a")] == ([statistic["url"]] if statistic.get("url") else [])

    latest = article.select_one("dl.metric-facts strong.metric-latest")
    if not series:
        # no figure: overdue once the period's first one was due (frequency + lag after the period starts), in words
        due = month_end_after(
            period_start(content) - dt.timedelta(days=1), MONTHS[m["frequency"]] + m["publication_lag_months"]
        )
        overdue = as_of is not None and as_of > due
        assert series_status is (Status.OVERDUE if overdue else Status.NO_DATA)
        assert latest is None
        first_dd = article.select_one("dl.metric-facts dd")
        assert first_dd.get_text() == strings["no_figures_collected" if overdue else "no_data_yet"]
        said = format_date(due, format="long", locale=locale)
        assert article.select_one("p.no-data").get_text() == (
            strings["no_figures_overdue"].format(date=said) if overdue else strings["no_data_yet_long"]
        )
        assert fact(article, strings["first_update_overdue" if overdue else "first_update"]).get_text() == said
        assert article.select_one("svg") is None and article.select_one("table") is None
        for label in ("baseline", "next_update", "source"):
            assert fact(article, strings[label]) is None, f"{metric}: no '{label}' row without figures"
        return doc

    expected = value_text(series[-1][1]["value"], m["unit"], m["decimals"], locale, strings["per_resident"])
    assert latest.get_text() == expected
    assert period_label(series[-1][1]["period"], locale) in latest.parent.get_text()
    assert article.select_one("p.no-data") is None
    due = expected_next(m, series)  # a date before the content's as_of is said to be overdue (issue 23, rule 4)
    nxt = fact(article, strings["next_update_overdue" if as_of and due < as_of else "next_update"])
    assert nxt.get_text() == format_date(due, format="long", locale=locale)
    baseline = fact(article, strings["baseline"])
    if m.get("target"):
        assert baseline.get_text() == reference_text(content, lang, m)
    else:
        assert baseline is None
    used = list(dict.fromkeys(f["source"] for _, f in series))  # in order of first use
    links = fact(article, strings["source"]).select("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        (source_title(content, lang, s), sources_facts(content)[s]["url"]) for s in used
    ]

    rows = article.select(f"table#data-{metric} tbody tr")
    assert len(rows) == len(series)
    for tr, (_, f) in zip(rows, series):
        assert tr.th.get_text() == period_label(f["period"], locale)
        cell = tr.select_one("td[data-value]")
        assert float(cell["data-value"]) == pytest.approx(f["value"], rel=1e-12)
        assert cell.get_text() == value_text(f["value"], m["unit"], m["decimals"], locale, strings["per_resident"])
        source = tr.select("td")[1]
        assert source.get_text() == source_title(content, lang, f["source"])
        assert [a["href"] for a in source.select("a")] == [sources_facts(content)[f["source"]]["url"]]
        assert tr.select("td")[2].get_text() == format_date(f["snapshot"], format="long", locale=locale)
        if f["computed"]:
            formula, names = m["formula"], words(content, lang, "metrics.yml")
            assert tr.select("td")[-1].get_text() == strings["computed_from"].format(
                **{
                    part: names[formula[part]].get(
                        "in_formula", names[formula[part]]["name"]
                    )  # B-43: "työttömät / työvoima"
                    for part in ("numerator", "denominator")
                }
            )
        else:
            assert tr.select("td")[-1].get_text() == f[f"note_{lang}"]
    return doc


@pytest.mark.parametrize("lang", LANGS)
def test_unemployment_rate_page_shows_computed_latest_value(built_site, lang):
    content = built_site / "content"
    locale = Locale.parse(ui(content, lang)["locale"])
    series = series_of(content, "unemployment-rate")
    end, latest = series[-1]
    assert latest["computed"], "the newest unemployment rate is computed from unemployed / labour force"
    published = expected_figures(content)
    rate = published[("unemployed", end)]["value"] / published[("labour-force", end)]["value"] * 100
    pattern = locale.percent_formats[None].pattern.replace("0", "0.0")
    text = format_percent(rate / 100, format=pattern, locale=locale)
    assert "\u00a0" in text  # CLDR puts a no-break space before the per cent sign in fi_FI and sv_FI
    page = metric_page(built_site, lang, "unemployment-rate")
    assert (
        page.relative_to(built_site / "site").as_posix()
        == {"fi": "fi/mittarit/tyottomyysaste/index.html", "sv": "sv/matare/arbetsloshetsgrad/index.html"}[lang]
    )
    strong = soup(page).select_one("strong.metric-latest")
    assert strong.get_text() == text
    assert ui(content, lang)["strings"]["computed"] in strong.parent.get_text()
    status = statuses(content)["unemployment-rate"].status
    check_metric_page(built_site, lang, "unemployment-rate", status)


@pytest.mark.parametrize("lang", LANGS)
def test_unemployment_target_says_below_as_the_strategy_does(built_site, lang):
    """'alle 10 %' / 'under 10 %': the comparison word from ui.yml, the number by Babel with no decimals."""
    content = built_site / "content"
    u = ui(content, lang)
    m = metric_by_id(content, "unemployment-rate")
    assert (m["target"]["comparison"], m["target"]["value"]) == ("below", 10)
    ten = format_percent(0.10, format=Locale.parse(u["locale"]).percent_formats[None].pattern, locale=u["locale"])
    shown = fact(
        soup(metric_page(built_site, lang, "unemployment-rate")).select_one("article"), u["strings"]["target"]
    ).get_text()
    assert shown.startswith(f"{u['strings']['target_below']} {ten}, ")


@pytest.mark.parametrize("lang", LANGS)
def test_every_metric_page_matches_its_data(any_site, lang):
    content = any_site / "content"
    series = statuses(content)
    for m in metric_facts(content):
        check_metric_page(any_site, lang, m["id"], series[m["id"]].status)


@pytest.mark.parametrize("lang", LANGS)
def test_status_note_exactly_for_judged_example_targets(any_site, lang):
    """The note 'compared with the draft's example' stands next to a status judged against an example target, and
    nowhere else: on the metric pages and in the metrics overview's tables."""
    content = any_site / "content"
    strings = ui(content, lang)["strings"]
    series = statuses(content)
    noted = {m["id"] for m in metric_facts(content) if example_note_expected(m, series[m["id"]].status)}
    for m in metric_facts(content):
        doc = soup(metric_page(any_site, lang, m["id"]))
        latest = doc.select_one("article strong.metric-latest")
        check_status(
            fact(doc.select_one("article"), strings["status"]),
            strings,
            m,
            series[m["id"]].status,
            latest and latest.parent.get_text().split("(", 1)[1].split(")")[0],
        )
        assert bool(doc.select("span.status-note")) is (m["id"] in noted)
    overview = metric_page(any_site, lang, metric_facts(content)[0]["id"]).parent.parent / "index.html"
    slugs = {words(content, lang, "metrics.yml")[m["id"]]["slug"]: m for m in metric_facts(content)}
    seen = set()
    for tr in soup(overview).select("article table tbody tr"):
        m = slugs[tr.select_one("a")["href"].strip("/")]
        cells = tr.select("td")
        assert cells[2].get_text() == target_text(content, lang, m, short=True)
        check_status(cells[3], strings, m, series[m["id"]].status, cells[1].get_text().rsplit("(", 1)[-1].rstrip(")"))
        seen.add(m["id"])
    assert seen == {m["id"] for m in metric_facts(content)}, "the overview lists every metric"


def test_synthetic_round_judges_an_example_target(revised_site):
    """So that the note is seen at all: the later round gives the employment rate (an example target) figures
    inside the strategy period, fresh enough to be judged."""
    content = revised_site / "content"
    m = metric_by_id(content, "employment-rate")
    assert m["target"]["stated"] == "example"
    assert example_note_expected(m, statuses(content)["employment-rate"].status)
    for lang in LANGS:
        note = soup(metric_page(revised_site, lang, "employment-rate")).select("article span.status-note")
        assert [n.get_text() for n in note] == [f"({ui(content, lang)['strings']['status_example']})"]


@pytest.mark.parametrize("lang", LANGS)
def test_metric_without_figures_says_no_data(built_site, lang):
    content = built_site / "content"
    with_data = {mid for mid, _ in expected_figures(content)}
    empty = [m["id"] for m in metric_facts(content) if m["id"] not in with_data]
    assert "employment-rate" in empty
    for metric in empty:  # their first figures were due long before the content's as_of: overdue, not "no data"
        check_metric_page(built_site, lang, metric, Status.OVERDUE)


@pytest.mark.parametrize("lang", LANGS)
def test_negative_numbers_use_the_cldr_minus_sign(built_site, lang):
    """A relative target of -10 % is written with U+2212, as CLDR gives fi and sv, never an ASCII hyphen."""
    content = built_site / "content"
    locale = Locale.parse(ui(content, lang)["locale"])
    assert get_minus_sign_symbol(locale) == "\u2212"
    m = next(m for m in metric_facts(content) if (m.get("target") or {}).get("relative_change", 0) < 0)
    shown = fact(
        soup(metric_page(built_site, lang, m["id"])).select_one("article"), ui(content, lang)["strings"]["target"]
    ).get_text()
    assert shown == target_text(content, lang, m)
    assert number_text(m["target"]["relative_change"], locale) in shown and "-" not in shown
    for unit in ("percent", "persons", "eur", "meur", "eur-per-resident"):
        text = Formatter(locale, ui(content, lang)["strings"]["per_resident"]).value(-1703.5, unit, 1)
        assert "-" not in text and "\u2212" in text, text


@pytest.mark.parametrize("lang", LANGS)
def test_per_resident_suffix_is_written_as_ui_yml_gives_it(built_site, lang):
    """The per-resident figure ends in the suffix exactly as ui.yml writes it: "424 €/asukas", the slash between
    single words unspaced (review B-27), and the formatter adds no space of its own."""
    content = built_site / "content"
    strings = ui(content, lang)["strings"]
    assert strings["per_resident"].startswith("/") and " " not in strings["per_resident"]
    metric = next(m for m in metric_facts(content) if m["unit"] == "eur-per-resident" and series_of(content, m["id"]))
    latest = series_of(content, metric["id"])[-1][1]["value"]
    expected = value_text(
        latest, metric["unit"], metric["decimals"], Locale.parse(ui(content, lang)["locale"]), strings["per_resident"]
    )
    assert expected.endswith(strings["per_resident"])
    shown = soup(metric_page(built_site, lang, metric["id"])).select_one("strong.metric-latest").get_text()
    assert shown == expected


# ================================================================ 6. snapshot pages


def expected_changes(content: Path, index: int) -> list[tuple[dict, float | None]]:
    """The rows of round `index` (oldest first), each with the value the same metric and period had before."""
    rounds = read_rounds(content)
    before: dict[tuple[str, dt.date], float] = {}
    for _, rows in rounds[:index]:
        for r in rows:
            before[(r["metric"], period_end(r["period"]))] = float(r["value"])
    return [(r, before.get((r["metric"], period_end(r["period"])))) for r in rounds[index][1]]


def previous_figure(content: Path, index: int, row: dict) -> dict | None:
    """The metric's figure for the latest period before the row's, as of round `index` (computed ones included)."""
    end = period_end(row["period"])
    earlier = sorted(
        (e, f) for (mid, e), f in expected_figures(content, index + 1).items() if mid == row["metric"] and e < end
    )
    return earlier[-1][1] if earlier else None


def change_from_previous(strings: dict, locale: Locale, m: dict, row: dict, prev: dict | None) -> str:
    """A new figure's change from the previous one (B-28): in the metric's unit and in per cent, a per cent
    figure's in percentage points; just 'new' with no previous figure."""
    if prev is None or prev["value"] == 0:
        return strings["change_new"]
    diff = float(row["value"]) - prev["value"]
    sign = "+" if diff > 0 else ""
    period = period_label(prev["period"], locale)
    if m["unit"] == "percent":
        return strings["change_previous_points"].format(
            change=sign + number_text(diff, locale, m["decimals"]), period=period
        )
    change = sign + value_text(diff, m["unit"], m["decimals"], locale, strings["per_resident"])
    percent = sign + value_text(diff / prev["value"] * 100, "percent", 2, locale, strings["per_resident"])
    return strings["change_previous"].format(change=change, percent=percent, period=period)


def check_snapshot_pages(project: Path) -> list[str]:
    """Every round's page in each language lists its rows with the right change; returns the change texts."""
    content = project / "content"
    facts_by_id = {m["id"]: m for m in metric_facts(content)}
    seen = []
    for lang in LANGS:
        u = ui(content, lang)
        strings, locale = u["strings"], Locale.parse(u["locale"])
        names = words(content, lang, "metrics.yml")
        for index, (date, rows) in enumerate(read_rounds(content)):
            article = soup(snapshot_page(project, lang, date)).select_one("article")
            trs = article.select("table tbody tr")
            assert len(trs) == len(rows), f"{lang} {date}"
            for tr, (row, old) in zip(trs, expected_changes(content, index)):
                m = facts_by_id[row["metric"]]

                def fmt(v, unit=m["unit"], decimals=m["decimals"], locale=locale, per=strings["per_resident"]):
                    return value_text(v, unit, decimals, locale, per)

                cells = [td.get_text() for td in tr.select("td")]
                if old is None:
                    change = change_from_previous(strings, locale, m, row, previous_figure(content, index, row))
                elif old == float(row["value"]):
                    change = strings["change_unchanged"]
                else:
                    change = strings["change_revised"].format(old=fmt(old))
                assert cells == [
                    names[row["metric"]]["name"],
                    period_label(row["period"], locale),
                    fmt(float(row["value"])),
                    change,
                    source_title(content, lang, row["source"]),
                ]
                assert [a["href"] for a in tr.select("td")[4].select("a")] == [
                    sources_facts(content)[row["source"]]["url"]
                ]
                seen.append(change)
            intro = article.select_one("h1").find_next("p").get_text()
            assert (strings["first_round"] in intro) == (index == 0)
    return seen


def test_shipped_snapshot_pages_list_their_rows(built_site):
    changes = check_snapshot_pages(built_site)
    assert len(changes) == 2 * sum(len(rows) for _, rows in read_rounds(built_site / "content"))


def test_later_round_shows_revised_new_and_unchanged(revised_site):
    content = revised_site / "content"
    changes = check_snapshot_pages(revised_site)
    rounds = read_rounds(content)
    latest = expected_changes(content, len(rounds) - 1)
    revised = [(r, old) for r, old in latest if old is not None and old != float(r["value"])]
    assert (
        len(revised) == 1
        and any(old is None for _, old in latest)
        and any(old == float(r["value"]) for r, old in latest)
    )
    ((row, old),) = revised
    for lang in LANGS:
        u = ui(content, lang)
        strings, locale = u["strings"], Locale.parse(u["locale"])
        previously = strings["change_revised"].format(old=format_decimal(old, format="#,##0", locale=locale))
        assert previously in changes
        article = soup(snapshot_page(revised_site, lang, rounds[-1][0])).select_one("article")
        texts = [tr.select("td")[3].get_text() for tr in article.select("table tbody tr")]
        assert texts.count(previously) == 1
        # a new figure says so, and with an earlier period's figure its change from it (B-28)
        assert sum(t.startswith(strings["change_new"]) for t in texts) == sum(old is None for _, old in latest)
        assert texts.count(strings["change_unchanged"]) == 1


# ================================================================ issue 23: the content's own "today" (as_of)


@pytest.mark.parametrize(
    "as_of, expected_as_of, stopped",
    [
        (None, dt.date(2020, 4, 30), False),  # no as_of: the newest round's date, nothing said to have stopped
        ("2020-04-30", dt.date(2020, 4, 30), False),  # reviewed on the day of the last round
        ("2026-11-27", dt.date(2026, 11, 27), True),  # reviewed after it: the pages say where the monitoring stopped
    ],
)
def test_as_of_comes_from_the_content(tmp_path, as_of, expected_as_of, stopped):
    proj = copy_project(tmp_path / "p")
    site = proj / "content" / "site.yml"
    text = re.sub(r"^as_of: .*\n", "", site.read_text(encoding="utf-8"), flags=re.M)
    site.write_text(text + (f"as_of: {as_of}\n" if as_of else ""), encoding="utf-8")
    content = load(proj / "content")
    assert content.last_round == dt.date(2020, 4, 30)
    assert content.as_of == expected_as_of and content.stopped is stopped
    by_id = build_series(content)
    assert by_id["population"].status is (Status.OVERDUE if stopped else Status.NO_BASELINE)
    assert by_id["population"].judgement is Status.NO_BASELINE, "what the figures say does not depend on the date"


def test_as_of_before_the_newest_round_is_a_content_error(tmp_path):
    proj = copy_project(tmp_path / "p")
    site = proj / "content" / "site.yml"
    site.write_text(
        re.sub(r"^as_of: .*$", "as_of: 2020-04-29", site.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8"
    )
    with pytest.raises(ContentErrors) as exc:
        load(proj / "content")
    (error,) = [e for e in exc.value.errors if e.code == "value-error" and "as_of" in e.message]
    lines = site.read_text(encoding="utf-8").splitlines()
    assert error.file.endswith("site.yml") and lines[error.line - 1].startswith("as_of:") and error.hint
