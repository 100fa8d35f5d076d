"""Every plot can be read without seeing it: a text alternative a screen reader reaches, right
before the chart, and the numbers behind it as a table on request.

The text is visually hidden (the sr-only pattern), so these checks are about what assistive
technology gets: the paragraph is in Chromium's accessibility tree (not ignored, not
``display: none`` or ``visibility: hidden``), it comes just before its chart in reading order,
and it adds no gap to the page. The "Data behind this plot" fold opens to a grid with one
row per row of the heatmap.
"""

from __future__ import annotations

import pytest

from .harness import settle
from .test_app_in_browser import PAGES, open_page

#: The pages that draw plots, by url path (the browser suite's own list).
PLOT_PAGES = [path for path, (_, plots) in PAGES.items() if plots]

#: For each chart in document order: the hidden paragraph just before it, how it is styled,
#: and whether anything of it is visible.
_ALTERNATIVES = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
  .map(chart => {
    const box = chart.closest('[data-testid=stElementContainer]');
    const before = box && box.previousElementSibling;
    const p = before && before.querySelector('p.hv-sr-only');
    if (!p) return {text: null};
    const hidden = [];
    for (let el = p; el && el !== document.body; el = el.parentElement) {
        const s = getComputedStyle(el);
        if (s.display === 'none' || s.visibility === 'hidden') hidden.push(el.tagName);
    }
    const r = p.getBoundingClientRect(), c = chart.getBoundingClientRect();
    return {text: p.textContent, hidden, area: r.width * r.height, chart: c.width * c.height,
            position: getComputedStyle(before).position, own: p.style.position,
            ariaHidden: !!p.closest('[aria-hidden=true]')};
})"""


def accessible_texts(page) -> list[str]:
    """The names of the text nodes Chromium exposes to assistive technology."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [n.get("name", {}).get("value", "") for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") == "StaticText"]


@pytest.mark.parametrize("path", PLOT_PAGES)
def test_every_plot_has_a_text_alternative_a_screen_reader_reaches(session, app_url, path):
    page = open_page(session, app_url, path, PAGES[path][0])
    found = page.evaluate(_ALTERNATIVES)
    assert found, f"/{path} draws no plot"
    spoken = accessible_texts(page)
    for number, alt in enumerate(found, start=1):
        where = f"/{path}, plot {number}"
        assert alt["text"] and alt["text"].strip(), f"{where}: no hidden paragraph before it"
        # hidden by its own style, not only by the page's stylesheet (which a first load may
        # apply after the paragraph is drawn)
        assert alt["own"] == "absolute", where
        assert not alt["hidden"] and not alt["ariaHidden"], (where, alt)
        assert alt["area"] <= 1, f"{where}: the alternative shows on screen ({alt['area']} px²)"
        assert alt["position"] == "absolute", f"{where}: the hidden paragraph takes a gap"
        assert alt["chart"] > 40_000, f"{where}: the chart itself is hidden ({alt['chart']} px²)"
        assert any(alt["text"].strip() == text.strip() for text in spoken), \
            f"{where}: not in the accessibility tree: {alt['text'][:80]}"


def test_the_data_behind_a_heatmap_opens_as_a_table_of_its_rows(session, app_url):
    query = PAGES["jacobian"][0]  # m = 3, n = 4: the slice ∂f₂/∂W is 3 × 4
    page = open_page(session, app_url, "jacobian", query)
    folds = page.locator("[data-testid=stExpander]").filter(
        has_text="Data behind this plot (table)")
    first = folds.first
    table = first.locator("[data-testid=stDataFrame]")
    assert not table.is_visible(), "the table is folded away until asked for"
    first.locator("summary").click()
    settle(page)
    table.wait_for(state="visible")
    grid = first.locator("[role=grid]")  # the data grid's accessible table
    grid.wait_for(state="attached")
    # a header row and one row per row of the slice; a column naming the rows, then 4
    assert grid.get_attribute("aria-rowcount") == "4"
    assert grid.get_attribute("aria-colcount") == "5"
    assert "rows: row i; columns: column j" in first.inner_text()
    assert page.locator("[data-testid=stPlotlyChart]").count() == folds.count()
