"""The built site, parsed: its pages by language, their twins, and whole trees by hash."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag

from tests.support.content import LANGS

BASE = "https://strategia.kokkola.fi/"
GOAL = {"fi": "fi/paamaarat/vuorovaikutus/", "sv": "sv/strategiska-mal/vaxelverkan/"}
METRIC = {"fi": "fi/mittarit/tyottomyysaste/", "sv": "sv/matare/arbetsloshetsgrad/"}


def html_pages(site: Path, lang: str) -> dict[str, Path]:
    """Content pages of one language by URL path (404.html, search assets and the redirects at old URLs left out)."""
    return {
        p.parent.relative_to(site / lang).as_posix(): p
        for p in sorted((site / lang).rglob("index.html"))
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:600]
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, lang: str, url: str) -> Tag:
    pages = html_pages(site, lang)
    assert url in pages, f"{lang}/{url} missing"
    return soup(pages[url]).select_one("article")


def page_paths(site: Path) -> list[str]:
    """Every page a visitor can land on, as paths under the base URL: the root chooser, every index.html of
    both languages (old-URL redirect pages, which only forward, left out) and the two 404 pages."""
    paths = [""]
    for lang in LANGS:
        for path in sorted((site / lang).rglob("index.html")):
            if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:2000]:
                continue
            rel = path.parent.relative_to(site).as_posix()
            paths.append(rel + "/")
        paths.append(f"{lang}/404.html")
    return paths


def check_twins(site: Path, base: str = BASE, at_least: int = 40) -> None:
    """Every page of each language has its twin, in <html lang>, the hreflang links and the language switch
    (`base`: the site's base_url; `at_least`: pages per language, so that a site missing most fails)."""
    for lang, other in (("fi", "sv"), ("sv", "fi")):
        pages = html_pages(site, lang)
        assert len(pages) == len(html_pages(site, other)) >= at_least
        for url, path in pages.items():
            doc = soup(path)
            assert doc.html["lang"] == lang
            links = {link["hreflang"]: link["href"] for link in doc.select('head link[rel="alternate"][hreflang]')}
            assert set(links) == {"fi", "sv"}, url
            own = f"{base}{lang}/" + ("" if url == "." else url + "/")
            assert links[lang] == own
            twin = links[other]
            assert twin.startswith(f"{base}{other}/")
            twin_file = site / urlparse(twin).path.lstrip("/") / "index.html"
            assert twin_file.is_file(), f"{url}: twin {twin} missing"
            back = {
                link["hreflang"]: link["href"]
                for link in soup(twin_file).select('head link[rel="alternate"][hreflang]')
            }
            assert back[lang] == own, "twins must point at each other"
            switch = {a["hreflang"]: a["href"] for a in doc.select("a.md-select__link")}
            assert switch == links, "the language switch goes to the same page in the other language"
            assert all(a.get("lang") == a["hreflang"] for a in doc.select("a.md-select__link")), (
                "each name in its language"
            )


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, as its SHA-256: two trees are equal byte for byte iff these are."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
