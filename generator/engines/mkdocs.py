"""MkDocs with Material, in this process: the pages come from memory (a plugin hands them over as files of an
empty docs_dir), so docs/ changes only after every language built."""

from __future__ import annotations

import io
import logging
import os
from typing import TYPE_CHECKING

from .. import untrusted
from .config import shared_config, site_config
from .finish import finish_page
from .theme import layer, project_overrides

if TYPE_CHECKING:
    from . import SiteJob


def build(job: SiteJob, files: dict[str, bytes]) -> list[str]:
    """One language's site from its generated `files`; what went wrong, as MkDocs' log lines (empty when clean)."""
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
        shared = shared_config(job)
        config = load_config(config_file=job.config_file, **site_config(job, shared))
        layer(config, project_overrides(job.config_file, shared, job.project_root))
        config.plugins["strategy-site/generated-docs"] = generated_docs(files)
        build(config)
    except (exceptions.MkDocsException, exceptions.Abort, OSError, jinja2.TemplateError) as exc:
        # A mistake in a theme template is named with its template, as Zensical names it.
        where = f" (in {exc.name}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        return [line for line in stream.getvalue().splitlines() if line] + [f"ERROR {exc}{where}"]
    finally:
        logger.removeHandler(handler)
    return []


def generated_docs(files: dict[str, bytes]):
    """A plugin that hands MkDocs the generated files as if they were in docs_dir (MkDocs 1.6 File.generated),
    makes staff text safe for Material's templates and finishes each rendered page. The editor's preview runs
    it too (editing/preview.py), so a preview is cleaned as the built page is."""
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
            if "lastmod" in page.meta:  # the sitemap's <lastmod>: the day the page's content changed (render/pages.py)
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
