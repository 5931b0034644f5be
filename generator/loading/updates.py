"""Updates (news items): facts in content/updates/<id>.yml, words in content/<lang>/updates/<id>.md. A draft
is neither published nor checked beyond its facts; a published update has its text in every language."""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .. import models as m
from ..contents import LANGUAGE_NAMES, Prose, Update
from ..readers import read_markdown, read_yaml
from .places import locate, suggest, validate
from .source import Source

_ID = TypeAdapter(m.Id)


def is_id(text: str) -> bool:
    """Whether `text` is an id as the model defines one (models.Id): an update's id is its file's name."""
    try:
        _ID.validate_python(text)
    except ValidationError:
        return False
    return True


def load_updates(src: Source, languages: list[str], goal_ids: list[str], metric_ids: list[str]) -> list[Update]:
    """Every published update, newest first; drafts are skipped."""
    folder = src.path("updates")
    ids = sorted(p.stem for p in folder.glob("*.yml")) if folder.exists() else []
    word_files = {lang: {p.stem: p for p in sorted(src.path(lang, "updates").glob("*.md"))} for lang in languages}
    for lang in languages:
        for stem, path in word_files[lang].items():
            if stem not in ids:
                src.errors.add(
                    path,
                    1,
                    "missing-facts",
                    f"the update '{stem}' has no facts file",
                    f"create content/updates/{stem}.yml (date, goals, metrics), e.g. with 'strategy-site new-update'",
                )
    updates = []
    for id_ in ids:
        update = load_update(src, id_, {lang: word_files[lang].get(id_) for lang in languages}, goal_ids, metric_ids)
        if update is not None:
            updates.append(update)
    return sorted(updates, key=lambda u: (u.facts.date, u.id), reverse=True)


def load_update(
    src: Source, id_: str, texts: dict[str, Path | None], goal_ids: list[str], metric_ids: list[str]
) -> Update | None:
    """One update with its text in each language (`texts`: each language's .md file, None where there is
    none), or None after adding its errors, and for a draft."""
    path = src.path("updates", f"{id_}.yml")
    if not is_id(id_):
        src.errors.add(
            path,
            None,
            "bad-id",
            f"the file name '{id_}' is not a valid update id",
            "use lowercase a–z, digits and hyphens, e.g. 2026-11-27-new-figures.yml",
        )
        return None
    raw = read_yaml(path, src.errors)
    src.raw[path] = raw
    facts = validate(m.UpdateFacts, raw, path, src.errors)
    if facts is None:
        return None
    for kind, known in (("goals", goal_ids), ("metrics", metric_ids)):
        for j, ref in enumerate(getattr(facts, kind)):
            if ref not in known:
                src.errors.add(
                    path, locate(raw, (kind, j)), "unknown-id", f"{kind}: unknown id '{ref}'", suggest(ref, known)
                )
    if facts.draft:
        return None  # a draft is neither published nor checked: it may lack its text and its twin
    words = {}
    for lang, md_path in texts.items():
        if md_path is None:
            src.errors.add(
                path,
                None,
                "missing-twin",
                f"the update has no {LANGUAGE_NAMES.get(lang, lang)} text",
                f"create content/{lang}/updates/{id_}.md, or mark the update 'draft: true'",
            )
            continue
        md = read_markdown(md_path, src.errors)
        meta = validate(m.UpdateWords, md.meta, md_path, src.errors) if md else None
        if meta is None:
            continue
        if not md.body.strip():
            src.errors.add(
                md_path,
                md.body_line,
                "empty-body",
                "the update has no text",
                "write the update below the front matter, or mark it 'draft: true'",
            )
        words[lang] = Prose(meta, md.body.strip() + "\n")
    return Update(id_, facts, words) if len(words) == len(texts) else None
