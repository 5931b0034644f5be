"""Incremental builds (issue 26): a rebuild renders only the pages whose inputs changed and takes the rest from
the page cache (generator/engines/pagecache.py), and what it builds is byte for byte what a build without the
cache builds, after any edit of any kind of input."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import caches, pipeline
from generator.engines import PACKAGE_THEME, pagecache
from tests.support.project import copy_project


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def same_site(root: Path) -> tuple[pipeline.BuildResult, pipeline.BuildResult]:
    """Build `root` with its page cache into site/ and without it into clean/; both trees must be equal."""
    incremental = pipeline.build(pipeline.Project(root))
    clean = pipeline.build(pipeline.Project(root), site_dir=root / "clean", page_cache=False)
    built, expected = tree(root / "site"), tree(root / "clean")
    assert sorted(built) == sorted(expected)
    differing = [path for path in expected if built[path] != expected[path]]
    assert differing == []
    return incremental, clean


def total(result: pipeline.BuildResult, count: str) -> int:
    return sum(counts[count] for counts in result.rendered.values())


# The edits: one function per kind of input a page is made from.


def _append_to_goal(root: Path, lang: str, goal: int, field: str, text: str) -> None:
    """` text` added at the end of a goal's `field` in a language's strategy.yml, the file's other lines as they
    are (the corrections name the words' lines as written)."""
    path = root / "content" / lang / "strategy.yml"
    keys = sorted(yaml.safe_load(path.read_text(encoding="utf-8"))["goals"])
    key = keys[goal % len(keys)]
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("goals:")
    at = lines.index(f"  {key}:", start)
    at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(f"    {field}:"))
    end = at
    while end + 1 < len(lines) and lines[end + 1].startswith("      "):  # a folded value's lines
        end += 1
    line = lines[end]
    lines[end] = line[:-1] + f" {text}" + line[-1] if line[-1] in "\"'" else f"{line} {text}"
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_words(root: Path, lang: str, goal: int, text: str) -> None:
    """A goal's description, in one language (shown on its page, its theme's and the whole strategy's)."""
    _append_to_goal(root, lang, goal, "description", text)


def edit_title(root: Path, lang: str, goal: int, text: str) -> None:
    """A goal's name, in one language: the navigation of every page of that language shows it."""
    _append_to_goal(root, lang, goal, "name", text)


def edit_figure(root: Path, lang: str, goal: int, text: str) -> None:
    """A figure of the latest monitoring round."""
    path = sorted((root / "content" / "snapshots").glob("*.csv"))[-1]
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = rows[goal % len(rows)]
    row["value"] = str(int(float(row["value"])) + 1 + len(text))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_update(root: Path, lang: str, goal: int, text: str) -> None:
    """A new update, in both languages: a new page, and new lines on the pages that list updates."""
    day = 1 + goal % 28
    slug = f"2020-05-{day:02d}-testi"
    (root / "content" / "updates" / f"{slug}.yml").write_text(
        f"date: 2020-05-{day:02d}\ngoals: []\nmetrics: []\ndraft: false\n", encoding="utf-8"
    )
    for language, title in (("fi", "Uutinen"), ("sv", "Nyhet")):
        (root / "content" / language / "updates" / f"{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: {title} {text}\nsummary: {title}.\n---\n\n{title} {text}.\n", encoding="utf-8"
        )


def edit_template(root: Path, lang: str, goal: int, text: str) -> None:
    """A theme template of the project's own (overrides/), over the package's: every page shows it."""
    rel = "partials/copyright.html"
    target = root / "overrides" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((PACKAGE_THEME / rel).read_text(encoding="utf-8") + f"\n<!-- {text} -->\n", encoding="utf-8")


def edit_config(root: Path, lang: str, goal: int, text: str) -> None:
    """The sites' configuration: one of the theme's features off."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("    - navigation.top\n", ""), encoding="utf-8")


EDITS = [edit_words, edit_title, edit_figure, edit_update, edit_template, edit_config]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12)
EDIT = st.tuples(st.sampled_from(EDITS), st.sampled_from(["fi", "sv"]), st.integers(0, 50), WORDS)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.fixture(scope="module")
def warm(tmp_path_factory, pristine) -> Path:
    """A project built once, so that its page cache holds the site as it was."""
    root = tmp_path_factory.mktemp("incremental") / "project"
    shutil.copytree(pristine, root)
    pipeline.build(pipeline.Project(root))
    return root


def after_edit(root: Path, pristine: Path, edit, lang: str, goal: int, text: str):
    """From the unedited site built (its pages in the cache), one edit, then both builds (same_site)."""
    restore(root, pristine)
    pipeline.build(pipeline.Project(root))
    edit(root, lang, goal, text)
    return same_site(root)


def restore(root: Path, pristine: Path) -> None:
    """The project's inputs as they were (its docs/, site/ and page cache stay)."""
    for name in ("content", "overrides"):
        shutil.rmtree(root / name, ignore_errors=True)
        if (pristine / name).is_dir():
            shutil.copytree(pristine / name, root / name)
    shutil.copy(pristine / "mkdocs.yml", root / "mkdocs.yml")


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_each_kind_of_edit_alone_builds_the_clean_site(warm, pristine, edit):
    """Each kind of edit on its own, from a cache that holds the unedited site: what the edit changes is rendered
    again, and nothing it changes is taken from the cache."""
    incremental, _ = after_edit(warm, pristine, edit, "sv", 1, "ändrad")
    assert total(incremental, "rendered") > 0


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI does not find a new one on its own
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(EDIT, min_size=1, max_size=3))
def test_an_incremental_build_after_any_edits_is_a_clean_build(warm, pristine, edits):
    """Random edits of every kind of input, from the last state the cache saw (which the examples before left
    in it): the site built with the cache is byte for byte the one built without."""
    restore(warm, pristine)
    for edit, lang, goal, text in edits:
        edit(warm, lang, goal, text)
    same_site(warm)


