"""Stage 2, loading: bytes in content/ → one validated `Content` (contents.py), or every error with its place.

Split by content kind, so that the editor and `strategy-site import-round` check one item with the code the
build uses: `source` (the files as read), `places` (model validation with lines), `strategy` (the facts'
references), `words` (each language's words), `rows` (snapshot files and rows), `updates`, `slugs` (the URL
plan's collisions) and `loader`, which reads everything in order and then checks the files against each other.
"""

from .loader import load
from .places import HINTS, locate, suggest, validate, validate_list
from .rows import MINUS, SEPARATORS, check_rows, parse_number, plain_number
from .source import site_languages, symlinks
from .theme import site_facts
from .updates import is_id

__all__ = [
    "load",
    "HINTS",
    "locate",
    "suggest",
    "validate",
    "validate_list",
    "check_rows",
    "parse_number",
    "plain_number",
    "MINUS",
    "SEPARATORS",
    "site_languages",
    "site_facts",
    "symlinks",
    "is_id",
]
