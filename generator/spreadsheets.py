"""A monitoring round's spreadsheet as cells with places: an .xlsx workbook or a CSV file (the project's own
format, or as Finnish Excel saves it: semicolons, decimal commas, spaces between thousands, Windows-1252 or UTF-8
with a byte-order mark), read into a `Table` whose every cell knows where it is, as the staff member sees it in
Excel (the file, the sheet, the row and the column, and for a workbook the cell's address, C5). rounds.py checks
the table with the build's own snapshot checks (`loading.check_rows`) and writes the round.

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
import xml.parsers.expat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .contents import Period, snapshot_columns
from .errors import ContentError, ContentErrors, count
from .loading import MINUS, SEPARATORS, plain_number

MiB = 1024 * 1024
MAX_ROWS = 10_000  # rows under the header (the module's docstring says why these numbers)
MAX_BYTES = 10 * MiB  # a file's size
MAX_UNPACKED = 32 * MiB  # a workbook's parts unpacked, all together
MAX_PARTS = 1_000  # files in a workbook's zip (a round's workbook has about ten)
MAX_ELEMENTS = 1_000_000  # XML elements in a workbook's parts (a round of 10 000 rows has about 500 000)
MAX_ROW_CELLS = 16_384  # cells in a row: Excel's own number of columns
MAX_COLUMNS = 50  # columns read (the template has 11)
SPLIT = "keep only the round's rows, or split a long history into rounds of their own"


def refused(name: str, line: int | None, code: str, message: str, hint: str, place: str | None = None) -> ContentErrors:
    """One error that stops reading the file: nothing more of it can be read."""
    return ContentErrors([ContentError(name, line, code, message, hint, place=place)])


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
    columns: list[str] = field(default_factory=list)  # the snapshot's columns, for the site's languages

    def cell(self, line: int, column: str) -> str | None:
        """A cell's address as Excel shows it (H11) for a workbook; None for text, which has no cells."""
        if self.sheet is None or column not in self.column_index:
            return None
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column_index[column] + 1)}{line}"


# ---------------------------------------------------------------- reading


