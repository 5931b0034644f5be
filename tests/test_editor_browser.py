"""The editor as staff use it: `strategy-site edit` running, driven by Playwright in Debian's Chromium.

An update written in both languages and published is on both sites and in both feeds; a missing Swedish
summary blocks publishing at that field and writes nothing; a word edited in Finnish marks its Swedish twin
and `strategy-site check` warns; two people saving one item keep both texts; the security cases against the
real server; axe-core on every editor page in both interface languages; an update written and published with
the keyboard alone; and the editor stopped (SIGTERM, Ctrl+C) mid-publish frees its port.
"""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import feedparser
import pytest

from generator import editing, pipeline
from generator.editor import auth
from tests.support.browser import AXE, RUN_AXE, WCAG_TAGS, submit
from tests.support.editor import PASTED, Editor
from tests.support.serving import port_open
from tests.support.site import tree_hashes
from tests.support.workbooks import workbook


@pytest.fixture
def project(editor_project) -> Path:
    """Here the project is the editor's copy in git (conftest.py's `editor_project`)."""
    return editor_project


@pytest.fixture
def editor(project):
    running = Editor(project, "--author", "Anna Andersson <anna@example.org>")
    yield running
    running.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    tab.errors = errors
    yield tab
    context.close()


def write_update(page, editor, fi: dict, sv: dict, goals=(), metrics=()) -> None:
    page.goto(f"{editor.url}/updates/new")
    for lang, words in (("fi", fi), ("sv", sv)):
        for name, value in words.items():
            page.fill(f"#{lang}-{name}", value)
    for name in goals:
        page.get_by_label(name, exact=True).check()
    for name in metrics:
        page.get_by_role("group", name="Mittarit").get_by_label(name, exact=True).check()


FI = {
    "title": "Työllisyysaste nousi",
    "summary": "Uusin luku on julkaistu.",
    "body": "Työllisyysaste **nousi** vuonna 2019.",
}
SV = {
    "title": "Sysselsättningsgraden steg",
    "summary": "Den senaste siffran är publicerad.",
    "body": "Sysselsättningsgraden **steg** år 2019.",
}
UPDATE_ID = "2026-12-02-tyollisyysaste-nousi"


def test_an_update_written_in_both_languages_is_published_on_both_sites_and_feeds(editor, page, project):
    write_update(page, editor, FI, SV, metrics=["Työllisyysaste"])
    page.fill("#date", "2026-12-02")
    page.fill("#fi-slug", "")
    page.fill("#fi-title", FI["title"])  # the script proposes the address from the title as it is typed
    assert page.input_value("#fi-slug") == "2026-12-02-tyollisyysaste-nousi"
    page.wait_for_function(
        "() => document.querySelector('#fi-preview').innerHTML.includes('<strong>')"
    )  # rendered as typed
    assert page.inner_html("#fi-preview").strip() == "<p>Työllisyysaste <strong>nousi</strong> vuonna 2019.</p>"
    submit(page, page.get_by_role("button", name="Tallenna luonnoksena"))
    assert page.get_by_role("status").inner_text() == "Tallennettu luonnoksena. Luonnos ei näy sivustolla."
    facts = project / "content" / "updates" / f"{UPDATE_ID}.yml"
    assert "draft: true" in facts.read_text() and "- employment-rate" in facts.read_text()
    assert (
        (project / "content" / "sv" / "updates" / f"{UPDATE_ID}.md")
        .read_text()
        .startswith("---\nslug: 2026-12-02-sysselsattningsgraden-steg\ntitle: Sysselsättningsgraden steg\n")
    )
    submit(page, page.get_by_role("button", name="Julkaise tiedote"))
    assert page.get_by_role("status").inner_text().startswith("Julkaistu: sivusto koostettiin")
    assert "draft: false" in facts.read_text()
    site = project / "site"
    fi_page = (site / "fi" / "ajankohtaista" / "2026-12-02-tyollisyysaste-nousi" / "index.html").read_text()
    sv_page = (site / "sv" / "aktuellt" / "2026-12-02-sysselsattningsgraden-steg" / "index.html").read_text()
    assert "<strong>nousi</strong>" in fi_page and "<strong>steg</strong>" in sv_page
    for lang, title in (("fi", FI["title"]), ("sv", SV["title"])):
        feed = feedparser.parse((site / lang / "feed.xml").read_bytes())
        assert feed.entries[0].title == title
    log = subprocess.run(
        ["git", "-C", str(project), "log", "-1", "--format=%an|%s"], capture_output=True, text=True
    ).stdout.strip()
    assert log == (
        "Anna Andersson|Tiedote julkaistu: ”Työllisyysaste nousi” "
        "/ Meddelandet publicerat: ”Sysselsättningsgraden steg”"
    )
    # listed once, with both titles
    page.goto(f"{editor.url}/updates")
    rows = page.locator("tbody tr")
    assert rows.count() == 2 and rows.nth(0).locator("td").all_inner_texts() == [
        "2026-12-02",
        FI["title"],
        SV["title"],
        "Julkaistu",
    ]
    assert page.errors == []


