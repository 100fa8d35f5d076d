"""Take a screenshot of every page for the README: ``python -m tests.browser.screenshots docs``
(add names, e.g. ``check phone``, to retake only those)."""

from __future__ import annotations

import sys

from app import PAGES

from .harness import NO_CHROMIUM, ROOT, find_chromium, launch_browser, running_app, settle

#: The view each page is photographed in, by url path (pages of app.PAGES not named here
#: are taken at the default problem).
QUERIES = {
    "": "m=3&n=4&seed=5&dist=int",
    "cases": "m=3&n=4&seed=5&dist=int",
    "jacobian": "m=3&n=4&seed=5&dist=int&k=2&i=3&j=2",
    "derivation": "m=2&n=3&seed=0&dist=int&k=2&i=1&j=2&step=3",
    "diagrams": "m=3&n=4&seed=5&dist=int&node=W",
    "columns": "m=2&n=3&seed=0&dist=int&j=2&scale=1.0&g=ones",
    "layouts": "m=3&n=4&seed=5&dist=int",
    "mistakes": "m=3&n=4&seed=5&dist=int",
    "symbolic": "m=2&n=2&seed=0&dist=int",
    "finite-differences": "m=4&n=5&seed=1&dist=normal&fn=gated",
    "practice": "m=3&n=4&seed=5&dist=int",
    "check": "m=2&n=3&seed=0&dist=int&input=formula&answer=2%20a%20b%5ET%20W",
}
#: Pages photographed scrolled to an element (a selector), not at their top.
SCROLLED = {"check": "[data-testid=stAlert]"}
#: (file name, url path, query, viewport, colour scheme): every page as on a laptop, then a
#: projector in presentation mode and a phone in the dark.
SHOTS = [(p.url_path or "f", p.url_path, QUERIES.get(p.url_path, ""), (1280, 900), "light")
         for p in PAGES] + [
    ("projector", "derivation", "m=2&n=3&seed=0&dist=int&k=2&i=1&j=2&step=3&present=1",
     (1280, 720), "light"),
    ("phone", "jacobian", "m=8&n=8&seed=1&dist=int&k=3&i=2&j=3", (390, 844), "dark"),
    # the family: one picture per model beyond the question
    ("family-matrix", "jacobian", "fn=matrix&p=3&m=3&n=4&seed=5&dist=int&k=2",
     (1280, 900), "light"),
    ("family-gated", "derivation", "fn=gated&m=2&n=3&seed=0&dist=int&k=2&i=1&j=2&step=all",
     (1280, 900), "light"),
    ("family-tanh", "columns", "fn=tanh&m=2&n=3&seed=0&dist=normal&j=2&scale=1.0",
     (1280, 900), "light"),
]


def main(out: str, only: tuple[str, ...] = ()) -> None:
    """Write the screenshots to ``out`` (only those named in ``only``, when given)."""
    executable = find_chromium()
    if executable is None:
        raise SystemExit(NO_CHROMIUM)
    target = (ROOT / out).resolve()
    target.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with running_app() as base, sync_playwright() as p:
        browser = launch_browser(p, executable)
        try:
            for name, path, query, (width, height), scheme in SHOTS:
                if only and name not in only:
                    continue
                page = browser.new_page(viewport={"width": width, "height": height},
                                        color_scheme=scheme)
                page.goto(f"{base}/{path}?{query}")
                settle(page)
                if name in SCROLLED:
                    page.locator(SCROLLED[name]).first.scroll_into_view_if_needed()
                    settle(page)
                page.screenshot(path=str(target / f"{name}.png"))
                page.close()
                print(f"wrote {target / f'{name}.png'}")
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs", tuple(sys.argv[2:]))
