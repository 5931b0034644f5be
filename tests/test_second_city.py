"""The second city (issue 25, point 5): Vaasa / Vasa, a real bilingual city, from its strategy 2022–2025
(tests/cities/vaasa/content), built as a reader gets it and read in both languages. It differs from Kokkola in
every way point 4 names: the adopted text (approved by the city council on 14.2.2022), no situation analysis,
values, critical success factors or corrections, the theme programmes as implementation items of their own, the
city's own terms (goals are "tavoitteet" / "mål", measures "toimenpiteet" / "åtgärder"), and targets of the new
kinds (100 000 residents without a deadline; jobs and happiness followed without a target value).

Every expected text is written out here as a reader should see it, not taken from the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag

from tests.support.content import LANGS
from tests.support.site import article, check_twins, html_pages, soup

BASE = "https://strategia.vaasa.fi/"
PAGES_PER_LANGUAGE = 29  # home, 4 themes + index, 11 goals + index, 3 metrics + index, and the fixed pages

TITLE = {"fi": "Vaasan strategia", "sv": "Vasa stads strategi"}
ADOPTED = {
    "fi": (
        "Hyväksytty strategia",
        "Sivuston teksti on Vaasan kaupungin strategia 2022–2025, jonka kaupunginvaltuusto hyväksyi 14. helmikuuta "
        "2022.",
    ),
    "sv": (
        "Den godkända strategin",
        "Texten på webbplatsen är Vasa stads strategi 2022–2025, som stadsfullmäktige godkände den 14 februari 2022.",
    ),
}

# The themes in the content's order: (URL, the heading of its goals, its goals in order, its measures in order).
THEMES = {
    "fi": [
        (
            "teemat/hyvinvoiva-ja-osaava-vaasa",
            "Hyvinvoiva ja osaava Vaasa – tavoitteet (1/4)",
            [
                "Onnelliset ja hyvinvoivat asukkaat",
                "Kotimaisten ja kansainvälisten osaajien keskittymä",
                "Asiakaslähtöinen hyvinvoinnin yhteistyömalli",
            ],
            [
                "Matalan kynnyksen ja ennaltaehkäisevien palvelujen kehittäminen",
                "Kulttuuri- ja liikuntaohjelman toteuttaminen",
                "Vahvistetaan kansainvälistä koulutuspolkua",
                "Hyvinvoinnin ekosysteemin rakentaminen, hyvinvoinnin koordinointi",
            ],
        ),
        (
            "teemat/vetovoimainen-vaasa",
            "Vetovoimainen Vaasa – tavoitteet (2/4)",
            ["Väestönkasvu", "Työpaikkojen määrän kasvu"],
            [
                "Vetovoima- ja pitovoimatyön suunnittelu ja toteutus",
                "Elinvoimaisen ja vireän kaupunkikeskustan kehittäminen",
                "GigaVaasa- ja Invest In -toiminnan edistäminen (+Nordic Battery Belt)",
            ],
        ),
        (
            "teemat/hiilineutraali-vaasa",
            "Hiilineutraali Vaasa 202X – tavoitteet (3/4)",
            [
                "CO2-päästöjen vähentäminen ja hiilineutraali energiankulutus",
                "Vihreä siirtymä ja globaali kädenjälki",
                "Suomen energiaviisain ja energiatehokkain kaupunki",
            ],
            [
                "Liikenteen CO2-päästöjen vähentäminen, mm. pyörä- ja joukkoliikenteen kehittäminen",
                "Kestävän energiankäytön ja ilmaston toimintasuunnitelman laadinta (SECAP)",
                "Vaasalaisten yritysten hiilikädenjäljen selvittäminen",
                "Asukkaiden ja henkilöstön osallistaminen energia- ja ilmastotalkoisiin",
            ],
        ),
        (
            "teemat/mahdollistajat",
            "Mahdollistajat – tavoitteet (4/4)",
            ["Kestävä kuntatalous", "Osaava henkilöstö ja erinomainen työntekijäkokemus", "Hyvä johtaminen"],
            ["Strategian ohjelmallistaminen ja ohjausryhmien toiminta"],
        ),
    ],
    "sv": [
        (
            "teman/valmaende-och-kompetenta-vasa",
            "Välmående och kompetenta Vasa – mål (1/4)",
            [
                "Lyckliga och välmående invånare",
                "Koncentration av inhemska och internationella sakkunniga",
                "Kundorienterad samarbetsmodell för välfärden",
            ],
            [
                "Utveckla lågtröskelservice och förebyggande service",
                "Genomföra kultur- och idrottsprogrammet",
                "Förstärka en internationell utbildningsstig",
                "Bygga ekosystem för välfärden, samordna välfärden",
            ],
        ),
        (
            "teman/attraktiva-vasa",
            "Attraktiva Vasa – mål (2/4)",
            ["Befolkningstillväxt", "Ökat antal arbetsplatser"],
            [
                "Planera och genomföra arbetet för attraktions- och kvarhållningskraften",
                "Utveckla ett livskraftigt och livligt stadscentrum",
                "Främja GigaVaasa- och Invest In-verksamheten (+Nordic Battery Belt)",
            ],
        ),
        (
            "teman/klimatneutrala-vasa",
            "Klimatneutrala Vasa 202X – mål (3/4)",
            [
                "Minskade koldioxidutsläpp och klimatneutral energiförbrukning",
                "Grön övergång och globalt handavtryck",
                "Finlands mest energismarta och energieffektiva stad",
            ],
            [
                "Minska trafikens koldioxidutsläpp, bland annat genom att utveckla cykel- och kollektivtrafiken",
                "Utarbeta en handlingsplan för hållbar energi och klimat (SECAP)",
                "Utreda Vasaföretagens koldioxidhandavtryck",
                "Engagera invånarna och personalen i energi- och klimattalkot",
            ],
        ),
        (
            "teman/mojliggorare",
            "Möjliggörare – mål (4/4)",
            ["Hållbar kommunal ekonomi", "Kunnig personal och utmärkt arbetstagarerfarenhet", "Bra ledarskap"],
            ["Programmeringen av strategin och styrgruppernas verksamhet"],
        ),
    ],
}
MEASURES = {"fi": "Toimenpiteet", "sv": "Åtgärder"}
GOALS_PAGE = {"fi": ("tavoitteet", "Tavoitteet"), "sv": ("mal", "Mål")}
GOALS_INTRO = {
    "fi": "Strategiassa on neljä teemaa ja 11 tavoitetta.",
    "sv": "Strategin har elva mål som är indelade i fyra teman.",
}
# A goal page: its URL, its place in its theme, and the heading of its theme's measures.
GOAL_PAGE = {
    "fi": (
        "tavoitteet/vaestonkasvu",
        "Tavoite 1/2 teemassa Vetovoimainen Vaasa – Tehdään Vaasasta 100 000 asukkaan kaupunki.",
        "Teeman toimenpiteet",
    ),
    "sv": (
        "mal/befolkningstillvaxt",
        "Mål 1/2 inom temat Attraktiva Vasa – Vi gör Vasa till en stad med 100 000 invånare.",
        "Temats åtgärder",
    ),
}
# The generator's default words for Kokkola's terms, which the city's own words replace everywhere.
FOREIGN_TERMS = {
    "fi": ("päämäärä", "päämäärien", "päämäärät"),
    "sv": ("strategiska mål", "strategiskt mål", "målsättning"),
}

# The headings of Kokkola's optional sections (its situation analysis, values, critical success factors and
# corrections), none of which Vaasa's strategy has.
KOKKOLA_SECTIONS = {
    "fi": (
        "Mitä kuuluu",
        "Arvot",
        "Kriittiset menestystekijät",
        "Teeman kriittiset menestystekijät",
        "Korjaukset strategian tekstiin",
        "Korjaukset luonnoksen tekstiin",
    ),
    "sv": (
        "Hur mår",
        "Värderingar",
        "Kritiska framgångsfaktorer",
        "Temats kritiska framgångsfaktorer",
        "Rättelser i strategins text",
        "Rättelser i utkastets text",
    ),
}

IMPLEMENTATION = {
    "fi": (
        "toteutus-ja-seuranta",
        "Toteutus",
        [
            "Teemaohjelmat kokoavat ja kuvaavat poikkihallinnollisesti keskeiset strategian toimeenpanon toimenpiteet, "
            "niihin liittyvät vastuut ja aikataulut sekä arviointikriteerit ja mittarit.",
            "Kunkin teemaohjelman toiminnasta vastaa ohjausryhmä, joka kokoontuu säännöllisesti.",
            "Teemaohjelmien toimenpiteet näkyvät toimialojen strategioissa, jotta vältetään kaksinkertainen seuranta "
            "ja raportointi.",
            "Teemaohjelmat ovat valtuustokauden mittaisia. Tällä valtuustokaudella strategiaa toteutetaan neljän "
            "teeman kautta, joista on muodostettu teemaohjelmat.",
            "Hyvinvoiva ja osaava Vaasa -teemaohjelma",
            "Vetovoimainen Vaasa -teemaohjelma",
            "Hiilineutraali Vaasa 202X -teemaohjelma",
            "Mahdollistajat-teemaohjelma (henkilöstö, johtaminen, talous)",
        ],
        "Seuranta",
        [
            "Kaupungin strategiaa seurataan kahdesti vuodessa: toisen vuosineljänneksen (Q2) yhteydessä 30.6. ja "
            "tilinpäätöksen yhteydessä 31.12.",
            "Strategian toteutumista seurataan strategiaseurannan mittarien ja strategian toimenpiteiden avulla. "
            "Mittarien toteumat ja toimenpiteiden eteneminen raportoidaan osavuosikatsauksen ja tilinpäätöksen "
            "yhteydessä.",
        ],
    ),
    "sv": (
        "genomforande-och-uppfoljning",
        "Genomförande",
        [
            "I temaprogrammen sammanställs och beskrivs tväradministrativt de viktigaste åtgärderna för införandet av "
            "strategin, anknytande ansvar och tidtabeller men även utvärderingskriterier och mätare.",
            "Ansvarig för respektive temaprogram är en styrgrupp som samlas regelbundet.",
            "Temaprogrammens åtgärder tas upp i sektorernas strategier för att dubbel uppföljning och rapportering ska "
            "kunna undvikas.",
            "Temaprogrammen pågår lika länge som en fullmäktigeperiod. Under den här fullmäktigeperioden genomförs "
            "strategin genom fyra teman, från vilka temaprogrammen har utformats.",
            "Temaprogrammet Välmående och kompetenta Vasa",
            "Temaprogrammet Attraktiva Vasa",
            "Temaprogrammet Klimatneutrala Vasa 202X",
            "Temaprogrammet Möjliggörare (personal, ledning, ekonomi)",
        ],
        "Uppföljning",
        [
            "En omfattande uppföljning av stadens strategi sker två gånger om året, per 30.6 i anslutning till Q2 och "
            "per 31.12 i anslutning till bokslutet.",
            "Hur strategin har förverkligats följs upp med hjälp av mätarna och de strategiska åtgärderna. Mätarnas "
            "utfall och åtgärdernas framskridande rapporteras i anslutning till delårsrapporten och bokslutet.",
        ],
    ),
}

# The metrics: (URL, name, "target" label, the target as its facts show it), in the strategy monitoring's order.
NBSP = "\N{NO-BREAK SPACE}"
METRICS = {
    "fi": (
        "Tavoitearvo",
        [
            ("mittarit/onnellisuus", "Onnellisuus (keskiarvo)", "Ei tavoitearvoa: strategia tavoittelee luvun kasvua."),
            ("mittarit/asukasluku", "Asukasluku", f"vähintään 100{NBSP}000, ilman määräaikaa"),
            (
                "mittarit/tyopaikkojen-maara",
                "Työpaikkojen määrä",
                "Ei tavoitearvoa: strategia tavoittelee luvun kasvua.",
            ),
        ],
    ),
    "sv": (
        "Målvärde",
        [
            (
                "matare/lyckokansla",
                "Lyckokänsla (medelvärde)",
                "Inget målvärde: strategin eftersträvar att siffran ökar.",
            ),
            ("matare/folkmangd", "Folkmängd", f"minst 100{NBSP}000, utan tidsgräns"),
            (
                "matare/antalet-arbetsplatser",
                "Antalet arbetsplatser",
                "Inget målvärde: strategin eftersträvar att siffran ökar.",
            ),
        ],
    ),
}
# The overview's table: each metric's target cell (short: no deadline, nothing for a figure without a target).
TABLE_TARGETS = {"fi": ["–", f"vähintään 100{NBSP}000", "–"], "sv": ["–", f"minst 100{NBSP}000", "–"]}

# The glossary's terms in the content's order, each in Finnish and in Swedish (both on each language's page,
# the page's own language first).
GLOSSARY = {"fi": "sanasto", "sv": "ordlista"}
TERMS = [
    ("strategiakausi", "strategiperiod"),
    ("visio", "vision"),
    ("teema", "tema"),
    ("teemaohjelma", "temaprogram"),
    ("tavoite", "mål"),
    ("toimenpide", "åtgärd"),
    ("ohjausryhmä", "styrgrupp"),
    ("mittari", "mätare"),
    ("strategiaseuranta", "uppföljning av strategin"),
    ("osavuosikatsaus", "delårsrapport"),
    ("tilinpäätös", "bokslut"),
    ("kaupunginvaltuusto", "stadsfullmäktige"),
    ("hiilineutraalius", "klimatneutralitet"),
]


@pytest.fixture(scope="module")
def site(second_city_site) -> Path:
    """The fixture's content alone (the package gives mkdocs.yml and the theme), built once."""
    return second_city_site / "site"


