"""Where the benchmark reads and writes, and the project folders it works in.

One home for the project's layout as the benchmark sees it: the shipped project (ROOT), what a project folder
holds besides its content, and the generator's loader (imported when called, so that `--help` and the parent
process of the measured builds stay free of the generator).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.contents import Content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
RESULTS = ROOT / "bench" / "out" / "results.json"  # raw numbers of the last run (git-ignored)
LAST_COMPLETE = RESULTS.with_name("results-last.json")  # of the last run that measured every size it was asked


def copy_project(source: Path, dest: Path, content: bool = True) -> Path:
    """A project folder at `dest` from the one at `source`: its mkdocs.yml and theme overrides (when it has any: the
    theme is the package's), and its content/ unless `content` is false (a synthetic project writes its own)."""
    dest.mkdir(parents=True, exist_ok=True)
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", dest / "overrides")
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    if content:
        shutil.copytree(source / "content", dest / "content")
    return dest


def load_content(root: Path) -> Content:
    """The validated content of the project at `root` (raises ContentErrors)."""
    from generator import loading

    return loading.load(root / "content")
