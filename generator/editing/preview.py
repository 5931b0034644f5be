"""One page as the site will show it, rendered on its own: the editor's preview after a save.

A preview must follow a save within a second, so it does not rebuild the site: it loads the content (the
same `loading.load` as every build), generates the Markdown of the one page (`render.LanguageSite`, the
build's own code), and has MkDocs render that page with the site's theme and navigation, exactly as
`mkdocs.commands.build` renders each page and the build then finishes it (`engines.finish_page`), with the
other pages known only by their paths.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

from .. import contents, engines, loading, pipeline, urls
from ..errors import ContentErrors
from ..metrics import build_series
from ..render import LanguageSite, MissingString, environment, missing_string_error
from ..urls import Key


class NoSuchPage(Exception):
    """The page asked for is not on the site (an unknown path or key)."""


def fingerprint(folders: list[Path]) -> tuple:
    """Every file under the folders by path, modification time and size: whether anything changed since the last
    look (the editor's content cache, and `strategy-site serve`'s watch)."""
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for folder in folders
            if folder.exists()
            for p in folder.rglob("*")
            if p.is_file()
        )
    )


class ContentCache:
    """The project's validated content, loaded again only when a file under content/ changed (by its size and
    modification time): a save validates the content anyway, and the preview that follows it need not."""

    def __init__(self, project: pipeline.Project):
        self.project = project
        self.seen: tuple | None = None
        self.content: contents.Content | None = None
        self.lock = threading.Lock()

    def fingerprint(self) -> tuple:
        return fingerprint([self.project.content])

    def get(self) -> contents.Content:
        """The content as it is now; raises ContentErrors when it does not validate."""
        with self.lock:
            now = self.fingerprint()
            if now != self.seen or self.content is None:
                self.content, self.seen = None, None
                self.content = loading.load(self.project.content)
                self.seen = now
            return self.content

    def saved(self, content: contents.Content) -> None:
        """The content a save has just validated and written is the content now."""
        with self.lock:
            self.content, self.seen = content, self.fingerprint()


def page_key(content: contents.Content, lang: str, path: str) -> Key:
    """The page at a site path of one language (`mittarit/vakiluku/`), as the URL plan has it."""
    wanted = path.strip("/")
    for key, doc in content.urls.pages[lang].items():
        if urls.url_of(doc).strip("/") == wanted:
            return key
    raise NoSuchPage(path)


def page_url(content: contents.Content, lang: str, key: Key) -> str:
    return urls.url_of(content.urls.pages[lang][key])


def item_page(content: contents.Content, file: str, item_id: str) -> Key:
    """The page on which an item's words are shown first: a metric's page for a metric, a theme's for its
    objectives, the home page for the strategy's general words."""
    head, _, rest = item_id.partition(".")
    if file == "metrics.yml" and item_id in content.metric_by_id:
        return ("metric", item_id)
    if file == "strategy.yml":
        if head in ("themes", "goals") and rest:
            return (head[:-1], rest)
        if head in ("objectives", "success_factors"):  # every theme's, in one item: the first theme shows some
            return ("theme", content.strategy.themes[0].id)
        if head in ("implementation", "programmes", "monitoring", "metrics"):
            return ("implementation", "implementation")
        return ("home", "home")
    if file == "glossary.yml":
        return ("glossary", "glossary")
    if file == "accessibility.yml":
        return ("accessibility", "accessibility")
    if file.startswith("pages/"):
        return ("prose", Path(file).stem)
    if file == "sources.yml":
        return ("metrics", "metrics")
    return ("home", "home")


def render(
    project: pipeline.Project, lang: str, key: Key, base_url: str, content: contents.Content | None = None
) -> bytes:
    """The HTML of one page of one language, as the build would write it for a site at `base_url`; raises
    ContentErrors when the content does not validate, NoSuchPage for a page not on the site. `content`: the
    project's content already loaded and validated (ContentCache), else it is loaded now."""
    content = (content or loading.load(project.content)).with_base_url(base_url)
    if lang not in content.languages:
        raise NoSuchPage(lang)
    site = LanguageSite(content, lang, build_series(content), environment())
    pages = site.pages()
    page = next((p for p in pages if p.key == key), None)
    if page is None:
        raise NoSuchPage(str(key))
    by_path = {p.path: p for p in pages}

    def markdown_of(path: str) -> bytes:
        try:
            return site.render(by_path[path]).encode("utf-8")
        except MissingString as exc:
            raise ContentErrors([missing_string_error(exc)]) from None

    return _mkdocs_page(project, content, lang, page.path, markdown_of(page.path), [p.path for p in pages], markdown_of)