# The metrics the strategy's monitoring lists under a theme (content/metrics.yml: themes), on the theme's page
# as the strategy's, and each metric's page naming its theme: (theme URL, note, metric names, the theme's name).
LISTED = {
    "fi": [
        (
            "teemat/hyvinvoiva-ja-osaava-vaasa",
            "Strategia seuraa teemaa Hyvinvoiva ja osaava Vaasa näillä mittareilla.",
            ["Onnellisuus (keskiarvo)"],
        ),
        (
            "teemat/vetovoimainen-vaasa",
            "Strategia seuraa teemaa Vetovoimainen Vaasa näillä mittareilla.",
            ["Asukasluku", "Työpaikkojen määrä"],
        ),
    ],
    "sv": [
        (
            "teman/valmaende-och-kompetenta-vasa",
            "Strategin följer upp temat Välmående och kompetenta Vasa med de här mätarna.",
            ["Lyckokänsla (medelvärde)"],
        ),
        (
            "teman/attraktiva-vasa",
            "Strategin följer upp temat Attraktiva Vasa med de här mätarna.",
            ["Folkmängd", "Antalet arbetsplatser"],
        ),
    ],
}
LISTED_UNDER = {
    "fi": (
        "Mitä mittari seuraa",
        "mittarit/asukasluku",
        "Teema, jota strategia seuraa tällä mittarilla: Vetovoimainen Vaasa",
    ),
    "sv": (
        "Vad mätaren följer upp",
        "matare/folkmangd",
        "Tema som strategin följer upp med den här mätaren: Attraktiva Vasa",
    ),
}


