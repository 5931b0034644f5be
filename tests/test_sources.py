"""A source's page title in another language is marked with its language wherever the source is named (review
B-30, WCAG 3.1.2 Language of Parts): metric pages (source list and data table) and round pages, in both languages."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from generator import cli
from tests.support.content import LANGS, interface_words
from tests.support.project import ROOT, copy_project
from tests.support.site import html_pages, soup


@pytest.mark.parametrize("lang", LANGS)
def test_source_titles_in_another_language_carry_its_lang(built_site, lang):
    sources = {
        s["url"]: s for s in yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    }
    seen = {"marked": 0, "own": 0}
    for path in html_pages(built_site / "site", lang).values():
        for a in soup(path).select("article a[href]"):
            source = sources.get(a["href"])
            if source is None or not source.get("title"):
                continue
            spans = a.find_all("span", lang=True)
            if source["title_lang"] == lang:
                assert spans == [] and source["title"] in a.get_text(), (path, str(a))
                seen["own"] += 1
            else:
                assert [(s["lang"], s.get_text()) for s in spans] == [(source["title_lang"], source["title"])], (
                    path,
                    str(a),
                )
                seen["marked"] += 1
    assert seen["marked"] >= 3 and seen["own"] >= 1, seen


def test_a_source_name_without_its_title_is_a_content_error(tmp_path):
    proj = copy_project(tmp_path / "p")
    path = proj / "content" / "fi" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    line = next(
        n for n, text_line in enumerate(text.splitlines(), 1) if text_line.startswith("  kokkola-in-brief-population:")
    )
    path.write_text(text.replace("sivu {title} (ruotsiksi)", "sivu Karleby i korthet (ruotsiksi)", 1), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["check", "--root", str(proj)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: content/fi/sources.yml:{line}: sources.kokkola-in-brief-population: the name must show the page's "
        "title once, as {title} [bad-placeholder] – write {title} once in the name where the page's own title goes"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_statistic_the_site_has_no_results_of_says_so(built_site, lang):
    """A statistic with no address of its own and no figures on the site is not named as if it ran (B-60)."""
    load = lambda *p: yaml.safe_load((ROOT / "content").joinpath(*p).read_text(encoding="utf-8"))  # noqa: E731
    ui = interface_words(ROOT / "content", lang)
    words, stats = load(lang, "metrics.yml"), load(lang, "sources.yml")["statistics"]
    figures = {
        line.split(",")[0]
        for f in (ROOT / "content" / "snapshots").glob("*.csv")
        for line in f.read_text(encoding="utf-8").splitlines()[1:]
    }
    noted = 0
    for metric in load("metrics.yml"):
        page = soup(html_pages(built_site / "site", lang)[f"{ui['slugs']['metrics']}/{words[metric['id']]['slug']}"])
        dd = next(
            dt for dt in page.select("article dl dt") if dt.get_text() == ui["strings"]["statistic"]
        ).find_next_sibling("dd")
        same = [m["id"] for m in load("metrics.yml") if m["statistic"] == metric["statistic"]]
        unknown = not stats[metric["statistic"]].get("url") and not set(same) & figures
        assert (f"({ui['strings']['statistic_unknown']})" in dd.get_text()) == unknown, metric["id"]
        noted += unknown
    assert noted >= 1
