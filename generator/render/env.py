"""The Jinja environments of the rendering stage, over the templates beside this module (templates/)."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from .. import untrusted

TEMPLATES = Path(__file__).parent / "templates"


def _environment(kind: str, **options) -> jinja2.Environment:
    """What both environments share: the templates beside this module, no undefined value passing silently, the
    whitespace rules the templates are written for, autoescape, and a compiled-template cache per kind."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern=f"__strategy_site_{kind}_%s.cache"),
        **options,
    )


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One template environment per process for the Markdown pages (templates/*.md.j2). Every value a template
    prints is staff text unless the generator made it as Markup (links, charts, macros, `markdown` regions), so
    every other value is escaped for Markdown and HTML alike (untrusted.text, as `finalize` and as the `e`
    filter): what was typed is what the reader sees, and nothing typed becomes markup. Staff Markdown goes
    through the `markdown` filter, addresses from content through `href`, an interface string with a link
    filled in through `fill`.

    Compiling the templates is most of a small site's generation time, so compiled templates are kept in
    Jinja's per-user cache in the temp folder (checked against the template's source, so an edited template is
    compiled again; the file names say how they were compiled, as the cache does not)."""
    env = _environment("markdown", finalize=untrusted.text)
    env.filters.update(
        e=untrusted.text, escape=untrusted.text, markdown=untrusted.markdown, href=untrusted.href, fill=untrusted.fill
    )
    return env


@functools.lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The environment of the two plain HTML pages (templates/*.html.j2: the bilingual entry page, the redirects
    at old URLs), which no Markdown reads: Jinja's own HTML autoescape."""
    return _environment("html")


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (a front matter's description)."""
    return " ".join(text.split())
