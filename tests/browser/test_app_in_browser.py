"""What only a browser shows: KaTeX rendered, plotly drawn, the URL bar, links, requests."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app import PAGES as APP_PAGES

from .harness import settle

#: Each page's url path (from the one page list in app.py) with the query a test opens it
#: with and whether it draws plots; a page missing here fails test_every_page_is_tested.
VIEWS = {
    "": ("m=3&n=4&seed=5&dist=int", True),
    "cases": ("m=3&n=4&seed=5&dist=int", False),
    "jacobian": ("m=3&n=4&seed=5&dist=int&k=2&i=1&j=2", True),
    "derivation": ("m=3&n=4&seed=5&dist=int&k=2&i=1&j=2&step=all", False),
    "diagrams": ("m=3&n=4&seed=5&dist=int&node=W", True),
    "columns": ("m=3&n=4&seed=5&dist=int&j=2&scale=2.0&g=ones", True),
    "layouts": ("m=3&n=4&seed=5&dist=int", False),
    "mistakes": ("m=3&n=4&seed=5&dist=int", False),
    "symbolic": ("m=2&n=3&seed=5&dist=int", False),
    "finite-differences": ("fn=tanh&m=3&n=4&seed=5&dist=normal", True),
    "practice": ("m=3&n=4&seed=5&dist=int", False),
    "check": ("m=2&n=3&seed=0&dist=int", False),
}
PAGES = {p.url_path: VIEWS.get(p.url_path, ("m=3&n=4&seed=5&dist=int", True))
         for p in APP_PAGES}


def test_every_page_is_tested():
    assert list(VIEWS) == [p.url_path for p in APP_PAGES]


def open_page(session, app_url, path, query, **options):
    s = session(**options)
    page = s.new_page()
    page.goto(f"{app_url}/{path}?{query}")
    settle(page)
    return page


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def fingerprint(page) -> str:
    """The main area's visible text: formulas, numbers, plot titles and tick labels."""
    return page.locator("[data-testid=stMain]").inner_text()


def assert_clean(page):
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".katex-error").count() == 0, page.locator(".katex-error").all_inner_texts()


def change_sidebar_n(page, value: str):
    box = page.get_by_role("spinbutton", name="n (columns)", exact=True)
    box.fill(value)
    box.press("Enter")
    page.wait_for_function(f"location.search.includes('n={value}')", timeout=20_000)
    settle(page)


def test_page_control_changes_plot_and_url(session, app_url):
    page = open_page(session, app_url, "jacobian", PAGES["jacobian"][0])
    before = page.locator(".js-plotly-plot").first.inner_html()
    box = page.get_by_role("spinbutton", name="k: component of f", exact=True)
    box.fill("4")
    box.press("Enter")
    page.wait_for_function("location.search.includes('k=4')", timeout=20_000)
    settle(page)
    assert page.locator(".js-plotly-plot").first.inner_html() != before


def test_the_function_switch_redraws(session, app_url):
    """The lab's old link (fn=quadratic) opens the question; the sidebar's Function selector
    switches every page, here to tanh, and the link says so."""
    page = open_page(session, app_url, "finite-differences",
                     "m=3&n=4&seed=5&dist=normal&fn=quadratic")
    assert "fn" not in query_of(page)  # the question, written as the default it is
    before = page.locator(".js-plotly-plot").first.inner_html()
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(
        has_text="Function").click()
    page.get_by_role("option", name=re.compile(r"^tanh")).click()
    page.wait_for_function("location.search.includes('fn=tanh')", timeout=20_000)
    settle(page)
    assert page.locator(".js-plotly-plot").first.inner_html() != before
    assert_clean(page)


def test_step_through_in_browser(session, app_url):
    page = open_page(session, app_url, "derivation", "m=2&n=3&step=1")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_function("location.search.includes('step=2')", timeout=20_000)
    settle(page)
    headers = page.locator("[data-testid=stMain] strong").filter(has_text=re.compile(r"^Step "))
    assert headers.all_inner_texts() == ["Step 2 of 6"]
    assert_clean(page)


def _permalink_reproduces(page, other) -> None:
    """The sidebar's link box holds the page's address, and opened in a fresh context it
    shows the same view."""
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode] code").inner_text()
    link = link.replace("\n", "")
    # the same address; the box leaves commas and semicolons unescaped, for reading
    assert urlsplit(link).path == urlsplit(page.url).path
    assert parse_qs(urlsplit(link).query) == query_of(page), (link, page.url)
    assert "%2C" not in link
    other.goto(link)
    settle(other)
    assert query_of(other) == query_of(page)
    assert fingerprint(other) == fingerprint(page)


