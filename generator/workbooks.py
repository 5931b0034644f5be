"""Excel workbooks (.xlsx) written with openpyxl, the same bytes for the same content: openpyxl stamps the
workbook's properties (its save sets `modified` to the clock, whatever was set before) and every zip entry
with the time of writing, so both are set to a date derived from the content, and the zip is written again
with its entries in a fixed order."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile


def workbook():
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def append_row(ws, values: list) -> None:
    """Append a row whose text is text: openpyxl takes a string starting with '=' for a formula, and Excel
    would run it when the file is opened (a note or a name typed as `=HYPERLINK(…)`: formula injection), so
    every cell given a string is stored as a string."""
    from openpyxl.cell import Cell

    cells = []
    for value in values:
        cell = Cell(ws, value=value)
        if isinstance(value, str) and cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    # the cells made here, not looked up after appending: finding the last row (ws.max_row) reads every cell of
    # the sheet, so a sheet of n rows cost n² (36 s of a 1 000-page build)
    ws.append(cells)


def to_bytes(book, day: dt.date) -> bytes:
    """The workbook as .xlsx bytes stamped with `day` (not the clock)."""
    stamp = dt.datetime.combine(day, dt.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "strategy-site"
    book.properties.lastModifiedBy = None
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = src.read(name)
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            dst.writestr(info, data)
    return out.getvalue()


def sheet_title(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    base = "".join("-" if c in "[]:*?/\\" else c for c in text)[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title
