"""What a resident sees on a phone (390 × 844 CSS pixels, a common phone's screen), in headless Chromium.

Every page of both languages, the root chooser and the 404 pages: no page scrolls sideways, nothing a reader
needs (a status, a value, a target, a table cell, a chart) lies outside the screen or inside a box that
scrolls sideways, and the tables, stacked into cards, still are tables to a screen reader and still say
which column each value belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.content import LANGS
from tests.support.site import METRIC, page_paths

PHONE = {"width": 390, "height": 844}

# What lies outside the screen or scrolls sideways on the page as laid out now. Elements too small to hold
# anything (the visually hidden table headers, 1 × 1 px) are left out; so is what Material hides off screen
# on purpose (the closed drawer and search, the "back to top" button) – only the page's article is measured.
LAYOUT = """() => {
  const de = document.documentElement, width = de.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('class') ? '.' + \
e.getAttribute('class').split(' ')[0] : '');
  const text = e => (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  const article = document.querySelector('article') || document.body;
  const outside = [], scrollers = [];
  for (const e of article.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    if (r.left < -0.5 || r.right > width + 0.5) outside.push(`${name(e)} [${Math.round(r.left)}, \
${Math.round(r.right)}] ${text(e)}`);
    const s = getComputedStyle(e);
    if (/(auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1) scrollers.push(`${name(e)} \
${e.scrollWidth} > ${e.clientWidth}`);
  }
  const statuses = [...document.querySelectorAll('.status')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.left < 0 || r.right > width;
  }).map(text);
  return {scroll: de.scrollWidth - width, width, outside, scrollers, statuses,
          statusCount: document.querySelectorAll('article .status').length,
          cells: article.querySelectorAll('td').length};
}"""


@dataclass
class Layout:
    path: str
    scroll: int
    width: int
    outside: list
    scrollers: list
    statuses: list
    status_count: int
    cells: int


def layouts_of(served: tuple[str, Path], browser) -> list[Layout]:
    """Every page of a served site as a phone lays it out."""
    base, site = served
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    layouts = []
    for path in page_paths(site):
        page.goto(base + path)
        r = page.evaluate(LAYOUT)
        layouts.append(
            Layout(
                path, r["scroll"], r["width"], r["outside"], r["scrollers"], r["statuses"], r["statusCount"], r["cells"]
            )
        )
    context.close()
    return layouts


@pytest.fixture(scope="session")
def phone_layouts(served_site, browser) -> list[Layout]:
    return layouts_of(served_site, browser)


def test_the_second_citys_pages_fit_a_phone(second_city_served, browser):
    """The phone check on a city that is not Kokkola (issue 25: the city-neutral checks)."""
    layouts = layouts_of(second_city_served, browser)
    assert len(layouts) >= 55 and {x.width for x in layouts} == {PHONE["width"]}
    problems = [f"{x.path or '/'}: {x.scroll} px wider than the screen" for x in layouts if x.scroll > 0]
    for x in layouts:
        problems += [f"{x.path}: status outside the screen: {s}" for s in x.statuses]
        problems += [f"{x.path}: outside the screen: {e}" for e in x.outside[:5]]
    assert problems == []


def test_no_page_scrolls_sideways_on_a_phone(phone_layouts):
    assert len(phone_layouts) >= 80 and {x.path for x in phone_layouts} >= {"", "fi/404.html", "sv/404.html"}
    assert {x.width for x in phone_layouts} == {PHONE["width"]}
    wide = [f"{x.path or '/'}: {x.scroll} px wider than the screen" for x in phone_layouts if x.scroll > 0]
    assert wide == []


def test_every_status_value_and_target_is_on_the_screen(phone_layouts):
    problems = []
    for x in phone_layouts:
        problems += [f"{x.path}: status outside the screen: {s}" for s in x.statuses]
        problems += [f"{x.path}: outside the screen: {e}" for e in x.outside[:5]]
        problems += [f"{x.path}: scrolls sideways: {e}" for e in x.scrollers]
    assert problems == []
    # The pages measured do hold statuses and tables (the metric tables of themes, goals, metrics, rounds).
    assert sum(x.status_count for x in phone_layouts) >= 100
    assert sum(1 for x in phone_layouts if x.cells) >= 30


def test_the_measure_sees_a_table_that_does_not_fit(served_site, browser):
    """The check above fails where it should: a table made wider than the screen is reported."""
    base, _ = served_site
    context = browser.new_context(viewport=PHONE, is_mobile=True, bypass_csp=True)  # to add the style below
    page = context.new_page()
    page.goto(base + METRIC["fi"])
    page.add_style_tag(
        content="table[data-stack], table[data-stack] * { display: revert !important; } "
        "table[data-stack] td { white-space: nowrap; }"
    )
    r = page.evaluate(LAYOUT)
    assert r["outside"] or r["scrollers"] or r["scroll"] > 0
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_stacked_tables_stay_tables_with_their_column_names(served_site, browser, lang):
    """On a phone each row is a card and each value shows its column's name before it; a screen reader still
    meets a table, rows and cells (Chromium keeps a stacked table a table), and hears the name once (the label's
    alternative text is empty)."""
    base, _ = served_site
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(base + METRIC[lang])
    cards = page.evaluate("""() => [...document.querySelectorAll('table[data-stack] tbody tr')].map(tr => ({
        display: getComputedStyle(tr).display,
        cells: [...tr.querySelectorAll('td')].filter(td => td.textContent.trim()).map(td => ({
            label: td.dataset.label, before: getComputedStyle(td, '::before').content,
            header: td.closest('table').querySelectorAll('thead th')[td.cellIndex].textContent.trim()}))}))""")
    assert cards and all(c["display"] == "block" for c in cards)
    for card in cards:
        assert card["cells"]
        for cell in card["cells"]:
            assert cell["label"] == cell["header"]
            assert cell["before"].startswith(f'"{cell["header"]}: "')
    tree = page.locator("table[data-stack]").first.aria_snapshot()
    assert tree.startswith("- table") and "- row" in tree and "- cell" in tree
    # On a wide screen the same table is an ordinary table again.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table[data-stack] tbody tr')).display") == "table-row"
    )
    context.close()


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_progress_bars_are_small_pictures_beside_their_counts(served_site, browser, width):
    """The summary's bars are a line high and at most about 30 em wide, on a phone and on a wide screen (Material
    gives every SVG in a page `height: auto`, which once drew them 118 px high across the whole page)."""
    base, _ = served_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for lang in LANGS:
        page.goto(f"{base}{lang}/")
        boxes = page.evaluate(
            "[...document.querySelectorAll('svg.progress-bar')].map(s => s.getBoundingClientRect())"
            ".map(r => [r.width, r.height])"
        )
        assert len(boxes) >= 4
        assert all(8 <= h <= 32 and 0 < w <= 640 for w, h in boxes), boxes
    context.close()
