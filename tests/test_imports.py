"""Monitoring rounds from spreadsheets (`strategy-site import-round`, `round-template`) and the open data as an
Excel workbook. Workbooks are made with openpyxl here; the shipped content keeps only real figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import openpyxl
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import cli, loading, opendata, pipeline, spreadsheets
from tests.support.site import tree_hashes
from tests.support.workbooks import HEADER, workbook

ROUND = "2021-04-30"
EXPECTED = (
    "metric,period,value,source,note_fi,note_sv\n"
    "population,2020-12-31,47909,kokkola-in-figures-population,,\n"
    "unemployment-rate,2020,10.4,kokkola-in-figures-employment,Arvio,Uppskattning\n"
)
ROWS = [
    ["Väkiluku", "31.12.2020", "47\u00a0909", "kokkola-in-figures-population", "", ""],
    ["unemployment-rate", "2020", "10,4", "kokkola-in-figures-employment", "Arvio", "Uppskattning"],
]


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def csv_bytes(rows, separator=";", encoding="cp1252", bom=False, crlf=True) -> bytes:
    end = "\r\n" if crlf else "\n"
    text = end.join(separator.join(cells) for cells in [HEADER] + rows) + end
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


@pytest.mark.parametrize(
    "data, described",
    [
        (csv_bytes(ROWS), 'CSV, semicolon-separated, Windows-1252 (Excel\'s "CSV"), decimal comma'),
        (
            csv_bytes(ROWS, encoding="utf-8", bom=True),
            'CSV, semicolon-separated, UTF-8 with a byte-order mark (Excel\'s "CSV UTF-8"), decimal comma',
        ),
        (
            csv_bytes(
                [
                    ["population", "2020-12-31", "47909", "kokkola-in-figures-population", "", ""],
                    ["unemployment-rate", "2020", "10.4", "kokkola-in-figures-employment", "Arvio", "Uppskattning"],
                ],
                separator=",",
                encoding="utf-8",
                crlf=False,
            ),
            "CSV, comma-separated, UTF-8",
        ),
        (
            csv_bytes(
                [
                    ["Folkmängd", "31.12.2020", "47 909", "kokkola-in-figures-population", "", ""],
                    ["Työttömyysaste", "2020", "10,4", "kokkola-in-figures-employment", "Arvio", "Uppskattning"],
                ],
                separator="\t",
                encoding="utf-8",
            ),
            "CSV, tab-separated, UTF-8, decimal comma",
        ),
    ],
)
def test_each_csv_dialect_gives_the_same_round(project, tmp_path, data, described):
    path = tmp_path / "kierros.csv"
    path.write_bytes(data)
    result = run("import-round", path, "--root", project, "--date", ROUND)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Read kierros.csv: {described}; 2 figure(s).\n"
        f"Wrote content/snapshots/{ROUND}.csv. Build the site to publish the round.\n"
    )
    assert (project / "content" / "snapshots" / f"{ROUND}.csv").read_text() == EXPECTED


@pytest.mark.parametrize(
    "text, value",
    [
        ("47909", 47909.0),
        ("47\u00a0909", 47909.0),
        ("47\u202f909", 47909.0),
        ("47\u2009909", 47909.0),
        ("47 909", 47909.0),
        ("-7.8", -7.8),
        ("\u22127.8", -7.8),
        ("\u22121\u202f234.5", -1234.5),
        (".5", 0.5),
        ("7,8", None),
        ("7.8 %", None),
        ("1e5", None),
        ("kymmenen", None),
        ("", None),
    ],
)
def test_one_number_rule_for_the_build_and_the_importer(text, value):
    """`loading.parse_number` is the rule of a snapshot file's value and of a spreadsheet's cell: spaces of any
    width between digits, a minus or a minus sign; a decimal comma only where the spreadsheet has them."""
    assert loading.parse_number(text) == value
    if value is not None:  # the same figure as Finnish Excel saves it: semicolons and a decimal comma
        table = spreadsheets.read_text_table(
            f"metric;period;value;source;note_fi;note_sv\npopulation;2020;{text.replace('.', ',')};x;;\n",
            "r.csv",
            ["fi", "sv"],
        )
        assert loading.parse_number(table.rows[0][1]["value"]) == value


def test_a_snapshot_file_takes_the_same_numbers(project):
    path = project / "content" / "snapshots" / "2021-01-01.csv"
    path.write_text(
        "metric,period,value,source,note_fi,note_sv\npopulation,2020,47\u202f909,kokkola-in-figures-population,,\n",
        encoding="utf-8",
    )
    rows = next(s for s in loading.load(project / "content").snapshots if s.file.endswith("2021-01-01.csv")).rows
    assert [(r.metric, r.value) for r in rows] == [("population", 47909.0)]


def test_an_xlsx_workbook_with_numbers_and_dates(project, tmp_path):
    path = tmp_path / "kierros.xlsx"
    path.write_bytes(
        workbook(
            [
                ["Folkmängd", dt.datetime(2020, 12, 31), 47909, "kokkola-in-figures-population", None, None],
                ["unemployment-rate", 2020, 10.4, "kokkola-in-figures-employment", "Arvio", "Uppskattning"],
            ]
        )
    )
    result = run("import-round", path, "--root", project, "--date", ROUND, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Read kierros.xlsx: Excel workbook, sheet 'Kierros'; 2 figure(s).\n"
        + EXPECTED
        + f"Dry run: nothing written (content/snapshots/{ROUND}.csv).\n"
    )
    assert not (project / "content" / "snapshots" / f"{ROUND}.csv").exists()


BAD = [
    (
        ["Väkiluvut", "2020", "1", "kokkola-in-figures-population", "", ""],
        "B",
        "metric",
        "A",
        "unknown metric 'Väkiluvut' [unknown-metric] – did you mean 'Väkiluku' (population)?",
    ),  # by name (tests/test_limits.py: all)
    (
        ["population", "2020", "kymmenen", "kokkola-in-figures-population", "", ""],
        "B",
        "value",
        "C",
        "the value 'kymmenen' is not a number [not-a-number] – "
        "write digits with a decimal point, e.g. 7.8, without units",
    ),
    (
        ["population", "2030", "1", "kokkola-in-figures-population", "", ""],
        "B",
        "period",
        "B",
        "the period 2030 is after the round's date 2021-04-30 [period-out-of-range] – "
        "check the year; a round can only publish figures of past periods",
    ),
    (
        ["population", "31.13.2020", "1", "kokkola-in-figures-population", "", ""],
        "B",
        "period",
        "B",
        "the period '31.13.2020' is not a date [bad-period] – write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31",
    ),
    (
        ["population", "2020", "1", "no-such-source", "", ""],
        "B",
        "source",
        "D",
        "unknown source 'no-such-source' [unknown-source] – add it to content/sources.yml or known ids: "
        "financial-statements-2017-release, kokkola-general-information-population, kokkola-in-brief-population, "
        "kokkola-in-figures-employment, kokkola-in-figures-population, kokkola-statistics-employment",
    ),
    (
        ["population", "2020", "1", "kokkola-in-figures-employment", "", ""],
        "B",
        "source",
        "D",
        "the source 'kokkola-in-figures-employment' publishes the statistic 'employment', but metric 'population' "
        "is measured with 'population-structure': a series never mixes statistics [mixed-statistics] – "
        "give a source of 'population-structure', or make a metric of its own for 'employment'",
    ),
    (
        ["population", "", "1", "kokkola-in-figures-population", "", ""],
        "B",
        "period",
        "B",
        "the 'period' cell is empty [empty-cell] – fill in the period",
    ),
    (
        ["population", "2020", "1", "kokkola-in-figures-population", "Arvio", ""],
        "B",
        "note_sv",
        "F",
        "the note has no Swedish twin (note_sv is empty) [missing-translation] – "
        "write the note in Swedish too, or leave both notes empty",
    ),
]


@pytest.mark.parametrize(
    "row, _, column, letter, message", BAD, ids=[b[2] + "-" + b[4].split("[")[1].split("]")[0] for b in BAD]
)
def test_every_bad_cell_is_named_in_csv_and_xlsx(project, tmp_path, row, _, column, letter, message):
    before = tree_hashes(project)
    good = ["unemployment-rate", "2020", "10.4", "kokkola-in-figures-employment", "", ""]
    (tmp_path / "r.xlsx").write_bytes(workbook([good, row]))
    (tmp_path / "r.csv").write_bytes(csv_bytes([good, row], separator=",", encoding="utf-8", crlf=False))
    for name, place in (
        ("r.xlsx", f"sheet 'Kierros', row 3, column {column} ({letter}3)"),
        ("r.csv", f"row 3, column {column}"),
    ):
        result = run("import-round", tmp_path / name, "--root", project, "--date", ROUND)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {name}, {place}: {message}\n"
            "1 error(s) found; nothing was written. Fix them and run the command again.\n"
        )
    assert tree_hashes(project) == before


def test_every_error_of_the_file_at_once_and_a_duplicate(project, tmp_path):
    rows = [
        ["population", "2020-12-31", "1", "kokkola-in-figures-population", "", ""],
        ["Väkiluku", "31.12.2020", "2", "kokkola-in-figures-population", "", ""],
        ["population", "2020", "x", "", "", ""],
    ]
    (tmp_path / "r.xlsx").write_bytes(workbook(rows))
    result = run("import-round", tmp_path / "r.xlsx", "--root", project, "--date", ROUND)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: r.xlsx, sheet 'Kierros', row 3, column period (B3): metric 'population' has a second figure "
        "for period 2020-12-31 (first on line 2) [duplicate-period] – keep one row per metric and period",
        "Error: r.xlsx, sheet 'Kierros', row 4, column source (D4): "
        "the 'source' cell is empty [empty-cell] – fill in the source",
        "Error: r.xlsx, sheet 'Kierros', row 4, column value (C4): the value 'x' is not a number "
        "[not-a-number] – write digits with a decimal point, e.g. 7.8, without units",
        "3 error(s) found; nothing was written. Fix them and run the command again.",
    ]


def test_an_existing_round_is_kept_unless_replaced(project, tmp_path):
    (tmp_path / "r.csv").write_bytes(csv_bytes(ROWS))
    existing = project / "content" / "snapshots" / "2020-04-30.csv"
    before = existing.read_bytes()
    result = run("import-round", tmp_path / "r.csv", "--root", project, "--date", "2020-04-30")
    assert result.exit_code == 1 and result.stderr.startswith(
        "Error: content/snapshots/2020-04-30.csv: the round of 2020-04-30 exists already "
        "[round-exists] – give --replace"
    )
    assert existing.read_bytes() == before
    rows = [["population", "2019-12-31", "47681", "kokkola-in-figures-population", "", ""]]
    (tmp_path / "r.csv").write_bytes(csv_bytes(rows))
    assert (
        run("import-round", tmp_path / "r.csv", "--root", project, "--date", "2020-04-30", "--replace").exit_code == 0
    )
    assert (
        existing.read_text()
        == "metric,period,value,source,note_fi,note_sv\npopulation,2019-12-31,47681,kokkola-in-figures-population,,\n"
    )


def test_a_file_that_is_no_spreadsheet(project, tmp_path):
    (tmp_path / "r.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run("import-round", tmp_path / "r.xlsx", "--root", project, "--date", ROUND)
    assert result.exit_code == 1 and result.stderr.startswith(
        "Error: r.xlsx: the workbook cannot be read (BadZipFile) "
        "[xlsx-unreadable] – save it again from Excel as an .xlsx workbook"
    )
    (tmp_path / "r.csv").write_bytes(b"name;age\nx;1\n")
    result = run("import-round", tmp_path / "r.csv", "--root", project, "--date", ROUND)
    assert result.exit_code == 1 and "there is no header row with the column 'metric' [csv-header]" in result.stderr


def test_template_filled_in_imported_built_shown_in_both_languages(project, tmp_path):
    template = tmp_path / "kierros.xlsx"
    result = run("round-template", template, "--root", project, "--date", ROUND)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(template)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == [
        "metric",
        "name_fi",
        "name_sv",
        "unit",
        "latest_period",
        "latest_value",
        "period",
        "value",
        "source",
        "note_fi",
        "note_sv",
    ]
    content = loading.load(project / "content")
    listed = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(listed) == sorted(m.id for m in content.metrics if not m.formula)
    assert listed["population"][1:6] == ("Väkiluku", "Folkmängd", "persons", "2019-12-31", 47681)
    assert [str(r) for v in sheet.data_validations.dataValidation for r in v.sqref.ranges] == [f"H2:H{sheet.max_row}"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "population":
            row[6].value, row[7].value, row[8].value = dt.datetime(2020, 12, 31), 47909, "kokkola-in-figures-population"
    book.save(template)
    result = run("import-round", template, "--root", project, "--date", ROUND)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Read kierros.xlsx: Excel workbook, sheet 'Kierros {ROUND}'; 1 figure(s), ")
    pipeline.build(pipeline.Project(project))
    for lang, path, shown in (("fi", "seurantakierrokset", "47 909"), ("sv", "uppfoljningsomgangar", "47 909")):
        page = BeautifulSoup((project / "site" / lang / path / ROUND / "index.html").read_text(), "html.parser")
        cells = [
            [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in page.select("article table tr")
        ]
        assert any(shown.replace(" ", "\u00a0") in " ".join(row) or shown in " ".join(row) for row in cells), cells


def test_a_template_that_cannot_be_written(project, tmp_path):
    result = run("round-template", tmp_path / "no-such-folder" / "k.xlsx", "--root", project, "--date", ROUND)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {tmp_path / 'no-such-folder' / 'k.xlsx'} (No such file or directory) – give a path "
        "in a folder you can write to.\n"
    )


def test_the_open_data_workbook(project):
    content = loading.load(project / "content")
    first = opendata.files(content)["figures.xlsx"]
    time.sleep(1.1)  # openpyxl stamps a workbook with the clock, to the second
    assert opendata.files(content)["figures.xlsx"] == first  # the same bytes for the same content
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.sheetnames[:3] == ["figures", "metrics", "rounds"] and book.sheetnames[3:] == [
        m.id for m in content.metrics
    ]
    figures = list(book["figures"].iter_rows(values_only=True))
    csv_rows = opendata.files(content)["figures.csv"].decode().splitlines()
    assert len(figures) == len(csv_rows)
    population = list(book["population"].iter_rows(values_only=True))
    assert population[0][:6] == ("metric", "period", "period_end", "value", "statistic", "source")
    assert population[1][:6] == (
        "population",
        "2016-12-31",
        "2016-12-31",
        47723,
        "population-structure",
        "kokkola-in-brief-population",
    )
    package = json.loads(opendata.files(content)["datapackage.json"])
    assert {"name": "figures-xlsx", "path": "figures.xlsx"}.items() <= next(
        r for r in package["resources"] if r["name"] == "figures-xlsx"
    ).items()


def test_metric_pages_link_the_workbook(built_site):
    for lang, path in (("fi", "mittarit/vakiluku"), ("sv", "matare/folkmangd")):
        page = BeautifulSoup((built_site / "site" / lang / path / "index.html").read_text(), "html.parser")
        link = page.find("a", string="figures.xlsx")
        assert link is not None and link["href"] == "/data/figures.xlsx" and link.has_attr("download")
    assert (built_site / "site" / "data" / "figures.xlsx").is_file()
