"""Progress at a glance: the home page, each theme page and the metrics overview say how the metrics stand.

The counts are read from the built HTML and compared with what the site's own detail pages say: for a theme,
the metric tables of its theme page (each row's status badge and target); for the whole strategy, every
metric page's status. So the summary must agree, item by item, with what a reader finds one click away, in
both languages. A second site, with a later monitoring round added, checks that the summary follows the
status rules (tests/test_metrics.py checks the rules themselves) with figures worked out here by hand.
"""

from __future__ import annotations

import collections
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator import pipeline
from tests.support.content import LANGS, load, slugs, ui
from tests.support.content import theme_urls as faithful_theme_urls
from tests.support.project import copy_project

ORDER = ["achieved", "meets-target", "on-track", "off-track", "missed", "no-baseline", "no-data", "overdue"]
BASE = "https://example.org/"


def page(site: Path, lang: str, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / lang / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def absolute(lang: str, url: str, href: str) -> str:
    """`href` on the page at `url` (a folder URL, with or without its slash) as an absolute URL."""
    return urljoin(f"{BASE}{lang}/{url.strip('/') + '/' if url.strip('/') else ''}", href)


def status_of(tag) -> str:
    badge = tag.select_one("span.status")
    return next(c.removeprefix("status--") for c in badge["class"] if c.startswith("status--"))


def read_progress(block, lang: str, url: str) -> dict:
    """One `div.progress` as a reader sees it: each status's count and linked metrics, the bar, the notes."""
    counts, linked = {}, {}
    for li in block.select("ul.progress-counts > li"):
        status = status_of(li)
        text = " ".join(li.get_text(" ").split())
        number = re.match(r"\D*?(\d+)", text.replace(li.select_one("span.status").get_text(), "", 1))
        counts[status] = int(number.group(1))
        linked[status] = [absolute(lang, url, a["href"]) for a in li.select("a")]
    bar = {
        next(c.removeprefix("bar--") for c in r["class"]): (int(r["data-count"]), float(r["width"]))
        for r in block.select("svg.progress-bar rect")
    }
    notes = [" ".join(p.get_text(" ").split()) for p in block.select("p.progress-note")]
    reference = [absolute(lang, url, a["href"]) for p in block.select("p.progress-note") for a in p.select("a")]
    svg = block.select_one("svg.progress-bar")
    return {
        "order": list(counts),
        "counts": counts,
        "linked": linked,
        "bar": bar,
        "notes": notes,
        "reference": reference,
        "hidden": svg is None or svg.get("aria-hidden") == "true",
        "total": block.select_one("p.progress-total").get_text(" ", strip=True)
        if block.select_one("p.progress-total")
        else None,
    }


def summary_blocks(doc: BeautifulSoup, title: str, lang: str, url: str) -> list[tuple[str | None, dict]]:
    """The summary under the h2 `title`: (theme page URL or None for the whole strategy, its progress)."""
    h2 = next(h for h in doc.select("article h2") if h.get_text(strip=True) == title)
    out, heading = [], None
    for sib in h2.find_next_siblings():
        if sib.name == "h2":
            break
        if sib.name == "h3":
            link = sib.select_one("a")
            heading = absolute(lang, url, link["href"]) if link else None
        if sib.name == "div" and "progress" in sib.get("class", []):
            out.append((heading, read_progress(sib, lang, url)))
    return out


def theme_page_metrics(site: Path, lang: str, theme_url: str) -> dict[str, tuple[str, bool]]:
    """The metrics a theme page's tables list: metric URL -> (status, has a target)."""
    path = theme_url.removeprefix(f"{BASE}{lang}/")
    doc = page(site, lang, path)
    metrics_h2 = next(h for h in doc.select("article h2") if h.get_text(strip=True) == ui(lang)["metrics"])
    found = {}
    for table in metrics_h2.find_all_next("table"):
        for tr in table.select("tbody tr"):
            cells = tr.select("td")
            found[absolute(lang, path, cells[0].select_one("a")["href"])] = (
                status_of(cells[3]),
                cells[2].get_text(strip=True) != "–",
            )
    return found


def metric_page_status(site: Path, lang: str, metric_url: str) -> tuple[str, bool]:
    path = metric_url.removeprefix(f"{BASE}{lang}/")
    doc = page(site, lang, path)
    facts = {
        dt.get_text(strip=True): dd
        for dt, dd in zip(doc.select("dl.metric-facts dt"), doc.select("dl.metric-facts dd"))
    }
    strings = ui(lang)
    return status_of(facts[strings["status"]]), facts[strings["target"]].get_text(strip=True) != strings[
        "reference_figure"
    ]


def expected_progress(metrics: dict[str, tuple[str, bool]]) -> tuple[dict, dict, list]:
    judged = {url: status for url, (status, has_target) in metrics.items() if has_target}
    counts = collections.Counter(judged.values())
    return (
        {s: counts.get(s, 0) for s in ORDER},
        {s: sorted(u for u, st in judged.items() if st == s) for s in ORDER},
        sorted(url for url, (_, has_target) in metrics.items() if not has_target),
    )


def check_block(block: dict, metrics: dict[str, tuple[str, bool]], where: str, names: bool = True) -> None:
    """`block` counts `metrics` right; with `names`, it links each status's metrics and the reference figures."""
    counts, members, reference = expected_progress(metrics)
    if not names:
        members, reference = {s: [] for s in ORDER}, []
    if not metrics:
        assert block["counts"] == {} and block["bar"] == {}, where
        return
    if sum(counts.values()):
        assert block["order"] == ORDER, f"{where}: every status, in order, zeros included"
        assert block["counts"] == counts, where
        assert {s: sorted(v) for s, v in block["linked"].items()} == members, where
        total = sum(counts.values())
        assert block["bar"] == {s: (n, pytest.approx(100 * n / total, abs=0.06)) for s, n in counts.items() if n}, where
        assert block["hidden"], f"{where}: the bar repeats the list, so it is hidden from screen readers"
        assert str(total) in block["total"], where
    assert sorted(block["reference"]) == reference, where


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("progress")
    proj = copy_project(work / "project")
    pipeline.build(pipeline.Project(proj), proj / "site", BASE)
    return proj / "site"


def theme_urls(lang: str) -> list[str]:
    """The theme pages' absolute URLs in the strategy's order."""
    paths = faithful_theme_urls(lang)
    return [f"{BASE}{lang}/{paths[t['id']]}/" for t in load("strategy.yml")["themes"]]


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_summarises_each_theme_as_its_page_shows_it(site, lang):
    strings = ui(lang)
    blocks = summary_blocks(page(site, lang, ""), strings["progress_title"], lang, "")
    assert [url for url, _ in blocks] == theme_urls(lang) + [None], (
        "every theme in the strategy's order, then the whole"
    )
    for url, block in blocks[:-1]:
        metrics = theme_page_metrics(site, lang, url)
        check_block(block, metrics, f"{lang} home, {url}")
        for metric_url in metrics:
            assert metric_page_status(site, lang, metric_url) == metrics[metric_url], metric_url
    # The shipped content was reviewed on 27.11.2026, years after its last round (30.4.2020): every metric with a
    # target is overdue (test_summary_follows_a_new_round sees the other statuses on a site reviewed in time).
    whole = blocks[-1][1]["counts"]
    assert whole["overdue"] == sum(whole.values()) > 0, "the shipped figures are all overdue"


@pytest.mark.parametrize("lang", LANGS)
def test_whole_strategy_counts_every_metric_once(site, lang):
    strings = ui(lang)
    metrics_slug = slugs(lang)["metrics"]
    every = {
        f"{BASE}{lang}/{metrics_slug}/{p.parent.name}/": metric_page_status(
            site, lang, f"{metrics_slug}/{p.parent.name}"
        )
        for p in sorted((site / lang / metrics_slug).glob("*/index.html"))
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
    }
    assert len(every) == len(load("metrics.yml"))
    for url, title in (("", strings["progress_title"]), (metrics_slug, strings["progress_title"])):
        blocks = summary_blocks(page(site, lang, url), title, lang, url)
        whole = blocks[-1]
        assert whole[0] is None
        check_block(whole[1], every, f"{lang}/{url} whole strategy", names=False)
        assert f" {len([m for m in every.values() if not m[1]])} " in " ".join(whole[1]["notes"]), (
            "the reference figures counted"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_theme_page_and_metrics_overview_show_the_summary(site, lang):
    strings = ui(lang)
    home = dict(summary_blocks(page(site, lang, ""), strings["progress_title"], lang, ""))
    for url in theme_urls(lang):
        path = url.removeprefix(f"{BASE}{lang}/")
        doc = page(site, lang, path)
        h2s = [h.get_text(strip=True) for h in doc.select("article h2")]
        # after the draft's goals, objectives and success factors (review B-22), before the metrics
        assert h2s[3] == strings["progress_theme_title"], f"{path}: the theme's progress follows the draft's content"
        block = read_progress(doc.select_one("article div.progress"), lang, path)
        assert block["counts"] == home[url]["counts"] and block["linked"].keys() == home[url]["linked"].keys(), path
    overview = page(site, lang, slugs(lang)["metrics"])
    assert [h.get_text(strip=True) for h in overview.select("article h2")][0] == strings["progress_title"]
    blocks = summary_blocks(overview, strings["progress_title"], lang, slugs(lang)["metrics"])
    assert [b["counts"] for _, b in blocks] == [home[u]["counts"] for u in theme_urls(lang)] + [home[None]["counts"]]


def test_both_languages_give_the_same_counts(site):
    fi, sv = (
        {
            url is None and "whole" or i: block["counts"]
            for i, (url, block) in enumerate(summary_blocks(page(site, lang, ""), ui(lang)["progress_title"], lang, ""))
        }
        for lang in LANGS
    )
    assert fi == sv


# -- A later round: the summary follows the status rules -----------------------------------------------------------

# 30.10.2020, with the content reviewed that day (as_of): the employment rate for 2017 (the baseline, the day
# before the period) and 2019. Worked out by hand: its target is "above 76 %" by 31.12.2021 (the draft's example);
# the straight path from 70.0 % on 31.12.2017 to 76 % on 31.12.2021 stands at 70.0 + 6 × 730/1461 = 73.0 % on
# 31.12.2019, and 70.5 % is below it: off track. The other figures are not overdue on 30.10.2020 (unemployment for
# 2018 is due by 31.12.2020, population for 2019 by 30.4.2021). Unemployment 7.8 % (2018) is below 10 % before the
# deadline: meets the target, not achieved. Population has no figure for 31.12.2017: growth "from the start" cannot
# be judged. So the vitality theme has: meets the target 1, off track 1, no baseline 1.
# The shipped content (as_of 27.11.2026) has every figure of the theme overdue: the three are overdue.
LATER_ROUND = """metric,period,value,source,note_fi,note_sv
employment-rate,2017,70.0,kokkola-in-figures-employment,,
employment-rate,2019,70.5,kokkola-in-figures-employment,,
"""


@pytest.fixture(scope="module")
def later_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("progress-later")
    proj = copy_project(work / "project")
    (proj / "content" / "snapshots" / "2020-10-30.csv").write_text(LATER_ROUND, encoding="utf-8")
    site_yml = proj / "content" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    assert re.search(r"^as_of: .*$", text, re.M)
    site_yml.write_text(re.sub(r"^as_of: .*$", "as_of: 2020-10-30", text, flags=re.M), encoding="utf-8")
    pipeline.build(pipeline.Project(proj), proj / "site", BASE)
    return proj / "site"


@pytest.mark.parametrize("lang", LANGS)
def test_summary_follows_a_new_round(site, later_site, lang):
    strings = ui(lang)
    vitality = theme_urls(lang)[1]
    before = dict(summary_blocks(page(site, lang, ""), strings["progress_title"], lang, ""))
    after_doc = page(later_site, lang, "")
    after = dict(summary_blocks(after_doc, strings["progress_title"], lang, ""))
    zero = dict.fromkeys(ORDER, 0)
    assert before[vitality]["counts"] == zero | {"overdue": 3}
    assert after[vitality]["counts"] == zero | {"meets-target": 1, "off-track": 1, "no-baseline": 1}
    assert after[None]["counts"]["off-track"] == 1 and after[None]["counts"]["achieved"] == 0
    # Judged against the draft's example target, and said so next to the metric.
    item = next(
        li for li in after_doc.select("ul.progress-counts > li") if status_of(li) == "off-track" and li.select("a")
    )
    assert f"({strings['status_example']})" in " ".join(item.get_text(" ").split())
    # Judged as of the newest round, which the summary names.
    intro = after_doc.find(string=re.compile(re.escape(strings["progress_as_of"].split("{date}")[0].strip())))
    assert intro is not None and "2020-10-30" in intro.find_parent("p").select_one("a")["href"]


def test_summary_is_the_same_on_every_build(site, tmp_path):
    proj = copy_project(tmp_path / "again")
    pipeline.build(pipeline.Project(proj), proj / "site", BASE)
    for lang in LANGS:
        assert (proj / "site" / lang / "index.html").read_bytes() == (site / lang / "index.html").read_bytes()
    shutil.rmtree(proj)


# -- Where the monitoring stopped (issue 23, rule 4) ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_rounds_pages_say_where_the_monitoring_stopped(site, later_site, lang):
    """Content reviewed after the last round (the shipped as_of, 27.11.2026, after 30.4.2020): the home page and
    the rounds page say when the last round was and that no figures were collected after it. Reviewed on the
    day of the last round (the later site): they do not."""
    strings = ui(lang)
    said = strings["monitoring_stopped"].split("{date}")[0].strip()
    rounds = slugs(lang)["snapshots"]
    for url in ("", rounds):
        text = " ".join(page(site, lang, url).select_one("article").get_text(" ").split())
        assert said in text, f"{lang}/{url}: the stop is said"
        stop = text[text.index(said) :]
        assert ("30. huhtikuuta 2020" if lang == "fi" else "30 april 2020") in stop[:80], stop[:200]
        assert ("27. marraskuuta 2026" if lang == "fi" else "27 november 2026") in stop[:250], stop[:250]
        later = " ".join(page(later_site, lang, url).select_one("article").get_text(" ").split())
        assert said not in later, f"{lang}/{url}: reviewed on the day of the last round, nothing stopped"
