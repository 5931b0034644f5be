"""The same site on Zensical, Material's successor (`strategy-site build --engine zensical`), checked, not hoped.

The Kokkola site is built with Zensical from the same generated pages, mkdocs.yml and theme as with MkDocs,
then compared page by page with the MkDocs build (the words a reader sees, the links and where they lead, the
head's metadata), checked for its languages and twins, built twice for the same bytes, and used in Chromium
through the production nginx configuration: the language switch, search in each language with its index loaded
only when the search is opened, and the axe-core audit on a sample of pages.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner

from generator import engines, pipeline
from generator.cli import main
from generator.engines.theme import COLOURS_CSS, PACKAGE_THEME
from tests.support.browser import AXE, CSP_LISTENER, CSP_UPDATE, WCAG_TAGS, policy_and_missing, switch_there_and_back
from tests.support.nginx import serve_built
from tests.support.processes import session_processes
from tests.support.site import check_twins, soup, tree_hashes

# Files one engine writes and the other does not: each engine's search index, and MkDocs' gzipped sitemap.
ENGINE_ONLY = {
    "mkdocs": {f"{lang}/{name}" for lang in ("fi", "sv") for name in ("search/search_index.json", "sitemap.xml.gz")},
    "zensical": {f"{lang}/search.json" for lang in ("fi", "sv")},
}
# A sample of every kind of page, both languages: home, theme, goal, metric, round, update, 404.
SAMPLE = [
    "fi/",
    "sv/",
    "fi/teemat/kuntalaisaktivismi/",
    "sv/teman/kommuninvanaraktivism/",
    "fi/paamaarat/vuorovaikutus/",
    "sv/strategiska-mal/vaxelverkan/",
    "fi/mittarit/tyottomyysaste/",
    "sv/matare/arbetsloshetsgrad/",
    "fi/seurantakierrokset/2020-04-30/",
    "sv/uppfoljningsomgangar/2020-04-30/",
    "fi/ajankohtaista/2020-04-30-vuoden-2019-vakiluku-julkaistu/",
    "sv/aktuellt/2020-04-30-folkmangden-for-2019-publicerad/",
    "fi/404.html",
    "sv/404.html",
]


@pytest.fixture(scope="session")
def served_zensical(tmp_path_factory):
    """The Zensical site built for a local address and served by nginx with the site's configuration."""
    base_url, site, server = serve_built(tmp_path_factory.mktemp("served-zensical"), engine="zensical")
    yield base_url, site
    server.stop()


# -- In the HTML ------------------------------------------------------------------------------------------------


def files(site: Path) -> set[str]:
    """The site's files, without the theme's own assets (each engine's scripts, styles and icons); the site's
    own (the package theme's assets/, generator/theme/, and the colours' style sheet) are kept."""

    def ours(rel: str) -> bool:
        lang, _, path = rel.partition("/")
        return not path.startswith("assets/") or (PACKAGE_THEME / path).is_file() or path == COLOURS_CSS

    return {rel for p in site.rglob("*") if p.is_file() and ours(rel := p.relative_to(site).as_posix())}


def reader_facts(page: Path, site: Path) -> dict:
    """What a reader and a search engine get from a page, every link resolved against the page's address (the
    engines spell relative links differently, `./x/` and `x/`, for the same target)."""
    doc = soup(page)
    here = "https://site/" + page.relative_to(site).as_posix().removesuffix("index.html")

    def url(href):
        return urljoin(here, href) if href is not None else None

    def links(selector):
        return [
            (url(a["href"]), a.get("hreflang"), a.get("lang"), " ".join(a.get_text().split()))
            for a in doc.select(selector)
            if a.has_attr("href")
        ]

    article = doc.select_one("article")
    return {
        "lang": doc.html.get("lang"),
        "title": doc.title.get_text() if doc.title else None,
        "meta": sorted(
            (m.get("name") or m.get("property") or "", m.get("content") or "")
            for m in doc.select("head meta")
            if (m.get("name") or m.get("property")) not in (None, "generator")
        ),
        "head links": sorted(
            (" ".join(link["rel"]), url(link.get("href")) or "", link.get("hreflang") or "")
            for link in doc.select("head link")
            if not {"stylesheet", "icon"} & set(link["rel"])
        ),
        "text": " ".join(article.get_text(" ").split()) if article else None,
        "article links": links("article a"),
        "navigation": links("nav.md-nav--primary a"),
        "contents": links("nav.md-nav--secondary a"),
        "switch": links("a.md-select__link"),
        "footer": links("footer a"),
        "palette names": [i.get("aria-label") for i in doc.select("input.md-option")],
    }


