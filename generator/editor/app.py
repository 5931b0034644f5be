"""The browser editor: a thin web layer (Flask) over the editing library (generator/editing/), which does the
work, with the same validation as the CLI. Its screens are blueprints (signin_views, site_views,
updates_views, words_views, rounds_views) over the editor's state (shared.EditorState); this module holds
what guards them all.

Security: with a users file every page asks for a login (argon2 hashes, failures slow down per address and
per name at that address, sessions kept in this process and ended by logout or a new password, auth.py);
every form that changes something carries a CSRF token (Flask-WTF) and is refused without it, and must come
from the editor's own origin (foreign_origin); a redirect stays in the editor (shared.local); every value is
escaped (Jinja's autoescape; Markdown previews are cleaned as the site cleans staff Markdown, untrusted.py); a
request body is limited in size; only files under content/ are ever written (editing.inside_content);
responses carry a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import urllib.parse

from flask import Flask, Response, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, InternalServerError

from .. import editing, nginx, translations
from ..editing import commits
from ..errors import ContentErrors
from ..pipeline import Project
from . import auth, rounds_views, signin_views, site_views, updates_views, words_views
from .shared import (
    HERE,
    MAX_UPLOAD,
    MESSAGES,
    UI_LANGUAGES,
    EditorState,
    build_output,
    error_text,
    field_errors,
    field_label,
    item_title,
    places,
    specifics,
    staff_language,
    state,
    t,
    tn,
    upload_limit,
)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SITE_CSP = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]*)"')
OPEN_ENDPOINTS = ("signin.login", "static", "signin.language")  # what a person not signed in may reach
BLUEPRINTS = (signin_views.bp, site_views.bp, updates_views.bp, words_views.bp, rounds_views.bp)


def create_app(
    project: Project,
    users: dict[str, auth.User] | auth.UsersFile | None = None,
    author: commits.Author | None = None,
    secure_cookies: bool = False,
    today=dt.date.today,
    throttle: auth.Throttle | None = None,
) -> Flask:
    """The editor for `project`. `users`: who may sign in (None: no login, on loopback only); `author`: who
    commits when no one signs in (else the editor's neutral name, commits.EDITOR)."""
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure_cookies,
    )
    # who is signed in (auth.py): the users file as it is now, the sessions of this process, two cookies
    users_now = users.current if isinstance(users, auth.UsersFile) else (lambda: users)
    sessions = auth.Sessions()
    app.session_interface = auth.SessionCookies(lambda sid: sessions.user(sid, users_now() or {}) is not None)
    app.extensions["editor"] = EditorState(
        project=project,
        cache=editing.preview.ContentCache(project),
        author=author or commits.EDITOR,
        throttle=throttle or auth.Throttle(),
        users=users_now,
        sessions=sessions,
        site_csp=_site_csp(project),
        today=today,
        secure_cookies=secure_cookies,
        login_required=bool(users),
    )
    app.before_request(before)
    CSRFProtect(app)  # after `before`: a refusal is then worded in the staff member's language
    app.after_request(headers)
    app.context_processor(helpers)
    _handle_errors(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.jinja_env.globals["text_preview"] = lambda text: updates_views.text_preview(text)[0]
    app.jinja_env.globals.update(
        specifics=specifics,
        places=places,
        build_output=build_output,
        tn=tn,
        upload_limit=upload_limit,
        MAX_UPLOAD=MAX_UPLOAD,
    )
    app.jinja_env.globals.update(GENERAL=translations.GENERAL, UI_LANGUAGES=UI_LANGUAGES)
    return app


def before():
    g.lang = staff_language()
    current = state().users()
    g.user = state().sessions.user(session.get("sid"), current) if current else None
    if followed_from_another_site():
        return render_template("bounce.html")
    if (request.content_length or 0) > MAX_UPLOAD:
        abort(413)  # said first, from the header alone: the one refusal a person can act on (a smaller file)
    if (refused := foreign_origin()) is not None:
        return refused
    if current and g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("signin.login", next=request.full_path if request.method == "GET" else "/"))


