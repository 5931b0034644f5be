"""The editor's library and web layer without a browser: round-trip saves, "check the translation" marks,
refused saves, edit conflicts, updates as new-update writes them, and the security rules (CSRF, login and its
slow-down, paths outside content/, escaping, upload size). tests/test_editor_browser.py drives the running
editor in Chromium."""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import cli, editing, pipeline, translations
from generator.editing import roundtrip
from generator.editor import auth
from generator.editor.app import MESSAGES, create_app
from tests.support.editor import TODAY, UPDATE, Clock, git_repo, token
from tests.support.project import ROOT, copy_project
from tests.support.site import tree_hashes


def words_of(proj, file, item_id):
    it = editing.item(proj, file, item_id)
    return it, {lang: editing.values(proj, lang, it) for lang in ("fi", "sv")}


# ---------------------------------------------------------------- round trip


def test_every_words_file_round_trips_byte_for_byte():
    """Whole, and block by block (a save rewrites only the top-level block it changes)."""
    for path in sorted((ROOT / "content").glob("*/*.yml")) + sorted((ROOT / "content" / "updates").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert roundtrip.round_trip(text, {}) == text, path
        blocks = re.findall(r"^[A-Za-z0-9_-]+:.*(?:\n(?:[ #].*|)$)*\n?", text, re.MULTILINE)
        assert blocks, path
        for block in blocks:
            body = block.rstrip("\n") + "\n"
            assert roundtrip.round_trip(body, {}) == body, (path, block[:40])


def test_a_save_changes_only_the_changed_value(proj):
    before = (proj.content / "fi" / "strategy.yml").read_text(encoding="utf-8")
    it, words = words_of(proj, "strategy.yml", "themes.vitality")
    words["fi"]["slogan"] = "Houkuttava, koukuttava ja kestävä kaupunki!"
    result = editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY)
    assert result.ok and result.written == ["content/fi/strategy.yml", "content/translation-checks.yml"]
    after = (proj.content / "fi" / "strategy.yml").read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert diff == [
        "-    slogan: Houkuttava ja koukuttava kaupunki!",
        "+    slogan: Houkuttava, koukuttava ja kestävä kaupunki!",
    ]
    # comments are kept (the file's first line is one)
    assert after.splitlines()[0] == before.splitlines()[0] and after.startswith("#")


def test_a_long_text_keeps_its_folded_block(proj):
    it, words = words_of(proj, "strategy.yml", "situation")
    words["fi"]["key-indicators"] = " ".join(["Kokkolan keskeiset kehitysmittarit ovat hyvät."] * 6)
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).ok
    text = (proj.content / "fi" / "strategy.yml").read_text(encoding="utf-8")
    block = text.split("  key-indicators: >-\n", 1)[1].split("\n  attractive-city:", 1)[0].splitlines()
    assert len(block) == 3 and all(len(line) <= 4 + editing.FOLD_AT for line in block)
    assert yaml.safe_load(text)["situation"]["key-indicators"] == words["fi"]["key-indicators"]


# ---------------------------------------------------------------- "check the translation"


def test_a_change_in_finnish_marks_the_swedish_twin_and_check_warns(proj):
    it, words = words_of(proj, "metrics.yml", "population")
    words["fi"]["description"] = "Kokkolassa vakinaisesti asuvien ihmisten määrä vuoden lopussa."
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).ok
    assert editing.marked(proj, it) == {("sv", "description")}
    line = (
        next(
            i
            for i, text in enumerate((proj.content / "sv" / "metrics.yml").read_text().splitlines(), 1)
            if text.startswith("population:")
        )
        + 3
    )  # slug, name, description
    result = CliRunner().invoke(cli.main, ["check", "--root", str(proj.root)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: content/sv/metrics.yml:{line}: population: description: check the translation: the Finnish words "
        "changed on 2026-12-02 [check-translation] – compare with content/fi/metrics.yml, then save "
        "or confirm the words in the editor (or remove the entry from content/translation-checks.yml)\n"
    )
    # saving the Swedish words clears the mark; the file goes with the last mark
    words = {lang: editing.values(proj, lang, it) for lang in ("fi", "sv")}
    words["sv"]["description"] = "Antalet personer som är stadigvarande bosatta i Karleby vid årets slut."
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).ok
    assert editing.marked(proj, it) == set() and not (proj.content / translations.MARKS_FILE).exists()
    assert CliRunner().invoke(cli.main, ["check", "--root", str(proj.root)]).stderr == ""


