"""Heatmaps with the house conventions: cells at 1-based indices, the diverging scale.

A heatmap's cells are the entries of a matrix, row 1 at the top, indices counted from 1 as
in the math. Its axes span exactly the cells (0.5 … count + 0.5), so a selection outline or
a label drawn outside them cannot stretch an axis to −8, and the first tick reads 1. The
scale is diverging, centred at 0 and symmetric (see :data:`~hadviz.figures.style.COLORSCALE`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.figures.style import COLORSCALE, MAX_ANNOTATED_CELLS, layout
from hadviz.latex import text_sci

__all__ = [
    "MIN_PLOT_PX",
    "cell_text",
    "heatmap",
    "heatmap_trace",
    "index_axis",
    "index_ticks",
    "largest_abs",
    "output_name",
    "short_number",
]


def index_ticks(count: int) -> dict[str, Any]:
    """Axis ticks for 1-based indices 1 … count: every index up to 16, else 1 and then round
    steps (multiples of 2, 4, 5, 8, …), never a fractional index.

    Examples
    --------
    >>> index_ticks(5)["dtick"], index_ticks(64)["tickvals"][:3]
    (1, [1, 8, 16])
    """
    if count <= 16:
        return {"tickmode": "linear", "dtick": 1, "tick0": 1, "tickformat": "d"}
    step = next((s for s in (2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 256, 512)
                 if count / s <= 10), 1024)
    return {"tickmode": "array", "tickvals": [1, *range(step, count + 1, step)],
            "tickformat": "d"}


def index_axis(count: int, reverse: bool = False) -> dict[str, Any]:
    """An axis of 1-based indices 1 … count drawn as cells: exactly 0.5 … count + 0.5 (row 1
    at the top with ``reverse``), so nothing outside the cells (an outline, a label) can
    stretch it, and its first tick reads 1."""
    edges = [0.5, count + 0.5]
    return {"range": edges[::-1] if reverse else edges, "autorange": False,
            **index_ticks(count)}


def output_name(symbol: str, k: str, r: str | None = None) -> str:
    """An output entry's name for figures: f<sub>k</sub>, or F<sub>r,k</sub> with a row r.

    >>> output_name("f", "3"), output_name("F", "%{y}", "2")
    ('f<sub>3</sub>', 'F<sub>2,%{y}</sub>')
    """
    return f"{symbol}<sub>{k}</sub>" if r is None else f"{symbol}<sub>{r},{k}</sub>"


#: The least height of a heatmap's plot area: its colour bar is then at least 150 px long.
MIN_PLOT_PX = 200


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
    scale_title: str = "",
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
    scale_title : str, optional
        What the colour bar measures (beside it).
    """
    r, c = M.shape
    # gaps between cells only while cells are wide: at 64 a phone's cell is 5 px
    bar = {"title": {"text": scale_title, "side": "right"}} if scale_title else None
    fig = go.Figure(heatmap_trace(M, hover, zmax or largest_abs(M), text=cell_text(M),
                                   texttemplate="%{text}", xgap=int(c <= 32), ygap=int(r <= 32),
                                   colorbar=bar))
    fig.update_yaxes(title=y_title, **index_axis(r, reverse=True))
    fig.update_xaxes(title=x_title, **index_axis(c))
    return layout(fig, title, height or int(np.clip(30 + 40 * r, MIN_PLOT_PX, 590)) + 110)
