"""Snapshot files and their rows: content/snapshots/<date>.csv, one per monitoring round.

`check_rows` is the one check of a round's rows: the build reads the snapshot files through it, and
`strategy-site import-round` (and the editor's round screen) checks a spreadsheet's rows with it before
anything is written. `parse_number` is the one rule for a figure's text, shared with the spreadsheet reader.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import models as m
from ..contents import LANGUAGE_NAMES, Period, Row, Snapshot, snapshot_columns
from ..errors import ErrorList
from ..readers import read_csv
from .places import suggest
from .source import Source

SEPARATORS = "\u00a0\u202f\u2009 "  # no-break, narrow no-break, thin and plain space: Finnish thousands separators
MINUS = "\u2212"  # the minus sign, as a word processor or a Finnish number format writes it
_NUMBER = re.compile(r"[-" + MINUS + r"]?[\d" + SEPARATORS + r"]*\.?\d+")
_PLAIN = str.maketrans({MINUS: "-"} | {c: None for c in SEPARATORS})


def plain_number(text: str) -> str | None:
    """A figure's text as Python reads a number ('−1 234.5' → '-1234.5'), or None when it is none: digits with a
    decimal point, a minus (or minus sign) in front, spaces of any width between the digits; no units, no
    exponent, no decimal comma (a snapshot file has decimal points; the spreadsheet reader turns a Finnish
    file's commas into points first)."""
    return text.translate(_PLAIN) if _NUMBER.fullmatch(text) else None


def parse_number(text: str) -> float | None:
    """A figure's value by the rule of `plain_number`, or None."""
    plain = plain_number(text)
    try:
        return None if plain is None else float(plain)
    except ValueError:
        return None


def load_snapshots(
    src: Source,
    metrics: list[m.MetricFacts],
    sources: list[m.SourceFacts],
    all_source_ids: list[str],
    languages: list[str],
) -> list[Snapshot]:
    """Every round in content/snapshots/, oldest first, each named by its date and with the snapshot's columns."""
    folder = src.path("snapshots")
    snapshots = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        if path.suffix != ".csv" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem):
            src.errors.add(
                path,
                None,
                "snapshot-name",
                "a snapshot file must be named YYYY-MM-DD.csv",
                "rename it to the date of the monitoring round, e.g. 2020-04-30.csv",
            )
            continue
        try:
            date = dt.date.fromisoformat(path.stem)
        except ValueError:
            src.errors.add(
                path,
                None,
                "snapshot-name",
                f"'{path.stem}' is not a date",
                "rename it to the real date of the monitoring round, YYYY-MM-DD.csv",
            )
            continue
        read = ErrorList(src.errors.root)  # kept aside: a spreadsheet's CSV gets one error, not one per line
        table = read_csv(path, read, number_column="value")
        missing = [c for c in snapshot_columns(languages) if c not in table.header] if table else []
        if (read or table is None or missing) and not any(e.code == "symlink" for e in read.errors):
            saved_as = spreadsheet_csv(path)
            if saved_as:
                src.errors.add(
                    path,
                    1,
                    "snapshot-spreadsheet-csv",
                    f"this is a CSV file as a spreadsheet saves it ({saved_as}), copied into content/snapshots/; "
                    "a snapshot file is written by the importer (comma-separated UTF-8, decimal points)",
                    f"move it out of content/snapshots/, then import it: strategy-site import-round FILE --date "
                    f"{date.isoformat()} (FILE: where you moved it; the importer reads Excel's CSV and workbooks, "
                    f"checks every figure and writes content/snapshots/{date.isoformat()}.csv)",
                )
                continue
        for e in read.errors:
            src.errors.add(e.file, e.line, e.code, e.message, e.hint, column=e.column)
        src.errors.dropped += read.dropped
        if table is None:
            continue
        if missing:
            src.errors.add(
                path,
                1,
                "csv-header",
                f"missing column(s): {', '.join(missing)}",
                f"the first line must be: {','.join(snapshot_columns(languages))}",
            )
            continue
        file = src.errors.rel(path)
        rows = check_rows(src.errors, file, table.rows, date, metrics, sources, all_source_ids, languages)
        snapshots.append(Snapshot(date, file, tuple(rows)))
    return snapshots


_SAVED_SEPARATORS = {";": "semicolon-separated", "\t": "tab-separated"}
_DECIMAL_COMMA = re.compile(
    r"(?:^|[;\t])\s*[-" + MINUS + r"]?\d[\d" + SEPARATORS + r"]*,\d+\s*(?=[;\t]|$)", re.MULTILINE
)


