"""MkDocs with Material, in this process: the pages come from memory (a plugin hands them over as files of an
empty docs_dir), so docs/ changes only after every language built. A page whose inputs did not change since the
last build is taken from the page cache (pagecache.py) instead of being rendered again."""

from __future__ import annotations

import io
import json
import logging
import os
import types
from typing import TYPE_CHECKING

from .. import caches, untrusted
from . import pagecache
from .config import shared_config, site_config
from .finish import finish_page
from .theme import layer, project_overrides

if TYPE_CHECKING:
    from . import SiteJob


def build(job: SiteJob, files: dict[str, bytes]) -> tuple[list[str], dict[str, int]]:
    """One language's site from its generated `files`: what went wrong, as MkDocs' log lines (empty when clean),
    and how many pages were rendered and how many taken from the project's page cache (pagecache.py; not used
    when job.page_cache is off)."""
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
    records = None
    try:
        shared = shared_config(job)
        config = load_config(config_file=job.config_file, **site_config(job, shared))
        overrides = project_overrides(job.config_file, shared, job.project_root)
        layer(config, overrides)
        if job.page_cache and job.project_root and pagecache.plugins_known(config):
            records = pagecache.PageCache(pagecache.cache_file(job.project_root, job.lang))
            key = pagecache.site_key(job, list(files), overrides)
        plugin = config.plugins["strategy-site/generated-docs"] = generated_docs(files, records and (records, key))
        build(config)
        if records is not None and not stream.getvalue():  # a record must never hide a warning its page gave
            records.save()
    except (exceptions.MkDocsException, exceptions.Abort, OSError, jinja2.TemplateError) as exc:
        # A mistake in a theme template is named with its template, as Zensical names it.
        where = f" (in {exc.name}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        return [line for line in stream.getvalue().splitlines() if line] + [f"ERROR {exc}{where}"], {}
    finally:
        logger.removeHandler(handler)
        if records is not None:
            records.close()
    return [], plugin.counts


def generated_docs(files: dict[str, bytes], cache: tuple[pagecache.PageCache, str] | None = None):
    """A plugin that hands MkDocs the generated files as if they were in docs_dir (MkDocs 1.6 File.generated),
    makes staff text safe for Material's templates and finishes each rendered page. The editor's preview runs
    it too (editing/preview.py), so a preview is cleaned as the built page is. With `cache` (the language's
    records and its site key), a page whose record is there is not rendered again (pagecache.py)."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class GeneratedDocs(BasePlugin):
        def __init__(self):
            self.records = cache[0] if cache else None
            self.keys: dict[str, str] = {}  # a page's step 1 key, by its path
            self.reused: set[str] = set()  # the pages whose step 1 came from the cache
            self.nav_key = ""
            self.nav = None
            self.current: tuple[str, dict | None, list] | None = (
                None  # the page being built: key, record, search entries
            )
            self.counts = {"rendered": 0, "reused": 0}  # pages rendered in the theme, and taken from the cache

        def on_files(self, found, config):
            for path in sorted(files, key=walk_order):
                found.append(File.generated(config, path, content=files[path]))
            return found

        def on_pre_page(self, page, config, files):
            if cache is None:
                return page
            records, site = cache
            path = page.file.src_uri
            key = self.keys[path] = caches.hash_of(site, path, page.file.content_bytes)
            record = records.get(key)
            if record is not None:
                self.reused.add(path)
                page.read_source = types.MethodType(_restored_source(record), page)
                page.render = types.MethodType(_restored_render(record), page)
            return page

        def on_page_content(self, html, page, config, files):
            """The page's staff Markdown cleaned (untrusted.clean_html) and its front matter's title, description
            and language names escaped for the theme (untrusted.theme_meta), before the search plugin indexes
            the page and its title (on_page_context)."""
            path = page.file.src_uri
            source_meta = dict(page.meta)
            page.meta.update(untrusted.theme_meta(page.meta))
            if "lastmod" in page.meta:  # the sitemap's <lastmod>: the day the page's content changed (render/pages.py)
                page.update_date = page.meta["lastmod"]
            if path in self.reused:
                return html  # cleaned when it was recorded
            html = untrusted.clean_html(html)
            if cache is not None:
                cache[0].put(self.keys[path], _rendered_record(page, source_meta, html))
            return html

        def on_env(self, env, config, files):
            if cache is None:
                return env
            for plugin in config.plugins.values():
                if hasattr(plugin, "search_index"):
                    _record_search(plugin.search_index, self)
            return _CachingEnv(env, config, self)

        def on_nav(self, nav, config, files):
            # every title is known only once all pages are read (on_env); the nav object is the same then
            self.nav = nav
            return nav

        def page_record(self, page, template: str) -> tuple[str, dict | None]:
            """Step 2's key of a page and its record (None when it must be rendered)."""
            if not self.nav_key:
                self.nav_key = caches.hash_of(json.dumps(_nav_signature(self.nav.items)))
            key = caches.hash_of(self.keys[page.file.src_uri], self.nav_key, template)
            self.current = (key, self.records.get(key), [])
            return self.current

        def on_post_page(self, output, page, config):
            if cache is None:
                self.counts["rendered"] += 1
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


