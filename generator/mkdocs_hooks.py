"""MkDocs hooks: point the language switch and the hreflang tags of each page at its twin, and keep
Material's page frame valid HTML.

The generator writes each page's twins into its front matter (`alternates`); Material reads
`config.extra.alternate` for both the language selector and the <link rel="alternate" hreflang> tags,
so this sets it per page. Kept this small on purpose: Zensical, Material's successor, runs no hooks.
"""

import re

# Material's base.html writes autocomplete="off" on its two checkbox toggles (drawer, search), which HTML allows
# only on text-like inputs (the W3C Nu HTML Checker's error). The inputs sit outside any template block of
# base.html, so no partial can override them; they are rewritten here, in the rendered page, instead.
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off">')


def on_page_context(context, page, config, nav):
    alternates = page.meta.get("alternates")
    if alternates:
        config.extra["alternate"] = alternates
    return context


def on_post_page(output, page, config):
    return TOGGLE_AUTOCOMPLETE.sub(r"\1>", output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1>", output_content) if template_name.endswith(".html") else output_content
