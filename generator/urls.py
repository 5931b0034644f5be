"""The URL plan: where every page of every language is, and where pages used to be.

Every page has a key (kind, id) shared by its twins, so the language switch and the hreflang tags always point at
the same page in the other language. Validation (loading/slugs.py: two pages may not share a URL, an old slug may not
be taken), rendering (render/: links, the switch, redirects, the nav), the editor's preview and the
benchmark all read the one plan of a Content, `content.urls`, computed once. This module imports nothing of the
project at run time, so every stage may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .contents import Content

Key = tuple[str, str]


@dataclass(frozen=True)
class UrlPlan:
    """`pages[lang][key]`: the page's docs path (relative to docs/<lang>/); `old[lang][path]`: the key of the
    page an old docs path leads to (a redirect)."""

    pages: dict[str, dict[Key, str]]
    old: dict[str, dict[str, Key]]


def plan_urls(content: Content) -> UrlPlan:
    return UrlPlan(
        {lang: page_paths(content, lang) for lang in content.languages},
        {lang: old_paths(content, lang) for lang in content.languages},
    )


def page_paths(content: Content, lang: str) -> dict[Key, str]:
    """Where each page of one language is, relative to docs/<lang>/; slugs come from the words."""
    w = content.words[lang]
    s = w.strategy
    slug = w.ui.slugs
    paths: dict[Key, str] = {
        ("home", "home"): "index.md",
        ("framework", "framework"): f"{slug['framework']}.md",
        ("themes", "themes"): f"{slug['themes']}/index.md",
        ("goals", "goals"): f"{slug['goals']}/index.md",
        ("implementation", "implementation"): f"{slug['implementation']}.md",
        ("metrics", "metrics"): f"{slug['metrics']}/index.md",
        ("snapshots", "snapshots"): f"{slug['snapshots']}/index.md",
        ("glossary", "glossary"): f"{slug['glossary']}.md",
    }
    for theme in content.strategy.themes:
        paths[("theme", theme.id)] = f"{slug['themes']}/{s.themes[theme.id].slug}/index.md"
        for goal in theme.goals:
            paths[("goal", goal)] = f"{slug['goals']}/{s.goals[goal].slug}.md"
    for metric in content.metrics:
        paths[("metric", metric.id)] = f"{slug['metrics']}/{w.metrics[metric.id].slug}.md"
    for snapshot in content.snapshots:
        paths[("snapshot", snapshot.date.isoformat())] = f"{slug['snapshots']}/{snapshot.date.isoformat()}.md"
    for page_id, prose in sorted(w.pages.items()):
        paths[("prose", page_id)] = f"{prose.meta.slug}.md"
    paths[("accessibility", "accessibility")] = f"{w.accessibility.slug}.md"
    paths[("updates", "updates")] = f"{slug['updates']}/index.md"
    for update in content.updates:
        paths[("update", update.id)] = f"{slug['updates']}/{update.words[lang].meta.slug}.md"
    paths[("print", "print")] = f"{slug['print']}.md"
    return paths


def old_paths(content: Content, lang: str) -> dict[str, Key]:
    """Where pages used to be (their old slugs), by old docs path: each becomes a redirect to the page."""
    w = content.words[lang]
    slug = w.ui.slugs
    old: dict[str, Key] = {}
    for theme in content.strategy.themes:
        for s in w.strategy.themes[theme.id].old_slugs:
            old[f"{slug['themes']}/{s}/index.md"] = ("theme", theme.id)
        for goal in theme.goals:
            for s in w.strategy.goals[goal].old_slugs:
                old[f"{slug['goals']}/{s}.md"] = ("goal", goal)
    for metric in content.metrics:
        for s in w.metrics[metric.id].old_slugs:
            old[f"{slug['metrics']}/{s}.md"] = ("metric", metric.id)
    for page_id, prose in w.pages.items():
        for s in prose.meta.old_slugs:
            old[f"{s}.md"] = ("prose", page_id)
    for update in content.updates:
        for s in update.words[lang].meta.old_slugs:
            old[f"{slug['updates']}/{s}.md"] = ("update", update.id)
    return old


def relative(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for the plan's own paths (relative, normalised, '/'-separated).
    relpath makes both absolute with os.getcwd() on every call; a big site makes a million links."""
    to = [part for part in target.split("/") if part and part != "."]
    at = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(at) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def url_of(path: str) -> str:
    """The directory URL MkDocs gives a docs path: 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"
