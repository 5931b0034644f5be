"""What each engine is given besides mkdocs.yml: one language's settings, with the staff's words escaped for the
themes (both engines' templates print them as they are)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from .. import untrusted
from .theme import extra_css, theme_config

if TYPE_CHECKING:
    from . import SiteJob


def site_config(job: SiteJob, shared: dict | None = None) -> dict:
    """The language's settings over the shared mkdocs.yml (what each engine is given besides the file), with the
    staff's words in them escaped for the theme (theme_words), the package's theme as custom_dir with the
    content's logo and favicon, and the colours' style sheet first in extra_css (theme.py)."""
    shared = shared if shared is not None else shared_config(job)
    theme = theme_config(job.theme, shared)
    theme["language"] = job.lang
    extra = dict(shared.get("extra") or {}) | theme_words(job.extra) | {"engine": job.engine}
    return {
        "extra": extra,
        "docs_dir": job.docs_dir,
        "site_dir": job.site_dir,
        "site_url": job.site_url,
        "site_name": untrusted.html(job.site_name),
        "nav": _escaped_nav(job.nav),
        "theme": theme,
        "extra_css": extra_css(shared),
        "copyright": untrusted.html(job.copyright) if job.copyright else job.copyright,
    }


# Both engines' themes print the site's name, the nav's titles (the staff's goal names and update titles), the
# footer's links and the words of the 404 page and the palette as they are, in HTML: Material's templates under
# MkDocs (whose theme environment has no autoescape) and Zensical's own (MiniJinja without autoescape, checked).
# So they are given escaped once (untrusted.html), as Markup: a template that escapes them itself (`| e`) leaves
# Markup alone under Jinja2. (Zensical gets plain strings, whole_config; where its partials escape them a second
# time, _escaped_once undoes it.)
def theme_words(extra: dict) -> dict:
    """The build's own `extra` settings (pipeline.site_job) with their words escaped: the interface words, the
    footer links' titles, the feed's title."""
    extra = dict(extra)
    if "ui" in extra:
        extra["ui"] = {key: untrusted.html(value) for key, value in extra["ui"].items()}
    if "footer_links" in extra:
        extra["footer_links"] = [item | {"title": untrusted.html(item["title"])} for item in extra["footer_links"]]
    if "feed" in extra:
        extra["feed"] = extra["feed"] | {"title": untrusted.html(extra["feed"]["title"])}
    return extra


def _escaped_nav(items: list) -> list:
    """A MkDocs nav (entries `{title: path or [entries]}` or a bare path) with its titles escaped."""
    return [
        {
            untrusted.html(title): _escaped_nav(value) if isinstance(value, list) else value
            for title, value in item.items()
        }
        if isinstance(item, dict)
        else item
        for item in items
    ]


def _plain_strings(value):
    """A configuration with its Markup as plain strings, for YAML (safe_dump writes only plain types)."""
    if isinstance(value, dict):
        return {_plain_strings(k): _plain_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_strings(v) for v in value]
    return str(value) if isinstance(value, str) else value


def shared_config(job: SiteJob) -> dict:
    with open(job.config_file, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def whole_config(job: SiteJob) -> dict:
    """mkdocs.yml as one language's build reads it, in one file (Zensical's, the benchmark's bare MkDocs)."""
    shared = shared_config(job)
    return _plain_strings(shared | site_config(job, shared))
