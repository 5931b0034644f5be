"""The mends every built page gets, whichever engine rendered it."""

from __future__ import annotations

import re

from .. import untrusted

# Material's and Zensical's base.html write autocomplete="off" on their two checkbox toggles (drawer, search),
# which HTML allows only on text-like inputs (the W3C Nu HTML Checker's error). The inputs sit outside any
# template block, so no override can change them; every built page is mended here instead, for both engines.
TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">'
)


def finish_page(html: str) -> str:
    """A rendered page as the site publishes it (see TOGGLE_AUTOCOMPLETE), its staff Markdown cleaned
    (untrusted.clean_html: Zensical's pages are cleaned here; MkDocs' were cleaned before the search index
    read them, GeneratedDocs.on_page_content, and have no regions left)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1>", untrusted.clean_html(html))