def test_a_missing_swedish_summary_blocks_publishing_at_that_field(editor, page, project):
    write_update(page, editor, FI, {k: v for k, v in SV.items() if k != "summary"})
    page.fill("#date", "2026-12-02")
    submit(page, page.get_by_role("button", name="Tallenna luonnoksena"))
    before = tree_hashes(project / "content")
    submit(page, page.get_by_role("button", name="Julkaise tiedote"))
    field = page.locator("#sv-summary")
    assert field.get_attribute("aria-invalid") == "true"
    message = page.locator("#sv-summary-error")
    assert message.is_visible() and message.inner_text().startswith("Kenttä on tyhjä. Kirjoita teksti.")
    assert "sv-summary-error" in field.get_attribute("aria-describedby")
    assert page.get_by_role("alert").get_by_role("link").first.inner_text().startswith("Ruotsi: Tiivistelmä:")
    assert tree_hashes(project / "content") == before and not (project / "site").exists()
    assert page.input_value("#sv-body") == SV["body"]  # the typed text is kept


def test_a_word_edited_in_finnish_marks_its_swedish_twin(editor, page, project):
    page.goto(f"{editor.url}/words/metrics.yml/population")
    page.fill("#fi-name", "Asukasluku")
    submit(page, page.get_by_role("button", name="Tallenna"))
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Tallennettu. Julkinen sivusto muuttuu, kun julkaiset muutoksen.")
    )
    mark = page.locator("#sv-name-mark")
    assert mark.inner_text().startswith("Tarkista käännös: suomenkielinen teksti muuttui")
    assert "sv-name-mark" in page.locator("#sv-name").get_attribute("aria-describedby")
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--root", str(project)], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert re.fullmatch(
        r"Warning: content/sv/metrics\.yml:\d+: population: name: check the translation: the Finnish words "
        r"changed on \d{4}-\d\d-\d\d \[check-translation\] – .*\n",
        done.stderr,
    ), done.stderr
    page.get_by_label("Käännös on tarkistettu (ruotsi: Nimi)").check()
    submit(page, page.get_by_role("button", name="Tallenna"))
    assert page.locator("#sv-name-mark").count() == 0
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "check", "--root", str(project)], capture_output=True, text=True
        ).stderr
        == ""
    )


def test_two_saves_of_one_item_keep_both_texts(editor, browser, page, project):
    other = browser.new_page()
    try:
        for tab in (page, other):
            tab.goto(f"{editor.url}/words/glossary.yml/vision")
        page.fill("#fi-term", "visio A")
        other.fill("#fi-term", "visio B")
        submit(page, page.get_by_role("button", name="Tallenna"))
        assert page.get_by_role("status").inner_text().startswith("Tallennettu.")
        submit(other, other.get_by_role("button", name="Tallenna"))
        assert other.get_by_role("alert").inner_text().startswith("Joku muu tallensi tämän kohdan sillä välin.")
        assert other.input_value("#fi-term") == "visio B"  # the second text is kept on screen
        assert "visio A" in other.locator(".theirs").first.inner_text()  # and the first is shown beside it
        assert "term: visio A" in (project / "content" / "fi" / "glossary.yml").read_text()
    finally:
        other.close()


