"""The kinds of target real strategies write (issue 25, point 4): a target without a deadline ("100 000
asukasta"), a figure followed without a target, and a rank in a named comparison ("Suomen onnellisin
kaupunki"). Kokkola's content has none of them, so they are tried on a copy of it: the model's errors (exact
message, file and line), what each kind can be judged as (tables, through generator.metrics), and the words
a reader sees on the built pages and in the open data, in both languages.

Expected words are put together from the content's ui.yml strings and Babel, never copied from the output.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import cli, pipeline
from generator.contents import Period
from generator.metrics import Point, Status, possible, reference, status
from generator.models import MetricFacts
from tests.support.content import LANGS, assert_refused_with, edit, norm
from tests.support.project import ROOT, copy_project
from tests.support.site import article, soup

START = dt.date(2018, 1, 1)  # Kokkola's strategy period 2018–2021
DEADLINE = dt.date(2021, 12, 31)
LOCALES = {"fi": Locale.parse("fi_FI"), "sv": Locale.parse("sv_FI")}

# ================================================================ the content: Kokkola with the three kinds


RANK_METRIC = """- id: happiest-city
  unit: rank
  decimals: 0
  direction: decrease
  target: {rank: 1, stated: firm}
  frequency: annual
  publication_lag_months: 6
  statistic: happiness-survey
"""
RANK_WORDS = {
    "fi": """happiest-city:
  slug: onnellisin-kaupunki
  name: Sija onnellisuusvertailussa
  description: Kokkolan sija kaupunkien onnellisuusvertailussa.
  method: Kaupunkien järjestys vertailun tuloksissa.
  ranking: Suomen onnellisin kaupunki -vertailu
""",
    "sv": """happiest-city:
  slug: lyckligaste-staden
  name: Placering i lyckojämförelsen
  description: Karlebys placering i jämförelsen av städernas lycka.
  method: Städernas ordning i jämförelsens resultat.
  ranking: Jämförelsen Finlands lyckligaste stad
