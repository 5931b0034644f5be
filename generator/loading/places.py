"""Model validation with places: each problem pydantic finds becomes an error at the line of the value it is
about, with a hint in words a content editor knows. The editor's form fields and the build share these."""

from __future__ import annotations

import difflib
import string
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ErrorList
from ..models.base import FieldError
from ..readers import LDict, LList

M = TypeVar("M", bound=BaseModel)


def locate(raw: Any, loc: tuple) -> int | None:
    """The line of the value at `loc` in data read by readers.py, or of its nearest parent."""
    line = getattr(raw, "line", None)
    node = raw
    for key in loc:
        if isinstance(node, LDict) and key in node:
            line, node = node.lines[key], node[key]
        elif isinstance(node, LList) and isinstance(key, int) and key < len(node):
            line, node = node.lines[key], node[key]
        else:
            break
    return line


HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it or correct its spelling",
    "string_pattern_mismatch": "use lowercase letters a–z, digits and hyphens only",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "float_parsing": "write a number with a decimal point, e.g. 7.8",
    "float_type": "write a number with a decimal point, e.g. 7.8",
    "int_parsing": "write a whole number",
    "literal_error": "use one of the allowed values",
    "string_too_short": "write the text",
    "string_type": "write text here",
    "list_type": "write a list: [a, b] or lines starting with '- '",
    "dict_type": "write the fields under this key, indented",
    "model_type": "write the fields under this key, indented",
    "value_error": "correct the value",
    "colour_format": 'write the colour in quotes as # and six hex digits, e.g. "#0b4f82"',
    "data_package_name": "use only lowercase letters a–z, digits and '-', '.' or '_', e.g. strategia.example.fi",
}


def validate(
    model: type[M], raw: Any, path: Path, errors: ErrorList, loc: tuple = (), line: int | None = None
) -> M | None:
    """Validate raw data with a model; each problem becomes an error at its line."""
    if raw is None and errors.errors and errors.errors[-1].file == errors.rel(path):
        return None  # the file could not be read or parsed: that error says it all
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            # A model validator's error is placed at its model; one that names its field (FieldError) is put
            # at that field's line, under its name.
            cause = (err.get("ctx") or {}).get("error")
            inner = tuple(err["loc"]) + (cause.field if isinstance(cause, FieldError) else ())
            where = loc + inner
            field_name = ".".join(str(p) for p in where)
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "required field is missing"
            hint = (cause.hint if isinstance(cause, FieldError) else "") or HINTS.get(err["type"], "correct the value")
            if err["type"] == "string_pattern_mismatch" and where and str(where[-1]).endswith("url"):
                message = "not the address of a page"
                hint = "write the https address of the page, table or document itself, not a site's home page"
            message = f"{field_name}: {message}" if field_name else message
            errors.add(path, locate(raw, inner) or line, err["type"].replace("_", "-"), message, hint)
    return None


def is_list(raw: Any, path: Path, errors: ErrorList) -> bool:
    """Whether a file that must be a list of entries is one; when not, that is an error at its first line."""
    if not isinstance(raw, list):
        errors.add(
            path,
            getattr(raw, "line", 1),
            "list-type",
            "the file must be a list of entries",
            "start each entry with '- '",
        )
    return isinstance(raw, list)


def validate_list(model: type[M], raw: Any, path: Path, errors: ErrorList) -> list[M]:
    """Validate a YAML list of entries one by one, so one bad entry does not hide the others."""
    if not is_list(raw, path, errors):
        return []
    items = []
    for index, item in enumerate(raw):
        name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"entry {index + 1}"
        got = validate(model, item, path, errors, (name,), raw.lines[index] if isinstance(raw, LList) else None)
        if got is not None:
            items.append(got)
    return items


def raw_ids(raw: Any) -> list[str]:
    """The ids of a YAML list of entries, valid or not, so one bad entry does not make its words 'unknown'."""
    if not isinstance(raw, list):
        return []
    return [item["id"] for item in raw if isinstance(item, dict) and isinstance(item.get("id"), str)]


def suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known ids: {', '.join(sorted(known)[:12])}"


def leaves(raw: Any, loc: tuple = ()) -> list[tuple[tuple, int | None, str]]:
    """Every text of a words file read from YAML: (its key path, its line, the text)."""
    found = []
    if isinstance(raw, LDict):
        for key, value in raw.items():
            if isinstance(value, str):
                found.append((loc + (key,), raw.lines.get(key), value))
            else:
                found += leaves(value, loc + (key,))
    elif isinstance(raw, LList):
        for index, value in enumerate(raw):
            if isinstance(value, str):
                found.append((loc + (index,), raw.lines[index], value))
            else:
                found += leaves(value, loc + (index,))
    return found


def placeholders(text: str) -> set[str] | None:
    """The names a `str.format` template fills in (`{date}` → date), None where it cannot be one (a lone brace).
    Only names (identifiers) count: braces around anything else (`{: .class }`, `{}`) are not the site's
    placeholders, so a text that merely has braces is not taken for one the site fills in."""
    try:
        names = {
            name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name is not None
        }
    except ValueError:
        return None
    return {n for n in names if n.isidentifier()}