def test_permalink_reproduces_view_in_fresh_context(session, app_url):
    """After sidebar changes (n, then the seed) on the f page, and on the Jacobian and lab
    pages opened with their own parameters and that problem, the link box reproduces the
    view in a fresh browser context (one context for all three)."""
    other = session().new_page()
    page = open_page(session, app_url, "", PAGES[""][0])
    change_sidebar_n(page, "5")
    seed = page.get_by_role("spinbutton", name="Seed", exact=True)
    seed.fill("17")
    seed.press("Enter")
    page.wait_for_function("location.search.includes('seed=17')", timeout=20_000)
    settle(page)
    _permalink_reproduces(page, other)
    for path in ("jacobian", "finite-differences"):
        query = PAGES[path][0].replace("seed=5", "seed=17").replace("n=4", "n=5")
        page.goto(f"{app_url}/{path}?{query}")
        settle(page)
        _permalink_reproduces(page, other)


def test_sidebar_navigation_keeps_problem(session, app_url):
    page = open_page(session, app_url, "", "m=4&n=2&seed=8&dist=uniform")
    for title, path in [("Jacobian", "/jacobian"), ("Diag-trick derivation", "/derivation"),
                        ("Finite differences", "/finite-differences"),
                        ("The function, answer first", "/")]:
        page.locator("[data-testid=stSidebar]").get_by_role("link", name=title).click()
        page.wait_for_function(f"location.pathname === '{path}'", timeout=20_000)
        settle(page)
        q = query_of(page)
        assert (q["m"], q["n"], q["seed"], q["dist"]) == (["4"], ["2"], ["8"], ["uniform"]), q
        assert_clean(page)


def test_invalid_parameters_warn_in_browser(session, app_url):
    page = open_page(session, app_url, "", "m=0&seed=abc&dist=evil")
    text = page.locator("[data-testid=stAlert]").all_inner_texts()
    for name in ("'m'", "'seed'", "'dist'"):
        assert any(name in t for t in text), (name, text)
    assert query_of(page)["m"] == ["2"]
    assert_clean(page)


def test_unknown_page_is_friendly(session, app_url):
    page = open_page(session, app_url, "no-such-page", "m=3")
    assert page.get_by_text(re.compile("There is no page")).count() >= 1
    assert_clean(page)


def test_fresh_server_first_request_to_a_subpage(browser):
    """A new server's very first request may run a page file directly; it must still work."""
    from .harness import running_app

    with running_app() as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{base}/jacobian?m=3&n=3&k=2")
            settle(page)
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator("[data-testid=stSidebar] input").count() > 0
            assert query_of(page)["k"] == ["2"]
            assert_clean(page)
        finally:
            context.close()


# -- accessibility basics ------------------------------------------------------------------

UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), textarea, select, [role=slider], [role=switch], button'))
  .filter(el => el.offsetParent !== null)
  .filter(el => {
    const byId = id => (document.getElementById(id) || {}).textContent || '';
    const name = (el.getAttribute('aria-label') || '')
      + (el.labels ? Array.from(el.labels).map(l => l.textContent).join('') : '')
      + (el.getAttribute('aria-labelledby') || '').split(' ').map(byId).join('')
      + (el.closest('label') ? el.closest('label').textContent : '')
      + (el.tagName === 'BUTTON' ? el.textContent + (el.title || '') : '');
    return name.trim() === '';
  })
  .map(el => el.outerHTML.slice(0, 120))"""


PLOT_LABELS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => ({
    title: (p.querySelector('.gtitle') || {}).textContent || '',
    x: Array.from(p.querySelectorAll('.infolayer g[class^="g-x"][class$="title"]'))
        .map(t => t.textContent).join(''),
    y: Array.from(p.querySelectorAll('.infolayer g[class^="g-y"][class$="title"]'))
        .map(t => t.textContent).join(''),
    ticks: p.querySelectorAll('.xtick text, .ytick text').length,
}))"""


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "f")
def test_page_from_url_then_a_sidebar_change(session, app_url, path):
    """One visit per page checks together what each needs a fresh page for: it renders from
    its URL (KaTeX, plotly, no exception), keeps the query, labels every widget, titles every
    plot and its axes; then a sidebar change redraws it and updates the URL."""
    query, has_plots = PAGES[path]
    page = open_page(session, app_url, path, query)
    assert_clean(page)
    assert page.locator(".katex").count() > 0, "no KaTeX rendered"
    q = query_of(page)
    for key, values in parse_qs(query).items():
        assert q.get(key) == values, (key, q)
    assert page.evaluate(UNLABELLED) == []
    if has_plots:
        assert page.locator(".js-plotly-plot .main-svg").count() > 0, "no plotly drawn"
        plots = page.evaluate(PLOT_LABELS)
        assert plots
        for plot in plots:  # a drawing without axes (a tensor diagram) needs only its title
            assert plot["title"].strip(), plot
            assert not plot["ticks"] or (plot["x"].strip() and plot["y"].strip()), plot
    before = fingerprint(page)
    change_sidebar_n(page, "2")
    assert query_of(page)["n"] == ["2"]
    assert_clean(page)
    assert fingerprint(page) != before


CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = rgb(getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor);
  return Array.from(document.querySelectorAll(
      '.js-plotly-plot .gtitle, .js-plotly-plot .xtick text, .js-plotly-plot .ytick text'))
    .slice(0, 20).map(t => { const fg = rgb(getComputedStyle(t).fill);
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05); });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plot_text_reads_in_both_themes(session, app_url, scheme):
    page = open_page(session, app_url, "jacobian", PAGES["jacobian"][0], color_scheme=scheme)
    ratios = page.evaluate(CONTRAST)
    assert ratios and min(ratios) >= 4.5, ratios
    # the diverging scale keeps its colour bar in either theme
    assert page.locator(".js-plotly-plot .colorbar").count() > 0


@pytest.mark.parametrize("path,query", [
    ("", "m=64&n=64&seed=1&dist=normal"),
    ("derivation", "m=64&n=64&seed=1&dist=normal&k=64&i=64&j=64&step=all"),
    ("columns", "m=64&n=64&seed=1&dist=normal&g=random"),
    ("symbolic", "m=4&n=4&seed=1&dist=normal"),
], ids=["f-64", "derivation-64", "columns-64", "symbolic-4"])
def test_large_formulas_render(session, app_url, path, query):
    """Elided 64 × 64 matrices and the largest symbolic proof are valid KaTeX."""
    page = open_page(session, app_url, path, query)
    assert_clean(page)
    assert page.locator(".katex").count() > 0


def test_walk_the_whole_path_with_next(session, app_url):
    """From the first page to the last by the Next → links; the problem travels along."""
    page = open_page(session, app_url, "", "m=3&n=4&seed=5&dist=normal")
    for index, expected in enumerate(APP_PAGES):
        assert urlsplit(page.url).path.strip("/") == expected.url_path, (index, page.url)
        q = query_of(page)
        assert (q["m"], q["n"], q["seed"], q["dist"]) == (["3"], ["4"], ["5"], ["normal"]), q
        assert_clean(page)
        main = page.locator("[data-testid=stMain]")
        assert f"Page {index + 1} of {len(APP_PAGES)} on the path" in main.inner_text()
        nxt = main.get_by_role("link", name=re.compile(r"^Next →"))
        if index == len(APP_PAGES) - 1:
            assert nxt.count() == 0
            break
        nxt.first.click()
        target = APP_PAGES[index + 1].url_path
        page.wait_for_function(f"location.pathname.replace(/\\/$/, '').endsWith('/{target}')",
                               timeout=20_000)
        settle(page)


def test_check_reads_a_pasted_answer_and_says_what_it_is(session, app_url):
    """A learner pastes NumPy's print of J (no commas, lines and blank lines) into the box,
    presses Check, and reads the verdict; the short answer rides in the link."""
    from hadviz.problem import random_problem

    p = random_problem(2, 3, 0, "int")
    printed = str(p.model.jacobian(p.W, *p.arrays))
    page = open_page(session, app_url, "check", PAGES["check"][0])
    box = page.get_by_role("textbox", name="Your answer")
    box.fill(printed)
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("location.search.includes('answer=')", timeout=20_000)
    settle(page)
    verdict = "[data-testid=stAlert] [data-testid=stMarkdownContainer]"
    alert = page.locator(verdict).first
    assert alert.inner_text().strip().startswith("Right: this is J output first"), \
        alert.inner_text()
    assert_clean(page)
    # now a mistake, typed as a formula: the verdict names it
    page.get_by_text("a formula", exact=True).click()
    settle(page)
    box = page.get_by_role("textbox", name="Your answer")
    box.fill("2 a b^T W")
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("decodeURIComponent(location.search).includes('answer=2')",
                           timeout=20_000)
    settle(page)
    text = page.locator(verdict).first.inner_text()
    assert text.startswith("This is a known mistake") and "2abᵀW" in text, text
    assert_clean(page)
