"""The editor speaks the staff member's language wholly (issue 25, point 7): against the real server (`strategy-site
edit` under waitress, in its own process, with a users file), for a Finnish and a Swedish staff member, a save
that the content's check refuses shows each error's text of messages.yml with the error's particulars (the
misspelt id and its suggestion, the dates) in no language's words and its place in the content's files, and no
word of the check's English message; every HTTP refusal (400, 404, 405, 409, 413, a refused login, a form
without its token or from another site) is the editor's page in that language. Commit messages are in
test_editor.py, test_editor_usability.py, test_publish_transaction.py and the last test here (files changed outside
the editor)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from click.testing import CliRunner
from flask import Flask, g
from werkzeug import exceptions

from generator import loading
from generator.cli import main
from generator.editing import commits
from generator.editor import auth
from generator.editor.app import MAX_UPLOAD, MESSAGES, create_app
from generator.editor.shared import places, say, specifics
from generator.errors import ContentError, ContentErrors
from generator.pipeline import Project
from tests.support.content import edit
from tests.support.editor import TODAY, Editor, git, token

PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path) -> Path:
    path = tmp_path / "users.yml"
    auth.add_user(path, "anna", "Anna Andersson", "anna@example.org", PASSWORD)
    return path


def ui(lang: str, key: str, **args) -> str:
    text = MESSAGES["ui"][key][lang]
    return text.format(**args) if args else text


def page_of(answer: requests.Response) -> BeautifulSoup:
    return BeautifulSoup(answer.text, "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def english_words(text: str) -> set[str]:
    """The English words of a message: what is left when its quoted values, paths and field paths are gone."""
    text = re.sub(r"(?<![\w'])'[^']+'(?![\w'])", " ", text)
    text = re.sub(r"\S*[/.]\S*", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


def neutral_text(page: BeautifulSoup) -> str:
    """All the page's text (the collapsed details too), without the tokens that are the content's own names: a
    path (content/strategy.yml) or a field's path (themes.service-machine.goals)."""
    return " ".join(token for token in page.get_text(" ").split() if "/" not in token and "." not in token[:-1])


def assert_no_english(page: BeautifulSoup, english: set[str]) -> None:
    shown = neutral_text(page).lower()
    found = sorted(w for w in english if re.search(rf"(?<![^\W\d_]){w}(?![^\W\d_])", shown))
    assert found == [], found


class Staff:
    """A staff member's browser against the running editor, in `lang` (the editor's language cookie, as its
    language buttons set it), signed in."""

    def __init__(self, editor: Editor, lang: str):
        self.url, self.lang = editor.url, lang
        self.session = requests.Session()
        self.session.cookies.set("editor_lang", lang)

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.url + path, timeout=60)

    def post(self, path: str, data: dict | None = None, **headers) -> requests.Response:
        sent = {"Origin": self.url, "Referer": self.url + path} | headers
        return self.session.post(self.url + path, data=data, headers=sent, timeout=120)

    def form(self, path: str) -> dict[str, str]:
        page = self.get(path).text
        return {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("csrf_token", "version")
            if f'name="{name}"' in page
        }

    def login(self, password: str = PASSWORD) -> requests.Response:
        return self.post("/login", self.form("/login") | {"user": "anna", "password": password})


