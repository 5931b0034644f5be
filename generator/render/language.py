"""The stage's entry: one language's docs files, from validated Content and the metrics' series."""

from __future__ import annotations

from ..contents import Content
from ..errors import ContentErrors
from ..metrics import Series
from .env import environment
from .feed import feed
from .pages import LanguageSite
from .redirects import redirects
from .strings import THEME_STRINGS, MissingString, missing_string_error


def generate_language(content: Content, lang: str, series: dict[str, Series]) -> dict[str, str]:
    """One language's docs files, by path under docs/<lang>/: pages, the feed and old-URL redirects (languages
    are independent, so the pipeline runs them in parallel, generator/workers.py). A missing interface string
    raises ContentErrors naming ui.yml."""
    try:
        site = LanguageSite(content, lang, series, environment())
        files = {page.path: site.render(page) for page in site.pages()}
        files["feed.xml"] = feed(content, site.ui, site.views.updates, site.draft_name)
        site.t.require(THEME_STRINGS)  # the theme's words go to the engine later (pipeline.site_job): checked here
        files |= redirects(content, site.ui)
    except MissingString as exc:
        raise ContentErrors([missing_string_error(exc)]) from None
    return files
