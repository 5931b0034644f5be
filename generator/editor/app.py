"""The browser editor: a thin web layer (Flask) over editing.py, previews.py and publishing.py, which do the
work, with the same validation as the CLI.

Security: with a users file every page asks for a login (argon2 hashes, failures slow down, auth.py);
every form that changes something carries a CSRF token (Flask-WTF) and is refused without it; every value is
escaped (Jinja's autoescape; Markdown previews are cleaned with nh3); a request body is limited in size;
only files under content/ are ever written (editing.inside_content); responses carry a strict
Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
import shutil
from pathlib import Path

import markdown as md
import nh3
import yaml
from flask import Flask, Response, abort, g, redirect, render_template, request, send_file, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from .. import contents, editing, previews, publishing, translations
from ..errors import ContentError, ContentErrors
from ..pipeline import Project
from . import auth

HERE = Path(__file__).parent
MESSAGES = yaml.safe_load((HERE / "messages.yml").read_text(encoding="utf-8"))
UI_LANGUAGES = ("fi", "sv")
MAX_UPLOAD = 1024 * 1024  # bytes a request may carry: the longest update is a few kilobytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SITE_CSP = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]*)"')


def create_app(project: Project, users: dict[str, auth.User] | None = None, author: publishing.Author | None = None,
               secure_cookies: bool = False, today=dt.date.today, throttle: auth.Throttle | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD, WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_SECURE=secure_cookies,
    )
    throttle = throttle or auth.Throttle()
    cache = previews.ContentCache(project)
    site_csp = _site_csp(project)

    # -- language, login, headers

    def t(key: str, **args) -> str:
        text = MESSAGES["ui"][key][g.lang]
        return text.format(**args) if args else text

    def field_label(name: str) -> str:
        """A field's name in the staff member's language where the editor knows it, else its key."""
        return MESSAGES["fields"].get(name, {}).get(g.lang, name)

    def words_lang() -> str:
        """The content language an item is named in: the interface's, else the content's first."""
        langs = editing.languages(project)
        return g.lang if g.lang in langs else langs[0]

    def item_title(it: editing.Item, data: dict | None = None) -> str:
        """An item as staff know it: its name in the interface's language (or the content's first), and its id;
        `data`: its words file already read (a file's page names every item)."""
        if it.id == translations.GENERAL:
            return t("general")
        shown = editing.values(project, words_lang(), it, data)
        name = next((shown[f] for f in ("name", "term", "title", "what") if shown.get(f)), "")
        return f"{name} ({it.id})" if name else it.id

    def error_text(error: ContentError) -> str:
        return MESSAGES["errors"].get(error.code, MESSAGES["errors"]["other"])[g.lang]

    @app.before_request
    def before():
        chosen = request.cookies.get("editor_lang")
        g.lang = chosen if chosen in UI_LANGUAGES else request.accept_languages.best_match(UI_LANGUAGES) or "fi"
        g.user = users.get(session.get("user")) if users else None
        if users and g.user is None and request.endpoint not in ("login", "static", "language"):
            return redirect(url_for("login", next=request.full_path if request.method == "GET" else "/"))

    CSRFProtect(app)  # after `before`: a refusal is then worded in the staff member's language

    @app.after_request
    def headers(response: Response) -> Response:
        preview = request.endpoint == "preview" and response.mimetype == "text/html"
        response.headers["Content-Security-Policy"] = site_csp if preview else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def helpers():
        return {"t": t, "error_text": error_text, "field_label": field_label, "item_title": item_title, "lang": g.lang,
                "user": g.user, "login_required": bool(users), "languages": editing.languages(project),
                "language_name": lambda code: t(f"lang_{code}")}

    def author_now() -> publishing.Author:
        if g.user:
            return publishing.Author(g.user.name, g.user.email)
        return author or publishing.Author("Strategy editor", "editor@localhost")

    @app.errorhandler(CSRFError)
    def csrf_refused(exc):
        return render_template("error.html", message=t("forbidden")), 400

    @app.errorhandler(413)
    def too_large(exc):
        return render_template("error.html", message=t("too_large", size=f"{MAX_UPLOAD // 1024} KiB")), 413

    @app.errorhandler(404)
    def not_found(exc):
        return render_template("error.html", message=t("not_found")), 404

    @app.errorhandler(editing.EditError)
    def bad_edit(exc):
        return render_template("error.html", message=t("bad_request")), 400

    @app.errorhandler(ContentErrors)
    def broken_content(exc):
        return render_template("error.html", message=t("content_broken"), errors=[editing.FieldError(None, None, e) for e in exc.errors]), 500

    @app.post("/language")
    def language():
        chosen = request.form.get("lang")
        response = redirect(_local(request.form.get("next")))
        if chosen in UI_LANGUAGES:
            response.set_cookie("editor_lang", chosen, max_age=365 * 86400, samesite="Strict", httponly=True, secure=secure_cookies)
        return response

    @app.route("/login", methods=["GET", "POST"])
    def login():
        message = None
        status = 200
        if request.method == "POST":
            name = request.form.get("user", "")
            keys = (f"user:{name}", f"ip:{request.remote_addr}")
            wait = throttle.wait(*keys)
            if wait > 0:
                message, status = t("login_wait", seconds=math.ceil(wait)), 429
            elif (found := auth.verify(users or {}, name, request.form.get("password", ""))) is not None:
                throttle.succeeded(*keys)
                session.clear()
                session["user"] = found.user
                return redirect(_local(request.args.get("next")))
            else:
                throttle.failed(*keys)
                message, status = t("login_failed"), 401
        return render_template("login.html", message=message), status

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"))

    # -- pages

    @app.get("/")
    def home():
        return render_template("home.html", pending=publishing.pending(project), marks=editing.marks(project),
                               updates=editing.list_updates(project))

    @app.get("/updates")
    def update_list():
        return render_template("updates.html", updates=editing.list_updates(project))

    def names() -> dict:
        """Goals and metrics by their names in the editor's language (in the content's language when the
        content has it), for choosing them."""
        content = cache.get()
        words_lang = g.lang if g.lang in content.languages else content.languages[0]
        w = content.words[words_lang]
        goals = [(gid, f"{w.strategy.themes[th.id].name}: {w.strategy.goals[gid].name}") for th in content.strategy.themes for gid in th.goals]
        metrics = [(m.id, w.metrics[m.id].name) for m in content.metrics]
        return {"goal_names": goals, "metric_names": metrics, "content": content}

    @app.get("/updates/new")
    def new_update():
        langs = editing.languages(project)
        form = editing.UpdateForm(None, today().isoformat(), [], [], True, {lang: dict.fromkeys(editing.UPDATE_FIELDS, "") for lang in langs})
        return render_template("update.html", form=form, version=editing.update_version(project, None), **names())

    @app.get("/updates/<update_id>")
    def edit_update(update_id: str):
        try:
            form = editing.read_update(project, update_id)
        except editing.EditError:
            abort(404)
        return render_template("update.html", form=form, version=editing.update_version(project, update_id), **names())

    @app.post("/updates/save")
    def save_update():
        langs = editing.languages(project)
        update_id = request.form.get("id") or None
        if update_id is not None:
            editing.update_files(project, update_id, langs)  # refuses an id that is not one (a path, say)
            if not (project.content / "updates" / f"{update_id}.yml").is_file():
                abort(404)
        known = names()
        goal_ids, metric_ids = {k for k, _ in known["goal_names"]}, {k for k, _ in known["metric_names"]}
        form = editing.UpdateForm(
            update_id, request.form.get("date", "").strip(),
            [x for x in request.form.getlist("goals") if x in goal_ids],
            [x for x in request.form.getlist("metrics") if x in metric_ids],
            request.form.get("draft", "1") == "1",
            {lang: {f: request.form.get(f"{lang}-{f}", "") for f in editing.UPDATE_FIELDS} for lang in langs})
        action = request.form.get("action", "save")
        seen = request.form.get("version", "")
        if action == "text-preview":
            return render_template("update.html", form=form, version=seen, **known)
        publish = action == "publish"

        def build(files, uid):  # publishing an update builds the site before its files are written
            done = publishing.publish(project, author_now(), files, (f"update {uid}", "published"))
            return done.ok, done.errors, done.written

        result = editing.save_update(project, form, publish, seen, build if publish else None)
        if result.conflict:
            return render_template("update.html", form=form, version=seen, conflict=True, **known), 409
        if not result.ok:
            return render_template("update.html", form=form, version=seen, errors=result.errors, **known), 422
        if result.content is not None:
            cache.saved(result.content)
        if not publish:
            publishing.record(project, f"update {result.id}", "saved")
        saved = editing.read_update(project, result.id)
        return render_template("update.html", form=saved, version=editing.update_version(project, result.id),
                               saved="published_update" if publish else ("saved" if saved.published else "saved_draft"),
                               pages=len(result.written), **names())

    @app.post("/markdown")
    def markdown_preview():
        return {"html": render_markdown(request.form.get("text", ""))}

    @app.get("/rounds/new")
    def new_round():
        return render_template("round.html", date=today().isoformat(), pasted="", replace=False)

    @app.post("/rounds/new")
    def check_round():
        """A round from an uploaded file or cells pasted from a spreadsheet: checked by the importer (the build's
        snapshot checks), shown as a table with each problem at its cell; saved only when nothing is wrong."""
        from .. import imports

        date_text = request.form.get("date", "").strip()
        pasted = request.form.get("pasted", "")
        upload = request.files.get("file")
        replace = request.form.get("replace") == "1"
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            return render_template("round.html", date=date_text, pasted=pasted, replace=replace, bad_date=True), 422
        try:
            if upload is not None and upload.filename:
                name, data = Path(upload.filename).name, upload.read()
                table = imports.read_bytes(data, name)
            else:
                name, data = t("pasted_name"), pasted.encode("utf-8")
                table = imports.read_text_table(pasted, name)
        except ContentErrors as exc:
            return render_template("round.html", date=date_text, pasted=pasted, replace=replace,
                                   errors=[editing.FieldError(None, None, e) for e in exc.errors]), 422
        as_read = imports.table_text(table)  # what was read, so that saving needs no second upload
        errors, cell_errors = [], {}
        try:
            imports.check(table, cache.get(), date, project.content)
        except ContentErrors as exc:
            for e in exc.errors:
                at_cell = e.line in table.places and e.column
                if at_cell:
                    cell_errors.setdefault((e.line, e.column), []).append(e)
                errors.append(editing.FieldError(None, None, e, f"cell-{e.line}-{e.column}" if at_cell else None))
        saved = None
        if not errors and request.form.get("action") == "save":
            try:
                _, rows, _, saved = imports.import_round(project, as_read.encode("utf-8"), name, date, replace)
            except ContentErrors as exc:
                errors = [editing.FieldError(None, None, e) for e in exc.errors]
            else:
                publishing.record(project, f"round {date.isoformat()}", f"saved ({len(rows)} figures from {name})")
        status = 422 if errors else 200
        preview_links = []
        if saved:
            content = cache.get()
            preview_links = [(lang, url_for("preview", lang=lang, page=previews.page_url(content, lang, ("snapshot", date.isoformat()))))
                             for lang in content.languages]
        return render_template("round.html", date=date_text, pasted=as_read, replace=replace, table=table, errors=errors,
                               cell_errors=cell_errors, saved=saved, preview=preview_links, checked=True), status

    @app.get("/words")
    def words():
        first = editing.first_language(project)
        marks = editing.marks(project)
        files = [(f, len(editing.items(project, f)), sum(1 for e in marks if e.get("file") == f)) for f in editing.word_files(project, first)]
        return render_template("words.html", files=files)

    @app.get("/words/<path:file>/")
    def word_file(file: str):
        editing.check_file(project, file)
        marks = editing.marks(project)
        data = editing.read_words(project, words_lang(), file)  # once, not once per item
        found = [(it, item_title(it, data), sum(1 for e in marks if e.get("file") == file and e.get("item") == it.id))
                 for it in editing.items(project, file)]
        return render_template("file.html", file=file, items=found)

    def item_page(file: str, item_id: str, it=None, **extra):
        it = it or editing.item(project, file, item_id)
        langs = editing.languages(project)
        shown = extra.pop("shown", None) or {lang: editing.values(project, lang, it) for lang in langs}
        marks = {(e["lang"], e["field"]): e for e in editing.marks(project) if e.get("file") == file and e.get("item") == it.id}
        return render_template("item.html", file=file, it=it, shown=shown, marks=marks,
                               version=extra.pop("version", None) or editing.item_version(project, it),
                               preview=_preview_links(it), **extra)

    def _preview_links(it) -> list[tuple[str, str]]:
        try:
            content = cache.get()
            key = previews.item_page(content, it.file, it.id)
            return [(lang, url_for("preview", lang=lang, page=previews.page_url(content, lang, key))) for lang in content.languages]
        except (ContentErrors, KeyError):
            return []

    @app.get("/words/<path:file>/<item_id>")
    def word_item(file: str, item_id: str):
        return item_page(file, item_id)

    @app.post("/words/<path:file>/<item_id>")
    def save_word_item(file: str, item_id: str):
        it = editing.item(project, file, item_id)
        langs = editing.languages(project)
        typed = {lang: {f: request.form[f"{lang}-{f}"] for f in it.fields if f not in it.read_only and f"{lang}-{f}" in request.form}
                 for lang in langs}  # a field the form did not send is left as it is
        confirmed = {(lang, f) for lang in langs for f in it.fields if request.form.get(f"confirm-{lang}-{f}") == "1"}
        seen = request.form.get("version", "")
        result = editing.save_item(project, it, typed, confirmed, seen, today())
        current = {lang: editing.values(project, lang, it) for lang in langs}
        shown = {lang: current[lang] | typed[lang] for lang in langs}
        if result.conflict:
            return item_page(file, item_id, it, shown=shown, version=seen, conflict=True, theirs=current), 409
        if not result.ok:
            return item_page(file, item_id, it, shown=shown, version=seen, errors=result.errors), 422
        if result.content is not None:
            cache.saved(result.content)
        if result.changed:
            fields = ", ".join(f"{lang}: {f}" for lang, f in result.changed)
            publishing.record(project, f"words of {file} {item_id}", f"({fields})")
        return item_page(file, item_id, it, saved=True)

    @app.get("/preview/<lang>/")
    @app.get("/preview/<lang>/<path:page>")
    def preview(lang: str, page: str = ""):
        """A page as the site will show it; with ?update=<id>, the site as it will be once that update (a
        draft, say) is published, so a draft can be seen before it goes out."""
        if lang not in editing.languages(project):
            abort(404)
        if "." in page.rsplit("/", 1)[-1]:  # a file the page loads: the theme's style sheets, scripts, icons
            found = previews.asset(project, page)
            if found is None:
                abort(404)
            return send_file(found, max_age=0)
        update_id = request.args.get("update")
        folder = editing.stage(project, editing.publish_files(project, update_id)) if update_id else None
        try:
            staged = Project(project.root, content_dir=folder / "content") if folder else project
            content = contents.load(staged.content) if folder else cache.get()
            if update_id and not page:
                return redirect(url_for("preview", lang=lang, page=previews.page_url(content, lang, ("update", update_id)), update=update_id))
            try:
                key = previews.page_key(content, lang, page)
            except previews.NoSuchPage:
                abort(404)
            html = previews.render(staged, lang, key, request.host_url + "preview/", content)
        except ContentErrors as exc:
            return render_template("error.html", message=t("no_preview"),
                                   errors=[editing.FieldError(None, None, e) for e in exc.errors]), 422
        finally:
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        return Response(html, mimetype="text/html")

    @app.route("/publish", methods=["GET", "POST"])
    def publish():
        if request.method == "GET":
            return render_template("publish.html", pending=publishing.pending(project), warnings=_warnings())
        done = publishing.publish(project, author_now())
        if not done.ok:
            return render_template("publish.html", pending=publishing.pending(project), warnings=_warnings(),
                                   errors=[editing.FieldError(None, None, e) for e in done.errors]), 422
        return render_template("publish.html", pending=[], warnings=done.warnings, done=done)

    def _warnings() -> list[ContentError]:
        try:
            return list(cache.get().warnings)
        except ContentErrors:
            return []

    app.jinja_env.globals["render_markdown"] = render_markdown
    app.jinja_env.globals["GENERAL"] = translations.GENERAL
    return app


def render_markdown(text: str) -> str:
    """An update's text as HTML for the editor's preview, cleaned of scripts and other active content."""
    return nh3.clean(md.markdown(text, extensions=["tables", "sane_lists"]))


def _local(target: str | None) -> str:
    """A redirect target inside the editor only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _site_csp(project: Project) -> str:
    """The published site's own policy (deploy/nginx.conf) for preview pages, so a preview runs exactly the
    scripts the site would and nothing typed into a field."""
    conf = project.root / "deploy" / "nginx.conf"
    found = SITE_CSP.search(conf.read_text(encoding="utf-8")) if conf.is_file() else None
    return found.group(1) if found else "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
