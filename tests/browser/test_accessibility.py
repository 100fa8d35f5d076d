"""Accessibility in a real browser: axe-core on every page, formulas that reach the
accessibility tree as MathML, and the path operated by keyboard alone.

axe-core is the engine bundled with the PyPI package ``axe-playwright-python``; its rules
cover WCAG 2.x A and AA and axe's best practices.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app import PAGES
from hadviz.ui.a11y import KEPT_BUTTON

from .harness import settle

VIEWPORTS = ((1280, 720), (390, 844))
PROBLEMS = {"2x3": "m=2&n=3&seed=0&dist=int", "64x64": "m=64&n=64&seed=0&dist=int"}

#: The moderate and minor axe findings the app is allowed to keep, each with its reason (the
#: README's "Accessibility" section lists the same). Serious and critical ones: none allowed.
ACCEPTED: dict[str, str] = {}

_AXE = Axe()


def _axe_findings(page, where: str) -> tuple[list[str], list[str]]:
    """axe's violations on the page as drawn now: (serious or critical, not accepted)."""
    response = _AXE.run(page).response
    serious, unexpected = [], []
    for v in response["violations"]:
        targets = ", ".join(str(n["target"][0])[-80:] for n in v["nodes"][:3])
        line = f"{where}: {v['id']} ({v['impact']}) × {len(v['nodes'])}: {targets}"
        if v["impact"] in ("serious", "critical"):
            serious.append(line)
        elif v["id"] not in ACCEPTED:
            unexpected.append(line)
    return serious, unexpected


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(PROBLEMS))
def test_axe_finds_no_serious_problem(session, app_url, scheme, size):
    """Every page, in one theme and at one problem size, on a projector (1280 × 720, sidebar
    open) and on a phone (390 × 844, sidebar folded): axe reports no serious or critical
    violation, and no moderate or minor one beyond :data:`ACCEPTED`. Each page is loaded
    once and checked at both sizes (the phone by resizing the same page, which folds the
    sidebar as a fresh load there does)."""
    (wide, tall), (narrow, phone) = VIEWPORTS
    page = session(viewport={"width": wide, "height": tall}, color_scheme=scheme).new_page()
    serious, unexpected = [], []
    for p in PAGES:
        page.set_viewport_size({"width": wide, "height": tall})
        page.goto(f"{app_url}/{p.url_path}?{PROBLEMS[size]}")
        settle(page)
        for width, height in VIEWPORTS:
            if width != wide:
                page.set_viewport_size({"width": narrow, "height": phone})
                page.wait_for_timeout(250)  # plotly redraws after its resize debounce
                settle(page)
            assert page.locator("[data-testid=stException]").count() == 0, p.url_path
            found = _axe_findings(page, f"/{p.url_path} {width} × {height} {scheme} {size}")
            serious += found[0]
            unexpected += found[1]
    assert not serious, "\n".join(serious)
    assert not unexpected, "\n".join(unexpected)


#: Per formula (KaTeX's .katex): whether it carries MathML and hides its visual glyphs from
#: assistive technology, and whether it is shown (not inside a closed fold).
FORMULAS = """() => [...document.querySelectorAll('.katex')].map(k => ({
    mathml: !!k.querySelector(':scope > .katex-mathml > math') &&
            k.querySelector('.katex-mathml math').textContent.trim().length > 0,
    glyphs_hidden: !!k.querySelector(':scope > .katex-html[aria-hidden=true]'),
    shown: !k.closest('details:not([open])'),
}))"""


def test_formulas_reach_the_accessibility_tree_as_math(session, app_url):
    """On the formula-heaviest page every formula carries MathML (KaTeX's default output)
    with its visual glyphs hidden from screen readers, and the browser's accessibility tree
    holds one math node for each formula on show."""
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/derivation?{PROBLEMS['2x3']}&step=all")
    settle(page)
    formulas = page.evaluate(FORMULAS)
    assert len(formulas) > 30, len(formulas)
    assert all(f["mathml"] for f in formulas), formulas
    assert all(f["glyphs_hidden"] for f in formulas), formulas
    cdp = page.context.new_cdp_session(page)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    roles = [n.get("role", {}).get("value") for n in tree if not n.get("ignored")]
    # Chromium's role for <math> (MathML Core); its children are MathMLIdentifier, ...
    assert roles.count("MathMLMath") == sum(f["shown"] for f in formulas), roles.count(
        "MathMLMath")
    assert roles.count("MathMLIdentifier") > roles.count("MathMLMath")