def test_a_script_typed_into_a_field_never_runs(editor, page, project):
    script = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    write_update(page, editor, {"title": "Testi " + script, "body": "Teksti " + script}, {})
    page.fill("#date", "2026-12-02")
    submit(page, page.get_by_role("button", name="Tallenna luonnoksena"))
    assert page.locator("h1").inner_text() == "Tiedotteen muokkaus: Testi " + script
    page.goto(f"{editor.url}/updates")
    assert page.get_by_role("link", name="Testi " + script).count() == 1
    assert [e for e in page.errors if e.startswith("dialog")] == []


def post(editor: Editor, path: str, fields: dict, cookie: str = "", raw: bytes | None = None) -> tuple[int, str]:
    body = raw if raw is not None else urllib.parse.urlencode(fields).encode()
    conn = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Origin": "https://evil.example",
            },
        )
        answer = conn.getresponse()
        if answer.status == 308:  # a path normalised (// made /): the same post to where it points
            return post(editor, urllib.parse.urlsplit(answer.getheader("Location")).path, fields, cookie, raw)
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_security_cases_against_the_running_editor(editor, project):
    before = tree_hashes(project)
    it = editing.item(pipeline.Project(project), "metrics.yml", "population")
    version = editing.item_version(pipeline.Project(project), it)
    # a forged post: from another site, without the form's token
    status, text = post(editor, "/words/metrics.yml/population", {"version": version, "fi-name": "Hakkeroitu"})
    assert status == 400 and "Lomaketta ei hyväksytty" in text
    # paths outside content/
    for path in ("/words/..%2F..%2Fmkdocs.yml/general", "/words/%2Fetc%2Fpasswd/general"):
        assert post(editor, path, {"fi-site_name": "x"})[0] in (400, 404)
    # an oversized upload
    status, text = post(editor, "/updates/save", {}, raw=b"fi-body=" + b"x" * (2 * 1024 * 1024))
    assert status == 413
    assert tree_hashes(project) == before


def test_a_wrong_password_is_refused_and_failures_slow_down(project, browser, tmp_path):
    users = tmp_path / "users.yml"
    auth.add_user(users, "anna", "Anna Andersson", "anna@example.org", "correct horse battery")
    running = Editor(project, "--users", str(users), "--host", "127.0.0.1")
    page = browser.new_page()
    try:
        page.goto(f"{running.url}/words")
        assert page.url.startswith(f"{running.url}/login")
        for _attempt in range(auth.FREE_FAILURES):
            page.fill("#user", "anna")
            page.fill("#password", "wrong password")
            submit(page, page.get_by_role("button", name="Kirjaudu sisään"))
            assert page.get_by_role("alert").inner_text() == "Väärä käyttäjätunnus tai salasana."
        page.fill("#user", "anna")
        page.fill("#password", "correct horse battery")
        submit(page, page.get_by_role("button", name="Kirjaudu sisään"))
        assert page.get_by_role("alert").inner_text().startswith("Liian monta epäonnistunutta yritystä.")
        time.sleep(1.2)
        page.fill("#user", "anna")
        page.fill("#password", "correct horse battery")
        submit(page, page.get_by_role("button", name="Kirjaudu sisään"))
        assert page.url == f"{running.url}/words" and "Kirjautunut: Anna Andersson" in page.inner_text("header")
    finally:
        page.close()
        running.stop()


def editor_pages(editor: Editor, page) -> list[str]:
    """Every kind of page the editor has, error states included."""
    urls = [
        "/",
        "/updates",
        "/updates/new",
        "/updates/2020-04-30-vuoden-2019-vakiluku-julkaistu",
        "/words",
        "/publish",
        "/rounds/new",
        "/no-such-page",
    ]
    urls += [
        f"/updates/2020-04-30-vuoden-2019-vakiluku-julkaistu/{step}" for step in ("unpublish", "delete")
    ]  # the confirmations
    urls += [f"/words/{f}/" for f in editing.word_files(pipeline.Project(editor.root), "fi")]
    urls += [
        "/words/metrics.yml/population",
        "/words/strategy.yml/themes.vitality",
        "/words/pages/about.md/about",
        "/words/accessibility.yml/general",
        "/words/ui.yml/strings",
    ]
    return urls


