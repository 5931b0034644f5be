"""What the built site weighs: sizes of site/, gzipped HTML, and what a first visit of a page downloads.

Gzip level 6, as the site's nginx configuration serves it. The first visit is counted from the files a page references
(static) here; visit.py loads it in Chromium.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import urllib.parse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .paths import load_content

GZIP_LEVEL = 6  # generator/defaults/nginx.conf: gzip_comp_level 6


def gzipped(path: Path) -> tuple[int, int]:
    """The file's size in bytes: (raw, gzipped)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL, mtime=0))


def site_stats(site: Path, langs: list[str], index: str = "search/search_index.json") -> dict:
    """Sizes of the whole site, of its HTML pages (raw and gzipped) and of each language's search index."""
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for lang in langs for p in (site / lang).rglob("index.html")]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        sizes = list(pool.map(gzipped, html, chunksize=64))
    gz = sorted((g, raw, str(p.relative_to(site))) for (raw, g), p in zip(sizes, html))
    index = {lang: gzipped(site / lang / index) for lang in langs if (site / lang / index).exists()}
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": len(html),
        "html_raw_bytes": sum(raw for _, raw, _ in gz),
        "html_gz_median": statistics.median(g for g, _, _ in gz),
        "html_gz_max": gz[-1][0],
        "html_gz_max_page": gz[-1][2],
        "html_raw_max": max(raw for _, raw, _ in gz),
        "search_index": {lang: {"raw": raw, "gz": g} for lang, (raw, g) in index.items()},
    }


def count_pages(docs: Path, langs: list[str]) -> dict[str, int]:
    return {lang: sum(1 for _ in (docs / lang).rglob("*.md")) for lang in langs}


def goal_page(root: Path) -> tuple[str, str]:
    """The first goal's URL path under site/ in the first language, and its docs path."""
    from generator import urls

    content = load_content(root)
    lang = content.languages[0]
    goal = content.strategy.themes[0].goals[0]
    path = content.urls.pages[lang][("goal", goal)]
    return f"{lang}/{urls.url_of(path)}", path


def served_file(site: Path, url_path: str) -> Path | None:
    """The file under `site` a static server sends for `url_path` (a folder's index.html), or None."""
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path).lstrip("/")
    path = site / rel
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".html"):
        return "HTML"
    if "search_index" in name:
        return "search index"
    if "/workers/" in path:
        return "search worker"
    if "/lunr/" in path:
        return "lunr language"
    if name.endswith(".css"):
        return "CSS"
    if name.endswith(".js"):
        return "JS"
    return "other"


def static_visit(site: Path, url: str) -> dict:
    """A first visit of `url` counted from what the page and its first interaction fetch (static_references),
    and what opening the search adds."""
    refs = [f for f in (served_file(site, r) for r in dict.fromkeys(static_references(site, url))) if f]
    search = [f for f in (served_file(site, r) for r in search_references(site, url)) if f]
    return {
        "files": len(refs),
        "gz": sum(gzipped(f)[1] for f in refs),
        "search_gz": sum(gzipped(f)[1] for f in search if f not in refs),
    }


def downloads(site: Path, url_path: str, log: list[str], at_load: int, method: str) -> dict:
    """The weight of a visit from the server's request log (`log[:at_load]` before the first interaction)."""
    loaded_first = set(log[:at_load])
    files = []
    for requested in dict.fromkeys(log):
        path = served_file(site, requested)
        if path is None:
            files.append({"path": requested, "kind": "404 (no such file)", "raw": 0, "gz": 0})
            continue
        raw, g = gzipped(path)
        rel = str(path.relative_to(site))
        files.append({"path": rel, "kind": _kind(rel), "raw": raw, "gz": g, "at_load": requested in loaded_first})
    by_kind: dict[str, int] = {}
    for f in files:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + f["gz"]
    static = sorted(static_references(site, url_path))
    static_gz = sum(gzipped(p)[1] for p in filter(None, (served_file(site, s) for s in static)))
    return {
        "url": url_path,
        "method": method,
        "files": files,
        "total_gz": sum(f["gz"] for f in files),
        "at_load_gz": sum(f["gz"] for f in files if f.get("at_load", True)),
        "total_raw": sum(f["raw"] for f in files),
        "by_kind_gz": by_kind,
        "static_total_gz": static_gz,
        "static_files": len(static),
    }


def static_references(site: Path, url_path: str) -> list[str]:
    """What the page fetches at load: what it references (stylesheets, scripts, icons) and Material's search
    worker; plus the search index and lunr files, unless the page loads them only when the search is opened."""
    html = (site / url_path / "index.html").read_text(encoding="utf-8")
    base = "/" + url_path
    refs = [base]
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", html):
        rel = re.search(r'\brel="([^"]+)"', tag)
        src = re.search(r'\b(?:href|src)="([^"]+)"', tag)
        if not src or src.group(1).startswith(("http:", "https:", "data:", "#")):
            continue
        if tag.startswith("<link") and not (rel and rel.group(1) in ("stylesheet", "icon", "shortcut icon")):
            continue
        refs.append(urllib.parse.urljoin(base, src.group(1)))
    # (The theme's bundle is among the scripts: held in <template id="__scripts">, on-demand.js runs it at the first
    # interaction; counted, as for a visitor who does anything.)
    config = _material_config(html)
    if config.get("search"):
        refs.append(urllib.parse.urljoin(base, config["search"]))
        if "on-demand.js" not in html:
            refs += search_references(site, url_path)
    return refs


def search_references(site: Path, url_path: str) -> list[str]:
    """What opening the search fetches: the language's search index and lunr's files for the language."""
    config = _material_config((site / url_path / "index.html").read_text(encoding="utf-8"))
    base_url = urllib.parse.urljoin("/" + url_path, config.get("base", ".") + "/")
    lang = url_path.split("/", 1)[0]
    return [urllib.parse.urljoin(base_url, "search/search_index.json")] + [
        urllib.parse.urljoin(base_url, f"assets/javascripts/lunr/min/{name}")
        for name in ("lunr.stemmer.support.min.js", f"lunr.{lang}.min.js")
    ]


def _material_config(html: str) -> dict:
    """The page's Material configuration (the __config JSON script), or {} when it has none."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else {}