def test_every_page_is_the_mkdocs_page(built_site, zensical_site):
    """Both engines give the same pages, each with the same words, links, navigation, language switch, footer and
    metadata; only each engine's search index (and MkDocs' gzipped sitemap) differ."""
    mkdocs, zensical = built_site / "site", zensical_site / "site"
    assert files(mkdocs) - ENGINE_ONLY["mkdocs"] == files(zensical) - ENGINE_ONLY["zensical"]
    assert ENGINE_ONLY["zensical"] <= files(zensical)
    pages = sorted(p.relative_to(mkdocs) for p in mkdocs.rglob("*.html"))
    assert len(pages) >= 90
    different = {}
    for rel in pages:
        ours, theirs = reader_facts(zensical / rel, zensical), reader_facts(mkdocs / rel, mkdocs)
        different |= {f"{rel} {key}": (ours[key], theirs[key]) for key in ours if ours[key] != theirs[key]}
    assert not different, "\n".join(
        f"{k}:\n  Zensical {z}\n  MkDocs   {m}" for k, (z, m) in list(different.items())[:10]
    )
    assert soup(zensical / "fi" / "index.html").select_one('meta[name="generator"]')["content"].startswith("zensical-")


def test_every_page_has_its_twin_language_and_switch(zensical_site):
    check_twins(zensical_site / "site")


def sitemap(path: Path) -> dict[str, set]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(path).getroot()
    return {
        url.findtext("s:loc", namespaces=ns): {(a.get("hreflang"), a.get("href")) for a in url.findall("x:link", ns)}
        for url in root.findall("s:url", ns)
    }


def test_sitemap_lists_every_page_with_its_twins(built_site, zensical_site):
    for lang in ("fi", "sv"):
        ours, theirs = (
            sitemap(zensical_site / "site" / lang / "sitemap.xml"),
            sitemap(built_site / "site" / lang / "sitemap.xml"),
        )
        assert ours == theirs and len(ours) >= 40
        assert all(len(alternates) == 2 for alternates in ours.values())


def test_search_index_is_each_languages_own(zensical_site):
    import json

    for lang, own, other in (
        ("fi", "rohkeasti uudistuva", "modigt förnyar sig"),
        ("sv", "modigt förnyar sig", "rohkeasti uudistuva"),
    ):
        index = json.loads((zensical_site / "site" / lang / "search.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        text = " ".join(item["title"] + " " + item["text"] for item in index["items"])
        assert own in text and other not in text


def test_builds_are_byte_identical(zensical_site, tmp_path):
    """Again with Zensical's cache from the first build, and once more without any: the same bytes each time."""
    project = pipeline.Project(zensical_site)
    pipeline.build(project, tmp_path / "warm", engine="zensical")
    assert tree_hashes(tmp_path / "warm") == tree_hashes(zensical_site / "site")
    import shutil

    shutil.rmtree(zensical_site / ".zensical")
    pipeline.build(project, tmp_path / "cold", engine="zensical")
    assert tree_hashes(tmp_path / "cold") == tree_hashes(zensical_site / "site")


# -- The command and its errors ---------------------------------------------------------------------------------


def test_engine_not_installed_is_one_clear_error(project, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--engine", "zensical"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: Zensical is not installed: run `.venv/bin/pip install -e '.[zensical]'` (or `make site-zensical`), "
        "then build again\n"
        "The site could not be built; the previous docs/ and site/ are unchanged.\n"
    )
    assert not (project / "docs").exists() and not (project / "site").exists()


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_a_broken_template_stops_either_engine_and_leaves_the_site(project, engine):
    """The same failure, named the same way by both engines: each language's error with the template's name,
    exit status 1, and the previous site/ as it was."""
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--root", str(project), "--engine", engine]).exit_code == 0
    before = tree_hashes(project / "site")
    # a project's own copy of the theme's partial, broken: it replaces the package's (engines/theme.py)
    partial = project / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    broken = (PACKAGE_THEME / "partials" / "copyright.html").read_text(encoding="utf-8").replace("{% endif %}", "", 1)
    partial.write_text(broken, encoding="utf-8")
    result = runner.invoke(main, ["build", "--root", str(project), "--engine", engine])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "The site could not be built; the previous docs/ and site/ are unchanged."
    for lang in ("fi", "sv"):
        assert any(line.startswith(f"Error: {lang}: ERROR ") and "copyright.html" in line for line in lines), (
            result.output
        )
    assert tree_hashes(project / "site") == before


def test_a_broken_link_in_strict_mode_is_named_with_its_place(project):
    """Zensical's own warnings come back as MkDocs' do, with the page and line, and stop the build (strict)."""
    from generator import loading

    source = project / "content" / "fi" / "pages" / "about.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n[Rikki](ei-ole-olemassa.md)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--engine", "zensical"])
    assert result.exit_code == 1
    about = loading.load(project / "content").urls.pages["fi"][("prose", "about")]
    assert f"Error: fi: WARNING {about}:" in result.output and "page does not exist" in result.output, result.output
    assert "Error: fi: ERROR Aborted because --strict flag is set" in result.output


