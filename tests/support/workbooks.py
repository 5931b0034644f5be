"""Spreadsheets as staff send them: an Excel workbook of a monitoring round, made with openpyxl."""

from __future__ import annotations

import io

import openpyxl

HEADER = ["metric", "period", "value", "source", "note_fi", "note_sv"]


def workbook(rows, header=HEADER, title="Kierros") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