def spreadsheet_csv(path: Path) -> str | None:
    """How a spreadsheet saved the file, when it is a round saved from one (Finnish Excel's "CSV": semicolons,
    decimal commas, Windows-1252 or UTF-8 with a byte-order mark) rather than a snapshot file: e.g.
    "semicolon-separated, decimal commas, Windows-1252"; None when it is not one (its header has no 'metric'
    column between semicolons or tabs)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), "UTF-8 with a byte-order mark"
    else:
        try:
            text, encoding = raw.decode("utf-8"), ""
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", errors="replace"), "Windows-1252"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in text.split("\n") if line.strip()), "")
    separator = max((";", "\t", ","), key=first.count)
    if separator == "," or "metric" not in [c.strip().strip('"').lower() for c in first.split(separator)]:
        return None
    said = [_SAVED_SEPARATORS[separator]]
    if _DECIMAL_COMMA.search(text):
        said.append("decimal commas")
    return ", ".join(said + ([encoding] if encoding else []))


def check_rows(
    errors: ErrorList,
    file: str,
    rows: list[tuple[int, dict[str, str]]],
    date: dt.date,
    metrics: list[m.MetricFacts],
    sources: list[m.SourceFacts],
    all_source_ids: list[str],
    languages: list[str],
) -> list[Row]:
    """The rows of one monitoring round, checked (each row, and one figure per metric and period), each
    problem added to `errors` at its line and column; `file` is already relative (thousands of rows). The
    build's snapshot files and `strategy-site import-round` both come through here."""
    metric_ids = {x.id: x.statistic for x in metrics}
    ranks = {x.id for x in metrics if x.unit == "rank"}  # a place: a whole number from 1
    # Every source listed, valid or not (an invalid one has its own error), with its statistic where known.
    source_ids = {i: None for i in all_source_ids} | {x.id: x.statistic for x in sources}
    found = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        row = check_row(errors, file, line, cells, date, metric_ids, source_ids, languages)
        if row is None:
            continue
        if row.metric in ranks and (row.value < 1 or not float(row.value).is_integer()):
            errors.add(
                file,
                line,
                "not-a-rank",
                f"metric '{row.metric}' is a rank, and {cells['value']} is not a place",
                "write the place as a whole number from 1 (the best), e.g. 3",
                column="value",
            )
            continue
        key = (row.metric, row.period.end.isoformat())
        if key in seen:
            errors.add(
                file,
                line,
                "duplicate-period",
                f"metric '{row.metric}' has a second figure for period {row.period.text} (first on line {seen[key]})",
                "keep one row per metric and period",
                column="period",
            )
            continue
        seen[key] = line
        found.append(row)
    return found


Problem = tuple[str, str, str, str]  # (code, message, hint, column) of one cell


def check_row(
    errors: ErrorList,
    file: str,
    line: int,
    cells: dict[str, str],
    date: dt.date,
    metric_ids: dict[str, str],
    source_ids: dict[str, str | None],
    languages: list[str],
) -> Row | None:
    """One CSV row as a Row, or None after adding its errors, each at its column; `metric_ids` and `source_ids`
    map each id to its statistic."""
    problems: list[Problem] = [
        ("empty-cell", f"the '{column}' cell is empty", f"fill in the {column}", column)
        for column in ("metric", "period", "value", "source")
        if not cells[column]
    ]
    metric, source = cells["metric"], cells["source"]
    problems += _id_problems(metric, source, metric_ids, source_ids)
    period, found = _period(cells["period"], date)
    problems += found
    value, found = _value(cells["value"])
    problems += found
    notes = {lang: cells.get(f"note_{lang}", "") for lang in languages}
    problems += _note_problems(notes, languages)
    for code, message, hint, column in problems:
        errors.add(file, line, code, message, hint, column=column)
    if problems or value is None or period is None:
        return None
    return Row(metric, period, value, source, notes, date, file, line)


def _id_problems(
    metric: str, source: str, metric_ids: dict[str, str], source_ids: dict[str, str | None]
) -> list[Problem]:
    """A known metric and a known source, of the metric's own statistic: a series never mixes statistics."""
    problems = []
    if metric and metric not in metric_ids:
        problems.append(("unknown-metric", f"unknown metric '{metric}'", suggest(metric, list(metric_ids)), "metric"))
    if source and source not in source_ids:
        problems.append(
            (
                "unknown-source",
                f"unknown source '{source}'",
                f"add it to content/sources.yml or {suggest(source, list(source_ids))}",
                "source",
            )
        )
    elif source and metric in metric_ids and source_ids[source] not in (None, metric_ids[metric]):
        problems.append(
            (
                "mixed-statistics",
                f"the source '{source}' publishes the statistic '{source_ids[source]}', but metric "
                f"'{metric}' is measured with '{metric_ids[metric]}': a series never mixes statistics",
                f"give a source of '{metric_ids[metric]}', or make a metric of its own for '{source_ids[source]}'",
                "source",
            )
        )
    return problems


def _period(text: str, date: dt.date) -> tuple[Period | None, list[Problem]]:
    """The period a figure is for: a year, month or day, not before 1900 and not after the round's date."""
    period = Period.parse(text) if text else None
    if text and period is None:
        return None, [
            (
                "bad-period",
                f"the period '{text}' is not a date",
                "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31",
                "period",
            )
        ]
    if period and not (dt.date(1900, 1, 1) <= period.end <= date):
        return period, [
            (
                "period-out-of-range",
                f"the period {text} is after the round's date {date.isoformat()}"
                if period.end > date
                else f"the period {text} is before 1900",
                "check the year; a round can only publish figures of past periods",
                "period",
            )
        ]
    return period, []


def _value(text: str) -> tuple[float | None, list[Problem]]:
    """The figure by `parse_number`; a decimal comma has its own message, with the number as it should be."""
    value = parse_number(text) if text else None
    pointed = plain_number(text.replace(",", ".")) if "," in text else None
    if pointed is not None:
        return None, [
            (
                "decimal-comma",
                f"the value '{text}' has a decimal comma",
                f"write it with a decimal point: {pointed}",
                "value",
            )
        ]
    if text and value is None:
        return None, [
            (
                "not-a-number",
                f"the value '{text}' is not a number",
                "write digits with a decimal point, e.g. 7.8, without units",
                "value",
            )
        ]
    return value, []


def _note_problems(notes: dict[str, str], languages: list[str]) -> list[Problem]:
    """A note is in every language or in none."""
    return [
        (
            "missing-translation",
            f"the note has no {LANGUAGE_NAMES.get(other, other)} twin (note_{other} is empty)",
            f"write the note in {LANGUAGE_NAMES.get(other, other)} too, or leave both notes empty",
            f"note_{other}",
        )
        for lang in languages
        for other in languages
        if notes[lang] and not notes[other]
    ]
