""" "Check the translation" marks: where one language's words changed and another's did not, the other's are
marked (content/translation-checks.yml) until a translator saves or confirms them."""

from __future__ import annotations

import datetime as dt

import yaml

from .. import translations
from ..pipeline import Project
from .files import Item, read_data


def marks(project: Project) -> list[dict]:
    data = read_data(project.content / translations.MARKS_FILE)
    if not isinstance(data, list):
        return []
    return [dict(entry, since=str(entry.get("since"))) for entry in data if isinstance(entry, dict)]


def marks_text(entries: list[dict]) -> str | None:
    """The marks file for these entries (None: no marks left, the file goes)."""
    if not entries:
        return None
    order = ("lang", "file", "item", "field", "changed_in", "since")
    rows = sorted(
        ({k: e[k] for k in order} | {"since": dt.date.fromisoformat(str(e["since"]))} for e in entries),
        key=lambda e: tuple(e[k] for k in order[:4]),
    )
    return translations.HEADER + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)


def marked(project: Project, it: Item) -> set[tuple[str, str]]:
    """(lang, field) of the item's words marked "check the translation"."""
    return {(e["lang"], e["field"]) for e in marks(project) if e.get("file") == it.file and e.get("item") == it.id}


def remark(
    entries: list[dict],
    file: str,
    item_id: str,
    changed: set[tuple[str, str]],
    confirmed: set[tuple[str, str]],
    langs: list[str],
    today: dt.date,
) -> list[dict]:
    """The marks after a save: words saved or confirmed lose their mark; where one language's words changed
    and another's did not, the other's are marked, unless the change answered a mark (a translation brought
    up to date is not a new text to translate back)."""
    cleared = changed | confirmed
    answered = {(e["lang"], e["field"]) for e in entries if e["file"] == file and e["item"] == item_id}
    keep = [
        e for e in entries if not (e["file"] == file and e["item"] == item_id and (e["lang"], e["field"]) in cleared)
    ]
    have = {(e["file"], e["item"], e["lang"], e["field"]) for e in keep}
    for lang, name in sorted(changed - answered):
        for other in langs:
            if other != lang and (other, name) not in changed and (file, item_id, other, name) not in have:
                keep.append(
                    {
                        "lang": other,
                        "file": file,
                        "item": item_id,
                        "field": name,
                        "changed_in": lang,
                        "since": today.isoformat(),
                    }
                )
                have.add((file, item_id, other, name))
    return keep