def test_a_rebuild_with_no_change_renders_no_page(warm, pristine):
    restore(warm, pristine)
    pipeline.build(pipeline.Project(warm))
    again = pipeline.build(pipeline.Project(warm))
    assert total(again, "rendered") == 0
    assert total(again, "reused") == again.pages - len(again.docs.written) - _not_pages(warm)
    assert (again.docs.written, again.site.written, again.site.removed) == ([], [], [])


def _not_pages(root: Path) -> int:
    """The files of docs/ that are not pages (feeds, assets)."""
    return sum(1 for path in (root / "docs").rglob("*") if path.is_file() and path.suffix != ".md")


def test_one_goals_words_render_only_the_pages_that_show_them(warm, pristine):
    """A Finnish goal description: a few Finnish pages are rendered again, no Swedish page."""
    incremental, clean = after_edit(warm, pristine, edit_words, "fi", 0, "muutos")
    assert incremental.rendered["sv"]["rendered"] == 0
    fi = incremental.rendered["fi"]
    assert 0 < fi["rendered"] < fi["reused"]
    assert clean.rendered["fi"] == {"rendered": fi["rendered"] + fi["reused"], "reused": 0}


def test_a_renamed_title_renders_every_page_of_its_language(warm, pristine):
    incremental, _ = after_edit(warm, pristine, edit_title, "sv", 0, "ny")
    assert incremental.rendered["sv"]["reused"] == 0
    assert incremental.rendered["fi"]["rendered"] == 0


def test_a_broken_cache_is_rebuilt_not_trusted(warm, pristine):
    """A cache file that is not a database (a disk fault, a stray copy): every page is rendered, the site is the
    clean build's, and the next build has a working cache again."""
    restore(warm, pristine)
    for lang in ("fi", "sv"):
        pagecache.cache_file(warm, lang).write_bytes(b"not a database")
    first, _ = same_site(warm)
    assert total(first, "reused") == 0
    again = pipeline.build(pipeline.Project(warm))
    assert total(again, "rendered") == 0


def test_without_the_cache_nothing_is_read_or_written(tmp_path, pristine):
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    result = pipeline.build(pipeline.Project(root), page_cache=False)
    assert total(result, "reused") == 0
    assert not (root / caches.CACHE_DIR).exists()


def test_a_rebuild_with_nothing_changed_is_done_at_once_and_says_what_is_there(warm, pristine):
    """The manifest (generator/manifest.py): nothing rendered or written, the same report as the build before."""
    restore(warm, pristine)
    built = pipeline.build(pipeline.Project(warm))
    again = pipeline.build(pipeline.Project(warm))
    assert again.seconds["site"] == 0.0 and total(again, "rendered") == 0
    assert (again.pages, again.site.unchanged) == (built.pages, len(built.site.written) + built.site.unchanged)


@pytest.mark.parametrize("touch", ["site", "docs", "content"])
def test_a_rebuild_after_any_file_was_touched_builds_again(warm, pristine, touch):
    """A file of the site or docs/ edited by hand, or a content file edited back and forth: the build runs
    (and puts the site back as the content makes it)."""
    restore(warm, pristine)
    pipeline.build(pipeline.Project(warm))
    expected = tree(warm / "site")
    target = {
        "site": warm / "site" / "fi" / "index.html",
        "docs": warm / "docs" / "fi" / "index.md",
        "content": warm / "content" / "fi" / "glossary.yml",
    }[touch]
    text = target.read_bytes()
    target.write_bytes(text + b"\n" if touch != "content" else text)
    if touch == "content":  # the same bytes, written again: the inputs' key is the same, so nothing is built
        again = pipeline.build(pipeline.Project(warm))
        assert again.seconds["site"] == 0.0
        return
    again = pipeline.build(pipeline.Project(warm))
    assert again.seconds["site"] > 0.0
    assert tree(warm / "site") == expected and total(again, "rendered") == 0


def test_a_template_that_shows_the_build_date_is_rendered_when_the_date_moves(warm, pristine):
    """The build's date (MkDocs' build_date_utc) follows the content's latest date. Pages are kept across a
    new date unless a template shows it (pagecache._templates_show_build_date): here a project's own does."""
    restore(warm, pristine)
    rel = "partials/copyright.html"
    (warm / "overrides" / "partials").mkdir(parents=True)
    (warm / "overrides" / rel).write_text(
        (PACKAGE_THEME / rel).read_text(encoding="utf-8") + "\n<!-- {{ build_date_utc }} -->\n", encoding="utf-8"
    )
    pipeline.build(pipeline.Project(warm))
    site = warm / "content" / "site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("as_of: 2026-11-27", "as_of: 2026-11-28"), encoding="utf-8"
    )
    incremental, _ = same_site(warm)
    assert total(incremental, "reused") == 0
