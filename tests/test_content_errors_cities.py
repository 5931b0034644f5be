"""Bad content another city's staff met first (issue 25, point 7): one fixture per mistake, its exact message
at the place of the mistake, exit status 1, no traceback, one error for one mistake."""

from __future__ import annotations

import pytest

from tests.support.content import assert_refused_with, check, edit

CASES = {
    "period-ends-before-it-starts": (
        lambda p: edit(p / "content/strategy.yml", "period_end: 2021", "period_end: 2017"),
        [
            "content/strategy.yml:7: period_end: the strategy period ends (2017) before it starts (2018) "
            "[value-error] – write the period's first year in period_start and its last year in period_end"
        ],
    ),
    "deadline-before-the-period": (
        lambda p: edit(
            p / "content/metrics.yml",
            "value: 76, deadline: 2021-12-31",
            "value: 76, deadline: 2012-12-31",
        ),
        [
            "content/metrics.yml:49: employment-rate.target.deadline: 2012-12-31 is before the strategy period "
            "starts (2018–2021, content/strategy.yml) [deadline-outside-period] – write the deadline the strategy "
            "gives, a day from 2018-01-01 to 2021-12-31"
        ],
    ),
    "deadline-after-the-period": (
        lambda p: edit(
            p / "content/metrics.yml",
            "value: 10, deadline: 2021-12-31",
            "value: 10, deadline: 2022-01-01",
        ),
        [
            "content/metrics.yml:68: unemployment-rate.target.deadline: 2022-01-01 is after the strategy period "
            "ends (2018–2021, content/strategy.yml) [deadline-outside-period] – write the deadline the strategy "
            "gives, a day from 2018-01-01 to 2021-12-31"
        ],
    ),
    "misspelt-goal": (
        lambda p: edit(p / "content/strategy.yml", "goals: [quality, digital", "goals: [qualty, digital"),
        [
            "content/strategy.yml:12: themes.service-machine.goals: 'qualty' has no words in content/fi/strategy.yml "
            "or content/sv/strategy.yml; did you mean 'quality' (which they have)? [misspelt-id] – correct it here "
            "to 'quality'; if 'qualty' is a new id, give it its words in every language"
        ],
    ),
    "misspelt-theme": (
        lambda p: edit(p / "content/strategy.yml", "  - id: vitality\n", "  - id: vitallity\n"),
        [
            "content/strategy.yml:15: themes: 'vitallity' has no words in content/fi/strategy.yml "
            "or content/sv/strategy.yml; did you mean 'vitality' (which they have)? [misspelt-id] – correct it here "
            "to 'vitality'; if 'vitallity' is a new id, give it its words in every language"
        ],
    ),
    "misspelt-value": (
        lambda p: edit(p / "content/strategy.yml", "values: [courage,", "values: [curage,"),
        [
            "content/strategy.yml:9: values: 'curage' has no words in content/fi/strategy.yml "
            "or content/sv/strategy.yml; did you mean 'courage' (which they have)? [misspelt-id] – correct it here "
            "to 'courage'; if 'curage' is a new id, give it its words in every language"
        ],
    ),
    "misspelt-strategy-metric": (
        # also an id of content/metrics.yml: the one error says it, not a second 'unknown metric'
        lambda p: edit(
            p / "content/strategy.yml", "metrics: [group-debt-per-resident,", "metrics: [group-dept-per-resident,"
        ),
        [
            "content/strategy.yml:33: metrics: 'group-dept-per-resident' has no words in content/fi/strategy.yml "
            "or content/sv/strategy.yml; did you mean 'group-debt-per-resident' (which they have)? [misspelt-id] – "
            "correct it here to 'group-debt-per-resident'; if 'group-dept-per-resident' is a new id, give it its "
            "words in every language"
        ],
    ),
    "misspelt-metric": (
        # the rounds and the update that name 'population' are right, and say nothing
        lambda p: edit(p / "content/metrics.yml", "- id: population\n", "- id: populaton\n"),
        [
            "content/metrics.yml:96: id: 'populaton' has no words in content/fi/metrics.yml or "
            "content/sv/metrics.yml; did you mean 'population' (which they have)? [misspelt-id] – correct it here "
            "to 'population'; if 'populaton' is a new id, give it its words in every language"
        ],
    ),
    "misspelt-statistic": (
        # the sources and metrics that name 'employment' are right, and say nothing
        lambda p: edit(p / "content/sources.yml", "  - id: employment\n", "  - id: employmen\n"),
        [
            "content/sources.yml:11: id: 'employmen' has no words in content/fi/sources.yml or "
            "content/sv/sources.yml; did you mean 'employment' (which they have)? [misspelt-id] – correct it here "
            "to 'employment'; if 'employmen' is a new id, give it its words in every language"
        ],
    ),
    "misspelt-glossary-term": (
        lambda p: edit(p / "content/glossary.yml", "- vision\n", "- visoin\n"),
        [
            "content/glossary.yml:3: 'visoin' has no words in content/fi/glossary.yml or "
            "content/sv/glossary.yml; did you mean 'vision' (which they have)? [misspelt-id] – correct it here "
            "to 'vision'; if 'visoin' is a new id, give it its words in every language"
        ],
    ),
    "reviewed-before-prepared": (
        # a model validator's error, at the field it is about (once: line 1 and "(file)")
        lambda p: edit(p / "content/accessibility.yml", "reviewed: 2026-11-27", "reviewed: 2025-11-27"),
        [
            "content/accessibility.yml:6: reviewed: 2025-11-27 is before 'prepared' (2026-11-27): a statement is "
            "reviewed after it is made [value-error] – write the day of the last review, on or after 'prepared'"
        ],
    ),
    "reference-figure-with-target": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  direction: decrease\n  target: {comparison: below, stated: firm, value: 10,",
            "  direction: none\n  target: {comparison: below, stated: firm, value: 10,",
        ),
        [
            "content/metrics.yml:68: unemployment-rate.target: a metric with direction 'none' is a reference figure "
            "and has no target [value-error] – correct the value"
        ],
    ),
    "misspelt-unit": (
        # one error at the field: the metric stays known, so nothing that names it is 'unknown' (no cascade)
        lambda p: edit(
            p / "content/metrics.yml",
            "  unit: percent\n  decimals: 1\n  direction: decrease\n  target: {comparison: below",
            "  unit: procent\n  decimals: 1\n  direction: decrease\n  target: {comparison: below",
        ),
        [
            "content/metrics.yml:65: unemployment-rate.unit: Input should be 'percent', 'eur', 'meur', "
            "'eur-per-resident', 'persons', 'score' or 'rank' [literal-error] – use one of the allowed values"
        ],
    ),
    "misspelt-listed-theme": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  statistic: employment\n",
            "  statistic: employment\n  themes: [vitalty]\n",
        ),
        [
            "content/metrics.yml:53: employment-rate.themes: unknown id 'vitalty' [unknown-id] – did you mean "
            "'vitality'?"
        ],
    ),
    "rank-with-decimals": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  unit: percent\n  decimals: 1\n  direction: decrease\n  target: {comparison: below",
            "  unit: rank\n  decimals: 1\n  direction: decrease\n  target: {comparison: below",
        ),
        [
            "content/metrics.yml:66: unemployment-rate.decimals: a rank is a whole place, without decimals "
            "[value-error] – write decimals: 0"
        ],
    ),
    # a round saved from Finnish Excel and copied into content/snapshots/ instead of imported: one error, at the
    # header, naming the command (none for its semicolons, its decimal comma or its encoding)
    "excel-csv-copied-into-snapshots": (
        lambda p: (p / "content/snapshots/2021-04-30.csv").write_bytes(
            "metric;period;value;source;note_fi;note_sv\r\n"
            "population;31.12.2020;47 909;kokkola-in-figures-population;;\r\n"
            "unemployment-rate;2020;10,4;kokkola-in-figures-employment;Arvio, väestö;Uppskattning\r\n".encode("cp1252")
        ),
        [
            "content/snapshots/2021-04-30.csv:1: this is a CSV file as a spreadsheet saves it (semicolon-separated, "
            "decimal commas, Windows-1252), copied into content/snapshots/; a snapshot file is written by the "
            "importer (comma-separated UTF-8, decimal points) [snapshot-spreadsheet-csv] – move it out of "
            "content/snapshots/, then import it: strategy-site import-round FILE --date 2021-04-30 (FILE: where you "
            "moved it; the importer reads Excel's CSV and workbooks, checks every figure and writes "
            "content/snapshots/2021-04-30.csv)"
        ],
    ),
    "excel-utf8-csv-copied-into-snapshots": (
        lambda p: (p / "content/snapshots/2021-04-30.csv").write_bytes(
            b"\xef\xbb\xbfmetric;period;value;source;note_fi;note_sv\r\n"
            b"population;2020-12-31;47909;kokkola-in-figures-population;;\r\n"
        ),
        [
            "content/snapshots/2021-04-30.csv:1: this is a CSV file as a spreadsheet saves it (semicolon-separated, "
            "UTF-8 with a byte-order mark), copied into content/snapshots/; a snapshot file is written by the "
            "importer (comma-separated UTF-8, decimal points) [snapshot-spreadsheet-csv] – move it out of "
            "content/snapshots/, then import it: strategy-site import-round FILE --date 2021-04-30 (FILE: where you "
            "moved it; the importer reads Excel's CSV and workbooks, checks every figure and writes "
            "content/snapshots/2021-04-30.csv)"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_gets_exact_message(project, case):
    breaker, expected = CASES[case]
    breaker(project)
    assert_refused_with(project, expected)


def test_a_deadline_on_the_periods_first_and_last_day_is_fine(project):
    edit(project / "content/metrics.yml", "value: 76, deadline: 2021-12-31", "value: 76, deadline: 2018-01-01")
    assert check(project)[0] == 0
