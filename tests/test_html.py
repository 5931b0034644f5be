"""Valid HTML on every page, by the W3C Nu HTML Checker (npm `vnu-jar`, run with Debian's Java), and the few
Material templates the site overrides for it kept in step with Material's own.

Checked: the root chooser, every page of both languages, the old-URL redirect pages and the two 404 pages,
as published (site/ built with the production base URL).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from generator.engines import PACKAGE_THEME
from tests.support.project import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(__import__("material").__file__).parent / "templates"


def zensical_templates() -> Path:
    """Zensical's theme (the optional engine; `make setup-test` installs it)."""
    try:
        import zensical
    except ImportError:
        pytest.fail("Zensical is missing: run `make setup-test` (pip install -e '.[test,zensical]')")
    return Path(zensical.__file__).parent / "templates"


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail(
            "java is missing: run scripts/setup-system.sh (make setup-test) to install Debian's default-jre-headless"
        )
    return found


CANARY = (
    '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>x</title></head><body>'
    "<p><div>canary</div></p></body></html>"
)


def vnu(files: list[Path], run=subprocess.run) -> list[dict]:
    """The checker's errors for `files` (warnings and info left out). A page with a known error goes along with
    them, and the checker must report it and exit 1: an empty answer, a crash or a Java that did not start is the
    check failing, never "no errors" (issue 24: the exit status and the output were not read)."""
    if not VNU.is_file():
        pytest.fail("vnu-jar is missing: run `npm ci` (make setup-test)")
    with tempfile.TemporaryDirectory() as tmp:
        canary = Path(tmp) / "canary.html"
        canary.write_text(CANARY, encoding="utf-8")
        done = run(
            [java(), "-jar", str(VNU), "--errors-only", "--format", "json", str(canary), *map(str, files)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    output = (done.stderr or "").strip() or (done.stdout or "").strip()
    messages = json.loads(output)["messages"] if output.startswith("{") else []
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    heard = [m for m in errors if m.get("url", "").endswith("/canary.html")]
    if done.returncode != 1 or not heard:
        pytest.fail(f"the checker did not run as expected (exit {done.returncode}): {output[:500]}")
    return [m for m in errors if m not in heard]


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_html(built_site):
    site = built_site / "site"
    pages = site_pages(site)
    names = {p.relative_to(site).as_posix() for p in pages}
    assert {"index.html", "fi/404.html", "sv/404.html", "fi/index.html", "sv/index.html"} <= names
    assert len(pages) >= 90
    errors = vnu(pages)
    problems = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert problems == [], f"{len(problems)} errors:\n" + "\n".join(problems[:40])


def test_every_page_of_the_second_city_is_valid_html(second_city_site):
    """The checker a city's auditors use, on a city that is not Kokkola (issue 25: the city-neutral checks)."""
    site = second_city_site / "site"
    pages = site_pages(site)
    assert len(pages) >= 60
    problems = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in vnu(pages)]
    assert problems == [], f"{len(problems)} errors:\n" + "\n".join(problems[:40])


def test_a_new_citys_first_site_is_valid_html(tmp_path):
    """What `strategy-site init` makes, built at once, before the city has written a word (issue 25, point 1)."""
    from click.testing import CliRunner

    from generator import pipeline
    from generator.cli import main

    folder = tmp_path / "city"
    made = CliRunner().invoke(
        main,
        ["init", str(folder), "--city-fi", "Vaasa", "--city-fi-genitive", "Vaasan", "--city-sv", "Vasa"]
        + ["--base-url", "https://strategia.vaasa.fi/", "--period", "2022-2025"],
    )
    assert made.exit_code == 0, made.output
    pipeline.build(pipeline.Project(folder), folder / "site")
    pages = site_pages(folder / "site")
    assert len(pages) >= 25  # both languages' pages, their 404 pages and the root
    problems = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in vnu(pages)]
    assert problems == [], f"{len(problems)} errors:\n" + "\n".join(problems[:40])


