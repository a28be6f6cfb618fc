"""The evidence gap map in a real browser at phone and desktop widths: the SVG and its table
carry the same figures, the map scrolls inside its own frame (the page never scrolls sideways),
and axe finds nothing serious."""

import pytest

from .conftest import screenshot
from .test_accessibility import axe_violations, describe

WIDTHS = {"phone": 375, "desktop": 1280}


@pytest.mark.parametrize("width", WIDTHS, ids=str)
def test_the_gap_map_reads_the_same_as_its_table(browser, portal, width):
    context = browser.new_context(
        base_url=portal["url"],
        viewport={"width": WIDTHS[width], "height": 900},
        locale="es-CL",
        bypass_csp=True,  # axe goes in as an inline script
    )
    page = context.new_page()
    assert page.goto("/practicas/mapa-de-evidencia/").status == 200
    circles = page.eval_on_selector_all(
        "svg.gapmap__svg a",
        "links => links.map(a => [a.getAttribute('href'), a.querySelector('text').textContent])",
    )
    rows = page.eval_on_selector_all(
        ".gapmap__table tbody tr",
        "rows => rows.map(r => [r.querySelector('a').getAttribute('href'),"
        " r.querySelectorAll('td')[2].textContent])",
    )
    assert circles, "the demo's evaluations of a themed outcome appear on the map"
    assert sorted(circles) == sorted(rows)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    screenshot(page, f"evidence-map-es-{WIDTHS[width]}")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # A cell leads to the listing filtered by its approach and theme.
    page.locator(".gapmap__table tbody a").first.click()
    page.wait_for_load_state()
    assert "/practicas/?approach=" in page.url
    context.close()
