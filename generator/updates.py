"""Creating an update: both language files and the facts file, front matter filled in, ready to write."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from .contents import Content


def slugify(text: str) -> str:
    """A URL slug from a title: 'Väkiluku kasvoi' -> 'vakiluku-kasvoi' (ä→a, ö→o, å→a)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")


class UpdateError(Exception):
    """A mistake in the new-update command's arguments; the CLI prints it as 'Error: …'."""


def new_update(content_dir: Path, content: Content, titles: dict[str, str], goals: list[str], metrics: list[str],
               date: dt.date) -> list[Path]:
    """Write content/updates/<id>.yml (as a draft) and content/<lang>/updates/<id>.md for every language."""
    goal_ids = [g for t in content.strategy.themes for g in t.goals]
    metric_ids = [m.id for m in content.metrics]
    for kind, given, known in (("goal", goals, goal_ids), ("metric", metrics, metric_ids)):
        for ref in given:
            if ref not in known:
                raise UpdateError(f"unknown {kind} '{ref}' – known {kind}s: {', '.join(known)}")
    missing = [lang for lang in content.languages if not titles.get(lang, "").strip()]
    if missing:
        raise UpdateError(f"give the title in every language: missing {', '.join(missing)} (--title-{missing[0]})")
    first = content.languages[0]
    update_id = f"{date.isoformat()}-{slugify(titles[first])}"
    facts_path = content_dir / "updates" / f"{update_id}.yml"
    paths = [facts_path] + [content_dir / lang / "updates" / f"{update_id}.md" for lang in content.languages]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise UpdateError(f"{existing[0]} exists already – choose another title or date")
    facts = {"date": date.isoformat(), "goals": goals, "metrics": metrics, "draft": True}
    facts_path.parent.mkdir(parents=True, exist_ok=True)
    facts_path.write_text(facts_text(facts), encoding="utf-8")
    for lang in content.languages:
        path = content_dir / lang / "updates" / f"{update_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"slug": f"{date.isoformat()}-{slugify(titles[lang])}", "title": titles[lang].strip(), "summary": ""}
        path.write_text(words_text(meta, ""), encoding="utf-8")
    return paths


def facts_text(facts: dict) -> str:
    """A new update's facts file (the editor writes new updates with this too)."""
    return ("# Facts of the update. Set draft: false to publish it, once both language files are written.\n"
            + yaml.safe_dump(facts, allow_unicode=True, sort_keys=False))


def words_text(meta: dict, body: str) -> str:
    """A new update's (or page's) language file: front matter, a blank line, the text."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096) + "---\n\n" + (
        body.strip() + "\n" if body.strip() else "")
