"""Signing in and out (auth.py does the checking), and the choice of the editor's language: the screens a
person who is not signed in may reach (app.OPEN_ENDPOINTS)."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from . import auth
from .shared import UI_LANGUAGES, local, state, t

bp = Blueprint("signin", __name__)


@bp.post("/language")
def language():
    chosen = request.form.get("lang")
    response = redirect(local(request.form.get("next")))
    if chosen in UI_LANGUAGES:
        response.set_cookie(
            "editor_lang", chosen, max_age=365 * 86400, samesite="Strict", httponly=True, secure=state().secure_cookies
        )
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    message = None
    status = 200
    if request.method == "POST":
        editor = state()
        name = request.form.get("user", "")
        address = request.remote_addr or "-"  # behind --behind-proxy: the person's, from X-Forwarded-For
        keys = (f"ip:{address}", f"user:{address}\n{name}")  # per address, and per name at that address
        wait = editor.throttle.wait(*keys)
        if wait > 0:
            message, status = t("login_wait", seconds=math.ceil(wait)), 429
        elif (found := auth.verify(editor.users() or {}, name, request.form.get("password", ""))) is not None:
            editor.throttle.succeeded(*keys)
            session.clear()
            session["sid"] = editor.sessions.start(found)
            return redirect(local(request.args.get("next")))
        else:
            editor.throttle.failed(*keys)
            message, status = t("login_failed"), 401
    return render_template("login.html", message=message), status


@bp.post("/logout")
def logout():
    state().sessions.end(session.get("sid"))  # a replayed cookie now signs nobody in
    session.clear()
    response = redirect(url_for("signin.login"))
    current_app.session_interface.forget(current_app, response)
    return response