def test_zensical_killed_with_the_build_leaves_no_process(project, tmp_path):
    """Zensical runs as a child of the build's worker: killing the build (SIGKILL) ends it too."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--root", str(project), "--engine", "zensical"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _zensical_running(proc.pid):
        assert proc.poll() is None, "the build ended before Zensical was seen running"
        time.sleep(0.005)
    assert _zensical_running(proc.pid), "Zensical did not start"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_processes(proc.pid) == []
    assert not (project / "site").exists()


def _zensical_running(sid: int) -> bool:
    for pid in session_processes(sid):
        try:
            if b"zensical" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            pass
    return False


# -- In Chromium ------------------------------------------------------------------------------------------------


def test_language_switch_lands_on_twin_and_back(served_zensical, browser):
    base, _ = served_zensical
    switch_there_and_back(browser, base)


# Zensical's search: a button that opens its search dialog (in a shadow root, which Playwright's CSS pierces),
# with a combobox for the query and the results as options.
RESULTS = "a[role=option]"


def zensical_search(page, query: str) -> list[str]:
    page.locator("input[role=combobox]").fill(query)
    page.locator(RESULTS).first.wait_for(timeout=15000)
    return page.locator(RESULTS).evaluate_all("els => els.map(e => e.href.split(/[?#]/)[0])")


@pytest.mark.parametrize(
    "lang, query, found",
    [("fi", "työttömyysaste", "fi/mittarit/tyottomyysaste/"), ("sv", "växelverkan", "sv/strategiska-mal/vaxelverkan/")],
)
def test_search_finds_pages_of_its_own_language_and_loads_its_index_when_opened(
    served_zensical, browser, lang, query, found
):
    base, _ = served_zensical
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base}{lang}/")
    page.mouse.move(200, 300)  # a person is here: Zensical's bundle starts (assets/javascripts/on-demand.js)
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search" in url.rsplit("/", 1)[-1]], requested
    page.locator("[data-md-component=search] button").click()
    hrefs = zensical_search(page, query)
    assert f"{base}{lang}/search.json" in requested
    assert f"{base}{found}" in hrefs
    assert all(h.startswith(f"{base}{lang}/") for h in hrefs), hrefs
    page.close()


def test_search_key_and_button_work_before_the_bundle_has_started(served_zensical, browser):
    """The first press of "/" (or of the search button) starts Zensical's bundle and opens its search."""
    base, _ = served_zensical
    for opening in ("key", "button"):
        page = browser.new_page()
        page.goto(f"{base}sv/")
        assert page.evaluate("typeof window.component$") == "undefined", (
            "the bundle has not started before any interaction"
        )
        if opening == "key":
            page.keyboard.press("/")
        else:
            page.locator("[data-md-component=search] button").click()
        assert f"{base}sv/strategiska-mal/vaxelverkan/" in zensical_search(page, "växelverkan")
        page.close()