def _mkdocs_page(
    project: pipeline.Project,
    content: contents.Content,
    lang: str,
    target: str,
    markdown: bytes,
    paths: list[str],
    neighbour=None,
) -> bytes:
    """`neighbour(path)`: the Markdown of another page, for the previous and next pages the footer names by their
    titles (a page MkDocs has not read has none: the footer said "Edellinen None")."""
    from mkdocs.commands.build import _populate_page, get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation

    job = pipeline.site_job(
        project, content, lang, docs_dir=str(_empty_docs() / "docs"), site_dir=str(_empty_docs() / "site")
    )
    os.environ["SOURCE_DATE_EPOCH"] = str(job.build_epoch)  # as the build sets it
    config = load_config(config_file=job.config_file, **engines.site_config(job))
    engines.layer(
        config, engines.project_overrides(job.config_file, root=job.project_root)
    )  # the project's theme files first
    # The build's own plugin (with no files: they are given below): it escapes the front matter's words the theme
    # prints and cleans the staff Markdown as in the build, so the preview is the built page.
    config.plugins["strategy-site/generated-docs"] = engines.generated_docs({})
    config = config.plugins.on_config(config)
    files = Files(
        [
            File.generated(config, path, content=markdown if path == target else b"")
            for path in sorted(paths, key=engines.walk_order)
        ]
    )
    env = _theme_env(config)
    nav = get_navigation(files, config)
    page = files.get_file_from_path(target).page
    if page is None:  # a page outside the nav
        from mkdocs.structure.pages import Page

        page = Page(None, files.get_file_from_path(target), config)
    _populate_page(page, config, files)
    for other in (page.previous_page, page.next_page) if neighbour else ():
        if other is not None and other.markdown is None and other.file.src_uri in paths:
            other.file.content_bytes = neighbour(other.file.src_uri)
            _populate_page(other, config, files)  # read and rendered as the build does: its title is the build's
    env = config.plugins.on_env(env, config=config, files=files)
    page.active = True
    context = get_context(nav, files.documentation_pages(), config, page)
    template = env.get_template(page.meta.get("template", "main.html"))
    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    output = engines.finish_page(config.plugins.on_post_page(template.render(context), page=page, config=config))
    return output.encode("utf-8", errors="xmlcharrefreplace")


_ENVS: dict[tuple, object] = {}


def _theme_env(config):
    """The theme's template environment, one per theme and language for the life of the process: compiling
    Material's templates is most of the time of rendering a page, and a build compiles them once too. Templates
    edited meanwhile are compiled again (auto_reload)."""
    key = (tuple(config.theme.dirs), str(config.theme.locale))
    env = _ENVS.get(key)
    if env is None:
        env = _ENVS[key] = config.theme.get_env()
        env.auto_reload = True
    return env


@functools.lru_cache(maxsize=1)
def _empty_docs() -> Path:
    """An empty docs_dir for MkDocs' config check (the pages come from memory)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="strategy-preview-"))
    (folder / "docs").mkdir()
    return folder


def asset(project: pipeline.Project, rel: str) -> Path | None:
    """A theme file a preview page loads (style sheets, scripts, icons): a file made from content/site.yml (the
    colours' style sheet, the logo, the favicon), else the project's overrides/, the package's theme, then
    Material's own, as MkDocs copies them into the site."""
    import material

    site = loading.site_facts(project.content)
    made = engines.theme.generated_asset(site, project.content, rel, _empty_docs() / "theme") if site else None
    found = made or engines.theme.asset(engines.project_overrides(project.config, root=project.root), rel)
    if found is not None:
        return found
    folder = Path(material.__file__).parent / "templates"
    path = (folder / rel).resolve()
    if folder.resolve() in path.parents and path.is_file() and path.suffix not in (".html", ".py", ".pyc"):
        return path
    return None
