"""A language's Atom feed of updates, and its title (which the engine's page head links to)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..contents import Content
from ..urls import url_of
from .strings import Interface
from .views import UpdateView


def feed_date(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def feed_title(ui: Interface) -> str:
    return f"{ui.w.ui.site_name} – {ui.t['updates']}"


def feed(content: Content, ui: Interface, updates: list[UpdateView], draft_name: str | None) -> str:
    """The language's Atom feed of `updates` (newest first); while the text is a draft, its subtitle says which
    draft (`draft_name`, as every page's notice does), since a feed reader shows no page."""
    lang, t, paths = ui.lang, ui.t, content.urls.pages[ui.lang]
    base = f"{content.site.base_url}{lang}/"
    fg = FeedGenerator()
    fg.id(f"{base}feed.xml")
    fg.title(feed_title(ui))
    subtitle = t["updates_description"]
    if draft_name is not None:
        subtitle += " " + t["draft_notice"].format(name=draft_name)
    fg.subtitle(subtitle)
    fg.author({"name": t["publisher"]})
    fg.link(href=f"{base}feed.xml", rel="self")
    fg.link(href=f"{base}{url_of(paths[('updates', 'updates')])}", rel="alternate")
    fg.language(lang)
    newest = max([u.date for u in updates] + [content.strategy.text_date or content.latest_date])
    fg.updated(feed_date(newest))
    for update in reversed(updates):  # feedgen puts the last added first
        link = f"{base}{url_of(paths[update.key])}"
        entry = fg.add_entry()
        entry.id(link)
        entry.title(update.title)
        entry.link(href=link)
        entry.summary(update.summary)
        entry.published(feed_date(update.date))
        entry.updated(feed_date(update.date))
    return fg.atom_str(pretty=True).decode("utf-8")
