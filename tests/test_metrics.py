"""Metrics end to end: the status rules, bad snapshot rows, the SVG charts, the open data and the pages.

Expected values are derived from the data in the test (the snapshot CSV files, content/metrics.yml, the
ui.yml strings and Babel), never copied from the generator's output. Two sites are built once per module:
the shipped Kokkola content (`built_site` from conftest) and a copy with a synthetic later monitoring round
that revises a figure, adds new ones and gives one metric a longer series (`revised_site`).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frictionless
import pytest
import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.contents import Period, load
from generator.errors import ContentErrors
from generator.formatting import Formatter
from generator.metrics import Point, Status, build_series, status
from generator.models import MetricFacts
from tests.conftest import copy_project

# ================================================================ 1. status rules

DEADLINE = dt.date(2021, 12, 31)


def facts(direction: str, *, target: float | None = None, relative: float | None = None, deadline: dt.date = DEADLINE,
          baseline: tuple[str, float] | None = None, frequency: str = "annual", lag: int = 365) -> MetricFacts:
    data = {"id": "test-metric", "unit": "percent", "decimals": 1, "direction": direction, "frequency": frequency,
            "publication_lag_days": lag, "source": "statistics-finland"}
    if direction != "none":
        kind = {"value": target} if relative is None else {"relative_change": relative}
        data["target"] = kind | {"deadline": deadline.isoformat()}
    if baseline is not None:
        data["baseline"] = {"period": baseline[0], "value": baseline[1]}
    return MetricFacts.model_validate(data)


def pts(*pairs: tuple[str, float]) -> list[Point]:
    out = []
    for text, value in pairs:
        period = Period.parse(text)
        assert period is not None, text
        out.append(Point(period, value))
    return out


def judge(metric: MetricFacts, points: list[Point], as_of: dt.date | None = None) -> Status:
    """The status as build_series asks for it: the metric's own baseline, else its first figure."""
    if metric.baseline:
        baseline = Point(Period.parse(metric.baseline.period), metric.baseline.value)
    else:
        baseline = points[0] if points else None
    return status(metric, points, baseline, as_of)


def straight_path(base: float, base_end: dt.date, target: float, deadline: dt.date, at: dt.date) -> float:
    """The value on the straight line from the baseline to the target, at date `at`."""
    return base + (target - base) * (at - base_end).days / (deadline - base_end).days


# The straight path of an increase metric from 70 (2016) to 76 (end of 2021), at the end of 2019:
PATH_2019 = straight_path(70, dt.date(2016, 12, 31), 76, DEADLINE, dt.date(2019, 12, 31))
# ... and of a decrease metric from 11.9 (March 2017) to 10 (end of 2021), at the end of 2018:
DOWN_2018 = straight_path(11.9, dt.date(2017, 3, 31), 10, DEADLINE, dt.date(2018, 12, 31))

