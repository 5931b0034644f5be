"""Where the project is, and throwaway copies of it for a test to edit or break."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (content, config, and its theme overrides if it has any) to edit in a test."""
    for name in ("content", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


# The second city of the tests (issue 25): content only, built with the package's mkdocs.yml and theme.
SECOND_CITY = ROOT / "tests" / "cities" / "vaasa"
SECOND_CITY_BASE = "https://strategia.vaasa.fi/"


def copy_second_city(dest: Path) -> Path:
    """A throwaway copy of the second city's project: its content/, nothing else (the package gives the rest)."""
    shutil.copytree(SECOND_CITY / "content", dest / "content")
    return dest


def copy_for_editor(dest: Path) -> Path:
    """A copy of the project as the editor serves it (its previews carry the package's nginx configuration's
    policy, the site's own)."""
    return copy_project(dest)
