"""Updates (news of the strategy's progress) as the editor and `strategy-site new-update` make them: the facts
file content/updates/<id>.yml and each language's content/<lang>/updates/<id>.md, read into a form, saved as a
draft, published, unpublished or deleted. Every save is validated by the build's loader first (staging.py)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import loading
from ..contents import Content
from ..errors import ContentError, ContentErrors, ErrorList
from ..pipeline import Project
from ..readers import read_markdown
from .files import clean, languages, read_mapping, version
from .roundtrip import facts_round_trip, facts_text, markdown_text, words_text
from .staging import LOCK, EditError, FieldError, Result, validate, write

UPDATE_FIELDS = ("slug", "title", "summary", "body")


class UpdateError(Exception):
    """A mistake in the new-update command's arguments; the CLI prints it as 'Error: …'."""


def slugify(text: str) -> str:
    """A URL slug from a title: 'Väkiluku kasvoi' -> 'vakiluku-kasvoi' (ä→a, ö→o, å→a)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")


@dataclass
class UpdateForm:
    """An update as the editor shows it: the facts, and the words of every language."""

    id: str | None
    date: str
    goals: list[str]
    metrics: list[str]
    draft: bool
    words: dict[str, dict[str, str]]  # lang -> slug, title, summary, body

    @property
    def published(self) -> bool:
        return self.id is not None and not self.draft


def update_files(project: Project, update_id: str, langs: list[str]) -> dict[str, Path]:
    if not loading.is_id(update_id):  # its files' name: an id as the content model has it (models.Id)
        raise EditError(f"'{update_id}' is not an update id")
    return {"facts": project.content / "updates" / f"{update_id}.yml"} | {
        lang: project.content / lang / "updates" / f"{update_id}.md" for lang in langs
    }


def list_updates(project: Project) -> list[UpdateForm]:
    """Every update once (a facts file and its language files), newest first, drafts included."""
    found = []
    for path in sorted((project.content / "updates").glob("*.yml")):
        try:
            found.append(read_update(project, path.stem))
        except (EditError, ContentErrors):
            continue
    return sorted(found, key=lambda u: (u.date, u.id or ""), reverse=True)


def read_update(project: Project, update_id: str) -> UpdateForm:
    langs = languages(project)
    paths = update_files(project, update_id, langs)
    if not paths["facts"].is_file():
        raise EditError(f"no update '{update_id}'")
    facts = read_mapping(paths["facts"])
    words = {}
    for lang in langs:
        md = read_markdown(paths[lang], ErrorList(project.root)) if paths[lang].is_file() else None
        meta = md.meta if md and isinstance(md.meta, dict) else {}
        words[lang] = {k: str(meta.get(k) or "") for k in ("slug", "title", "summary")} | {
            "body": md.body.strip() if md else ""
        }
    return UpdateForm(
        update_id,
        str(facts.get("date", "")),
        list(facts.get("goals") or []),
        list(facts.get("metrics") or []),
        bool(facts.get("draft", False)),
        words,
    )


def update_version(project: Project, update_id: str | None) -> str:
    if update_id is None:
        return version({})
    paths = update_files(project, update_id, languages(project))
    return version({k: p.read_text(encoding="utf-8") if p.is_file() else "" for k, p in paths.items()})


def save_update(project: Project, form: UpdateForm, publish: bool, seen: str, build=None) -> Result:
    """Save an update (new when form.id is None) as a draft, or publish it: then the build's own rules
    apply (every language complete), and a refusal names the field. Files as `strategy-site new-update` and
    a hand edit give them. `build(files, update_id)`, when given, runs once the content validates and writes the
    files itself only if the site builds (publishing.publish); it returns (ok, errors, files written)."""
    langs = languages(project)
    first = langs[0]
    date, errors = _form_errors(form, first)
    if errors:
        return Result(False, errors=errors)
    with LOCK:
        if update_version(project, form.id) != seen:
            return Result(False, conflict=True)
        update_id = form.id or f"{date.isoformat()}-{slugify(form.words[first]['title'])}"
        paths = update_files(project, update_id, langs)
        before = read_update(project, update_id) if form.id else None
        if before is None and paths["facts"].exists():
            return Result(
                False,
                errors=[
                    FieldError(
                        first,
                        "title",
                        ContentError(
                            f"content/updates/{update_id}.yml",
                            None,
                            "duplicate-id",
                            "an update with this date and title exists",
                            "change the title or the date",
                        ),
                    )
                ],
            )
        files = _update_texts(paths, update_id, form, date, publish, before, langs)
        content, found = validate(project, files)
        if found:
            return Result(False, errors=[_update_field(e, update_id, langs) for e in found], id=update_id)
        if build is None:
            return Result(True, written=write(project, files), id=update_id, content=content)
        ok, found, written = build(files, update_id)
        if not ok:
            return Result(False, errors=[_update_field(e, update_id, langs) for e in found], id=update_id)
        return Result(True, written=written, id=update_id, content=content)


def _form_errors(form: UpdateForm, first: str) -> tuple[dt.date | None, list[FieldError]]:
    """The form's date, and what keeps it from being saved at all (a date that is not one, no title in the first
    language: the update's files are named after them)."""
    errors: list[FieldError] = []
    try:
        date = dt.date.fromisoformat(form.date)
    except ValueError:
        date = None
        errors.append(
            FieldError(
                None,
                "date",
                ContentError(
                    "content/updates", None, "date-parsing", "date: not a date", "write the date as YYYY-MM-DD"
                ),
            )
        )
    if not clean(form.words[first]["title"]):
        errors.append(
            FieldError(
                first,
                "title",
                ContentError(
                    f"content/{first}/updates",
                    None,
                    "missing",
                    "title: required field is missing",
                    "write the title: the update's file is named after it",
                ),
            )
        )
    return date, errors


