"""The draft's order first (review B-21, B-22): the home page opens, after the draft note, with the draft's own
opening section, and a theme page gives the draft's goals, objectives and success factors before the site's
computed status of the theme."""

from __future__ import annotations

import pytest

from tests.support.content import LANGS, load, theme_urls, ui
from tests.support.site import html_pages, soup


@pytest.mark.parametrize("lang", LANGS)
def test_home_opens_with_the_drafts_opening_section(built_site, lang):
    words, t = load(lang, "strategy.yml"), ui(lang)
    home = soup(html_pages(built_site / "site", lang)["."]).select_one("article")
    h2 = [h.get_text() for h in home.find_all("h2")]
    assert h2[:3] == [words["situation_title"], t["progress_title"], words["vision_title"]], h2
    items = [" ".join(li.get_text(" ").split()) for li in home.find("h2").find_next_sibling("ul").find_all("li")]
    assert items == [" ".join(words["situation"][i].split()) for i in load("strategy.yml")["situation"]]


@pytest.mark.parametrize("lang", LANGS)
def test_theme_status_comes_after_the_drafts_content(built_site, lang):
    t = ui(lang)
    for url in theme_urls(lang).values():
        h2 = [h.get_text() for h in soup(html_pages(built_site / "site", lang)[url]).select("article h2")]
        assert h2[1:] == [t["objectives"], t["success_factors"], t["progress_theme_title"], t["metrics"]], (url, h2)
