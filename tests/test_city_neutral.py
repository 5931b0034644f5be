"""The product is city-neutral (issue 25): nothing the package ships, nor the deployment files or the Makefile,
names the city whose content is in content/, nor depends on its ids.

The city's names are read from its content, not written here: the words that the publisher (`strings.publisher`) and the
site's name share in each language (content/<lang>/ui.yml: "Kokkolan kaupunki" and "Kokkolan strategia" share
"Kokkolan"; "Karleby stad" and "Karleby stads strategi" share "Karleby"), the labels of base_url's host that are
neither its top-level domain nor a word of a site name (strategia.kokkola.fi → "kokkola", the stem of
"Kokkolan"), and, whatever the content says, the literal Kokkola and Karleby. Every name is searched for
case-insensitively in every file under generator/ (code, templates, defaults, the editor's files, the theme),
overrides/ while it exists, deploy/ and the Makefile; a hit fails the test with its file and line.

The repository keeps no city's web server configuration: `strategy-site nginx-config` writes it from the content.

The ids: no id of content/strategy.yml (an entry's `id`, an item of any of its lists), nor of a metric, a
statistic, a source or a glossary entry (content/metrics.yml, sources.yml, glossary.yml) is a string literal in
generator/**/*.py (every string constant, f-strings' parts included) nor a quoted string in a template, the
theme, or the editor's templates and scripts: the generator never picks out one city's theme, goal, item or metric. Two
kinds of literal equal to an id are generic, and are allowed as such:
- the name of a field of content/strategy.yml's model (`programmes`: the field listing the programmes, which
  Kokkola's content also happens to use as the id of an implementation item); the literal names the field,
  which every city's strategy.yml has, not the item;
- `alert`, the ARIA role (`role="alert"`) of the editor's messages, a word of HTML, not Kokkola's goal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator import models
from tests.support.project import ROOT

GENERIC = {"alert": "the ARIA role of the editor's messages"}
QUOTED = re.compile(r"""(['"])([a-z0-9]+(?:-[a-z0-9]+)*)\1""")
TEMPLATE_SUFFIXES = (".j2", ".html", ".xml", ".js")


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


def city_names() -> set[str]:
    """The city's names, lowercase, from content/: see the module's docstring."""
    names = {"kokkola", "karleby"}
    site_words: set[str] = set()
    for lang in models.LANGUAGES:
        ui = _yaml(ROOT / "content" / lang / "ui.yml")
        site_name = ui["site_name"]
        publisher = ui["strings"]["publisher"]
        site_words |= _words(site_name)
        names |= _words(publisher) & _words(site_name)
    host = urlsplit(_yaml(ROOT / "content" / "site.yml")["base_url"]).hostname
    names |= {label for label in host.split(".")[:-1] if label not in site_words and label != "www"}
    return names


def shipped_files() -> list[Path]:
    roots = [ROOT / "generator", ROOT / "overrides", ROOT / "deploy"]
    files = [p for r in roots if r.is_dir() for p in sorted(r.rglob("*")) if p.is_file()]
    return [p for p in files if "__pycache__" not in p.parts] + [ROOT / "Makefile"]


def test_the_citys_names_are_read_from_its_content():
    names = city_names()
    assert {"kokkola", "karleby", "kokkolan"} <= names
    assert not names & {"strategia", "strategi", "kaupunki", "stad", "stads", "fi"}


def test_no_shipped_file_names_the_city():
    pattern = re.compile("|".join(re.escape(n) for n in sorted(city_names(), key=len, reverse=True)), re.I)
    hits = []
    for path in shipped_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            found = pattern.search(line)
            if found:
                hits.append(f"{path.relative_to(ROOT)}:{number}: {found.group(0)!r} in {line.strip()[:120]}")
    assert not hits, "the city is named in a shipped file:\n" + "\n".join(hits)


def content_ids() -> set[str]:
    """Every id content/strategy.yml gives (each entry's `id` and each item of its lists), and the `id` of every
    entry of content/metrics.yml, sources.yml (statistics and sources) and glossary.yml."""
    ids: set[str] = set()

    def walk(value, lists: bool) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            for inner in value.values():
                walk(inner, lists)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    ids.update([item] if lists else [])
                else:
                    walk(item, lists)

    walk(_yaml(ROOT / "content" / "strategy.yml"), lists=True)
    for name in ("metrics.yml", "sources.yml", "glossary.yml"):
        walk(_yaml(ROOT / "content" / name), lists=False)
    return ids


def test_the_ids_are_read_from_the_content():
    ids = content_ids()
    assert {"service-machine", "quality", "daily-work", "programmes", "courage"} <= ids
    assert {"population", "employment-rate", "population-structure", "kokkola-in-figures-population"} <= ids
    assert "draft" not in ids  # text_status is a value of the model, not an id


def test_no_code_or_template_depends_on_the_citys_ids():
    generic = set(models.StrategyFacts.model_fields) | set(models.ThemeFacts.model_fields) | set(GENERIC)
    ids = content_ids() - generic
    hits = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                hits.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    templates = [p for p in sorted((ROOT / "generator").rglob("*")) if p.suffix in TEMPLATE_SUFFIXES]
    if (ROOT / "overrides").is_dir():
        templates += [p for p in sorted((ROOT / "overrides").rglob("*")) if p.suffix in TEMPLATE_SUFFIXES]
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits += [
                f"{path.relative_to(ROOT)}:{number}: {m.group(0)}" for m in QUOTED.finditer(line) if m.group(2) in ids
            ]
    assert not hits, "a literal of the city's ids in the generator:\n" + "\n".join(hits)
