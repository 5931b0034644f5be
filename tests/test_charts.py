"""What a chart and its caption tell a reader hold for each metric page in both languages (review B-23, B-24):
the caption speaks of a target line only where one is drawn, says where the value axis does not start at zero,
and the line never runs across a year with no figure; a metric with a single figure has no line chart."""

from __future__ import annotations

import pytest

from tests.support.content import LANGS, load, norm, ui
from tests.support.site import html_pages, soup


@pytest.mark.parametrize("lang", LANGS)
def test_each_chart_caption_says_what_the_chart_shows(built_site, lang):
    site, t = built_site / "site", ui(lang)
    words, slugs = load(lang, "metrics.yml"), load(lang, "ui.yml")["slugs"]
    pages = html_pages(site, lang)
    charted = single = 0
    for metric in load("metrics.yml"):
        page = soup(pages[f"{slugs['metrics']}/{words[metric['id']]['slug']}"]).select_one("article")
        table = page.select_one(f"table#data-{metric['id']}")
        rows = table.select("tbody tr") if table else []
        figure = page.select_one("figure.metric-chart")
        if len(rows) <= 1:
            assert figure is None, f"{metric['id']}: a single figure is shown as a value, not as a line chart"
            single += bool(rows)
            continue
        charted += 1
        caption = norm(figure.figcaption.get_text(" "))
        has_target = figure.select_one(".chart-target") is not None
        assert (t["chart_caption_target"] in caption) == has_target, metric["id"]
        ticks = [norm(x.get_text()) for x in figure.select(".chart-grid text")]
        axis = t["chart_caption_axis"].split("{low}")[0].strip()
        starts_at_zero = ticks[0].lstrip("0,. \u00a0%€") == "" or ticks[0].startswith(("\u2212", "-"))
        assert (axis in caption) == (not starts_at_zero), (metric["id"], ticks[0])
        if axis in caption:
            assert t["chart_caption_axis"].format(low=ticks[0]) in caption
        # the line's segments join consecutive years only; the caption says the line is broken where it is
        years = [int(c["data-period"][-4:]) for c in figure.select("circle[data-period]")]
        runs = [[years[0]]]
        for year in years[1:]:
            (runs[-1].append(year) if year == runs[-1][-1] + 1 else runs.append([year]))
        drawn = [len(line["points"].split()) for line in figure.select("polyline.chart-line")]
        assert drawn == [len(r) for r in runs if len(r) > 1], (metric["id"], years)
        assert (t["chart_caption_gap"] in caption) == (len(runs) > 1), metric["id"]
    assert charted >= 5 and single >= 2


def test_population_line_is_drawn_only_between_consecutive_years(built_site):
    page = soup(built_site / "site" / "fi" / "mittarit" / "vakiluku" / "index.html")
    assert [c["data-period"][-4:] for c in page.select("figure circle")] == ["2016", "2018", "2019"]
    assert len(page.select("figure polyline.chart-line")) == 1
    assert len(page.select("figure polyline.chart-line")[0]["points"].split()) == 2
    caption = norm(page.select_one("figure figcaption").get_text(" "))
    assert caption == (
        "Kaavion luvut ovat myös alla olevassa taulukossa. Pystyakseli ei ala nollasta vaan luvusta "
        "47 640. Viiva katkeaa, missä jaksolta ei ole lukua."
    )