up = facts("increase", target=76, baseline=("2016", 70))
down = facts("decrease", target=10)
EXAMPLES = [
    # increase / decrease: reaching the target after the baseline is achieved
    ("increase-reaches-target", up, pts(("2018", 72), ("2019", 76)), None, Status.ACHIEVED),
    ("increase-beyond-target", up, pts(("2019", 80)), None, Status.ACHIEVED),
    ("increase-on-path", up, pts(("2019", PATH_2019)), None, Status.ON_TRACK),
    ("increase-above-path", up, pts(("2019", PATH_2019 + 0.1)), None, Status.ON_TRACK),
    ("increase-below-path", up, pts(("2019", PATH_2019 - 0.1)), None, Status.OFF_TRACK),
    ("increase-deadline-period-missed", up, pts(("2020", 75), ("2021", 75.9)), None, Status.OFF_TRACK),
    ("increase-after-deadline-missed", up, pts(("2022", 75.9)), None, Status.OFF_TRACK),
    ("increase-after-deadline-reached", up, pts(("2022", 76)), None, Status.ACHIEVED),
    ("decrease-reaches-target", down, pts(("2017-03", 11.9), ("2018", 10)), None, Status.ACHIEVED),
    ("decrease-beyond-target", down, pts(("2017-03", 11.9), ("2018", 7.8)), None, Status.ACHIEVED),
    ("decrease-on-path", down, pts(("2017-03", 11.9), ("2018", DOWN_2018 - 0.05)), None, Status.ON_TRACK),
    ("decrease-off-path", down, pts(("2017-03", 11.9), ("2018", DOWN_2018 + 0.05)), None, Status.OFF_TRACK),
    ("decrease-worse-than-baseline", down, pts(("2017-03", 11.9), ("2018", 12.5)), None, Status.OFF_TRACK),
    # the baseline figure itself never counts as reaching the target
    ("first-figure-is-baseline", facts("increase", target=76), pts(("2016", 80)), None, Status.ON_TRACK),
    # a target equal to the baseline (relative change 0) means "better than the baseline"
    ("keep-level-better", facts("increase", relative=0), pts(("2018", 47657), ("2019", 47681)), None, Status.ACHIEVED),
    ("keep-level-same", facts("increase", relative=0), pts(("2018", 47657), ("2019", 47657)), None, Status.ON_TRACK),
    ("keep-level-worse", facts("increase", relative=0), pts(("2018", 47657), ("2019", 47600)), None, Status.OFF_TRACK),
    ("keep-level-same-at-deadline", facts("increase", relative=0), pts(("2018", 100), ("2021", 100)), None, Status.OFF_TRACK),
    # a relative target is resolved from the baseline: -10 % of 3000 is 2700
    ("relative-reached", facts("decrease", relative=-10), pts(("2017", 3000), ("2019", 2700)), None, Status.ACHIEVED),
    ("relative-not-reached", facts("decrease", relative=-10, deadline=dt.date(2019, 12, 31)),
     pts(("2017", 3000), ("2019", 2701)), None, Status.OFF_TRACK),
    # stay-above / stay-below: strictly beyond the target, whatever the deadline
    ("stay-above-beyond", facts("stay-above", target=4), pts(("2019", 4.1)), None, Status.ACHIEVED),
    ("stay-above-equal", facts("stay-above", target=4), pts(("2019", 4.0)), None, Status.OFF_TRACK),
    ("stay-above-below", facts("stay-above", target=4), pts(("2018", 4.5), ("2019", 3.9)), None, Status.OFF_TRACK),
    ("stay-below-beyond", facts("stay-below", target=10), pts(("2019", 9.9)), None, Status.ACHIEVED),
    ("stay-below-equal", facts("stay-below", target=10), pts(("2019", 10)), None, Status.OFF_TRACK),
    ("stay-below-above", facts("stay-below", target=10), pts(("2019", 10.1)), None, Status.OFF_TRACK),
    # none: a reference figure
    ("reference", facts("none"), pts(("2018", 21737)), None, Status.REFERENCE),
    ("reference-fresh", facts("none"), pts(("2018", 21737)), dt.date(2019, 12, 31), Status.REFERENCE),
    # no figures: no data, for every direction and any date
    *[(f"no-data-{d}", facts(d, target=None if d == "none" else 1), [], dt.date(2030, 1, 1), Status.NO_DATA)
      for d in ("increase", "decrease", "stay-above", "stay-below", "none")],
    # overdue: the 2017 figure of an annual metric with a 365-day lag is followed by 2018's by 31.12.2019
    ("annual-due-day", up, pts(("2017", 72)), dt.date(2019, 12, 31), Status.ON_TRACK),
    ("annual-overdue", up, pts(("2017", 72)), dt.date(2020, 1, 1), Status.OVERDUE),
    ("reference-overdue", facts("none", lag=120), pts(("2017", 20.3)), dt.date(2020, 4, 30), Status.OVERDUE),
    ("stay-above-overdue", facts("stay-above", target=4, lag=90), pts(("2017", 4.5)), dt.date(2018, 12, 31) + dt.timedelta(days=91), Status.OVERDUE),
    ("monthly-due-day", facts("stay-below", target=10, frequency="monthly", lag=30), pts(("2019-01", 9)),
     dt.date(2019, 2, 28) + dt.timedelta(days=30), Status.ACHIEVED),
    ("monthly-overdue", facts("stay-below", target=10, frequency="monthly", lag=30), pts(("2019-01", 9)),
     dt.date(2019, 2, 28) + dt.timedelta(days=31), Status.OVERDUE),
]


@pytest.mark.parametrize("metric, points, as_of, expected", [pytest.param(*e[1:], id=e[0]) for e in EXAMPLES])
def test_status_examples(metric, points, as_of, expected):
    assert judge(metric, points, as_of) is expected


def test_every_status_and_direction_has_an_example():
    assert {e[4] for e in EXAMPLES} == set(Status)
    assert {e[1].direction for e in EXAMPLES} == {"increase", "decrease", "stay-above", "stay-below", "none"}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@pytest.mark.parametrize("frequency, months, latest", [("monthly", 1, "2019-04"), ("monthly", 1, "2019-02"),
                                                       ("quarterly", 3, "2019-09"), ("semiannual", 6, "2019-06")])
