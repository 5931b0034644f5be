"""The translation checks file (content/translation-checks.yml): which words to compare with the other
language's, written by the editor."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import Lang, Model


class TranslationCheck(Model):
    """One entry of content/translation-checks.yml: words of one language to check against the other's, because
    the other language's words of the same item changed (the editor writes these; `strategy-site check` warns)."""

    lang: Lang = Field(description="The language whose words are to be checked.")
    file: str = Field(
        pattern=r"^(strategy|metrics|sources|glossary|accessibility|ui)\.yml$|^pages/[a-z0-9]+(-[a-z0-9]+)*\.md$",
        description="The words file under content/<lang>/, e.g. metrics.yml or pages/about.md.",
    )
    item: str = Field(
        pattern=r"^[a-z0-9_.-]+$",
        description=(
            "The item in the file: its keys joined by dots, e.g. population or themes.vitality; 'general' for a "
            "file's top-level words."
        ),
    )
    field: str = Field(
        pattern=r"^[a-z0-9_.-]+$",
        description="The field of the item, e.g. name; a page's fields are title, description and body.",
    )
    changed_in: Lang = Field(description="The language whose words changed.")
    since: dt.date = Field(description="When they changed.")
