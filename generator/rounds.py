"""A monitoring round from a spreadsheet (`strategy-site import-round`, the editor's round screen): the table read
by spreadsheets.py is checked with the build's own snapshot checks (`loading.check_rows`), each error at its cell,
and written as content/snapshots/<date>.csv in the project's format, sorted, the same bytes for the same figures.

Nothing is written while any error remains, and the whole content is then loaded again with the new round in it
(`editing.validate`), so a round the build would refuse is refused here. `round_template` makes the workbook to
fill in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from . import contents, loading
from .errors import ContentError, ContentErrors, ErrorList
from .spreadsheets import Table, read, read_bytes


def metric_ids_by_name(content: contents.Content) -> dict[str, str]:
    """Every way a row may name a metric: its id, its Finnish or Swedish name (case and spacing ignored)."""
    names = {}
    for metric in content.metrics:
        for lang in content.languages:
            names[" ".join(content.words[lang].metrics[metric.id].name.lower().split())] = metric.id
        names[metric.id] = metric.id
    return names


def metric_names(content: contents.Content, lang: str) -> list[tuple[str, str]]:
    """(name in `lang`, id) of every metric, by name: how staff know them."""
    return sorted(
        ((content.words[lang].metrics[m.id].name, m.id) for m in content.metrics), key=lambda n: (n[0].casefold(), n[1])
    )


def metric_hint(content: contents.Content, typed: str) -> str:
    """What to write instead of an unknown metric: the name or id it is close to, else every metric by its names
    in each language and its id (the build's check knows the ids only)."""
    import difflib

    known = {
        " ".join(content.words[lang].metrics[m.id].name.lower().split()): content.words[lang].metrics[m.id].name
        for m in content.metrics
        for lang in content.languages
    } | {m.id: m.id for m in content.metrics}
    ids = metric_ids_by_name(content)
    close = difflib.get_close_matches(" ".join(typed.lower().split()), list(known), n=1)
    if close:
        shown = known[close[0]]
        return f"did you mean '{shown}'?" if shown == ids[close[0]] else f"did you mean '{shown}' ({ids[close[0]]})?"
    first = content.languages[0]
    return "known metrics: " + ", ".join(
        " / ".join(content.words[lang].metrics[mid].name for lang in content.languages) + f" ({mid})"
        for _, mid in metric_names(content, first)
    )


def check(table: Table, content: contents.Content, date: dt.date) -> list[contents.Row]:
    """The rows as the build would read them (`loading.check_rows`, metrics named by id or by name); raises
    ContentErrors, each error at its cell."""
    if table.header_errors:
        raise ContentErrors(table.header_errors)
    names = metric_ids_by_name(content)
    rows = [
        (line, cells | {"metric": names.get(" ".join(cells["metric"].lower().split()), cells["metric"])})
        for line, cells in table.rows
    ]
    found_errors = ErrorList(Path())  # the file is named as read (table.file), never resolved
    found = loading.check_rows(
        found_errors,
        table.file,
        rows,
        date,
        list(content.metrics),
        list(content.sources),
        [s.id for s in content.sources],
        content.languages,
    )
    typed = {line: cells["metric"] for line, cells in table.rows}
    hints: dict[str, str] = {}  # one per metric typed: a thousand rows may name the same wrong one
    for e in found_errors.errors:
        if e.code == "unknown-metric" and typed.get(e.line, "") not in hints:
            hints[typed.get(e.line, "")] = metric_hint(content, typed.get(e.line, ""))

    def at_cell(e: ContentError) -> ContentError:
        """The error with the hint for the metric typed and the place of its cell, as the staff member finds it."""
        cell = table.places.get(e.line, {}).get(e.column)
        return ContentError(
            e.file,
            e.line,
            e.code,
            e.message,
            hints[typed.get(e.line, "")] if e.code == "unknown-metric" else e.hint,
            e.column,
            cell and f"{table.file}, {cell}",
        )

    errors = [at_cell(e) for e in found_errors.errors]
    if errors:
        raise ContentErrors(errors, found_errors.dropped)
    if not found:
        raise ContentErrors(
            [
                ContentError(
                    table.file,
                    None,
                    "empty-round",
                    "the file has no figures",
                    "fill in the value, period and source of at least one metric",
                )
            ]
        )
    return found


def snapshot_text(rows: list[contents.Row], languages: list[str]) -> str:
    """The round as content/snapshots/<date>.csv: sorted by metric and period, numbers as written plainly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(contents.snapshot_columns(languages))
    for row in sorted(rows, key=lambda r: (r.metric, r.period.end, r.period.text)):
        value = str(int(row.value)) if row.value.is_integer() else repr(row.value)
        writer.writerow(
            [row.metric, row.period.text, value, row.source] + [row.notes.get(lang, "") for lang in languages]
        )
    return buf.getvalue()


def import_round(
    project, source: Path | bytes, name: str, date: dt.date, replace: bool = False, dry_run: bool = False
) -> tuple[Table, list[contents.Row], str, str | None]:
    """Read, check and (unless dry_run) write a round: (table, rows, the snapshot text, the path written or None).
    Raises ContentErrors with every error; nothing is written then."""
    from . import editing

    content = loading.load(project.content)
    rel = f"snapshots/{date.isoformat()}.csv"
    if (project.content / rel).exists() and not replace:
        raise ContentErrors(
            [
                ContentError(
                    f"content/{rel}",
                    None,
                    "round-exists",
                    f"the round of {date.isoformat()} exists already",
                    "give --replace to replace it, or another --date",
                )
            ]
        )
    langs = content.languages
    table = read_bytes(source, name, langs) if isinstance(source, bytes) else read(source, name, langs)
    rows = check(table, content, date)
    text = snapshot_text(rows, content.languages)
    _, errors = editing.validate(project, {rel: text})  # the whole content with the new round, as the build loads it
    if errors:
        raise ContentErrors(errors)
    if dry_run:
        return table, rows, text, None
    editing.write(project, {rel: text})
    return table, rows, text, f"content/{rel}"


# ---------------------------------------------------------------- the template


# The template's columns with their widths; "name" and "note" stand for one column per language.
TEMPLATE_WIDTHS = {
    "metric": 28,
    "name": 36,
    "unit": 14,
    "latest_period": 14,
    "latest_value": 14,
    "period": 14,
    "value": 14,
    "source": 34,
    "note": 30,
}
TO_FILL = ("period", "value", "source")  # the columns staff fill in, shaded


def template_columns(languages: list[str]) -> list[tuple[str, int]]:
    """(name, width) of each column of the template, the names and notes once per language."""
    return [
        (f"{column}_{lang}", width) if column in ("name", "note") else (column, width)
        for column, width in TEMPLATE_WIDTHS.items()
        for lang in (languages if column in ("name", "note") else [None])
    ]


def round_template(content: contents.Content, date: dt.date) -> bytes:
    """A workbook to fill in for the round of `date`: a row per metric (its names, unit, id and latest figure) and
    empty columns for the new figure, its period, source and notes; the value column accepts only numbers."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from . import workbooks
    from .metrics import build_series

    series = build_series(content)
    book = workbooks.workbook()
    sheet = book.create_sheet(workbooks.sheet_title(f"Kierros {date.isoformat()}", set()))
    langs = content.languages
    columns = template_columns(langs)
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for metric in content.metrics:
        rows = [r for r in series[metric.id].rows if not r.computed]
        latest = rows[-1] if rows else None
        if metric.formula:
            continue  # computed by the site from two others: never typed in
        workbooks.append_row(
            sheet,
            [metric.id]
            + [content.words[lang].metrics[metric.id].name for lang in langs]
            + [
                metric.unit,
                latest.period.text if latest else "",
                latest.value if latest else None,
                None,
                None,
                latest.source if latest else None,
            ]
            + [None for _ in langs],
        )
    letter = {name: get_column_letter(i) for i, (name, _) in enumerate(columns, 1)}
    last = sheet.max_row
    if last > 1:
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Luku / Tal",
            error="Kirjoita luku. / Skriv ett tal.",
        )
        rule.add(f"{letter['value']}2:{letter['value']}{last}")
        sheet.add_data_validation(rule)
        fill = PatternFill("solid", fgColor="FFF4CE")
        for row in range(2, last + 1):
            for column in TO_FILL:
                sheet[f"{letter[column]}{row}"].fill = fill
    for name, width in columns:
        sheet.column_dimensions[letter[name]].width = width
    sheet.freeze_panes = "B2"
    return workbooks.to_bytes(book, date)


__all__ = ["check", "metric_names", "snapshot_text", "import_round", "round_template"]
