"""The page's own CSS: wide formulas scroll with a visible cue, phones, presentation mode.

One ``<style>`` block per run (:func:`inject`), written for the page's theme:

- every display formula that is wider than its column scrolls sideways, and says so: a
  shadow on the side where more of it is hidden (it appears only when the formula is wider
  than its box) and a thin scroll bar that stays visible;
- the path's page links wrap rather than cut a long title;
- on a phone (≤ 640 px) formulas are set a little smaller and tables scroll;
- in presentation mode running text, formulas and headings are set for the back of a room
  (body text 22 px) and the main column is used to its full width.
"""

from __future__ import annotations

import streamlit as st

from hadviz.figures.style import PAGE_BACKGROUND

__all__ = ["PRESENT_BODY_PX", "css", "inject"]

#: Running-text size in presentation mode (CSS px); the browser suite checks ≥ 20 px.
PRESENT_BODY_PX = 22

#: The page's background as "r,g,b" (the scroll cue's covers must match it exactly).
_BACKGROUND = {dark: ",".join(str(int(PAGE_BACKGROUND[dark][i:i + 2], 16)) for i in (1, 3, 5))
               for dark in (False, True)}
_SHADOW = {False: "rgba(0,0,0,0.38)", True: "rgba(255,255,255,0.5)"}
_THUMB = {False: "rgba(0,0,0,0.35)", True: "rgba(255,255,255,0.4)"}

_SCROLL = """
[data-testid=stMain] .katex-display {{
  overflow-x: auto; overflow-y: hidden; padding: 2px 4px 6px 4px;
  background:
    linear-gradient(to right, rgb({bg}) 40%, rgba({bg},0)) left center / 48px 100% no-repeat local,
    linear-gradient(to left, rgb({bg}) 40%, rgba({bg},0)) right center / 48px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, {shadow}, rgba(0,0,0,0))
      left center / 22px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, {shadow}, rgba(0,0,0,0))
      right center / 22px 100% no-repeat scroll;
  scrollbar-width: thin; scrollbar-color: {thumb} transparent;
}}
"""

#: Page links in the main area (the path's ← Back / Next →) wrap instead of being cut
#: with an ellipsis: a long page title must read whole beside the open sidebar.
_LINKS = """
[data-testid=stMain] [data-testid=stPageLink-NavLink] span:not([data-testid=stIconMaterial]),
[data-testid=stMain] [data-testid=stPageLink-NavLink] p {
  white-space: normal; text-overflow: clip; overflow: visible;
}
"""

_PHONE = """
@media (max-width: 640px) {
  [data-testid=stMain] .katex-display { font-size: 0.9em; }
  [data-testid=stMain] [data-testid=stTable] { overflow-x: auto; }
}
"""

_PRESENT = """
[data-testid=stMain] [data-testid=stMarkdownContainer] p,
[data-testid=stMain] [data-testid=stMarkdownContainer] li,
[data-testid=stMain] [data-testid=stWidgetLabel] p {{ font-size: {body}px; line-height: 1.5; }}
[data-testid=stMain] [data-testid=stCaptionContainer] p {{ font-size: {caption}px; }}
[data-testid=stMain] .katex-display {{ font-size: 1.25em; }}
[data-testid=stMain] h1 {{ font-size: 2.6rem; }}
[data-testid=stMain] h2, [data-testid=stMain] h3 {{ font-size: 2rem; }}
[data-testid=stMainBlockContainer] {{ padding-top: 1.5rem; max-width: 100%; }}
[data-testid=stHeader] {{ background: transparent; }}
"""


def css(dark: bool, present: bool) -> str:
    """The page's CSS for a theme and mode.

    Examples
    --------
    >>> "overflow-x: auto" in css(False, False)
    True
    >>> "font-size: 22px" in css(True, True), "font-size: 22px" in css(True, False)
    (True, False)
    """
    parts = [_SCROLL.format(bg=_BACKGROUND[dark], shadow=_SHADOW[dark], thumb=_THUMB[dark]),
             _LINKS, _PHONE]
    if present:
        parts.append(_PRESENT.format(body=PRESENT_BODY_PX, caption=PRESENT_BODY_PX - 4))
    return "".join(parts)


def inject(dark: bool, present: bool) -> None:
    """Write the CSS into the page (a style-only block takes no space)."""
    st.html(f"<style>{css(dark, present)}</style>")
