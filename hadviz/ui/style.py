"""The page's own CSS: wide formulas scroll with a visible cue, text that reads, phones,
presentation mode.

One ``<style>`` block per run (:func:`inject`), written for the page's theme:

- every display formula that is wider than its column scrolls sideways, and says so: a
  shadow on the side where more of it is hidden (it appears only when the formula is wider
  than its box) and a thin scroll bar that stays visible;
- the path's page links wrap rather than cut a long title;
- text reads at a contrast of at least 4.5:1 (WCAG AA, checked by axe-core in the browser
  suite): captions, the selected pills, a slider's value and the colours of code; a section
  heading (``st.header``, an h2 right under the page's h1) keeps the size of Streamlit's
  subheader; page links, toggles, the main area and the boxes that scroll sideways (made
  focusable by :mod:`hadviz.ui.a11y`) show a ring when the keyboard focuses them, as
  Streamlit's other widgets already do;
- on a phone (≤ 640 px) formulas are set a little smaller and tables scroll;
- in presentation mode running text, formulas and headings are set for the back of a room
  (body text 22 px), the main column is used to its full width, and the main area shows no
  focus frame (the presenter's ← and → would draw it round the slide).
"""

from __future__ import annotations

import streamlit as st

from hadviz.figures.style import PAGE_BACKGROUND

__all__ = ["PRESENT_BODY_PX", "SR_ONLY", "css", "inject"]

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
#: Captions are Streamlit's body text at opacity 0.6: 3.9:1 on white. At 0.75 they read at
#: 6.1:1 on white (body text 13.7:1); on the dark page 0.6 already gives 6.1:1 (body 15.2:1).
_CAPTION_OPACITY = {False: 0.75, True: 0.6}
#: Text in the theme's red (selected pills, a slider's value): Streamlit's #c53948 is 4.5:1 on
#: the pill's tint, its dark #cf4250 3.6:1; these read at 5.5:1 and 5.4:1 there.
_ACCENT_TEXT = {False: "#b02d3c", True: "#ea6a75"}
#: The focus ring of the whole main area (Chromium lets Tab stop on a scrolling area; after a
#: click there, a shortcut key shows the ring): quiet grey, 3.4:1 on white and 5.3:1 on the
#: dark page, not the red of an error.
_FRAME = {False: "rgba(47,45,43,0.55)", True: "rgba(237,235,232,0.55)"}
#: Streamlit's code colours (one palette for both themes), each made ≥ 5:1 on the code block
#: (#f7f7f6 light, #242321 dark): (Prism token classes, light, dark).
_CODE_TOKENS = (
    ("comment prolog doctype cdata punctuation", "#666a77", "#8e92a1"),
    ("attr-name property variable", "#007394", "#00a4d4"),
    ("boolean constant symbol inserted", "#157b35", "#21c354"),
    ("number regex", "#1b7669", "#29b09d"),
    ("string char attr-value", "#067b2a", "#09ab3b"),
    ("operator entity decorator atrule", "#ab500e", "#ed6f13"),
    ("url", "#6d3fc0", "#a284d7"),
    ("keyword tag function class-name selector", "#176bb8", "#3e96e6"),
    ("important deleted", "#bf3838", "#ff5656"),
)

_READABLE = """
[data-testid=stApp] [data-testid=stCaptionContainer] {{ opacity: {caption}; }}
[data-testid=stApp] [data-variant=pills]:is([aria-pressed=true], :hover),
[data-testid=stApp] [data-variant=pills]:is([aria-pressed=true], :hover) p,
[data-testid=stApp] [data-testid=stSliderThumbValue] {{ color: {accent}; }}
[data-testid=stApp] [data-testid=stPageLink-NavLink]:focus-visible,
[data-testid=stApp] label:has(input[type=checkbox]:focus-visible),
[data-testid=stMain] [data-hv-scroll]:focus-visible {{
  outline: 2px solid {accent}; outline-offset: -2px;
}}
[data-testid=stMain]:focus-visible {{ outline: 2px solid {frame}; outline-offset: -2px; }}
[data-testid=stMain] .js-plotly-plot .modebar:focus-within {{ opacity: 1; }}
[data-testid=stMain] .js-plotly-plot .modebar .modebar-btn:focus-visible {{
  outline: 2px solid {accent}; outline-offset: 1px;
}}
[data-testid=stElementContainer]:has(> [data-testid=stHtml] > script#hv-a11y) {{
  display: none;
}}
"""

#: A section heading is an h2 (after the page's h1 title, for the heading order screen readers
#: navigate by) drawn at the size of Streamlit's subheader (an h3: 1.75rem, 0.75rem above).
_HEADINGS = """
[data-testid=stMain] h2 { font-size: 1.75rem; padding-top: 0.75rem; }
"""

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
[data-testid=stMain]:focus-visible {{ outline: none; }}
"""


#: Text for screen readers only: the standard visually hidden pattern (in the accessibility
#: tree, not on screen). A plot's description carries it as its own style as well.
SR_ONLY = ("position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; "
           "overflow: hidden; clip: rect(0, 0, 0, 0); clip-path: inset(50%); "
           "white-space: nowrap; border: 0;")
#: The hidden paragraph's block leaves the page's flow too: no gap above its plot.
_SR_ONLY_CSS = (".hv-sr-only, [data-testid=stElementContainer]:has(> [data-testid=stMarkdown] "
                ".hv-sr-only) { " + SR_ONLY.replace(";", " !important;") + " }\n")


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
             _READABLE.format(caption=_CAPTION_OPACITY[dark], accent=_ACCENT_TEXT[dark],
                              frame=_FRAME[dark]),
             _code_colours(dark), _HEADINGS, _LINKS, _PHONE, _SR_ONLY_CSS]
    if present:
        parts.append(_PRESENT.format(body=PRESENT_BODY_PX, caption=PRESENT_BODY_PX - 4))
    return "".join(parts)


def _code_colours(dark: bool) -> str:
    rules = []
    for tokens, light, on_dark in _CODE_TOKENS:
        selector = ", ".join(f"[data-testid=stApp] [data-testid=stCode] .token.{t}"
                             for t in tokens.split())
        rules.append(f"{selector} {{ color: {on_dark if dark else light}; }}\n")
    return "".join(rules)


def inject(dark: bool, present: bool) -> None:
    """Write the CSS into the page (a style-only block takes no space)."""
    st.html(f"<style>{css(dark, present)}</style>")
