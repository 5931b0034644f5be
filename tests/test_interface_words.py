"""The interface words shipped with the package (generator/defaults/<lang>/ui.yml) and a project's own over them
(issue 25): the defaults are whole and twinned, state no fact of one strategy (counts come from the content, the
draft's words only while the text is a draft), and a project writes only what it changes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import loading, pipeline
from generator.cli import main
from generator.render import interface
from tests.support.content import LANGS, edit, interface_words
from tests.support.project import ROOT

DEFAULTS = ROOT / "generator" / "defaults"


def defaults(lang: str) -> dict:
    return yaml.safe_load((DEFAULTS / lang / "ui.yml").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{([a-z_]+)\}", text))


def test_the_defaults_have_the_same_words_and_placeholders_in_both_languages():
    fi, sv = defaults("fi"), defaults("sv")
    for section in ("slugs", "strings", "plurals", "draft_strings"):
        assert set(fi[section]) == set(sv[section]), section
    for section in ("strings", "draft_strings"):
        for key in fi[section]:
            assert placeholders(fi[section][key]) == placeholders(sv[section][key]), (section, key)
    assert set(fi["draft_strings"]) <= set(fi["strings"])


def test_the_defaults_leave_the_citys_own_words_to_the_project():
    """No default names a publisher or a site: a city that forgot them gets an error, not another city's name."""
    for lang in LANGS:
        d = defaults(lang)
        assert "site_name" not in d and "publisher" not in d["strings"] and "copyright" not in d["strings"]


def test_kokkolas_project_writes_only_what_differs_from_the_defaults():
    for lang in LANGS:
        own = yaml.safe_load((ROOT / "content" / lang / "ui.yml").read_text(encoding="utf-8"))
        d = defaults(lang)
        merged = d["strings"] | d["draft_strings"]
        assert set(own) == {"site_name", "strings"}
        assert [k for k, v in own["strings"].items() if merged.get(k) == v] == []


@pytest.fixture(scope="module")
def kokkola():
    return loading.load(ROOT / "content")


@pytest.mark.parametrize(
    ("lang", "themes", "expected"),
    [
        ("fi", 4, "Neljä teemaa"),
        ("fi", 1, "Yksi teema"),
        ("sv", 4, "Fyra teman"),
        ("sv", 1, "Ett tema"),
    ],
)
def test_counts_come_from_the_content_in_the_languages_plural(kokkola, lang, themes, expected):
    strategy = kokkola.strategy.model_copy(update={"themes": kokkola.strategy.themes[:themes]})
    t = interface(replace(kokkola, strategy=strategy), lang).t
    assert t["themes_at_a_glance"] == expected
    goals = sum(len(theme.goals) for theme in strategy.themes)
    assert str(goals) in t["goals_description"] if goals > 12 else True


def test_kokkolas_counts_on_its_pages(kokkola):
    fi, sv = interface(kokkola, "fi").t, interface(kokkola, "sv").t
    assert fi["goals_description"] == "Strategiassa on neljä teemaa ja 13 strategista päämäärää."
    assert sv["goals_description"] == "Strategin har 13 strategiska mål som är indelade i fyra teman."
    assert sv["strategy_metrics_note"] == "De fyra mätare som räknas upp under Mätare i utkastet, i utkastets ordning."
    assert sv["print_description"] == "Karleby stads strategi i sin helhet på en sida för utskrift."


def adopted(project: Path) -> None:
    edit(project / "content/strategy.yml", "text_status: draft", "text_status: adopted")


