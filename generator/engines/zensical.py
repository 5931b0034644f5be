"""Zensical, in a work folder per language (`.zensical/<lang>/` in the project: the pages, only changed files
rewritten; the configuration with relative paths, as Zensical requires; its cache; and the site it writes, which
is then moved into the staging folder), as a child process that ends with the build however the build ends."""

from __future__ import annotations

import functools
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .. import processes, untrusted, writers
from .config import _plain_strings, shared_config, whole_config
from .finish import finish_page
from .theme import merge_into, project_overrides

if TYPE_CHECKING:
    from . import SiteJob


def build(job: SiteJob, files: dict[str, bytes]) -> list[str]:
    """One language's site from its generated `files`; what went wrong, in the shape of MkDocs' log lines."""
    docs = Path(job.docs_dir)
    work = docs.parent
    # unchanged pages keep their dates, and Zensical's cache its entries
    writers.sync_tree(
        {path: _zensical_page(data) if path.endswith(".md") else data for path, data in files.items()}, docs
    )
    merge_into(
        project_overrides(job.config_file, shared_config(job), job.project_root), work / "theme"
    )  # zensical_config's custom_dir
    config = work / "mkdocs.yml"
    _write_if_changed(
        config,
        yaml.safe_dump(zensical_config(job, work), allow_unicode=True, sort_keys=False, width=1000).encode("utf-8"),
    )
    run = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--config-file", str(config)],
        cwd=work,
        capture_output=True,
        preexec_fn=functools.partial(processes.end_with_parent, os.getpid()),
    )
    output = _plain(run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace"))
    built = work / "site"
    if run.returncode != 0 or not (built / "index.html").is_file():
        return _zensical_problems(output, run.returncode)
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        finished = _escaped_once(finish_page(html))
        if finished != html:
            page.write_text(finished, encoding="utf-8")
    target = Path(job.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, target)
    return []


def _zensical_page(data: bytes) -> bytes:
    """A generated page as Zensical reads it: its front matter's words escaped for the theme (untrusted.theme_meta),
    as GeneratedDocs does for MkDocs, since Zensical's templates print them as they are."""
    text = data.decode("utf-8")
    if not text.startswith("---\n"):
        return data
    end = text.index("\n---\n", 4)
    meta = json.loads(text[4:end])
    escaped = meta | _plain_strings(untrusted.theme_meta(meta))
    return ("---\n" + json.dumps(escaped, ensure_ascii=False, indent=1) + text[end:]).encode("utf-8")


# Zensical's own partials escape two of the words the build gives them already escaped (theme_words) once more:
# the site's name in the logo's title (header and drawer) and the previous and next pages' titles in the footer
# links' aria-label (`| e`; Material's do too, but under MkDocs the words are Markup, which `e` leaves alone).
# There the second escape is undone, so that a title with & < > " ' is read as typed.
_TWICE_ESCAPED = {"md-logo": "title", "md-footer__link": "aria-label"}
_TWICE_TAG = re.compile(r'<a\b[^>]*\sclass="(?:[^"]*\s)?(md-logo|md-footer__link)\b[^"]*"[^>]*>')


def _escaped_once(html: str) -> str:
    """A Zensical page with the second escape of _TWICE_ESCAPED undone (a value that would then hold a raw " or <
    is left as it was: it cannot end its attribute)."""

    def once(value: str) -> str:
        decoded = htmllib.unescape(value)
        return value if '"' in decoded or "<" in decoded else decoded

    def tag(match: re.Match) -> str:
        attribute = _TWICE_ESCAPED[match[1]]
        return re.sub(rf'(?<=\s){attribute}="([^"]*)"', lambda a: f'{attribute}="{once(a[1])}"', match[0], count=1)

    return _TWICE_TAG.sub(tag, html)


def zensical_config(job: SiteJob, work: Path) -> dict:
    """mkdocs.yml with the language's settings, for Zensical in `work`: every path relative to it (Zensical
    wants docs_dir and site_dir inside the configuration's folder, and stops on an absolute docs_dir). Its
    custom_dir is the work folder's theme/: the package's theme with the project's own files over it."""
    config = whole_config(job) | {"docs_dir": "docs", "site_dir": "site"}
    config["theme"]["custom_dir"] = "theme"
    # Zensical's table of contents shows the headings' HTML: cleaned by generator/untrusted.py's extension.
    config["markdown_extensions"] = list(config.get("markdown_extensions") or []) + ["generator.untrusted"]
    return config


def _write_if_changed(path: Path, data: bytes) -> None:
    if not (path.is_file() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _plain(text: str) -> str:
    """Zensical's output without its colours (it writes them whatever NO_COLOR says)."""
    return ANSI.sub("", text)


def _zensical_problems(output: str, returncode: int) -> list[str]:
    """Zensical's account of a failed build in the shape of MkDocs' (`WARNING place: what`, `ERROR what`): each
    warning with the place its box names, and the message that ended the run (the last line of its traceback)."""
    problems, placeless = [], None
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    for line in lines:
        place = re.match(r"\s*╭─\[\s*(.+?)\s*\]", line)
        if line.startswith("Warning: "):
            placeless = line.removeprefix("Warning: ")
            problems.append(f"WARNING {placeless}")
        elif place and placeless is not None:
            problems[-1], placeless = f"WARNING {place.group(1)}: {placeless}", None
    ended = re.match(r"\w*(?:Error|Exception): (.*)", lines[-1]) if lines else None
    problems.append(f"ERROR {ended.group(1)}" if ended else f"ERROR Zensical stopped with exit status {returncode}")
    return problems
