"""One language's pages: the list of pages with their titles and templates, each page's front matter, and its
Markdown rendered from its template with the views and helpers it shows."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import jinja2
from markupsafe import Markup

from .. import charts, untrusted
from ..contents import Content
from ..formatting import Formatter
from ..metrics import Series, changes, site_statuses
from ..urls import Key, relative, url_of
from .env import one_line
from .navigation import metric_groups
from .strings import interface
from .texts import MetricTexts
from .views import Progress, ThemeView, language_views, legend, progress


@dataclass
class Page:
    key: Key
    path: str
    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)


class InlineFormatter:
    """The Formatter as the templates call it (`fmt.date(…)`): its text escaped by untrusted.inline, as the
    templates put a date or a period only inside a line."""

    def __init__(self, fmt: Formatter):
        self._fmt = fmt

    def __getattr__(self, name: str):
        method = getattr(self._fmt, name)
        return lambda *args, **kwargs: untrusted.inline(method(*args, **kwargs))


class LanguageSite:
    """Everything one language's templates need: views, formatting, links relative to the current page."""

    def __init__(self, content: Content, lang: str, series: dict[str, Series], env: jinja2.Environment):
        self.content, self.lang, self.env = content, lang, env
        self.ui = interface(content, lang)
        self.w, self.t, self.fmt = self.ui.w, self.ui.t, self.ui.fmt
        self.inline_fmt = InlineFormatter(self.fmt)
        self.paths = content.urls.pages
        self.views = language_views(content, self.ui, series, metric_groups(content))
        self.texts = MetricTexts(content, self.ui, self.views.metrics)
        # every theme counts the same statuses, zeros included; worked out once, not on each page that shows one
        self.shown_statuses = site_statuses(content.metrics)
        self.legend = legend(content)
        self.helpers = self.texts.helpers()

    # -- pages

    def pages(self) -> list[Page]:
        s, t = self.w.strategy, self.t
        pages = [
            Page(("home", "home"), "", "home.md.j2", self.w.ui.site_name, s.vision),
            Page(("framework", "framework"), "", "framework.md.j2", s.framework_name, t["framework_description"]),
            Page(("themes", "themes"), "", "themes.md.j2", t["themes"], t["themes_description"]),
            Page(("goals", "goals"), "", "goals.md.j2", t["goals"], t["goals_description"]),
            Page(
                ("implementation", "implementation"),
                "",
                "implementation.md.j2",
                t["implementation"],
                s.implementation_title or t["implementation_description"],
            ),
            Page(("metrics", "metrics"), "", "metrics.md.j2", t["metrics"], t["metrics_description"]),
            Page(("snapshots", "snapshots"), "", "snapshots.md.j2", t["snapshots"], t["snapshots_description"]),
            Page(("glossary", "glossary"), "", "glossary.md.j2", t["glossary"], t["glossary_description"]),
        ]
        for theme in self.views.themes:
            pages.append(Page(theme.key, "", "theme.md.j2", theme.name, theme.slogan, {"theme": theme}))
        for goal in self.views.goals:
            pages.append(Page(goal.key, "", "goal.md.j2", goal.name, goal.description, {"goal": goal}))
        for metric in self.views.metrics.values():
            pages.append(
                Page(metric.key, "", "metric.md.j2", metric.name, metric.words.description, {"metric": metric})
            )
        pages += self.snapshot_pages()
        for page_id, prose in sorted(self.w.pages.items()):
            pages.append(
                Page(("prose", page_id), "", "prose.md.j2", prose.meta.title, prose.meta.description, {"prose": prose})
            )
        pages.append(Page(("updates", "updates"), "", "updates.md.j2", t["updates"], t["updates_description"]))
        for update in self.views.updates:
            pages.append(Page(update.key, "", "update.md.j2", update.title, update.summary, {"update": update}))
        pages.append(Page(("print", "print"), "", "print.md.j2", t["print_title"], t["print_description"]))
        a11y = self.w.accessibility
        pages.append(
            Page(
                ("accessibility", "accessibility"),
                "",
                "accessibility.md.j2",
                a11y.title,
                a11y.description,
                {"a": a11y, "facts": self.content.accessibility},
            )
        )
        for page in pages:
            page.path = self.paths[self.lang][page.key]
        return pages

    def snapshot_pages(self) -> list[Page]:
        """A page per monitoring round, oldest first, each with what changed since the round before it."""
        t, pages = self.t, []
        ordered = sorted(self.content.snapshots, key=lambda x: x.date)
        for index, snapshot in enumerate(ordered):
            title = f"{t['snapshot']} {self.fmt.date(snapshot.date)}"
            pages.append(
                Page(
                    ("snapshot", snapshot.date.isoformat()),
                    "",
                    "snapshot.md.j2",
                    title,
                    t["snapshot_description"].format(date=self.fmt.date(snapshot.date)),
                    {
                        "snapshot": snapshot,
                        "changes": changes(self.content, index),
                        "previous": ordered[index - 1] if index else None,
                    },
                )
            )
        return pages

    # -- one page

    def render(self, page: Page) -> str:
        front = self.front_matter(page)
        body = self.env.get_template(page.template).render(
            page=page,
            views=self.views,
            s=self.w.strategy,
            t=self.t,
            fmt=self.inline_fmt,
            lang=self.lang,
            content=self.content,
            draft_name=self.draft_name,
            draft_note=self.draft_note,
            legend=self.legend,
            progress=self.progress,
            progress_bar=self.progress_bar,
            permalink=untrusted.href(f"{self.content.site.base_url}{self.lang}/{url_of(page.path)}"),
            **self.links(page.path),
            **self.helpers,
            **page.context,
        )
        # blank lines the template logic leaves behind: one is enough
        body = self.draft_notice() + re.sub(r"\n{3,}", "\n\n", body.strip())
        return "---\n" + json.dumps(front, ensure_ascii=False, indent=1) + "\n---\n\n" + body + "\n"

    def links(self, here: str) -> dict[str, Any]:
        """The templates' three ways to point at a page or file, from the page at docs path `here`."""
        folder = posixpath.dirname(here)
        site_path = urlparse(self.content.site.base_url).path or "/"  # the path the site is published at, with its "/"

        # The links below are Markup (not escaped by the templates' environment): paths of the URL plan, made of
        # slugs and ids, which models/ allows only lowercase a-z, digits and hyphens.
        def link(key: Key, anchor: str = "") -> Markup:
            """A Markdown link target: the other page's .md path relative to this one (MkDocs checks it)."""
            target = self.paths[self.lang][key]
            rel = relative(target, folder)
            return Markup(rel + (f"#{anchor}" if anchor else ""))

        def url(key: Key | str) -> Markup:
            """A URL for raw HTML: the page's or file's path from the site's root (`/fi/mittarit/`). Not relative:
            MkDocs leaves links in raw HTML as written, but Zensical reads a relative one as relative to the page's
            Markdown file (as a Markdown link) and rewrites it, so only a path from the root means one place to both."""
            target = url_of(self.paths[self.lang][key]) if isinstance(key, tuple) else key
            return untrusted.href(f"{site_path}{self.lang}/{target}")

        def root(path: str) -> Markup:
            """A URL to a file at the top of site/ (outside this language's site), e.g. data/."""
            return untrusted.href(f"{site_path}{path}")

        return {"link": link, "url": url, "root": root}

    def front_matter(self, page: Page) -> dict[str, Any]:
        """What the engine reads from the page's front matter: titles, the language switch, the share tags, lastmod."""
        alternates = [
            {
                "name": self.content.words[other].ui.language_name,
                "lang": other,
                "link": f"{self.content.site.base_url}{other}/{url_of(self.paths[other][page.key])}",
            }
            for other in self.content.languages
        ]
        share = {
            "type": "article" if page.key[0] in ("goal", "metric", "update", "theme") else "website",
            "locale": self.w.ui.locale,
            "locale_alternates": [self.content.words[o].ui.locale for o in self.content.languages if o != self.lang],
        }
        front = {
            "title": page.title,
            "description": one_line(page.description),
            "alternates": alternates,
            "share": share,
            "lastmod": self.changed_on(page).isoformat(),
            "html_title": self.html_title(page),
        }
        if page.key == ("home", "home"):
            front["hide"] = ["navigation", "toc"]
        return front

    def html_title(self, page: Page) -> str:
        """The browser's and search engines' title (B-33): the site's name alone on the home page; else the page's
        title, for a theme, goal or metric what the page is, and the site's name, joined by en dashes."""
        site_name = self.w.ui.site_name
        if page.key == ("home", "home"):
            return site_name
        kind = {"theme": "kind_theme", "goal": "kind_goal", "metric": "kind_metric"}.get(page.key[0])
        return " – ".join([page.title] + ([self.t[kind]] if kind else []) + [site_name])

    def changed_on(self, page: Page) -> dt.date:
        """The day the page's content last changed, for the sitemap's lastmod: an update's or a round's own date,
        the accessibility statement's review, else the content's newest date (as_of: statuses are judged anew
        at each review, so every page that shows one may change then)."""
        kind, key = page.key
        if kind == "update":
            return next(u.facts.date for u in self.content.updates if u.id == key)
        if kind == "snapshot":
            return dt.date.fromisoformat(key)
        if kind == "accessibility":
            return self.content.accessibility.reviewed
        return self.content.latest_date

    # -- helpers for templates

    def progress(self, theme: ThemeView | None = None) -> Progress:
        """A theme's progress (the site's reading counted apart), or with no theme the whole strategy's."""
        shown = self.shown_statuses
        if theme is None:
            return progress(list(self.views.metrics.values()), shown=shown)
        return progress(theme.all_metrics, theme.reading_only, shown)

    def progress_bar(self, p: Progress) -> Markup:
        return Markup(charts.status_bar([(status, len(ms)) for status, ms in p.by_status]))

    @property
    def draft_note(self) -> str:
        date = self.content.strategy.text_date
        return self.w.strategy.draft_note.format(date=self.fmt.date(date)) if date else self.w.strategy.draft_note

    @property
    def draft_name(self) -> str | None:
        """What a citation calls the text the site shows when it is a draft ("… sisältöluonnos 5. syyskuuta 2017"),
        from the words of the content; None for an adopted text (the citation then names the site)."""
        if self.content.strategy.text_status != "draft":
            return None
        return self.t["draft_name"].format(date=self.fmt.date(self.content.strategy.draft_date))

    def draft_notice(self) -> str:
        """The notice every page starts with while the text is a draft: a reader who lands on any page from a
        search engine learns what text it shows and its date (the page itself may not say so)."""
        if self.draft_name is None:
            return ""
        text = untrusted.text(self.t["draft_notice"].format(name=self.draft_name))
        return f'<p class="draft-notice" role="note">{text}</p>\n\n'