def test_not_overdue_on_the_day_the_next_period_ends(frequency, months, latest):
    """The figure of the period after `latest` cannot be out before that period ends (lag 0 here)."""
    metric = facts("stay-below", target=10, frequency=frequency, lag=0)
    end = Period.parse(latest).end
    nxt = _month_end(end.year + (end.month - 1 + months) // 12, (end.month - 1 + months) % 12 + 1)
    assert judge(metric, pts((latest, 9)), nxt) is Status.ACHIEVED
    assert judge(metric, pts((latest, 9)), nxt + dt.timedelta(days=1)) is Status.OVERDUE


def test_relative_target_without_baseline_uses_first_figure():
    metric = facts("decrease", relative=-10)
    points = pts(("2017", 3000), ("2019", 2700))
    assert status(metric, points, None, None) is judge(metric, points) is Status.ACHIEVED


# -- properties

values = st.integers(-100_000, 100_000).map(lambda i: i / 10)
years = st.lists(st.integers(2000, 2030), min_size=1, max_size=6, unique=True).map(sorted)
dates = st.dates(dt.date(1999, 1, 1), dt.date(2035, 12, 31))


@st.composite
def trend_cases(draw, directions=("increase", "decrease")):
    """A metric with a target, its figures (one per year) and an as-of date or None."""
    direction = draw(st.sampled_from(directions))
    ys = draw(years)
    vals = draw(st.lists(values, min_size=len(ys), max_size=len(ys)))
    relative = draw(st.none() | st.integers(-50, 50).map(float)) if direction in ("increase", "decrease") else None
    target = draw(values) if relative is None else None
    baseline = draw(st.none() | st.tuples(st.integers(1995, 2030).map(str), values))
    return dict(direction=direction, target=target, relative=relative, deadline=draw(dates), baseline=baseline,
                lag=draw(st.integers(0, 400)), points=[(str(y), v) for y, v in zip(ys, vals)],
                as_of=draw(st.none() | dates))


def make(case: dict, **change) -> tuple[MetricFacts, list[Point]]:
    c = case | change
    return (facts(c["direction"], target=c["target"], relative=c["relative"], deadline=c["deadline"],
                  baseline=c["baseline"], lag=c["lag"]), pts(*c["points"]))


MIRROR = {"increase": "decrease", "decrease": "increase", "stay-above": "stay-below", "stay-below": "stay-above"}


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below")))
def test_mirrored_metric_has_same_status(case):
    """An increase metric with values v and a decrease metric with values -v are judged alike (and so on)."""
    metric, points = make(case)
    mirrored = make(case, direction=MIRROR[case["direction"]],
                    target=None if case["target"] is None else -case["target"],
                    baseline=None if case["baseline"] is None else (case["baseline"][0], -case["baseline"][1]),
                    points=[(p, -v) for p, v in case["points"]])
    assert judge(*mirrored, case["as_of"]) is judge(metric, points, case["as_of"])


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("stay-above", "stay-below")))
def test_stay_metric_achieved_iff_latest_strictly_beyond_target(case):
    metric, points = make(case)
    beyond = points[-1].value > case["target"] if case["direction"] == "stay-above" else points[-1].value < case["target"]
    assert judge(metric, points) is (Status.ACHIEVED if beyond else Status.OFF_TRACK)


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")), dates)
def test_overdue_iff_as_of_after_next_expected(case, as_of):
    """Annual figures: the next year's figure is due at its end plus the publication lag."""
    if case["direction"] == "none":
        case = case | {"target": None, "relative": None}
    metric, points = make(case)
    latest_year = points[-1].period.end.year
    due = dt.date(latest_year + 1, 12, 31) + dt.timedelta(days=case["lag"])
    assert (judge(metric, points, as_of) is Status.OVERDUE) == (as_of > due)
    if as_of <= due:  # the as-of date matters only through 'overdue'
        assert judge(metric, points, as_of) is judge(metric, points, None)


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(), values, st.integers(0, 5))
def test_figure_after_deadline_is_never_on_track(case, value, extra_years):
    year = max(int(case["points"][-1][0]), case["deadline"].year) + extra_years
    if str(year) == case["points"][-1][0]:
        year += 1
    metric, points = make(case, points=case["points"] + [(str(year), value)])
    assert points[-1].period.end >= case["deadline"]
    assert judge(metric, points, case["as_of"]) is not Status.ON_TRACK


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(), values, values)
def test_better_latest_figure_never_gives_worse_status(case, a, b):
    rank = {Status.OFF_TRACK: 0, Status.ON_TRACK: 1, Status.ACHIEVED: 2}
    worse, better = sorted((a, b)) if case["direction"] == "increase" else sorted((a, b), reverse=True)
    head = case["points"][:-1]
    last = case["points"][-1][0]
    s_worse = judge(*make(case, points=head + [(last, worse)]))
    s_better = judge(*make(case, points=head + [(last, better)]))
    assert rank[s_worse] <= rank[s_better]


@settings(max_examples=150, deadline=None, database=None)
@given(trend_cases(("increase", "decrease", "stay-above", "stay-below", "none")))
def test_no_points_is_no_data_and_none_is_reference(case):
    if case["direction"] == "none":
        case = case | {"target": None, "relative": None}
    metric, points = make(case)
    assert judge(metric, [], case["as_of"]) is Status.NO_DATA
    if case["direction"] == "none":
        assert judge(metric, points) is Status.REFERENCE
    else:
        assert judge(metric, points) in (Status.ACHIEVED, Status.ON_TRACK, Status.OFF_TRACK)


# ================================================================ 2. bad snapshot rows, through the real loader

HEADER = "metric,period,value,source,note_fi,note_sv\n"
GOOD = "population,2020-12-31,47700,statistics-finland,,\n"
HINT_PERIOD = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31"

