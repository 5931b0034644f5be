"""What a person sees, in a real headless Chromium: the language switch and search in each language."""

from __future__ import annotations

from tests.support.browser import switch_there_and_back

HAS_RESULTS = "() => document.querySelectorAll('.md-search-result__item').length > 0"


def result_links(page) -> list[str]:
    """The pages the search lists, without query or anchor."""
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href.split(/[?#]/)[0])")


def test_language_switch_lands_on_twin_and_back(served_site, browser):
    base, _ = served_site
    switch_there_and_back(browser, base)


def search(browser, url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    page.set_default_timeout(15000)
    box = page.locator("input.md-search__input")
    box.click()
    # The search worker loads its index after the page; a query typed before it is ready is dropped, so type
    # again until results appear (at most 15 s).
    for _ in range(15):
        box.fill("")
        box.type(query)
        try:
            page.wait_for_function(HAS_RESULTS, timeout=1000)
            break
        except Exception:
            continue
    hrefs = result_links(page)
    page.close()
    return hrefs


def test_swedish_search_finds_swedish_pages_only(served_site, browser):
    base, _ = served_site
    hrefs = search(browser, f"{base}sv/", "växelverkan")
    assert f"{base}sv/strategiska-mal/vaxelverkan/" in hrefs
    assert all(h.startswith(f"{base}sv/") for h in hrefs)


def test_finnish_search_finds_finnish_pages_only(served_site, browser):
    base, _ = served_site
    hrefs = search(browser, f"{base}fi/", "työttömyysaste")
    assert f"{base}fi/mittarit/tyottomyysaste/" in hrefs
    assert all(h.startswith(f"{base}fi/") for h in hrefs)


def test_search_index_loads_only_when_search_is_opened(served_site, browser):
    """A reader who does not search does not download the index (the text of every page); opening the search
    loads it, and a query typed at once still finds the page."""
    base, _ = served_site
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base}fi/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search_index" in url or "/lunr/" in url], requested
    page.locator("input.md-search__input").click()
    page.keyboard.type("vuorovaikutus")
    page.wait_for_function(HAS_RESULTS, timeout=15000)
    assert f"{base}fi/search/search_index.json" in requested
    hrefs = result_links(page)
    assert f"{base}fi/paamaarat/vuorovaikutus/" in hrefs
    page.close()


def test_search_on_a_phone_loads_the_index_when_tapped(served_site, browser):
    base, _ = served_site
    page = browser.new_page(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    page.goto(f"{base}sv/")
    page.locator("label.md-header__button[for=__search]").tap()
    page.keyboard.type("växelverkan")
    page.wait_for_function(HAS_RESULTS, timeout=15000)
    hrefs = result_links(page)
    assert f"{base}sv/strategiska-mal/vaxelverkan/" in hrefs
    page.close()


def test_search_key_opens_the_search_before_material_has_started(served_site, browser):
    """Material's bundle starts at the first interaction (on-demand.js); the very first key press, the search
    key "/", already opens the search and puts the cursor in it, and a query typed then finds the page."""
    base, _ = served_site
    page = browser.new_page()
    page.goto(f"{base}sv/")
    assert page.evaluate("typeof window.component$") == "undefined", "Material has not started before any interaction"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("växelverkan")
    page.wait_for_function(HAS_RESULTS, timeout=15000)
    assert f"{base}sv/strategiska-mal/vaxelverkan/" in result_links(page)
    page.close()
