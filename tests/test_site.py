"""The built Kokkola site, parsed: both languages, twins, hreflang, search, the whole seed, determinism."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline, render
from generator.cli import main
from generator.urls import relative
from generator.writers import move_changed, sync_tree
from tests.support.content import interface_words
from tests.support.project import ROOT, copy_project
from tests.support.site import BASE, check_twins, html_pages, soup, tree_hashes

SEED = ROOT / "content" / "source" / "strategia-sisaltoluonnos-2017-09-05.txt"  # the city's text, as received


def test_every_page_has_its_twin_and_hreflang(built_site):
    check_twins(built_site / "site")


def test_interface_and_search_are_per_language(built_site):
    site = built_site / "site"
    for lang, own_text, other_text in (
        ("fi", "rohkeasti uudistuva", "modigt förnyar sig"),
        ("sv", "modigt förnyar sig", "rohkeasti uudistuva"),
    ):
        index = json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        text = " ".join(d["text"] + d["title"] for d in index["docs"])
        assert own_text in text and other_text not in text
        home = soup(site / lang / "index.html")
        placeholder = home.select_one("input.md-search__input")["placeholder"]
        assert placeholder == {"fi": "Hae", "sv": "Sök"}[lang]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def test_whole_seed_is_on_the_finnish_site(built_site):
    site = built_site / "site"
    corpus = " ".join(_norm(soup(p).select_one("article").get_text(" ")) for p in html_pages(site, "fi").values())
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    for c in yaml.safe_load((ROOT / "content" / "corrections.yml").read_text(encoding="utf-8")):
        lines = [line.replace(c["draft"], c["site"]) for line in lines]  # the recorded corrections, listed on the site

    # The site writes dates in one (long) style: the draft's "Sisältöluonnos 5.9.2017" reads
    # "sisältöluonnos, 5. syyskuuta 2017".
    def long(m):
        return format_date(dt.date(int(m[3]), int(m[2]), int(m[1])), format="long", locale="fi_FI")

    lines = [re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", long, line) for line in lines]
    # A goal's number ("1.LAADUKAS.") is shown by its ordered list, so it is not part of the text.
    missing = [line for line in lines if _norm(re.sub(r"^(- )?\d+\.", "", line)) not in corpus]
    assert missing == []
    assert len(lines) > 80


def test_swedish_site_uses_established_terms(built_site):
    site = built_site / "site"
    corpus = " ".join(soup(p).select_one("article").get_text(" ") for p in html_pages(site, "sv").values())
    for term in (
        "Karleby stad",
        "stadsfullmäktige",
        "stadsstyrelsen",
        "årsbidrag",
        "avskrivningar",
        "sysselsättningsgrad",
        "arbetslöshetsgrad",
        "koncernskuld",
        "ägarstyrning",
        "kommuninvånare",
        "livskraft",
        "vård- och landskapsreformen",
        "Allt nära i Karleby!",
        "modigt förnyar sig",
        "Tillsammans lyckas vi!",
        "En resurssmart stad!",
        "En lockande och attraktiv stad!",
        "Kommuninvånaraktivism",
        # the second review (B-52, B-53, B-55)
        "minska egendomsmassan",
        "Lov att göra – och att göra fel!",
        "Strategiramen Gårr bra Karleby",
    ):
        assert term.lower() in corpus.lower(), term
    for gloss in (
        "Lämpligt nära",
        "förnyas djärvt",
        "Aktiva kommuninvånare",
        "Regionförvaltningsverket",
        "Gallrande",
        "avyttra",
        "Gårr bra Karleby – strategiramen",
        "uträknad",
    ):
        assert gloss.lower() not in corpus.lower(), gloss
    assert "5 september 2017" in corpus
    # B-55: the framework's Swedish name, head noun first, in the nav and as the page's own heading
    home = soup(site / "sv" / "index.html")
    nav = [" ".join(a.get_text(" ").split()) for a in home.select("nav.md-nav a.md-nav__link")]
    assert "Strategiramen Gårr bra Karleby" in nav and not any("– strategiramen" in n for n in nav)
    framework = soup(site / "sv" / "strategiramen" / "index.html")
    assert framework.select_one("article h1").get_text(strip=True) == "Strategiramen Gårr bra Karleby"
    assert framework.select_one("title").get_text().startswith("Strategiramen Gårr bra Karleby")


def test_goal_pages_show_hierarchy_and_neighbours(built_site):
    page = soup(built_site / "site" / "sv" / "strategiska-mal" / "vaksam" / "index.html")
    crumbs = [li.get_text(strip=True) for li in page.select("nav.breadcrumbs li")]
    assert crumbs[0] == "Startsida" and crumbs[-1] == "Vaksam" and len(crumbs) == 4
    text = page.select_one("article").get_text(" ")
    assert "Mål 4/4 inom temat" in text
    assert "Föregående" in text and "Nästa" in text


def test_no_request_leaves_the_site(built_site):
    """Every script, stylesheet, image, font and frame comes from the site itself."""
    site = built_site / "site"
    for path in sorted(site.rglob("*.html")):
        doc = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in doc.find_all(tag):
                url = el.get(attr)
                if not url or (tag == "link" and set(el.get("rel", [])) & {"alternate", "canonical"}):
                    continue
                assert urlparse(urljoin(BASE, url)).netloc == "strategia.kokkola.fi", f"{path}: {url}"
    css = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_builds_are_byte_identical(built_site, tmp_path):
    """The same content gives the same bytes, whether the languages run in worker processes or in this one."""
    other = copy_project(tmp_path / "again")
    result = pipeline.build(pipeline.Project(other), other / "site", parallel=False)
    assert tree_hashes(other / "site") == tree_hashes(built_site / "site")
    assert tree_hashes(other / "docs") == tree_hashes(built_site / "docs")
    assert set(result.seconds) >= {"validate", "generate", "site", "write", "total"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "ab", "index.md", "x.md", "."]), max_size=5),
    st.lists(st.sampled_from(["a", "b", "ab", "c", "."]), max_size=4),
)
def test_relative_links_match_posixpath(target, start):
    """urls.relative replaces posixpath.relpath (which calls os.getcwd() per link) for the plan's paths."""
    target, start = "/".join(target), "/".join(start)
    assert relative(target, start) == posixpath.relpath(target or ".", start or ".")


