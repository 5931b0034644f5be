"""One fixture per kind of bad content: the exact message, exit status 1, no traceback, nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.content import assert_refused_with, check, edit, errors_of


def test_shipped_content_is_valid(project):
    code, out = check(project)
    assert (code, out) == (0, "Content OK: 2 languages, 11 metrics, 3 monitoring rounds.\n")


CASES = {
    "malformed-yaml": (
        lambda p: edit(p / "content/fi/strategy.yml", "vision: Kokkola on", "vision: [Kokkola on"),
        [
            "content/fi/strategy.yml:24: malformed YAML: did not find expected ',' or ']' "
            "[yaml-syntax] – check indentation, colons and quotes on this line or the one before"
        ],
    ),
    "duplicate-key": (
        lambda p: edit(p / "content/fi/sources.yml", "  employment:\n", "  employment:\n  employment:\n"),
        ["content/fi/sources.yml:7: the key 'employment' appears twice [duplicate-key] – remove or rename one of them"],
    ),
    "missing-twin-entry": (
        lambda p: edit(p / "content/sv/strategy.yml", "  quality:\n", "  qualityy:\n"),
        [
            "content/sv/strategy.yml:51: goals: no Swedish words for 'quality' "
            "[missing-translation] – add 'quality:' with its Swedish text",
            "content/sv/strategy.yml:52: goals: unknown id 'qualityy' [unknown-id] – "
            "it is not in the language-neutral content; did you mean 'quality'?",
        ],
    ),
    "missing-twin-page": (
        lambda p: (p / "content/sv/pages/about.md").unlink(),
        [
            "content/fi/pages/about.md:1: the page has no Swedish twin [missing-twin] – "
            "create content/sv/pages/about.md with the same page in Swedish"
        ],
    ),
    "unknown-id": (
        lambda p: edit(
            p / "content/metrics.yml", "objectives: [positive-population]", "objectives: [positive-populatio]"
        ),
        [
            "content/metrics.yml:104: population.objectives: unknown id 'positive-populatio' "
            "[unknown-id] – did you mean 'positive-population'?"
        ],
    ),
    "duplicate-slug": (
        lambda p: edit(p / "content/fi/metrics.yml", "slug: vuosikate\n", "slug: vakiluku\n"),
        [
            "content/fi/metrics.yml:69: 'population' has the same URL as 'annual-margin': "
            "fi/mittarit/vakiluku.md [duplicate-slug] – give one of them another slug"
        ],
    ),
    "bad-slug": (
        lambda p: edit(p / "content/fi/strategy.yml", "slug: yhdessa", "slug: yhdessä"),
        [
            "content/fi/strategy.yml:59: goals.together.slug: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$' "
            "[string-pattern-mismatch] – use lowercase letters a–z, digits and hyphens only"
        ],
    ),
    "missing-field": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  frequency: annual\n  publication_lag_months: 6\n",
            "  publication_lag_months: 6\n",
        ),
        ["content/metrics.yml:11: group-debt-per-resident.frequency: required field is missing [missing] – add it"],
    ),
    "unknown-field": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  decimals: 0\n  direction: decrease\n",
            "  decimals: 0\n  directon: decrease\n  direction: decrease\n",
        ),
        [
            "content/metrics.yml:14: group-debt-per-resident.directon: Extra inputs are not permitted "
            "[extra-forbidden] – remove it or correct its spelling"
        ],
    ),
    "not-a-date": (
        lambda p: edit(p / "content/strategy.yml", "draft_date: 2017-09-05", "draft_date: 5.9.2017"),
        [
            "content/strategy.yml:3: draft_date: Input should be a valid date or datetime, input is too short "
            "[date-from-datetime-parsing] – write the date as YYYY-MM-DD"
        ],
    ),
    "not-utf8": (
        lambda p: (p / "content/sv/sources.yml").write_bytes(
            "statistics:\n  employment:\n    name: Sysselsättning\n".encode("utf-16")
        ),
        [
            "content/sv/sources.yml:1: the file is not UTF-8 text (byte 0xff) "
            "[not-utf8] – save the file as UTF-8 in your editor"
        ],
    ),
    "wrong-number-type": (
        lambda p: edit(p / "content/metrics.yml", "stated: example, value: 76,", "stated: example, value: paljon,"),
        [
            "content/metrics.yml:49: employment-rate.target.value: Input should be a valid number, unable "
            "to parse string as a number [float-parsing] – write a number with a decimal point, e.g. 7.8"
        ],
    ),
    "missing-city-string": (
        lambda p: [edit(p / f"content/{lang}/ui.yml", "  publisher:", "  # publisher:") for lang in ("fi", "sv")],
        [
            "content/fi/ui.yml:4: strings.publisher: the city's own words are needed here (the generator has no "
            "default) [missing-field] – add 'publisher: …' under strings, e.g. the city's name as it signs its "
            "publications",
            "content/sv/ui.yml:4: strings.publisher: the city's own words are needed here (the generator has no "
            "default) [missing-field] – add 'publisher: …' under strings, e.g. the city's name as it signs its "
            "publications",
        ],
    ),
    "unknown-locale": (
        lambda p: edit(p / "content/sv/ui.yml", "site_name:", "locale: fi_SE\nsite_name:"),
        [
            "content/sv/ui.yml:3: locale: 'fi_SE' is not a Swedish locale that Babel knows "
            "[bad-locale] – write the language and the country, e.g. sv_FI"
        ],
    ),
    "missing-twin-string": (
        lambda p: edit(p / "content/sv/ui.yml", "  publisher:", "  publisherr:"),
        [
            "content/sv/ui.yml:4: strings: no Swedish words for 'publisher' "
            "[missing-translation] – add 'publisher:' with its Swedish text",
            "content/sv/ui.yml:6: strings: unknown id 'publisherr' [unknown-id] – "
            "it is not in content/fi/ui.yml; did you mean 'publisher'?",
        ],
    ),
    "mixed-statistics-row": (
        lambda p: edit(
            p / "content/snapshots/2019-04-30.csv",
            "47657,kokkola-general-information-population",
            "47657,kokkola-in-figures-employment",
        ),
        [
            "content/snapshots/2019-04-30.csv:2: the source 'kokkola-in-figures-employment' "
            "publishes the statistic 'employment', but metric 'population' is measured with "
            "'population-structure': a series never mixes statistics [mixed-statistics] – "
            "give a source of 'population-structure', or make a metric of its own for 'employment'"
        ],
    ),
    "mixed-statistics-formula": (
        lambda p: edit(
            p / "content/metrics.yml",
            "  publication_lag_months: 12\n  statistic: employment\n  objectives: []",
            "  publication_lag_months: 12\n  statistic: population-structure\n  objectives: []",
        ),
        [
            "content/metrics.yml:69: unemployment-rate.formula.denominator: 'labour-force' comes from the statistic "
            "'population-structure', 'unemployment-rate' from 'employment': a series never mixes statistics "
            "[mixed-statistics] – compute a metric only from metrics of its own statistic",
            "content/snapshots/2018-04-30.csv:5: the source 'kokkola-statistics-employment' "
            "publishes the statistic 'employment', but metric 'labour-force' is measured with "
            "'population-structure': a series never mixes statistics [mixed-statistics] – "
            "give a source of 'population-structure', or make a metric of its own for 'employment'",
            "content/snapshots/2020-04-30.csv:3: the source 'kokkola-in-figures-employment' "
            "publishes the statistic 'employment', but metric 'labour-force' is measured with "
            "'population-structure': a series never mixes statistics [mixed-statistics] – "
            "give a source of 'population-structure', or make a metric of its own for 'employment'",
        ],
    ),
    "source-without-page": (
        lambda p: edit(
            p / "content/sources.yml",
            "url: https://www.kokkola.fi/ajankohtaista/tiedotteet/2018/fi_FI/tilinpaatos2017kh/",
            "url: https://www.kokkola.fi/",
        ),
        [
            "content/sources.yml:42: financial-statements-2017-release.url: "
            "not the address of a page [string-pattern-mismatch] – "
            "write the https address of the page, table or document itself, not a site's home page"
        ],
    ),
    "source-without-url": (
        lambda p: edit(
            p / "content/sources.yml",
            "    url: https://www.kokkola.fi/ajankohtaista/tiedotteet/2018/fi_FI/tilinpaatos2017kh/\n",
            "",
        ),
        ["content/sources.yml:40: financial-statements-2017-release.url: required field is missing [missing] – add it"],
    ),
    "comparison-against-direction": (
        lambda p: edit(
            p / "content/metrics.yml",
            "target: {comparison: below, stated: firm, value: 10,",
            "target: {comparison: above, stated: firm, value: 10,",
        ),
        [
            "content/metrics.yml:68: unemployment-rate.target.comparison: direction 'decrease' and comparison "
            "'above' disagree: increase and stay-above go with above or at-least, decrease "
            "and stay-below with below or at-most [value-error] – correct the value"
        ],
    ),
    "correction-not-in-draft": (
        lambda p: edit(p / "content/corrections.yml", "- draft: organisaatorakenne", "- draft: organisaatiorakene"),
        [
            "content/corrections.yml:4: 'organisaatiorakene' is not "
            "in content/source/strategia-sisaltoluonnos-2017-09-05.txt "
            "[correction-not-in-draft] – copy the draft's text exactly as it is there"
        ],
    ),
    "plural-forms": (
        lambda p: [
            edit(p / f"content/{lang}/ui.yml", "strings:", f"plurals:\n  figures: {forms}\nstrings:")
            for lang, forms in (("fi", '{one: "{n} luku", other: "{n} lukua"}'), ("sv", '{other: "{n} siffror"}'))
        ],
        [
            "content/sv/ui.yml:5: plurals.figures: Swedish needs the forms one, other (CLDR), not other "
            "[plural-forms] – write one line for each of: one, other"
        ],
    ),
    "placeholder-misspelt": (
        lambda p: edit(p / "content/sv/ui.yml", "Karleby stads strategi {date}", "Karleby stads strategi {datum}"),
        [
            "content/sv/ui.yml:8: strings.draft_name: the placeholders are {datum}, the Finnish text has {date} "
            "[bad-placeholder] – use the same placeholders in every language ({date}); the site fills in only these"
        ],
    ),
    "lone-brace": (
        lambda p: edit(p / "content/sv/strategy.yml", "daterat {date}.", "daterat {date."),
        [
            "content/sv/strategy.yml:3: draft_note: a lone '{' or '}' in a text the site fills in [bad-placeholder] – "
            "write the placeholders as in the other language ({date}), and '{{' or '}}' for a brace itself"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_gets_exact_message(project, case):
    breaker, expected = CASES[case]
    breaker(project)
    assert_refused_with(project, expected)


def test_all_errors_of_a_run_are_listed_at_once(project):
    for case in ("malformed-yaml", "missing-twin-page", "unknown-id"):
        CASES[case][0](project)
    assert errors_of(project) == sorted(
        CASES["malformed-yaml"][1] + CASES["missing-twin-page"][1] + CASES["unknown-id"][1]
    )


@pytest.mark.parametrize("case", ["missing-city-string", "malformed-yaml"])
def test_build_reports_the_same_errors_and_writes_nothing(project, case):
    """`build` generates each language in its own worker process; their errors come back the same way."""
    breaker, expected = CASES[case]
    breaker(project)
    result = CliRunner().invoke(main, ["build", "--root", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines() == [f"Error: {e}" for e in expected] + [
        f"{len(expected)} error(s) found; nothing was written. Fix them and run the command again."
    ]
    assert not (project / "docs").exists() and not (project / "site").exists()
    assert not (project / ".site.staging").exists()