def test_confirming_clears_a_mark_and_both_changed_marks_none(proj):
    it, words = words_of(proj, "glossary.yml", "vision")
    words["fi"]["term"] = "visio (tulevaisuuskuva)"
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).ok
    assert editing.marked(proj, it) == {("sv", "term")}
    words = {lang: editing.values(proj, lang, it) for lang in ("fi", "sv")}
    assert editing.save_item(proj, it, words, {("sv", "term")}, editing.item_version(proj, it), TODAY).ok
    assert editing.marked(proj, it) == set()
    words["fi"]["definition"] += " Uusi virke."
    words["sv"]["definition"] += " En ny mening."
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).ok
    assert editing.marked(proj, it) == set()


def test_a_mark_naming_no_field_is_an_error(proj):
    (proj.content / translations.MARKS_FILE).write_text(
        "- lang: sv\n  file: metrics.yml\n  item: population\n"
        "  field: nickname\n  changed_in: fi\n  since: 2026-12-02\n"
    )
    result = CliRunner().invoke(cli.main, ["check", "--root", str(proj.root)])
    assert result.exit_code == 1
    assert (
        "Error: content/translation-checks.yml:1: content/sv/metrics.yml has no field 'nickname' in 'population' "
        "[unknown-field]" in result.stderr
    )


# ---------------------------------------------------------------- refused saves and conflicts


def test_a_refused_save_writes_nothing_and_names_the_field(proj):
    before = tree_hashes(proj.content)
    it, words = words_of(proj, "metrics.yml", "population")
    words["sv"]["name"] = "   "
    words["fi"]["name"] = "Asukasluku"
    result = editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY)
    assert not result.ok and [(e.lang, e.field, e.error.code) for e in result.errors] == [
        ("sv", "name", "string-too-short")
    ]
    assert tree_hashes(proj.content) == before


def test_the_second_of_two_saves_of_one_item_is_refused(proj):
    it, words = words_of(proj, "metrics.yml", "population")
    seen = editing.item_version(proj, it)
    first = {lang: dict(w) for lang, w in words.items()}
    first["fi"]["name"] = "Asukasluku"
    second = {lang: dict(w) for lang, w in words.items()}
    second["fi"]["name"] = "Väestö"
    assert editing.save_item(proj, it, first, set(), seen, TODAY).ok
    refused = editing.save_item(proj, it, second, set(), seen, TODAY)
    assert refused.conflict and not refused.written
    assert editing.values(proj, "fi", it)["name"] == "Asukasluku"


def test_slugs_are_read_only(proj):
    it, words = words_of(proj, "metrics.yml", "population")
    words["fi"]["slug"] = "asukkaat"
    assert editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY).written == []
    assert editing.values(proj, "fi", it)["slug"] == "vakiluku"


# ---------------------------------------------------------------- preview


