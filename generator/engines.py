"""Stage 4a: each language's site built from its generated pages by a site engine, into a staging folder.

Two engines read the same mkdocs.yml and overrides/: MkDocs with Material (the default), and Zensical, made by
Material's authors to replace it (Material 9.x reaches its end of life in 2027). Nothing either reads is
specific to one of them: each page's language switch and hreflang come from its own front matter, and the
templates use only what Jinja2 and MiniJinja share. What each engine gets:

- MkDocs runs in this process and reads the pages from memory (a plugin hands them over as files of an empty
  docs_dir), so docs/ changes only after every language built.
- Zensical (an optional extra: `pip install -e '.[zensical]'`) reads its pages from a folder and keeps a cache
  beside its configuration, so each language has a work folder, `.zensical/<lang>/` in the project: the pages
  (only changed files rewritten), the configuration (mkdocs.yml with the language's settings, relative paths,
  as Zensical requires), its cache, and the site it writes, which is then moved into the staging folder. It
  runs as a child process, which ends with the build however the build ends.

Either way the site then goes through the same staging and swap (pipeline.py, writers.py).
"""

from __future__ import annotations

import html as htmllib
import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import untrusted, writers

ENGINES = ("mkdocs", "zensical")
NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
ZENSICAL_INSTALL = "pip install -e '.[zensical]'"


@dataclass(frozen=True)
class SiteJob:
    """What one language's site build needs; plain data so it can go to another process."""

    lang: str
    config_file: str
    docs_dir: str  # MkDocs: an empty folder (the pages come from memory); Zensical: its work folder's docs/
    site_dir: str
    site_url: str
    site_name: str
    nav: list
    copyright: str
    build_epoch: int
    extra: dict
    engine: str = "mkdocs"


def site_config(job: SiteJob, shared: dict | None = None) -> dict:
    """The language's settings over the shared mkdocs.yml (what each engine is given besides the file), with the
    staff's words in them escaped for the theme (theme_words)."""
    shared = shared if shared is not None else shared_config(job)
    theme = dict(shared.get("theme") or {})
    theme["language"] = job.lang
    extra = dict(shared.get("extra") or {}) | theme_words(job.extra) | {"engine": job.engine}
    return {
        "extra": extra,
        "docs_dir": job.docs_dir, "site_dir": job.site_dir, "site_url": job.site_url,
        "site_name": untrusted.html(job.site_name), "nav": _escaped_nav(job.nav), "theme": theme,
        "copyright": untrusted.html(job.copyright) if job.copyright else job.copyright,
    }


# Both engines' themes print the site's name, the nav's titles (the staff's goal names and update titles), the
# footer's links and the words of the 404 page and the palette as they are, in HTML: Material's templates under
# MkDocs (whose theme environment has no autoescape) and Zensical's own (MiniJinja without autoescape, checked).
# So they are given escaped once (untrusted.html), as Markup: a template that escapes them itself (`| e`) leaves
# Markup alone under Jinja2. (Zensical gets plain strings, whole_config; where its partials escape them a second
# time, _escaped_once undoes it.)
def theme_words(extra: dict) -> dict:
    """The build's own `extra` settings (pipeline.site_job) with their words escaped: the interface words, the
    footer links' titles, the feed's title."""
    extra = dict(extra)
    if "ui" in extra:
        extra["ui"] = {key: untrusted.html(value) for key, value in extra["ui"].items()}
    if "footer_links" in extra:
        extra["footer_links"] = [item | {"title": untrusted.html(item["title"])} for item in extra["footer_links"]]
    if "feed" in extra:
        extra["feed"] = extra["feed"] | {"title": untrusted.html(extra["feed"]["title"])}
    return extra


def _escaped_nav(items: list) -> list:
    """A MkDocs nav (entries `{title: path or [entries]}` or a bare path) with its titles escaped."""
    return [{untrusted.html(title): _escaped_nav(value) if isinstance(value, list) else value
             for title, value in item.items()} if isinstance(item, dict) else item for item in items]


def _plain_strings(value):
    """A configuration with its Markup as plain strings, for YAML (safe_dump writes only plain types)."""
    if isinstance(value, dict):
        return {_plain_strings(k): _plain_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_strings(v) for v in value]
    return str(value) if isinstance(value, str) else value


