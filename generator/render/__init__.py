"""Stage 3, rendering: validated Content and the metrics' series → one language's docs files (path → text).

Pages are placed by the URL plan (generator/urls.py, `content.urls`); markup lives in templates/, and these
modules compute what it shows, in this order: `strings` (ui.yml's words and the formatter, once per language),
`views` (themes, goals, metrics, updates in one language), `texts` (a metric's values, status, target, chart),
`pages` (the page list, front matter, rendering), `feed`, `redirects` (and the bilingual root page),
`navigation` (the engine's nav and footer links), `env` (the Jinja environments); `language.generate_language`
puts one language together. A template gets the language's views (`views`), the helpers of `texts` and `pages` by
name, its page's own context, and for the facts no view holds yet (the strategy's lists, the rounds' dates, the
glossary) the content itself.
"""

from __future__ import annotations

from .env import environment
from .feed import feed_title
from .language import generate_language
from .navigation import footer_links, navigation
from .pages import LanguageSite
from .redirects import root_page
from .strings import Interface, MissingString, interface, missing_string_error, theme_strings
from .texts import status_name

__all__ = [
    "Interface",
    "LanguageSite",
    "MissingString",
    "environment",
    "feed_title",
    "footer_links",
    "generate_language",
    "interface",
    "missing_string_error",
    "navigation",
    "root_page",
    "status_name",
    "theme_strings",
]
