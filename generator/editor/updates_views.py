"""The updates screens: the list, the form (new, edit, save, publish, the text's live preview) and unpublishing
or deleting one, over the editing library's updates and its publish."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from .. import editing
from ..editing import history, publishing
from ..errors import ContentError
from .markdown_preview import MAX_MARKDOWN, PREVIEW_SECONDS, bounded_markdown
from .shared import UI_LOCALES, author_now, format_when, state, t, tn, worded, worded_langs

bp = Blueprint("updates", __name__)


@bp.get("/updates")
def update_list():
    return render_template("updates.html", updates=editing.list_updates(state().project))


@bp.get("/updates/new")
def new_update():
    editor = state()
    langs = editing.languages(editor.project)
    form = editing.UpdateForm(
        None,
        editor.today().isoformat(),
        [],
        [],
        True,
        {lang: dict.fromkeys(editing.UPDATE_FIELDS, "") for lang in langs},
    )
    return update_page(form, editing.update_version(editor.project, None))


@bp.get("/updates/<update_id>")
def edit_update(update_id: str):
    project = state().project
    try:
        form = editing.read_update(project, update_id)
    except editing.EditError:
        abort(404)
    return update_page(form, editing.update_version(project, update_id))


@bp.post("/updates/save")
def save_update():
    project = state().project
    langs = editing.languages(project)
    form = typed_update()  # first: every refusal below shows what was typed
    if (refused := _unknown_update(form)) is not None:
        return refused
    action = request.form.get("action", "save")
    seen = request.form.get("version", "")
    if action == "text-preview":
        return update_page(form, seen)
    publish = action == "publish"
    early = _title_errors(form, langs)
    if early:
        return update_page(form, seen, 422, errors=early)
    built = {}

    def build(files, uid):  # publishing an update builds the site before its files are written
        line = worded("change_update_published", titles(form))
        done = publishing.publish(project, author_now(), files, (f"update {uid}", line), state().today())
        built["pages"] = done.pages
        return done.ok, done.errors, done.written

    result = editing.save_update(project, form, publish, seen, build if publish else None)
    if result.conflict:
        theirs = editing.read_update(project, form.id) if form.id else None
        return update_page(form, editing.update_version(project, form.id), 409, conflict=True, theirs=theirs)
    if not result.ok:
        return update_page(form, seen, 422, errors=_all_update_errors(form, result.errors, publish, langs))
    if result.content is not None:
        state().cache.saved(result.content)
    saved = editing.read_update(project, result.id)
    if not publish:
        key = "change_update_saved" if saved.published else "change_draft_saved"
        publishing.record(project, f"update {result.id}", worded(key, titles(saved)))
    return update_page(
        saved,
        editing.update_version(project, result.id),
        saved="published_update" if publish else ("saved_published" if saved.published else "saved_draft"),
        pages=tn("n_pages", built.get("pages", 0)),
    )


def _unknown_update(form: editing.UpdateForm):
    """The form again, refused, when it names an update that is not one (a path, say: 400) or one deleted
    meanwhile (404: the text stays, and saving again makes a new update); None when it names none or one."""
    if form.id is None:
        return None
    try:
        editing.update_files(state().project, form.id, editing.languages(state().project))
    except editing.EditError:
        return refused_form(t("edit_refused"), 400)
    return None if _is_update(form.id) else refused_form(t("edit_refused"), 404)


@bp.route("/updates/<update_id>/<any(unpublish, delete):action>", methods=["GET", "POST"])
def remove_update(update_id: str, action: str):
    """Unpublish or delete an update: a page that asks first (what happens, what else goes out with it), then
    a publish (the site built without the update's pages, the change committed with a worded message)."""
    project = state().project
    try:
        form = editing.read_update(project, update_id)
    except editing.EditError:
        abort(404)
    if action == "unpublish" and not form.published:
        return redirect(url_for("updates.edit_update", update_id=update_id))
    delete = action == "delete"
    version = editing.update_version(project, update_id)
    ask = {"form": form, "action": action, "version": version, "others": publishing.pending(project)}
    if request.method == "GET":
        return render_template("confirm.html", **ask)
    line = worded("change_update_deleted" if delete else "change_update_unpublished", titles(form))
    built = {}

    def build(files):
        done = publishing.publish(project, author_now(), files, (f"update {update_id}", line), state().today())
        built["pages"] = done.pages
        return done.ok, done.errors, done.written

    result = editing.remove_update(project, update_id, request.form.get("version", ""), delete, build)
    if result.conflict:
        return update_page(form, version, 409, refused=t("removal_conflict"))
    if not result.ok:
        return render_template("confirm.html", **ask, errors=result.errors), 422
    pages = tn("n_pages", built.get("pages", 0))
    if delete:
        title = form.words[editing.languages(project)[0]]["title"]
        return render_template("updates.html", updates=editing.list_updates(project), deleted=title, pages=pages)
    return update_page(
        editing.read_update(project, update_id),
        editing.update_version(project, update_id),
        saved="unpublished",
        pages=pages,
    )


@bp.post("/markdown")
def markdown_preview():
    """The live preview of an update's text, bounded (review row 84): a text over MAX_MARKDOWN characters is
    not rendered, and a rendering that takes longer than PREVIEW_SECONDS is stopped (bounded_markdown). Either
    way the answer is the preview's place with the reason in it, so the person sees why (the text they typed
    stays in its field, untouched)."""
    html, refused = text_preview(request.form.get("text", ""))
    return {"html": html, "refused": True} if refused else {"html": html}


def text_preview(text: str) -> tuple[Markup, bool]:
    """An update's text as its preview shows it, bounded (markdown_preview), and whether it was refused: the
    live preview and the form's own preview (after a save or a refusal) are the same."""
    if len(text) > MAX_MARKDOWN:
        refused = t("markdown_too_long", limit=format_decimal(MAX_MARKDOWN, locale=UI_LOCALES[g.lang]))
    elif (html := bounded_markdown(text)) is not None:
        return Markup(html), False
    else:
        refused = t("markdown_too_slow", seconds=PREVIEW_SECONDS)
    return Markup(f'<p class="message error-message">{escape(refused)}</p>'), True


# -- the form


def refused_form(message: str, status: int):
    """The update form as the refused request sent it, with `message` above it (app.typed_form)."""
    form = typed_update()
    form.id = None if form.id and not _is_update(form.id) else form.id
    version = request.form.get("version", "") if form.id else editing.update_version(state().project, None)
    return update_page(form, version, status, refused=message)


def update_page(form: editing.UpdateForm, version: str, status: int = 200, **extra):
    """The update form; a saved update's also with its history, what else a publish would take along, and
    the ways to unpublish or delete it."""
    project = state().project
    saved = form.id is not None and _is_update(form.id)
    past = history.of_files(project, [f"content/{rel}" for rel in _update_rels(form.id)]) if saved else None
    return render_template(
        "update.html",
        form=form,
        version=version,
        history=past,
        history_limit=history.LIMIT,
        format_when=format_when,
        saved_update=saved,
        others=publishing.pending(project),
        **names(),
        **extra,
    ), status


def names() -> dict:
    """Goals and metrics by their names in the editor's language (in the content's language when the
    content has it), for choosing them."""
    content = state().cache.get()
    words_lang = g.lang if g.lang in content.languages else content.languages[0]
    w = content.words[words_lang]
    goals = [
        (gid, f"{w.strategy.themes[th.id].name}: {w.strategy.goals[gid].name}")
        for th in content.strategy.themes
        for gid in th.goals
    ]
    metrics = [(m.id, w.metrics[m.id].name) for m in content.metrics]
    return {"goal_names": goals, "metric_names": metrics, "content": content}


def typed_update() -> editing.UpdateForm:
    """The update as the form sent it: everything typed, unknown goals and metrics dropped."""
    langs = editing.languages(state().project)
    known = names()
    goal_ids, metric_ids = {k for k, _ in known["goal_names"]}, {k for k, _ in known["metric_names"]}
    return editing.UpdateForm(
        request.form.get("id") or None,
        request.form.get("date", "").strip(),
        [x for x in request.form.getlist("goals") if x in goal_ids],
        [x for x in request.form.getlist("metrics") if x in metric_ids],
        request.form.get("draft", "1") == "1",
        {lang: {f: request.form.get(f"{lang}-{f}", "") for f in editing.UPDATE_FIELDS} for lang in langs},
    )


def titles(form: editing.UpdateForm) -> dict[str, dict]:
    """The update's title in each language the editor words changes in (the first language's where one is
    still empty)."""
    first = form.words[editing.languages(state().project)[0]]["title"].strip()
    return {lang: {"title": (form.words.get(lang, {}).get("title") or "").strip() or first} for lang in worded_langs()}


def _is_update(update_id: str) -> bool:
    project = state().project
    try:
        return editing.update_files(project, update_id, editing.languages(project))["facts"].is_file()
    except editing.EditError:
        return False


def _update_rels(update_id: str) -> list[str]:
    project = state().project
    paths = editing.update_files(project, update_id, editing.languages(project))
    return [p.relative_to(project.content).as_posix() for p in paths.values()]


def _title_errors(form: editing.UpdateForm, langs: list[str]) -> list[editing.FieldError]:
    """A title that gives no address (no letters a–z or digits: `???`): an error at that title, before the
    update's file name (made of the first language's title) or an address is made of it."""
    found = []
    for n, lang in enumerate(langs):
        title, slug = editing.clean(form.words[lang]["title"]), editing.clean(form.words[lang]["slug"])
        if title and not editing.slugify(title) and ((n == 0 and form.id is None) or not slug):
            found.append(
                editing.FieldError(
                    lang,
                    "title",
                    ContentError(
                        f"content/{lang}/updates",
                        None,
                        "title-no-letters",
                        "title: has no letters a-z or digits to make an address of",
                        "write at least one word in the title",
                    ),
                )
            )
    return found


def _all_update_errors(
    form: editing.UpdateForm, errors: list[editing.FieldError], publish: bool, langs: list[str]
) -> list[editing.FieldError]:
    """The errors of a refused save, all at once: a publish also names every language's missing text (the
    content check reaches the text only once the front matter passes), and an address made of an empty
    title is not an error of its own (the title's error says it)."""
    at = {(e.lang, e.field) for e in errors}
    kept = [
        e
        for e in errors
        if not (e.field == "slug" and not editing.clean(form.words[e.lang]["slug"]) and (e.lang, "title") in at)
    ]
    if publish:
        for lang in langs:
            if not editing.clean(form.words[lang]["body"]) and (lang, "body") not in at:
                kept.append(
                    editing.FieldError(
                        lang,
                        "body",
                        ContentError(
                            f"content/{lang}/updates",
                            None,
                            "empty-body",
                            "the update has no text",
                            "write the update below the front matter, or mark it 'draft: true'",
                        ),
                    )
                )
    fields = (None, "date", "title", "slug", "summary", "body", "goals", "metrics")
    return sorted(
        kept,
        key=lambda e: (
            e.lang is not None,
            langs.index(e.lang) if e.lang in langs else 0,
            fields.index(e.field) if e.field in fields else 0,
        ),
    )  # as the form reads
