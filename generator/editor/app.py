"""The browser editor: a thin web layer (Flask) over editing.py, previews.py and publishing.py, which do the
work, with the same validation as the CLI.

Security: with a users file every page asks for a login (argon2 hashes, failures slow down per address and
per name at that address, sessions kept in this process and ended by logout or a new password, auth.py);
every form that changes something carries a CSRF token (Flask-WTF) and is refused without it, and must come
from the editor's own origin (foreign_origin); a redirect stays in the editor (_local); every value is
escaped (Jinja's autoescape; Markdown previews are cleaned as the site cleans staff Markdown, untrusted.py); a request body is limited in size;
only files under content/ are ever written (editing.inside_content); responses carry a strict
Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
import shutil
import threading
import urllib.parse
from pathlib import Path

import markdown as md
import yaml
from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask import Flask, Response, abort, g, redirect, render_template, request, send_file, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, InternalServerError

from .. import contents, editing, history, previews, publishing, translations, untrusted, updates
from ..errors import SHOWN, ContentError, ContentErrors
from ..pipeline import Project
from . import auth

HERE = Path(__file__).parent
MESSAGES = yaml.safe_load((HERE / "messages.yml").read_text(encoding="utf-8"))
UI_LANGUAGES = ("fi", "sv")
UI_LOCALES = {"fi": Locale("fi", "FI"), "sv": Locale("sv", "FI")}  # dates, numbers and plurals of the editor's words
MAX_UPLOAD = 1024 * 1024  # bytes a request may carry: the longest update is a few kilobytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SITE_CSP = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]*)"')


def create_app(project: Project, users: dict[str, auth.User] | auth.UsersFile | None = None, author: publishing.Author | None = None,
               secure_cookies: bool = False, today=dt.date.today, throttle: auth.Throttle | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD, WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_SECURE=secure_cookies,
    )
    throttle = throttle or auth.Throttle()
    # who is signed in (auth.py): the users file as it is now, the sessions of this process, two cookies
    users_now = users.current if isinstance(users, auth.UsersFile) else (lambda: users)
    sessions = auth.Sessions()
    app.session_interface = auth.SessionCookies(lambda sid: sessions.user(sid, users_now() or {}) is not None)
    cache = previews.ContentCache(project)
    site_csp = _site_csp(project)

    # -- language, login, headers

    def t(key: str, **args) -> str:
        text = MESSAGES["ui"][key][g.lang]
        return text.format(**args) if args else text

    def field_label(name: str) -> str:
        """A field's name in the staff member's language where the editor knows it, else its key."""
        return MESSAGES["fields"].get(name, {}).get(g.lang, name)

    def item_title(it: editing.Item, data: dict | None = None, lang: str | None = None) -> str:
        """An item as staff know it, never by its id (which only the URL keeps): its name in the interface's
        language (or the content's), else the editor's name of that part of the file, else its first words.
        `data`: its words file already read (a file's page names every item); `lang`: another UI language."""
        lang = lang or g.lang
        section = MESSAGES["word_sections"].get(f"{it.file}/{it.id}")
        if section:
            return section[lang]
        shown = editing.values(project, _content_lang(lang), it, data)
        name = next((shown[f] for f in ("name", "term", "title", "what") if shown.get(f)), "")
        if name:
            return name
        if it.id == translations.GENERAL:
            return say(lang, "general")
        return _excerpt(next((v for v in shown.values() if v), "")) or say(lang, "item")

    def _content_lang(lang: str) -> str:
        """The content language an item is named in: the interface's, else the content's first."""
        langs = editing.languages(project)
        return lang if lang in langs else langs[0]

    def group_title(file: str, lang: str | None = None) -> str:
        """A words file as the part of the site it holds (messages.yml word_groups); a page by its own title; a
        file the editor has no name for, by its first item's name."""
        lang = lang or g.lang
        known = MESSAGES["word_groups"].get(file)
        if known:
            return known[lang]
        found = editing.items(project, file)
        return (item_title(found[0], lang=lang) if found else "") or Path(file).stem

    def field_names(it: editing.Item, lang: str | None = None) -> dict[str, str]:
        """Each field of an item by the editor's name for it (messages.yml fields), else by its first words in
        the content (a field keyed by an id, as the strategy's objectives are), never by its key."""
        lang = lang or g.lang
        shown = editing.values(project, _content_lang(lang), it)
        known = MESSAGES["fields"]
        return {f: known[f][lang] if f in known else (_excerpt(shown.get(f, "")) or f"{say(lang, 'field')} {n}")
                for n, f in enumerate(it.fields, 1)}

    def error_text(error: ContentError, field: str | None = None) -> str:
        if error.code == "string-pattern-mismatch" and field == "slug":
            return t("slug_pattern")  # the pattern itself is never shown
        return MESSAGES["errors"].get(error.code, MESSAGES["errors"]["other"])[g.lang]

    def technical(error: ContentError) -> str:
        """The content check's own (English) description of an error, shown collapsed; a pattern it quotes is left
        out (it helps no one)."""
        text = error.message + (f" – {error.hint}" if error.hint else "")
        return re.sub(r"String should match pattern '[^']*'", "String does not match the allowed form", text)

    def tn(key: str, n: int, **args) -> str:
        return say(g.lang, key, n, **args)

    def worded(key: str, per_lang: dict[str, dict]) -> str:
        """A pending change (and commit message) line in every content language the editor speaks, first language
        first (publishing.record): `per_lang` gives each language's values."""
        langs = [lang for lang in editing.languages(project) if lang in UI_LANGUAGES] or list(UI_LANGUAGES)
        return " / ".join(say(lang, key, **per_lang[lang]) for lang in langs)

    def worded_langs() -> list[str]:
        return [lang for lang in editing.languages(project) if lang in UI_LANGUAGES] or list(UI_LANGUAGES)

    def format_when(when: dt.datetime) -> str:
        locale = UI_LOCALES[g.lang]
        return f"{format_date(when, 'long', locale=locale)} {format_time(when, 'short', locale=locale)}"

    def staff_language() -> str:
        chosen = request.cookies.get("editor_lang")
        return chosen if chosen in UI_LANGUAGES else request.accept_languages.best_match(UI_LANGUAGES) or "fi"

    @app.before_request
    def before():
        g.lang = staff_language()
        current = users_now()
        g.user = sessions.user(session.get("sid"), current) if current else None
        if followed_from_another_site():
            return render_template("bounce.html")
        if (request.content_length or 0) > MAX_UPLOAD:
            abort(413)  # said first, from the header alone: the one refusal a person can act on (a smaller file)
        if (refused := foreign_origin()) is not None:
            return refused
        if current and g.user is None and request.endpoint not in ("login", "static", "language"):
            return redirect(url_for("login", next=request.full_path if request.method == "GET" else "/"))

    def followed_from_another_site() -> bool:
        """A link on another site (an e-mail, Teams) opened in the browser: the SameSite=Strict cookies were
        not sent, though the browser may well be signed in. Answering with the login page would make a
        signed-in person sign in again (or lose what they do next); instead a page that at once opens the
        same address again (bounce.html) is sent: that second request comes from the editor's own page, so
        the browser sends its cookies. The Fetch Metadata headers say how the request came; without them
        (an old browser) the request is served as it is, which still overwrites no signed-in cookie
        (auth.SessionCookies)."""
        return (request.method in ("GET", "HEAD") and request.headers.get("Sec-Fetch-Site") == "cross-site"
                and request.headers.get("Sec-Fetch-Mode") == "navigate"
                and not any(name in request.cookies for name in (app.config["SESSION_COOKIE_NAME"], auth.SessionCookies.ANONYMOUS)))

    def foreign_origin():
        """Every request that changes something must come from the editor's own pages: its Origin (or, where
        a browser sent none, its Referer) must be the editor's own origin, as the browser sees it (behind
        the proxy: its scheme, host and port, passed on by waitress from X-Forwarded-Proto/-Host/-Port),
        besides the form's CSRF token. A request with neither header is not from a browser (browsers send
        Origin with every POST), and still needs the token. The refusal: an error page in the staff
        member's language, and a line in the log naming both origins, for whoever sets up the proxy."""
        if request.method in ("GET", "HEAD", "OPTIONS") or request.routing_exception is not None:
            return None
        claimed = request.headers.get("Origin")
        if claimed is None:
            claimed = request.headers.get("Referer") or None
        if claimed is None or _origin_of(claimed) == _origin_of(request.host_url):
            return None
        app.logger.warning("Refused %s %s from %r: the editor's own origin is %s", request.method, request.path,
                           claimed[:200], request.host_url.rstrip("/"))
        return render_template("error.html", message=t("foreign_origin")), 400

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
        return author or publishing.EDITOR

    def error_page_context() -> None:
        """An error may come before `before` ran (or from it): the page still needs the staff language."""
        if "lang" not in g:
            g.lang = staff_language()
        g.setdefault("user", None)

    @app.errorhandler(InternalServerError)
    def unexpected(exc):
        """A fault of the editor, not of the input: Flask has logged the traceback (stderr, the editor's log)
        before this; the person sees the editor's own error page in their language, never a traceback."""
        try:
            error_page_context()
            return render_template("error.html", message=t("server_error")), 500
        except Exception:  # the page itself cannot be made (broken content, say): the words alone
            app.logger.exception("The error page could not be shown")
            return Response(MESSAGES["ui"]["server_error"][g.get("lang", "fi")], 500, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        """A refusal Werkzeug raised with no handler of its own here (405, a malformed body …): its status
        and headers (Allow), and the editor's error page in the staff language."""
        if exc.code is None or exc.code < 400:
            return exc
        error_page_context()
        response = exc.get_response()
        response.set_data(render_template("error.html", message=t("bad_request")))
        response.mimetype = "text/html"
        return response

    @app.errorhandler(CSRFError)
    def csrf_refused(exc):
        """A form whose token was refused (the editor restarted, say) comes back with what was typed and a new
        token; a foreign origin never gets here (foreign_origin refuses it first, with a page of its own)."""
        return typed_form(t("forbidden_kept"), 400) or (render_template("error.html", message=t("forbidden")), 400)

    @app.errorhandler(413)
    def too_large(exc):
        """The body was not read (it is too large to be), so the typed text cannot come back from here: the page
        names the limit and sends the person back to the form, which the browser keeps (the update form also
        checks the size before sending, editor.js)."""
        return render_template("error.html", message=t("too_large", size=upload_limit()), back="too_large_back"), 413

    @app.errorhandler(404)
    def not_found(exc):
        return render_template("error.html", message=t("not_found")), 404

    @app.errorhandler(editing.EditError)
    def bad_edit(exc):
        """A request naming a file or item the content does not have: the form it came from with what was
        typed, where it was one of the editor's forms (typed_form), else a page that offers going back."""
        return typed_form(t("edit_refused"), 400) or (render_template("error.html", message=t("bad_request"), back="back_hint"), 400)

    @app.errorhandler(ContentErrors)
    def broken_content(exc):
        return render_template("error.html", message=t("content_broken"), errors=[editing.FieldError(None, None, e) for e in exc.errors]), 500

    def upload_limit() -> str:
        return say(g.lang, "size_mb", n=MAX_UPLOAD // (1024 * 1024)) if MAX_UPLOAD % (1024 * 1024) == 0 else f"{MAX_UPLOAD // 1024} KiB"

    def typed_form(message: str, status: int):
        """The editor's form a refused request came from (an update, an item's words), with what was typed in it
        and `message` above it, so that a refusal (an expired form, an item that is gone) loses nothing; None when
        the request is not one of those forms. For error handlers: a refused CSRF token can call it too."""
        try:
            if request.endpoint == "save_update":
                form = typed_update()
                form.id = None if form.id and not _is_update(form.id) else form.id
                return update_page(form, request.form.get("version", "") if form.id else editing.update_version(project, None),
                                   status, refused=message)
            if request.endpoint == "save_word_item":
                file, item_id = request.view_args["file"], request.view_args["item_id"]
                it = editing.item(project, file, item_id)
                typed = typed_words(it)
                shown = {lang: editing.values(project, lang, it) | typed[lang] for lang in typed}
                return item_page(file, item_id, it, shown=shown, version=request.form.get("version", ""), refused=message), status
        except (editing.EditError, ContentErrors, KeyError):
            return None
        return None

    def _is_update(update_id: str) -> bool:
        try:
            return editing.update_files(project, update_id, editing.languages(project))["facts"].is_file()
        except editing.EditError:
            return False

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
            address = request.remote_addr or "-"  # behind --behind-proxy: the person's, from X-Forwarded-For
            keys = (f"ip:{address}", f"user:{address}\n{name}")  # per address, and per name at that address
            wait = throttle.wait(*keys)
            if wait > 0:
                message, status = t("login_wait", seconds=math.ceil(wait)), 429
            elif (found := auth.verify(users_now() or {}, name, request.form.get("password", ""))) is not None:
                throttle.succeeded(*keys)
                session.clear()
                session["sid"] = sessions.start(found)
                return redirect(_local(request.args.get("next")))
            else:
                throttle.failed(*keys)
                message, status = t("login_failed"), 401
        return render_template("login.html", message=message), status

    @app.post("/logout")
    def logout():
        sessions.end(session.get("sid"))  # a replayed cookie now signs nobody in
        session.clear()
        response = redirect(url_for("login"))
        app.session_interface.forget(app, response)
        return response

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

    def update_page(form: editing.UpdateForm, version: str, status: int = 200, **extra):
        """The update form; a saved update's also with its history, what else a publish would take along, and
        the ways to unpublish or delete it."""
        saved = form.id is not None and _is_update(form.id)
        past = history.of_files(project, [f"content/{rel}" for rel in _update_rels(form.id)]) if saved else None
        return render_template("update.html", form=form, version=version, history=past, history_limit=history.LIMIT,
                               format_when=format_when, saved_update=saved,
                               others=publishing.pending(project), **names(), **extra), status

    def _update_rels(update_id: str) -> list[str]:
        paths = editing.update_files(project, update_id, editing.languages(project))
        return [p.relative_to(project.content).as_posix() for p in paths.values()]

    def titles(form: editing.UpdateForm) -> dict[str, dict]:
        """The update's title in each language the editor words changes in (the first language's where one is
        still empty)."""
        first = form.words[editing.languages(project)[0]]["title"].strip()
        return {lang: {"title": (form.words.get(lang, {}).get("title") or "").strip() or first} for lang in worded_langs()}

    def typed_update() -> editing.UpdateForm:
        """The update as the form sent it: everything typed, unknown goals and metrics dropped."""
        langs = editing.languages(project)
        known = names()
        goal_ids, metric_ids = {k for k, _ in known["goal_names"]}, {k for k, _ in known["metric_names"]}
        return editing.UpdateForm(
            request.form.get("id") or None, request.form.get("date", "").strip(),
            [x for x in request.form.getlist("goals") if x in goal_ids],
            [x for x in request.form.getlist("metrics") if x in metric_ids],
            request.form.get("draft", "1") == "1",
            {lang: {f: request.form.get(f"{lang}-{f}", "") for f in editing.UPDATE_FIELDS} for lang in langs})

    @app.get("/updates/new")
    def new_update():
        langs = editing.languages(project)
        form = editing.UpdateForm(None, today().isoformat(), [], [], True, {lang: dict.fromkeys(editing.UPDATE_FIELDS, "") for lang in langs})
        return update_page(form, editing.update_version(project, None))

    @app.get("/updates/<update_id>")
    def edit_update(update_id: str):
        try:
            form = editing.read_update(project, update_id)
        except editing.EditError:
            abort(404)
        return update_page(form, editing.update_version(project, update_id))

    @app.post("/updates/save")
    def save_update():
        langs = editing.languages(project)
        form = typed_update()  # first: every refusal below shows what was typed
        if form.id is not None:
            try:
                editing.update_files(project, form.id, langs)  # refuses an id that is not one (a path, say)
            except editing.EditError:
                return typed_form(t("edit_refused"), 400)
            if not _is_update(form.id):  # deleted meanwhile: the text stays, and saving again makes a new update
                return typed_form(t("edit_refused"), 404)
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
            done = publishing.publish(project, author_now(), files, (f"update {uid}", line), today())
            built["pages"] = done.pages
            return done.ok, done.errors, done.written

        result = editing.save_update(project, form, publish, seen, build if publish else None)
        if result.conflict:
            theirs = editing.read_update(project, form.id) if form.id else None
            return update_page(form, editing.update_version(project, form.id), 409, conflict=True, theirs=theirs)
        if not result.ok:
            return update_page(form, seen, 422, errors=_all_update_errors(form, result.errors, publish, langs))
        if result.content is not None:
            cache.saved(result.content)
        saved = editing.read_update(project, result.id)
        if not publish:
            key = "change_update_saved" if saved.published else "change_draft_saved"
            publishing.record(project, f"update {result.id}", worded(key, titles(saved)))
        return update_page(saved, editing.update_version(project, result.id),
                           saved="published_update" if publish else ("saved_published" if saved.published else "saved_draft"),
                           pages=tn("n_pages", built.get("pages", 0)))

    def _title_errors(form: editing.UpdateForm, langs: list[str]) -> list[editing.FieldError]:
        """A title that gives no address (no letters a–z or digits: `???`): an error at that title, before the
        update's file name (made of the first language's title) or an address is made of it."""
        found = []
        for n, lang in enumerate(langs):
            title, slug = editing.clean(form.words[lang]["title"]), editing.clean(form.words[lang]["slug"])
            if title and not updates.slugify(title) and ((n == 0 and form.id is None) or not slug):
                found.append(editing.FieldError(lang, "title", ContentError(
                    f"content/{lang}/updates", None, "title-no-letters", "title: has no letters a-z or digits to make an address of",
                    "write at least one word in the title")))
        return found

    def _all_update_errors(form: editing.UpdateForm, errors: list[editing.FieldError], publish: bool,
                           langs: list[str]) -> list[editing.FieldError]:
        """The errors of a refused save, all at once: a publish also names every language's missing text (the
        content check reaches the text only once the front matter passes), and an address made of an empty
        title is not an error of its own (the title's error says it)."""
        at = {(e.lang, e.field) for e in errors}
        kept = [e for e in errors if not (e.field == "slug" and not editing.clean(form.words[e.lang]["slug"])
                                          and (e.lang, "title") in at)]
        if publish:
            for lang in langs:
                if not editing.clean(form.words[lang]["body"]) and (lang, "body") not in at:
                    kept.append(editing.FieldError(lang, "body", ContentError(
                        f"content/{lang}/updates", None, "empty-body", "the update has no text",
                        "write the update below the front matter, or mark it 'draft: true'")))
        fields = (None, "date", "title", "slug", "summary", "body", "goals", "metrics")
        return sorted(kept, key=lambda e: (e.lang is not None, langs.index(e.lang) if e.lang in langs else 0,
                                           fields.index(e.field) if e.field in fields else 0))  # as the form reads

    @app.post("/markdown")
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

    @app.get("/rounds/new")
    def new_round():
        return render_template("round.html", date=today().isoformat(), pasted="", replace=False)

    @app.get("/rounds/template.xlsx")
    def round_template():
        """The workbook to fill in for a round (as `strategy-site round-template` writes it): every metric with
        its latest figure and the columns to fill, for the date asked (?date=YYYY-MM-DD, else today)."""
        from .. import imports

        try:
            date = dt.date.fromisoformat(request.args.get("date", "") or today().isoformat())
        except ValueError:
            return render_template("round.html", date=request.args.get("date", ""), pasted="", replace=False, bad_date=True), 422
        data = imports.round_template(cache.get(), date)
        response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers["Content-Disposition"] = f'attachment; filename="round-{date.isoformat()}.xlsx"'
        return response

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
        def listed(exc: ContentErrors, table=None) -> dict:
            """The first errors.SHOWN errors, each at its cell where it has one, and a line counting the rest: the
            page of a file with an error on each of its rows stays a page (review row 37: 299 MB)."""
            shown, cells = [], {}
            for e in exc.errors[:SHOWN]:
                at_cell = table is not None and e.line in table.places and e.column
                if at_cell:
                    cells.setdefault((e.line, e.column), []).append(e)
                shown.append(editing.FieldError(None, None, e, f"cell-{e.line}-{e.column}" if at_cell else None))
            rest = exc.total - len(shown)
            more = say(g.lang, "errors_more", rest, total=format_decimal(exc.total, locale=UI_LOCALES[g.lang])) if rest else None
            known = None
            if any(e.error.code == "unknown-metric" for e in shown):  # the metrics by their names in the staff language
                known = ", ".join(f"{n} ({i})" for n, i in imports.metric_names(cache.get(), _content_lang(g.lang)))
            return {"errors": shown, "cell_errors": cells, "more": more, "known_metrics": known, "source": name}

        name = t("pasted_name")
        try:
            if upload is not None and upload.filename:
                name, data = Path(upload.filename).name, upload.read()
                table = imports.read_bytes(data, name)  # the importer's caps: size, rows, a workbook's parts
            elif not pasted.strip():  # neither a file nor cells (an empty file has an error of its own)
                raise ContentErrors([ContentError(name, None, "nothing-pasted", "no file was chosen and no cells were pasted",
                                                  "choose the round's file, or paste its cells with the header row")])
            else:
                data = pasted.encode("utf-8")
                table = imports.read_text_table(pasted, name)
        except ContentErrors as exc:
            return render_template("round.html", date=date_text, pasted=pasted, replace=replace, **listed(exc)), 422
        as_read = imports.table_text(table)  # what was read, so that saving needs no second upload
        found = {"errors": [], "cell_errors": {}, "source": name}
        try:
            imports.check(table, cache.get(), date, project.content)
        except ContentErrors as exc:
            found = listed(exc, table)
        saved = None
        if not found["errors"] and request.form.get("action") == "save":
            try:
                _, rows, _, saved = imports.import_round(project, as_read.encode("utf-8"), name, date, replace)
            except ContentErrors as exc:
                found = listed(exc)
            else:
                publishing.record(project, f"round {date.isoformat()}", worded("change_round", {  # worded: issue 22 usability
                    lang: {"date": date.isoformat(), "figures": say(lang, "n_figures", len(rows)),
                           "name": say(lang, "pasted_name") if name == t("pasted_name") else name} for lang in worded_langs()}))
        status = 422 if found["errors"] else 200
        preview_links = []
        if saved:
            content = cache.get()
            preview_links = [(lang, url_for("preview", lang=lang, page=previews.page_url(content, lang, ("snapshot", date.isoformat()))))
                             for lang in content.languages]
        return render_template("round.html", date=date_text, pasted=as_read, replace=replace, table=table, saved=saved,
                               preview=preview_links, checked=True, **found), status

    @app.get("/words")
    def words():
        first = editing.first_language(project)
        marks = editing.marks(project)
        files = [(f, group_title(f), len(editing.items(project, f)), sum(1 for e in marks if e.get("file") == f))
                 for f in editing.word_files(project, first)]
        return render_template("words.html", files=[x for x in files if not x[0].startswith("pages/")],
                               pages=[x for x in files if x[0].startswith("pages/")])

    @app.get("/words/<path:file>/")
    def word_file(file: str):
        editing.check_file(project, file)
        marks = editing.marks(project)
        data = editing.read_words(project, _content_lang(g.lang), file)  # once, not once per item
        found = [(it, item_title(it, data), sum(1 for e in marks if e.get("file") == file and e.get("item") == it.id))
                 for it in editing.items(project, file)]
        return render_template("file.html", file=file, group=group_title(file), items=found)

    def item_page(file: str, item_id: str, it=None, **extra):
        it = it or editing.item(project, file, item_id)
        langs = editing.languages(project)
        shown = extra.pop("shown", None) or {lang: editing.values(project, lang, it) for lang in langs}
        marks = {(e["lang"], e["field"]): e for e in editing.marks(project) if e.get("file") == file and e.get("item") == it.id}
        past = history.of_files(project, [f"content/{lang}/{file}" for lang in langs])
        previous = {}  # for a translator: what the other language's words were before the change the mark is about
        for (lang, f), mark in marks.items():
            if mark.get("changed_in") in langs and f in it.fields:
                now = editing.values(project, mark["changed_in"], it).get(f, "")
                previous[(lang, f)] = history.earlier_value(project, f"content/{mark['changed_in']}/{file}", _value_reader(it, f), now)
        return render_template("item.html", file=file, it=it, shown=shown, marks=marks, group=group_title(file), previous=previous,
                               labels=field_names(it), history=past, history_limit=history.LIMIT, format_when=format_when,
                               version=extra.pop("version", None) or editing.item_version(project, it),
                               preview=_preview_links(it), **extra)

    def typed_words(it: editing.Item) -> dict[str, dict[str, str]]:
        langs = editing.languages(project)
        return {lang: {f: request.form[f"{lang}-{f}"] for f in it.fields if f not in it.read_only and f"{lang}-{f}" in request.form}
                for lang in langs}  # a field the form did not send is left as it is

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
        typed = typed_words(it)
        confirmed = {(lang, f) for lang in langs for f in it.fields if request.form.get(f"confirm-{lang}-{f}") == "1"}
        seen = request.form.get("version", "")
        result = editing.save_item(project, it, typed, confirmed, seen, today())
        current = {lang: editing.values(project, lang, it) for lang in langs}
        shown = {lang: current[lang] | typed[lang] for lang in langs}
        if result.conflict:  # the page carries the version it shows: saving again from it, having seen it, overwrites
            return item_page(file, item_id, it, shown=shown, version=editing.item_version(project, it), conflict=True,
                             theirs=current), 409
        if not result.ok:
            return item_page(file, item_id, it, shown=shown, version=seen, errors=result.errors), 422
        if result.content is not None:
            cache.saved(result.content)
        if result.changed:
            publishing.record(project, f"words of {file} {item_id}", worded("change_words", {
                lang: {"group": group_title(file, lang), "item": item_title(it, lang=lang), "fields": "; ".join(
                    f"{say(lang, 'lang_' + changed)}: {', '.join(field_names(it, lang)[f] for lg, f in result.changed if lg == changed)}"
                    for changed in langs if any(lg == changed for lg, _ in result.changed) and f"lang_{changed}" in MESSAGES["ui"])}
                for lang in worded_langs()}))
        return item_page(file, item_id, it, saved=True)

    @app.get("/preview/<lang>/")
    @app.get("/preview/<lang>/<path:page>")
    def preview(lang: str, page: str = ""):
        """A page as the site will show it; with ?update=<id>, the site as it will be once that update (a
        draft, say) is published, so a draft can be seen before it goes out."""
        if lang not in editing.languages(project):
            abort(404)
        if "." in page.rsplit("/", 1)[-1]:  # a file the page loads: the theme's style sheets, scripts, icons
            try:  # a NUL or a name too long for the file system is no file of the theme (review row 64)
                found = previews.asset(project, page) if page.isprintable() else None
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
        done = publishing.publish(project, author_now(), today=today())
        if not done.ok:
            return render_template("publish.html", pending=publishing.pending(project), warnings=_warnings(),
                                   errors=[editing.FieldError(None, None, e) for e in done.errors]), 422
        return render_template("publish.html", pending=[], warnings=done.warnings, done=done, pages=tn("n_pages", done.pages))

    @app.route("/updates/<update_id>/<any(unpublish, delete):action>", methods=["GET", "POST"])
    def remove_update(update_id: str, action: str):
        """Unpublish or delete an update: a page that asks first (what happens, what else goes out with it), then
        a publish (the site built without the update's pages, the change committed with a worded message)."""
        try:
            form = editing.read_update(project, update_id)
        except editing.EditError:
            abort(404)
        if action == "unpublish" and not form.published:
            return redirect(url_for("edit_update", update_id=update_id))
        delete = action == "delete"
        version = editing.update_version(project, update_id)
        ask = {"form": form, "action": action, "version": version, "others": publishing.pending(project)}
        if request.method == "GET":
            return render_template("confirm.html", **ask)
        line = worded("change_update_deleted" if delete else "change_update_unpublished", titles(form))
        built = {}

        def build(files):
            done = publishing.publish(project, author_now(), files, (f"update {update_id}", line), today())
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
        return update_page(editing.read_update(project, update_id), editing.update_version(project, update_id),
                           saved="unpublished", pages=pages)

    def _warnings() -> list[ContentError]:
        try:
            return list(cache.get().warnings)
        except ContentErrors:
            return []

    app.jinja_env.globals["text_preview"] = lambda text: text_preview(text)[0]
    app.jinja_env.globals.update(technical=technical, tn=tn, upload_limit=upload_limit, MAX_UPLOAD=MAX_UPLOAD)
    app.jinja_env.globals["GENERAL"] = translations.GENERAL
    return app


def say(lang: str, key: str, n: int | None = None, **args) -> str:
    """One of the editor's words (messages.yml ui) in `lang`; a word with plural forms takes the form for `n` by
    the language's CLDR rule (Babel), and n is written as the language writes numbers."""
    text = MESSAGES["ui"][key][lang]
    if isinstance(text, dict):
        text = text.get(UI_LOCALES[lang].plural_form(n or 0), text["other"])
    if n is not None:
        args = {"n": format_decimal(n, locale=UI_LOCALES[lang])} | args
    return text.format(**args) if args else text


def _value_reader(it: editing.Item, name: str):
    """A function that reads one field of an item from a words file's text (a version of it in git)."""
    def read(text: str) -> str | None:
        try:
            if it.file.startswith("pages/"):
                end = text.find("\n---\n", 3)
                if not text.startswith("---\n") or end < 0:
                    return None
                if name == "body":
                    return text[end + 5:].strip()
                meta = yaml.safe_load(text[4:end + 1])
                return str(meta.get(name) or "") if isinstance(meta, dict) else None
            return translations.lookup(yaml.safe_load(text), translations.field_path(it.id, name))
        except yaml.YAMLError:
            return None
    return read


def _excerpt(text: str, limit: int = 60) -> str:
    """The first words of a text, quoted: what names a field that has no name of its own."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return f"”{text}”" if text else ""


def render_markdown(text: str) -> str:
    """An update's text as HTML for the editor's preview, cleaned as the published site cleans it
    (untrusted.clean_fragment: the same allowlist), so the preview shows what the site will keep."""
    return untrusted.clean_fragment(md.markdown(text, extensions=["tables", "sane_lists"]))


# ---------------------------------------------------------------- the live preview's bounds (issue 22, point 6)

MAX_MARKDOWN = 100_000  # characters the live preview renders: an update's text is a few thousand
PREVIEW_SECONDS = 2  # the longest a preview may render: a few thousand characters take milliseconds
_preview_lock = threading.Lock()
_preview_context = None


def bounded_markdown(text: str) -> str | None:
    """render_markdown(text) in a process of its own, stopped after PREVIEW_SECONDS; None when it was.
    Python-Markdown takes quadratic time on some texts ("[a](" repeated: 100 000 characters took 145 s;
    Python-Markdown issue #798, open) and a thread cannot be stopped, a process can. The process is forked
    from a fork server that has this module loaded (multiprocessing's forkserver), so one costs milliseconds,
    not an interpreter's start; it also limits its own CPU time, so it ends even if the editor is gone."""
    global _preview_context
    import multiprocessing

    with _preview_lock:
        if _preview_context is None:
            methods = multiprocessing.get_all_start_methods()
            _preview_context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                _preview_context.set_forkserver_preload([__name__])
    receive, send = _preview_context.Pipe(duplex=False)
    child = _preview_context.Process(target=_render_in_child, args=(text, send), daemon=True)
    try:
        child.start()
        send.close()
        return receive.recv() if receive.poll(PREVIEW_SECONDS) else None
    except EOFError:  # the child died before answering (its CPU limit)
        return None
    finally:
        receive.close()
        send.close()
        if child.pid is not None:  # (it started)
            if child.is_alive():
                child.kill()
            child.join()


def _render_in_child(text: str, send) -> None:
    import resource

    seconds = PREVIEW_SECONDS + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))  # the kernel ends it, whatever the editor does
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    send.send(render_markdown(text))
    send.close()


def _local(target: str | None) -> str:
    """A redirect target inside the editor only: a path starting with a single "/", with no scheme or host
    (as urllib reads it), no backslash and no control character (a tab or newline that browsers drop or
    that would break the Location header), else "/"."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    try:
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        return "/"
    return "/" if parts.scheme or parts.netloc else target


def _origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL or an Origin header, the default port filled in; None for "null" or
    anything that is not an http(s) URL."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80)


def _site_csp(project: Project) -> str:
    """The published site's own policy (deploy/nginx.conf) for preview pages, so a preview runs exactly the
    scripts the site would and nothing typed into a field."""
    conf = project.root / "deploy" / "nginx.conf"
    found = SITE_CSP.search(conf.read_text(encoding="utf-8")) if conf.is_file() else None
    return found.group(1) if found else "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
