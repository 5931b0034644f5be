"""The theme: the package ships it (generator/theme/), a project's overrides/ replaces only the files it has,
and the city's colours, logo and favicon are content (content/site.yml), the colours checked for WCAG 2.1 AA
contrast by `strategy-site check`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import pipeline
from generator.editing import preview
from generator.engines import theme
from generator.loading.theme import contrast, ratio_text
from generator.models import SiteColours
from tests.support.content import check as check_content

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b6a3e50000000049454e44ae426082"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def build(project: Path) -> Path:
    pipeline.build(pipeline.Project(project), project / "site", parallel=False)
    return project / "site"


def page(site: Path, rel: str = "fi/index.html") -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def set_site(project: Path, text: str) -> None:
    """content/site.yml with `text` added at its end."""
    path = project / "content" / "site.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def without_colours(project: Path) -> None:
    """content/site.yml without its colours: block (the theme's defaults then apply)."""
    path = project / "content" / "site.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\ncolours:\n") + 1] if "\ncolours:\n" in text else text, encoding="utf-8")


def site_line(project: Path, start: str) -> int:
    lines = (project / "content" / "site.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def check(project: Path) -> tuple[int, list[str]]:
    """`strategy-site check`'s exit status and its error lines."""
    code, out = check_content(project)
    return code, [line for line in out.splitlines() if line.startswith("Error: ")]


# -- The package's theme, and a project's own files over it --------------------------------------------------


def test_the_shipped_project_has_no_overrides_and_the_package_has_the_theme():
    root = Path(__file__).resolve().parent.parent
    assert not (root / "overrides").exists()
    assert {"main.html", "404.html", "partials/copyright.html", "assets/stylesheets/strategy.css"} <= set(
        theme.theme_files(theme.PACKAGE_THEME)
    )


def test_a_project_file_replaces_the_packages_and_the_rest_stay_the_packages(project):
    assert not (project / "overrides").exists()
    site = build(project)
    footer = page(site).select_one("footer .md-copyright")
    links = [(a["href"], a.get_text(strip=True)) for a in footer.select("a.md-copyright__link")]
    assert links, "the package's copyright.html writes the footer links"
    assert footer.select_one(".city-footer") is None
    package_css = (theme.PACKAGE_THEME / "assets" / "stylesheets" / "strategy.css").read_bytes()
    assert (site / "fi" / "assets" / "stylesheets" / "strategy.css").read_bytes() == package_css

    ours = project / "overrides" / "partials" / "copyright.html"
    ours.parent.mkdir(parents=True)
    ours.write_text(
        '<div class="md-copyright"><p class="city-footer">Oma alatunniste</p>\n'
        "{% for item in config.extra.footer_links %}"
        '<a class="md-copyright__link" href="{{ item.link | url }}">{{ item.title }}</a>{% endfor %}</div>\n',
        encoding="utf-8",
    )
    css = project / "overrides" / "assets" / "stylesheets" / "strategy.css"
    css.parent.mkdir(parents=True)
    css.write_bytes(package_css + b".city { color: #000000; }\n")
    site = build(project)
    for lang in ("fi", "sv"):
        footer = page(site, f"{lang}/index.html").select_one("footer .md-copyright")
        assert [p.get_text() for p in footer.select("p")] == ["Oma alatunniste"]
        assert footer.select_one(".md-copyright__highlight") is None  # the package's partial is not used
        assert (site / lang / "assets" / "stylesheets" / "strategy.css").read_bytes() == css.read_bytes()
    assert [(a["href"], a.get_text(strip=True)) for a in page(site).select("footer a.md-copyright__link")] == links
    # every other theme file is still the package's: the 404 page's and main.html's own markup
    package_js = (theme.PACKAGE_THEME / "assets" / "javascripts" / "on-demand.js").read_bytes()
    assert (site / "fi" / "assets" / "javascripts" / "on-demand.js").read_bytes() == package_js
    assert page(site).select_one('link[rel="alternate"][hreflang="sv"]') is not None


def test_the_merged_theme_for_zensical_is_the_package_with_the_project_over_it(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "copyright.html").write_text("ours\n", encoding="utf-8")
    (overrides / "extra.txt").write_text("only ours\n", encoding="utf-8")
    folder = tmp_path / "theme"
    theme.merge_into(overrides, folder)
    package = theme.theme_files(theme.PACKAGE_THEME)
    assert set(theme.theme_files(folder)) == set(package) | {"extra.txt"}
    assert (folder / "partials" / "copyright.html").read_text(encoding="utf-8") == "ours\n"
    assert (folder / "main.html").read_bytes() == package["main.html"].read_bytes()
    # the project's file removed: the package's is back, and nothing of the project is left
    (overrides / "partials" / "copyright.html").unlink()
    (overrides / "extra.txt").unlink()
    theme.merge_into(overrides, folder)
    assert {rel: p.read_bytes() for rel, p in theme.theme_files(folder).items()} == {
        rel: p.read_bytes() for rel, p in package.items()
    }


def test_the_overrides_folder_is_optional_and_mkdocs_yml_may_name_it(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    assert theme.project_overrides(config) is None
    (tmp_path / "overrides").mkdir()
    assert theme.project_overrides(config) == tmp_path / "overrides"
    config.write_text("theme:\n  name: material\n  custom_dir: city-theme\n", encoding="utf-8")
    assert theme.project_overrides(config) is None
    (tmp_path / "city-theme").mkdir()
    assert theme.project_overrides(config) == tmp_path / "city-theme"


# -- Colours -------------------------------------------------------------------------------------------------


def test_contrast_is_wcag_21s():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.478, abs=0.001)  # the classic just-below-AA grey
    assert ratio_text(contrast("#777777", "#ffffff")) == "4.4:1"  # rounded down: never a passing-looking 4.5:1


def test_the_colours_style_sheet_is_the_sites_own_file_before_the_themes(project):
    without_colours(project)
    site = build(project)
    css = (site / "fi" / "assets" / "stylesheets" / "colours.css").read_text(encoding="utf-8")
    assert css == theme.colours_css(SiteColours().model_dump())
    assert "  --md-primary-fg-color: #0b4f82;\n" in css and "  --md-typeset-a-color: #0b5794;\n" in css
    head = page(site).head
    sheets = [link["href"] for link in head.select('link[rel="stylesheet"]')]
    ours = [href for href in sheets if href.endswith(("colours.css", "strategy.css"))]
    assert ours == ["assets/stylesheets/colours.css", "assets/stylesheets/strategy.css"]
    assert not page(site).select("[style]") or all(
        "color" not in el["style"] for el in page(site).select("[style]")
    )  # the colours are no inline style: the Content-Security-Policy forbids one

    set_site(project, 'colours:\n  primary: "#1A3D6B"\n  link: "#14406f"\n')
    site = build(project)
    css = (site / "sv" / "assets" / "stylesheets" / "colours.css").read_text(encoding="utf-8")
    assert css == theme.colours_css(SiteColours(primary="#1a3d6b", link="#14406f").model_dump())
    assert ':root, [data-md-color-scheme="default"] {\n  --md-primary-fg-color: #1a3d6b;\n' in css
    assert "  --md-typeset-a-color: #14406f;\n" in css
    assert "  --md-accent-fg-color: #8cc4f0;\n" in css  # the dark page's, a default


def test_a_colour_not_written_rrggbb_is_an_error_at_its_line(project):
    without_colours(project)
    set_site(project, 'colours:\n  primary: "#12345"\n  link: #0b5794\n')
    code, errors = check(project)
    assert code == 1
    primary, link = site_line(project, '  primary: "#12345"'), site_line(project, "  link: #0b5794")
    hint = 'write the colour in quotes as # and six hex digits, e.g. "#0b4f82"'
    assert errors == [
        f"Error: content/site.yml:{primary}: colours.primary: '#12345' is not a colour written #rrggbb "
        f"(# and six hex digits) [colour-format] – {hint}",
        f"Error: content/site.yml:{link}: colours.link: no colour: in YAML a # not in quotes starts a comment "
        f"[colour-format] – {hint}",
    ]


def test_a_colour_pair_below_aa_contrast_is_refused_with_its_ratio(project):
    without_colours(project)
    set_site(project, 'colours:\n  primary: "#5aa0e0"\n  link: "#8cc4f0"\n  link_dark: "#0b5794"\n')
    code, errors = check(project)
    assert code == 1
    primary, link = site_line(project, "  primary:"), site_line(project, "  link:")
    dark = site_line(project, "  link_dark:")
    white_primary = ratio_text(contrast("#ffffff", "#5aa0e0"))
    dark_link = ratio_text(contrast("#0b5794", "#1e2129"))
    assert errors == [
        f"Error: content/site.yml:{primary}: colours.primary: #ffffff on #5aa0e0 (the header's white text on "
        f"primary) has a contrast of {white_primary}, below the 4.5:1 WCAG 2.1 AA asks for [colour-contrast] – "
        "choose a darker primary, one with a contrast of at least 4.5:1 against #5aa0e0",
        f"Error: content/site.yml:{link}: colours.link: #8cc4f0 on #ffffff (links on the light page's white) has "
        "a contrast of 1.8:1, below the 4.5:1 WCAG 2.1 AA asks for [colour-contrast] – choose a darker link "
        "colour, one with a contrast of at least 4.5:1 against #ffffff",
        f"Error: content/site.yml:{dark}: colours.link_dark: #0b5794 on #1e2129 (links on the dark page) has a "
        f"contrast of {dark_link}, below the 4.5:1 WCAG 2.1 AA asks for [colour-contrast] – choose a lighter "
        "link_dark, one with a contrast of at least 4.5:1 against #1e2129",
    ]
    assert white_primary == "2.7:1"


def test_a_focus_outline_needs_3_to_1(project):
    without_colours(project)
    set_site(project, 'colours:\n  focus: "#e8a200"\n  focus_dark: "#5c5c5c"\n')
    code, errors = check(project)
    assert code == 1
    assert [e.split(": ", 3)[2] for e in errors] == ["colours.focus", "colours.focus_dark"]
    assert "has a contrast of 2.1:1, below the 3:1 WCAG 2.1 AA asks for" in errors[0]
    assert ratio_text(contrast("#e8a200", "#ffffff")) == "2.1:1"


def test_the_shipped_colours_pass():
    colours = SiteColours().model_dump()
    assert contrast("#ffffff", colours["primary"]) >= 4.5
    assert contrast(colours["link"], "#ffffff") >= 4.5
    assert contrast(colours["link_dark"], "#1e2129") >= 4.5


# -- Logo and favicon ----------------------------------------------------------------------------------------


def test_the_logo_and_favicon_from_content_are_in_the_header_and_head(project):
    site = build(project)
    default = page(site)
    assert default.select_one(".md-header .md-logo img") is None  # the theme's icon
    assert default.select_one(".md-header .md-logo svg") is not None
    assert default.head.select_one('link[rel="icon"]')["href"] == "assets/images/favicon.png"

    assets = project / "content" / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_bytes(SVG)
    (assets / "favicon.png").write_bytes(PNG)
    set_site(project, "logo: assets/logo.svg\nfavicon: assets/favicon.png\n")
    site = build(project)
    for lang, name in (("fi", "Kokkolan strategia"), ("sv", None)):
        soup = page(site, f"{lang}/index.html")
        img = soup.select_one(".md-header a.md-logo img")
        site_name = soup.select_one(".md-header a.md-logo")["aria-label"]
        assert img["src"] == "assets/logo.svg" and img["alt"] == site_name
        if name:
            assert site_name == name
        assert soup.head.select_one('link[rel="icon"]')["href"] == "assets/favicon.png"
        assert (site / lang / "assets" / "logo.svg").read_bytes() == SVG
        assert (site / lang / "assets" / "favicon.png").read_bytes() == PNG
    deeper = next((site / "fi").glob("*/index.html")).relative_to(site).as_posix()
    assert page(site, deeper).select_one(".md-header a.md-logo img")["src"] == "../assets/logo.svg"


def test_a_logo_that_is_missing_outside_or_not_an_image_is_an_error_at_its_line(project, tmp_path):
    (tmp_path / "outside.svg").write_bytes(SVG)
    set_site(project, "logo: assets/logo.svg\nfavicon: ../../outside.svg\n")
    code, errors = check(project)
    assert code == 1
    logo, favicon = site_line(project, "logo:"), site_line(project, "favicon:")
    assert errors == [
        f"Error: content/site.yml:{logo}: logo: content/assets/logo.svg does not exist [missing-file] – put the "
        "file there, or correct the path (written from content/, e.g. assets/logo.svg)",
        f"Error: content/site.yml:{favicon}: favicon: '../../outside.svg' is not a file under content/ "
        "[path-outside-content] – put the file in content/ (e.g. content/assets/) and write its path from there, "
        "e.g. assets/logo.svg",
    ]
    without_logo = (
        (project / "content" / "site.yml")
        .read_text(encoding="utf-8")
        .replace("logo: assets/logo.svg\nfavicon: ../../outside.svg\n", "logo: site.yml\n")
    )
    (project / "content" / "site.yml").write_text(without_logo, encoding="utf-8")
    code, errors = check(project)
    assert errors == [
        f"Error: content/site.yml:{logo}: logo: content/site.yml is not an image (.yml) [image-type] – use an "
        "image file: .svg, .png, .ico, .jpg, .jpeg, .webp, .gif"
    ]


def test_a_logo_behind_a_link_out_of_content_is_refused(project, tmp_path):
    (tmp_path / "outside.svg").write_bytes(SVG)
    (project / "content" / "assets").mkdir()
    os.symlink(tmp_path / "outside.svg", project / "content" / "assets" / "logo.svg")
    set_site(project, "logo: assets/logo.svg\n")
    code, errors = check(project)
    assert code == 1 and errors and all("assets/logo.svg" in e for e in errors), errors
    assert not (project / "site").exists()
    from generator.engines import theme as engine_theme

    assert engine_theme.PACKAGE_THEME.is_dir()


# -- The editor's preview serves the same files ----------------------------------------------------------------


def test_the_preview_serves_the_colours_logo_and_the_projects_theme_files(project):
    proj = pipeline.Project(project)
    colours = preview.asset(proj, theme.COLOURS_CSS)
    assert colours.read_text(encoding="utf-8") == theme.colours_css(SiteColours().model_dump())
    assert preview.asset(proj, "assets/stylesheets/strategy.css") == (
        theme.PACKAGE_THEME / "assets" / "stylesheets" / "strategy.css"
    )
    ours = project / "overrides" / "assets" / "stylesheets" / "strategy.css"
    ours.parent.mkdir(parents=True)
    ours.write_text(".city {}\n", encoding="utf-8")
    assert preview.asset(proj, "assets/stylesheets/strategy.css") == ours.resolve()
    assert preview.asset(proj, "partials/copyright.html") is None  # a template is no asset
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "logo.svg").write_bytes(SVG)
    set_site(project, "logo: assets/logo.svg\n")
    assert preview.asset(proj, "assets/logo.svg").read_bytes() == SVG