def texts(tags) -> list[str]:
    return [tag.get_text(" ", strip=True) for tag in tags]


def section(page: Tag, heading: str, name: str = "ul") -> Tag:
    """The first list (`name`) after the h2 whose text is `heading`."""
    h2 = next((h for h in page.select("h2") if h.get_text(" ", strip=True) == heading), None)
    assert h2 is not None, f"no heading {heading!r} in {texts(page.select('h2'))}"
    found = h2.find_next_sibling(name)
    assert found is not None, heading
    return found


def test_every_page_has_its_twin(site):
    check_twins(site, base=BASE, at_least=PAGES_PER_LANGUAGE)
    assert {lang: len(html_pages(site, lang)) for lang in LANGS} == {lang: PAGES_PER_LANGUAGE for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_names_the_citys_adopted_strategy(site, lang):
    home = soup(site / lang / "index.html")
    assert home.title.get_text() == TITLE[lang]
    page = home.select_one("article")
    assert page.select_one("h1").get_text(strip=True) == TITLE[lang]
    note = page.select_one(".admonition")
    assert note.select_one(".admonition-title").get_text(strip=True) == ADOPTED[lang][0]
    assert texts(note.select("p:not(.admonition-title)")) == [ADOPTED[lang][1]]


@pytest.mark.parametrize("lang", LANGS)
def test_the_theme_pages_list_their_goals_and_measures_in_the_contents_order(site, lang):
    for url, heading, goals, measures in THEMES[lang]:
        page = article(site, lang, url)
        assert texts(section(page, heading, "ol").select("li > strong > a")) == goals, url
        assert texts(section(page, MEASURES[lang]).select("li")) == measures, url


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_says_the_citys_own_terms(site, lang):
    slug, title = GOALS_PAGE[lang]
    goals = article(site, lang, slug)
    assert goals.select_one("h1").get_text(strip=True) == title
    assert goals.select_one("h1").find_next_sibling("p").get_text(" ", strip=True) == GOALS_INTRO[lang]
    url, place, measures = GOAL_PAGE[lang]
    goal = article(site, lang, url)
    assert place in texts(goal.select("p"))
    assert measures in texts(goal.select("h2"))
    for path in html_pages(site, lang).values():
        text = soup(path).select_one("article").get_text(" ", strip=True).lower()
        assert not [term for term in FOREIGN_TERMS[lang] if term in text], path


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_has_a_heading_of_kokkolas_optional_sections(site, lang):
    for url, path in html_pages(site, lang).items():
        headings = texts(soup(path).select("article h1, article h2, article h3, article h4"))
        assert not [h for h in headings for name in KOKKOLA_SECTIONS[lang] if h.startswith(name)], (url, headings)


@pytest.mark.parametrize("lang", LANGS)
def test_the_theme_programmes_are_implementation_items_of_their_own(site, lang):
    url, implementation, items, monitoring, rounds = IMPLEMENTATION[lang]
    page = article(site, lang, url)
    assert texts(section(page, implementation).find_all("li", recursive=False)) == items
    assert texts(section(page, monitoring).find_all("li", recursive=False)) == rounds


@pytest.mark.parametrize("lang", LANGS)
def test_the_targets_show_as_the_strategy_sets_them(site, lang):
    """100 000 residents without a deadline; the jobs and happiness followed without a target value."""
    label, metrics = METRICS[lang]
    for url, name, target in metrics:
        page = article(site, lang, url)
        assert page.select_one("h1").get_text(strip=True) == name
        facts = {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in page.select("dl dt")
        }
        assert facts[label] == target, url
    overview = article(site, lang, metrics[0][0].split("/")[0])
    rows = overview.select("table")[0].select("tbody tr")
    assert [row.select("td")[0].get_text(strip=True) for row in rows] == [name for _, name, _ in metrics]
    assert [row.select("td")[2].get_text(strip=True) for row in rows] == TABLE_TARGETS[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_metrics_the_strategy_lists_under_a_theme_are_the_themes_not_the_sites_reading(site, lang):
    for url, note, names in LISTED[lang]:
        page = article(site, lang, url)
        said = next(p for p in page.select("p") if p.get_text(" ", strip=True) == note)
        table = said.find_next_sibling("table")
        assert [row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")] == names, url
        assert "Sivuston tulkinta" not in page.get_text() and "Webbplatsens tolkning" not in page.get_text()
    heading, url, line = LISTED_UNDER[lang]
    assert texts(section(article(site, lang, url), heading).select("li")) == [line]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_has_the_sites_terms_in_order(site, lang):
    page = article(site, lang, GLOSSARY[lang])
    rows = [tuple(texts(row.select("td")[:2])) for row in page.select("table tbody tr")]
    assert rows == [pair if lang == "fi" else pair[::-1] for pair in TERMS]


def test_nothing_names_the_first_city(site):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8").lower()
            assert "kokkola" not in text and "karleby" not in text, path
