"""What staff type, made safe to publish: every text field and Markdown body of content/ is staff text.

Staff text reaches the public site in three ways, and each has one function here:

- **Plain text** (titles, names, summaries, slogans, terms, interface strings …) goes into the generated
  Markdown through the generator's Jinja environment, which passes every value through `text` (its `finalize`,
  and its `e` filter): the value shows as typed, whatever Markdown or HTML it looks like.
- **Markdown** (update bodies, prose pages, the Markdown fields of the accessibility statement) is rendered
  by the site engine as Markdown, so headings get their ids and the table of contents, links are checked and
  tables are tables; `markdown` wraps it in marker comments, and `clean_html` then cleans the rendered HTML
  between the markers with nh3 (Rust's ammonia, a well-kept HTML sanitizer), keeping what the content uses.
  It runs where each engine hands over a rendered page: MkDocs' `on_page_content` (engines.GeneratedDocs,
  before the search plugin indexes the page; the editor's preview runs the same plugin) and, for Zensical,
  over every page it wrote (engines.finish_page); Zensical's table of contents is cleaned by this module's
  Python-Markdown extension (`makeExtension`).
- **Titles and descriptions the theme prints** (<title>, nav, meta description, og:, the language switch,
  the site's name): both engines' templates print them without escaping (MkDocs' theme environment and
  Zensical's MiniJinja have no autoescape), so the build gives them escaped once with `html`
  (engines.site_config for the configuration's words, `theme_meta` for a page's front matter).

Addresses staff type (a statistic's page, the authority's page) go through `href`.
"""

from __future__ import annotations

import functools
import re
import string
from urllib.parse import quote

from markupsafe import Markup, escape

# ------------------------------------------------------------------------------------------------ plain text

# Each character that HTML or Markdown (with the site's extensions: tables, attr_list, md_in_html, admonition,
# def_list) reads as markup, as a numeric character reference. A reference is the same character to a browser,
# and Python-Markdown passes it through as text everywhere: in a paragraph, a heading, a link's text, a table
# cell, an admonition's title and inside raw HTML blocks, where a backslash escape would show as a backslash.
# So one escape is right in every place a template puts a value, and no choice of escape per place can go wrong.
# & < > " for HTML (and attributes); \ ` * _ [ ] { } | for Markdown: escapes, code, emphasis, links and images,
# attr_list's {: onclick=…} and table cells.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
}
_MARKUP = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
# What makes a block when it starts a line (a heading, a list item, a quotation, a rule, an admonition, a
# definition, an ordered list's "1."): a value a template puts at the start of a line must not start one.
_LINE_START = re.compile(r"^( ?)(?:([#+\-=:!~])|(\d+)\.)")
# A line break inside a value would let the next line start a block (or an indented code block); in HTML a
# run of spaces and line breaks shows as one space, so that is what it becomes. (No-break spaces stay.)
_SPACES = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")


def _escape(value: str, start: bool = True) -> str:
    if "  " in value or not value.isprintable():  # (a line break or a tab is not printable)
        value = _SPACES.sub(" ", value)
    if _MARKUP.search(value):  # (most values have none: a search is much faster than a replacement)
        value = _MARKUP.sub(lambda m: _ENTITIES[m[0]], value)
    if start and value and (value[0] in "#+-=:!~ " or value[0].isdigit()):
        value = _LINE_START.sub(lambda m: m[1] + (f"&#{ord(m[2])};" if m[2] else m[3] + "&#46;"), value, count=1)
    return value


# Markup of a string known to be safe, without Markup's own checks: `text` runs for every value of every page.
_safe = functools.partial(str.__new__, Markup)