@pytest.mark.parametrize("lang", LANGS)
def test_the_drafts_words_follow_the_text_status(project, lang):
    """While the text is a draft the notes speak of the draft ('Luonnos ei liitä…'); once adopted, of the
    strategy: the same key, the words chosen by the content's field."""
    draft = interface_words(project / "content", lang)["strings"]
    adopted(project)
    words = interface_words(project / "content", lang)["strings"]
    assert draft["site_reading_note_goal"] != words["site_reading_note_goal"]
    docs = pipeline.generate_docs(loading.load(project / "content"))
    slug = yaml.safe_load((project / "content" / lang / "strategy.yml").read_text(encoding="utf-8"))["goals"]
    path = f"{lang}/{interface_words(project / 'content', lang)['slugs']['goals']}/{slug['responsible']['slug']}.md"
    text = " ".join(docs[path].decode().split())
    assert words["site_reading_note_goal"] in text and draft["site_reading_note_goal"] not in text


def test_a_city_without_its_publisher_is_told_where_to_write_it(project):
    for lang in LANGS:
        edit(project / f"content/{lang}/ui.yml", "  publisher:", "  # publisher:")
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 1
    assert "content/fi/ui.yml:4: strings.publisher: the city's own words are needed here" in result.output


def strip_optional_sections(content: Path) -> None:
    """Kokkola's content without the sections a strategy may lack: situation, values, critical success factors,
    programmes, the text as received and its corrections; an adopted text instead of a draft."""
    strategy = yaml.safe_load((content / "strategy.yml").read_text(encoding="utf-8"))
    for key in ("situation", "values", "programmes", "programmes_under", "source_text", "draft_date"):
        strategy.pop(key)
    strategy["text_status"] = "adopted"
    for theme in strategy["themes"]:
        theme.pop("success_factors")
    (content / "strategy.yml").write_text(yaml.safe_dump(strategy, allow_unicode=True), encoding="utf-8")
    (content / "corrections.yml").write_text("[]\n", encoding="utf-8")
    for lang in LANGS:
        path = content / lang / "strategy.yml"
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("situation_title", "situation", "values", "success_factors", "programmes_intro", "programmes"):
            words.pop(key)
        path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_a_section_without_content_is_not_rendered(project, lang):
    strip_optional_sections(project / "content")
    docs = pipeline.generate_docs(loading.load(project / "content"))
    t = interface_words(project / "content", lang)["strings"]
    slugs = interface_words(project / "content", lang)["slugs"]
    kokkola_words = yaml.safe_load((ROOT / "content" / lang / "strategy.yml").read_text(encoding="utf-8"))
    headings = {
        path: [line for line in data.decode().splitlines() if line.startswith("#")]
        for path, data in docs.items()
        if path.startswith(f"{lang}/") and path.endswith(".md")
    }
    every = [h for hs in headings.values() for h in hs]
    assert not [h for h in every if h.endswith((t["success_factors"], t["success_factors_of_theme"]))]
    assert not [h for h in every if h.endswith((kokkola_words["situation_title"], t["values"]))]
    home = docs[f"{lang}/index.md"].decode()
    assert kokkola_words["values"]["courage"] not in home
    implementation = docs[f"{lang}/{slugs['implementation']}.md"].decode()
    for programme in kokkola_words["programmes"].values():
        assert programme not in implementation
    assert kokkola_words["implementation"]["programmes"] in implementation
    assert t["corrections_title"] not in docs[f"{lang}/{slugs['print']}.md"].decode()


def test_programmes_are_listed_where_the_content_says(project):
    """No magic id: the programmes follow the item programmes_under names, or are items of their own."""
    edit(project / "content/strategy.yml", "programmes_under: programmes\n", "")
    docs = pipeline.generate_docs(loading.load(project / "content"))
    words = yaml.safe_load((ROOT / "content/fi/strategy.yml").read_text(encoding="utf-8"))
    slug = interface_words(project / "content", "fi")["slugs"]["implementation"]
    items = [line for line in docs[f"fi/{slug}.md"].decode().splitlines() if line.startswith("- ")]
    assert items[:2] == ["- " + words["implementation"]["daily-work"], "- " + words["implementation"]["programmes"]]
    assert items[2:5] == ["- " + words["programmes"][p] for p in ("business-employment", "personnel", "city-centre")]
