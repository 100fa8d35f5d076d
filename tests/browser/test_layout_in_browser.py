"""Layout as a projector and a phone show it: formulas that fit or scroll with a cue, plots
wide enough to read, presentation mode, keyboard shortcuts, and the number editor."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app import PAGES as APP_PAGES

from .harness import settle
from .measure import (
    BODY_FONT_SIZES,
    CLIPPED_FORMULAS,
    PLOT_WIDTHS,
    RAW_NOTATION,
    SCROLL_WITHOUT_CUE,
    WIDE_FORMULAS,
)

VIEWPORTS = {"projector": (1280, 720), "phone": (390, 844)}
SIZES = ["2x3", "8x8", "64x64"]

def _query(size: str, extra: str = "") -> str:
    m, n = size.split("x")
    return f"m={m}&n={n}&seed=1&dist=int&step=all{extra}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_every_page_fits_its_screen(session, app_url, device, size):
    """On every page: no formula is cut off (a wide one scrolls, with a visible cue), every
    plot is at least 300 px wide, and running text shows no raw notation. On the projector
    no formula needs to scroll at all."""
    width, height = VIEWPORTS[device]
    page = session(viewport={"width": width, "height": height}).new_page()
    problems = []
    for p in APP_PAGES:
        page.goto(f"{app_url}/{p.url_path}?{_query(size)}")
        settle(page)
        name = f"{p.url_path or 'f'} at {device} {size}"
        assert page.locator("[data-testid=stException]").count() == 0, name
        assert page.locator(".katex-error").count() == 0, name
        clipped = page.evaluate(CLIPPED_FORMULAS)
        no_cue = page.evaluate(SCROLL_WITHOUT_CUE)
        narrow = [w for w in page.evaluate(PLOT_WIDTHS) if w < 300]
        raw = page.evaluate(RAW_NOTATION)
        wide = page.evaluate(WIDE_FORMULAS) if device == "projector" else []
        for label, found in (("clipped", clipped), ("scrolls without a cue", no_cue),
                             ("plot narrower than 300 px", narrow), ("raw notation", raw),
                             ("scrolls on the projector", wide)):
            if found:
                problems.append(f"{name}: {label}: {found[:3]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_scroll_cue_is_painted_in_the_page_colour(session, app_url, scheme):
    """The cue's covers hide its shadows where nothing is hidden; they must be exactly the
    page's colour, or they would show as blocks beside every formula."""
    from hadviz.figures.style import PAGE_BACKGROUND

    page = session(viewport={"width": 390, "height": 844}, color_scheme=scheme).new_page()
    page.goto(f"{app_url}/jacobian?m=2&n=3&seed=0&dist=int")
    settle(page)
    background = page.evaluate("getComputedStyle(document.querySelector("
                               "'[data-testid=stApp]')).backgroundColor")
    hex_colour = PAGE_BACKGROUND[scheme == "dark"]
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    assert background == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    image = page.evaluate("getComputedStyle(document.querySelector("
                          "'[data-testid=stMain] .katex-display')).backgroundImage")
    assert f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})" in image


def test_presentation_mode_for_the_back_of_the_room(session, app_url):
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/derivation?m=2&n=3&seed=0&dist=int&present=1")
    settle(page)
    sizes = page.evaluate(BODY_FONT_SIZES)
    assert sizes and min(sizes) >= 20, sizes
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_attribute("data-collapsed") == "true"
    assert sidebar.bounding_box()["width"] == 0
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "Step 1 of 6" in main and "Step 2 of 6" not in main  # one step on screen
    # the mode travels along the path
    page.locator("[data-testid=stMain]").get_by_role("link", name=re.compile("^Next →")).click()
    following = APP_PAGES[[p.url_path for p in APP_PAGES].index("derivation") + 1].url_path
    page.wait_for_function(f"location.pathname.endsWith('/{following}')", timeout=20_000)
    settle(page)
    assert parse_qs(urlsplit(page.url).query).get("present") == ["1"]
    assert min(page.evaluate(BODY_FONT_SIZES)) >= 20
    # without the mode, body text is the usual size
    page.goto(f"{app_url}/derivation?m=2&n=3&seed=0&dist=int")
    settle(page)
    assert max(page.evaluate(BODY_FONT_SIZES)) < 20


def _step(page) -> str:
    return parse_qs(urlsplit(page.url).query).get("step", [""])[0]


def test_keyboard_steps_and_new_problem(session, app_url):
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/derivation?m=2&n=3&seed=0&dist=int&present=1")
    settle(page)
    page.locator("[data-testid=stMain] h1").click()  # focus the page, not an input
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('step=2')", timeout=20_000)
    settle(page)
    assert "Step 2 of 6" in page.locator("[data-testid=stMain]").inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('step=3')", timeout=20_000)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.search.includes('step=2')", timeout=20_000)
    settle(page)
    seed = parse_qs(urlsplit(page.url).query)["seed"]
    page.locator("[data-testid=stMain] h1").click()
    page.keyboard.press("n")
    page.wait_for_function(f"!location.search.includes('seed={seed[0]}&')", timeout=20_000)
    settle(page)
    assert parse_qs(urlsplit(page.url).query)["seed"] != seed
    assert page.locator("[data-testid=stException]").count() == 0


def _edit_first_cell(page, grid, text: str) -> None:
    box = grid.bounding_box()
    # below the 35 px header row, right of the row labels
    page.mouse.dblclick(box["x"] + 90, box["y"] + 52)
    editor = page.locator("input.gdg-input, textarea.gdg-input").first
    editor.wait_for(state="visible", timeout=10_000)
    editor.fill(text)
    editor.press("Enter")


def test_editor_refuses_a_bad_cell_in_place(session, app_url):
    """The grid sits in the main area; text in a cell stays there, is named next to the
    grid, and the pages keep the last valid numbers (the link does not change)."""
    page = session(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/?m=2&n=3&seed=0&dist=int")
    settle(page)
    page.get_by_text("Type the numbers myself").click()
    page.wait_for_function("location.search.includes('mode=edit')", timeout=20_000)
    settle(page)
    grid = page.locator("[data-testid=stMain] [data-testid=stExpander] "
                        "[data-testid=stDataFrame]").first
    assert grid.bounding_box()["width"] > 400  # wide enough for the matrix
    _edit_first_cell(page, grid, "7")
    page.wait_for_function("new URLSearchParams(location.search).get('W').startsWith('7,')",
                           timeout=20_000)
    settle(page)
    url_before = page.url
    _edit_first_cell(page, grid, "abc")
    page.wait_for_selector("text=Not applied", timeout=20_000)
    settle(page)
    alert = page.locator("[data-testid=stMain] [data-testid=stExpander] [data-testid=stAlert]")
    assert "W row 1, column 1 'abc' is not a number" in alert.first.inner_text()
    assert page.url == url_before
    # an emptied cell is refused the same way
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 90, box["y"] + 52)
    page.keyboard.press("Delete")
    page.wait_for_selector("text=W row 1, column 1 is empty", timeout=20_000)
    assert page.url == url_before
    assert page.locator("[data-testid=stException]").count() == 0
