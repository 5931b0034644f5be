"""A new city in one command (issue 25, point 1): `strategy-site init` makes a project that builds at once into
a valid bilingual site naming that city everywhere, with every text only the city can write left as a marked
instruction that `strategy-site check` lists, until it is written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import pipeline, starter
from generator.cli import main
from tests.support.content import LANGS
from tests.support.project import ROOT
from tests.support.site import check_twins, html_pages, soup

VAASA = ["--city-fi", "Vaasa", "--city-fi-genitive", "Vaasan", "--city-sv", "Vasa"]
ADDRESS = ["--base-url", "https://strategia.vaasa.fi/", "--period", "2022-2025"]
FILES = [
    ".gitignore",
    "README.md",
    "content/accessibility.yml",
    "content/fi/accessibility.yml",
    "content/fi/glossary.yml",
    "content/fi/metrics.yml",
    "content/fi/sources.yml",
    "content/fi/strategy.yml",
    "content/fi/ui.yml",
    "content/glossary.yml",
    "content/metrics.yml",
    "content/site.yml",
    "content/sources.yml",
    "content/strategy.yml",
    "content/sv/accessibility.yml",
    "content/sv/glossary.yml",
    "content/sv/metrics.yml",
    "content/sv/sources.yml",
    "content/sv/strategy.yml",
    "content/sv/ui.yml",
]
# What init leaves for the city to write: the same fields in both languages' files.
TO_WRITE = [
    ("accessibility.yml", "method"),
    ("accessibility.yml", "issues.not-yet-assessed.what"),
    ("accessibility.yml", "issues.not-yet-assessed.why"),
    ("accessibility.yml", "feedback"),
    ("strategy.yml", "draft_note"),
    ("strategy.yml", "vision"),
    ("strategy.yml", "values.value-1"),
    ("strategy.yml", "themes.theme-1.name"),
    ("strategy.yml", "themes.theme-1.slogan"),
    ("strategy.yml", "goals.goal-1.name"),
    ("strategy.yml", "goals.goal-1.description"),
]
MARKS = {"fi": "[Täytä]", "sv": "[Fyll i]"}


def init(folder: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(main, ["init", str(folder), *args], input=input)


def project_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def vaasa(tmp_path_factory) -> Path:
    """A city made by init and built once (the site in site/)."""
    folder = tmp_path_factory.mktemp("vaasa") / "vaasa"
    result = init(folder, *VAASA, *ADDRESS)
    assert result.exit_code == 0, result.output
    pipeline.build(pipeline.Project(folder), folder / "site")
    return folder


def test_init_writes_the_project_and_says_what_next(tmp_path):
    folder = tmp_path / "city"
    result = init(folder, *VAASA, *ADDRESS)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"Created {len(FILES)} files in {folder}.",
        f"Next: `strategy-site check --root {folder}` lists the texts still to write; "
        f"`strategy-site build --root {folder}` builds the site; see {folder}/README.md.",
    ]
    assert project_files(folder) == FILES
    site = yaml.safe_load((folder / "content/site.yml").read_text(encoding="utf-8"))
    strategy = yaml.safe_load((folder / "content/strategy.yml").read_text(encoding="utf-8"))
    assert site["base_url"] == "https://strategia.vaasa.fi/" and site["languages"] == ["fi", "sv"]
    assert (strategy["period_start"], strategy["period_end"]) == (2022, 2025)


def test_init_asks_for_each_value_not_given_in_plain_words(tmp_path):
    asked = init(tmp_path / "asked", input="Vaasa\nVaasan\nVasa\nhttps://strategia.vaasa.fi/\n2022-2025\n")
    assert asked.exit_code == 0, asked.output
    assert [line.split(":")[0] for line in asked.output.splitlines()[:5]] == [
        "The city's name in Finnish (e.g. Vaasa)",
        "The same in the genitive, as in 'Vaasan kaupunki' (e.g. Vaasan)",
        "The city's name in Swedish (e.g. Vasa)",
        "The site's address, with https",
        "The strategy period, first and last year (e.g. 2025-2029)",
    ]
    given = init(tmp_path / "given", *VAASA, *ADDRESS)
    assert given.exit_code == 0
    for name in FILES:
        assert (tmp_path / "asked" / name).read_bytes() == (tmp_path / "given" / name).read_bytes(), name


@pytest.mark.parametrize(
    "args, message",
    [
        (
            [*VAASA, "--base-url", "http://strategia.vaasa.fi", "--period", "2022-2025"],
            "--base-url: 'http://strategia.vaasa.fi' is not a site address: write https://, the host name and a "
            "final '/', e.g. https://strategia.example.fi/",
        ),
        (
            [*VAASA, "--base-url", "https://strategia.vaasa.fi/", "--period", "2025-2022"],
            "--period: '2025-2022' is not a strategy period: write its first and last year, e.g. 2025-2029",
        ),
        (
            ["--city-fi", "Vaasa: 2", "--city-fi-genitive", "Vaasan", "--city-sv", "Vasa", *ADDRESS],
            "--city-fi: 'Vaasa: 2' is not a name: write the city's name in letters, e.g. Vaasa",
        ),
    ],
)
def test_a_wrong_value_is_refused_and_nothing_is_written(tmp_path, args, message):
    result = init(tmp_path / "city", *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert not (tmp_path / "city").exists()


def test_init_never_writes_over_a_folder_with_files(tmp_path):
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "notes.txt").write_text("the city's own", encoding="utf-8")
    result = init(tmp_path / "city", *VAASA, *ADDRESS)
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {tmp_path / 'city'} already exists and is not empty: name a new folder for the project\n"
    )
    assert project_files(tmp_path / "city") == ["notes.txt"]


def test_check_lists_each_text_still_to_write_with_its_line(vaasa):
    result = CliRunner().invoke(main, ["check", "--root", str(vaasa)])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    assert result.output.splitlines()[-1] == "Content OK: 2 languages, 0 metrics, 0 monitoring rounds."
    found = []
    for line in warnings:
        match = re.match(
            r"Warning: content/(fi|sv)/([a-z]+\.yml):(\d+): ([\w.-]+): still to be written: '(.+)' \[fill-in\] – "
            r"write the city's own text in place of the instruction \(and without (.+)\)$",
            line,
        )
        assert match, line
        lang, file, number, field, start, mark = match.groups()
        assert mark == MARKS[lang] and start.startswith(mark)
        text_line = (vaasa / "content" / lang / file).read_text(encoding="utf-8").splitlines()[int(number) - 1]
        assert text_line.lstrip().startswith(field.split(".")[-1] + ":"), (line, text_line)
        found.append((lang, file, field))
    assert sorted(found) == sorted((lang, file, field) for lang in LANGS for file, field in TO_WRITE)


def test_the_warnings_end_when_the_city_has_written_its_texts(vaasa, tmp_path):
    import shutil

    project = tmp_path / "written"
    shutil.copytree(vaasa / "content", project / "content")
    for path in (project / "content").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for mark in MARKS.values():
            text = text.replace(f"{mark} ", "")
        path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 0
    assert result.output == "Content OK: 2 languages, 0 metrics, 0 monitoring rounds.\n"


def test_the_first_site_names_the_city_in_both_languages(vaasa):
    site = vaasa / "site"
    check_twins(site, base="https://strategia.vaasa.fi/", at_least=10)
    names = {"fi": ("Vaasan strategia", "© Vaasan kaupunki"), "sv": ("Vasa stads strategi", "© Vasa stad")}
    for lang in LANGS:
        home = soup(site / lang / "index.html")
        assert home.title.get_text() == names[lang][0]
        assert home.select_one("article h1").get_text(strip=True) == names[lang][0]
        for path in html_pages(site, lang).values():
            doc = soup(path)
            assert names[lang][1] in doc.select_one(".md-copyright").get_text(" ", strip=True), path
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8").lower()
            assert "kokkola" not in text and "karleby" not in text, path


def test_nothing_unwritten_looks_finished(vaasa):
    """Every text init left for the city is shown with its mark, in the language the mark belongs to."""
    for lang in LANGS:
        home = soup(vaasa / "site" / lang / "index.html").select_one("article")
        shown = [p.get_text(" ", strip=True) for p in home.select("p.vision, .admonition p:not(.admonition-title)")]
        assert shown and all(text.startswith(MARKS[lang]) for text in shown), shown
        theme = next(p for url, p in html_pages(vaasa / "site", lang).items() if url.count("/") == 1 and "1" in url)
        assert soup(theme).select_one("article h1").get_text(strip=True).startswith(MARKS[lang])


def empty_sections(article: BeautifulSoup) -> list[str]:
    """Headings with nothing under them: the next heading is of the same or a higher level, or none follows."""
    found = []
    for heading in article.select("h2, h3, h4"):
        level = int(heading.name[1])
        following = heading.find_next_sibling()
        while (
            following is not None
            and following.name not in ("h1", "h2", "h3", "h4")
            and not following.get_text(strip=True)
            and not following.select("svg, img, table")
        ):
            following = following.find_next_sibling()
        if following is None or (following.name in ("h1", "h2", "h3", "h4") and int(following.name[1]) <= level):
            found.append(heading.get_text(" ", strip=True))
    return found


def test_an_empty_section_is_found():
    page = BeautifulSoup(
        "<article><h1>T</h1><h2>A</h2><h2>B</h2><p>x</p><h3>C</h3><p></p><h2>D</h2><h3>E</h3><ul><li>y</li></ul>"
        "<h2>F</h2></article>",
        "html.parser",
    ).article
    assert empty_sections(page) == ["A", "C", "F"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_has_an_empty_section(vaasa, lang):
    for url, path in html_pages(vaasa / "site", lang).items():
        assert empty_sections(soup(path).select_one("article")) == [], url


def test_init_today_is_the_day_of_the_statement_and_review():
    """The accessibility statement's dates and as_of are the day init ran, the only dates it can know."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "p"
        starter.create(
            folder,
            starter.city("Vaasa", "Vaasan", "Vasa", "https://strategia.vaasa.fi/", "2022–2025"),
            dt.date(2026, 1, 2),
        )
        facts = yaml.safe_load((folder / "content/accessibility.yml").read_text(encoding="utf-8"))
        assert (facts["prepared"], facts["reviewed"]) == (dt.date(2026, 1, 2), dt.date(2026, 1, 2))
        assert yaml.safe_load((folder / "content/site.yml").read_text(encoding="utf-8"))["as_of"] == dt.date(2026, 1, 2)


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_kokkolas_site_has_an_empty_section(built_site, lang):
    for url, path in html_pages(built_site / "site", lang).items():
        assert empty_sections(soup(path).select_one("article")) == [], url


