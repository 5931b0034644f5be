"""The usability points of the editor review (issue 22, point 7): typed text is kept on every refusal, saved
changes to published content say that the site changes when they are published, updates can be unpublished
and deleted (confirmed, committed), the history of an update and of an item is shown, the Words menu speaks of
what staff know (names, never files or ids), every string is Finnish or Swedish (pending changes and commit
messages included), the preview equals the built page, and no screen scrolls sideways at 390 px.

The fast cases use Flask's test client with real HTML parsed by BeautifulSoup and real builds; the screens
are measured in Chromium against the running editor (`strategy-site edit`, tests/support/editor.py's
Editor)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import editing, pipeline
from generator.editing import commits, publishing
from generator.editor import auth
from generator.editor.app import MAX_UPLOAD, MESSAGES, create_app
from tests.support.browser import submit
from tests.support.editor import PASTED, TODAY, UPDATE, Editor, git_repo, token
from tests.support.project import copy_for_editor
from tests.support.site import tree_hashes

FI = {
    "title": "Työllisyysaste nousi",
    "summary": "Uusin luku on julkaistu.",
    "body": "Työllisyysaste nousi vuonna 2019.",
}
SV = {
    "title": "Sysselsättningsgraden steg",
    "summary": "Den senaste siffran är publicerad.",
    "body": "Sysselsättningsgraden steg år 2019.",
}
NEW_ID = "2026-12-02-tyollisyysaste-nousi"
ANNA = commits.Author("Anna Andersson", "anna@example.org")


@pytest.fixture
def client(proj):
    return create_app(proj, author=ANNA, today=lambda: TODAY).test_client()


def soup(answer) -> BeautifulSoup:
    return BeautifulSoup(answer.get_data(as_text=True), "html.parser")


def update_data(client, proj, update_id=None, action="save", fi=FI, sv=SV, **extra) -> dict:
    data = {
        "csrf_token": token(client),
        "id": update_id or "",
        "version": editing.update_version(proj, update_id),
        "date": "2026-12-02",
        "action": action,
        "draft": "1",
        "metrics": ["employment-rate"],
    }
    for lang, words in (("fi", fi), ("sv", sv)):
        for name in ("slug", "title", "summary", "body"):
            data[f"{lang}-{name}"] = words.get(name, "")
    return data | extra


def visible_text(page: BeautifulSoup) -> str:
    """What the screen says, without the collapsed technical details."""
    for hidden in page.select("details"):
        hidden.decompose()
    return page.get_text(" ")


def git_log(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "log", *args], capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- what was typed stays (rows 14, 34; usability 1)


@pytest.mark.parametrize("title", ["???", "!!!"])
def test_a_title_without_letters_is_an_error_at_the_title_and_the_form_stays(client, proj, title):
    before = tree_hashes(proj.content)
    answer = client.post("/updates/save", data=update_data(client, proj, fi=FI | {"title": title}))
    assert answer.status_code == 422
    page = soup(answer)
    assert page.select_one("#fi-title")["aria-invalid"] == "true" and page.select_one("#fi-title")["value"] == title
    assert page.select_one("#fi-title-error").get_text().startswith("Otsikosta ei saa osoitetta")
    assert (
        page.select_one("#sv-body").get_text() == SV["body"]
        and page.select_one("#fi-summary").get_text() == FI["summary"]
    )
    assert page.select_one("input[name=metrics][value=employment-rate]").has_attr("checked")
    assert tree_hashes(proj.content) == before
    client.set_cookie("editor_lang", "sv")
    page = soup(client.post("/updates/save", data=update_data(client, proj, fi=FI | {"title": title})))
    assert page.select_one("#fi-title-error").get_text().startswith("Rubriken ger ingen adress")


def test_a_forged_update_id_keeps_the_typed_text(client, proj):
    answer = client.post("/updates/save", data=update_data(client, proj) | {"id": "../../mkdocs"})
    assert answer.status_code == 400
    page = soup(answer)
    assert page.select_one("#fi-body").get_text() == FI["body"] and page.select_one("[role=alert]")


def test_an_expired_form_comes_back_with_the_typed_text_and_a_new_token(client, proj):
    """A token the editor no longer accepts (it was restarted, say): nothing is saved, the words typed come
    back with a token that works, and saving again succeeds."""
    before = tree_hashes(proj.content)
    answer = client.post("/updates/save", data=update_data(client, proj) | {"csrf_token": "expired"})
    assert answer.status_code == 400 and tree_hashes(proj.content) == before
    page = soup(answer)
    assert (
        page.select_one("[role=alert]").get_text(" ", strip=True).startswith("Lomaketta ei hyväksytty")
        and "tallella alla" in page.select_one("[role=alert]").get_text()
    )
    assert page.select_one("#fi-body").get_text() == FI["body"] and page.select_one("#sv-title")["value"] == SV["title"]
    again = {
        i["name"]: i.get("value", "")
        for i in page.select("form input[name]")
        if i.get("type") not in ("checkbox", "submit")
    }
    assert again["csrf_token"] != "expired"
    data = update_data(client, proj) | {"csrf_token": again["csrf_token"]}
    assert client.post("/updates/save", data=data).status_code == 200
    assert (proj.content / "updates" / f"{NEW_ID}.yml").is_file()


def test_an_oversized_form_names_the_limit_and_how_to_go_back(client, proj):
    page = soup(client.get("/updates/new"))
    assert int(page.body["data-max-upload"]) == MAX_UPLOAD and page.body["data-too-large"].startswith(
        "Teksti tai tiedosto on liian suuri"
    )
    answer = client.post("/updates/save", data={"csrf_token": token(client), "fi-body": "x" * (2 * MAX_UPLOAD)})
    assert answer.status_code == 413
    text = soup(answer).get_text(" ")
    assert "enintään 1 Mt" in text and "Takaisin" in text and "kirjoittamasi teksti" in text


# ---------------------------------------------------------------- conflicts (rows 12, 13; usability 8)


def test_an_update_conflict_shows_the_other_version_and_a_second_save_overwrites(client, proj):
    editing.save_update(proj, editing.read_update(proj, UPDATE), False, editing.update_version(proj, UPDATE))
    mine = update_data(client, proj, UPDATE, fi=FI | {"summary": "Minun tiivistelmäni."})
    theirs = update_data(client, proj, UPDATE, fi=FI | {"summary": "Toisen tiivistelmä."})
    assert client.post("/updates/save", data=theirs).status_code == 200
    answer = client.post("/updates/save", data=mine)
    assert answer.status_code == 409
    page = soup(answer)
    assert page.select_one("#fi-summary").get_text() == "Minun tiivistelmäni."  # mine kept
    shown = {el["data-for"]: el.get_text(" ", strip=True) for el in page.select(".theirs")}
    assert (
        "Toisen tiivistelmä." in shown["fi-summary"]
        and FI["title"] in shown["fi-title"]
        and SV["body"] in shown["sv-body"]
    )
    assert "korvaa" in page.select_one("[role=alert]").get_text()
    again = {el["name"]: el.get("value", "") for el in page.select("form.update input[type=hidden]")}
    assert again["version"] == editing.update_version(proj, UPDATE)  # the version seen on the conflict page
    second = client.post("/updates/save", data=mine | {"version": again["version"], "csrf_token": again["csrf_token"]})
    assert second.status_code == 200
    assert editing.read_update(proj, UPDATE).words["fi"]["summary"] == "Minun tiivistelmäni."


def test_a_words_conflict_can_be_saved_again_once_seen(client, proj):
    it = editing.item(proj, "glossary.yml", "vision")
    seen = editing.item_version(proj, it)
    url = "/words/glossary.yml/vision"
    assert (
        client.post(url, data={"csrf_token": token(client), "version": seen, "fi-term": "visio A"}).status_code == 200
    )
    answer = client.post(url, data={"csrf_token": token(client), "version": seen, "fi-term": "visio B"})
    assert answer.status_code == 409
    page = soup(answer)
    assert "visio A" in page.select_one(".theirs").get_text() and "korvaa" in page.select_one("[role=alert]").get_text()
    version = page.select_one("input[name=version]")["value"]
    assert (
        client.post(url, data={"csrf_token": token(client), "version": version, "fi-term": "visio B"}).status_code
        == 200
    )
    assert editing.values(proj, "fi", it)["term"] == "visio B"


# ---------------------------------------------------------------- saved is not yet public (row 15; usability 3)


def test_saving_published_content_says_the_site_changes_when_published(client, proj):
    data = update_data(client, proj, UPDATE, fi=FI, sv=SV)
    page = soup(client.post("/updates/save", data=data))
    status = page.select_one("[role=status]")
    assert status.get_text(" ", strip=True).startswith(
        "Tallennettu. Julkinen sivusto muuttuu, kun julkaiset muutoksen."
    )
    assert status.select_one("a[href='/publish']").get_text(strip=True) == "Julkaise sivusto"
    it = editing.item(proj, "metrics.yml", "population")
    page = soup(
        client.post(
            "/words/metrics.yml/population",
            data={"csrf_token": token(client), "version": editing.item_version(proj, it), "fi-name": "Asukasluku"},
        )
    )
    assert (
        page.select_one("[role=status] a[href='/publish']")
        and "kun julkaiset" in page.select_one("[role=status]").get_text()
    )
    home = soup(client.get("/")).get_text(" ")
    assert "Julkaisemattomia muutoksia: 2" in home
    draft = soup(client.post("/updates/save", data=update_data(client, proj)))
    assert (
        draft.select_one("[role=status]").get_text(strip=True) == "Tallennettu luonnoksena. Luonnos ei näy sivustolla."
    )


def test_publishing_an_update_counts_pages_in_good_grammar_after_a_summary(client, proj):
    page = soup(client.get(f"/updates/{UPDATE}"))
    assert page.select_one("form.update button[type=submit]")["value"] == "save"  # Enter in a field saves (row 41)
    client.post("/updates/save", data=update_data(client, proj))
    draft = soup(client.get(f"/updates/{NEW_ID}"))
    assert draft.select_one("form.update button[type=submit]")["value"] == "save"
    summary = draft.select_one("#publish-summary").get_text(" ", strip=True)
    assert "suomeksi ja ruotsiksi" in summary and "Luonnos tallennettu" in summary  # what goes out with it
    answer = client.post("/updates/save", data=update_data(client, proj, NEW_ID, action="publish"))
    text = soup(answer).select_one("[role=status]").get_text(" ", strip=True)
    pages = sum(1 for p in (proj.root / "docs").rglob("*") if p.is_file())  # what the build generated, as it counts
    assert re.fullmatch(
        r"Julkaistu: sivusto koostettiin \((\d[\d\u00a0]*) sivua\)\. Tiedote näkyy nyt sivustolla\.", text
    ), text
    assert int(re.search(r"\((\d[\d\u00a0]*)", text).group(1).replace("\u00a0", "")) == pages


# ---------------------------------------------------------------- unpublish, delete, history (usability 2)


def test_a_published_update_is_unpublished_after_a_confirmation_and_committed(proj):
    git_repo(proj.root)
    c = create_app(proj, author=ANNA, today=lambda: TODAY).test_client()
    pipeline.build(proj)
    page_file = proj.root / "site" / "fi" / "ajankohtaista" / UPDATE / "index.html"
    assert page_file.is_file()
    edit = soup(c.get(f"/updates/{UPDATE}"))
    assert edit.select_one(f"a[href='/updates/{UPDATE}/unpublish']").get_text(strip=True) == "Poista julkaisusta"
    confirm = c.get(f"/updates/{UPDATE}/unpublish")
    page = soup(confirm)
    assert page.h1.get_text(strip=True) == "Poistetaanko tiedote julkaisusta?"
    assert [b.get_text(strip=True) for b in page.select("main form button")] == ["Poista julkaisusta"]
    assert page.select_one(f"main a[href='/updates/{UPDATE}']").get_text(strip=True) == "Peruuta"
    assert "Vuoden 2019 väkiluku julkaistu" in page.get_text() and "Folkmängden för 2019 publicerad" in page.get_text()
    assert page_file.is_file() and "draft: false" in (proj.content / "updates" / f"{UPDATE}.yml").read_text()
    form = {i["name"]: i.get("value", "") for i in page.select("main form input")}
    assert c.post(f"/updates/{UPDATE}/unpublish", data=form | {"csrf_token": "forged"}).status_code == 400
    assert c.get(f"/updates/{UPDATE}/unpublish", follow_redirects=False).status_code == 200 and page_file.is_file()
    done = c.post(f"/updates/{UPDATE}/unpublish", data=form)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert (
        soup(done).select_one("[role=status]").get_text(" ", strip=True).startswith("Tiedote poistettiin julkaisusta")
    )
    assert not page_file.exists() and "draft: true" in (proj.content / "updates" / f"{UPDATE}.yml").read_text()
    log = git_log(proj.root, "-1", "--format=%an|%s")
    assert log.strip() == (
        "Anna Andersson|Tiedote poistettu julkaisusta: ”Vuoden 2019 väkiluku julkaistu” / "
        "Meddelandet avpublicerat: ”Folkmängden för 2019 publicerad”"
    )
    assert (
        git_log(proj.root, "--oneline").count("\n") == 2
        and subprocess.run(
            ["git", "-C", str(proj.root), "status", "--porcelain", "content"], capture_output=True, text=True
        ).stdout
        == ""
    )


def test_an_update_is_deleted_after_a_confirmation_and_committed(proj):
    git_repo(proj.root)
    c = create_app(proj, author=ANNA, today=lambda: TODAY).test_client()
    pipeline.build(proj)
    assert (proj.root / "site" / "sv" / "aktuellt" / "2020-04-30-folkmangden-for-2019-publicerad").is_dir()
    c.set_cookie("editor_lang", "sv")
    page = soup(c.get(f"/updates/{UPDATE}/delete"))
    assert page.h1.get_text(strip=True) == "Radera meddelandet?"
    assert [b.get_text(strip=True) for b in page.select("main form button")] == ["Radera meddelandet"]
    form = {i["name"]: i.get("value", "") for i in page.select("main form input")}
    stale = form | {"version": "old"}
    refused = c.post(f"/updates/{UPDATE}/delete", data=stale)
    assert refused.status_code == 409 and (proj.content / "updates" / f"{UPDATE}.yml").exists()
    done = c.post(f"/updates/{UPDATE}/delete", data=form)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert soup(done).select_one("[role=status]").get_text(" ", strip=True).startswith("Meddelandet raderades")
    for rel in (f"updates/{UPDATE}.yml", f"fi/updates/{UPDATE}.md", f"sv/updates/{UPDATE}.md"):
        assert not (proj.content / rel).exists(), rel
    assert not (proj.root / "site" / "sv" / "aktuellt" / "2020-04-30-folkmangden-for-2019-publicerad").exists()
    assert git_log(proj.root, "-1", "--format=%s").strip() == (
        "Tiedote poistettu: ”Vuoden 2019 väkiluku julkaistu” / Meddelandet raderat: ”Folkmängden för 2019 publicerad”"
    )
    assert c.get(f"/updates/{UPDATE}").status_code == 404


def test_a_draft_is_deleted_and_the_deletion_committed(client, proj):
    git_repo(proj.root)
    client.post("/updates/save", data=update_data(client, proj))
    for args in (["add", "-A"], ["commit", "-qm", "the draft, as the next publish commits it"]):
        subprocess.run(["git", "-C", str(proj.root), *args], check=True)
    assert f"content/updates/{NEW_ID}.yml" in git_log(proj.root, "-1", "--name-only")
    page = soup(client.get(f"/updates/{NEW_ID}"))
    assert page.select_one(f"a[href='/updates/{NEW_ID}/delete']") and not page.select_one(
        f"a[href='/updates/{NEW_ID}/unpublish']"
    )
    form = {
        i["name"]: i.get("value", "") for i in soup(client.get(f"/updates/{NEW_ID}/delete")).select("main form input")
    }
    assert client.post(f"/updates/{NEW_ID}/delete", data=form).status_code == 200
    assert not (proj.content / "updates" / f"{NEW_ID}.yml").exists()
    assert git_log(proj.root, "-1", "--format=%s").startswith("Tiedote poistettu: ”Työllisyysaste nousi”")
    assert (
        subprocess.run(
            ["git", "-C", str(proj.root), "status", "--porcelain", "content"], capture_output=True, text=True
        ).stdout
        == ""
    )


def test_the_history_of_an_update_and_of_an_item_says_who_and_when(proj):
    from generator.editing import history

    git_repo(proj.root)
    c = create_app(proj, author=ANNA, today=lambda: TODAY).test_client()
    data = update_data(
        c,
        proj,
        UPDATE,
        fi=editing.read_update(proj, UPDATE).words["fi"] | {"summary": "Uusi tiivistelmä."},
        sv=editing.read_update(proj, UPDATE).words["sv"],
    )
    c.post("/updates/save", data=data)
    c.post("/publish", data={"csrf_token": token(c)})
    found = history.of_files(proj, [f"content/updates/{UPDATE}.yml", f"content/fi/updates/{UPDATE}.md"])
    assert found.tracked and [e.author for e in found.entries] == ["Anna Andersson", "CI"]
    page = soup(c.get(f"/updates/{UPDATE}"))
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td, th")] for tr in page.select("#history tbody tr")]
    assert len(rows) == 2 and rows[0][1] == "Anna Andersson" and rows[1][1] == "CI"
    when = found.entries[0].when
    months = ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta"]
    months += ["elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"]
    assert rows[0][0].startswith(f"{when.day}. {months[when.month - 1]} {when.year}")
    assert rows[0][2].startswith("Tiedotetta muokattu: ”Vuoden 2019 väkiluku julkaistu”")
    c.set_cookie("editor_lang", "sv")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td, th")]
        for tr in soup(c.get("/words/metrics.yml/population")).select("#history tbody tr")
    ]
    assert len(rows) == 1 and rows[0][1] == "CI" and re.match(rf"{when.day} [a-zåäö]+ {when.year}", rows[0][0])


def test_without_git_the_history_says_so(client, proj):
    from generator.editing import history

    found = history.of_files(proj, [f"content/updates/{UPDATE}.yml"])
    assert not found.tracked and found.entries == []
    assert "ei ole versionhallinnassa" in soup(client.get(f"/updates/{UPDATE}")).select_one("#history").get_text()


# ---------------------------------------------------------------- names, never files or ids (usability 4)


def test_the_words_menu_names_what_staff_know(client, proj):
    for lang, expected in (
        (
            "fi",
            [
                "Strategia",
                "Mittarit",
                "Lähteet ja tilastot",
                "Sanasto",
                "Saavutettavuusseloste",
                "Sivuston käyttöliittymän tekstit",
                "Tietoa sivustosta",
            ],
        ),
        (
            "sv",
            [
                "Strategin",
                "Mätare",
                "Källor och statistik",
                "Ordlista",
                "Tillgänglighetsutlåtande",
                "Webbplatsens gränssnittstexter",
                "Om webbplatsen",
            ],
        ),
    ):
        client.set_cookie("editor_lang", lang)
        page = soup(client.get("/words"))
        names = [a.get_text(strip=True) for a in page.select("main tbody a")]
        assert [n.split(":")[0] for n in names] == expected, names
        text = page.select_one("main").get_text(" ")
        assert ".yml" not in text and ".md" not in text and "pages/" not in text
    client.set_cookie("editor_lang", "fi")
    for file in editing.word_files(proj, "fi"):
        page = soup(client.get(f"/words/{file}/"))
        main = page.select_one("main").get_text(" ")
        assert ".yml" not in main and ".md" not in main and file not in page.title.get_text(), file
        for it in editing.items(proj, file):
            if it.id != "general" and not it.id.startswith("plurals."):
                assert f"({it.id})" not in main and not re.search(rf"(?<![\w-]){re.escape(it.id)}(?![\w-])", main), (
                    file,
                    it.id,
                )
    item = soup(client.get("/words/strategy.yml/goals.quality"))
    shown = item.select_one("main").get_text(" ")
    assert item.h1.get_text(strip=True) == "Laadukas" and "goals.quality" not in shown and "strategy.yml" not in shown
    assert [a.get_text(strip=True) for a in item.select(".crumbs a")] == [
        "Sanat",
        "Strategia: visio, teemat, päämäärät ja tavoitteet",
    ]
    legends = [
        lg.get_text(" ", strip=True)
        for lg in soup(client.get("/words/strategy.yml/situation")).select("fieldset.row legend")
    ]
    assert legends and not any("key-indicators" in lg or "attractive-city" in lg for lg in legends)


def test_no_english_and_no_technical_words_on_the_screens(client, proj):
    """Field labels, the pending list, error details (collapsed), published counts."""
    page = soup(client.get("/updates/new"))
    labels = [lb.get_text(" ", strip=True) for lb in page.select("label")]
    assert (
        "Osoite (suomi)" in labels
        and "Teksti (suomi)" in labels
        and not any("slug" in lb or "Markdown" in lb for lb in labels)
    )
    # a publish with the Swedish half empty: every error at once, in Finnish, the file and line under "Paikka …"
    answer = client.post("/updates/save", data=update_data(client, proj, action="publish", sv={}))
    page = soup(answer)
    links = [a.get_text(" ", strip=True) for a in page.select(".errors a")]
    assert any(link.startswith("Ruotsi: Otsikko:") for link in links) and any(
        link.startswith("Ruotsi: Teksti:") for link in links
    ), links
    assert not any(link.startswith("Ruotsi: Osoite:") for link in links), (
        links
    )  # not an error of its own when the title is empty
    assert [d.summary.get_text(strip=True) for d in page.select(".errors details")][:1] == [
        "Paikka sisällön tiedostoissa"
    ]
    assert page.select('[lang="en"]') == [] and "required" not in page.get_text()  # no English, collapsed or not
    shown = visible_text(page)
    assert "content/" not in shown and "required" not in shown and "String should" not in shown
    assert "^[a-z0-9]" not in page.get_text()  # the slug's pattern is never shown
    bad_slug = soup(
        client.post("/updates/save", data=update_data(client, proj, action="publish", fi=FI | {"slug": "Iso Kirjain"}))
    )
    assert (
        bad_slug.select_one("#fi-slug-error")
        .get_text(strip=True)
        .startswith("Osoitteessa saa olla vain pieniä kirjaimia")
    )
    assert "https" not in bad_slug.select_one("#fi-slug-error").get_text() and "^[a-z0-9]" not in bad_slug.get_text()
    # the pending list and the commit message: in Finnish and Swedish
    client.post("/updates/save", data=update_data(client, proj))
    it = editing.item(proj, "metrics.yml", "population")
    client.post(
        "/words/metrics.yml/population",
        data={
            "csrf_token": token(client),
            "version": editing.item_version(proj, it),
            "fi-name": "Asukasluku",
            "sv-name": "Invånarantal",
        },
    )
    assert publishing.pending(proj) == [
        "Luonnos tallennettu: ”Työllisyysaste nousi” / Utkast sparat: ”Sysselsättningsgraden steg”",
        "Sanoja muutettu: Mittarit › Asukasluku (suomi: Nimi; ruotsi: Nimi) "
        "/ Ord ändrade: Mätare › Invånarantal (finska: Namn; svenska: Namn)",
    ]
    items = [li.get_text(" ", strip=True) for li in soup(client.get("/publish")).select("#pending li")]
    assert items == publishing.pending(proj)
    assert publishing.commit_message(publishing.pending(proj)).splitlines()[0] == (
        "Luonnos tallennettu: ”Työllisyysaste nousi” / Utkast sparat: ”Sysselsättningsgraden steg” (+1 muuta / +1 till)"
    )
    assert publishing.commit_message([]) == "Julkaisu editorista / Publicering från redigeraren"


def test_every_new_word_in_both_languages():
    for key in (
        "saved_published",
        "unpublish",
        "delete",
        "confirm_unpublish",
        "confirm_delete",
        "history",
        "history_no_repo",
        "slug_pattern",
        "too_large_back",
        "too_large_client",
        "n_pages",
        "conflict_update",
    ):
        texts = MESSAGES["ui"][key]
        assert set(texts) == {"fi", "sv"} and all(texts.values()), key
    assert set(MESSAGES["errors"]["title-no-letters"]) == {"fi", "sv"}
    for key, texts in [*MESSAGES["word_groups"].items(), *MESSAGES["word_sections"].items()]:
        assert set(texts) == {"fi", "sv"} and all(texts.values()), key


# ------------------------------------------------------- in Chromium: phones, Enter, size (rows 17, 41; usability 1, 5)


@pytest.fixture
def running(tmp_path):
    """The editor on a copy in git, with a users file (so that the login page is one of the screens)."""
    root = copy_for_editor(tmp_path / "project")
    git_repo(root)
    users = tmp_path / "users.yml"
    auth.add_user(users, "anna", "Anna Andersson", "anna@example.org", "correct horse battery")
    editor = Editor(root, "--users", str(users))
    yield editor
    editor.stop()


def sign_in(page, editor) -> None:
    page.goto(f"{editor.url}/login")
    page.fill("#user", "anna")
    page.fill("#password", "correct horse battery")
    submit(page, page.locator("form.login button[type=submit]"))
    page.wait_for_url(f"{editor.url}/")


def too_wide(page, label: str) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    return [f"{label}: {width} px"] if width > 390 else []


def test_no_screen_scrolls_sideways_on_a_phone_in_either_language(running, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide: list[str] = []
    urls = [
        "/",
        "/updates",
        "/updates/new",
        f"/updates/{UPDATE}",
        f"/updates/{UPDATE}/unpublish",
        f"/updates/{UPDATE}/delete",
        "/words",
        "/words/metrics.yml/population",
        "/words/strategy.yml/situation",
        "/words/pages/about.md/about",
        "/rounds/new",
        "/publish",
        "/no-such-page",
    ]
    urls += [f"/words/{f}/" for f in editing.word_files(pipeline.Project(running.root), "fi")]
    try:
        for lang, button in (("fi", "Suomeksi"), ("sv", "På svenska")):
            page.goto(f"{running.url}/login")
            submit(page, page.get_by_role("button", name=button))
            assert page.locator("html").get_attribute("lang") == lang
            wide += too_wide(page, f"{lang} /login")
            sign_in(page, running)
            for url in urls:
                page.goto(running.url + url)
                wide += too_wide(page, f"{lang} {url}")
            page.goto(f"{running.url}/rounds/new")  # a round with an error at a cell, as a table
            page.fill("#pasted", PASTED.replace("\t10,4\t", "\tx\t"))
            submit(page, page.locator("button[value=check]"))
            assert page.locator(".bad-cell").count() == 1
            wide += too_wide(page, f"{lang} round with errors")
            page.goto(f"{running.url}/updates/new")  # an update refused with errors at its fields
            page.fill("#fi-title", "Saavutettavuus")
            submit(page, page.locator("button[value=publish]"))
            assert page.locator(".errors").count() == 1
            wide += too_wide(page, f"{lang} update with errors")
            submit(page, page.locator("form.logout button"))
    finally:
        context.close()
    assert wide == [], wide


def test_enter_in_a_title_saves_the_draft_and_a_too_large_text_is_stopped_before_sending(running, browser):
    page = browser.new_page()
    try:
        sign_in(page, running)
        page.goto(f"{running.url}/updates/new")
        page.fill("#date", "2026-12-02")
        page.fill("#fi-title", FI["title"])
        with page.expect_navigation():
            page.press("#fi-title", "Enter")
        assert page.get_by_role("status").inner_text() == "Tallennettu luonnoksena. Luonnos ei näy sivustolla."
        assert (running.root / "content" / "updates" / f"{NEW_ID}.yml").is_file()
        before = tree_hashes(running.root / "content")
        page.evaluate("document.querySelector('#sv-body').value = 'å'.repeat(600000)")  # 1.2 MB as UTF-8, more encoded
        page.get_by_role("button", name="Tallenna luonnoksena").click()  # stopped in the page: nothing is sent
        alert = page.locator("#too-large")
        assert alert.get_attribute("role") == "alert" and alert.inner_text().startswith(
            "Teksti tai tiedosto on liian suuri lähetettäväksi (enintään 1 Mt, nyt"
        )
        assert page.url.endswith(f"/updates/{NEW_ID}") or page.url.endswith("/updates/save")
        assert len(page.input_value("#sv-body")) == 600000 and page.input_value("#fi-title") == FI["title"]
        assert tree_hashes(running.root / "content") == before
        # sent anyway (a browser without the script): the error page names the limit and goes back to the form,
        # which the browser has kept
        page.goto(f"{running.url}/updates/{NEW_ID}")
        page.fill("#fi-summary", FI["summary"])
        page.evaluate("document.querySelector('#sv-body').value = 'å'.repeat(600000)")
        with page.expect_navigation():
            page.evaluate("document.querySelector('form.update').submit()")  # as a form is sent without the script
        assert "Lähetys on liian suuri (enintään 1 Mt)" in page.inner_text("main")
        with page.expect_navigation():
            page.get_by_role("button", name="Takaisin lomakkeeseen").click()
        assert len(page.input_value("#sv-body")) == 600000 and page.input_value("#fi-summary") == FI["summary"]
        assert tree_hashes(running.root / "content") == before
    finally:
        page.close()


def test_a_translator_sees_the_earlier_text_of_the_other_language(client, proj):
    """Usability point 10: a "check the translation" mark says when the Finnish changed; the Swedish side also
    shows what the Finnish said before (from git), before and after the change is published."""
    git_repo(proj.root)
    it = editing.item(proj, "metrics.yml", "population")
    client.post(
        "/words/metrics.yml/population",
        data={"csrf_token": token(client), "version": editing.item_version(proj, it), "fi-name": "Asukasluku"},
    )
    for step in ("saved", "published"):
        if step == "published":
            client.post("/publish", data={"csrf_token": token(client)})
        page = soup(client.get("/words/metrics.yml/population"))
        earlier = page.select_one("#sv-name-mark ~ details.previous")
        assert (
            earlier.summary.get_text(strip=True) == "Aiempi suomenkielinen teksti"
            and earlier.p.get_text() == "Väkiluku"
        ), step
        assert earlier.p["lang"] == "fi" and page.select_one("#fi-name")["value"] == "Asukasluku"
