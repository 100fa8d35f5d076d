"""The look shared by every hadviz figure: colour scale, layout, the theme.

Heatmaps use a diverging, colour-blind-safe scale (ColorBrewer RdBu, blue negative, red
positive) centred at 0 and symmetric, row 1 at the top, indices shown from 1 as in the math,
and every figure has a title and axis titles. :func:`theme_spec` colours a finished figure
for a light or dark page.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import plotly.graph_objects as go

from hadviz.figures.titles import TITLE_LINE_PX, TITLE_PAD_PX, wrap

__all__ = [
    "COLORSCALE",
    "DARK_SCALE",
    "FONT_FAMILY",
    "HALO",
    "HIGHLIGHT",
    "MAX_ANNOTATED_CELLS",
    "MAX_DENSE_CELLS",
    "MAX_SMALL_MULTIPLES",
    "PAGE_BACKGROUND",
    "PRESENT_FONT_PX",
    "ZERO_COLOR",
    "apply_theme",
    "contrast_ratio",
    "enlarge",
    "layout",
    "theme_spec",
    "zero_color",
]

#: ColorBrewer RdBu reversed (11 classes): blue for negative, red for positive, white at 0;
#: readable for the common colour-vision deficiencies. The scale of light pages.
COLORSCALE = [[i / 10, c] for i, c in enumerate(
    ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582",
     "#d6604d", "#b2182b", "#67001f"))]
#: The same hues for dark pages: 0 is a dark neutral a little lighter than the page (no
#: glare on a projector, and zero cells still read as cells), and colour grows lighter with
#: |value|, so large entries stand out on the dark background as they do on the light one.
DARK_ZERO = "#30343c"
DARK_SCALE = [[0.0, "#b9dcf2"], [0.2, "#6aaee0"], [0.4, "#2f6aa8"], [0.5, DARK_ZERO],
              [0.6, "#a8463f"], [0.8, "#e07a5a"], [1.0, "#f8c3a8"]]
#: Streamlit's page backgrounds, light and dark (its default themes; a browser test checks
#: them against the page, since the scroll cues of wide formulas are painted in them).
PAGE_BACKGROUND = {False: "#ffffff", True: "#171614"}
#: Most slices drawn side by side; above this, a window of slices around the chosen k.
MAX_SMALL_MULTIPLES = 8
#: Above this many cells, numbers are not printed inside heatmap cells.
MAX_ANNOTATED_CELLS = 144
#: Above this many cells the vec-Jacobian is drawn as markers at its non-zeros.
MAX_DENSE_CELLS = 4096
#: Selection outlines are drawn twice: a wide halo under a narrow line of the opposite
#: lightness (black on white in light pages, white on black in dark ones), so a selection is
#: visible on any cell colour. These are placeholders that :func:`theme_spec` recolours.
HIGHLIGHT = "#111111"
HALO = "#fefefe"
#: The colour of 0 on light pages (the scale's midpoint), for areas known to be zero.
ZERO_COLOR = "#f7f7f7"


def zero_color(dark: bool) -> str:
    """The colour of 0 in the page's scale."""
    return DARK_ZERO if dark else ZERO_COLOR


def _luminance(color: str) -> float:
    rgb = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 = identical, 21 = black on white).

    Examples
    --------
    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    hi, lo = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title (cut at phrase boundaries for narrow plots), height, margins and a legend below
    the plot.

    ``height`` is the figure's height with a one-line title; every further title line adds
    :data:`TITLE_LINE_PX` to it, so the plot keeps its size. The title sits on the plot
    and pushes the top margin to its own height (plotly's title automargin, which also
    stacks its lines upwards), so a larger font (presentation mode) cannot overlap the plot.
    """
    text = wrap(title)
    extra = TITLE_LINE_PX * text.count("<br>")
    for trace in fig.data:
        if trace.name and len(trace.name) > 46 and trace.showlegend is not False:
            trace.name = wrap(trace.name, 46)
    fig.update_layout(
        title={"text": text, "x": 0.0, "xanchor": "left", "xref": "container",
               "y": 1.0, "yanchor": "bottom", "yref": "paper", "automargin": True,
               "pad": {"l": 8, "t": TITLE_PAD_PX // 2, "b": TITLE_PAD_PX // 2}},
        height=height + extra,
        # the title's automargin sets the top margin; plotly stacks a title's lines upwards
        # only when the margin must grow, so it starts at 0
        margin={"l": 60, "r": 20, "t": 0, "b": 50},
        # legends go below the plot, in rows: beside it they squeeze a phone's plot to a strip
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.16,
                "yanchor": "top"},
    )
    return fig


#: Layout keys of cartesian axes: xaxis, xaxis2, …, yaxis, yaxis2, …
_AXIS = re.compile(r"^[xy]axis\d*$")
#: The font every figure uses, in the page's own typeface first.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "Segoe UI", Roboto, sans-serif'


def _recolour(value: Any, old: str, new: str) -> Any:
    """``value`` with the colour ``old`` replaced by ``new`` (one colour or a list of them)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [new if c == old else c for c in value]
    return new if value == old else value