def test_the_logo_partial_is_materials_with_the_sites_name_as_its_text_alternative():
    import re

    material = Path(__import__("material").__file__).parent / "templates" / "partials" / "logo.html"

    def without_comments(text: str) -> str:
        return re.sub(r"\{#-?.*?-?#\}\n?", "", text, flags=re.S)

    ours = without_comments((theme.PACKAGE_THEME / "partials" / "logo.html").read_text(encoding="utf-8"))
    theirs = without_comments(material.read_text(encoding="utf-8"))
    assert 'alt="logo"' in theirs, "Material's logo.html changed: copy it again into generator/theme/partials/"
    assert ours == theirs.replace('alt="logo"', 'alt="{{ config.site_name }}"')


def test_zensical_gets_the_same_layers_colours_logo_and_favicon(project):
    pytest.importorskip("zensical")
    assets = project / "content" / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_bytes(SVG)
    (assets / "favicon.png").write_bytes(PNG)
    set_site(project, "logo: assets/logo.svg\nfavicon: assets/favicon.png\n")
    ours = project / "overrides" / "partials" / "copyright.html"
    ours.parent.mkdir(parents=True)
    ours.write_text('<div class="md-copyright"><p class="city-footer">Oma alatunniste</p></div>\n', encoding="utf-8")
    pipeline.build(pipeline.Project(project), project / "site", parallel=False, engine="zensical")
    site = project / "site"
    for lang in ("fi", "sv"):
        soup = page(site, f"{lang}/index.html")
        assert [p.get_text() for p in soup.select("footer .md-copyright p")] == ["Oma alatunniste"]
        img = soup.select_one(".md-header a.md-logo img")
        assert img["src"] == "./assets/logo.svg" and img["alt"] == soup.select_one(".md-header a.md-logo")["title"]
        assert soup.head.select_one('link[rel="icon"]')["href"] == "./assets/favicon.png"
        sheets = [link["href"] for link in soup.head.select('link[rel="stylesheet"]')]
        assert [h for h in sheets if h.endswith(("colours.css", "strategy.css"))] == [
            "./assets/stylesheets/colours.css",
            "./assets/stylesheets/strategy.css",
        ]
        assert (site / lang / "assets" / "logo.svg").read_bytes() == SVG
        assert (site / lang / theme.COLOURS_CSS).read_text(encoding="utf-8") == theme.colours_css(
            SiteColours().model_dump()
        )
    merged = project / ".zensical" / "fi" / "theme"
    assert (merged / "partials" / "copyright.html").read_bytes() == ours.read_bytes()
    assert (merged / "main.html").read_bytes() == (theme.PACKAGE_THEME / "main.html").read_bytes()