def shared_config(job: SiteJob) -> dict:
    with open(job.config_file, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def whole_config(job: SiteJob) -> dict:
    """mkdocs.yml as one language's build reads it, in one file (Zensical's, the benchmark's bare MkDocs)."""
    shared = shared_config(job)
    return _plain_strings(shared | site_config(job, shared))


def check_available(engine: str) -> str | None:
    """Why `engine` cannot build here (None when it can): asked before any work, so that a missing engine is
    one clear error instead of a failure half-way."""
    if engine not in ENGINES:
        return f"unknown engine '{engine}': use one of {', '.join(ENGINES)}"
    if engine == "zensical":
        import importlib.util

        if importlib.util.find_spec("zensical") is None:
            return f"Zensical is not installed: run `.venv/bin/{ZENSICAL_INSTALL}` (or `make site-zensical`), then build again"
    return None


def build_site(job: SiteJob, files: dict[str, bytes]) -> tuple[str, list[str]]:
    """Build one language from its generated `files` into job.site_dir; returns what went wrong (empty when clean)."""
    if job.engine == "zensical":
        return job.lang, _zensical(job, files)
    return job.lang, _mkdocs(job, files)


# Material's and Zensical's base.html write autocomplete="off" on their two checkbox toggles (drawer, search),
# which HTML allows only on text-like inputs (the W3C Nu HTML Checker's error). The inputs sit outside any
# template block, so no override can change them; every built page is mended here instead, for both engines.
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off">')


def finish_page(html: str) -> str:
    """A rendered page as the site publishes it (see TOGGLE_AUTOCOMPLETE), its staff Markdown cleaned
    (untrusted.clean_html: Zensical's pages are cleaned here; MkDocs' were cleaned before the search index
    read them, GeneratedDocs.on_page_content, and have no regions left)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1>", untrusted.clean_html(html))


# -- MkDocs -----------------------------------------------------------------------------------------------------


def _mkdocs(job: SiteJob, files: dict[str, bytes]) -> list[str]:
    os.environ["SOURCE_DATE_EPOCH"] = str(job.build_epoch)  # MkDocs' dates (sitemap, gzip): same content, same bytes
    import jinja2
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=job.config_file, **site_config(job))
        config.plugins["strategy-site/generated-docs"] = generated_docs(files)
        build(config)
    except (exceptions.MkDocsException, exceptions.Abort, OSError, jinja2.TemplateError) as exc:
        # A mistake in overrides/ is named with its template, as Zensical names it.
        where = f" (in {exc.name}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        return [line for line in stream.getvalue().splitlines() if line] + [f"ERROR {exc}{where}"]
    finally:
        logger.removeHandler(handler)
    return []


def generated_docs(files: dict[str, bytes]):
    """A plugin that hands MkDocs the generated files as if they were in docs_dir (MkDocs 1.6 File.generated),
    makes staff text safe for Material's templates and finishes each rendered page. The editor's preview runs
    it too (previews.py), so a preview is cleaned as the built page is."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class GeneratedDocs(BasePlugin):
        def on_files(self, found, config):
            for path in sorted(files, key=walk_order):
                found.append(File.generated(config, path, content=files[path]))
            return found

        def on_page_content(self, html, page, config, files):
            """The page's staff Markdown cleaned (untrusted.clean_html) and its front matter's title, description
            and language names escaped for the theme (untrusted.theme_meta), before the search plugin indexes
            the page and its title (on_page_context)."""
            page.meta.update(untrusted.theme_meta(page.meta))
            if "lastmod" in page.meta:  # the sitemap's <lastmod>: the day the page's content changed (generators)
                page.update_date = page.meta["lastmod"]
            return untrusted.clean_html(html)

        def on_post_page(self, output, page, config):
            return finish_page(output)

        def on_post_template(self, output_content, template_name, config):
            """The pages rendered from a template alone (404.html)."""
            return finish_page(output_content) if template_name.endswith(".html") else output_content

    return GeneratedDocs()


def walk_order(path: str) -> tuple:
    """The order MkDocs' get_files walks a docs_dir in (folders depth first, sorted; index first in each),
    which decides the order of pages outside the nav in the sitemap and search index."""
    folder, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    return tuple(folder.split("/")) if folder else (), stem not in ("index", "README"), name


# -- Zensical ---------------------------------------------------------------------------------------------------


def docs_dir(engine: str, root: Path, staging: Path, lang: str) -> Path:
    """Where the engine reads a language's pages: MkDocs an empty folder (the pages come from memory), Zensical
    its work folder in the project (configuration, pages, cache and the site it writes)."""
    return root / ".zensical" / lang / "docs" if engine == "zensical" else staging / "docs"


def _zensical(job: SiteJob, files: dict[str, bytes]) -> list[str]:
    docs = Path(job.docs_dir)
    work = docs.parent
    # unchanged pages keep their dates, and Zensical's cache its entries
    writers.sync_tree({path: _zensical_page(data) if path.endswith(".md") else data for path, data in files.items()}, docs)
    config = work / "mkdocs.yml"
    _write_if_changed(config, yaml.safe_dump(zensical_config(job, work), allow_unicode=True, sort_keys=False, width=1000).encode("utf-8"))
    run = subprocess.run([sys.executable, "-m", "zensical", "build", "--config-file", str(config)],
                         cwd=work, capture_output=True, preexec_fn=_end_with_parent)
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
    wants docs_dir and site_dir inside the configuration's folder, and stops on an absolute docs_dir)."""
    config = whole_config(job) | {"docs_dir": "docs", "site_dir": "site"}
    config["theme"]["custom_dir"] = os.path.relpath(Path(job.config_file).parent / config["theme"]["custom_dir"], work)
    # Zensical's table of contents shows the headings' HTML: cleaned by generator/untrusted.py's extension.
    config["markdown_extensions"] = list(config.get("markdown_extensions") or []) + ["generator.untrusted"]
    return config


def _write_if_changed(path: Path, data: bytes) -> None:
    if not (path.is_file() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _end_with_parent() -> None:
    """In the child, before Zensical starts: end with the process that started it (Linux's PR_SET_PDEATHSIG),
    as the build's own workers do, so that a build stopped at any moment leaves no Zensical running."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


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
