"""The look shared by every hadviz figure: colour scale, layout, heatmap cells, the theme.

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
from numpy.typing import NDArray

from hadviz.latex import text_sci

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
    "ZERO_COLOR",
    "apply_theme",
    "cell_text",
    "contrast_ratio",
    "heatmap",
    "heatmap_trace",
    "index_ticks",
    "largest_abs",
    "layout",
    "outline",
    "outline_shapes",
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


def index_ticks(count: int) -> dict[str, Any]:
    """Axis ticks for 1-based indices 1 … count: every index up to 16, else round steps
    (multiples of 2, 4, 5, 8, …), never a fractional index.

    Examples
    --------
    >>> index_ticks(5)["dtick"], index_ticks(64)["dtick"], index_ticks(64)["tick0"]
    (1, 8, 0)
    """
    if count <= 16:
        return {"dtick": 1, "tick0": 1, "tickformat": "d"}
    step = next((s for s in (2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 256, 512)
                 if count / s <= 10), 1024)
    return {"dtick": step, "tick0": 0, "tickformat": "d"}


def largest_abs(*arrays: NDArray) -> float:
    top = max((float(np.max(np.abs(x))) for x in arrays if x.size), default=0.0)
    return top if top > 0 else 1.0


def cell_text(M: NDArray) -> NDArray | None:
    """Numbers printed in cells (small heatmaps only): integers plainly, others to 3 digits."""
    if M.size > MAX_ANNOTATED_CELLS:
        return None
    return np.vectorize(short_number, otypes=[object])(M)


def short_number(x: float) -> str:
    """A cell's number: integers plainly, others to 3 digits, 2.5 × 10⁻¹⁷⁹ (never 2.5e-179).

    >>> short_number(3.0), short_number(-0.12345), short_number(2.5e-179)
    ('3', '-0.123', '2.5 × 10⁻¹⁷⁹')
    """
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e6:
        return str(int(x))
    text = f"{x:.3g}"
    return text_sci(x, 3).replace(".00 ", " ").replace("0 × ", " × ") if "e" in text else text


def wrap(text: str, width: int = 46) -> str:
    """Break plot text into lines of at most ``width`` visible characters (``<br>``), at
    spaces, so titles and legend entries fit a phone-wide plot.

    Examples
    --------
    >>> wrap("a b c", 3)
    'a b<br>c'
    >>> wrap("short")
    'short'
    """
    lines: list[list[str]] = []  # words of each line
    used: list[int] = []  # visible characters of each line
    for word in text.split(" "):
        visible = len(word.replace("<sub>", "").replace("</sub>", ""))
        if lines and used[-1] + 1 + visible <= width:
            lines[-1].append(word)
            used[-1] += 1 + visible
        else:
            lines.append([word])
            used.append(visible)
    return "<br>".join(" ".join(words) for words in lines)


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title (wrapped for narrow plots), height, margins and a legend below the plot."""
    text = wrap(title)
    extra = 22 * text.count("<br>")
    for trace in fig.data:
        if trace.name and len(trace.name) > 46 and trace.showlegend is not False:
            trace.name = wrap(trace.name)
    fig.update_layout(
        title={"text": text, "x": 0.0, "xanchor": "left", "xref": "container",
               "pad": {"l": 8}},
        height=height + extra,
        margin={"l": 60, "r": 20, "t": 60 + extra, "b": 50},
        # legends go below the plot, in rows: beside it they squeeze a phone's plot to a strip
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.16,
                "yanchor": "top"},
    )
    return fig


def heatmap_trace(Z: NDArray, hover: str, zmax: float, y=None, x=None, as_dict: bool = False,
                  **kw) -> Any:
    """A heatmap trace with the house scale: diverging, centred at 0, symmetric, 1-based.

    Returns a ``go.Heatmap``, or with ``as_dict`` the plain dict for a figure built at once.
    """
    r, c = Z.shape
    trace = {
        "type": "heatmap",
        "z": Z,
        "x": np.arange(1, c + 1) if x is None else x,
        "y": np.arange(1, r + 1) if y is None else y,
        "colorscale": COLORSCALE,
        "zmid": 0.0,
        "zmin": -zmax,
        "zmax": zmax,
        "hovertemplate": hover + "<extra></extra>",
        **kw,
    }
    if as_dict:
        return trace
    trace.pop("type")
    return go.Heatmap(**trace)


def heatmap(
    M: NDArray,
    title: str,
    hover: str,
    x_title: str = "column j",
    y_title: str = "row i",
    zmax: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """A single annotated heatmap of ``M`` with the house conventions.

    Parameters
    ----------
    M : (r, c) ndarray
        Real values; row 1 is drawn at the top.
    title : str
    hover : str
        Plotly hover template; ``%{y}``, ``%{x}`` are the 1-based row and column.
    zmax : float, optional
        Half-width of the symmetric colour range; defaults to max |M|.
    """
    r, c = M.shape
    fig = go.Figure(heatmap_trace(M, hover, zmax or largest_abs(M), text=cell_text(M),
                                   texttemplate="%{text}", xgap=1, ygap=1))
    fig.update_yaxes(autorange="reversed", title=y_title, **index_ticks(r))
    fig.update_xaxes(title=x_title, **index_ticks(c))
    return layout(fig, title, height or int(min(700, 140 + 40 * max(r, 3))))


def outline_shapes(x0: float, x1: float, y0: float, y1: float, **kw: Any) -> list[dict]:
    """The two rectangles of a selection outline (halo, then line) as shape dicts."""
    box = {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
           "fillcolor": "rgba(0,0,0,0)", **kw}
    return [{**box, "line": {"color": HALO, "width": 6}},
            {**box, "line": {"color": HIGHLIGHT, "width": 2.5}}]


def outline(fig: go.Figure, x0: float, x1: float, y0: float, y1: float, pad: float = 0.0,
            **kw: Any) -> None:
    """Outline a selected block, ``pad`` data units outside it (so the frame does not hide
    a narrow block under it)."""
    for shape in outline_shapes(x0 - pad, x1 + pad, y0 - pad, y1 + pad, **kw):
        fig.add_shape(shape)


#: Layout keys of cartesian axes: xaxis, xaxis2, …, yaxis, yaxis2, …
_AXIS = re.compile(r"^[xy]axis\d*$")
#: The font every figure uses, in the page's own typeface first.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "Segoe UI", Roboto, sans-serif'


def _recolour(value: Any, old: str, new: str) -> Any:
    """``value`` with the colour ``old`` replaced by ``new`` (one colour or a list of them)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [new if c == old else c for c in value]
    return new if value == old else value


def theme_spec(spec: dict[str, Any], dark: bool) -> dict[str, Any]:
    """Colour a figure's dict form (``fig.to_dict()``) for a light or dark page, in place.

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
    return spec


def apply_theme(fig: go.Figure, dark: bool) -> go.Figure:
    """A copy of ``fig`` coloured for a light or dark page (see :func:`theme_spec`)."""
    return go.Figure(theme_spec(fig.to_dict(), dark))