@pytest.fixture
def broken(editor_project, users_file):
    """The editor over content that a hand edit broke: a misspelt goal id and a deadline before the period."""
    edit(editor_project / "content/strategy.yml", "goals: [quality, digital", "goals: [qualty, digital")
    edit(editor_project / "content/metrics.yml", "value: 76, deadline: 2021-12-31", "value: 76, deadline: 2012-12-31")
    running = Editor(editor_project, "--users", str(users_file))
    yield running
    running.stop()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_refused_save_is_worded_in_the_staff_language_with_its_particulars(broken, lang):
    with pytest.raises(ContentErrors) as raised:
        loading.load(broken.root / "content")
    english = set().union(*(english_words(f"{e.message} {e.hint}") for e in raised.value.errors))
    assert {"did", "mean", "which", "have", "before", "period", "starts"} <= english
    staff = Staff(broken, lang)
    assert staff.login().status_code == 200
    path = "/words/metrics.yml/population"
    answer = staff.post(path, staff.form(path) | {"fi-name": "Asukasluku", "sv-name": "Invånarantal"})
    assert answer.status_code == 422
    page = page_of(answer)
    assert page.html["lang"] == lang
    listed = page.select(".errors li")
    shown = []
    for item in listed:
        details = [[words(p.get_text()) for p in d.select(".place")] for d in item.select("details")]
        for d in item.select("details"):
            d.decompose()
        shown.append((words(item.get_text(" ")), details))
    line = ui(lang, "place", file="content/strategy.yml", line=12)
    assert shown == [
        (
            f"{MESSAGES['errors']['deadline-outside-period'][lang]} (2012-12-31 · 2018–2021)",
            [
                [
                    ui(lang, "place", file="content/metrics.yml", line=49),
                    "employment-rate.target.deadline",
                    "content/strategy.yml",
                ]
            ],
        ),
        (
            f"{MESSAGES['errors']['misspelt-id'][lang]} ('qualty' → 'quality')",
            [[line, "themes.service-machine.goals", "content/fi/strategy.yml", "content/sv/strategy.yml"]],
        ),
    ]
    page = page_of(answer)  # again, with its details
    assert [d.summary.get_text(strip=True) for d in page.select(".errors details")] == [ui(lang, "details")] * 2
    assert page.select('[lang="en"]') == []
    assert_no_english(page, english)
    # nothing was written
    assert "Asukasluku" not in (broken.root / "content/fi/metrics.yml").read_text()


# Werkzeug's and Flask-WTF's own English for the refusals the editor words itself
HTTP_ENGLISH = set().union(
    *(
        english_words(f"{cls.name} {cls.description}")
        for cls in (
            exceptions.BadRequest,
            exceptions.Unauthorized,
            exceptions.Forbidden,
            exceptions.NotFound,
            exceptions.MethodNotAllowed,
            exceptions.Conflict,
            exceptions.RequestEntityTooLarge,
            exceptions.TooManyRequests,
        )
    ),
    english_words(
        "The CSRF token is missing. The CSRF session token is missing. The referrer does not match the host."
    ),
)


@pytest.fixture
def running(editor_project, users_file):
    editor = Editor(editor_project, "--users", str(users_file))
    yield editor
    editor.stop()


def refusal(answer: requests.Response, lang: str) -> str:
    """The refusal's own words on the page: its alert, else the error page's first paragraph; the page checked
    to be the editor's in `lang`, without Werkzeug's English."""
    page = page_of(answer)
    assert page.html["lang"] == lang
    assert_no_english(page, HTTP_ENGLISH)
    said = page.select_one("[role=alert]") or page.select_one("main p")
    return words(said.get_text(" "))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_refusal_is_the_editors_page_in_the_staff_language(running, lang):
    staff = Staff(running, lang)
    assert staff.login().status_code == 200
    # 404: a page or an update that is not there
    for path in ("/no-such-page", "/updates/2020-01-01-no-such-update"):
        answer = staff.get(path)
        assert (answer.status_code, refusal(answer, lang)) == (404, ui(lang, "not_found"))
    # 405: a method the address does not take
    answer = staff.get("/logout")
    assert (answer.status_code, refusal(answer, lang)) == (405, ui(lang, "bad_request"))
    # 400: a form without its token, one from another site, one naming no item
    answer = staff.post("/publish", {})
    assert (answer.status_code, refusal(answer, lang)) == (400, ui(lang, "forbidden"))
    path = "/words/metrics.yml/population"
    answer = staff.post(path, {"fi-name": "Asukasluku", "sv-name": "Invånarantal"})
    assert (answer.status_code, refusal(answer, lang)) == (400, ui(lang, "forbidden_kept"))
    answer = staff.post("/publish", staff.form("/publish"), Origin="https://attacker.example")
    assert (answer.status_code, refusal(answer, lang)) == (400, ui(lang, "foreign_origin"))
    form = staff.form("/updates/new")
    answer = staff.post("/updates/save", form | {"id": "../../etc/passwd", "fi-title": "Otsikko"})
    assert (answer.status_code, refusal(answer, lang)) == (400, ui(lang, "edit_refused"))
    # 409: the item saved by someone else meanwhile
    form = staff.form(path)
    assert staff.post(path, form | {"fi-name": "Asukasluku", "sv-name": "Invånarantal"}).status_code == 200
    answer = staff.post(path, form | {"fi-name": "Asukkaat", "sv-name": "Invånare"})
    assert (answer.status_code, refusal(answer, lang)) == (409, ui(lang, "conflict"))
    # 413: a request too large to read
    answer = staff.post("/publish", staff.form("/publish") | {"pasted": "x" * (MAX_UPLOAD + 1)})
    assert (answer.status_code, refusal(answer, lang)) == (413, ui(lang, "too_large", size=say(lang, "size_mb", 1)))
    # a refused login, then the slow-down (last: it holds up this address)
    other = Staff(running, lang)
    for _ in range(3):
        answer = other.login("wrong")
        assert (answer.status_code, refusal(answer, lang)) == (401, ui(lang, "login_failed"))
    answer = other.login("wrong")
    assert answer.status_code == 429
    assert re.fullmatch(re.escape(ui(lang, "login_wait", seconds="@")).replace("@", r"\d+"), refusal(answer, lang))