#: The focused element as where (top, sidebar, main), tag and name, and whether the focus
#: is visible on it: an outline or a box shadow on it, on one of its three nearest ancestors
#: or on its label, or a field's frame in the theme's focus colour (Streamlit marks a
#: focused input by its frame's border). A native checkbox is never drawn (a toggle is drawn
#: beside it), so its own outline does not count.
FOCUSED = """(focus) => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const chain = [e];
    for (let x = e.parentElement; x && chain.length < 4; x = x.parentElement) chain.push(x);
    if (e.closest('label')) chain.push(e.closest('label'));
    const ring = chain.some(x => {
        const c = getComputedStyle(x), r = x.getBoundingClientRect();
        if (r.width < 4 || r.height < 4 || (x === e && e.type === 'checkbox')) return false;
        return (c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0)
            || c.boxShadow !== 'none' || (x !== e && c.borderColor === focus);
    });
    const where = e.closest('[data-testid=stSidebar]') ? 'sidebar'
        : e.closest('[data-testid=stMain]') ? 'main' : 'top';
    const name = e.getAttribute('aria-label') || (e.innerText || e.value || '').trim();
    return {where, tag: e.tagName, name: name.replace(/\\s+/g, ' ').slice(0, 60), ring};
}"""

#: Record the focused element; true when every element recorded came after the one before
#: it in the document.
VISIT = """() => {
    const seen = (window.hvVisited = window.hvVisited || []);
    seen.push(document.activeElement);
    return seen.every((e, i) => i === 0 ||
        !!(seen[i - 1].compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""

#: Streamlit's focus frame for a field: the light theme's primary colour.
FOCUS_FRAME = "rgb(197, 57, 72)"


def _tab_until(page, last: str, limit: int = 80) -> tuple[list[dict], bool]:
    """Press Tab until the focus reaches the element named ``last`` (each stop once its
    focus ring has shown); the stops, and whether they came in document order."""
    stops, in_order = [], True
    for _ in range(limit):
        page.keyboard.press("Tab")
        try:
            page.wait_for_function(f"(({FOCUSED})('{FOCUS_FRAME}') || {{}}).ring === true",
                                   timeout=3_000)
        except PlaywrightTimeout:
            pass  # recorded below without a ring
        stop = page.evaluate(FOCUSED, FOCUS_FRAME)
        in_order = page.evaluate(VISIT) and in_order
        stops.append(stop or {"where": "top", "tag": "", "name": "(nothing)", "ring": False})
        if stop and stop["name"].endswith(last):
            break
    return stops, in_order


def test_tab_walks_the_path_in_order_with_a_visible_ring(session, app_url):
    """From a fresh load of a derivation step, Tab alone reaches the sidebar's widgets, the
    page's controls and the "Next →" link, in document order, each with a visible focus
    ring; Enter on the link opens the next page with the same problem."""
    here = [p.url_path for p in PAGES].index("derivation")
    back, forward = (f"← Back: {PAGES[here - 1].title}", f"Next → {PAGES[here + 1].title}")
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/derivation?{PROBLEMS['2x3']}&step=1")
    settle(page)
    stops, in_order = _tab_until(page, forward)
    names = [f"{s['where']}: {s['name']}" for s in stops]
    assert stops[-1]["where"] == "main" and stops[-1]["name"].endswith(forward), names
    for where, name in (("sidebar", "m (rows)"), ("sidebar", "n (columns)"),
                        ("sidebar", "Seed"), ("sidebar", "New random problem"),
                        ("main", "k: component (column) of f"), ("main", "i: row of W"),
                        ("main", "j: column of W"), ("main", "Show all"), ("main", back)):
        assert [s for s in stops if s["where"] == where and name in s["name"]], (name, names)
    order = ["top", "sidebar", "main"]
    assert [s["where"] for s in stops] == sorted((s["where"] for s in stops), key=order.index)
    assert in_order, names
    assert not [n for n, s in zip(names, stops, strict=True) if not s["ring"]], stops
    page.keyboard.press("Enter")
    following = PAGES[here + 1].url_path
    page.wait_for_function(f"location.pathname.endsWith('/{following}')", timeout=20_000)
    settle(page)
    assert parse_qs(urlsplit(page.url).query)["m"] == ["2"]


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _press_keys(page, keys: tuple[str, ...]) -> None:
    for key in keys:
        page.keyboard.press(key)
    page.wait_for_timeout(600)  # a shortcut would have started a rerun by now
    settle(page)


def test_shortcuts_leave_text_fields_alone(session, app_url):
    """N (new random problem) and ←/→ (the derivation's steps) do nothing while a text
    field has the focus: the keys go to the field. With the focus on the page they work."""
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/derivation?{PROBLEMS['2x3']}&step=2")
    settle(page)
    page.get_by_role("spinbutton", name="k: component (column) of f").focus()
    _press_keys(page, ("n", "ArrowRight", "ArrowLeft", "ArrowRight"))
    assert _query(page)["step"] == ["2"] and _query(page)["seed"] == ["0"], page.url
    page.locator("[data-testid=stMain] h1").click()  # the page has the focus: → works
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('step=3')", timeout=20_000)
    settle(page)
    page.goto(f"{app_url}/check?{PROBLEMS['2x3']}")
    settle(page)
    answer = page.locator("[data-testid=stMain] textarea").first
    answer.click()
    _press_keys(page, ("n", "ArrowLeft", "ArrowRight", "N"))
    assert answer.input_value().lower().count("n") >= 2, answer.input_value()
    assert _query(page)["seed"] == ["0"], page.url
    page.locator("[data-testid=stMain] h1").click()  # the page has the focus: N works
    page.keyboard.press("n")
    page.wait_for_function("!location.search.includes('seed=0&')", timeout=20_000)


#: Per display formula in the main area: whether it is wider than its box, and whether it
#: carries the marks that make it focusable.
MARKED = """() => [...document.querySelectorAll('[data-testid=stMain] .katex-display')]
    .filter(b => b.clientWidth > 0)
    .map(b => [b.scrollWidth > b.clientWidth + 1, b.getAttribute('tabindex') === '0'])"""


def test_a_formula_that_scrolls_takes_the_keyboard(session, app_url):
    """On a phone exactly the formulas wider than their box take the focus; Tab reaches
    one, a screen reader hears what it is, and → scrolls it without turning the
    derivation's step."""
    page = session(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{app_url}/derivation?m=8&n=8&seed=0&dist=int&step=2")
    settle(page)
    marked = page.evaluate(MARKED)
    assert any(wide for wide, _ in marked) and all(wide == mark for wide, mark in marked)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-hv-scroll')"):
            break
    box = page.locator(":focus")
    assert box.get_attribute("aria-label") == "Formula, scrolls sideways"
    assert box.get_attribute("role") == "group"
    _press_keys(page, ("ArrowRight", "ArrowRight", "ArrowRight"))
    assert box.evaluate("b => b.scrollLeft") > 0
    assert _query(page)["step"] == ["2"], page.url


#: The chart toolbars' buttons in the Tab order, by title, and how many charts there are.
TOOLBAR_STOPS = """() => ({
    charts: document.querySelectorAll('[data-testid=stMain] .js-plotly-plot').length,
    stops: [...document.querySelectorAll('[data-testid=stMain] .modebar-btn')]
        .filter(b => b.tabIndex >= 0).map(b => b.getAttribute('data-title'))})"""


def test_a_chart_costs_one_tab_stop(session, app_url):
    """A chart's toolbar keeps only its download button in the Tab order (Plotly puts all
    eight there), and Tab still reaches it."""
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/jacobian?{PROBLEMS['2x3']}")
    settle(page)
    page.wait_for_function(f"({TOOLBAR_STOPS})().stops.length === ({TOOLBAR_STOPS})().charts",
                           timeout=10_000)
    found = page.evaluate(TOOLBAR_STOPS)
    assert found["charts"] >= 3 and set(found["stops"]) == {KEPT_BUTTON}, found
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('modebar-btn')"):
            break
    button = page.locator(":focus")
    assert button.get_attribute("data-title") == KEPT_BUTTON
    # seen: its toolbar shows (Plotly shows it only on hover) and it has the app's ring
    page.wait_for_timeout(500)  # the toolbar fades in
    assert button.evaluate("b => getComputedStyle(b.closest('.modebar')).opacity") == "1"
    assert button.evaluate("b => getComputedStyle(b).outlineWidth") == "2px"