def test_the_preview_is_the_page_the_build_writes(proj):
    """After a save, the preview of the item's page is byte for byte the page the build then writes."""
    from generator import loading
    from generator.editing import preview

    it, words = words_of(proj, "metrics.yml", "population")
    words["sv"]["description"] = "Antalet invånare som är stadigvarande bosatta i Karleby."
    result = editing.save_item(proj, it, words, set(), editing.item_version(proj, it), TODAY)
    key = preview.item_page(result.content, "metrics.yml", "population")
    assert key == ("metric", "population")
    base = result.content.site.base_url
    shown = {lang: preview.render(proj, lang, key, base, result.content) for lang in ("fi", "sv")}
    assert "Antalet invånare som är stadigvarande bosatta i Karleby." in shown["sv"].decode()
    # an update's page: its footer links the previous and the next page by their titles (the preview said
    # "Edellinen None", review row 5)
    update = ("update", UPDATE)
    shown_update = {lang: preview.render(proj, lang, update, base, result.content) for lang in ("fi", "sv")}
    pipeline.build(proj)
    for lang, path in (("fi", "mittarit/vakiluku"), ("sv", "matare/folkmangd")):
        assert shown[lang] == (proj.root / "site" / lang / path / "index.html").read_bytes(), lang
    for lang, path in (
        ("fi", f"ajankohtaista/{UPDATE}"),
        ("sv", "aktuellt/2020-04-30-folkmangden-for-2019-publicerad"),
    ):
        built = (proj.root / "site" / lang / path / "index.html").read_bytes()
        assert b"md-footer__link--prev" in built and b"None" not in built
        assert shown_update[lang] == built, lang
    assert preview.page_key(loading.load(proj.content), "sv", "matare/folkmangd/") == key


# ---------------------------------------------------------------- updates


def form(**words) -> editing.UpdateForm:
    base = {lang: {"slug": "", "title": "", "summary": "", "body": ""} for lang in ("fi", "sv")}
    for key, value in words.items():
        lang, name = key.split("_")
        base[lang][name] = value
    return editing.UpdateForm(None, "2026-12-02", ["quality"], ["population"], True, base)


def test_a_new_update_is_written_as_new_update_and_a_hand_edit_write_it(proj, tmp_path):
    f = form(
        fi_title="Uusi väkiluku",
        sv_title="Ny folkmängd",
        fi_summary="Väkiluku julkaistiin.",
        sv_summary="Folkmängden publicerades.",
        fi_body="Teksti.\n\nToinen kappale.",
        sv_body="Text.",
    )
    result = editing.save_update(proj, f, False, editing.update_version(proj, None))
    assert result.ok and result.id == "2026-12-02-uusi-vakiluku"
    other = pipeline.Project(copy_project(tmp_path / "cli"))
    done = CliRunner().invoke(
        cli.main,
        [
            "new-update",
            "--root",
            str(other.root),
            "--title-fi",
            "Uusi väkiluku",
            "--title-sv",
            "Ny folkmängd",
            "--goal",
            "quality",
            "--metric",
            "population",
            "--date",
            "2026-12-02",
        ],
    )
    assert done.exit_code == 0, done.output
    for lang, summary, body in (
        ("fi", "Väkiluku julkaistiin.", "Teksti.\n\nToinen kappale.\n"),
        ("sv", "Folkmängden publicerades.", "Text.\n"),
    ):
        path = other.content / lang / "updates" / f"{result.id}.md"
        path.write_text(path.read_text().replace("summary: ''", f"summary: {summary}") + body)  # the hand edit
    for rel in (f"updates/{result.id}.yml", f"fi/updates/{result.id}.md", f"sv/updates/{result.id}.md"):
        assert (proj.content / rel).read_text() == (other.content / rel).read_text(), rel


def test_publishing_needs_both_languages_at_the_field(proj):
    f = form(
        fi_title="Uusi väkiluku",
        sv_title="Ny folkmängd",
        fi_summary="Väkiluku julkaistiin.",
        fi_body="Teksti.",
        sv_body="Text.",
    )
    assert editing.save_update(proj, f, False, editing.update_version(proj, None)).ok
    before = tree_hashes(proj.content)
    saved = editing.read_update(proj, "2026-12-02-uusi-vakiluku")
    result = editing.save_update(proj, saved, True, editing.update_version(proj, saved.id))
    assert not result.ok and [(e.lang, e.field) for e in result.errors] == [("sv", "summary")]
    assert tree_hashes(proj.content) == before
    saved.words["sv"]["summary"] = "Folkmängden publicerades."
    assert editing.save_update(proj, saved, True, editing.update_version(proj, saved.id)).ok
    assert "draft: false" in (proj.content / "updates" / "2026-12-02-uusi-vakiluku.yml").read_text()