def audit(page) -> list[str]:
    found = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – {'; '.join(v['nodes'][:3])}" for v in found]


def test_every_editor_page_passes_axe(editor, page):
    problems = []
    for lang in ("fi", "sv"):
        page.goto(editor.url + "/")
        submit(page, page.get_by_role("button", name={"fi": "Suomeksi", "sv": "På svenska"}[lang]))
        assert page.locator("html").get_attribute("lang") == lang
        for url in editor_pages(editor, page):
            page.goto(editor.url + url)
            problems += audit(page)
        # the states after a save: errors at fields, a conflict, a mark, a saved message
        page.goto(editor.url + "/updates/new")
        page.fill("#fi-title", "Saavutettavuus")
        submit(page, page.locator("button[value=publish]"))
        problems += audit(page)
        page.goto(editor.url + "/words/glossary.yml/vision")
        page.fill("#fi-term", f"visio {lang}")
        submit(page, page.locator("button.primary"))
        problems += audit(page)
        page.goto(editor.url + "/words/glossary.yml/vision")
        page.evaluate("document.querySelector('input[name=version]').value = 'old'")
        submit(page, page.locator("button.primary"))
        problems += audit(page)
        page.goto(editor.url + "/rounds/new")  # a round with a bad cell, shown as a table
        page.fill("#pasted", PASTED.replace("\t10,4\t", "\tx\t"))
        submit(page, page.locator("button[value=check]"))
        problems += audit(page)
    assert not problems, "\n".join(problems)
    # the audit sees a fault: a field without its label
    page.goto(editor.url + "/updates/new")
    page.evaluate("document.querySelector('label[for=fi-title]').remove()")
    assert any(": label (" in p for p in audit(page))


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Move the focus with the Tab key alone until it is on `selector`; each control on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus not visible"
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_an_update_is_written_and_published_with_the_keyboard_alone(editor, page, project):
    page.goto(editor.url + "/")
    tab_to(page, "a[href='/updates/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(editor.url + "/updates/new")
    tab_to(page, "#date")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026-12-02")
    for lang, words in (("fi", FI), ("sv", SV)):
        for name in ("title", "summary", "body"):
            tab_to(page, f"#{lang}-{name}")
            page.keyboard.type(words[name])
    tab_to(page, "input[name=metrics][value=employment-rate]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=publish]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("Julkaistu: sivusto koostettiin")
    assert (project / "site" / "sv" / "aktuellt" / "2026-12-02-sysselsattningsgraden-steg" / "index.html").is_file()
    assert "- employment-rate" in (project / "content" / "updates" / f"{UPDATE_ID}.yml").read_text()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_editor_mid_publish_frees_its_port(project, sig):
    running = Editor(project, "--author", "Anna Andersson <anna@example.org>")
    conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
    conn.request("GET", "/publish")
    answer = conn.getresponse()
    token = re.search(r'name="csrf_token" value="([^"]+)"', answer.read().decode()).group(1)
    cookie = answer.getheader("Set-Cookie").split(";")[0]
    conn.request(
        "POST",
        "/publish",
        body=urllib.parse.urlencode({"csrf_token": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    end = time.monotonic() + 30
    while not (project / ".site.staging").exists() and time.monotonic() < end:  # the build is under way
        time.sleep(0.02)
    assert (project / ".site.staging").exists(), "the build did not start"
    seconds = running.stop(sig)
    conn.close()
    assert seconds < 2, f"the editor took {seconds:.1f} s to stop (it finished the build first)"
    assert running.proc.returncode == 128 + sig and not port_open(running.port)
    survivors = subprocess.run(
        ["pgrep", "-f", f"--root {project} --port {running.port}"], capture_output=True, text=True
    ).stdout
    assert survivors == ""
    site = project / "site"
    assert not site.exists() or (site / "fi" / "index.html").is_file()  # the old site (none) or the new one, whole


ROUND_CSV = (
    "metric,period,value,source,note_fi,note_sv\n"
    "population,2020-12-31,47909,kokkola-in-figures-population,,\n"
    "unemployment-rate,2020,10.4,kokkola-in-figures-employment,Arvio,Uppskattning\n"
)


def test_a_round_pasted_from_a_spreadsheet_shows_each_problem_at_its_cell(editor, page, project):
    page.goto(editor.url + "/rounds/new")
    page.fill("#date", "2021-04-30")
    page.fill("#pasted", PASTED.replace("\t10,4\t", "\tkymmenen\t"))
    with page.expect_navigation():
        page.get_by_role("button", name="Tarkista ja tallenna").click()
    cell = page.locator("#cell-3-value")
    assert cell.locator(".field-error").inner_text().startswith("Arvo ei ole luku.")
    assert (
        page.get_by_role("alert")
        .get_by_role("link")
        .first.inner_text()
        .startswith("Arvo ei ole luku. ('kymmenen') (liitetyt solut, rivi 3, sarake value)")
    )
    assert not (project / "content" / "snapshots" / "2021-04-30.csv").exists()
    page.fill(
        "#pasted", page.input_value("#pasted").replace("\tkymmenen\t", "\t10.4\t")
    )  # corrected in the cells as read
    with page.expect_navigation():
        page.get_by_role("button", name="Tarkista ja tallenna").click()
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Seurantakierros 2021-04-30 tallennettu. Julkinen sivusto muuttuu")
    )
    assert (project / "content" / "snapshots" / "2021-04-30.csv").read_text() == ROUND_CSV
    with page.expect_navigation(timeout=60000):
        page.get_by_role("link", name="Esikatsele sivua: ruotsi").click()
    assert "47 909" in page.locator("article").inner_text().replace("\u00a0", " ")
    assert page.locator("html").get_attribute("lang") == "sv"


def test_a_round_uploaded_as_a_workbook(editor, page, project, tmp_path):
    path = tmp_path / "kierros.xlsx"
    path.write_bytes(
        workbook(
            [
                ["Folkmängd", "31.12.2020", 47909, "kokkola-in-figures-population", None, None],
                ["unemployment-rate", 2020, 10.4, "kokkola-in-figures-employment", "Arvio", "Uppskattning"],
            ]
        )
    )
    page.goto(editor.url + "/rounds/new")
    page.fill("#date", "2021-04-30")
    page.set_input_files("#file", str(path))
    submit(page, page.get_by_role("button", name="Tarkista", exact=True))
    assert page.locator("caption").inner_text() == "Luetut rivit: 2"
    headers = [th.inner_text() for th in page.locator("table.round thead th").all()]
    assert headers == [
        "Rivi",
        "Mittari (metric)",
        "Ajanjakso (period)",
        "Arvo (value)",
        "Lähde (source)",
        "Huomautus, suomi (note_fi)",
        "Huomautus, ruotsi (note_sv)",
    ]
    # the workbook to fill in, offered as a download (the review: the page told staff to run a command)
    with page.expect_download() as info:
        page.get_by_role("button", name="Lataa täytettävä pohja (Excel) kierrokselle 2021-04-30").click()
    from io import BytesIO

    import openpyxl

    sheet = openpyxl.load_workbook(BytesIO(Path(info.value.path()).read_bytes())).worksheets[0]
    assert info.value.suggested_filename == "round-2021-04-30.xlsx" and sheet.title == "Kierros 2021-04-30"
    from generator import loading

    typed_in = [m.id for m in loading.load(project / "content").metrics if not m.formula]  # computed ones are not
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == typed_in
    assert not (project / "content" / "snapshots" / "2021-04-30.csv").exists()  # checked, not saved
    page.set_input_files("#file", str(path))
    submit(page, page.get_by_role("button", name="Tarkista ja tallenna"))
    assert (project / "content" / "snapshots" / "2021-04-30.csv").read_text() == ROUND_CSV
    page.goto(editor.url + "/publish")
    assert "Seurantakierros tallennettu: 2021-04-30 (2 lukua; kierros.xlsx)" in page.inner_text("main")
