"""The open data files and the pages that offer them (review 2026-12-second B-15, B-28, B-29 and the issue's four
rules in the data and the feed): each metric's status and the day it was judged at, in the data as on the pages;
the draft named in the data package and the feed; the round files with their sources' addresses; the round pages
with the change from the previous figure and the figures the site computed; the licence on every page that
offers data. Everything is compared with the content (content/), in both languages."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from bs4 import BeautifulSoup

from generator import contents, loading, urls
from generator.metrics import Status, build_series
from tests.support.content import LANGS, interface_words

NBSP = "\u00a0"


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings(project: Path, lang: str) -> dict[str, str]:
    return interface_words(project / "content", lang)["strings"]


def locale(project: Path, lang: str) -> Locale:
    return Locale.parse(interface_words(project / "content", lang)["locale"])


def metric_names(project: Path, lang: str) -> dict[str, str]:
    return {k: v["name"] for k, v in load_yaml(project / "content" / lang / "metrics.yml").items()}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def page(project: Path, lang: str, key: tuple[str, str]) -> BeautifulSoup:
    content = loading.load(project / "content")
    path = urls.url_of(content.urls.pages[lang][key])
    return BeautifulSoup((project / "site" / lang / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def status_word(project: Path, lang: str, status: str) -> str:
    return strings(project, lang)[f"status_{status.replace('-', '_')}"]


def period_text(period: str, loc: Locale) -> str:
    if len(period) == 4:
        return period
    if len(period) == 7:
        return format_skeleton("yMMMM", contents.Period.parse(period).end, locale=loc)
    return format_date(contents.Period.parse(period).end, format="long", locale=loc)


@pytest.fixture(scope="module")
def facts(built_site):
    content = loading.load(built_site / "content")
    return content, build_series(content)


# ---------------------------------------------------------------- status and as_of in the data (the four rules)


def test_metrics_csv_json_and_xlsx_carry_the_status_and_its_day(built_site, facts):
    content, series = facts
    data = built_site / "site" / "data"
    rows = read_csv(data / "metrics.csv")
    assert content.as_of is not None
    assert any(s.status is Status.OVERDUE for s in series.values()), "the shipped content has an overdue metric"
    book = openpyxl.load_workbook(data / "figures.xlsx")
    sheet = list(book["metrics"].iter_rows(values_only=True))
    header = list(sheet[0])
    assert len(sheet) - 1 == len(rows)
    for row, xrow in zip(rows, sheet[1:]):
        ser = series[row["id"]]
        assert row["status"] == ser.status.value, row["id"]
        assert row["as_of"] == content.as_of.isoformat()
        doc = json.loads((data / "metrics" / f"{row['id']}.json").read_text(encoding="utf-8"))
        assert (doc["status"], doc["as_of"]) == (ser.status.value, content.as_of.isoformat())
        for lang in LANGS:
            word = status_word(built_site, lang, ser.status.value)
            if ser.status is Status.MEETS_TARGET:  # the page's words: the period of the figure it is read from
                word += f" ({period_text(ser.latest.period.text, locale(built_site, lang))})"
            assert row[f"status_name_{lang}"] == word, (row["id"], lang)
            assert doc["status_name"][lang] == word
        xl = dict(zip(header, xrow))
        assert (xl["status"], xl["as_of"], xl["status_name_fi"], xl["status_name_sv"]) == (
            row["status"],
            row["as_of"],
            row["status_name_fi"],
            row["status_name_sv"],
        )
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in next(r for r in package["resources"] if r["name"] == "metrics")["schema"]["fields"]}
    # the statuses its metrics can have: Kokkola follows no figure without a target, and every target has a deadline
    kinds = {s.value for s in Status} - {Status.FOLLOWED.value, Status.NOT_YET.value}
    assert set(fields["status"]["constraints"]["enum"]) == set(fields["judgement"]["constraints"]["enum"]) == kinds
    assert fields["as_of"]["type"] == "date"
    assert all(fields[n].get("description") for n in ("status", "as_of", "status_name_fi", "status_name_sv"))


def test_datapackage_names_the_draft_the_day_of_judgement_and_the_last_round(built_site, facts):
    import frictionless

    content, _ = facts
    data = built_site / "site" / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    strategy = load_yaml(built_site / "content" / "strategy.yml")
    assert strategy["text_status"] == "draft"
    for lang in LANGS:
        loc, t = locale(built_site, lang), strings(built_site, lang)
        name = t["draft_name"].format(date=format_date(strategy["draft_date"], format="long", locale=loc))
        text = package["description"]
        assert name in text, lang
        assert format_date(content.as_of, format="long", locale=loc) in text
        assert format_date(content.last_round, format="long", locale=loc) in text
    assert (package["as_of"], package["last_round"]) == (content.as_of.isoformat(), content.last_round.isoformat())
    assert (package["text_status"], package["draft_date"]) == ("draft", strategy["draft_date"].isoformat())
    assert "kokkola" not in package["name"] or package["name"] in content.site.base_url
    report = frictionless.validate(data / "datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])


# ---------------------------------------------------------------- B-29: names per language, no BOM


def test_figure_rows_carry_the_metric_names(built_site):
    data = built_site / "site" / "data"
    names = {lang: metric_names(built_site, lang) for lang in LANGS}
    rows = read_csv(data / "figures.csv")
    assert rows
    for r in rows:
        assert [r[f"name_{lang}"] for lang in LANGS] == [names[lang][r["metric"]] for lang in LANGS]
    for mid in names["fi"]:
        for r in read_csv(data / "metrics" / f"{mid}.csv"):
            assert (r["name_fi"], r["name_sv"]) == (names["fi"][mid], names["sv"][mid])
        doc = json.loads((data / "metrics" / f"{mid}.json").read_text(encoding="utf-8"))
        for fig in doc["figures"]:
            assert (fig["name_fi"], fig["name_sv"]) == (names["fi"][mid], names["sv"][mid])
    for path in [data / "figures.csv", data / "metrics.csv", *sorted((data / "snapshots").glob("*.csv"))]:
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name}: no BOM (see tests above: csv readers)"


# ---------------------------------------------------------------- B-28: round files and pages


def test_round_csvs_give_the_source_url(built_site):
    sources = {s["id"]: s["url"] for s in load_yaml(built_site / "content" / "sources.yml")["sources"]}
    files = sorted((built_site / "site" / "data" / "snapshots").glob("*.csv"))
    assert files
    for path in files:
        rows = read_csv(path)
        assert rows and all(r["source_url"] == sources[r["source"]] for r in rows), path.name
    package = json.loads((built_site / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"].startswith("snapshot-"):
            field = next(f for f in res["schema"]["fields"] if f["name"] == "source_url")
            assert field["format"] == "uri" and field.get("description")


def round_rows(built_site, lang: str, date: str) -> dict[str, str]:
    doc = page(built_site, lang, ("snapshot", date))
    names = {v: k for k, v in metric_names(built_site, lang).items()}
    out = {}
    for tr in doc.select("article table tbody tr"):
        cells = [td.get_text() for td in tr.select("td")]
        out[names[cells[0]]] = cells[3]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_round_page_shows_the_change_from_the_previous_figure(built_site, lang):
    loc, t = locale(built_site, lang), strings(built_site, lang)
    changes = round_rows(built_site, lang, "2020-04-30")
    # population: 47 657 (31.12.2018) -> 47 681 (31.12.2019): +24, +0,05 %
    assert "+24 " in changes["population"] + " " and f"+0,05{NBSP}%" in changes["population"], changes["population"]
    assert format_date(contents.Period.parse("2018-12-31").end, format="long", locale=loc) in changes["population"]
    # unemployed 2016 -> 2018: 2 576 -> 1 703: −873 (−33,89 %)
    assert "\u2212873 " in changes["unemployed"] and f"\u221233,89{NBSP}%" in changes["unemployed"]
    assert t["change_new"] in changes["population"]
    first = round_rows(built_site, lang, "2018-04-30")
    assert first["population"] == t["change_new"], "no earlier figure: just new"


@pytest.mark.parametrize("lang", LANGS)
def test_round_pages_list_the_figures_the_site_computed(built_site, lang):
    t = strings(built_site, lang)
    rate = metric_names(built_site, lang)["unemployment-rate"]
    for date, value, period in (("2018-04-30", f"11,8{NBSP}%", "2016"), ("2020-04-30", f"7,8{NBSP}%", "2018")):
        doc = page(built_site, lang, ("snapshot", date))
        lis = [li for li in doc.select("article li") if li.find("a", string=rate)]
        assert len(lis) == 1 and lis[0].parent.find("a", string="figures.xlsx") is None, (
            "its own list, not the downloads'"
        )
        items = [li.get_text() for li in lis]
        assert value in items[0] and period in items[0] and t["computed"] in items[0], items[0]
    doc = page(built_site, lang, ("snapshot", "2019-04-30"))
    assert not [li for li in doc.select("article li") if li.find("a", string=rate)], "nothing computed from 2019"


# ---------------------------------------------------------------- B-15: the licence; B-29: the Excel note


@pytest.mark.parametrize("lang", LANGS)
def test_pages_that_offer_data_name_the_licence_and_the_workbook(built_site, lang):
    site = load_yaml(built_site / "content" / "site.yml")
    t = strings(built_site, lang)
    for key in (("metric", "population"), ("metrics", "metrics"), ("snapshot", "2020-04-30")):
        article = page(built_site, lang, key).select_one("article")
        links = [a for a in article.select("a") if a.get("href") == site["data_licence_url"]]
        assert len(links) == 1, key
        assert links[0].get_text() == t["data_licence_name"] and "license" in links[0].get("rel", [])
        assert f"{t['licence']}: {t['data_licence_name']}" in links[0].parent.get_text(), key
        assert t["excel_note"] in article.get_text(), key
        assert article.find("a", string="figures.xlsx") is not None, key


# ---------------------------------------------------------------- the feed names the draft


@pytest.mark.parametrize("lang", LANGS)
def test_feed_subtitle_names_the_draft(built_site, lang):
    strategy = load_yaml(built_site / "content" / "strategy.yml")
    t = strings(built_site, lang)
    name = t["draft_name"].format(
        date=format_date(strategy["draft_date"], format="long", locale=locale(built_site, lang))
    )
    feed = BeautifulSoup((built_site / "site" / lang / "feed.xml").read_text(encoding="utf-8"), "xml")
    subtitle = feed.find("subtitle").get_text()
    assert name in subtitle and subtitle.startswith(t["updates_description"])
