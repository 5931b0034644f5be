"""Accessible to everyone, as the law requires (Act 306/2019, WCAG 2.1 AA), private, and served as in production.

Everything here runs against the site served by nginx as configured by `strategy-site nginx-config` (`served_site`):
- every page of both languages (+ the root chooser and the 404 pages) is audited with axe-core in headless
  Chromium for the WCAG 2.0/2.1 A and AA rules twice: in the light palette as the page loads (before any
  interaction, Material's bundle not yet started), and in the dark palette once a key press has started
  Material's bundle (assets/javascripts/on-demand.js); the same visit records
  Content-Security-Policy violations, every request (none may leave the site's origin), cookies and
  storage, the first keyboard stop (the skip link) and the charts' colours;
- keyboard use: skip link, visible focus with enough contrast, the language switch by keyboard only;
- pages work without JavaScript; the accessibility statement is linked from every page and has what the Act
  asks; the production server's headers, compression, caching and root-page language redirect.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from tests.support.browser import AXE, CSP_LISTENER, CSP_UPDATE, RUN_AXE, WCAG_TAGS, policy_and_missing
from tests.support.content import LANGS
from tests.support.project import ROOT
from tests.support.serving import fetch
from tests.support.site import GOAL, METRIC, page_paths

FRAMEWORK = {"fi": "fi/strategiakehikko/", "sv": "sv/strategiramen/"}
SWITCH_NAME = {"fi": "Valitse kieli", "sv": "Välj språk"}
PALETTE_NAMES = {
    "fi": ["Vaihda tummaan tilaan", "Vaihda vaaleaan tilaan"],
    "sv": ["Byt till mörkt läge", "Byt till ljust läge"],
}
NOT_FOUND = {"fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte"}
AUTHORITY = {
    "fi": "Liikenne- ja viestintävirasto Traficom",
    "sv": "Transport- och kommunikationsverket Traficom",
}  # since 1.1.2025 (HE 71/2024)
LOCALE = {"fi": "fi_FI", "sv": "sv_FI"}
# localStorage/sessionStorage keys Material writes (palette and search state); nothing else may be stored.
MATERIAL_STORAGE = re.compile(r"^/(?:fi|sv)/\.__(?:palette|search|tabs|consent|source)$")

# Material's bundle has started: it publishes its observables on window (its API for extensions) at start.
MATERIAL_STARTED = "() => typeof window.component$ !== 'undefined' && document.documentElement.classList.contains('js')"

# Switch to the dark palette as Material's palette toggle does, then wait until every colour transition has
# ended, so that colours are measured at rest (mid-transition colours give false results both ways).
# (Emulating prefers-color-scheme after load would not do: Material then re-applies the palette it stored.)
TO_DARK = """async () => {
  const b = document.body;
  if (!b.hasAttribute('data-md-color-scheme')) return null;  // not a Material page
  b.setAttribute('data-md-color-switching', '');
  b.setAttribute('data-md-color-scheme', 'slate');
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
                      new Promise(r => setTimeout(r, 2000))]);
  b.removeAttribute('data-md-color-switching');
  return b.getAttribute('data-md-color-scheme');
}"""

# Colour helpers in the page: WCAG contrast of computed colours against what is really behind an element.
COLOUR_JS = """
window.__colour = (() => {
  const parse = c => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  // The colour that a stack of elements, top one first, paints: their backgrounds down to the first opaque one.
  // An element's opacity counts with its ancestors' (a fading overlay is only partly there).
  const opacity = el => { let o = 1; for (let e = el; e && e.nodeType === 1; \
e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o; };
  const paint = stack => {
    const layers = [];
    for (const e of stack) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) c[3] *= opacity(e);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255, 1];
    for (const l of layers.reverse()) out = over(l, out);
    return out;
  };
  const ancestors = el => { const out = []; for (let e = el; e && e.nodeType === 1; e = e.parentElement) out.push(e); \
return out; };
  const background = el => paint(ancestors(el));
  // What is painted at a point around an element: everything stacked there, so that a transparent box lying
  // over the point (a sidebar a frame late in shrinking as the page scrolls) does not hide what shows through.
  const backdrop = (x, y, el) => {
    const stack = document.elementsFromPoint(x, y).filter(e => e !== el && !el.contains(e));
    return stack.length ? paint(stack) : background(el.parentElement);  // empty: the point is outside the viewport
  };
  const contrastOn = (colour, bg) => {
    const c = parse(colour);
    return c ? ratio(over(c, bg), bg) : 0;
  };
  const contrast = (colour, el) => contrastOn(colour, background(el));
  return {parse, ratio, background, backdrop, contrastOn, contrast};
})();
"""

# Colours of every chart on the page: text at 4.5:1, lines, points and the target line at 3:1 (WCAG 1.4.3, 1.4.11).
CHART_COLOURS = """() => [...document.querySelectorAll('figure svg[role=img]')].flatMap(svg => {
  const C = window.__colour, out = [];
  const check = (sel, prop, min) => svg.querySelectorAll(sel).forEach(el => {
    const colour = getComputedStyle(el)[prop];
    const r = C.contrast(colour, svg);
    if (r < min) out.push(`${svg.id} ${sel} ${prop} ${colour}: ${r.toFixed(2)}:1 < ${min}:1`);
  });
  check('text', 'fill', 4.5);
  check('.chart-line', 'stroke', 3);
  check('.chart-points circle', 'fill', 3);
  check('.chart-target line', 'stroke', 3);
  return out;
})"""

# The focused element, how its focus shows and against what: the colour just outside its box (where the outline
# is drawn), found with elementsFromPoint so that fixed, floating and overlapping elements are measured against
# what really shows behind them. Material's palette radio buttons are invisible; their label shows their focus.
FOCUSED = """async settle => {
  // settle: measure what a person sees a moment after the key press, once the page's transitions (the search
  // overlay fading out, a sidebar following the scroll) have finished, or after a second at most.
  if (settle) {
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    await Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
                        new Promise(r => setTimeout(r, 1000))]);
  }
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const shown = e.matches('input.md-option') && e.nextElementSibling ? e.nextElementSibling : e;
  const s = getComputedStyle(shown), box = shown.getBoundingClientRect();
  const x = box.left >= 6 ? box.left - 3.5 : box.right + 3.5, y = box.top + box.height / 2;
  return {tag: e.tagName.toLowerCase(), cls: e.getAttribute('class') || '', href: e.getAttribute('href'),
          hreflang: e.getAttribute('hreflang'), label: e.getAttribute('aria-label'), \
text: (e.innerText || '').trim().slice(0, 40),
          visible: box.width > 0 && box.height > 0 && s.visibility !== 'hidden',
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, outlineStyle: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth),
          contrast: window.__colour ? window.__colour.contrastOn(s.outlineColor, window.__colour.backdrop(x, y, \
shown)) : null,
          inArticle: !!e.closest('article')};
}"""


@dataclass
class Visit:
    path: str
    light: list = field(default_factory=list)
    dark: list = field(default_factory=list)
    csp: list = field(default_factory=list)
    cookie: str = ""
    storage: list = field(default_factory=list)
    first_stop: dict | None = None
    skip_target: bool = False
    charts: int = 0
    chart_problems: dict = field(default_factory=dict)


@dataclass
class Crawl:
    base: str
    visits: list[Visit]
    requests: list[str]
    cookies: list
    console: list[str]
    seconds: float
    errors: list[str] = field(default_factory=list)  # console errors and failed responses, with the page

    def summary(self) -> str:
        by_rule = collections.Counter()
        for v in self.visits:
            for scheme, found in (("light", v.light), ("dark", v.dark)):
                for item in found:
                    by_rule[f"{item['id']} ({scheme})"] += len(item["nodes"])
        rules = ", ".join(f"{rule}: {n}" for rule, n in sorted(by_rule.items())) or "none"
        return (
            f"axe-core {axe_version()}: {len(self.visits)} pages audited for {', '.join(WCAG_TAGS)} in "
            f"the light palette as loaded and in the dark one with Material started ({self.seconds:.0f} s); "
            f"violations by rule: {rules}; {sum(v.charts for v in self.visits)} charts checked; "
            f"{len(self.requests)} requests, {len({urlparse(u).netloc for u in self.requests})} origin(s)"
        )


def axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]


@pytest.fixture(scope="session")
def crawl(served_site, browser) -> Crawl:
    """One visit to every page with JavaScript on, under the production CSP, recording everything.

    Session-scoped: under xdist other modules' tests may run between this module's, which would tear a
    module-scoped fixture down and crawl again."""
    return crawl_of(served_site, browser)


def crawl_of(served: tuple[str, Path], browser) -> Crawl:
    """Every page of a served site visited as `crawl` says."""
    import time

    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` (make setup-test)")
    axe = AXE.read_text(encoding="utf-8")
    base, site = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.add_init_script(CSP_LISTENER + COLOUR_JS)
    context.add_init_script(axe)  # compiled once for all pages, unlike evaluating it in each
    requests: list[str] = []
    console: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on(
        "console", lambda m: console.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
    )
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("response", lambda r: errors.append(f"{page.url}: {r.status} {r.url}") if r.status >= 400 else None)
    visits = []
    start = time.monotonic()
    for path in page_paths(site):
        v = Visit(path)
        page.emulate_media(color_scheme="light")
        page.goto(base + path)
        v.cookie, v.charts = page.evaluate(
            "[document.cookie, document.querySelectorAll('figure svg[role=img]').length]"
        )
        v.light = page.evaluate(RUN_AXE, WCAG_TAGS)
        if v.charts:
            v.chart_problems["light"] = page.evaluate(CHART_COLOURS)
        # The first Tab stop, and whether the skip link's target exists.
        page.keyboard.press("Tab")
        v.first_stop = page.evaluate(FOCUSED)
        if v.first_stop and "md-skip" in v.first_stop["cls"]:
            v.skip_target = page.evaluate(
                "h => !!document.getElementById(decodeURIComponent(h.slice(1)))", v.first_stop["href"] or ""
            )
        page.evaluate("document.activeElement && document.activeElement.blur()")
        # The key press started Material's bundle (assets/javascripts/on-demand.js): what follows is audited as
        # an interacting visitor sees the page, with the whole of Material running.
        if path:
            page.wait_for_function(MATERIAL_STARTED)
        # The dark palette: what a visitor whose system prefers dark gets (see test_dark_preference_gets_dark_palette).
        if page.evaluate(TO_DARK) is None:  # the root page follows prefers-color-scheme with CSS only
            page.emulate_media(color_scheme="dark")
        else:
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        v.dark = page.evaluate(RUN_AXE, WCAG_TAGS)
        if v.charts:
            v.chart_problems["dark"] = page.evaluate(CHART_COLOURS)
        if path in ("fi/", "sv/"):  # opening the search loads its index and lunr (on-demand.js), under the CSP
            page.locator("input.md-search__input").focus()
            page.wait_for_load_state("networkidle")
        v.csp = page.evaluate("window.__cspViolations")
        v.storage = page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
        visits.append(v)
    page.wait_for_load_state("networkidle")
    cookies = context.cookies()
    seconds = time.monotonic() - start
    context.close()
    return Crawl(base, visits, requests, cookies, console, seconds, errors)


# -- 1. The WCAG audit --------------------------------------------------------------------------------------------


def test_every_page_passes_axe_in_light_and_dark_palette(crawl, record_property):
    record_property("a11y_summary", crawl.summary())
    print(crawl.summary())
    assert len(crawl.visits) >= 80 and {v.path for v in crawl.visits} >= {"", "fi/404.html", "sv/404.html"}
    problems = [
        f"{v.path or '/'} [{scheme}] {item['id']} ({item['impact']}): {item['help']}\n      "
        + "\n      ".join(item["nodes"][:5])
        for v in crawl.visits
        for scheme, found in (("light", v.light), ("dark", v.dark))
        for item in found
    ]
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_the_second_city_passes_axe_in_both_palettes_under_its_policy(second_city_served, browser):
    """axe-core, the production CSP and the browser's own errors on a city that is not Kokkola (issue 25: the
    city-neutral checks): its pages in both palettes, no policy violation, no failed request, nothing stored."""
    visits = crawl_of(second_city_served, browser)
    assert len(visits.visits) >= 55 and {v.path for v in visits.visits} >= {"", "fi/404.html", "sv/404.html"}
    problems = [
        f"{v.path or '/'} [{scheme}] {item['id']} ({item['impact']}): {item['help']}"
        for v in visits.visits
        for scheme, found in (("light", v.light), ("dark", v.dark))
        for item in found
    ]
    problems += [f"{v.path}: CSP {c}" for v in visits.visits for c in v.csp] + visits.console
    problems += visits.errors
    assert problems == []
    assert visits.cookies == [] and [v.path for v in visits.visits if v.cookie] == []
    assert sorted({k for v in visits.visits for k in v.storage if not MATERIAL_STORAGE.match(k)}) == []
    assert {urlparse(u).netloc for u in visits.requests} == {urlparse(visits.base).netloc}


def test_dark_preference_gets_dark_palette(served_site, browser):
    """A visitor whose system prefers dark gets Material's slate palette on load, the one the audit checks."""
    base, _ = served_site
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    for lang in LANGS:
        page.goto(base + METRIC[lang])
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.goto(base)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    context.close()


