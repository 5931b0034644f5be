"""Updates, feeds, share metadata, citations, redirects of old URLs and the printable strategy."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import feedparser
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from tests.support.content import edit, errors_of, interface_words
from tests.support.project import ROOT
from tests.support.serving import Quiet, free_port
from tests.support.site import BASE, html_pages, soup

UPDATE = "2020-04-30-vuoden-2019-vakiluku-julkaistu"


def site_file(site: Path, url: str) -> Path:
    path = site / urlparse(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def test_new_update_creates_both_languages_as_draft(project):
    result = CliRunner().invoke(
        main,
        [
            "new-update",
            "--root",
            str(project),
            "--title-fi",
            "Työllisyys paranee",
            "--title-sv",
            "Sysselsättningen förbättras",
            "--goal",
            "active",
            "--metric",
            "employment-rate",
            "--date",
            "2026-11-27",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Created content/updates/2026-11-27-tyollisyys-paranee.yml",
        "Created content/fi/updates/2026-11-27-tyollisyys-paranee.md",
        "Created content/sv/updates/2026-11-27-tyollisyys-paranee.md",
        "Write the summary and the text in each language file, set 'draft: false' in the .yml file, then build.",
    ]
    sv = (project / "content/sv/updates/2026-11-27-tyollisyys-paranee.md").read_text(encoding="utf-8")
    assert (
        sv
        == "---\nslug: 2026-11-27-sysselsattningen-forbattras\ntitle: Sysselsättningen förbättras\nsummary: ''\n---\n\n"
    )
    # A draft builds (and is not published); publishing it unwritten is an error naming what to do.
    assert pipeline.check(pipeline.Project(project)).updates[0].id == UPDATE
    edit(project / "content/updates/2026-11-27-tyollisyys-paranee.yml", "\ndraft: true", "\ndraft: false")
    assert errors_of(project) == [
        "content/fi/updates/2026-11-27-tyollisyys-paranee.md:4: summary: String "
        "should have at least 1 character [string-too-short] – write the text",
        "content/sv/updates/2026-11-27-tyollisyys-paranee.md:4: summary: String "
        "should have at least 1 character [string-too-short] – write the text",
    ]


def test_new_update_rejects_unknown_goal(project):
    result = CliRunner().invoke(
        main, ["new-update", "--root", str(project), "--title-fi", "A", "--title-sv", "B", "--goal", "laadukas"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown goal 'laadukas' – known goals: quality, digital,")
    assert not (project / "content/updates").joinpath("x").exists()


def test_update_without_twin_fails_unless_draft(project):
    (project / f"content/sv/updates/{UPDATE}.md").unlink()
    assert errors_of(project) == [
        f"content/updates/{UPDATE}.yml: the update has no Swedish text [missing-twin] – "
        f"create content/sv/updates/{UPDATE}.md, or mark the update 'draft: true'"
    ]
    edit(project / f"content/updates/{UPDATE}.yml", "\ndraft: false", "\ndraft: true")
    assert pipeline.check(pipeline.Project(project)).updates == ()


def test_update_shows_on_its_pages_and_in_listing(built_site):
    site = built_site / "site"
    for lang, metric, listing in (("fi", "mittarit/vakiluku", "ajankohtaista"), ("sv", "matare/folkmangd", "aktuellt")):
        for page in (f"{lang}/{metric}", f"{lang}/{listing}", lang):
            links = [a["href"] for a in soup(site / page / "index.html").select("article a")]
            assert any("2020-04-30-" in href for href in links), page
    listing = soup(site / "sv/aktuellt/index.html").select_one("article").get_text(" ")
    assert "(30 april 2020)" in listing
    assert "(30. huhtikuuta 2020)" in soup(site / "fi/ajankohtaista/index.html").select_one("article").get_text(" ")


def test_feeds_parse_and_every_link_resolves(built_site):
    site = built_site / "site"
    for lang in ("fi", "sv"):
        head_link = soup(site / lang / "index.html").select_one('head link[type="application/atom+xml"]')
        assert head_link["href"] == "feed.xml"
        for page in html_pages(site, lang).values():
            assert soup(page).select_one('head link[type="application/atom+xml"]'), page
        feed = feedparser.parse((site / lang / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang
        assert len(feed.entries) == 1
        links = [feed.feed.link] + [e.link for e in feed.entries]
        for link in links:
            assert link.startswith(f"{BASE}{lang}/")
            assert site_file(site, link).is_file(), link


def test_share_tags_on_every_page(built_site):
    site = built_site / "site"
    for lang, locale, other in (("fi", "fi_FI", "sv_FI"), ("sv", "sv_FI", "fi_FI")):
        for url, path in html_pages(site, lang).items():
            doc = soup(path)
            meta = {m.get("property") or m.get("name"): m["content"] for m in doc.select("head meta[content]")}
            canonical = doc.select_one('head link[rel="canonical"]')["href"]
            assert canonical == f"{BASE}{lang}/" + ("" if url == "." else url + "/")
            title = doc.title.get_text()
            assert title.startswith(meta["og:title"]) and meta["og:title"] == meta["twitter:title"]
            assert meta["description"] == meta["og:description"] == meta["twitter:description"] != ""
            assert meta["og:url"] == canonical
            assert meta["og:locale"] == locale and meta["og:locale:alternate"] == other
            assert meta["twitter:card"] == "summary"
            assert meta["og:site_name"] == {"fi": "Kokkolan strategia", "sv": "Karleby stads strategi"}[lang]


def test_cite_box_on_goal_and_metric_pages(built_site):
    site = built_site / "site"
    box = soup(site / "fi/mittarit/vakiluku/index.html").select_one(".admonition.quote").get_text(" ")
    assert "Viittaa tähän sivuun" in box
    # One citation pattern (B-9): the box is the about page's example, with the page's address and a reading date
    for lang, metric, about, address, read in [
        ("fi", "mittarit/vakiluku/", "tietoa", "Sivun osoite", "Viitattu"),
        ("sv", "matare/folkmangd/", "om-webbplatsen", "Sidans adress", "Läst"),
    ]:
        box = soup(site / lang / metric / "index.html").select_one(".admonition.quote p:not(.admonition-title)")
        example = " ".join(
            soup(site / lang / about / "index.html").select_one("article blockquote").get_text(" ").split()
        )
        said = " ".join(box.get_text(" ").split()).replace(f"{BASE}{lang}/{metric} .", f"{address}.")
        assert re.sub(rf"{read} \[\w+\]\.$", read, said) == re.sub(rf"{read} .+\.$", read, example), (said, example)
    # One "updated" date per page (review B-8): the goal page's box says what its table's footer says, the last round;
    # a goal is cited as what it is, not as a bare adjective
    page = soup(site / "sv/strategiska-mal/ansvarsfull/index.html")
    box = " ".join(page.select_one(".admonition.quote").get_text(" ").split())
    assert box.endswith(
        "– Ansvarsfull (strategiskt mål; siffrorna uppdaterade 30 april 2020). "
        f"{BASE}sv/strategiska-mal/ansvarsfull/ . Läst [datum]."
    ), box
    said = set(
        re.findall(
            r"[Ss]iffrorna uppdaterade (\d+ \w+ \d{4})", " ".join(page.select_one("article").get_text(" ").split())
        )
    )
    assert said == {"30 april 2020"}, said


def test_sitemap_lists_both_languages_with_alternates(built_site):
    site = built_site / "site"
    for lang in ("fi", "sv"):
        doc = BeautifulSoup((site / lang / "sitemap.xml").read_text(encoding="utf-8"), "xml")
        urls = doc.find_all("url")
        assert len(urls) == len(html_pages(site, lang))
        for url in urls:
            alts = {a["hreflang"]: a["href"] for a in url.find_all("link")}
            assert set(alts) == {"fi", "sv"} and alts[lang] == url.loc.get_text()
            assert all(site_file(site, href).is_file() for href in alts.values())
        # lastmod is the day the page's content changed (B-31): the statement its review, an update or a round its
        # own date, every other page the content's review (as_of), never the newest round's date for all
        lastmod = {url.loc.get_text().removeprefix(f"{BASE}{lang}/"): url.lastmod.get_text() for url in urls}
        statement = {"fi": "saavutettavuusseloste/", "sv": "tillganglighetsutlatande/"}[lang]
        rounds = {"fi": "seurantakierrokset", "sv": "uppfoljningsomgangar"}[lang]
        assert lastmod[statement] == "2026-11-27" and lastmod[""] == "2026-11-27"
        assert lastmod[f"{rounds}/2019-04-30/"] == "2019-04-30"
        assert [d for u, d in lastmod.items() if "2020-04-30-" in u] == ["2020-04-30"]


def test_slug_change_redirects_old_url(project, browser):
    edit(
        project / "content/fi/strategy.yml",
        "    slug: valpas\n",
        "    slug: valpas-kaupunki\n    old_slugs: [valpas]\n",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    pipeline.build(pipeline.Project(project), project / "site", base)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Quiet, directory=str(project / "site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"{base}fi/paamaarat/valpas/")
        page.wait_for_url(f"{base}fi/paamaarat/valpas-kaupunki/")
        assert page.locator("h1").inner_text() == "Valpas"
        assert page.locator("html").get_attribute("lang") == "fi"
        page.close()
    finally:
        server.shutdown()


def test_old_slug_may_not_point_at_a_page_in_use(project):
    edit(project / "content/fi/strategy.yml", "    slug: valpas\n", "    slug: valpas\n    old_slugs: [joustava]\n")
    assert errors_of(project) == [
        "content/fi/strategy.yml:79: 'alert' lists an old slug whose URL fi/paamaarat/joustava.md belongs to another "
        "page now [old-slug-in-use] – an old URL must keep leading to its page: give the other page another slug"
    ]


def test_printable_strategy_and_print_stylesheet(served_site, browser):
    base, site = served_site
    text = soup(site / "fi/koko-strategia/index.html").select_one("article").get_text(" ")
    for heading in ("Kunta palvelukoneena", "Kuntalaisaktivismi", "Kriittiset menestystekijät", "Hiljainen humoristi"):
        assert heading in text
    page = browser.new_page()
    page.goto(f"{base}sv/matare/arbetsloshetsgrad/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    shown = page.evaluate(
        """() => getComputedStyle(document.querySelector('article a[href^="http"]'), '::after').content"""
    )
    assert shown.startswith('" (') and "http" in shown
    page.close()


def test_goal_pages_say_no_update_concerns_them_not_that_none_exist(built_site):
    """Review B-16: a published update that names no goal does not make every goal page say no update exists."""

    site = built_site / "site"
    goals = {"fi": "paamaarat", "sv": "strategiska-mal"}
    for lang, folder in goals.items():
        strings = interface_words(ROOT / "content", lang)["strings"]
        pages = [
            p
            for p in sorted((site / lang / folder).glob("*/index.html"))
            if "http-equiv" not in p.read_text(encoding="utf-8")[:3000]
        ]
        assert len(pages) == 13
        for page in pages:
            doc = soup(page)
            heading = next(h for h in doc.select("article h2") if h.get_text(strip=True) == strings["updates"])
            following = heading.find_next_sibling()
            if following.name == "ul":
                continue  # the goal has updates: they are listed
            assert following.get_text(strip=True) == strings["goal_no_updates"], page
            assert strings["no_updates"] not in doc.select_one("article").get_text(), page