def test_rebuild_rewrites_only_changed_files(project):
    """docs/ and site/ keep every unchanged file as it was (same bytes, same date: cached copies stay valid)."""
    proj = pipeline.Project(project)
    first = pipeline.build(proj)
    assert first.docs.unchanged == 0 and len(first.docs.written) == first.pages
    site_files = len(first.site.written)
    dates = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    (project / "site" / "fi" / "stale.html").write_text("old", encoding="utf-8")
    again = pipeline.build(proj)
    assert again.docs.written == [] and again.docs.removed == [] and again.docs.unchanged == first.pages
    assert again.site.written == [] and again.site.removed == ["fi/stale.html"] and again.site.unchanged == site_files
    assert {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()} == dates
    text = (project / "content/sv/strategy.yml").read_text(encoding="utf-8")
    (project / "content/sv/strategy.yml").write_text(
        text.replace("Mod att förnya sig", "Mod att förnya oss"), encoding="utf-8"
    )
    changed = pipeline.build(proj)
    assert changed.docs.written == ["sv/hela-strategin.md", "sv/index.md", "sv/strategiramen.md"]
    assert changed.site.written == [
        "sv/hela-strategin/index.html",
        "sv/index.html",
        "sv/search/search_index.json",
        "sv/strategiramen/index.html",
    ]
    assert "Mod att förnya oss" in (project / "site/sv/index.html").read_text(encoding="utf-8")


def test_failed_build_leaves_previous_site_intact(project):
    proj = pipeline.Project(project)
    pipeline.build(proj)
    before = tree_hashes(project / "site"), tree_hashes(project / "docs")
    # A content error: caught before anything is written.
    (project / "content/sv/pages/about.md").rename(project / "content/sv/pages/om.md")
    with pytest.raises(pipeline.ContentErrors):
        pipeline.build(proj)
    assert (tree_hashes(project / "site"), tree_hashes(project / "docs")) == before
    (project / "content/sv/pages/om.md").rename(project / "content/sv/pages/about.md")
    # An error only MkDocs sees (a broken link in a prose page): the staging build fails, nothing is swapped in.
    about = project / "content/fi/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[rikki](ei-ole.md)\n", encoding="utf-8")
    with pytest.raises(pipeline.BuildFailed, match="ei-ole.md"):
        pipeline.build(proj)
    assert (tree_hashes(project / "site"), tree_hashes(project / "docs")) == before
    assert not (project / ".site.staging").exists()


def test_a_worker_that_dies_fails_the_build_cleanly(project, monkeypatch):
    """A language's worker process killed (say, out of memory) is a clear error, not a traceback, and the
    previous docs/ and site/ stay as they were."""
    pipeline.build(pipeline.Project(project))
    before = tree_hashes(project / "site"), tree_hashes(project / "docs")
    monkeypatch.setattr(render, "generate_language", lambda *args: os._exit(9))  # inherited by the forked workers
    # --no-cache: the content is as the last build left it, which would otherwise be done at once (manifest.py)
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--no-cache"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines() == [
        "Error: a build process stopped unexpectedly (out of memory, or killed); run the build again, and if it keeps "
        "stopping, check the machine's free memory",
        "The site could not be built; the previous docs/ and site/ are unchanged.",
    ]
    assert (tree_hashes(project / "site"), tree_hashes(project / "docs")) == before


def test_root_page_lets_visitor_choose(built_site):
    doc = soup(built_site / "site" / "index.html")
    links = {a["hreflang"]: (a["href"], a.get_text(strip=True)) for a in doc.select("main a")}
    assert links == {"fi": ("fi/", "Suomeksi"), "sv": ("sv/", "På svenska")}


