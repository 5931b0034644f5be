"""The plain HTML pages outside the Markdown: a redirect at each old URL of a language, and the bilingual page
at the top of site/."""

from __future__ import annotations

from ..contents import Content
from ..urls import relative, url_of
from .env import html_environment
from .strings import Interface


def redirect_page(
    lang: str, old_url: str, new_url: str, absolute: str, moved_title: str, site_name: str, moved_text: str
) -> str:
    """A static page at an old URL that sends the reader (and search engines) to the page's current URL; a reader
    whose browser does not follow it (or who sees it a moment) reads in words that the page has moved, and where."""
    target = relative(new_url, old_url) + "/"
    before, _, after = moved_text.partition("{link}")
    return (
        html_environment()
        .get_template("redirect.html.j2")
        .render(
            lang=lang,
            target=target,
            absolute=absolute,
            title=f"{moved_title} – {site_name}",
            before=before,
            after=after,
        )
    )


def redirects(content: Content, ui: Interface) -> dict[str, str]:
    """One language's redirect pages, by docs path: one at each old URL of the plan (content.urls.old)."""
    lang, paths = ui.lang, content.urls.pages[ui.lang]
    files = {}
    for old, key in sorted(content.urls.old[lang].items()):
        files[url_of(old) + "index.html"] = redirect_page(
            lang,
            url_of(old),
            url_of(paths[key]),
            f"{content.site.base_url}{lang}/{url_of(paths[key])}",
            ui.t["moved_title"],
            ui.w.ui.site_name,
            ui.t["moved_text"],
        )
    return files


def root_page(content: Content) -> bytes:
    """The bilingual page at the top of site/, where a visitor chooses a language."""
    html = (
        html_environment()
        .get_template("root.html.j2")
        .render(langs=content.languages, words=content.words, base_url=content.site.base_url)
    )
    return html.encode("utf-8")
