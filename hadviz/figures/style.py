"""The look shared by every hadviz figure: colour scale, layout, heatmap cells, the theme.

Heatmaps use a diverging, colour-blind-safe scale (ColorBrewer RdBu, blue negative, red
positive) centred at 0 and symmetric, row 1 at the top, indices shown from 1 as in the math,
and every figure has a title and axis titles. :func:`apply_theme` colours a finished figure
for a light or dark page.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

__all__ = [
    "COLORSCALE",
    "HIGHLIGHT",
    "MAX_ANNOTATED_CELLS",
    "MAX_DENSE_CELLS",
    "MAX_SMALL_MULTIPLES",
    "ZERO_COLOR",
    "apply_theme",
    "cell_text",
    "heatmap",
    "heatmap_trace",
    "largest_abs",
    "layout",
    "outline",
]

#: ColorBrewer RdBu reversed: blue for negative, red for positive; readable for the
#: common colour-vision deficiencies, and on light and dark backgrounds alike.
COLORSCALE = "RdBu_r"
#: Most slices drawn side by side; above this, a window of slices around the chosen k.
MAX_SMALL_MULTIPLES = 8
#: Above this many cells, numbers are not printed inside heatmap cells.
MAX_ANNOTATED_CELLS = 144
#: Above this many cells the vec-Jacobian is drawn as markers at its non-zeros.
MAX_DENSE_CELLS = 4096
HIGHLIGHT = "#111111"
#: The colour RdBu gives to 0 (its white midpoint), for areas known to be zero.
ZERO_COLOR = "rgb(247,247,247)"


def largest_abs(*arrays: NDArray) -> float:
    top = max((float(np.max(np.abs(x))) for x in arrays if x.size), default=0.0)
    return top if top > 0 else 1.0


def cell_text(M: NDArray) -> NDArray | None:
    """Numbers printed in cells (small heatmaps only): integers plainly, others to 3 digits."""
    if M.size > MAX_ANNOTATED_CELLS:
        return None
    return np.vectorize(short_number, otypes=[object])(M)


def short_number(x: float) -> str:
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e6:
        return str(int(x))
    return f"{x:.3g}"


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
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
    fig.update_yaxes(autorange="reversed", title=y_title, dtick=1 if r <= 16 else None)
    fig.update_xaxes(title=x_title, dtick=1 if c <= 16 else None)
    return layout(fig, title, height or int(min(700, 140 + 40 * max(r, 3))))


def outline(fig: go.Figure, x0: float, x1: float, y0: float, y1: float, **kw) -> None:
    fig.add_shape(
        type="rect",
        x0=x0,
        x1=x1,
        y0=y0,
        y1=y1,
        line={"color": HIGHLIGHT, "width": 3},
        fillcolor="rgba(0,0,0,0)",
        **kw,
    )


def apply_theme(fig: go.Figure, dark: bool) -> go.Figure:
    """Colour a figure for a light or dark page, in place, with high-contrast text.

    Text, tick labels and selection outlines get near-black or near-white (contrast above
    12:1 on the app's backgrounds); the backgrounds are transparent so the page shows
    through. No plotly template is embedded, which keeps the figure light on the wire.

    Returns
    -------
    go.Figure
        ``fig`` itself.
    """
    fg = "#ececec" if dark else "#1f1f1f"
    grid = "rgba(255,255,255,0.16)" if dark else "rgba(0,0,0,0.12)"
    fig.update_layout(
        template=go.layout.Template(),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"color": fg, "size": 13,
              "family": '"Source Sans", "Source Sans Pro", "Segoe UI", Roboto, sans-serif'},
        hoverlabel={"font": {"size": 13}},
    )
    fig.update_xaxes(gridcolor=grid, zerolinecolor=grid, linecolor=grid, tickfont_color=fg)
    fig.update_yaxes(gridcolor=grid, zerolinecolor=grid, linecolor=grid, tickfont_color=fg)
    fig.update_annotations(font_color=fg)
    # selection outlines are drawn in the text colour, so they stand out on either background
    for shape in fig.layout.shapes:
        if shape.line.color == HIGHLIGHT:
            shape.line.color = fg
    return fig