def test_no_markdown_leaks_into_pages(built_site):
    """The site shows no code; a <pre>/<code> or a literal '**' means a template broke its Markdown."""
    site = built_site / "site"
    for lang in ("fi", "sv"):
        for url, path in html_pages(site, lang).items():
            article = soup(path).select_one("article")
            assert article.select("pre, code") == [], url
            assert "**" not in article.get_text() and "](" not in article.get_text(), url


def test_build_command_reports_stages_and_changes(project):
    first = CliRunner().invoke(main, ["build", "--root", str(project)])
    again = CliRunner().invoke(main, ["build", "--root", str(project)])
    assert first.exit_code == again.exit_code == 0, first.output
    docs = len(list((project / "docs").rglob("*.*")))
    site = len([p for p in (project / "site").rglob("*") if p.is_file()])
    lines = again.output.splitlines()
    assert re.fullmatch(
        rf"Built {docs} files in 2 languages in [\d.]+ s \(validate [\d.]+ s, generate [\d.]+ s, "
        r"MkDocs [\d.]+ s, write [\d.]+ s\)\.",
        lines[0],
    ), lines[0]
    assert lines[1:] == [
        f"docs/: 0 written, 0 removed, {docs} unchanged.",
        f"site/: 0 written, 0 removed, {site} unchanged.",
        f"Open {project / 'site' / 'index.html'}",
    ]
    assert first.output.splitlines()[1:3] == [
        f"docs/: {docs} written, 0 removed, 0 unchanged.",
        f"site/: {site} written, 0 removed, 0 unchanged.",
    ]


def test_only_changed_files_move_in(tmp_path):
    """writers.move_changed: new and changed files move in, identical ones stay (with their date), stale ones
    go, and a file where a folder must be (or the other way round) is replaced."""
    site, new = tmp_path / "site", tmp_path / "new"
    sync_tree(
        {"same.html": b"1", "changed.html": b"old", "stale.html": b"x", "a": b"file", "b/c.html": b"folder"}, site
    )
    same = (site / "same.html").stat().st_mtime_ns
    sync_tree({"same.html": b"1", "changed.html": b"new", "added/x.html": b"2", "a/d.html": b"3", "b": b"4"}, new)
    report = move_changed(new, site)
    assert (report.written, report.removed, report.unchanged) == (
        ["a/d.html", "added/x.html", "b", "changed.html"],
        ["a", "b/c.html", "stale.html"],
        1,
    )
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()} == {
        "same.html": b"1",
        "changed.html": b"new",
        "added/x.html": b"2",
        "a/d.html": b"3",
        "b": b"4",
    }
    assert (site / "same.html").stat().st_mtime_ns == same


def test_workers_without_fork_give_the_same_site(built_site, tmp_path, monkeypatch):
    """Where fork is not available (Windows, and macOS by default) the workers are spawned and get the content
    pickled; the site must be the same."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    other = copy_project(tmp_path / "spawned")
    pipeline.build(pipeline.Project(other), other / "site")
    assert tree_hashes(other / "site") == tree_hashes(built_site / "site")


# -- A draft says so on every page (issue 23, rule 3) ----------------------------------------------------------------

DRAFT_DATE = {"fi": "5. syyskuuta 2017", "sv": "5 september 2017"}  # content/strategy.yml draft_date, long form


def draft_name(lang: str) -> str:
    ui = interface_words(ROOT / "content", lang)
    return ui["strings"]["draft_name"].format(date=DRAFT_DATE[lang])


def content_pages(site: Path, lang: str) -> list[Path]:
    """Every built page of a language but the old-URL redirects and the 404 page (the theme's, with no content)."""
    return [
        p
        for p in sorted((site / lang).rglob("index.html"))
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
    ]


@pytest.mark.parametrize("lang", ("fi", "sv"))
def test_every_page_says_it_shows_the_draft_and_every_citation_names_it(built_site, lang):
    name = draft_name(lang)
    pages = content_pages(built_site / "site", lang)
    assert len(pages) >= 40
    cited = 0
    for path in pages:
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        notice = doc.select_one("article .draft-notice")
        assert notice is not None and name in notice.get_text(), f"{path}: the draft notice with its name and date"
        for box in doc.select("article .admonition.quote"):
            cited += 1
            assert name in " ".join(box.get_text(" ").split()), f"{path}: the citation names the draft and its date"
    assert cited >= 13, "every goal and metric page has a citation box"


def test_an_adopted_text_has_no_draft_notice(tmp_path):
    """The notice and the citation's name follow the content (strategy.yml text_status), not the site."""
    proj = copy_project(tmp_path / "adopted")
    strategy = proj / "content" / "strategy.yml"
    strategy.write_text(
        strategy.read_text(encoding="utf-8").replace("text_status: draft", "text_status: adopted"), encoding="utf-8"
    )
    from generator import loading

    docs = pipeline.generate_docs(loading.load(proj / "content"))
    assert not any(b"draft-notice" in data for data in docs.values())
    goal = docs["fi/paamaarat/laadukas.md"].decode("utf-8")
    assert draft_name("fi") not in goal and "Kokkolan kaupunki: Kokkolan strategia – *Laadukas*" in goal
