""" "Check the translation" marks: words of one language to compare with the other's, because the other
language's words of the same item changed. The marks live in content/translation-checks.yml, so they travel
with the repository; the editor writes them, and `strategy-site check` reports each one as a warning.

An item and its field are named by the keys that lead to a value in the words file, joined by dots:
item 'themes.vitality', field 'name' is `themes: vitality: name:` in content/<lang>/strategy.yml; the item
'general' holds a file's top-level words. A page (pages/<id>.md) is one item with the fields title,
description and body.
"""

from __future__ import annotations

MARKS_FILE = "translation-checks.yml"
GENERAL = "general"
HEADER = (
    '# "Check the translation" marks, written by the editor (strategy-site edit): the words of `lang` in `file`\n'
    "# to compare with `changed_in`'s, which changed on `since`. Saving or confirming the words in the editor\n"
    "# removes the entry; so may deleting it by hand once the translation is checked.\n"
)


def field_path(item: str, field: str) -> tuple[str, ...]:
    """The keys that lead to a field's value in its words file."""
    return (() if item == GENERAL else tuple(item.split("."))) + tuple(field.split("."))


def lookup(data, keys: tuple[str, ...]):
    """The value at `keys` in data read from YAML, or None when the path does not lead to a text."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data if isinstance(data, str) else None
