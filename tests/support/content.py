"""The shipped content as the tests read it on their own (YAML, not the generator's loader), and content errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ContentErrors
from generator.loading import load as load_content
from tests.support.project import ROOT

CONTENT = ROOT / "content"
LANGS = ("fi", "sv")


def load(*parts: str):
    if parts[-1] == "ui.yml":
        return interface_words(CONTENT, parts[0])
    return yaml.safe_load((CONTENT.joinpath(*parts)).read_text(encoding="utf-8"))


def interface_words(content: Path, lang: str) -> dict:
    """One language's interface words as a project has them: the package's defaults
    (generator/defaults/<lang>/ui.yml), their draft words while strategy.yml says `text_status: draft`, and the
    project's content/<lang>/ui.yml over them, section by section (read here on their own, not by the loader)."""
    defaults = yaml.safe_load((ROOT / "generator" / "defaults" / lang / "ui.yml").read_text(encoding="utf-8"))
    project = yaml.safe_load((content / lang / "ui.yml").read_text(encoding="utf-8")) or {}
    strategy = yaml.safe_load((content / "strategy.yml").read_text(encoding="utf-8"))
    draft_strings = defaults.pop("draft_strings")
    if strategy.get("text_status", "draft") == "draft":
        defaults["strings"] |= draft_strings
    words = dict(defaults)
    for key, value in project.items():
        words[key] = defaults[key] | value if key in ("slugs", "strings", "plurals") else value
    return words


def norm(text: str) -> str:
    return " ".join(text.split())


def ui(lang: str) -> dict:
    """The interface words of one language (content/<lang>/ui.yml's strings)."""
    return load(lang, "ui.yml")["strings"]


def slugs(lang: str) -> dict:
    """The URL path of each kind of page in one language (content/<lang>/ui.yml's slugs)."""
    return load(lang, "ui.yml")["slugs"]


def theme_urls(lang: str) -> dict[str, str]:
    """Each theme's URL path under the language, by theme id."""
    themes, words = slugs(lang)["themes"], load(lang, "strategy.yml")
    return {t: f"{themes}/{w['slug']}" for t, w in words["themes"].items()}


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file by `new`; `old` must be there (so a stale test fails loudly)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(project: Path) -> list[str]:
    """The content errors the loader reports for the project's content/ (it must refuse the content)."""
    with pytest.raises(ContentErrors) as info:
        load_content(project / "content")
    return [str(e) for e in info.value.errors]


def check(project: Path) -> tuple[int, str]:
    """`strategy-site check` on the project: (exit status, everything it printed); never an exception."""
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def assert_refused_with(project: Path, expected: list[str]) -> None:
    """`strategy-site check` refuses the project with exactly these errors, one `Error:` line each and the count,
    exit status 1 and no traceback (the bad-content tests' one rule)."""
    code, out = check(project)
    assert code == 1
    assert "Traceback" not in out
    assert out.splitlines() == [f"Error: {e}" for e in expected] + [
        f"{len(expected)} error(s) found; nothing was written. Fix them and run the command again."
    ]
