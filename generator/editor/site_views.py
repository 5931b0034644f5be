"""The site screens: the home page (what is pending, marked, written), a page previewed as the site will show
it (editing/preview.py), and the publish (editing/publishing.py)."""

from __future__ import annotations

import shutil

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for

from .. import editing, loading
from ..editing import publishing
from ..errors import ContentError, ContentErrors
from ..pipeline import Project
from .shared import author_now, field_errors, state, t, tn

bp = Blueprint("site", __name__)


@bp.get("/")
def home():
    project = state().project
    return render_template(
        "home.html",
        pending=publishing.pending(project),
        marks=editing.marks(project),
        updates=editing.list_updates(project),
    )


@bp.get("/preview/<lang>/")
@bp.get("/preview/<lang>/<path:page>")
def preview(lang: str, page: str = ""):
    """A page as the site will show it; with ?update=<id>, the site as it will be once that update (a
    draft, say) is published, so a draft can be seen before it goes out."""
    project = state().project
    if lang not in editing.languages(project):
        abort(404)
    if "." in page.rsplit("/", 1)[-1]:  # a file the page loads: the theme's style sheets, scripts, icons
        try:  # a NUL or a name too long for the file system is no file of the theme (review row 64)
            found = editing.preview.asset(project, page) if page.isprintable() else None
        except (ValueError, OSError):
            found = None
        if found is None:
            abort(404)
        return send_file(found, max_age=0)
    update_id = request.args.get("update")
    folder = None
    try:  # staging refuses content with a symbolic link: an error page with the errors, not a fault
        folder = editing.stage(project, editing.publish_files(project, update_id)) if update_id else None
        staged = Project(project.root, content_dir=folder / "content") if folder else project
        content = loading.load(staged.content) if folder else state().cache.get()
        if update_id and not page:
            return redirect(
                url_for(
                    "site.preview",
                    lang=lang,
                    page=editing.preview.page_url(content, lang, ("update", update_id)),
                    update=update_id,
                )
            )
        try:
            key = editing.preview.page_key(content, lang, page)
        except editing.preview.NoSuchPage:
            abort(404)
        html = editing.preview.render(staged, lang, key, request.host_url + "preview/", content)
    except ContentErrors as exc:
        return render_template("error.html", message=t("no_preview"), errors=field_errors(exc.errors)), 422
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    return Response(html, mimetype="text/html")


@bp.route("/publish", methods=["GET", "POST"])
def publish():
    project = state().project
    if request.method == "GET":
        return render_template("publish.html", pending=publishing.pending(project), warnings=_warnings())
    done = publishing.publish(project, author_now(), today=state().today())
    if not done.ok:
        return render_template(
            "publish.html", pending=publishing.pending(project), warnings=_warnings(), errors=field_errors(done.errors)
        ), 422
    return render_template(
        "publish.html", pending=[], warnings=done.warnings, done=done, pages=tn("n_pages", done.pages)
    )


def _warnings() -> list[ContentError]:
    try:
        return list(state().cache.get().warnings)
    except ContentErrors:
        return []