def test_a_published_update_keeps_its_address(proj):
    saved = editing.read_update(proj, UPDATE)
    slug = saved.words["fi"]["slug"]
    saved.words["fi"]["slug"] = "uusi-osoite"
    saved.words["fi"]["title"] = "Vuoden 2019 väkiluku on julkaistu"
    assert editing.save_update(proj, saved, False, editing.update_version(proj, UPDATE)).ok
    again = editing.read_update(proj, UPDATE)
    assert again.words["fi"]["slug"] == slug and not again.draft and again.words["fi"]["title"].endswith("on julkaistu")


def test_the_update_list_has_each_update_once_with_both_titles(proj):
    editing.save_update(proj, form(fi_title="Luonnos"), False, editing.update_version(proj, None))
    listed = editing.list_updates(proj)
    assert [(u.id, u.draft, u.words["fi"]["title"], u.words["sv"]["title"]) for u in listed] == [
        ("2026-12-02-luonnos", True, "Luonnos", ""),
        (UPDATE, False, "Vuoden 2019 väkiluku julkaistu", "Folkmängden för 2019 publicerad"),
    ]


# ---------------------------------------------------------------- the web layer


@pytest.fixture
def client(proj):
    app = create_app(proj, today=lambda: TODAY)
    return app.test_client()


def test_a_forged_post_is_refused_and_writes_nothing(client, proj):
    before = tree_hashes(proj.content)
    it = editing.item(proj, "metrics.yml", "population")
    data = {"version": editing.item_version(proj, it), "fi-name": "Hakkeroitu"}
    refused = client.post("/words/metrics.yml/population", data=data)
    assert refused.status_code == 400 and "Lomaketta ei hyväksytty" in refused.get_data(as_text=True)
    refused = client.post("/words/metrics.yml/population", data=data | {"csrf_token": "forged"})
    assert refused.status_code == 400
    assert tree_hashes(proj.content) == before
    ok = client.post("/words/metrics.yml/population", data=data | {"csrf_token": token(client)})
    assert ok.status_code == 200 and editing.values(proj, "fi", it)["name"] == "Hakkeroitu"


@pytest.mark.parametrize(
    "url",
    [
        "/words/..%2F..%2Fmkdocs.yml/general",
        "/words/../../mkdocs.yml/general",
        "/words/%2Fetc%2Fpasswd/general",
        "/words/metrics.yml/..%2F..%2Fsite",
    ],
)
def test_no_path_outside_content(client, proj, url):
    before = tree_hashes(proj.root)
    answer = client.post(url, data={"csrf_token": token(client), "fi-site_name": "x"}, follow_redirects=True)
    assert answer.status_code in (400, 404)
    assert tree_hashes(proj.root) == before


def test_an_update_id_that_is_a_path_is_refused(client, proj):
    before = tree_hashes(proj.root)
    answer = client.post(
        "/updates/save",
        data={"csrf_token": token(client), "id": "../../mkdocs", "date": "2026-12-02", "fi-title": "x", "version": ""},
    )
    assert answer.status_code == 400
    with pytest.raises(editing.EditError):
        editing.inside_content(proj, "../mkdocs.yml")
    assert tree_hashes(proj.root) == before


def test_a_script_typed_into_a_field_is_shown_as_text(client, proj):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = {
        "csrf_token": token(client),
        "version": editing.update_version(proj, None),
        "date": "2026-12-02",
        "fi-title": "Otsikko " + script,
        "fi-body": "Teksti " + script,
        "action": "save",
    }
    html = client.post("/updates/save", data=data).get_data(as_text=True)
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "Otsikko &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    preview = client.post("/markdown", data={"csrf_token": token(client), "text": script}).get_json()["html"]
    assert "<script" not in preview and "onerror" not in preview
    assert "script-src 'self';" in client.get("/").headers["Content-Security-Policy"]