def followed_from_another_site() -> bool:
    """A link on another site (an e-mail, Teams) opened in the browser: the SameSite=Strict cookies were
    not sent, though the browser may well be signed in. Answering with the login page would make a
    signed-in person sign in again (or lose what they do next); instead a page that at once opens the
    same address again (bounce.html) is sent: that second request comes from the editor's own page, so
    the browser sends its cookies. The Fetch Metadata headers say how the request came; without them
    (an old browser) the request is served as it is, which still overwrites no signed-in cookie
    (auth.SessionCookies)."""
    cookies = (current_app.config["SESSION_COOKIE_NAME"], auth.SessionCookies.ANONYMOUS)
    return (
        request.method in ("GET", "HEAD")
        and request.headers.get("Sec-Fetch-Site") == "cross-site"
        and request.headers.get("Sec-Fetch-Mode") == "navigate"
        and not any(name in request.cookies for name in cookies)
    )


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
    current_app.logger.warning(
        "Refused %s %s from %r: the editor's own origin is %s",
        request.method,
        request.path,
        claimed[:200],
        request.host_url.rstrip("/"),
    )
    return render_template("error.html", message=t("foreign_origin")), 400


def headers(response: Response) -> Response:
    preview = request.endpoint == "site.preview" and response.mimetype == "text/html"
    response.headers["Content-Security-Policy"] = state().site_csp if preview else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def helpers() -> dict:
    editor = state()
    return {
        "t": t,
        "error_text": error_text,
        "field_label": field_label,
        "item_title": item_title,
        "lang": g.lang,
        "user": g.user,
        "login_required": editor.login_required,
        "languages": editing.languages(editor.project),
        "language_name": lambda code: t(f"lang_{code}"),
    }


# -- errors


def _handle_errors(app: Flask) -> None:
    app.register_error_handler(InternalServerError, unexpected)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(413, too_large)
    app.register_error_handler(404, not_found)
    app.register_error_handler(editing.EditError, bad_edit)
    app.register_error_handler(ContentErrors, broken_content)


def error_page_context() -> None:
    """An error may come before `before` ran (or from it): the page still needs the staff language."""
    if "lang" not in g:
        g.lang = staff_language()
    g.setdefault("user", None)


def unexpected(exc):
    """A fault of the editor, not of the input: Flask has logged the traceback (stderr, the editor's log)
    before this; the person sees the editor's own error page in their language, never a traceback."""
    try:
        error_page_context()
        return render_template("error.html", message=t("server_error")), 500
    except Exception:  # the page itself cannot be made (broken content, say): the words alone
        current_app.logger.exception("The error page could not be shown")
        return Response(MESSAGES["ui"]["server_error"][g.get("lang", "fi")], 500, mimetype="text/plain")


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


def csrf_refused(exc):
    """A form whose token was refused (the editor restarted, say) comes back with what was typed and a new
    token; a foreign origin never gets here (foreign_origin refuses it first, with a page of its own)."""
    return typed_form(t("forbidden_kept"), 400) or (render_template("error.html", message=t("forbidden")), 400)


def too_large(exc):
    """The body was not read (it is too large to be), so the typed text cannot come back from here: the page
    names the limit and sends the person back to the form, which the browser keeps (the update form also
    checks the size before sending, editor.js)."""
    return render_template("error.html", message=t("too_large", size=upload_limit()), back="too_large_back"), 413


def not_found(exc):
    return render_template("error.html", message=t("not_found")), 404


def bad_edit(exc):
    """A request naming a file or item the content does not have: the form it came from with what was
    typed, where it was one of the editor's forms (typed_form), else a page that offers going back."""
    return typed_form(t("edit_refused"), 400) or (
        render_template("error.html", message=t("bad_request"), back="back_hint"),
        400,
    )


def broken_content(exc):
    return render_template("error.html", message=t("content_broken"), errors=field_errors(exc.errors)), 500


def typed_form(message: str, status: int):
    """The editor's form a refused request came from (an update, an item's words), with what was typed in it
    and `message` above it, so that a refusal (an expired form, an item that is gone) loses nothing; None when
    the request is not one of those forms. For error handlers: a refused CSRF token can call it too."""
    try:
        if request.endpoint == "updates.save_update":
            return updates_views.refused_form(message, status)
        if request.endpoint == "words.save_word_item":
            return words_views.refused_form(message, status)
    except (editing.EditError, ContentErrors, KeyError):
        return None
    return None


# -- origins and policies


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
    """The published site's own policy for preview pages, so a preview runs exactly the scripts the site would
    and nothing typed into a field: the project's deploy/nginx.conf when it keeps one, else the package's
    configuration's (what `strategy-site nginx-config` writes for it)."""
    conf = project.root / "deploy" / "nginx.conf"
    found = SITE_CSP.search(conf.read_text(encoding="utf-8")) if conf.is_file() else None
    return found.group(1) if found else nginx.policy()