def test_a_publish_names_each_file_changed_outside_the_editor_in_both_languages(editor_project):
    """A hand edit, a round deleted and one imported with the CLI, published from the editor: each file by its path
    and how it changed, in Finnish and Swedish, in the order of the paths."""
    root = editor_project
    edit(root / "content/fi/metrics.yml", "name: Väkiluku", "name: Asukasluku")
    (root / "content/snapshots/2018-04-30.csv").unlink()
    csv = root.parent / "kierros.csv"
    csv.write_bytes(
        "metric;period;value;source;note_fi;note_sv\r\npopulation;31.12.2020;47 909;"
        "kokkola-in-figures-population;;\r\n".encode("cp1252")
    )
    imported = CliRunner().invoke(main, ["import-round", str(csv), "--root", str(root), "--date", "2021-04-30"])
    assert imported.exit_code == 0, imported.output
    app = create_app(Project(root), author=commits.Author("Anna", "anna@example.org"), today=lambda: TODAY)
    client = app.test_client()
    answer = client.post("/publish", data={"csrf_token": token(client, "/publish")})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert git(root, "log", "-1", "--format=%B") == (
        "Päivitetty: content/fi/metrics.yml / Uppdaterat: content/fi/metrics.yml (+2 muuta / +2 till)\n"
        "\n"
        "- Päivitetty: content/fi/metrics.yml / Uppdaterat: content/fi/metrics.yml\n"
        "- Poistettu: content/snapshots/2018-04-30.csv / Raderat: content/snapshots/2018-04-30.csv\n"
        "- Lisätty: content/snapshots/2021-04-30.csv / Tillagt: content/snapshots/2021-04-30.csv\n"
        "\n"
    )


SPECIFICS = [
    # (code, message, hint) → what is shown beside the code's text, and the details' places (in Swedish)
    (
        ("misspelt-id", "goals: 'qualty' has no words in content/fi/strategy.yml; did you mean 'quality'?", ""),
        "'qualty' → 'quality'",
        ["content/x.yml, rad 4", "goals", "content/fi/strategy.yml"],
    ),
    (
        (
            "unknown-id",
            "goals: unknown id 'qualityy'",
            "it is not in the language-neutral content; did you mean 'quality'?",
        ),
        "'qualityy' → 'quality'",
        ["content/x.yml, rad 4", "goals"],
    ),
    (
        ("duplicate-period", "metric 'population' has a second figure for period 2020 (first on line 3)", "keep one"),
        "'population' · 2020 · rad 3",
        ["content/x.yml, rad 4"],
    ),
    (
        ("duplicate-slug", "'population' has the same URL as 'annual-margin': fi/mittarit/vakiluku.md", "give one"),
        "'population' · 'annual-margin' · fi/mittarit/vakiluku.md",
        ["content/x.yml, rad 4"],
    ),
    (
        ("not-utf8", "the file is not UTF-8 text (byte 0xff)", "save the file as UTF-8 in your editor"),
        "0xff",
        ["content/x.yml, rad 4"],
    ),
    (
        ("string-pattern-mismatch", "goals.together.slug: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'", ""),
        "",
        ["content/x.yml, rad 4", "goals.together.slug"],
    ),
    (
        ("decimal-comma", "the value '10,4' has a decimal comma", "write it with a decimal point: 10.4"),
        "'10,4'",
        ["content/x.yml, rad 4"],
    ),
]


@pytest.mark.parametrize(("error", "shown", "where"), SPECIFICS)
def test_an_errors_particulars_are_shown_in_no_languages_words(error, shown, where):
    with Flask(__name__).test_request_context():
        g.lang = "sv"
        found = ContentError("content/x.yml", 4, *error)
        assert (specifics(found), places(found)) == (shown, where)