# axe-core on the page (`part`: "page", without Zensical's search dialog, which its bundle draws in a shadow root
# appended to <body>) or on that dialog alone ("dialog").
RUN_AXE = """async ([only, part]) => {
  const dialogs = [...document.body.children].filter(e => e.shadowRoot);
  const context = part === 'page' ? {exclude: dialogs} : {include: dialogs};
  const r = await axe.run(context, {runOnly: {type: 'tag', values: only}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, help: v.help, \
nodes: v.nodes.map(n => `${n.target.join(' ')}: ${n.failureSummary.split('\\n').slice(1, 2).join('').trim()}`)}));
}"""
# What axe-core finds in Zensical 0.0.73's own search dialog (README: what Zensical cannot do yet): grey result
# paths and counts below 4.5:1, and result links whose name (the title alone) leaves out their visible text.
SEARCH_DIALOG_VIOLATIONS = {"color-contrast", "label-content-name-mismatch"}


def axe_context(browser):
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` (make setup-test)")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    return context


def test_sample_pages_pass_axe_as_loaded_and_with_zensical_running(served_zensical, browser):
    """Every kind of page, both languages: as loaded, then with Zensical's bundle started (and on the home pages
    the search dialog open behind the audit): no WCAG 2.0/2.1 A or AA violation, no CSP violation, no error."""
    base, _ = served_zensical
    context = axe_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on(
        "response",
        lambda r: (
            errors.append(f"{page.url}: {r.status} {r.url}") if r.status >= 400 and "404" not in page.url else None
        ),
    )
    problems = []
    for path in SAMPLE:
        page.goto(base + path)
        problems += [
            f"{path} [as loaded] {v['id']}: {v['help']} {v['nodes'][:3]}"
            for v in page.evaluate(RUN_AXE, [WCAG_TAGS, "page"])
        ]
        page.keyboard.press("Tab")  # a key: Zensical's bundle starts (assets/javascripts/on-demand.js)
        page.wait_for_function("() => typeof window.component$ !== 'undefined'")
        page.evaluate("document.activeElement && document.activeElement.blur()")  # (the skip link, mid-transition)
        if path in ("fi/", "sv/"):
            page.locator("[data-md-component=search] button").click()
            zensical_search(page, "kokkola" if path == "fi/" else "karleby")
        problems += [
            f"{path} [running] {v['id']}: {v['help']} {v['nodes'][:3]}"
            for v in page.evaluate(RUN_AXE, [WCAG_TAGS, "page"])
        ]
        problems += [f"{path} CSP: {v}" for v in page.evaluate("window.__cspViolations")]
    context.close()
    assert not problems, "\n".join(problems)
    assert not errors, errors


def test_the_search_dialogs_known_problems(served_zensical, browser):
    """Zensical's search dialog is its own (drawn by its bundle, styled inside a shadow root the site's CSS does
    not reach): what axe-core finds in it is what README.md lists, no more; a Zensical release that mends it fails
    this test, so that the README and the pin are looked at again."""
    base, _ = served_zensical
    context = axe_context(browser)
    page = context.new_page()
    found = {}
    for lang, query in (("fi", "työttömyysaste"), ("sv", "växelverkan")):
        page.goto(f"{base}{lang}/")
        page.locator("[data-md-component=search] button").click()
        zensical_search(page, query)
        found[lang] = {v["id"] for v in page.evaluate(RUN_AXE, [WCAG_TAGS, "dialog"])}
        assert page.evaluate("window.__cspViolations") == []
        assert page.locator("dialog").get_attribute("aria-label") == "Search", "the dialog's words are English"
    context.close()
    assert found == {"fi": SEARCH_DIALOG_VIOLATIONS, "sv": SEARCH_DIALOG_VIOLATIONS}


def test_csp_allows_the_zensical_site(served_zensical):
    """The nginx policy covers every inline script and style of the Zensical site too (deploy/csp.py)."""
    configured, missing = policy_and_missing(served_zensical[1])
    assert not missing, f"{CSP_UPDATE}: not in the policy: {missing}"
    assert re.search(r"script-src 'self' 'sha256-", configured)