BAD_ROWS = {
    "unknown-metric": ("2021-01-01.csv", HEADER + GOOD + "populaton,2020,47700,statistics-finland,,\n",
                       ["content/snapshots/2021-01-01.csv:3: unknown metric 'populaton' [unknown-metric] – did you mean 'population'?"]),
    "unknown-source": ("2021-01-01.csv", HEADER + "population,2020,47700,statistics-finlnd,,\n",
                       ["content/snapshots/2021-01-01.csv:2: unknown source 'statistics-finlnd' [unknown-source] – add it to content/sources.yml or did you mean 'statistics-finland'?"]),
    "not-a-number": ("2021-01-01.csv", HEADER + "population,2020,paljon,statistics-finland,,\n",
                     ["content/snapshots/2021-01-01.csv:2: the value 'paljon' is not a number [not-a-number] – write digits with a decimal point, e.g. 7.8, without units"]),
    "value-with-unit": ("2021-01-01.csv", HEADER + "unemployment-rate,2020,7.8 %,statistics-finland,,\n",
                        ["content/snapshots/2021-01-01.csv:2: the value '7.8 %' is not a number [not-a-number] – write digits with a decimal point, e.g. 7.8, without units"]),
    "decimal-comma-quoted": ("2021-01-01.csv", HEADER + 'unemployment-rate,2020,"7,8",statistics-finland,,\n',
                             ["content/snapshots/2021-01-01.csv:2: the value '7,8' has a decimal comma [decimal-comma] – write it with a decimal point: 7.8"]),
    "decimal-comma-unquoted": ("2021-01-01.csv", HEADER + GOOD + "unemployment-rate,2020-12-31,7,8,statistics-finland,,\n",
                               ["content/snapshots/2021-01-01.csv:3: the value '7,8' has a decimal comma, which splits it into two cells [decimal-comma] – write it with a decimal point: 7.8"]),
    "duplicate-period": ("2021-01-01.csv", HEADER + "population,2020,47700,statistics-finland,,\n" + GOOD,
                         ["content/snapshots/2021-01-01.csv:3: metric 'population' has a second figure for period 2020-12-31 (first on line 2) [duplicate-period] – keep one row per metric and period"]),
    "duplicate-period-same-text": ("2021-01-01.csv", HEADER + GOOD + GOOD.replace("47700", "47701"),
                                   ["content/snapshots/2021-01-01.csv:3: metric 'population' has a second figure for period 2020-12-31 (first on line 2) [duplicate-period] – keep one row per metric and period"]),
    "period-after-round": ("2021-01-01.csv", HEADER + "population,2021,47700,statistics-finland,,\n",
                           ["content/snapshots/2021-01-01.csv:2: the period 2021 is after the round's date 2021-01-01 [period-out-of-range] – check the year; a round can only publish figures of past periods"]),
    "period-not-a-date": ("2021-01-01.csv", HEADER + "population,31.12.2020,47700,statistics-finland,,\n",
                          [f"content/snapshots/2021-01-01.csv:2: the period '31.12.2020' is not a date [bad-period] – {HINT_PERIOD}"]),
    "period-impossible-day": ("2021-01-01.csv", HEADER + "population,2020-02-30,47700,statistics-finland,,\n",
                              [f"content/snapshots/2021-01-01.csv:2: the period '2020-02-30' is not a date [bad-period] – {HINT_PERIOD}"]),
    "empty-value": ("2021-01-01.csv", HEADER + "population,2020,,statistics-finland,,\n",
                    ["content/snapshots/2021-01-01.csv:2: the 'value' cell is empty [empty-cell] – fill in the value"]),
    "empty-metric-and-source": ("2021-01-01.csv", HEADER + ",2020,47700,,,\n",
                                ["content/snapshots/2021-01-01.csv:2: the 'metric' cell is empty [empty-cell] – fill in the metric",
                                 "content/snapshots/2021-01-01.csv:2: the 'source' cell is empty [empty-cell] – fill in the source"]),
    "note-only-finnish": ("2021-01-01.csv", HEADER + "population,2020,47700,statistics-finland,Vain suomeksi,\n",
                          ["content/snapshots/2021-01-01.csv:2: the note has no Swedish twin (note_sv is empty) [missing-translation] – write the note in Swedish too, or leave both notes empty"]),
    "note-only-swedish": ("2021-01-01.csv", HEADER + "population,2020,47700,statistics-finland,,Bara på svenska\n",
                          ["content/snapshots/2021-01-01.csv:2: the note has no Finnish twin (note_fi is empty) [missing-translation] – write the note in Finnish too, or leave both notes empty"]),
    "file-name-not-a-date": ("kierros-2021.csv", HEADER + GOOD,
                             ["content/snapshots/kierros-2021.csv: a snapshot file must be named YYYY-MM-DD.csv [snapshot-name] – rename it to the date of the monitoring round, e.g. 2020-04-30.csv"]),
    "file-name-impossible-date": ("2021-02-30.csv", HEADER + GOOD,
                                  ["content/snapshots/2021-02-30.csv: '2021-02-30' is not a date [snapshot-name] – rename it to the real date of the monitoring round, YYYY-MM-DD.csv"]),
    "missing-header-column": ("2021-01-01.csv", "metric,period,value,source,note_fi\npopulation,2020,47700,statistics-finland,\n",
                              ["content/snapshots/2021-01-01.csv:1: missing column(s): note_sv [csv-header] – the first line must be: metric,period,value,source,note_fi,note_sv"]),
}

BAD_ROWS_MORE = [
    pytest.param("2021-01-01.csv", HEADER + "unemployment-rate,2020,7,8,statistics-finland,,\n",
                 ["content/snapshots/2021-01-01.csv:2: the value '7,8' has a decimal comma, which splits it into two cells [decimal-comma] – write it with a decimal point: 7.8"],
                 id="decimal-comma-unquoted-year-period"),
    pytest.param("2021-06-30.csv", HEADER + "population,2020-13,47700,statistics-finland,,\n",
                 [f"content/snapshots/2021-06-30.csv:2: the period '2020-13' is not a date [bad-period] – {HINT_PERIOD}"],
                 id="period-month-13"),
    pytest.param("2021-01-01.csv", HEADER + "population,2020-00,47700,statistics-finland,,\n",
                 [f"content/snapshots/2021-01-01.csv:2: the period '2020-00' is not a date [bad-period] – {HINT_PERIOD}"],
                 id="period-month-0"),
]


