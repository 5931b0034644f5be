"""What the browser tests share: Debian's Chromium, axe-core and its WCAG rules, the Content-Security-Policy
checks, and driving a page (a form sent, the language switch)."""

from __future__ import annotations

from pathlib import Path

from tests.support.project import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (only) => {
  const type = only.every(x => x.startsWith('wcag')) ? 'tag' : 'rule';
  const r = await axe.run(document, {runOnly: {type, values: only}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => `${n.target.join(' ')}: ${n.failureSummary.split('\\n').slice(1, 2).join('').trim()}`)}));
}"""

# Collects Content-Security-Policy violations of the document (installed before any of the page's scripts).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile || document.URL}:${e.lineNumber} \
${e.sample || ''}`));
"""

CSP_UPDATE = (
    "build with both engines and run `python3 deploy/csp.py site/ site-zensical/ --write generator/defaults/nginx.conf`"
)


def policy_and_missing(site: Path) -> tuple[str, list[str]]:
    """The site's Content-Security-Policy (the package's nginx configuration's), and the hashes of the site's
    inline scripts and styles it lacks (deploy/csp.py's own reading of the site)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("csp", ROOT / "deploy" / "csp.py")
    csp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(csp)
    configured = csp.configured_policy(ROOT / "generator" / "defaults" / "nginx.conf")
    scripts, styles = csp.inline_hashes(site)
    return configured, [h for h in scripts + styles if h not in configured]


def submit(page, control, timeout: float = 30000) -> None:
    """Click a control that sends its form, and return once the answer page has loaded, its styles included.

    Playwright's click returns once the navigation it starts has begun, not once the new page has loaded: a check
    made right after it can read a half-loaded page (CI measured a page 535 px wide before its stylesheet applied,
    and axe found no document to audit). Waiting for the load event of the answer makes each check see the page a
    person sees.
    """
    with page.expect_navigation(timeout=timeout):
        control.click()


def switch_there_and_back(browser, base: str) -> None:
    """From a Finnish goal page to its Swedish twin with the language switch, and back (either engine's site)."""
    page = browser.new_page()
    page.goto(f"{base}fi/paamaarat/vuorovaikutus/")
    assert page.locator("h1").inner_text() == "Vuorovaikutus"
    switch = page.locator("button[aria-label='Valitse kieli']")
    switch.hover()
    page.locator("a.md-select__link[hreflang='sv']").click()
    page.wait_for_url(f"{base}sv/strategiska-mal/vaxelverkan/")
    assert page.locator("h1").inner_text() == "Växelverkan"
    assert page.locator("html").get_attribute("lang") == "sv"
    page.locator("button[aria-label='Välj språk']").hover()
    page.locator("a.md-select__link[hreflang='fi']").click()
    page.wait_for_url(f"{base}fi/paamaarat/vuorovaikutus/")
    assert page.locator("h1").inner_text() == "Vuorovaikutus"
    page.close()