def test_an_oversized_upload_is_refused(client, proj):
    before = tree_hashes(proj.root)
    answer = client.post("/updates/save", data={"csrf_token": token(client), "fi-body": "x" * (2 * 1024 * 1024)})
    assert answer.status_code == 413 and "liian suuri" in answer.get_data(as_text=True)
    assert tree_hashes(proj.root) == before


def test_the_interface_language_is_chosen_and_remembered(client):
    assert '<html lang="fi">' in client.get("/").get_data(as_text=True)
    chosen = client.post("/language", data={"csrf_token": token(client), "lang": "sv", "next": "/updates"})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/updates"
    page = client.get("/updates").get_data(as_text=True)
    assert '<html lang="sv">' in page and "Alla meddelanden" in page
    assert (
        client.post(
            "/language", data={"csrf_token": token(client), "lang": "sv", "next": "https://evil.example/"}
        ).headers["Location"]
        == "/"
    )


@pytest.fixture
def users(tmp_path) -> Path:
    path = tmp_path / "users.yml"
    auth.add_user(path, "anna", "Anna Andersson", "anna@example.org", "correct horse battery")
    return path


def test_with_users_every_page_asks_for_a_login_and_failures_slow_down(proj, users):
    clock = Clock()
    app = create_app(proj, auth.read_users(users), throttle=auth.Throttle(clock))
    c = app.test_client()
    for url in ("/", "/updates", "/words/metrics.yml/population", "/publish", "/preview/fi/"):
        answer = c.get(url)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")

    def login(password):
        return c.post("/login", data={"csrf_token": token(c, "/login"), "user": "anna", "password": password})

    for _ in range(auth.FREE_FAILURES):
        assert login("wrong password").status_code == 401
    waited = login("correct horse battery")  # 1 s must pass first: refused unchecked
    assert waited.status_code == 429 and "Yritä uudelleen 1 sekunnin kuluttua" in waited.get_data(as_text=True)
    clock.now += 1.5
    assert login("wrong password").status_code == 401  # the next wait is twice as long
    clock.now += 1.5
    assert login("correct horse battery").status_code == 429
    clock.now += 1.0
    assert login("correct horse battery").status_code == 302
    assert c.get("/").status_code == 200


def test_a_wrong_password_keeps_the_user_name_typed(proj, users):
    """The review's small point: a refused login emptied the user name field."""
    from bs4 import BeautifulSoup

    c = create_app(proj, auth.read_users(users)).test_client()
    answer = c.post("/login", data={"csrf_token": token(c, "/login"), "user": "anna", "password": "wrong password"})
    page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
    assert answer.status_code == 401 and page.select_one("#user")["value"] == "anna"
    assert page.select_one("#user")["aria-describedby"] == "login-message"
    assert page.select_one("#login-message").get_text() == "Väärä käyttäjätunnus tai salasana."
    assert page.select_one("#password").get("value") is None  # never the password


