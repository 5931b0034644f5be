"""What the site engine shows around every page of a language: the MkDocs nav and the footer's links."""

from __future__ import annotations

from ..contents import Content
from ..urls import url_of
from .strings import Interface

NAV_LIMIT = 40


def metric_groups(content: Content) -> dict[str, list]:
    """The metrics as the overview and the nav list them (keys are ui.yml strings): the draft's own list of
    metrics in its order, the objectives that name a figure themselves in the draft's order, and the rest
    (reference figures) in content order. The draft ties no metric to a theme, so the site does not group by one."""
    order = {o: i for i, o in enumerate(o for t in content.strategy.themes for o in t.objectives)}
    return {
        "strategy_metrics": [content.metric_by_id[i] for i in content.strategy.metrics],
        "objective_metrics": sorted(
            (m for m in content.metrics if m.objectives and m.id not in content.strategy.metrics),
            key=lambda m: order[m.objectives[0]],
        ),
        "other_metrics": [m for m in content.metrics if not m.objectives and m.id not in content.strategy.metrics],
    }


def _bounded(entries: list) -> list:
    """At most NAV_LIMIT entries on one level of the nav; a longer level is left to its index page.

    Material renders every entry of each level on the path to the page (even with navigation.prune), so a
    level of n entries costs n links on each of its n pages: quadratic time and size (BENCHMARKS.md). The
    pages left out are still built and linked from their section's index page."""
    return entries if len(entries) <= NAV_LIMIT else []


def _grouped(items: list[tuple[str, str, str]]) -> list:
    """Nav entries (group, title, path) as one sub-section per group, in order of first appearance."""
    groups: dict[str, list] = {}
    for group, title, path in items:
        groups.setdefault(group, []).append({title: path})
    return _bounded([{group: _bounded(entries)} for group, entries in groups.items() if _bounded(entries)])


def navigation(content: Content, ui: Interface) -> list:
    """The MkDocs nav of one language: the strategy's hierarchy, themes holding their goals; metrics grouped
    by theme, monitoring rounds and updates by year."""
    lang, w, t, fmt = ui.lang, ui.w, ui.t, ui.fmt
    s = w.strategy
    p = content.urls.pages[lang]
    themes = [p[("themes", "themes")]] + _bounded(
        [
            {
                s.themes[theme.id].name: [p[("theme", theme.id)]]
                + _bounded([{s.goals[g].name: p[("goal", g)]} for g in theme.goals])
            }
            for theme in content.strategy.themes
        ]
    )
    nav = [
        {t["home"]: p[("home", "home")]},
        {s.framework_name: p[("framework", "framework")]},
        {t["themes"]: themes},
        {t["goals"]: p[("goals", "goals")]},
        {t["implementation"]: p[("implementation", "implementation")]},
        {
            t["metrics"]: [p[("metrics", "metrics")]]
            + _grouped(
                [
                    (t[group], w.metrics[m.id].name, p[("metric", m.id)])
                    for group, ms in metric_groups(content).items()
                    for m in ms
                ]
            )
        },
        {
            t["snapshots"]: [p[("snapshots", "snapshots")]]
            + _grouped(
                [
                    (str(x.date.year), fmt.date(x.date), p[("snapshot", x.date.isoformat())])
                    for x in sorted(content.snapshots, key=lambda x: x.date, reverse=True)
                ]
            )
        },
        {t["glossary"]: p[("glossary", "glossary")]},
    ]
    for page_id, prose in sorted(w.pages.items()):
        nav.append({prose.meta.title: p[("prose", page_id)]})
    nav.append(
        {
            t["updates"]: [p[("updates", "updates")]]
            + _grouped(
                [(str(u.facts.date.year), u.words[lang].meta.title, p[("update", u.id)]) for u in content.updates]
            )
        }
    )
    nav.append({t["print_title"]: p[("print", "print")]})
    nav.append({w.accessibility.title: p[("accessibility", "accessibility")]})
    return nav


def footer_links(content: Content, lang: str) -> list[dict[str, str]]:
    """Links every page's footer carries (the accessibility statement, as the law asks)."""
    w, page = content.words[lang], content.urls.pages[lang][("accessibility", "accessibility")]
    return [{"title": w.accessibility.title, "link": url_of(page)}]
