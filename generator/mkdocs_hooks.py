"""MkDocs hook: point the language switch and the hreflang tags of each page at its twin.

The generator writes each page's twins into its front matter (`alternates`); Material reads
`config.extra.alternate` for both the language selector and the <link rel="alternate" hreflang> tags,
so this sets it per page. Kept this small on purpose: Zensical, Material's successor, runs no hooks.
"""


def on_page_context(context, page, config, nav):
    alternates = page.meta.get("alternates")
    if alternates:
        config.extra["alternate"] = alternates
    return context
