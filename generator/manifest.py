"""The last build's inputs and outputs, so that a rebuild with nothing changed writes nothing and renders nothing.

After a build succeeds, the pipeline records (in the project's `.cache/`, one file per site folder):

- the *inputs' key*: a hash of every file of content/, the project's mkdocs.yml and theme overrides, the
  package's own files and the libraries' versions (caches.package_fingerprint), and the build's options
  (the address, the engine, the site folder);
- the *outputs*: every file of docs/ and of the site folder with its size, modification time and inode, as git's
  index keeps them to tell an untouched file from an edited one without reading it;
- what the build reported (the number of files, the pages per language).

The next build reads and validates the content as always (its errors and warnings are the staff's to see), and
when the inputs' key is the same and every output is as recorded, it is done: nothing was changed, so nothing
would change. Any difference, a file edited, added or removed on either side, is a full build (whose page cache
still renders only the pages whose inputs changed). A manifest that cannot be read is no manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import writers
from .caches import add_folder, folder, make_folder, package_fingerprint

FORMAT = 1  # the manifest's layout


def inputs_key(content: Path, config: Path, overrides: Path | None, options: dict) -> str:
    digest = hashlib.blake2b(f"{FORMAT} {package_fingerprint()}".encode(), digest_size=20)
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(config.read_bytes())
    add_folder(digest, content, "content")
    add_folder(digest, overrides, "overrides")
    return digest.hexdigest()


def outputs(*folders: Path) -> dict[str, list[int]]:
    """Every file of the folders with its size, modification time (ns) and inode, by folder and path."""
    found: dict[str, list[int]] = {}
    for index, where in enumerate(folders):
        for top, dirs, files in os.walk(where):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(top, name)
                st = os.lstat(path)
                found[f"{index}/{os.path.relpath(path, where)}"] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


def manifest_file(root: Path, site_dir: Path) -> Path:
    name = hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=8).hexdigest()
    return folder(root) / f"build-{name}.json"


def unchanged(path: Path, key: str, docs: Path, site_dir: Path) -> dict | None:
    """What the last build reported, when its inputs' key was `key` and docs/ and the site are as it left them."""
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(last, dict) or last.get("key") != key:
        return None
    if last.get("outputs") != outputs(docs, site_dir):
        return None
    return last.get("report")


def record(path: Path, key: str, docs: Path, site_dir: Path, report: dict) -> None:
    """The build's manifest, written whole (a temporary file renamed over the last one)."""
    try:
        make_folder(path)
        data = {"key": key, "outputs": outputs(docs, site_dir), "report": report}
        writers.write_whole(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass  # the site is built; the next build only cannot skip its work


def forget(path: Path) -> None:
    """Before a build changes docs/ or the site: a build stopped half-way must not leave a manifest behind."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
