"""A monitoring round from a spreadsheet: read an .xlsx workbook or a CSV file (the project's own format, or
as Finnish Excel saves it: semicolons, decimal commas, spaces between thousands, Windows-1252 or UTF-8 with a
byte-order mark), check every row with the build's own snapshot checks (`contents.Loader.snapshot_rows`),
and write content/snapshots/<date>.csv in the project's format, sorted, the same bytes for the same figures.

Each error names the file, the sheet, the row and the column, and for a workbook the cell's address (C5), as
the staff member sees it in Excel. Nothing is written while any error remains, and the whole content is then
loaded again with the new round in it (`editing.validate`), so a round the build would refuse is refused here.

Limits. A round has one row per metric and period: the template one per metric (eleven here), a first round
that brings a metric's history a few dozen more. MAX_ROWS, 10 000 rows under the header, is ten times a round
of 100 metrics with 10 periods each, and is read in a fraction of a second; a file with more (an export of a
whole database by mistake, or 300 000 rows on purpose, review row 37) is refused with one error as soon as
reading passes the cap, the rest never read. The bytes are capped before that: a file at MAX_BYTES (10 MiB, a
thousand bytes for each of the rows; the editor's upload limit is lower still), a workbook at MAX_UNPACKED
(32 MiB unpacked: a zip of 214 KB can hold 51 MB of sheet) and at MAX_ELEMENTS XML elements, of which at most
Excel's 16 384 cells in a row, checked by a streaming count before openpyxl reads anything (openpyxl builds a
row's cells at once and loads the shared strings whole: a 12 KB workbook with 2 million empty cells in one row
cost it 4 s and 700 MB). Only the first MAX_COLUMNS columns are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import contents
from .models import LANGUAGES
from .errors import ContentError, ContentErrors, count

THIN_SPACES = "\u00a0\u202f\u2009 "  # no-break, narrow no-break, thin and plain space: Finnish thousands separators
MiB = 1024 * 1024
MAX_ROWS = 10_000  # rows under the header (the module's docstring says why these numbers)
MAX_BYTES = 10 * MiB  # a file's size
MAX_UNPACKED = 32 * MiB  # a workbook's parts unpacked, all together
MAX_PARTS = 1_000  # files in a workbook's zip (a round's workbook has about ten)
MAX_ELEMENTS = 1_000_000  # XML elements in a workbook's parts (a round of 10 000 rows has about 500 000)
MAX_ROW_CELLS = 16_384  # cells in a row: Excel's own number of columns
MAX_COLUMNS = 50  # columns read (the template has 11)
SPLIT = "keep only the round's rows, or split a long history into rounds of their own"


@dataclass
class Table:
    """The cells of a round as read, each row with the place of each of its cells."""

    file: str
    rows: list[tuple[int, dict[str, str]]]  # (row number in the sheet or file, column -> text)
    places: dict[int, dict[str, str]]  # row number -> column -> where the cell is, as a person finds it
    described: str  # what was read: the format, separator, encoding, decimal mark
    sheet: str | None = None
    skipped: int = 0  # template rows left empty (the metric has no new figure this round)
    header_errors: list[ContentError] = field(default_factory=list)
    column_index: dict[str, int] = field(default_factory=dict)  # a column's place in the sheet (0 is A)

    def cell(self, line: int, column: str) -> str | None:
        """A cell's address as Excel shows it (H11) for a workbook; None for text, which has no cells."""
        if self.sheet is None or column not in self.column_index:
            return None
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column_index[column] + 1)}{line}"


# ---------------------------------------------------------------- reading


