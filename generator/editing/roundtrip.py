"""The text of the files the editor writes: YAML changed by ruamel.yaml's round trip, so comments, key order and
layout stay and `git diff` shows only the changed value; Markdown front matter changed the same way; and the
text of new files (an update's facts and words, as `strategy-site new-update` writes them too)."""

from __future__ import annotations

import io
import re
from typing import Any

import yaml

from ..readers import split_front_matter

FOLD_AT = 110  # a long text is written as a folded block of lines this long, as the shipped files are


def _yaml():
    from ruamel.yaml import YAML

    rt = YAML()
    rt.width = 4096  # never re-wrap a line that was not changed
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=2, offset=0)
    return rt


def _styled(value: Any, old: Any):
    """The new value in the style of the old one. A text: a folded block stays a folded block (wrapped at
    FOLD_AT), a quoted string stays quoted; a long new text becomes a folded block, one with line breaks a
    literal one. A list is written in flow style where the file had it so, and an empty one as `[]` (as
    new-update writes it). Anything else as it is."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(value, list):
        seq = CommentedSeq(value)
        if (isinstance(old, CommentedSeq) and old.fa.flow_style()) or not value:
            seq.fa.set_flow_style()
        return seq
    if not isinstance(value, str):
        return value
    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, FoldedScalarString) or (len(value) > FOLD_AT and not isinstance(old, LiteralScalarString)):
        folded = FoldedScalarString(value)
        folded.fold_pos = _folds(value)
        return folded
    if isinstance(old, str) and type(old) is not str and not isinstance(old, LiteralScalarString):
        return type(old)(value)  # single- or double-quoted
    return value


def _folds(value: str) -> list[int]:
    """Where a folded block breaks its lines: at the last space before a line would pass FOLD_AT."""
    folds, start, last = [], 0, None
    spaces = [
        m.start()
        for m in re.finditer(" ", value)
        if value[m.start() + 1 : m.start() + 2] not in (" ", "") and value[m.start() - 1 : m.start()] != " "
    ]
    for at in spaces + [len(value)]:
        if at - start > FOLD_AT and last is not None and last > start:
            folds.append(last)
            start = last + 1
        last = at
    return folds


def round_trip(text: str, changes: dict[tuple[str, ...], Any]) -> str:
    """The YAML text with the values at the given key paths replaced (missing mappings on the way made), each
    in the style of the value it replaces (`_styled`); comments, order and layout as they were."""
    from ruamel.yaml.comments import CommentedMap

    rt = _yaml()
    data = rt.load(text)
    for keys, value in changes.items():
        node = data
        for key in keys[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = CommentedMap()
            node = node[key]
        node[keys[-1]] = _styled(value, node.get(keys[-1]))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def set_yaml_values(text: str, changes: dict[tuple[str, ...], str]) -> str:
    """The YAML text with the values at the given key paths replaced, everything else as it was. Only the
    top-level block that holds a change goes through the round trip (a large words file has a thousand of them:
    the whole file would take a second); a block is the lines from its key at the start of a line to the next."""
    by_block: dict[str, dict[tuple[str, ...], str]] = {}
    for keys, value in changes.items():
        by_block.setdefault(keys[0], {})[keys] = value
    for key, block_changes in by_block.items():
        found = re.search(rf"^{re.escape(key)}:.*(?:\n(?:[ #].*|)$)*\n?", text, re.MULTILINE)
        if found is None or not re.fullmatch(r"[A-Za-z0-9_-]+", key):
            return round_trip(text, changes)  # a new top-level key, or one written unusually: the whole file
        block = found.group(0)
        tail = block[len(block.rstrip("\n")) :]  # blank lines after the block stay where they are
        changed = round_trip(block.rstrip("\n") + "\n", block_changes).rstrip("\n")
        text = text[: found.start()] + changed + tail + text[found.end() :]
    return text


def markdown_text(text: str | None, meta: dict[str, str], body: str) -> str:
    """A Markdown file with front matter: the front matter's fields replaced by round trip (or written anew as
    `words_text` writes them), the body as given."""
    split = split_front_matter(text) if text is not None else None
    if split is None:
        return words_text(meta, body)
    front = set_yaml_values(split.front, {(k,): v for k, v in meta.items()})
    return "---\n" + front + "---\n\n" + (body.strip() + "\n" if body.strip() else "")


def facts_text(facts: dict) -> str:
    """A new update's facts file, as `strategy-site new-update` and the editor write it."""
    return (
        "# Facts of the update. Set draft: false to publish it, once both language files are written.\n"
        + yaml.safe_dump(facts, allow_unicode=True, sort_keys=False)
    )


def words_text(meta: dict, body: str) -> str:
    """A new update's (or page's) language file: front matter, a blank line, the text."""
    return (
        "---\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096)
        + "---\n\n"
        + (body.strip() + "\n" if body.strip() else "")
    )


def facts_round_trip(text: str, facts: dict) -> str:
    """An update's facts file with its top-level values replaced, its comments kept."""
    return round_trip(text, {(key,): value for key, value in facts.items()})