def test_beyond_loopback_needs_a_users_file(proj):
    result = CliRunner().invoke(cli.main, ["edit", "--root", str(proj.root), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: listening on 0.0.0.0 makes the editor reachable from other machines; give a users file"
    )


def test_users_file_holds_only_hashes(users):
    text = users.read_text()
    assert "correct horse" not in text and "$argon2id$" in text
    assert auth.verify(auth.read_users(users), "anna", "correct horse battery").name == "Anna Andersson"
    assert auth.verify(auth.read_users(users), "anna", "wrong") is None


def test_publish_commits_with_the_staff_member_as_author(proj, users):
    git_repo(proj.root)
    app = create_app(proj, auth.read_users(users), today=lambda: TODAY)
    c = app.test_client()
    c.post("/login", data={"csrf_token": token(c, "/login"), "user": "anna", "password": "correct horse battery"})
    it = editing.item(proj, "metrics.yml", "population")
    c.post(
        "/words/metrics.yml/population",
        data={
            "csrf_token": token(c),
            "version": editing.item_version(proj, it),
            "fi-name": "Asukasluku",
            "sv-name": "Invånarantal",
        },
    )
    answer = c.post("/publish", data={"csrf_token": token(c)})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    log = subprocess.run(
        ["git", "-C", str(proj.root), "log", "-1", "--format=%an <%ae>%n%B", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert log.splitlines()[:2] == [
        "Anna Andersson <anna@example.org>",
        "Sanoja muutettu: Mittarit › Asukasluku (suomi: Nimi; ruotsi: Nimi) / "
        "Ord ändrade: Mätare › Invånarantal (finska: Namn; svenska: Namn)",
    ]
    assert "content/fi/metrics.yml" in log and "content/sv/metrics.yml" in log
    assert "Asukasluku" in (proj.root / "site" / "fi" / "mittarit" / "vakiluku" / "index.html").read_text()
    # the publish is the content's review: as_of becomes the editor's today, in the same commit, its comment kept
    site_yml = (proj.root / "content" / "site.yml").read_text()
    assert [line for line in site_yml.splitlines() if line.startswith("as_of:")] == [f"as_of: {TODAY.isoformat()}"]
    assert "# The day the content was last reviewed" in site_yml and "content/site.yml" in log
    assert pipeline.loading.load(proj.content).as_of == TODAY


def test_a_publish_on_the_day_of_the_last_review_leaves_site_yml_alone(proj):
    from generator.editing import publishing

    site_yml = proj.content / "site.yml"
    before = site_yml.read_text()
    as_of = pipeline.loading.load(proj.content).as_of
    assert publishing.reviewed_on(proj, {}, as_of) == {}
    later = publishing.reviewed_on(proj, {}, as_of + dt.timedelta(days=1))["site.yml"]
    assert later.replace(f"as_of: {as_of + dt.timedelta(days=1)}", f"as_of: {as_of}") == before
    site_yml.write_text("\n".join(line for line in before.splitlines() if not line.startswith("as_of:")) + "\n")
    assert publishing.reviewed_on(proj, {}, as_of)["site.yml"].endswith(f"\nas_of: {as_of}\n")


def test_a_failed_publish_writes_nothing(proj):
    git_repo(proj.root)
    app = create_app(proj)
    c = app.test_client()
    (proj.root / "mkdocs.yml").write_text(
        (proj.root / "mkdocs.yml").read_text().replace("name: material", "name: no-such-theme")
    )
    head = subprocess.run(["git", "-C", str(proj.root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    answer = c.post("/publish", data={"csrf_token": token(c)})
    assert answer.status_code == 422 and "Sivustoa ei voitu koostaa" in answer.get_data(as_text=True)
    assert not (proj.root / "site").exists()
    assert (
        subprocess.run(["git", "-C", str(proj.root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        == head
    )


# ---------------------------------------------------------------- the editor's own words


def error_codes() -> set[str]:
    """Every error code the content checks can give: the third argument of each `errors.add(...)` and
    `ContentError(...)` in the generator, and pydantic's error types the models can raise."""
    codes = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("add", "ContentError", "refused") and isinstance(node.args[2].value, str):
                    codes.add(node.args[2].value)
    from generator.loading import HINTS

    return codes | {code.replace("_", "-") for code in HINTS}


def test_every_word_and_every_error_code_in_both_languages():
    for section in ("ui", "errors", "fields"):
        for key, texts in MESSAGES[section].items():
            assert set(texts) == {"fi", "sv"} and all(texts.values()), (section, key)
    assert error_codes() - set(MESSAGES["errors"]) == set()
