"""The words screens: the words files, one file's items, and one item's words in every language (with its
history and its "check the translation" marks), over the editing library's words items."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for

from .. import editing
from ..editing import history, publishing
from ..errors import ContentErrors
from .shared import (
    MESSAGES,
    content_lang,
    field_names,
    format_when,
    group_title,
    item_title,
    say,
    state,
    worded,
    worded_langs,
)

bp = Blueprint("words", __name__)


@bp.get("/words")
def words():
    project = state().project
    first = editing.first_language(project)
    marks = editing.marks(project)
    files = [
        (f, group_title(f), len(editing.items(project, f)), sum(1 for e in marks if e.get("file") == f))
        for f in editing.word_files(project, first)
    ]
    return render_template(
        "words.html",
        files=[x for x in files if not x[0].startswith("pages/")],
        pages=[x for x in files if x[0].startswith("pages/")],
    )


@bp.get("/words/<path:file>/")
def word_file(file: str):
    project = state().project
    editing.check_file(project, file)
    marks = editing.marks(project)
    data = editing.read_words(project, content_lang(g.lang), file)  # once, not once per item
    found = [
        (it, item_title(it, data), sum(1 for e in marks if e.get("file") == file and e.get("item") == it.id))
        for it in editing.items(project, file)
    ]
    return render_template("file.html", file=file, group=group_title(file), items=found)


@bp.get("/words/<path:file>/<item_id>")
def word_item(file: str, item_id: str):
    return item_page(file, item_id)


@bp.post("/words/<path:file>/<item_id>")
def save_word_item(file: str, item_id: str):
    project = state().project
    it = editing.item(project, file, item_id)
    langs = editing.languages(project)
    typed = typed_words(it)
    confirmed = {(lang, f) for lang in langs for f in it.fields if request.form.get(f"confirm-{lang}-{f}") == "1"}
    seen = request.form.get("version", "")
    result = editing.save_item(project, it, typed, confirmed, seen, state().today())
    current = {lang: editing.values(project, lang, it) for lang in langs}
    shown = {lang: current[lang] | typed[lang] for lang in langs}
    if result.conflict:  # the page carries the version it shows: saving again from it, having seen it, overwrites
        return item_page(
            file, item_id, it, shown=shown, version=editing.item_version(project, it), conflict=True, theirs=current
        ), 409
    if not result.ok:
        return item_page(file, item_id, it, shown=shown, version=seen, errors=result.errors), 422
    if result.content is not None:
        state().cache.saved(result.content)
    if result.changed:
        publishing.record(
            project,
            f"words of {file} {item_id}",
            worded(
                "change_words",
                {
                    lang: {
                        "group": group_title(file, lang),
                        "item": item_title(it, lang=lang),
                        "fields": _changed_fields(it, result.changed, lang),
                    }
                    for lang in worded_langs()
                },
            ),
        )
    return item_page(file, item_id, it, saved=True)


def _changed_fields(it: editing.Item, changed: list[tuple[str, str]], lang: str) -> str:
    """The fields a save changed, per content language, worded in `lang` (a pending change's line)."""
    langs = editing.languages(state().project)
    return "; ".join(
        f"{say(lang, 'lang_' + in_lang)}: {', '.join(field_names(it, lang)[f] for lg, f in changed if lg == in_lang)}"
        for in_lang in langs
        if any(lg == in_lang for lg, _ in changed) and f"lang_{in_lang}" in MESSAGES["ui"]
    )


def refused_form(message: str, status: int):
    """The item's words as the refused request sent them, with `message` above them (app.typed_form)."""
    project = state().project
    file, item_id = request.view_args["file"], request.view_args["item_id"]
    it = editing.item(project, file, item_id)
    typed = typed_words(it)
    shown = {lang: editing.values(project, lang, it) | typed[lang] for lang in typed}
    return item_page(file, item_id, it, shown=shown, version=request.form.get("version", ""), refused=message), status


def item_page(file: str, item_id: str, it=None, **extra):
    project = state().project
    it = it or editing.item(project, file, item_id)
    langs = editing.languages(project)
    shown = extra.pop("shown", None) or {lang: editing.values(project, lang, it) for lang in langs}
    marks = {
        (e["lang"], e["field"]): e for e in editing.marks(project) if e.get("file") == file and e.get("item") == it.id
    }
    past = history.of_files(project, [f"content/{lang}/{file}" for lang in langs])
    previous = {}  # for a translator: what the other language's words were before the change the mark is about
    for (lang, f), mark in marks.items():
        if mark.get("changed_in") in langs and f in it.fields:
            now = editing.values(project, mark["changed_in"], it).get(f, "")
            previous[(lang, f)] = history.earlier_value(
                project, f"content/{mark['changed_in']}/{file}", _value_reader(it, f), now
            )
    return render_template(
        "item.html",
        file=file,
        it=it,
        shown=shown,
        marks=marks,
        group=group_title(file),
        previous=previous,
        labels=field_names(it),
        history=past,
        history_limit=history.LIMIT,
        format_when=format_when,
        version=extra.pop("version", None) or editing.item_version(project, it),
        preview=_preview_links(it),
        **extra,
    )


def typed_words(it: editing.Item) -> dict[str, dict[str, str]]:
    langs = editing.languages(state().project)
    return {
        lang: {
            f: request.form[f"{lang}-{f}"] for f in it.fields if f not in it.read_only and f"{lang}-{f}" in request.form
        }
        for lang in langs
    }  # a field the form did not send is left as it is


def _preview_links(it) -> list[tuple[str, str]]:
    try:
        content = state().cache.get()
        key = editing.preview.item_page(content, it.file, it.id)
        return [
            (lang, url_for("site.preview", lang=lang, page=editing.preview.page_url(content, lang, key)))
            for lang in content.languages
        ]
    except (ContentErrors, KeyError):
        return []


def _value_reader(it: editing.Item, name: str):
    """A function that reads one field of an item from a words file's text (a version of it in git)."""
    return lambda text: editing.value_in(text, it, name)
