"""What the browser tests share for driving a page."""

from __future__ import annotations


def submit(page, control, timeout: float = 30000) -> None:
    """Click a control that sends its form, and return once the answer page has loaded, its styles included.

    Playwright's click returns once the navigation it starts has begun, not once the new page has loaded: a check
    made right after it can read a half-loaded page (CI measured a page 535 px wide before its stylesheet applied,
    and axe found no document to audit). Waiting for the load event of the answer makes each check see the page a
    person sees.
    """
    with page.expect_navigation(timeout=timeout):
        control.click()