def text(value) -> Markup:
    """A plain text value for a generated Markdown page: the reader sees exactly the text (HTML and Markdown
    syntax in it shown as written, line breaks as spaces). Markup (what the generator made: links, charts,
    macros' output, `markdown` regions) is passed through unchanged, and so is a number. The generator's Jinja
    `finalize`."""
    if type(value) is str:
        return _safe(_escape(value))
    if type(value) is Markup:
        return value
    if hasattr(value, "__html__"):
        return Markup(value)
    if isinstance(value, (int, float)):
        return _safe(str(value))
    return _safe(_escape(str(value)))


def inline(value) -> Markup:
    """`text` for a value that templates put only inside a line, never at its start (the generator's dates and
    figures, '30. huhtikuuta 2020'): escaped the same, except for the line-start rule, which would write
    '30&#46; huhtikuuta' in the Markdown for nothing."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return _safe(_escape(str(value), start=False))


def fill(template: str, **values) -> Markup:
    """`template.format(**values)` for a plain text template (an interface string) whose values may be Markup
    the generator made (a link): the template's own text and every plain value are escaped as `text`."""
    out = []
    for n, (literal, name, spec, conversion) in enumerate(string.Formatter().parse(str(template))):
        out.append(_escape(literal, start=n == 0))
        if name is not None:
            value = values[name]
            if hasattr(value, "__html__") and not spec and not conversion:
                out.append(str(value))
            else:
                value = repr(value) if conversion == "r" else str(value) if conversion == "s" else value
                out.append(_escape(format(value, spec or ""), start=n == 0 and not literal))
    return Markup("".join(out))


def html(value) -> Markup:
    """A value for a theme's template, which prints it as it is into HTML: escaped once (& < > " '), as Markup,
    which Jinja's `e` leaves alone; already-escaped Markup is not escaped again."""
    return escape(value)


def theme_meta(meta: dict) -> dict:
    """A generated page's front matter fields that the theme prints (the title in <title>, the header and the
    search index, the description in the meta description, og: and twitter: tags, the names of the languages in
    the switch), escaped once with `html`; the others as they are."""
    out = {key: html(meta[key]) for key in ("title", "description", "html_title") if isinstance(meta.get(key), str)}
    if isinstance(meta.get("alternates"), list):
        out["alternates"] = [alt | {"name": html(alt["name"])} for alt in meta["alternates"]]
    return out


# A staff-typed address may hold anything after https://host/ (models/ checks only the start): quotation
# marks that would end an attribute, ")" or a space that would end a Markdown link and start Markdown of its
# own. Those characters are percent-encoded (the same address to a web server); what stays is the URL syntax.
_URL_SAFE = "/:?#@!$&'+,;=%~.-"