def read(path: Path, name: str | None, languages: list[str]) -> Table:
    """A spreadsheet file as a Table with the snapshot's columns for `languages` (the site's, `loading.site_languages`);
    raises ContentErrors when it cannot be read at all. No more than MAX_BYTES and a byte are read: a larger file is
    refused without reading it."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    return read_bytes(data, name or path.name, languages)


def read_bytes(data: bytes, name: str, languages: list[str]) -> Table:
    if len(data) > MAX_BYTES:
        raise refused(
            name,
            None,
            "file-too-large",
            f"the file is larger than {MAX_BYTES // MiB} MiB",
            f"a round has one row per metric and period, at most {count(MAX_ROWS)} rows: {SPLIT}",
        )
    if data[:4] == b"PK\x03\x04":  # a zip: an .xlsx workbook
        return _read_xlsx(data, name, languages)
    return read_text_table(_decode(data, name), name, languages)


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
                raise refused(
                    name,
                    None,
                    "too-many-rows",
                    f"the {what} has more than {count(MAX_ROWS)} rows under its header",
                    f"a round has one row per metric and period: {SPLIT}",
                    place,
                )
        elif "metric" in [c.lower() for c in cells]:
            under = 0
        elif len(grid) >= MAX_ROWS:
            break
        grid.append((line, cells))
    return grid


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), 'UTF-8 with a byte-order mark (Excel\'s "CSV UTF-8")'
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), 'Windows-1252 (Excel\'s "CSV")'
    except UnicodeDecodeError as exc:
        raise refused(
            name,
            None,
            "not-utf8",
            f"the file is neither UTF-8 nor Windows-1252 text (byte {data[exc.start]:#04x})",
            'save it from Excel as "CSV UTF-8" or as an .xlsx workbook',
        ) from None


def read_text_table(decoded: tuple[str, str] | str, name: str, languages: list[str]) -> Table:
    """CSV text (or cells pasted from a spreadsheet: tab-separated) as a Table; the separator is the one of
    comma, semicolon and tab that the header line has most of."""
    text, encoding = decoded if isinstance(decoded, tuple) else (decoded, "text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    separator = max(("\t", ";", ","), key=first.count)
    names = {"\t": "tab", ";": "semicolon", ",": "comma"}
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    try:
        grid = _capped(
            ((reader.line_num, [c.strip() for c in cells[:MAX_COLUMNS]]) for cells in reader), name, None, "file"
        )
    except csv.Error as exc:
        raise refused(
            name, reader.line_num, "csv-syntax", f"malformed CSV: {exc}", "check the quotes on this line"
        ) from None
    decimal_comma = separator != "," and any(
        re.fullmatch(r"[-" + MINUS + r"]?[\d" + SEPARATORS + r"]*,\d+", c) for _, cells in grid[1:] for c in cells
    )
    described = f"CSV, {names[separator]}-separated, {encoding}" + (", decimal comma" if decimal_comma else "")
    return _table(
        name,
        None,
        grid,
        described,
        decimal_comma,
        lambda line, index, column: f"row {line}, column {column}",
        snapshot_columns(languages),
    )


def _read_xlsx(data: bytes, name: str, languages: list[str]) -> Table:
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
        grid = _capped(
            ((index, [_cell_text(v) for v in row]) for index, row in enumerate(rows, 1)),
            name,
            f"{name}, sheet '{sheet.title}'",
            "sheet",
        )
    except ContentErrors:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        raise _unreadable(name, exc) from None
    finally:
        if book is not None:
            book.close()
    return _table(
        name,
        sheet.title,
        grid,
        f"Excel workbook, sheet '{sheet.title}'",
        False,
        lambda line, index, column: (
            f"sheet '{sheet.title}', row {line}, column {column} ({get_column_letter(index + 1)}{line})"
        ),
        snapshot_columns(languages),
    )


# A damaged workbook: RuntimeError is an encrypted part, NotImplementedError a compression zipfile does not know.
_BROKEN = (
    zipfile.BadZipFile,
    xml.parsers.expat.ExpatError,
    ValueError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


def _unreadable(name: str, exc: Exception | str) -> ContentErrors:
    what = exc if isinstance(exc, str) else f"the workbook cannot be read ({type(exc).__name__})"
    return refused(name, None, "xlsx-unreadable", what, "save it again from Excel as an .xlsx workbook")


def _too_large(name: str, message: str) -> ContentErrors:
    return refused(
        name,
        None,
        "xlsx-too-large",
        message,
        f"a round's workbook of {count(MAX_ROWS)} rows "
        "is a few MB: keep only the round's rows in it, or save the round as CSV",
    )


def _check_workbook(data: bytes, name: str) -> None:
    """Refuses a workbook whose parts would cost openpyxl more than a round's time and memory: more than
    MAX_PARTS files, MAX_UNPACKED bytes unpacked (the sizes the zip declares; zipfile never unpacks more than
    that) or MAX_ELEMENTS XML elements, or a row of more cells than Excel has columns. Every part that is XML
    (whatever its name: openpyxl follows the workbook's own links) is counted by expat as it is unpacked, a
    chunk at a time, so the check itself holds no more than a chunk."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except _BROKEN as exc:
        raise _unreadable(name, exc) from None
    if len(parts) > MAX_PARTS:
        raise _too_large(name, f"the workbook has more than {count(MAX_PARTS)} parts")
    if sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise _too_large(name, f"the workbook unpacks to more than {MAX_UNPACKED // MiB} MiB")
    elements = 0
    for part in parts:
        elements = _count_elements(archive, part, elements, name)


def _count_elements(archive: zipfile.ZipFile, part: zipfile.ZipInfo, elements: int, name: str) -> int:
    """`elements` and the XML elements of one part; ContentErrors as soon as the workbook has more than
    MAX_ELEMENTS or a row more than MAX_ROW_CELLS cells."""
    open_tags = [""]  # the elements open at this point of the part, innermost last, and their children so far
    children = [0]

    def start(tag, attrs):
        nonlocal elements
        elements += 1
        children[-1] += 1
        if elements > MAX_ELEMENTS:
            raise _too_large(name, f"the workbook has more than {count(MAX_ELEMENTS)} XML elements")
        if children[-1] > MAX_ROW_CELLS and open_tags[-1].rpartition(":")[2] == "row":
            raise _unreadable(
                name, f"a row of {part.filename} has more than {count(MAX_ROW_CELLS)} cells, more than Excel makes"
            )
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
                return elements  # no XML (a picture, a printer's settings): openpyxl does not parse it
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(MiB)
            parser.Parse(b"", True)
    except _BROKEN as exc:
        raise _unreadable(name, exc) from None
    return elements


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


def _table(name, sheet, grid, described, decimal_comma, where, columns: list[str]) -> Table:
    """Rows under the header line, with the snapshot's columns; other columns (the template's names, unit and
    latest figure) are left out, and a row with neither a value nor a period is a metric without a new figure
    (the template fills in the latest source, which alone is no figure)."""
    if not any(c for _, cells in grid for c in cells):  # no bytes, blank lines, or a workbook saved with nothing in it
        raise refused(
            name,
            None,
            "empty-file",
            f"the sheet '{sheet}' is empty" if sheet else "the file is empty",
            "choose the round's file, or save the round again (strategy-site round-template "
            "makes a workbook to fill in)",
        )
    header_at = next((i for i, (_, cells) in enumerate(grid) if "metric" in [c.lower() for c in cells]), None)
    table = Table(name, [], {}, described, sheet, columns=columns)
    code = "sheet-header" if sheet else "csv-header"  # a workbook is no CSV file (review row 31)
    if header_at is None:
        table.header_errors.append(
            ContentError(
                name,
                1,
                code,
                "there is no header row with the column 'metric'",
                f"put the column names on the first row: {','.join(columns)}",
                place=f"{name}, sheet '{sheet}'" if sheet else None,
            )
        )
        return table
    header_line, header = grid[header_at]
    index = {c.lower(): i for i, c in enumerate(header) if c}
    missing = [c for c in columns if c not in index]
    if missing:
        place = f"{name}, {where(header_line, 0, 'header').rsplit(',', 1)[0]}" if sheet else None
        table.header_errors.append(
            ContentError(
                name,
                header_line,
                code,
                f"missing column(s): {', '.join(missing)}",
                f"the header row must have: {','.join(columns)}",
                place=place,
            )
        )
        return table
    table.column_index = {c: index[c] for c in columns}
    for line, cells in grid[header_at + 1 :]:
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
    """'1 234,5' (Finnish, in a file with decimal commas) as '1234.5', '−7' as '-7': a number by the build's rule
    (`loading.plain_number`) as written plainly; anything else as it is, for the checks to judge."""
    return plain_number(text.replace(",", ".") if decimal_comma else text) or text


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
    return iso if Period.parse(iso) else text


def table_text(table: Table) -> str:
    """The rows as read, as tab-separated text with a header (what the editor keeps between checking and saving)."""
    lines = ["\t".join(table.columns)] + [
        "\t".join(cells[c].replace("\t", " ") for c in table.columns) for _, cells in table.rows
    ]
    return "\n".join(lines) + "\n"


__all__ = ["Table", "read", "read_bytes", "read_text_table", "table_text", "MAX_ROWS"]