def read(path: Path, name: str | None = None) -> Table:
    """A spreadsheet file as a Table; raises ContentErrors when it cannot be read at all. No more than MAX_BYTES
    and a byte are read: a larger file is refused without reading it."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    return read_bytes(data, name or path.name)


def read_bytes(data: bytes, name: str) -> Table:
    if len(data) > MAX_BYTES:
        raise ContentErrors([ContentError(name, None, "file-too-large", f"the file is larger than {MAX_BYTES // MiB} MiB",
                                          f"a round has one row per metric and period, at most {count(MAX_ROWS)} rows: {SPLIT}")])
    if data[:4] == b"PK\x03\x04":  # a zip: an .xlsx workbook
        return _read_xlsx(data, name)
    return read_text_table(_decode(data, name), name)


def _capped(records, name: str, place: str | None, what: str) -> list[tuple[int, list[str]]]:
    """The rows of a file or sheet, read one by one, up to the header row and at most MAX_ROWS rows under it
    (empty ones count: a sheet may number its rows to the millionth); ContentErrors as soon as there are more.
    Rows before any header stop at MAX_ROWS too (the missing header is then the error)."""
    grid: list[tuple[int, list[str]]] = []
    under = None
    for line, cells in records:
        if under is not None:
            under += 1
            if under > MAX_ROWS:
                raise ContentErrors([ContentError(name, None, "too-many-rows", f"the {what} has more than {count(MAX_ROWS)} rows "
                                                  "under its header", f"a round has one row per metric and period: {SPLIT}",
                                                  place=place)])
        elif "metric" in [c.lower() for c in cells]:
            under = 0
        elif len(grid) >= MAX_ROWS:
            break
        grid.append((line, cells))
    return grid


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with a byte-order mark (Excel's \"CSV UTF-8\")"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Excel's \"CSV\")"
    except UnicodeDecodeError as exc:
        raise ContentErrors([ContentError(name, None, "not-utf8", f"the file is neither UTF-8 nor Windows-1252 text (byte {data[exc.start]:#04x})",
                                          "save it from Excel as \"CSV UTF-8\" or as an .xlsx workbook")]) from None


def read_text_table(decoded: tuple[str, str] | str, name: str) -> Table:
    """CSV text (or cells pasted from a spreadsheet: tab-separated) as a Table; the separator is the one of
    comma, semicolon and tab that the header line has most of."""
    text, encoding = decoded if isinstance(decoded, tuple) else (decoded, "text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    separator = max(("\t", ";", ","), key=first.count)
    names = {"\t": "tab", ";": "semicolon", ",": "comma"}
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    try:
        grid = _capped(((reader.line_num, [c.strip() for c in cells[:MAX_COLUMNS]]) for cells in reader), name, None, "file")
    except csv.Error as exc:
        raise ContentErrors([ContentError(name, reader.line_num, "csv-syntax", f"malformed CSV: {exc}", "check the quotes on this line")]) from None
    decimal_comma = separator != "," and any(re.fullmatch(r"-?[\d" + THIN_SPACES + r"]*,\d+", c) for _, cells in grid[1:] for c in cells)
    described = f"CSV, {names[separator]}-separated, {encoding}" + (", decimal comma" if decimal_comma else "")
    return _table(name, None, grid, described, decimal_comma, lambda line, index, column: f"row {line}, column {column}")


def _read_xlsx(data: bytes, name: str) -> Table:
    import openpyxl
    from openpyxl.utils import get_column_letter

    _check_workbook(data, name)
    book = None
    try:  # values only: formulas as their last computed values, macros never run (openpyxl runs none)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for ws in book.worksheets:  # the rows as they are, not as the sheet's <dimension> claims (A1:XFD1048576)
            ws.reset_dimensions()
        sheet = next((ws for ws in book.worksheets if _has_header(ws)), book.worksheets[0])
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        grid = _capped(((index, [_cell_text(v) for v in row]) for index, row in enumerate(rows, 1)),
                       name, f"{name}, sheet '{sheet.title}'", "sheet")
    except ContentErrors:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        raise ContentErrors([ContentError(name, None, "xlsx-unreadable", f"the workbook cannot be read ({type(exc).__name__})",
                                          "save it again from Excel as an .xlsx workbook")]) from None
    finally:
        if book is not None:
            book.close()
    return _table(name, sheet.title, grid, f"Excel workbook, sheet '{sheet.title}'", False,
                  lambda line, index, column: f"sheet '{sheet.title}', row {line}, column {column} ({get_column_letter(index + 1)}{line})")


def _check_workbook(data: bytes, name: str) -> None:
    """Refuses a workbook whose parts would cost openpyxl more than a round's time and memory: more than
    MAX_PARTS files, MAX_UNPACKED bytes unpacked (the sizes the zip declares; zipfile never unpacks more than
    that) or MAX_ELEMENTS XML elements, or a row of more cells than Excel has columns. Every part that is XML
    (whatever its name: openpyxl follows the workbook's own links) is counted by expat as it is unpacked, a
    chunk at a time, so the check itself holds no more than a chunk."""
    import xml.parsers.expat
    import zipfile

    def unreadable(exc: Exception | str) -> ContentErrors:
        what = exc if isinstance(exc, str) else f"the workbook cannot be read ({type(exc).__name__})"
        return ContentErrors([ContentError(name, None, "xlsx-unreadable", what, "save it again from Excel as an .xlsx workbook")])

    def too_large(message: str) -> ContentErrors:
        return ContentErrors([ContentError(name, None, "xlsx-too-large", message, f"a round's workbook of {count(MAX_ROWS)} rows "
                                           "is a few MB: keep only the round's rows in it, or save the round as CSV")])

    broken = (zipfile.BadZipFile, xml.parsers.expat.ExpatError, ValueError, OSError, EOFError, RuntimeError, NotImplementedError)
    try:  # (RuntimeError: an encrypted part; NotImplementedError: a compression zipfile does not know)
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except broken as exc:
        raise unreadable(exc) from None
    if len(parts) > MAX_PARTS:
        raise too_large(f"the workbook has more than {count(MAX_PARTS)} parts")
    if sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise too_large(f"the workbook unpacks to more than {MAX_UNPACKED // MiB} MiB")
    elements = 0
    for part in parts:
        open_tags = [""]  # the elements open at this point of the part, innermost last, and their children so far
        children = [0]

        def start(tag, attrs):
            nonlocal elements
            elements += 1
            children[-1] += 1
            if elements > MAX_ELEMENTS:
                raise too_large(f"the workbook has more than {count(MAX_ELEMENTS)} XML elements")
            if children[-1] > MAX_ROW_CELLS and open_tags[-1].rpartition(":")[2] == "row":
                raise unreadable(f"a row of {part.filename} has more than {count(MAX_ROW_CELLS)} cells, more than Excel makes")
            open_tags.append(tag)
            children.append(0)

        def end(tag):
            open_tags.pop()
            children.pop()

        parser = xml.parsers.expat.ParserCreate()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        try:
            with archive.open(part) as stream:
                chunk = stream.read(MiB)
                if not chunk.lstrip(b" \t\r\n").startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<")):
                    continue  # no XML (a picture, a printer's settings): openpyxl does not parse it
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = stream.read(MiB)
                parser.Parse(b"", True)
        except broken as exc:
            raise unreadable(exc) from None


def _has_header(ws) -> bool:
    for row in ws.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True):
        return "metric" in [str(v).strip().lower() for v in row if v is not None]
    return False


def _cell_text(value) -> str:
    """A cell's value as the text a CSV would hold: numbers without a float's noise, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _table(name, sheet, grid, described, decimal_comma, where) -> Table:
    """Rows under the header line, with the snapshot's columns; other columns (the template's names, unit and
    latest figure) are left out, and a row with neither a value nor a period is a metric without a new figure
    (the template fills in the latest source, which alone is no figure)."""
    columns = contents.snapshot_columns(list(LANGUAGES))
    if not any(c for _, cells in grid for c in cells):  # no bytes, blank lines, or a workbook saved with nothing in it
        raise ContentErrors([ContentError(name, None, "empty-file", f"the sheet '{sheet}' is empty" if sheet else "the file is empty",
                                          "choose the round's file, or save the round again (strategy-site round-template "
                                          "makes a workbook to fill in)")])
    header_at = next((i for i, (_, cells) in enumerate(grid) if "metric" in [c.lower() for c in cells]), None)
    table = Table(name, [], {}, described, sheet)
    code = "sheet-header" if sheet else "csv-header"  # a workbook is no CSV file (review row 31)
    if header_at is None:
        table.header_errors.append(ContentError(name, 1, code, "there is no header row with the column 'metric'",
                                                f"put the column names on the first row: {','.join(columns)}",
                                                place=f"{name}, sheet '{sheet}'" if sheet else None))
        return table
    header_line, header = grid[header_at]
    index = {c.lower(): i for i, c in enumerate(header) if c}
    missing = [c for c in columns if c not in index]
    if missing:
        table.header_errors.append(ContentError(name, header_line, code, f"missing column(s): {', '.join(missing)}",
                                                f"the header row must have: {','.join(columns)}",
                                                place=f"{name}, {where(header_line, 0, 'header').rsplit(',', 1)[0]}" if sheet else None))
        return table
    table.column_index = {c: index[c] for c in columns}
    for line, cells in grid[header_at + 1:]:
        got = {c: (cells[index[c]] if index[c] < len(cells) else "") for c in columns}
        if not any(got.values()):
            continue
        if not (got["period"] or got["value"]):
            table.skipped += 1
            continue
        got["value"] = _number_text(got["value"], decimal_comma)
        got["period"] = _period_text(got["period"])
        table.rows.append((line, got))
        table.places[line] = {c: where(line, index[c], c) for c in columns}
    return table


def _number_text(text: str, decimal_comma: bool) -> str:
    """'1 234,5' (Finnish) as '1234.5'; anything else as it is, for the checks to judge."""
    plain = text
    if re.fullmatch(r"-?\d{1,3}(?:[" + THIN_SPACES + r"]\d{3})+(?:[.,]\d+)?", text):
        plain = re.sub("[" + THIN_SPACES + "]", "", text)
    plain = plain.replace("\u2212", "-")  # a minus sign
    if decimal_comma and re.fullmatch(r"-?\d+,\d+", plain):
        plain = plain.replace(",", ".")
    return plain


def _period_text(text: str) -> str:
    """A Finnish date (31.12.2021) or month (12.2021) as YYYY-MM-DD or YYYY-MM; anything else, and a date that
    is none (31.2.2020), as it is: the error then quotes what was typed."""
    day = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    month = re.fullmatch(r"(\d{1,2})[./](\d{4})", text)
    if day:
        iso = f"{day.group(3)}-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
    elif month:
        iso = f"{month.group(2)}-{int(month.group(1)):02d}"
    else:
        return text
    return iso if contents.Period.parse(iso) else text


def table_text(table: Table) -> str:
    """The rows as read, as tab-separated text with a header (what the editor keeps between checking and saving)."""
    columns = contents.snapshot_columns(list(LANGUAGES))
    lines = ["\t".join(columns)] + ["\t".join(cells[c].replace("\t", " ") for c in columns) for _, cells in table.rows]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- checking and writing


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
    return sorted(((content.words[lang].metrics[m.id].name, m.id) for m in content.metrics), key=lambda n: (n[0].casefold(), n[1]))


def metric_hint(content: contents.Content, typed: str) -> str:
    """What to write instead of an unknown metric: the name or id it is close to, else every metric by its names
    in each language and its id (the build's check knows the ids only)."""
    import difflib

    known = {" ".join(content.words[lang].metrics[m.id].name.lower().split()): content.words[lang].metrics[m.id].name
             for m in content.metrics for lang in content.languages} | {m.id: m.id for m in content.metrics}
    ids = metric_ids_by_name(content)
    close = difflib.get_close_matches(" ".join(typed.lower().split()), list(known), n=1)
    if close:
        shown = known[close[0]]
        return f"did you mean '{shown}'?" if shown == ids[close[0]] else f"did you mean '{shown}' ({ids[close[0]]})?"
    first = content.languages[0]
    return "known metrics: " + ", ".join(
        " / ".join(content.words[lang].metrics[mid].name for lang in content.languages) + f" ({mid})"
        for _, mid in metric_names(content, first))


def check(table: Table, content: contents.Content, date: dt.date, content_dir: Path) -> list[contents.Row]:
    """The rows as the build would read them; raises ContentErrors, each error at its cell."""
    if table.header_errors:
        raise ContentErrors(table.header_errors)
    names = metric_ids_by_name(content)
    rows = [(line, cells | {"metric": names.get(" ".join(cells["metric"].lower().split()), cells["metric"])})
            for line, cells in table.rows]
    loader = contents.Loader(content_dir)
    found = loader.snapshot_rows(table.file, rows, date, list(content.metrics), list(content.sources),
                                 [s.id for s in content.sources], content.languages)
    typed = {line: cells["metric"] for line, cells in table.rows}
    hints: dict[str, str] = {}  # one per metric typed: a thousand rows may name the same wrong one
    for e in loader.errors.errors:
        if e.code == "unknown-metric" and typed.get(e.line, "") not in hints:
            hints[typed.get(e.line, "")] = metric_hint(content, typed.get(e.line, ""))
    errors = [ContentError(e.file, e.line, e.code, e.message, hints[typed.get(e.line, "")] if e.code == "unknown-metric" else e.hint,
                           e.column, table.places.get(e.line, {}).get(e.column) and f"{table.file}, {table.places[e.line][e.column]}")
              for e in loader.errors.errors]
    if errors:
        raise ContentErrors(errors, loader.errors.dropped)
    if not found:
        raise ContentErrors([ContentError(table.file, None, "empty-round", "the file has no figures",
                                          "fill in the value, period and source of at least one metric")])
    return found


def snapshot_text(rows: list[contents.Row], languages: list[str]) -> str:
    """The round as content/snapshots/<date>.csv: sorted by metric and period, numbers as written plainly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(contents.snapshot_columns(languages))
    for row in sorted(rows, key=lambda r: (r.metric, r.period.end, r.period.text)):
        value = str(int(row.value)) if row.value.is_integer() else repr(row.value)
        writer.writerow([row.metric, row.period.text, value, row.source] + [row.notes.get(lang, "") for lang in languages])
    return buf.getvalue()


def import_round(project, source: Path | bytes, name: str, date: dt.date, replace: bool = False,
                 dry_run: bool = False) -> tuple[Table, list[contents.Row], str, str | None]:
    """Read, check and (unless dry_run) write a round: (table, rows, the snapshot text, the path written or None).
    Raises ContentErrors with every error; nothing is written then."""
    from . import editing

    content = contents.load(project.content)
    rel = f"snapshots/{date.isoformat()}.csv"
    if (project.content / rel).exists() and not replace:
        raise ContentErrors([ContentError(f"content/{rel}", None, "round-exists", f"the round of {date.isoformat()} exists already",
                                          "give --replace to replace it, or another --date")])
    table = read_bytes(source, name) if isinstance(source, bytes) else read(source, name)
    rows = check(table, content, date, project.content)
    text = snapshot_text(rows, content.languages)
    _, errors = editing.validate(project, {rel: text})  # the whole content with the new round, as the build loads it
    if errors:
        raise ContentErrors(errors)
    if dry_run:
        return table, rows, text, None
    editing.write(project, {rel: text})
    return table, rows, text, f"content/{rel}"



# ---------------------------------------------------------------- the template


TEMPLATE_COLUMNS = ["metric", "name_fi", "name_sv", "unit", "latest_period", "latest_value", "period", "value", "source",
                    "note_fi", "note_sv"]


def round_template(content: contents.Content, date: dt.date) -> bytes:
    """A workbook to fill in for the round of `date`: a row per metric (its names, unit, id and latest figure) and
    empty columns for the new figure, its period, source and notes; the value column accepts only numbers."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from . import workbooks
    from .metrics import build_series

    series = build_series(content)
    book = workbooks.workbook()
    sheet = book.create_sheet(workbooks.sheet_title(f"Kierros {date.isoformat()}", set()))
    langs = content.languages
    sheet.append(TEMPLATE_COLUMNS[:1] + [f"name_{lang}" for lang in langs] + TEMPLATE_COLUMNS[3:9] + [f"note_{lang}" for lang in langs])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for metric in content.metrics:
        rows = [r for r in series[metric.id].rows if not r.computed]
        latest = rows[-1] if rows else None
        if metric.formula:
            continue  # computed by the site from two others: never typed in
        workbooks.append_row(sheet, [metric.id] + [content.words[lang].metrics[metric.id].name for lang in langs] + [
            metric.unit, latest.period.text if latest else "", latest.value if latest else None, None, None,
            latest.source if latest else None] + [None for _ in langs])
    last = sheet.max_row
    value_column = "H" if len(langs) == 2 else None
    if value_column and last > 1:
        rule = DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                              allow_blank=True, showErrorMessage=True, errorTitle="Luku / Tal",
                              error="Kirjoita luku. / Skriv ett tal.")
        rule.add(f"{value_column}2:{value_column}{last}")
        sheet.add_data_validation(rule)
        fill = PatternFill("solid", fgColor="FFF4CE")
        for row in range(2, last + 1):
            for column in "GHI":
                sheet[f"{column}{row}"].fill = fill
    for column, width in zip("ABCDEFGHIJK", (28, 36, 36, 14, 14, 14, 14, 14, 34, 30, 30)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    return workbooks.to_bytes(book, date)


__all__ = ["Table", "read", "read_bytes", "read_text_table", "table_text", "check", "metric_names", "snapshot_text", "import_round",
           "round_template", "MAX_ROWS"]
