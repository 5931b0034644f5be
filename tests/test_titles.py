"""What a browser tab, a search result and a moved page say (review B-32, B-33), in both languages: the site's
name once on the home page, an en dash between parts, what a theme, goal or metric page is; an old address
says in words that the page has moved and where; the 404 page's home link is the language's home page."""

from __future__ import annotations

import re

import pytest

from tests.support.content import LANGS, load, ui
from tests.support.site import html_pages, soup


@pytest.mark.parametrize("lang", LANGS)
def test_page_titles_name_the_page_once(built_site, lang):
    site, t = built_site / "site", ui(lang)
    name = load(lang, "ui.yml")["site_name"]
    kinds = {
        load(lang, "ui.yml")["slugs"][k]: t[f"kind_{v}"]
        for k, v in (("themes", "theme"), ("goals", "goal"), ("metrics", "metric"))
    }
    pages = html_pages(site, lang)
    assert soup(pages["."]).title.get_text() == name
    for url, path in pages.items():
        if url == ".":
            continue
        doc = soup(path)
        title, h1 = doc.title.get_text(), doc.select_one('meta[property="og:title"]')["content"]  # the page's own title
        folder, _, rest = url.partition("/")
        kind = kinds.get(folder) if rest else None
        assert title == " – ".join([h1] + ([kind] if kind else []) + [name]), (url, title)
        assert " - " not in title and title.count(name) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_address_says_the_page_has_moved(built_site, lang):
    site, t = built_site / "site", ui(lang)
    name = load(lang, "ui.yml")["site_name"]
    moved = [p for p in (site / lang).rglob("index.html") if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    assert moved or lang == "fi"
    for path in moved:
        doc = soup(path)
        assert doc.title.get_text() == f"{t['moved_title']} – {name}"
        link = doc.select_one("body a")
        target = (path.parent / link["href"]).resolve() / "index.html"
        assert target.is_file() and link.get_text() == doc.select_one('link[rel="canonical"]')["href"]
        before, _, after = t["moved_text"].partition("{link}")
        assert doc.select_one("body p").get_text() == f"{before}{link.get_text()}{after}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_page_links_to_the_language_home(built_site, lang):
    doc = soup(built_site / "site" / lang / "404.html")
    home = [a["href"] for a in doc.select("article a") if a.get_text() == ui(lang)["not_found_home"]]
    assert home == [f"/{lang}/"]
    assert not re.search(r'href="[^"]*/\."', str(doc.select_one("article")))


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_speaks_the_sites_language_while_it_loads(built_site, lang):
    """Material's own Swedish says "Initialiserar sök" while the search loads (B-54); the site's words are shown."""
    for path in list(html_pages(built_site / "site", lang).values())[:5]:
        meta = soup(path).select_one(".md-search-result__meta")
        assert " ".join(meta.get_text().split()) == ui(lang)["search_loading"]
        assert "Initialiserar" not in path.read_text(encoding="utf-8")