def test_a_project_needs_no_mkdocs_yml_and_kokkolas_copy_is_the_packages():
    """The generator's settings are the package's (generator/defaults/mkdocs.yml); Kokkola's repository keeps a
    copy at its top level that may differ only in what the build sets per language anyway."""
    own = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    package = yaml.safe_load((ROOT / "generator" / "defaults" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {k: v for k, v in own.items() if k not in ("site_name", "docs_dir", "site_dir")} == package
    assert "mkdocs.yml" not in FILES
    assert pipeline.Project(ROOT / "tests").config == ROOT / "generator" / "defaults" / "mkdocs.yml"
    assert pipeline.Project(ROOT).config == ROOT / "mkdocs.yml"


def test_the_editor_previews_a_new_citys_pages_under_the_sites_own_policy(tmp_path):
    """A project made by init keeps no deploy/nginx.conf: the editor's previews carry the policy of the web
    server's configuration the package writes for it (`strategy-site nginx-config`), so they run the site's
    scripts and nothing else."""
    from generator import nginx
    from generator.editor.app import create_app

    folder = tmp_path / "city"
    assert init(folder, *VAASA, *ADDRESS).exit_code == 0
    client = create_app(pipeline.Project(folder), today=lambda: dt.date(2026, 12, 7)).test_client()
    shown = client.get("/preview/fi/")
    assert shown.status_code == 200
    assert shown.headers["Content-Security-Policy"] == nginx.policy()
    assert "script-src 'self' 'sha256-" in nginx.policy()
    page = BeautifulSoup(shown.get_data(as_text=True), "html.parser")
    assert page.title.get_text() == "Vaasan strategia"