# The page cache's two steps (pagecache.py), as MkDocs' build calls them.


def _rendered_record(page, source_meta: dict, html: str) -> dict:
    """What step 1 (Markdown → HTML) left on a page, as plain data."""
    return {
        "markdown": page.markdown,
        "meta": source_meta,
        "content": html,
        "toc": [_toc_item(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
    }


def _toc_item(item) -> list:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _restored_source(record: dict):
    def read_source(page, config):
        page.markdown, page.meta = record["markdown"], dict(record["meta"])

    return read_source


def _restored_render(record: dict):
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def anchor(item: list) -> AnchorLink:
        link = AnchorLink(item[0], item[1], item[2])
        link.children = [anchor(child) for child in item[3]]
        return link

    def render(page, config, files):
        page.content = record["content"]
        toc = [anchor(item) for item in record["toc"]]
        if toc:
            toc[0].active = True  # as MkDocs' get_toc marks it
        page.toc = TableOfContents(toc)
        page._title_from_render = record["title"]
        page.present_anchor_ids = set(record["anchors"])
        page.links_to_anchors = {
            file: links for path, links in record["links"].items() if (file := files.get_file_from_path(path))
        }

    return render


def _nav_signature(items) -> list:
    """Every title, address and nesting of the nav: what a page's menu, breadcrumbs and previous/next links show."""
    return [
        [
            type(item).__name__,
            str(item.title),
            getattr(item, "url", None),
            _nav_signature(getattr(item, "children", None) or []),
        ]
        for item in items
    ]


def _record_search(index, plugin) -> None:
    """The search index takes a built page's entries from its record, and adds a rendered page's to it."""
    add = index.add_entry_from_context

    def add_entry_from_context(page):
        key, record, entries = plugin.current
        if record is not None:
            index.entries.extend(record["search"])
            return
        before = len(index.entries)
        add(page)
        entries.extend(index.entries[before:])

    index.add_entry_from_context = add_entry_from_context


class _CachingEnv:
    """The theme's Jinja environment, except that a page whose step 2 record is there is not rendered again."""

    def __init__(self, env, config, plugin):
        self._env, self._config, self._plugin = env, config, plugin

    def __getattr__(self, name):
        return getattr(self._env, name)

    def get_template(self, name, *args, **kwargs):
        page = self._config._current_page
        if page is None:  # the pages made from a template alone (404.html, the sitemap)
            return self._env.get_template(name, *args, **kwargs)
        current = self._plugin.page_record(page, name)
        self._plugin.counts["reused" if current[1] is not None else "rendered"] += 1
        return _PageTemplate(self._env, name, current, self._plugin)


class _PageTemplate:
    def __init__(self, env, name, current, plugin):
        self.env, self.name, self.current, self.plugin = env, name, current, plugin

    def render(self, context) -> str:
        key, record, entries = self.current
        if record is not None:
            return record["html"]
        html = self.env.get_template(self.name).render(context)
        self.plugin.records.put(key, {"html": html, "search": entries})
        return html