def href(value) -> Markup:
    """An address from content for a Markdown link's target or an HTML attribute: every character that could
    end either (quotation marks, spaces, brackets, parentheses, <, >, backslashes, backticks) percent-encoded,
    & as &amp;."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(quote(str(value), safe=_URL_SAFE).replace("&", "&amp;"))


# ---------------------------------------------------------------------------------------------- Markdown

START = "<!-- untrusted -->"
END = "<!-- /untrusted -->"
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_FOLLOWS = re.compile(r"\n\n(?=\S)")


def markdown(value) -> Markup:
    """Staff Markdown for a generated page, to be rendered by the site engine and cleaned by `clean_html`: as
    blocks of its own between the START and END markers. Staff text cannot forge a marker: its HTML comments
    are removed (the cleaner would remove them anyway) and then every remaining `<!--` is written as text, so
    no comment at all can come out of it."""
    body = _COMMENT.sub("", str(value)).replace("<!--", "&lt;!--")
    return Markup(f"\n\n{START}\n\n{body}\n\n{END}\n\n")


# What the content's Markdown makes (Python-Markdown with mkdocs.yml's extensions and generator/markdown_tables.py),
# and nothing else: no script, style, frame, form, object, SVG or event attribute survives.
TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "div",
    "span",
    "sup",
    "sub",
}
ATTRIBUTES = {
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "table": {"data-stack"},
    "td": {"data-label"},  # generator/markdown_tables.py: tables as cards on a phone
}
# Admonitions (`!!! note "Title"`), the only classes Markdown gives: Python-Markdown's types as Material styles them.
ADMONITIONS = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
CLASSES = {"div": {"admonition"} | ADMONITIONS, "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative addresses (nh3 passes those through)
# An id the theme's own elements do not use: Material's start with "__" (__config, __drawer, __search …), and a
# heading of that name (its id comes from its text) would shadow them in the page's scripts (DOM clobbering).
_SAFE_ID = re.compile(r"[^\W_][\w-]*")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and not _SAFE_ID.fullmatch(value):
        return None
    return value


@functools.cache
def _cleaner():
    import nh3

    # link_rel=None: the site's links carry no rel (nh3 would add "noopener noreferrer" to every staff link).
    return nh3.Cleaner(
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute,
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )


# A heading's text as a table of contents shows it: inline emphasis and code, nothing else (no link, no image).
INLINE_TAGS = {"code", "em", "strong", "b", "i", "sup", "sub"}


@functools.cache
def _inline_cleaner():
    import nh3

    return nh3.Cleaner(
        tags=INLINE_TAGS, attributes={}, link_rel=None, strip_comments=True, clean_content_tags={"script", "style"}
    )


def clean_inline(fragment: str) -> str:
    """A heading's inner HTML with only INLINE_TAGS, no attributes (the table of contents' entries)."""
    return _inline_cleaner().clean(fragment)


def clean_fragment(fragment: str) -> str:
    """Rendered staff Markdown with only TAGS, ATTRIBUTES, CLASSES and URL_SCHEMES left."""
    return _cleaner().clean(fragment)


def clean_html(page: str) -> str:
    """A rendered page (or a page's content) with each region between START and END cleaned and the markers
    removed. A region whose END is missing (the Markdown swallowed it) is cleaned to the end of `page`: it
    fails closed. Text outside the regions (the generator's own, escaped by `text`) is left as it is."""
    if START not in page:
        return page
    out, at = [], 0
    while (begin := page.find(START, at)) != -1:
        out.append(page[at:begin])
        begin += len(START)
        end = page.find(END, begin)
        if end == -1:
            out.append(clean_fragment(page[begin:]))
            return "".join(out)
        # The markers' own line breaks go with them (Python-Markdown writes "START\n\n", "\nEND" and, when a
        # block follows, "\n\n" before it, one more than between two blocks): the page is byte for byte what
        # it was without markers.
        out.append(clean_fragment(page[begin:end].strip("\n")))
        at = end + len(END)
        at += bool(_BLOCK_FOLLOWS.match(page, at))
    out.append(page[at:].replace(END, ""))
    return "".join(out)


def _tokens(tokens: list[dict]):
    for token in tokens:
        yield token
        yield from _tokens(token.get("children") or [])


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    """The Python-Markdown extension `generator.untrusted`, for Zensical (engines.zensical_config adds it): its
    table of contents shows each heading's inner HTML or its attr_list `data-toc-label` as they are, outside the
    regions clean_html cleans, so a staff heading's `<b onclick=…>` would be live there (and in its search
    index). It cleans the table of contents' entries with clean_inline, after the toc extension made them.
    (MkDocs' Material shows a heading's text without its tags, from the same entries: safe as it is.)"""
    from markdown import Extension
    from markdown.treeprocessors import Treeprocessor

    class CleanTableOfContents(Treeprocessor):
        def run(self, root):
            for token in _tokens(getattr(self.md, "toc_tokens", [])):
                token["html"] = clean_inline(token.get("html", ""))
                if token.get("data-toc-label"):
                    token["data-toc-label"] = clean_inline(token["data-toc-label"])

    class UntrustedExtension(Extension):
        def extendMarkdown(self, md):
            md.treeprocessors.register(CleanTableOfContents(md), "untrusted_toc", 4)  # after toc's (5)

    return UntrustedExtension(**kwargs)