def test_charts_have_text_alternative_table_and_contrast(crawl, served_site):
    _, site = served_site
    with_charts = [v for v in crawl.visits if v.charts]
    assert len(with_charts) >= 2 * 5, "the metric pages with data have charts"
    problems = {
        f"{v.path} [{scheme}]": found for v in with_charts for scheme, found in v.chart_problems.items() if found
    }
    assert not problems, problems
    for v in with_charts:
        doc = BeautifulSoup((site / v.path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for svg in doc.select("figure svg[role=img]"):
            title, desc = svg.find("title", recursive=False), svg.find("desc", recursive=False)
            assert title and title.get_text(strip=True) and desc and desc.get_text(strip=True), (
                f"{v.path}: {svg.get('id')}"
            )
            assert svg["aria-labelledby"].split() == [title["id"], desc["id"]], f"{v.path}: {svg.get('id')}"
            table = doc.select_one(f"table#data-{svg['id'].removeprefix('chart-')}")
            assert table is not None and table.caption, f"{v.path}: the chart {svg['id']} has no data table"
            points = svg.select(".chart-points circle")
            rows = table.select("tbody tr")
            assert len(rows) == len(points) >= 1, f"{v.path}: the table does not hold the chart's figures"
            for point, row in zip(points, rows):
                assert row.select_one("td[data-value]")["data-value"] == point["data-value"]


def test_chart_has_accessible_name_and_description(served_site, browser):
    from playwright.sync_api import expect

    base, _ = served_site
    page = browser.new_page()
    for lang in LANGS:
        page.goto(base + METRIC[lang])
        svg = page.locator("figure svg[role=img]").first
        title = svg.locator("> title").text_content()
        desc = svg.locator("> desc").text_content()
        # aria-labelledby names the chart with its title and its description (the figures in words).
        expect(svg).to_have_accessible_name(f"{title} {desc}")
        assert re.search(r"\d", desc)
        caption = page.locator("figure.metric-chart figcaption")
        assert caption.is_visible()
    page.close()


# -- 2. The accessibility statement --------------------------------------------------------------------------------


def statement_urls(site: Path) -> dict[str, str]:
    words = {
        lang: yaml.safe_load((ROOT / "content" / lang / "accessibility.yml").read_text(encoding="utf-8"))
        for lang in LANGS
    }
    urls = {lang: f"/{lang}/{words[lang]['slug']}/" for lang in LANGS}
    for _lang, url in urls.items():
        assert (site / url.strip("/") / "index.html").is_file(), f"no statement at {url}"
    return urls


def test_every_page_footer_links_to_the_statement_in_its_language(served_site):
    base, site = served_site
    urls = statement_urls(site)
    for path in page_paths(site):
        file = site / (path if path.endswith(".html") else path + "index.html")
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        here = base + path
        footer = doc.select_one("footer")
        assert footer is not None, f"{path or '/'}: no footer"
        links = {urlparse(urljoin(here, a["href"])).path: a for a in footer.select("a[href]")}
        if path == "":  # the bilingual chooser links to both statements, each marked with its language
            for lang in LANGS:
                assert urls[lang] in links and links[urls[lang]].get("lang") == lang, f"/: no link to {urls[lang]}"
        else:
            lang = path[:2]
            assert urls[lang] in links, f"{path}: the footer does not link to {urls[lang]}"


def test_statement_has_what_the_act_asks(served_site):
    _, site = served_site
    facts = yaml.safe_load((ROOT / "content" / "accessibility.yml").read_text(encoding="utf-8"))
    urls = statement_urls(site)
    for lang in LANGS:
        words = yaml.safe_load((ROOT / "content" / lang / "accessibility.yml").read_text(encoding="utf-8"))
        doc = BeautifulSoup((site / urls[lang].strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
        article = doc.select_one("article")
        text = " ".join(article.get_text(" ").split())
        headings = [h.get_text(strip=True) for h in article.select("h2")]
        # Conformance: the level and its sentence.
        assert facts["conformance"] in ("full", "partial", "none")
        assert words["headings"]["conformance"] in headings
        assert " ".join(words["conformance"][facts["conformance"]].format(standard=facts["standard"]).split()) in text
        assert "WCAG 2.1" in text
        # Non-accessible content: listed when there is any (and then conformance cannot be full).
        if facts["issues"]:
            assert facts["conformance"] != "full" and words["headings"]["issues"] in headings
            for issue in facts["issues"]:
                assert " ".join(words["issues"][issue]["what"].split()) in text
        else:
            assert facts["conformance"] == "full"
        # Dates: prepared and last reviewed.
        assert words["headings"]["dates"] in headings
        for key in ("prepared", "reviewed"):
            day = facts[key] if isinstance(facts[key], dt.date) else dt.date.fromisoformat(facts[key])
            assert format_date(day, format="long", locale=LOCALE[lang]) in text, key
        # How it was assessed.
        assert words["headings"]["assessment"] in headings and "axe-core" in text and "WCAG" in text
        # Feedback: a channel (a link) and the answer within 14 days.
        assert words["headings"]["feedback"] in headings
        assert facts["feedback_response_days"] <= 14
        assert re.search(rf"\b{facts['feedback_response_days']} (päivän|dagar)", text)
        section = article.find("h2", string=words["headings"]["feedback"]).find_next_sibling("p")
        assert section.find("a", href=True), "a feedback channel to follow"
        # The supervising authority, with how to reach it.
        assert words["headings"]["authority"] in headings and AUTHORITY[lang] in text
        assert article.find("h2", string=words["headings"]["authority"]).find_next_sibling("p").find("a", href=True)


# -- 3. Keyboard ---------------------------------------------------------------------------------------------------


def test_skip_link_is_the_first_stop_and_works(crawl, served_site, browser):
    content_pages = [v for v in crawl.visits if v.path and not v.path.endswith("404.html")]
    wrong = [
        f"{v.path}: {v.first_stop}"
        for v in content_pages
        if not v.first_stop or "md-skip" not in v.first_stop["cls"] or not v.first_stop["visible"] or not v.skip_target
    ]
    assert not wrong, "the skip link is not the first, visible Tab stop with a target:\n" + "\n".join(wrong)
    base, _ = served_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for lang in LANGS:
        page.goto(base + METRIC[lang])
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["text"] == {"fi": "Hyppää sisältöön", "sv": "Gå till innehållet"}[lang]
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        assert after["inArticle"], f"after the skip link, Tab goes to the content, not {after}"
    page.close()


def weak(focused: dict) -> bool:
    """Whether a focus indicator falls short: no outline, thinner than 2 px, or under 3:1 against its backdrop."""
    return focused["outlineStyle"] in ("none", "hidden") or focused["outlineWidth"] < 2 or focused["contrast"] < 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible(served_site, browser, scheme):
    """Every Tab stop on a metric page (header, language list, navigation, content, footer) and on the root
    chooser shows an outline of at least 2 px at 3:1 against what is around it (WCAG 2.4.7, 1.4.11)."""
    base, _ = served_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(COLOUR_JS)
    page = context.new_page()
    bad, seen = [], 0
    for lang, path in (("fi", METRIC["fi"]), ("sv", METRIC["sv"]), ("fi+sv", "")):
        page.goto(base + path)
        for _ in range(80):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUSED)
            if f is None:
                break
            if not f["visible"]:
                continue
            seen += 1
            if weak(f):  # measured mid-transition? Judge what shows once the page has settled.
                f = page.evaluate(FOCUSED, True)
            if weak(f):
                bad.append(
                    f"{lang} {f['tag']}.{f['cls']} {f['text'] or f['label']!r}: {f['outline']} ({f['contrast']:.2f}:1)"
                )
    context.close()
    assert seen >= 30
    assert not bad, "focus not visible enough:\n" + "\n".join(bad)


@pytest.mark.parametrize("lang,other", [("fi", "sv"), ("sv", "fi")])
def test_language_switch_by_keyboard_only(served_site, browser, lang, other):
    base, site = served_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + GOAL[lang])
    switch = page.get_by_role("button", name=SWITCH_NAME[lang])
    assert switch.count() == 1, f"the language switch is named {SWITCH_NAME[lang]!r}"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["label"] == SWITCH_NAME[lang]:
            break
    else:
        pytest.fail("the language switch cannot be reached with Tab")
    # Focus on the switch opens its list; Tab goes into it.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-header .md-select__inner')).opacity === '1'"
    )
    link = page.locator(f"a.md-select__link[hreflang='{other}']")
    for _ in range(5):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f["hreflang"] == other:
            break
    else:
        pytest.fail(f"Tab does not reach the {other} language link")
    assert link.is_visible() and link.get_attribute("lang") == other
    page.keyboard.press("Enter")
    page.wait_for_url(base + GOAL[other])
    assert page.locator("html").get_attribute("lang") == other
    page.close()


def test_interface_words_are_in_the_page_language(served_site):
    """Names a screen reader reads out (language switch, palette toggle) and the 404 page are in the page's
    language, not in English (WCAG 3.1.2)."""
    _, site = served_site
    for path in page_paths(site)[1:]:
        lang = path[:2]
        file = site / (path if path.endswith(".html") else path + "index.html")
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert doc.html["lang"] == lang
        assert [i["aria-label"] for i in doc.select("input.md-option[aria-label]")] == PALETTE_NAMES[lang], path
        if path.endswith("404.html"):  # the 404 page has no twin, so no language switch
            assert doc.select_one("article h1").get_text(strip=True) == NOT_FOUND[lang]
            assert doc.title.get_text().startswith(NOT_FOUND[lang])
        else:
            assert doc.select_one(".md-header .md-select > button")["aria-label"] == SWITCH_NAME[lang], path


# -- 4. Without JavaScript -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pages_work_without_javascript(served_site, browser, lang):
    base, _ = served_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in (GOAL[lang], METRIC[lang], FRAMEWORK[lang]):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.className").startswith("no-js")
        assert page.locator("article h1").is_visible()
        assert len(page.locator("article").inner_text()) > 200
        nav = page.locator("nav.md-nav--primary a.md-nav__link")
        visible = [a for a in nav.all() if a.is_visible()]
        assert len(visible) >= 8, f"{path}: navigation not visible without JavaScript"
        assert page.locator(".md-footer a.md-copyright__link").is_visible()
        if path == METRIC[lang]:
            chart = page.locator("figure svg[role=img]").first
            box = chart.bounding_box()
            assert chart.is_visible() and box["width"] > 300 and box["height"] > 100
            assert page.locator("table[id^=data-] tbody tr").first.is_visible()
        if path == FRAMEWORK[lang]:
            assert page.locator(".framework").first.is_visible()
    # Links are plain links: following one works without JavaScript.
    page.locator("nav.md-nav--primary a.md-nav__link", has_text={"fi": "Mittarit", "sv": "Mätare"}[lang]).first.click()
    assert page.locator("article h1").inner_text() == {"fi": "Mittarit", "sv": "Mätare"}[lang]
    context.close()


# -- 5. Privacy and the Content-Security-Policy --------------------------------------------------------------------


def test_no_request_leaves_the_origin(crawl):
    origin = urlparse(crawl.base).netloc
    outside = sorted(
        {u for u in crawl.requests if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != origin}
    )
    # The search's requests are seen too (its worker, and after opening it, the index and lunr's language support).
    assert any(u.endswith("/search/search_index.json") for u in crawl.requests)
    assert any("/lunr/" in u for u in crawl.requests)
    assert outside == []


def test_no_failed_request_and_no_console_error(crawl):
    """No page view asks for what is not there: Material's language-switch script fetched sitemap.xml next to each
    hreflang URL (a 404 and a console error on every page view); the switch links to the exact twin, so
    assets/javascripts/on-demand.js drops those requests, and no sitemap is fetched at all."""
    assert crawl.errors == []
    assert [u for u in crawl.requests if "sitemap.xml" in u] == []
    assert len(crawl.requests) > len(crawl.visits)  # the listener did hear the pages' requests


def test_no_cookies_and_no_analytics(crawl, served_site):
    base, site = served_site
    assert crawl.cookies == []
    assert [v.path for v in crawl.visits if v.cookie] == []
    stored = sorted({k for v in crawl.visits for k in v.storage if not MATERIAL_STORAGE.match(k)})
    assert stored == [], "only Material's palette/search state may be stored"
    # No response sets a cookie (the server's headers for every URL the browser asked for).
    for url in sorted({u.split("#")[0] for u in crawl.requests if u.startswith(base)}):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as r:
                headers = r.headers
        except urllib.error.HTTPError as e:
            headers = e.headers
        assert headers.get_all("Set-Cookie") is None, url
    # No analytics configured or embedded.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not (config.get("extra") or {}).get("analytics") and not (config.get("extra") or {}).get("consent")
    markers = ("google-analytics", "googletagmanager", "gtag(", "matomo", "plausible", "_paq", "fbq(", "hotjar")
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8").lower()
        assert not [m for m in markers if m in text], file


def test_no_content_security_policy_violations(crawl, served_site, browser):
    violations = [f"{v.path or '/'}: {x}" for v in crawl.visits for x in v.csp] + crawl.console
    assert violations == []
    # The listener does hear a violation: an injected inline script is refused.
    base, _ = served_site
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(base + GOAL["fi"])
    page.evaluate(
        "() => { const s = document.createElement('script'); "
        "s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    context.close()


def test_csp_hashes_match_the_site(served_site):
    """Every inline script/style of the site is allowed by the nginx configuration's policy (deploy/csp.py)."""
    _, site = served_site
    configured, missing = policy_and_missing(site)
    assert not missing, f"{CSP_UPDATE}: not in the policy: {missing}"
    assert "'unsafe-inline'" not in configured and "'unsafe-eval'" not in configured
    assert "frame-ancestors 'none'" in configured and "default-src 'none'" in configured


# -- 6. The production server --------------------------------------------------------------------------------------


def test_server_headers_compression_and_caching(served_site):
    base, site = served_site
    bundle = next((site / "fi" / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(site).as_posix()
    css = next((site / "fi" / "assets" / "stylesheets").glob("main.*.min.css")).relative_to(site).as_posix()
    for path, kind in (
        (GOAL["fi"], "text/html"),
        (METRIC["sv"], "text/html"),
        ("", "text/html"),
        (css, "text/css"),
        ("fi/assets/stylesheets/strategy.css", "text/css"),
        (bundle, "application/javascript"),
        ("fi/search/search_index.json", "application/json"),
        ("data/metrics.csv", "text/csv"),
    ):
        status, h, body = fetch(base + path, **{"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert h["content-type"].startswith(kind), (path, h["content-type"])
        assert h["content-encoding"] == "gzip" and body[:2] == b"\x1f\x8b", f"{path} is not compressed"
        assert "Accept-Encoding" in h.get("vary", "")
        csp = h["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in h
        cache = h["cache-control"]
        if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path):
            assert "max-age=31536000" in cache and "immutable" in cache, (path, cache)
        elif "/assets/" in path:
            assert "max-age=" in cache and "immutable" not in cache, (path, cache)
        else:
            assert cache == "no-cache", (path, cache)
    # Errors carry the same headers, and each language gets its own 404 page.
    for lang in LANGS:
        status, h, body = fetch(f"{base}{lang}/ei-ole-olemassa/")
        assert status == 404 and "content-security-policy" in h and h["x-content-type-options"] == "nosniff"
        assert f'<html lang="{lang}"' in body.decode("utf-8")
    # /fi -> /fi/, relative.
    status, h, _ = fetch(base + "fi")
    assert status == 301 and h["location"] == "/fi/"


def test_rebuild_keeps_visitors_cached_copies_valid(project, tmp_path):
    """A rebuild rewrites only the files that changed, so nginx still answers 304 Not Modified to a browser
    revalidating an unchanged page (ETag and Last-Modified come from the file's size and date)."""
    import os
    import time

    from generator import pipeline
    from tests.support.nginx import Nginx
    from tests.support.serving import free_port

    proj = pipeline.Project(project)
    pipeline.build(proj)
    an_hour_ago = time.time() - 3600  # so that a file written again would surely get another date
    for path in (project / "site").rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    server = Nginx(tmp_path / "nginx", project / "site", free_port())
    try:
        paths = [GOAL["fi"], "sv/", "sv/search/search_index.json", "data/metrics.csv"]
        tags = {path: fetch(server.base_url + path)[1]["etag"] for path in paths}

        def statuses() -> dict[str, int]:
            return {path: fetch(server.base_url + path, **{"If-None-Match": tags[path]})[0] for path in paths}

        pipeline.build(proj)
        assert statuses() == dict.fromkeys(paths, 304)
        strategy = project / "content/sv/strategy.yml"
        strategy.write_text(
            strategy.read_text(encoding="utf-8").replace("Mod att förnya sig", "Mod att förnya oss"), encoding="utf-8"
        )
        pipeline.build(proj)
        assert statuses() == {GOAL["fi"]: 304, "sv/": 200, "sv/search/search_index.json": 200, "data/metrics.csv": 304}
    finally:
        server.stop()


def test_config_is_valid_in_debians_nginx_conf(tmp_path):
    """nginx-config's output dropped into Debian's sites-enabled/ as it is: Debian's http block (gzip on, mime
    types, logs) plus this file pass `nginx -t`."""
    import subprocess

    from tests.support.nginx import DEPLOY_CONF, nginx_binary

    debian = Path("/etc/nginx/nginx.conf")
    binary = nginx_binary()
    if not debian.is_file() or not binary:
        pytest.fail("nginx is not installed: run scripts/setup-system.sh (make setup-test)")
    text = debian.read_text(encoding="utf-8")
    assert "include /etc/nginx/sites-enabled/*;" in text
    text = text.replace("include /etc/nginx/sites-enabled/*;", f"include {DEPLOY_CONF};")
    text = text.replace("include /etc/nginx/conf.d/*.conf;", "")
    text = re.sub(r"^\s*pid\s+[^;]+;", f"pid {tmp_path / 'nginx.pid'};", text, flags=re.M)
    text = re.sub(r"(access_log|error_log)\s+/var/log/nginx/[^;\s]+", rf"\1 {tmp_path}/\1.log", text)
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    check = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("fi-FI,fi;q=0.9,en-US;q=0.8,en;q=0.7", "/fi/"),
        ("sv-FI,sv;q=0.9,fi;q=0.8,en;q=0.7", "/sv/"),
        ("sv-SE,sv;q=0.9,en;q=0.8", "/sv/"),
        ("en-GB,en;q=0.9,fi;q=0.8,sv;q=0.7", "/fi/"),
        ("en-US,en;q=0.9,sv;q=0.8", "/sv/"),
        ("de-DE,sv;q=0,fi;q=0.5", "/fi/"),
        ("fi;q=0, sv", "/sv/"),
        ("FI-fi, SV;q=0.5", "/fi/"),
        ("en, SV-se", "/sv/"),
        ("en-US,en;q=0.9", None),
        ("", None),
        ("fil-PH,svg", None),
    ],
)
def test_root_redirects_by_accept_language(served_site, accept, expected):
    base, _ = served_site
    headers = {"Accept-Language": accept} if accept else {}
    status, h, body = fetch(base, **headers)
    assert "Accept-Language" in h.get("vary", "")
    if expected:
        assert status == 302 and h["location"] == expected
        assert h["cache-control"] == "no-cache"
    else:  # no Finnish or Swedish preference: the bilingual chooser
        assert status == 200 and b'hreflang="fi"' in body and b'hreflang="sv"' in body
    # /index.html is always the chooser.
    status, _, body = fetch(base + "index.html", **headers)
    assert status == 200 and b'hreflang="sv"' in body