def theme_spec(spec: dict[str, Any], dark: bool, present: bool = False) -> dict[str, Any]:
    """Colour a figure's dict form (``fig.to_dict()``) for a light or dark page, in place;
    with ``present``, set its text for a projector (:func:`enlarge`).

    Text, tick labels and selection outlines get near-black or near-white (contrast above
    12:1 on the app's backgrounds); the backgrounds are transparent so the page shows
    through; heatmaps take the theme's scale and areas known to be 0 its zero colour. No
    plotly template is embedded, which keeps the figure light on the wire. Working on the
    plain dict costs a small fraction of plotly's validated setters, so a figure is built
    once and coloured for either theme when it is drawn.

    Returns
    -------
    dict
        ``spec`` itself.
    """
    fg = "#ececec" if dark else "#1f1f1f"
    grid = "rgba(255,255,255,0.16)" if dark else "rgba(0,0,0,0.12)"
    lay = spec.setdefault("layout", {})
    lay.update(template={}, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
               hoverlabel={**lay.get("hoverlabel", {}), "font": {"size": 13}},
               font={**lay.get("font", {}), "color": fg, "size": 13, "family": FONT_FAMILY})
    lay.setdefault("xaxis", {})
    lay.setdefault("yaxis", {})
    for key in [k for k in lay if _AXIS.match(k)]:
        lay[key].update(gridcolor=grid, zerolinecolor=grid, linecolor=grid)
        lay[key]["tickfont"] = {**lay[key].get("tickfont", {}), "color": fg}
    for note in lay.get("annotations", ()):
        note["font"] = {**note.get("font", {}), "color": fg}
    scale = DARK_SCALE if dark else COLORSCALE
    for trace in spec.get("data", ()):
        marker = trace.get("marker", {})
        if trace.get("type") == "heatmap":
            trace["colorscale"] = scale
        elif marker.get("colorscale") is not None:
            marker["colorscale"] = scale
        if trace.get("type") in ("bar", "scatter") and marker:
            if "color" in marker:
                marker["color"] = _recolour(marker["color"], HIGHLIGHT, fg)
            if "color" in marker.get("line", {}):
                marker["line"]["color"] = _recolour(marker["line"]["color"], HIGHLIGHT, fg)
    # selection outlines: the line in the text colour, its halo in the page's colour
    for shape in lay.get("shapes", ()):
        line = shape.get("line", {})
        if "color" in line:
            line["color"] = _recolour(_recolour(line["color"], HIGHLIGHT, fg), HALO,
                                      PAGE_BACKGROUND[dark])
        if shape.get("fillcolor") == ZERO_COLOR:
            shape["fillcolor"] = zero_color(dark)
    return enlarge(spec) if present else spec


#: Smallest text of a figure in presentation mode (CSS px): ticks, cell numbers, legends.
PRESENT_FONT_PX = 20
#: Keys under which plotly keeps a font.
_FONTS = ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont")


def _grow_fonts(node: Any, px: int) -> None:
    """Every font below ``node`` at least ``px`` tall (walks dicts and lists of dicts)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _FONTS and isinstance(value, dict):
                value["size"] = max(value.get("size") or 0, px)
            _grow_fonts(value, px)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for item in node:
            _grow_fonts(item, px)


def enlarge(spec: dict[str, Any], px: int = PRESENT_FONT_PX) -> dict[str, Any]:
    """Set a figure's dict form for the back of a room, in place: every text at least ``px``
    tall (tick labels, cell numbers, legends, colour bars, hovers), the title larger still,
    and the plot taller with room for the larger text (axes grow their margins).

    Returns
    -------
    dict
        ``spec`` itself.
    """
    lay = spec.setdefault("layout", {})
    lay["font"] = {**lay.get("font", {}), "size": px}
    for trace in spec.get("data", ()):
        if trace.get("texttemplate") or "text" in trace.get("mode", ""):
            trace["textfont"] = {**trace.get("textfont", {}), "size": px}
    _grow_fonts(spec, px)
    if isinstance(lay.get("title"), dict):
        lay["title"]["font"] = {**lay["title"].get("font", {}), "size": px + 6}
    for key in [k for k in lay if _AXIS.match(k)]:
        lay[key]["automargin"] = True
    margin = lay.get("margin", {})
    lay["margin"] = {**margin, "t": int(margin.get("t", 60) * 1.4),
                     "b": int(margin.get("b", 50) * 1.3), "l": max(margin.get("l", 60), 80)}
    lay["height"] = int(lay.get("height", 450) * 1.3)
    return spec


def apply_theme(fig: go.Figure, dark: bool) -> go.Figure:
    """A copy of ``fig`` coloured for a light or dark page (see :func:`theme_spec`)."""
    return go.Figure(theme_spec(fig.to_dict(), dark))
