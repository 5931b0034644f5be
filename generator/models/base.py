"""What every content file's model shares: the base model, the id and slug types, the languages, and the
fixed pages' ids, so the facts, the words and the translation checks all judge them alike."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    Field(description="A stable identifier: lowercase letters, digits and hyphens."),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    Field(description="The last part of the page's URL: lowercase a–z, digits and hyphens (ä→a, ö→o, å→a)."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Phrase = Annotated[
    str, StringConstraints(pattern=r"\S"), Field(description="A string shown as written, spaces included.")
]

LANGUAGES = ("fi", "sv")
Lang = Literal["fi", "sv"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldError(ValueError):
    """A model validator's mistake in one field: pydantic places a model validator's error at the model itself,
    so it says which field it is about (`field`, a name or a dotted path inside the model), and the loader puts
    the error at that field's line and names it (loading/places.validate); `hint` says what to do there."""

    def __init__(self, field: str, message: str, hint: str = ""):
        super().__init__(message)
        self.field = tuple(field.split("."))
        self.hint = hint


FIXED_SLUGS = ("framework", "themes", "goals", "implementation", "metrics", "snapshots", "glossary", "updates", "print")