def _update_texts(
    paths: dict[str, Path],
    update_id: str,
    form: UpdateForm,
    date: dt.date,
    publish: bool,
    before: UpdateForm | None,
    langs: list[str],
) -> dict[str, str | None]:
    """The new text of the update's facts file and of each language's file."""
    # Publishing sets draft: false; a published update saved again stays published, on its date.
    published = bool(before and before.published)
    draft = not publish and not published
    if published:
        date = dt.date.fromisoformat(before.date)
    facts = {"date": date.isoformat(), "goals": list(form.goals), "metrics": list(form.metrics), "draft": draft}
    old_facts = paths["facts"].read_text(encoding="utf-8") if before else None
    files: dict[str, str | None] = {
        f"updates/{update_id}.yml": facts_round_trip(old_facts, facts) if old_facts else facts_text(facts)
    }
    for lang in langs:
        words = {k: clean(v) for k, v in form.words[lang].items()}
        if published:
            words["slug"] = before.words[lang]["slug"]  # a published address never changes
        elif not words["slug"]:
            words["slug"] = f"{date.isoformat()}-{slugify(words['title'])}" if words["title"] else ""
        meta = {"slug": words["slug"], "title": words["title"], "summary": words["summary"]}
        old = paths[lang].read_text(encoding="utf-8") if before and paths[lang].is_file() else None
        files[f"{lang}/updates/{update_id}.md"] = markdown_text(old, meta, words["body"])
    return files


def _update_field(error: ContentError, update_id: str, langs: list[str]) -> FieldError:
    """The field of the update form an error is about: by the field the message names, else by its line."""
    for lang in langs:
        if error.file == f"content/{lang}/updates/{update_id}.md":
            name = error.message.split(":", 1)[0].strip()
            if name in UPDATE_FIELDS:
                return FieldError(lang, name, error)
            return FieldError(lang, "body" if error.code == "empty-body" else None, error)
    if error.file == f"content/updates/{update_id}.yml":
        if error.code == "missing-twin":
            lang = next((lg for lg in langs if f"content/{lg}/" in error.hint), None)
            return FieldError(lang, "title", error)
        name = error.message.split(":", 1)[0].strip()
        return FieldError(None, name if name in ("date", "goals", "metrics") else None, error)
    return FieldError(None, None, error)


# ---------------------------------------------------------------- publishing, unpublishing and deleting an update


def publish_files(project: Project, update_id: str) -> dict[str, str]:
    """The facts file of an update as it is once published (draft: false), for a preview before publishing."""
    return _with_draft(project, update_id, False)


def unpublish_files(project: Project, update_id: str) -> dict[str, str]:
    """The facts file of a published update made a draft again (draft: true): its pages leave the site with the
    next build, its words stay for a later publish."""
    return _with_draft(project, update_id, True)


def _with_draft(project: Project, update_id: str, draft: bool) -> dict[str, str]:
    path = update_files(project, update_id, languages(project))["facts"]
    if not path.is_file():
        raise EditError(f"no update '{update_id}'")
    return {f"updates/{update_id}.yml": facts_round_trip(path.read_text(encoding="utf-8"), {"draft": draft})}


def delete_files(project: Project, update_id: str) -> dict[str, None]:
    """Every file of an update (its facts and each language's words) as a deletion (None), as stage and write
    take it."""
    paths = update_files(project, update_id, languages(project))
    if not paths["facts"].is_file():
        raise EditError(f"no update '{update_id}'")
    return {p.relative_to(project.content).as_posix(): None for p in paths.values() if p.exists() or p.is_symlink()}


def remove_update(project: Project, update_id: str, seen: str, delete: bool, build) -> Result:
    """Unpublish an update (`delete` False) or delete it, refused when it changed since the confirmation page was
    made (`seen`, its update_version). `build(files)` publishes the change (publishing.publish: the site is
    built without the update's pages, the files written and committed only if it builds) and returns (ok,
    errors, files written); the page leaves the site at once, so nothing public disagrees with content/."""
    with LOCK:
        if update_version(project, update_id) != seen:
            return Result(False, conflict=True, id=update_id)
        change = delete_files(project, update_id) if delete else unpublish_files(project, update_id)
        files: dict[str, str | None] = dict(change)
        ok, errors, written = build(files)
        if not ok:
            return Result(False, errors=[FieldError(None, None, e) for e in errors], id=update_id)
        return Result(True, written=written, id=update_id)


# ---------------------------------------------------------------- `strategy-site new-update`


def new_update(
    content_dir: Path, content: Content, titles: dict[str, str], goals: list[str], metrics: list[str], date: dt.date
) -> list[Path]:
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
