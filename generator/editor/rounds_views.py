"""The monitoring round screens: the workbook to fill in, and a round from a file or pasted cells, checked by
the importer (spreadsheets.py and rounds.py, the build's snapshot checks) and saved only when nothing is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.numbers import format_decimal
from flask import Blueprint, Response, g, render_template, request, url_for

from .. import editing
from ..editing import publishing
from ..errors import SHOWN, ContentError, ContentErrors
from .shared import UI_LOCALES, content_lang, say, state, t, worded, worded_langs

bp = Blueprint("rounds", __name__)


@bp.get("/rounds/new")
def new_round():
    return render_template("round.html", date=state().today().isoformat(), pasted="", replace=False)


@bp.get("/rounds/template.xlsx")
def round_template():
    """The workbook to fill in for a round (as `strategy-site round-template` writes it): every metric with
    its latest figure and the columns to fill, for the date asked (?date=YYYY-MM-DD, else today)."""
    from .. import rounds

    try:
        date = dt.date.fromisoformat(request.args.get("date", "") or state().today().isoformat())
    except ValueError:
        return render_template(
            "round.html", date=request.args.get("date", ""), pasted="", replace=False, bad_date=True
        ), 422
    data = rounds.round_template(state().cache.get(), date)
    response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="round-{date.isoformat()}.xlsx"'
    return response


@bp.post("/rounds/new")
def check_round():
    """A round from an uploaded file or cells pasted from a spreadsheet: checked by the importer (the build's
    snapshot checks), shown as a table with each problem at its cell; saved only when nothing is wrong."""
    from .. import rounds, spreadsheets

    editor = state()
    date_text = request.form.get("date", "").strip()
    pasted = request.form.get("pasted", "")
    replace = request.form.get("replace") == "1"
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        return render_template("round.html", date=date_text, pasted=pasted, replace=replace, bad_date=True), 422
    upload = request.files.get("file")
    name = Path(upload.filename).name if upload is not None and upload.filename else t("pasted_name")
    try:
        table = _read_table(upload, pasted, name)
    except ContentErrors as exc:
        return render_template("round.html", date=date_text, pasted=pasted, replace=replace, **_listed(exc, name)), 422
    as_read = spreadsheets.table_text(table)  # what was read, so that saving needs no second upload
    found = {"errors": [], "cell_errors": {}, "source": name}
    try:
        rounds.check(table, editor.cache.get(), date)
    except ContentErrors as exc:
        found = _listed(exc, name, table)
    saved = None
    if not found["errors"] and request.form.get("action") == "save":
        try:
            _, rows, _, saved = rounds.import_round(editor.project, as_read.encode("utf-8"), name, date, replace)
        except ContentErrors as exc:
            found = _listed(exc, name)
        else:
            _record_round(date, name, len(rows))
    status = 422 if found["errors"] else 200
    return render_template(
        "round.html",
        date=date_text,
        pasted=as_read,
        replace=replace,
        table=table,
        saved=saved,
        preview=_preview_links(date) if saved else [],
        checked=True,
        **found,
    ), status


def _read_table(upload, pasted: str, name: str):
    """The round as sent, named `name`: the uploaded file, else the pasted cells."""
    from .. import loading, spreadsheets

    languages = loading.site_languages(state().project.content)
    if upload is not None and upload.filename:
        # the importer's caps: size, rows, a workbook's parts
        return spreadsheets.read_bytes(upload.read(), name, languages)
    if not pasted.strip():  # neither a file nor cells (an empty file has an error of its own)
        raise ContentErrors(
            [
                ContentError(
                    name,
                    None,
                    "nothing-pasted",
                    "no file was chosen and no cells were pasted",
                    "choose the round's file, or paste its cells with the header row",
                )
            ]
        )
    return spreadsheets.read_text_table(pasted, name, languages)


def _listed(exc: ContentErrors, name: str, table=None) -> dict:
    """The first errors.SHOWN errors, each at its cell where it has one, and a line counting the rest: the
    page of a file with an error on each of its rows stays a page (review row 37: 299 MB)."""
    from .. import rounds

    shown, cells = [], {}
    for e in exc.errors[:SHOWN]:
        at_cell = table is not None and e.line in table.places and e.column
        if at_cell:
            cells.setdefault((e.line, e.column), []).append(e)
        shown.append(editing.FieldError(None, None, e, f"cell-{e.line}-{e.column}" if at_cell else None))
    rest = exc.total - len(shown)
    more = (
        say(g.lang, "errors_more", rest, total=format_decimal(exc.total, locale=UI_LOCALES[g.lang])) if rest else None
    )
    known = None
    if any(e.error.code == "unknown-metric" for e in shown):  # the metrics by their names in the staff language
        known = ", ".join(f"{n} ({i})" for n, i in rounds.metric_names(state().cache.get(), content_lang(g.lang)))
    return {"errors": shown, "cell_errors": cells, "more": more, "known_metrics": known, "source": name}


def _record_round(date: dt.date, name: str, figures: int) -> None:
    """The saved round as a pending change, worded in each language (issue 22 usability)."""
    publishing.record(
        state().project,
        f"round {date.isoformat()}",
        worded(
            "change_round",
            {
                lang: {
                    "date": date.isoformat(),
                    "figures": say(lang, "n_figures", figures),
                    "name": say(lang, "pasted_name") if name == t("pasted_name") else name,
                }
                for lang in worded_langs()
            },
        ),
    )


def _preview_links(date: dt.date) -> list[tuple[str, str]]:
    content = state().cache.get()
    return [
        (
            lang,
            url_for(
                "site.preview", lang=lang, page=editing.preview.page_url(content, lang, ("snapshot", date.isoformat()))
            ),
        )
        for lang in content.languages
    ]