def errors_of(project: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load(project / "content")
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize("name, text, expected", [pytest.param(*v, id=k) for k, v in BAD_ROWS.items()] + BAD_ROWS_MORE)
def test_bad_snapshot_row_gets_exact_message(project, name, text, expected):
    (project / "content/snapshots" / name).write_text(text, encoding="utf-8")
    assert errors_of(project) == expected


def test_every_bad_row_of_a_file_is_listed_at_once(project):
    """One file with a bad row of each kind: one error per problem, in line order, the good row accepted."""
    row_cases = [k for k, (name, text, _) in BAD_ROWS.items()
                 if name == "2021-01-01.csv" and text.startswith(HEADER) and "duplicate" not in k]
    lines, expected = [GOOD], []
    for case in row_cases:
        for row in BAD_ROWS[case][1].removeprefix(HEADER).splitlines(keepends=True):
            if row == GOOD:
                continue
            lines.append(row)
            line = len(lines) + 1
            expected += [re.sub(r"^(content/snapshots/2021-01-01\.csv):\d+:", rf"\1:{line}:", e) for e in BAD_ROWS[case][2]]
    (project / "content/snapshots/2021-01-01.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    assert len(row_cases) >= 10
    assert errors_of(project) == sorted(expected, key=lambda e: int(e.split(":")[1]))


def test_good_new_round_loads(project):
    (project / "content/snapshots/2021-01-01.csv").write_text(
        HEADER + GOOD + 'unemployment-rate,2020,"7.8",statistics-finland,"Huom, pilkku",Obs. komma\n', encoding="utf-8")
    content = load(project / "content")
    snap = next(s for s in content.snapshots if s.date == dt.date(2021, 1, 1))
    assert [(r.metric, r.period.end, r.value, r.notes) for r in snap.rows] == [
        ("population", dt.date(2020, 12, 31), 47700.0, {"fi": "", "sv": ""}),
        ("unemployment-rate", dt.date(2020, 12, 31), 7.8, {"fi": "Huom, pilkku", "sv": "Obs. komma"})]
    assert content.as_of == dt.date(2021, 1, 1)


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


@functools.cache
def ui(content: Path, lang: str) -> dict:
    return yaml.safe_load((content / lang / "ui.yml").read_text(encoding="utf-8"))


@functools.cache
def words(content: Path, lang: str, file: str) -> dict:
    return yaml.safe_load((content / lang / file).read_text(encoding="utf-8"))


@functools.cache
def expected_figures(content: Path) -> dict[tuple[str, dt.date], dict]:
    """(metric, period end) -> figure: the newest round wins; a formula fills periods with no published figure."""
    figures: dict[tuple[str, dt.date], dict] = {}
    for date, rows in read_rounds(content):
        for row in rows:
            figures[(row["metric"], period_end(row["period"]))] = {
                "period": row["period"], "value": float(row["value"]), "source": row["source"], "snapshot": date,
                "computed": False, "note_fi": row["note_fi"], "note_sv": row["note_sv"]}
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
                "period": nums[end]["period"], "value": nums[end]["value"] / dens[end]["value"] * f.get("factor", 1),
                "source": nums[end]["source"], "snapshot": max(nums[end]["snapshot"], dens[end]["snapshot"]),
                "computed": True, "note_fi": "", "note_sv": ""}
    return figures


def series_of(content: Path, metric: str) -> list[tuple[dt.date, dict]]:
    return sorted((end, f) for (mid, end), f in expected_figures(content).items() if mid == metric)


def period_label(text: str, locale: Locale) -> str:
    end = period_end(text)
    if re.fullmatch(r"\d{4}", text):
        return str(end.year)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return format_skeleton("yMMMM", end, locale=locale)
    return format_date(end, format="long", locale=locale)


def value_text(value: float, unit: str, decimals: int, locale: Locale, per_resident: str) -> str:
    """A figure as the site should show it, from Babel directly (percent and plain numbers)."""
    if unit == "percent":
        pattern = locale.percent_formats[None].pattern
        assert pattern.count("0") == 1, pattern
        return format_percent(value / 100, format=pattern.replace("0", "0." + "0" * decimals if decimals else "0"), locale=locale)
    if unit in ("persons", "score"):
        return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=locale)
    return Formatter(locale, per_resident).value(value, unit, decimals)  # currencies: the site's formatter


def parse_number(text: str) -> float:
    """A number as Babel wrote it in fi_FI or sv_FI, back to a float ('7,8 %' -> 7.8, '−1 703' -> -1703)."""
    found = re.search(r"[-\u2212]?\d[\d\s\u00a0\u202f]*(,\d+)?", text)
    assert found, text
    return float(re.sub(r"[\s\u00a0\u202f]", "", found.group()).replace("\u2212", "-").replace(",", "."))


