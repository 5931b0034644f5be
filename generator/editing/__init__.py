"""The editing library: what staff change through the editor, as operations on content/ that any front end calls
(the browser editor in generator/editor/, the CLI, tests): the words of every item side by side in every
language, updates, "check the translation" marks, the one-page preview and the publish.

Every change is validated before a byte is written (staging.py: a copy of content/ loaded by the build's own
loader); YAML is rewritten by round trip, so `git diff` shows only the changed value (roundtrip.py); each form
carries a version (a hash of what it showed), and a save whose item changed meanwhile is refused (files.py).

The modules, bottom up: `staging` (the checked copy, atomic writes, the lock, a save's Result), `files` (words
files, items, values, versions), `roundtrip` (the text of changed and new files), `marks`, `words` (saving an
item), `updates` (the update form and `strategy-site new-update`), `commits` (git), `publishing` (a publish as
one transaction, the pending changes), `history` (a file's commits) and `preview` (one page rendered alone).
The names below are the API of the content operations; the last four are used as modules
(`editing.publishing.publish`, `editing.preview.render`).
"""

from . import commits, history, preview, publishing
from .files import (
    PAGE_FIELDS,
    WORD_FILES,
    Item,
    check_file,
    clean,
    first_language,
    item,
    item_version,
    items,
    languages,
    read_words,
    value_in,
    values,
    version,
    word_files,
)
from .marks import marked, marks, marks_text, remark
from .roundtrip import FOLD_AT, markdown_text, set_yaml_values
from .staging import LOCK, EditError, FieldError, Result, inside_content, last_written, stage, validate, write
from .updates import (
    UPDATE_FIELDS,
    UpdateError,
    UpdateForm,
    delete_files,
    list_updates,
    new_update,
    publish_files,
    read_update,
    remove_update,
    save_update,
    slugify,
    unpublish_files,
    update_files,
    update_version,
)
from .words import field_lines, save_item

__all__ = [
    "commits",
    "history",
    "preview",
    "publishing",
    "PAGE_FIELDS",
    "WORD_FILES",
    "Item",
    "check_file",
    "clean",
    "first_language",
    "item",
    "item_version",
    "items",
    "languages",
    "read_words",
    "value_in",
    "values",
    "version",
    "word_files",
    "marked",
    "marks",
    "marks_text",
    "remark",
    "FOLD_AT",
    "markdown_text",
    "set_yaml_values",
    "LOCK",
    "EditError",
    "FieldError",
    "Result",
    "inside_content",
    "last_written",
    "stage",
    "validate",
    "write",
    "UPDATE_FIELDS",
    "UpdateError",
    "UpdateForm",
    "delete_files",
    "list_updates",
    "new_update",
    "publish_files",
    "read_update",
    "remove_update",
    "save_update",
    "slugify",
    "unpublish_files",
    "update_files",
    "update_version",
    "field_lines",
    "save_item",
]