""",
}


def with_kinds(root: Path) -> Path:
    """Kokkola's content with one metric of each new kind, judged as of the last round (30.4.2020):
    - unemployment-rate: "alle 8 %" without a deadline (its 2018 figure, 7,8 %, meets it);
    - population: followed without a target (direction increase), figures 2016, 2018 and 2019;
    - happiest-city: rank 1 in a named comparison without a deadline, places 4 (2017) and 2 (2019)."""
    content = root / "content"
    edit(content / "site.yml", "as_of: 2026-11-27", "as_of: 2020-04-30")
    edit(
        content / "metrics.yml",
        "target: {comparison: below, stated: firm, value: 10, deadline: 2021-12-31, reading: true}",
        "target: {comparison: below, stated: firm, value: 8}",
    )
    edit(
        content / "metrics.yml",
        "  target: {comparison: above, stated: firm, relative_change: 0, deadline: 2021-12-31, reading: true}\n",
        "",
    )
    with (content / "metrics.yml").open("a", encoding="utf-8") as f:
        f.write(RANK_METRIC)
    edit(
        content / "sources.yml",
        "  - id: stakeholder-survey\n",
        "  - id: stakeholder-survey\n  - id: happiness-survey\n",
    )
    edit(
        content / "sources.yml",
        "sources:\n",
        "sources:\n  - id: happiness-survey-2019\n    statistic: happiness-survey\n"
        "    url: https://www.example.fi/onnellisin-kaupunki/2019\n",
    )
    names = {
        "fi": ("Onnellisuusvertailu", "Onnellisuusvertailun tulokset 2019"),
        "sv": ("Lyckojämförelsen", "Lyckojämförelsens resultat 2019"),
    }
    for lang, (statistic, source) in names.items():
        edit(
            content / lang / "sources.yml",
            "statistics:\n",
            f"statistics:\n  happiness-survey:\n    name: {statistic}\n",
        )
        edit(content / lang / "sources.yml", "\nsources:\n", f"\nsources:\n  happiness-survey-2019: {source}\n")
        with (content / lang / "metrics.yml").open("a", encoding="utf-8") as f:
            f.write(RANK_WORDS[lang])
    with (content / "snapshots" / "2020-04-30.csv").open("a", encoding="utf-8") as f:
        f.write("happiest-city,2017,4,happiness-survey-2019,,\nhappiest-city,2019,2,happiness-survey-2019,,\n")
    return root


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based number of the first line of `path` that starts with `text` (after the line starting with
    `after`, when given)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after)) if after else 0
    return next(i for i in range(start, len(lines)) if lines[i].startswith(text)) + 1


# ================================================================ 1. what each kind can be judged as


def metric(
    direction: str,
    *,
    unit: str = "percent",
    target: float | None = None,
    relative: float | None = None,
    rank: int | None = None,
    comparison: str | None = None,
    deadline: dt.date | None = DEADLINE,
    lag: int = 12,
) -> MetricFacts:
    """A metric as content/metrics.yml writes it: a value, relative or rank target (none given: followed, or a
    reference figure with direction none); the comparison defaults to the strict one of the direction."""
    data = {
        "id": "test-metric",
        "unit": "rank" if rank is not None else unit,
        "decimals": 0 if rank is not None or unit == "rank" else 1,
        "direction": direction,
        "frequency": "annual",
        "publication_lag_months": lag,
        "statistic": "test-statistic",
    }
    if rank is not None:
        data["target"] = {"rank": rank, "stated": "firm"}
    elif (target, relative) != (None, None):
        strict = "above" if direction in ("increase", "stay-above") else "below"
        kind = {"value": target} if relative is None else {"relative_change": relative}
        data["target"] = kind | {"comparison": comparison or strict, "stated": "firm"}
    if "target" in data and deadline:
        data["target"]["deadline"] = deadline.isoformat()
    return MetricFacts.model_validate(data)


def pts(*pairs: tuple[str, float]) -> list[Point]:
    return [Point(Period.parse(text), value) for text, value in pairs]


def judge(m: MetricFacts, points: list[Point], as_of: dt.date | None = None) -> Status:
    return status(m, points, reference(points, START), as_of, START)


open76 = metric("increase", target=76, deadline=None)  # "yli 76 %", no deadline
growth_open = metric("increase", relative=0, deadline=None)  # "yli lähtötason", no deadline
followed_up = metric("increase")  # the strategy wants it to grow, with no target value
first = metric("decrease", rank=1)  # "Suomen onnellisin kaupunki" by 31.12.2021
first_open = metric("decrease", rank=1, deadline=None)
top3 = metric("decrease", rank=3)  # third place or better by 31.12.2021
keep_top3 = metric("stay-below", rank=3)  # stay among the three best until 31.12.2021

TABLE = [
    # a target without a deadline: meets the target or not yet, whenever the figure is, never achieved or missed
    ("open-met", open76, pts(("2017", 70), ("2019", 77)), None, Status.MEETS_TARGET),
    ("open-not-yet", open76, pts(("2017", 70), ("2019", 75)), None, Status.NOT_YET),
    ("open-equal-is-not-above", open76, pts(("2017", 70), ("2019", 76)), None, Status.NOT_YET),
    ("open-met-long-after-the-period", open76, pts(("2017", 70), ("2030", 80)), None, Status.MEETS_TARGET),
    ("open-not-met-long-after-the-period", open76, pts(("2017", 70), ("2030", 70)), None, Status.NOT_YET),
    ("open-worse-than-the-start", open76, pts(("2017", 70), ("2019", 60)), None, Status.NOT_YET),
    ("open-met-without-baseline", open76, pts(("2018", 77)), None, Status.MEETS_TARGET),
    ("open-not-yet-without-baseline", open76, pts(("2018", 75), ("2019", 75.5)), None, Status.NOT_YET),
    ("open-only-before-the-period", open76, pts(("2016", 80), ("2017", 80)), None, Status.NO_DATA),
    ("open-no-figures", open76, [], None, Status.NO_DATA),
    ("open-first-overdue", open76, [], dt.date(2020, 1, 1), Status.OVERDUE),
    ("open-overdue", open76, pts(("2017", 70), ("2018", 77)), dt.date(2021, 1, 1), Status.OVERDUE),
    (
        "open-decrease-met",
        metric("decrease", target=10, deadline=None),
        pts(("2017", 12), ("2019", 9.9)),
        None,
        Status.MEETS_TARGET,
    ),
    ("open-relative-met", growth_open, pts(("2017", 100), ("2019", 101)), None, Status.MEETS_TARGET),
    ("open-relative-not-yet", growth_open, pts(("2017", 100), ("2019", 100)), None, Status.NOT_YET),
    ("open-relative-without-baseline", growth_open, pts(("2018", 100), ("2019", 101)), None, Status.NO_BASELINE),
    # followed without a target: its trend is shown, whichever way it goes
    ("followed-the-way-wanted", followed_up, pts(("2017", 70), ("2019", 75)), None, Status.FOLLOWED),
    ("followed-the-other-way", followed_up, pts(("2017", 70), ("2019", 60)), None, Status.FOLLOWED),
    ("followed-decrease", metric("decrease"), pts(("2017", 12), ("2019", 9)), None, Status.FOLLOWED),
    ("followed-without-baseline", followed_up, pts(("2018", 70)), None, Status.FOLLOWED),
    ("followed-only-before-the-period", followed_up, pts(("2016", 70), ("2017", 71)), None, Status.NO_DATA),
    ("followed-no-figures", followed_up, [], None, Status.NO_DATA),
    ("followed-first-overdue", followed_up, [], dt.date(2020, 1, 1), Status.OVERDUE),
    ("followed-overdue", followed_up, pts(("2017", 70), ("2018", 72)), dt.date(2021, 1, 1), Status.OVERDUE),
    # a rank: met at its place or better (rank <= the target's place), by the rules of any target
    ("rank-first-at-the-deadline", first, pts(("2017", 4), ("2021", 1)), None, Status.ACHIEVED),
    ("rank-second-at-the-deadline", first, pts(("2017", 4), ("2021", 2)), None, Status.MISSED),
    ("rank-first-before-the-deadline", first, pts(("2017", 4), ("2019", 1)), None, Status.MEETS_TARGET),
    # the straight path from place 4 (2017) to place 1 (2021) is at place 2.5 at the end of 2019
    ("rank-ahead-of-the-path", first, pts(("2017", 4), ("2019", 2)), None, Status.ON_TRACK),
    ("rank-behind-the-path", first, pts(("2017", 4), ("2019", 3)), None, Status.OFF_TRACK),
    ("rank-without-baseline", first, pts(("2018", 4), ("2019", 3)), None, Status.NO_BASELINE),
    ("rank-third-is-third-or-better", top3, pts(("2017", 5), ("2021", 3)), None, Status.ACHIEVED),
    ("rank-fourth-is-not", top3, pts(("2017", 5), ("2021", 4)), None, Status.MISSED),
    ("rank-better-than-the-target", top3, pts(("2017", 5), ("2021", 1)), None, Status.ACHIEVED),
    ("rank-open-not-yet", first_open, pts(("2017", 4), ("2019", 2)), None, Status.NOT_YET),
    ("rank-open-met", first_open, pts(("2017", 4), ("2030", 1)), None, Status.MEETS_TARGET),
    ("rank-kept", keep_top3, pts(("2017", 2), ("2019", 3)), None, Status.ACHIEVED),
    ("rank-not-kept", keep_top3, pts(("2017", 2), ("2019", 4)), None, Status.OFF_TRACK),
    ("rank-not-kept-at-the-deadline", keep_top3, pts(("2017", 2), ("2021", 4)), None, Status.MISSED),
    ("rank-followed", metric("decrease", unit="rank"), pts(("2017", 4), ("2019", 6)), None, Status.FOLLOWED),
    ("rank-reference", metric("none", unit="rank"), pts(("2019", 6)), None, Status.REFERENCE),
]


@pytest.mark.parametrize("m, points, as_of, expected", [pytest.param(*e[1:], id=e[0]) for e in TABLE])
def test_status_of_each_kind(m, points, as_of, expected):
    assert judge(m, points, as_of) is expected
    assert expected in possible(m)


ALWAYS = {Status.NO_DATA, Status.OVERDUE}
REACH = {Status.ACHIEVED, Status.MEETS_TARGET, Status.ON_TRACK, Status.OFF_TRACK, Status.MISSED, Status.NO_BASELINE}
KINDS = [
    ("reference", metric("none"), {Status.REFERENCE}),
    ("followed", followed_up, {Status.FOLLOWED}),
    ("followed-rank", metric("decrease", unit="rank"), {Status.FOLLOWED}),
    ("reach-by-the-deadline", metric("increase", target=76), REACH),
    ("relative-by-the-deadline", metric("decrease", relative=-10), REACH),
    ("keep-until-the-deadline", metric("stay-above", target=100), {Status.ACHIEVED, Status.OFF_TRACK, Status.MISSED}),
    ("no-deadline", open76, {Status.MEETS_TARGET, Status.NOT_YET}),
    ("relative-no-deadline", growth_open, {Status.MEETS_TARGET, Status.NOT_YET, Status.NO_BASELINE}),
    ("rank-by-the-deadline", first, REACH),
    ("rank-kept", keep_top3, {Status.ACHIEVED, Status.OFF_TRACK, Status.MISSED}),
    ("rank-no-deadline", first_open, {Status.MEETS_TARGET, Status.NOT_YET}),
]


NEW_KINDS = (
    "followed",
    "followed-rank",
    "no-deadline",
    "relative-no-deadline",
    "rank-by-the-deadline",
    "rank-kept",
    "rank-no-deadline",
)


@pytest.mark.parametrize("m, judged", [pytest.param(m, s, id=name) for name, m, s in KINDS])
def test_what_each_kind_can_be_judged_as(m, judged):
    """The status rules by kind: without a deadline never achieved or missed, followed never judged."""
    assert possible(m) == judged | ALWAYS


@pytest.mark.parametrize("m", [pytest.param(m, id=name) for name, m, _ in KINDS if name in NEW_KINDS])
def test_the_table_has_a_case_of_every_status_a_new_kind_can_have(m):
    """A guard of the table above, not of the product (Kokkola's kinds have theirs in tests/test_metrics.py)."""
    assert {e[4] for e in TABLE if e[1] == m} >= possible(m) - ALWAYS


@st.composite
def any_metric(draw):
    """A metric of any kind, with or without a deadline, a value, relative or rank target, or none."""
    kind = draw(st.sampled_from(("none", "followed", "value", "relative", "rank")))
    deadline = draw(st.none() | st.dates(dt.date(2018, 6, 30), dt.date(2030, 12, 31)))
    if kind == "none":
        return metric("none")
    if kind == "followed":
        return metric(draw(st.sampled_from(("increase", "decrease"))))
    if kind == "relative":
        return metric(
            draw(st.sampled_from(("increase", "decrease"))), relative=draw(st.integers(-50, 50)), deadline=deadline
        )
    direction = draw(
        st.sampled_from(
            ("decrease", "stay-below") if kind == "rank" else ("increase", "decrease", "stay-above", "stay-below")
        )
    )
    deadline = deadline or (DEADLINE if direction.startswith("stay") else None)
    if kind == "rank":
        return metric(direction, rank=draw(st.integers(1, 20)), deadline=deadline)
    return metric(direction, target=draw(st.integers(-100, 100)), deadline=deadline)


@settings(max_examples=300, deadline=None, database=None)
@given(
    any_metric(),
    st.lists(st.integers(2010, 2032), max_size=6, unique=True).map(sorted),
    st.lists(st.integers(1, 100), min_size=6, max_size=6),
    st.none() | st.dates(dt.date(2018, 1, 1), dt.date(2034, 12, 31)),
)
def test_a_metric_is_only_ever_judged_as_its_kind_can_be(m, years, values, as_of):
    points = pts(*[(str(y), v) for y, v in zip(years, values)])
    got = judge(m, points, as_of)
    assert got in possible(m)
    if m.target is not None and m.target.deadline is None:
        assert got not in (Status.ACHIEVED, Status.MISSED, Status.ON_TRACK, Status.OFF_TRACK)
    if m.followed:
        assert got in (Status.FOLLOWED, Status.NO_DATA, Status.OVERDUE)


# ================================================================ 2. impossible combinations: the model's errors


def entry_line(c: Path, metric_id: str, key: str | None = None) -> int:
    """The line of a metric's entry in content/metrics.yml, or of its `key`."""
    at = f"  {key}:" if key else f"- id: {metric_id}"
    return line_of(c / "metrics.yml", at, after=f"- id: {metric_id}")


def keep_without_deadline(c: Path) -> int:
    edit(c / "metrics.yml", "value: 100, deadline: 2021-12-31, reading: true}", "value: 100, reading: true}")
    return entry_line(c, "annual-margin-to-depreciation", "target")


def keep_without_target(c: Path) -> int:
    target = (
        "  target: {comparison: above, stated: example, value: 4.0, decimals: 1, deadline: 2021-12-31, reading: true}"
    )
    edit(c / "metrics.yml", target + "\n", "")
    return entry_line(c, "stakeholder-rating", "direction")


def rank_target_of_persons(c: Path) -> int:
    edit(
        c / "metrics.yml",
        "target: {comparison: above, stated: firm, relative_change: 0, deadline: 2021-12-31, reading: true}",
        "target: {rank: 1, stated: firm}",
    )
    return entry_line(c, "population", "unit")


def value_and_rank(c: Path) -> int:
    edit(c / "metrics.yml", "stated: firm, value: 10,", "stated: firm, value: 10, rank: 1,")
    return entry_line(c, "unemployment-rate", "target")


def on_the_rank(old: str, new: str, key: str):
    """A breaker of the rank metric's entry in content/metrics.yml; the error is at `key`'s line."""

    def breaker(c: Path) -> int:
        with_kinds(c.parent)
        edit(c / "metrics.yml", old, new)
        return entry_line(c, "happiest-city", key)

    return breaker


MODEL_CASES = {
    "keep-without-deadline": (
        keep_without_deadline,
        "annual-margin-to-depreciation.target.deadline: a target to keep (direction 'stay-above') needs a "
        "deadline: the last day it must hold [value-error] – write the deadline, e.g. the strategy period's last "
        "day; a target without a deadline is one to reach (direction 'increase' or 'decrease')",
    ),
    "keep-without-target": (
        keep_without_target,
        "stakeholder-rating.direction: direction 'stay-above' needs a target: the level to keep [value-error] – "
        "give the target, or follow the figure without a target value with direction 'increase' or 'decrease'",
    ),
    "rank-target-of-persons": (
        rank_target_of_persons,
        "population.unit: a 'rank' target needs unit 'rank' (the figures are places in the comparison), not "
        "'persons' [value-error] – write unit: rank, or give the target as 'value' or 'relative_change'",
    ),
    "value-and-rank": (
        value_and_rank,
        "unemployment-rate.target: give one of 'value', 'relative_change' or 'rank', not more and not none "
        "[value-error] – correct the value",
    ),
    "rank-with-a-value": (
        on_the_rank(
            "target: {rank: 1, stated: firm}", "target: {comparison: at-most, value: 1, stated: firm}", "target"
        ),
        "happiest-city.target: a metric with unit 'rank' has its target as a place, not as a value or a change "
        "[value-error] – write 'rank: N' (1 is the best) instead of 'value' or 'relative_change'",
    ),
    "rank-with-a-comparison": (
        on_the_rank("target: {rank: 1, stated: firm}", "target: {rank: 1, comparison: below, stated: firm}", "target"),
        "happiest-city.target.comparison: a rank target is met at its place or better (1 is the best), not "
        "'below' it [value-error] – leave out 'comparison'",
    ),
    "rank-increasing": (
        on_the_rank("direction: decrease\n  target: {rank: 1", "direction: increase\n  target: {rank: 1", "direction"),
        "happiest-city.direction: a lower rank is better, so a rank cannot have direction 'increase' "
        "[value-error] – use 'decrease' (reach the place by the deadline), 'stay-below' (keep it) or 'none' (a "
        "reference figure)",
    ),
    "rank-with-decimals": (
        on_the_rank("unit: rank\n  decimals: 0", "unit: rank\n  decimals: 1", "decimals"),
        "happiest-city.decimals: a rank is a whole place, without decimals [value-error] – write decimals: 0",
    ),
}


@pytest.mark.parametrize("case", sorted(MODEL_CASES))
def test_an_impossible_target_is_refused_at_its_line(project, case):
    breaker, expected = MODEL_CASES[case]
    line = breaker(project / "content")
    result = CliRunner().invoke(cli.main, ["check", "--root", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    # the metric's own error comes first (a row of a metric refused may be reported after it)
    assert result.output.splitlines()[0] == f"Error: content/metrics.yml:{line}: {expected}"


def test_a_rank_names_its_comparison_in_every_language(project):
    with_kinds(project)
    path = project / "content" / "sv" / "metrics.yml"
    edit(path, "  ranking: Jämförelsen Finlands lyckligaste stad\n", "")
    assert_refused_with(
        project,
        [
            f"content/sv/metrics.yml:{line_of(path, 'happiest-city:')}: happiest-city: the metric is a rank "
            "(metrics.yml unit: rank) but has no 'ranking' text [missing-translation] – add 'ranking:' with the name "
            "of the comparison or survey whose place it is, as readers know it in this language"
        ],
    )


def test_only_a_rank_names_a_comparison(project):
    path = project / "content" / "fi" / "metrics.yml"
    edit(path, "  slug: vakiluku\n", "  slug: vakiluku\n  ranking: Suomen suurimmat kaupungit\n")
    assert_refused_with(
        project,
        [
            f"content/fi/metrics.yml:{line_of(path, '  ranking:')}: population.ranking: only a rank names a "
            "comparison, and this metric's unit is 'persons' [ranking-without-rank] – remove 'ranking:', or give "
            "the metric unit: rank in content/metrics.yml"
        ],
    )


@pytest.mark.parametrize("value", ["2.5", "0", "-1"])
def test_a_rank_figure_is_a_place(project, value):
    with_kinds(project)
    path = project / "content" / "snapshots" / "2020-04-30.csv"
    edit(path, "happiest-city,2019,2,", f"happiest-city,2019,{value},")
    result = CliRunner().invoke(cli.main, ["check", "--root", str(project)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: content/snapshots/2020-04-30.csv:{line_of(path, 'happiest-city,2019')}: metric 'happiest-city' "
        f"is a rank, and {value} is not a place [not-a-rank] – write the place as a whole number from 1 (the "
        "best), e.g. 3"
    )


def test_the_three_kinds_are_valid_content(project):
    with_kinds(project)
    result = CliRunner().invoke(cli.main, ["check", "--root", str(project)])
    assert (result.exit_code, result.output) == (0, "Content OK: 2 languages, 12 metrics, 3 monitoring rounds.\n")


# ================================================================ 3. what a reader sees, in both languages


def ui_file(root: Path, lang: str) -> dict:
    """One language's interface words as a project has them: the generator's (generator/defaults/<lang>/ui.yml,
    with its draft words while the strategy's text is a draft) and what content/<lang>/ui.yml changes."""
    words = yaml.safe_load((ROOT / "generator" / "defaults" / lang / "ui.yml").read_text(encoding="utf-8"))
    own = yaml.safe_load((root / "content" / lang / "ui.yml").read_text(encoding="utf-8"))
    strategy = yaml.safe_load((root / "content" / "strategy.yml").read_text(encoding="utf-8"))
    if strategy.get("text_status", "draft") == "draft":
        words["strings"] |= words.get("draft_strings") or {}
    return {key: words.get(key, {}) | own.get(key, {}) for key in ("strings", "plurals", "slugs")}


def ui(root: Path, lang: str) -> dict[str, str]:
    return ui_file(root, lang)["strings"]


def metric_words(root: Path, lang: str) -> dict:
    return yaml.safe_load((root / "content" / lang / "metrics.yml").read_text(encoding="utf-8"))


def page_path(root: Path, lang: str, metric_id: str) -> str:
    return f"{ui_file(root, lang)['slugs']['metrics']}/{metric_words(root, lang)[metric_id]['slug']}"


def facts_of(page) -> dict[str, str]:
    """A metric page's facts (its <dl>), as a reader reads them: each term with its text."""
    dl = page.select_one("dl.metric-facts")
    return {norm(dt_.get_text()): norm(dt_.find_next_sibling("dd").get_text()) for dt_ in dl.select("dt")}


def percent(lang: str, value: float, decimals: int) -> str:
    """A percentage as CLDR writes it in the language, with `decimals` decimals."""
    pattern = LOCALES[lang].percent_formats[None].pattern.replace("0", "0." + "0" * decimals, 1)
    return format_percent(value / 100, format=pattern if decimals else None, locale=LOCALES[lang])


def date(lang: str, day: dt.date) -> str:
    return format_date(day, format="long", locale=LOCALES[lang])


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory) -> Path:
    """Kokkola with the three kinds, built with the command a city runs."""
    root = with_kinds(copy_project(tmp_path_factory.mktemp("kinds") / "project"))
    result = CliRunner().invoke(cli.main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_without_a_deadline_says_it_has_none(kinds_site, lang):
    t = ui(kinds_site, lang)
    page = article(kinds_site / "site", lang, page_path(kinds_site, lang, "unemployment-rate"))
    facts = facts_of(page)
    assert facts[t["target"]] == norm(f"{t['target_below']} {percent(lang, 8, 0)}, {t['no_deadline']}")
    assert facts[t["status"]] == f"{t['status_meets_target']} (2018)"
    assert t["by_deadline"] not in facts[t["target"]]


@pytest.mark.parametrize("lang", LANGS)
def test_a_followed_figure_shows_its_trend_and_no_judgement(kinds_site, lang):
    t = ui(kinds_site, lang)
    page = article(kinds_site / "site", lang, page_path(kinds_site, lang, "population"))
    facts = facts_of(page)
    assert facts[t["target"]] == t["followed_increase"]
    # from the first figure of the period (47 657 on 31.12.2018) to the latest (47 681 on 31.12.2019)
    change = t["change_since"].format(
        start=date(lang, dt.date(2018, 12, 31)),
        end=date(lang, dt.date(2019, 12, 31)),
        change="+24",
        percent="+" + percent(lang, 24 / 47657 * 100, 2),
    )
    assert facts[t["status"]] == norm(f"{t['status_followed']}. {change}")
    assert page.select_one("span.status").get("class") == ["status", "status--followed"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_rank_is_a_place_in_its_named_comparison(kinds_site, lang):
    t = ui(kinds_site, lang)
    words = metric_words(kinds_site, lang)
    page = article(kinds_site / "site", lang, page_path(kinds_site, lang, "happiest-city"))
    facts = facts_of(page)
    place = {n: t["rank_value"].format(rank=n) for n in ("1", "2", "4")}
    assert list(facts)[:2] == [t["ranking"], t["latest_value"]]  # the comparison is named first
    assert facts[t["ranking"]] == words["happiest-city"]["ranking"]
    assert facts[t["latest_value"]] == f"{place['2']} (2019)"
    assert facts[t["target"]] == f"{place['1']}, {t['no_deadline']}"
    assert facts[t["baseline"]] == f"{place['4']} (2017)"
    assert facts[t["status"]] == t["status_not_yet"]
    assert [norm(td.get_text()) for td in page.select("table td[data-value]")] == [place["4"], place["2"]]
    assert page.select_one("svg desc").get_text().endswith(f"{t['target']}: {place['1']}.")


@pytest.mark.parametrize("lang", LANGS)
def test_the_legend_explains_the_statuses_the_metrics_can_have(kinds_site, built_site, lang):
    """Every status some metric can have, each explained once; meets-target also for a target without a
    deadline. Kokkola's legend, which has neither kind, is as it was."""
    t = ui(kinds_site, lang)
    names = [
        "achieved",
        "meets_target",
        "not_yet",
        "on_track",
        "off_track",
        "missed",
        "no_baseline",
        "no_data",
        "overdue",
        "followed",
        "reference",
    ]

    def legend(root: Path) -> list[str]:
        page = article(root / "site", lang, ui_file(root, lang)["slugs"]["metrics"])
        heading = next(h for h in page.select("h2") if norm(h.get_text()) == t["status_legend"])
        return [norm(li.get_text()) for li in heading.find_next_sibling("ul").select("li")]

    explained = {n: t[f"status_{n}_explained"] for n in names} | {
        "meets_target": t["status_meets_target_open_explained"]
    }
    assert legend(kinds_site) == [norm(f"{t[f'status_{n}']}: {explained[n]}") for n in names]
    kokkola = [n for n in names if n not in ("not_yet", "followed")]
    assert legend(built_site) == [norm(f"{t[f'status_{n}']}: {t[f'status_{n}_explained']}") for n in kokkola]


@pytest.mark.parametrize("lang", LANGS)
def test_the_progress_counts_not_yet_and_names_the_followed_apart(kinds_site, lang):
    t = ui(kinds_site, lang)
    plurals = ui_file(kinds_site, lang)["plurals"]
    home = soup(kinds_site / "site" / lang / "index.html")
    whole = home.select("div.progress")[-1]  # the whole strategy's, after the themes'
    counts = [norm(li.get_text()) for li in whole.select("ul.progress-counts li")]
    assert f"{t['status_not_yet']} 1" in counts and f"{t['status_meets_target']} 1" in counts
    followed = t["progress_followed"].format(count=plurals["followed_metrics"]["one"].format(n=1))
    assert [norm(p.get_text()) for p in whole.select("p.progress-note")][-1] == f"{followed}."


@pytest.mark.parametrize("lang", LANGS)
def test_a_rank_round_says_the_previous_place(kinds_site, lang):
    t = ui(kinds_site, lang)
    slugs = ui_file(kinds_site, lang)["slugs"]
    page = article(kinds_site / "site", lang, f"{slugs['snapshots']}/2020-04-30")
    name = metric_words(kinds_site, lang)
    rows = [
        [norm(c.get_text()) for c in tr.find_all(["td", "th"])]
        for tr in page.select("table tr")
        if name["happiest-city"]["name"] in tr.get_text()
    ]
    place = {n: t["rank_value"].format(rank=n) for n in ("2", "4")}
    assert [r[1:4] for r in rows] == [
        ["2017", place["4"], t["change_new"]],
        ["2019", place["2"], t["change_previous_rank"].format(previous=place["4"], period="2017")],
    ]


def test_the_open_data_carries_each_kind(kinds_site):
    import frictionless

    data = kinds_site / "site" / "data"
    report = frictionless.validate(data / "datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    with (data / "metrics.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    columns = ("unit", "direction", "target_value", "target_deadline", "target_comparison", "status", "judgement")
    tf, ts = ui(kinds_site, "fi"), ui(kinds_site, "sv")
    assert {
        i: [rows[i][c] for c in columns] + [rows[i]["status_name_fi"], rows[i]["status_name_sv"]]
        for i in ("unemployment-rate", "population", "happiest-city")
    } == {
        "unemployment-rate": [
            "percent",
            "decrease",
            "8",
            "",
            "below",
            "meets-target",
            "meets-target",
            f"{tf['status_meets_target']} (2018)",
            f"{ts['status_meets_target']} (2018)",
        ],
        "population": [
            "persons",
            "increase",
            "",
            "",
            "",
            "followed",
            "followed",
            tf["status_followed"],
            ts["status_followed"],
        ],
        "happiest-city": [
            "rank",
            "decrease",
            "1",
            "",
            "at-most",
            "not-yet",
            "not-yet",
            tf["status_not_yet"],
            ts["status_not_yet"],
        ],
    }
    doc = json.loads((data / "metrics" / "happiest-city.json").read_text(encoding="utf-8"))
    assert doc["target"] == {
        "comparison": "at-most",
        "stated": "firm",
        "value": None,
        "relative_change": None,
        "rank": 1,
        "deadline": None,
        "resolved_value": 1.0,
    }
    words = {lang: metric_words(kinds_site, lang) for lang in LANGS}
    assert doc["ranking"] == {lang: words[lang]["happiest-city"]["ranking"] for lang in LANGS}
    assert json.loads((data / "metrics" / "population.json").read_text(encoding="utf-8"))["target"] is None
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"] == [s.value for s in Status]
    assert "not-yet (a target without a deadline is not met yet)" in fields["status"]["description"]
    assert "followed (no target: the trend is shown, not judged)" in fields["status"]["description"]


def docs_of(root: Path) -> dict[str, str]:
    """The Markdown of every page, generated as `strategy-site check` does."""
    return {k: v.decode("utf-8") for k, v in pipeline.generate_docs(pipeline.check(pipeline.Project(root))).items()}


def metric_facts_md(docs: dict[str, str], root: Path, lang: str, metric_id: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    return facts_of(BeautifulSoup(docs[f"{lang}/{page_path(root, lang, metric_id)}.md"], "html.parser"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_rank_target_with_a_deadline_and_a_place_or_better(project, lang):
    with_kinds(project)
    edit(
        project / "content" / "metrics.yml",
        "target: {rank: 1, stated: firm}",
        "target: {rank: 3, stated: firm, deadline: 2021-12-31}",
    )
    t = ui(project, lang)
    facts = metric_facts_md(docs_of(project), project, lang, "happiest-city")
    third = t["target_rank"].format(rank=t["rank_value"].format(rank="3"))
    assert facts[t["target"]] == f"{third}, {t['by_deadline']} {date(lang, DEADLINE)}"
    assert facts[t["status"]] == f"{t['status_meets_target']} (2019)"  # place 2 is third or better, before 2021


@pytest.mark.parametrize("lang", LANGS)
def test_a_rank_followed_without_a_target_shows_its_places(project, lang):
    with_kinds(project)
    edit(project / "content" / "metrics.yml", "  target: {rank: 1, stated: firm}\n", "")
    t = ui(project, lang)
    facts = metric_facts_md(docs_of(project), project, lang, "happiest-city")
    place = {n: t["rank_value"].format(rank=n) for n in ("2", "4")}
    assert facts[t["target"]] == t["followed_rank"]
    change = t["change_since_rank"].format(start="2017", end="2019", first=place["4"], latest=place["2"])
    assert facts[t["status"]] == f"{t['status_followed']}. {change}"


def test_the_editor_edits_a_ranks_comparison_name(tmp_path):
    """The comparison's name is one more field of the metric's words, labelled in the staff member's language,
    and a changed name is saved and shown."""
    from generator import editing
    from generator.editor.app import create_app
    from tests.support.editor import TODAY, token
    from tests.support.project import copy_for_editor

    proj = pipeline.Project(with_kinds(copy_for_editor(tmp_path / "project")))
    client = create_app(proj, today=lambda: TODAY).test_client()
    page = client.get("/words/metrics.yml/happiest-city")
    assert page.status_code == 200
    form = soup_of(page.get_data(as_text=True))
    legends = [norm(lg.get_text()) for lg in form.select("fieldset legend")]
    assert "Vertailun nimi" in legends
    assert form.select_one('input[name="sv-ranking"]')["value"] == "Jämförelsen Finlands lyckligaste stad"
    it = editing.item(proj, "metrics.yml", "happiest-city")
    data = {"version": editing.item_version(proj, it), "sv-ranking": "Jämförelsen Finlands lyckligaste städer"}
    saved = client.post("/words/metrics.yml/happiest-city", data=data | {"csrf_token": token(client)})
    assert saved.status_code == 200
    assert editing.values(proj, "sv", it)["ranking"] == "Jämförelsen Finlands lyckligaste städer"
    assert pipeline.check(proj)


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")