@functools.cache
def statuses(content: Path) -> dict:
    """The generator's series of a built project (for statuses, which part 1 tests rule by rule)."""
    return build_series(load(content))


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def metric_page(project: Path, lang: str, metric: str) -> Path:
    content = project / "content"
    slug = words(content, lang, "metrics.yml")[metric]["slug"]
    return project / "site" / lang / ui(content, lang)["slugs"]["metrics"] / slug / "index.html"


def snapshot_page(project: Path, lang: str, date: dt.date) -> Path:
    return project / "site" / lang / ui(project / "content", lang)["slugs"]["snapshots"] / date.isoformat() / "index.html"


# ================================================================ a later round: revised, unchanged and new figures

@pytest.fixture(scope="module")
def revised_site(tmp_path_factory) -> Path:
    """The shipped content plus one synthetic later round, built once; returns the project folder."""
    proj = copy_project(tmp_path_factory.mktemp("revised") / "project")
    rounds = _read_rounds(proj / "content")
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
    src = "statistics-finland"
    rows = [
        f"unemployed,{unemployed['period']},{float(unemployed['value']) + 7},{src},Korjattu luku.,Korrigerad siffra.",
        f"labour-force,{labour['period']},{labour['value']},{src},,",
        f"unemployed,{y - 2},1650,{src},,", f"labour-force,{y - 2},21800,{src},,",
        f"unemployment-rate,{y - 2},7.6,{src},Julkaistu luku.,Publicerad siffra.",
        f"unemployed,{y - 1},2100,{src},,", f"labour-force,{y - 1},21900,{src},,",
        *[f"employment-rate,{y - 6 + i},{v},{src},," for i, v in enumerate((68.9, 70.2, 71.6, 72.4, 70.9))],
        *[f"stakeholder-rating,{y - 4 + i},{v},kokkola-city,," for i, v in enumerate((3.9, 4.0, 4.1))],
    ]
    (proj / "content/snapshots" / f"{later.isoformat()}.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
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
    ticks = [(parse_number(t.text), float(l.get("y1")), t.text) for l, t in zip(lines, texts)]
    (v0, y0, _), (v1, y1, _) = ticks[0], ticks[-1]
    return ticks, lambda v: y0 + (v - v0) * (y1 - y0) / (v1 - v0)


def check_chart(project: Path, lang: str, metric: str) -> ET.Element:
    content = project / "content"
    locale = Locale.parse(ui(content, lang)["locale"])
    strings = ui(content, lang)["strings"]
    m = next(x for x in metric_facts(content) if x["id"] == metric)
    name = words(content, lang, "metrics.yml")[metric]["name"]
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
    assert desc.text.startswith(strings["chart_desc"].format(name=name, count=len(series), values=said))

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
    assert [v for v, _, _ in ticks] == sorted(v for v, _, _ in ticks) and [y for _, y, _ in ticks] == sorted((y for _, y, _ in ticks), reverse=True)
    for (_, f), y in zip(series, ys):
        assert y == pytest.approx(to_y(f["value"]), abs=0.1)
        assert ticks[0][0] <= f["value"] <= ticks[-1][0], "every point is inside the axis"

    target = svg.find(f"{SVG}g[@class='chart-target']")
    resolved = target_of(m, series)
    if resolved is None:
        assert target is None
    else:
        line = target.find(f"{SVG}line")
        assert float(target.get("data-value")) == pytest.approx(resolved)
        assert float(line.get("y1")) == float(line.get("y2")) == pytest.approx(to_y(resolved), abs=0.1)
        label = target.find(f"{SVG}text").text
        assert label == f"{strings['target']}: {text(resolved)}"
        assert label in desc.text
        for (_, f), y in zip(series, ys):  # ordering relative to the points
            if f["value"] > resolved:
                assert y < float(line.get("y1"))
            elif f["value"] < resolved:
                assert y > float(line.get("y1"))
    return svg


def target_of(m: dict, series: list[tuple[dt.date, dict]]) -> float | None:
    t = m.get("target")
    if not t:
        return None
    if "value" in t:
        return float(t["value"])
    base = m["baseline"]["value"] if m.get("baseline") else (series[0][1]["value"] if series else None)
    return None if base is None else base * (1 + t["relative_change"] / 100)


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
        if m["id"] in with_data:
            for lang in ("fi", "sv"):
                check_chart(any_site, lang, m["id"])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_tick_labels_are_distinct_and_true(revised_site, lang):
    svg = chart_of(metric_page(revised_site, lang, "stakeholder-rating"), "stakeholder-rating")
    ticks, to_y = y_axis(svg)
    labels = [label for _, _, label in ticks]
    assert len(set(labels)) == len(labels), labels
    for value, y, _ in ticks:
        assert y == pytest.approx(to_y(value), abs=0.1), "each label's value sits on its grid line"


# ================================================================ 4. open data

def read_csv_file(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_datapackage_is_valid(any_site):
    report = frictionless.validate(any_site / "site/data/datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    package = json.loads((any_site / "site/data/datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    for date, _ in read_rounds(any_site / "content"):
        assert f"snapshots/{date.isoformat()}.csv" in paths


def test_figures_csv_holds_every_figure(any_site):
    content = any_site / "content"
    expected = expected_figures(content)
    assert any(f["computed"] for f in expected.values())
    rows = read_csv_file(any_site / "site/data/figures.csv")
    got = {(r["metric"], dt.date.fromisoformat(r["period_end"])): r for r in rows}
    assert len(got) == len(rows), "one figure per metric and period"
    assert set(got) == set(expected)
    for key, f in expected.items():
        r = got[key]
        assert float(r["value"]) == pytest.approx(f["value"], rel=1e-9, abs=1e-6), key
        assert (r["period"], r["source"], r["snapshot"], r["computed"], r["note_fi"], r["note_sv"]) == (
            f["period"], f["source"], f["snapshot"].isoformat(), "true" if f["computed"] else "false",
            f["note_fi"], f["note_sv"]), key
    order = [m["id"] for m in metric_facts(content)]
    keys = [(r["metric"], r["period_end"]) for r in rows]
    assert keys == sorted(keys, key=lambda k: (order.index(k[0]), k[1])), "by metric as in metrics.yml, then by period"


def test_newest_round_wins_and_published_beats_computed(revised_site):
    """The synthetic round revises a part of the unemployment rate and publishes one rate itself."""
    content = revised_site / "content"
    rounds = read_rounds(content)
    later, new_rows = rounds[-1]
    figures = {(r["metric"], r["period"]): r for r in read_csv_file(revised_site / "site/data/figures.csv")}
    old = {(r["metric"], r["period"]): r for _, rows in rounds[:-1] for r in rows}
    revised = [r for r in new_rows if (r["metric"], r["period"]) in old and r["value"] != old[(r["metric"], r["period"])]["value"]]
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
    for date, rows in read_rounds(any_site / "content"):
        got = read_csv_file(any_site / f"site/data/snapshots/{date.isoformat()}.csv")
        assert [(g["metric"], g["period"], float(g["value"]), g["source"], g["note_fi"], g["note_sv"]) for g in got] == [
            (r["metric"], r["period"], float(r["value"]), r["source"], r["note_fi"], r["note_sv"]) for r in rows]


def test_per_metric_files_match_figures(any_site):
    content = any_site / "content"
    data = any_site / "site/data"
    figures = read_csv_file(data / "figures.csv")
    series = statuses(content)
    names = {lang: words(content, lang, "metrics.yml") for lang in ("fi", "sv")}
    for m in metric_facts(content):
        mine = [r for r in figures if r["metric"] == m["id"]]
        assert read_csv_file(data / f"metrics/{m['id']}.csv") == mine
        doc = json.loads((data / f"metrics/{m['id']}.json").read_text(encoding="utf-8"))
        assert (doc["id"], doc["unit"], doc["direction"], doc["source"]) == (m["id"], m["unit"], m["direction"], m["source"])
        assert doc["name"] == {lang: names[lang][m["id"]]["name"] for lang in ("fi", "sv")}
        assert doc["status"] == series[m["id"]].status.value
        if m.get("target"):
            assert doc["target"]["deadline"] == m["target"]["deadline"].isoformat()
            resolved = target_of(m, series_of(content, m["id"]))
            assert doc["target"]["resolved_value"] == (None if resolved is None else pytest.approx(resolved))
        else:
            assert doc["target"] is None
        assert len(doc["figures"]) == len(mine)
        for j, r in zip(doc["figures"], mine):
            assert j["value"] == pytest.approx(float(r["value"]))
            assert (j["metric"], j["period"], j["period_end"], j["source"], j["snapshot"], j["note_fi"], j["note_sv"]) == (
                r["metric"], r["period"], r["period_end"], r["source"], r["snapshot"], r["note_fi"], r["note_sv"])


def test_per_metric_json_has_typed_fields(built_site):
    for m in metric_facts(built_site / "content"):
        doc = json.loads((built_site / f"site/data/metrics/{m['id']}.json").read_text(encoding="utf-8"))
        for fig in doc["figures"]:
            assert isinstance(fig["value"], (int, float))
            assert isinstance(fig["computed"], bool), fig


# ================================================================ 5. metric pages

LANGS = ["fi", "sv"]


def check_metric_page(project: Path, lang: str, metric: str, series_status: Status) -> BeautifulSoup:
    content = project / "content"
    u = ui(content, lang)
    strings, locale = u["strings"], Locale.parse(u["locale"])
    m = next(x for x in metric_facts(content) if x["id"] == metric)
    series = series_of(content, metric)
    doc = soup(metric_page(project, lang, metric))
    article = doc.select_one("article")
    assert doc.html["lang"] == lang
    assert article.select_one("h1").get_text(strip=True) == words(content, lang, "metrics.yml")[metric]["name"]

    badge = article.select_one("dl.metric-facts span.status")
    assert badge.get_text() == strings[f"status_{series_status.value.replace('-', '_')}"]
    assert f"status--{series_status.value}" in badge["class"]

    latest = article.select_one("dl.metric-facts strong.metric-latest")
    if not series:
        assert series_status is Status.NO_DATA
        assert latest is None
        first_dd = article.select_one("dl.metric-facts dd")
        assert first_dd.get_text() == strings["no_data_yet"]
        assert article.select_one("p.no-data").get_text() == strings["no_data_yet_long"]
        assert article.select_one("svg") is None and article.select_one("table") is None
        return doc

    expected = value_text(series[-1][1]["value"], m["unit"], m["decimals"], locale, strings["per_resident"])
    assert latest.get_text() == expected
    assert period_label(series[-1][1]["period"], locale) in latest.parent.get_text()
    assert article.select_one("p.no-data") is None
    rows = article.select(f"table#data-{metric} tbody tr")
    assert len(rows) == len(series)
    for tr, (_, f) in zip(rows, series):
        assert tr.th.get_text() == period_label(f["period"], locale)
        cell = tr.select_one("td[data-value]")
        assert float(cell["data-value"]) == pytest.approx(f["value"], rel=1e-12)
        assert cell.get_text() == value_text(f["value"], m["unit"], m["decimals"], locale, strings["per_resident"])
        assert tr.select("td")[1].get_text() == words(content, lang, "sources.yml")[f["source"]]
        assert tr.select("td")[2].get_text() == format_date(f["snapshot"], format="long", locale=locale)
        if f["computed"]:
            formula, names = m["formula"], words(content, lang, "metrics.yml")
            assert tr.select("td")[-1].get_text() == strings["computed_from"].format(
                numerator=names[formula["numerator"]]["name"], denominator=names[formula["denominator"]]["name"])
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
    assert page.relative_to(built_site / "site").as_posix() == {
        "fi": "fi/mittarit/tyottomyysaste/index.html", "sv": "sv/matare/arbetsloshetsgrad/index.html"}[lang]
    strong = soup(page).select_one("strong.metric-latest")
    assert strong.get_text() == text
    assert ui(content, lang)["strings"]["computed"] in strong.parent.get_text()
    status = statuses(content)["unemployment-rate"].status
    check_metric_page(built_site, lang, "unemployment-rate", status)


@pytest.mark.parametrize("lang", LANGS)
def test_every_metric_page_matches_its_data(any_site, lang):
    content = any_site / "content"
    series = statuses(content)
    for m in metric_facts(content):
        check_metric_page(any_site, lang, m["id"], series[m["id"]].status)


@pytest.mark.parametrize("lang", LANGS)
def test_metric_without_figures_says_no_data(built_site, lang):
    content = built_site / "content"
    with_data = {mid for mid, _ in expected_figures(content)}
    empty = [m["id"] for m in metric_facts(content) if m["id"] not in with_data]
    assert "employment-rate" in empty
    for metric in empty:
        check_metric_page(built_site, lang, metric, Status.NO_DATA)


@pytest.mark.parametrize("lang", LANGS)
def test_per_resident_suffix_keeps_its_space(built_site, lang):
    content = built_site / "content"
    strings = ui(content, lang)["strings"]
    if not strings["per_resident"].startswith(" "):
        pytest.skip("ui.yml no longer writes the suffix with a leading space")
    metric = next(m for m in metric_facts(content) if m["unit"] == "eur-per-resident" and series_of(content, m["id"]))
    latest = series_of(content, metric["id"])[-1][1]["value"]
    expected = value_text(latest, metric["unit"], metric["decimals"], Locale.parse(ui(content, lang)["locale"]),
                          strings["per_resident"])
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


def check_snapshot_pages(project: Path) -> list[str]:
    """Every round's page in each language lists its rows with the right change; returns the change texts."""
    content = project / "content"
    facts_by_id = {m["id"]: m for m in metric_facts(content)}
    seen = []
    for lang in LANGS:
        u = ui(content, lang)
        strings, locale = u["strings"], Locale.parse(u["locale"])
        names, sources = words(content, lang, "metrics.yml"), words(content, lang, "sources.yml")
        for index, (date, rows) in enumerate(read_rounds(content)):
            article = soup(snapshot_page(project, lang, date)).select_one("article")
            trs = article.select("table tbody tr")
            assert len(trs) == len(rows), f"{lang} {date}"
            for tr, (row, old) in zip(trs, expected_changes(content, index)):
                m = facts_by_id[row["metric"]]
                fmt = lambda v: value_text(v, m["unit"], m["decimals"], locale, strings["per_resident"])  # noqa: E731
                cells = [td.get_text() for td in tr.select("td")]
                if old is None:
                    change = strings["change_new"]
                elif old == float(row["value"]):
                    change = strings["change_unchanged"]
                else:
                    change = strings["change_revised"].format(old=fmt(old))
                assert cells == [names[row["metric"]]["name"], period_label(row["period"], locale),
                                 fmt(float(row["value"])), change, sources[row["source"]]]
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
    assert len(revised) == 1 and any(old is None for _, old in latest) and any(old == float(r["value"]) for r, old in latest)
    (row, old), = revised
    for lang in LANGS:
        u = ui(content, lang)
        strings, locale = u["strings"], Locale.parse(u["locale"])
        previously = strings["change_revised"].format(old=format_decimal(old, format="#,##0", locale=locale))
        assert previously in changes
        article = soup(snapshot_page(revised_site, lang, rounds[-1][0])).select_one("article")
        texts = [tr.select("td")[3].get_text() for tr in article.select("table tbody tr")]
        assert texts.count(previously) == 1
        assert texts.count(strings["change_new"]) == sum(old is None for _, old in latest)
        assert texts.count(strings["change_unchanged"]) == 1