def test_the_checker_reports_what_material_wrote(tmp_path):
    """The check above can fail: the two things Material's own frame has that HTML forbids are reported."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>x</title></head><body>'
        '<input type="checkbox" id="__drawer" autocomplete="off"><label for="__toc">x</label></body></html>',
        encoding="utf-8",
    )
    messages = " | ".join(m["message"] for m in vnu([page]))
    assert "autocomplete" in messages and "“for” attribute" in messages


def test_a_checker_that_says_nothing_is_a_failure(tmp_path):
    """No output is not "no errors": a checker that answers nothing (exit 0, or a crash) fails the check."""
    page = tmp_path / "page.html"
    page.write_text(CANARY.replace("<p><div>canary</div></p>", "<p>ok</p>"), encoding="utf-8")
    assert vnu([page]) == []
    for code, out in ((0, ""), (0, '{"messages": []}'), (1, ""), (2, "Error: could not find or load main class")):
        silent = lambda *a, code=code, out=out, **k: subprocess.CompletedProcess(a, code, "", out)  # noqa: E731
        with pytest.raises(pytest.fail.Exception, match="did not run as expected"):
            vnu([page], run=silent)


# -- The overrides of Material's templates: each is Material's file with one stated change ---------------------


def without_comments(text: str) -> str:
    return re.sub(r"\{#-?.*?-?#\}\n?", "", text, flags=re.S)


def test_search_override_is_each_engines_own_material_with_a_dialog_name():
    ours = without_comments((PACKAGE_THEME / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = without_comments((MATERIAL / "partials" / "search.html").read_text(encoding="utf-8"))
    zensical = without_comments((zensical_templates() / "partials" / "search.html").read_text(encoding="utf-8"))
    dialog = '<div class="md-search" data-md-component="search" role="dialog">'
    assert dialog in theirs, (
        "Material's search.html changed: copy it again into generator/theme/partials/ and re-apply the change"
    )
    branches = re.fullmatch(
        r'\{% if config\.extra\.engine == "zensical" -%\}\n(.*)\n\{%- else -%\}\n(.*)\n\{%- endif %\}\n', ours, re.S
    )
    assert branches, "generator/theme/partials/search.html: one branch per engine, Zensical's first"
    assert branches.group(1) + "\n" == zensical, (
        "Zensical's search.html changed: copy it again into generator/theme/partials/"
    )
    loading = '{{ lang.t("search.result.initializer") }}'  # the words while the search loads: the site's (B-54)
    assert loading in theirs
    assert branches.group(2) + "\n" == theirs.replace(
        dialog, dialog[:-1] + " aria-label=\"{{ lang.t('search') }}\">"
    ).replace(loading, "{{ config.extra.ui.search_loading }}")


def test_toc_override_is_materials_with_a_label_only_where_its_control_is():
    ours = without_comments((PACKAGE_THEME / "partials" / "toc.html").read_text(encoding="utf-8"))
    theirs = without_comments((MATERIAL / "partials" / "toc.html").read_text(encoding="utf-8"))
    label = """    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
"""
    assert label in theirs, (
        "Material's toc.html changed: copy it again into generator/theme/partials/ and re-apply the change"
    )
    # Zensical's toc.html is Material's with the import of the language strings, which ours has too.
    zensical = without_comments((zensical_templates() / "partials" / "toc.html").read_text(encoding="utf-8"))
    language = '{% import "partials/language.html" as lang with context %}\n'
    assert zensical == language + theirs, (
        "Zensical's toc.html is no longer Material's with one import: compare them again"
    )
    assert ours.startswith(language.replace(" %}", " -%}"))
    ours = ours.removeprefix(language.replace(" %}", " -%}"))
    ours = ours.replace(
        "{% set has_control = (page.previous_page or page.next_page) and not (page.is_index and page.parent) %}\n", ""
    )
    ours = re.sub(
        r"    \{% if has_control %\}\n    <label (.*?)>\n    \{% else %\}\n    <div .*?>\n    \{% endif %\}\n",
        r"    <label \1>\n",
        ours,
    )
    ours = re.sub(
        r"    \{% if has_control %\}\n    </label>\n    \{% else %\}\n    </div>\n    \{% endif %\}\n",
        "    </label>\n",
        ours,
    )
    assert ours == theirs


def test_material_toggles_are_where_the_build_expects_them():
    """engines.finish_page rewrites the two checkbox toggles of Material's base.html (outside any block)."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    from generator.engines.finish import TOGGLE_AUTOCOMPLETE

    rendered = base.replace("{% set features = config.theme.features or [] %}", "")
    assert len(TOGGLE_AUTOCOMPLETE.findall(rendered)) == 2
