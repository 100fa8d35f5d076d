"""Small multiples of the Jacobian's slices J[k] = ∂f_k/∂W, wrapped in rows of panels.

Each slice is 0 outside its column k. Drawn to scale, one column of 64 in a panel 140 px
wide would be a 2 px line on an empty panel, so above 16 columns the non-zero column is
drawn wider, centred where it is, and the title says so.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.figures.heatmaps import heatmap_trace, largest_abs, output_name
from hadviz.figures.marks import outline_shapes
from hadviz.figures.style import MAX_SMALL_MULTIPLES, ZERO_COLOR, layout

__all__ = ["small_multiples_figure"]


def small_multiples_figure(G: NDArray, k: int, show_all: bool = False, symbol: str = "f",
                           row: int | None = None) -> go.Figure:
    """The slices ∂f_q/∂W as small multiples on one colour scale, wrapped in rows.

    Up to :data:`MAX_SMALL_MULTIPLES` slices around k are drawn, four to a row (readable on
    a phone); with ``show_all`` every slice is, eight to a row. Each slice is drawn as what
    it is: its one non-zero column (G[:, q] at x = q + 1) on an m × n panel filled with the
    colour of 0, so 64 slices send 64 columns, not 64 dense 64 × 64 matrices. The figure is
    assembled as one dict and validated once.

    Parameters
    ----------
    G : (m, n) ndarray
    k : int
        0-based selected component, outlined; the window is centred on it.
    show_all : bool
        Draw all n slices instead of a window.
    symbol : str
        The output's letter.
    row : int, optional
        0-based output row r for a model with rows: ``G`` is then the sheet C[:, r, :] and
        the panels are the slices J[r, q] = ∂F_{r,q}/∂W.
    """
    n = G.shape[1]
    count = n if show_all else min(n, MAX_SMALL_MULTIPLES)
    start = int(np.clip(k - count // 2, 0, n - count))
    per_row = min(count, 4 if count <= MAX_SMALL_MULTIPLES else 8)
    rows = -(-count // per_row)
    # one row gets taller panels: the colour bar beside the grid is then still 150 px long
    row_px, title_px = (96 if per_row > 4 else 150 if rows > 1 else 170), 22
    zmax = largest_abs(G)
    gap = 0.03
    width = (1.0 - gap * (per_row - 1)) / per_row
    height_px = rows * (row_px + title_px)
    parts: dict[str, list[dict]] = {"data": [], "shapes": [], "annotations": []}
    axes: dict[str, dict] = {}
    grid = _Grid(per_row, count, row_px, title_px, width, gap, height_px, column_width(n),
                 symbol, None if row is None else str(row + 1))
    for c, q in enumerate(range(start, start + count), start=1):
        _panel(parts, axes, grid, c, q, G, k, zmax)
    fig = go.Figure({"data": parts["data"], "layout": {**axes, "shapes": parts["shapes"],
                                                       "annotations": parts["annotations"]}})
    return layout(fig, _title(n, start, count, grid.column, symbol, grid.row), height_px + 110)


def column_width(n: int) -> int:
    """Columns a slice's non-zero column is drawn across: 1 up to 16 columns, then about a
    twelfth of the panel.

    >>> column_width(16), column_width(17), column_width(64)
    (1, 2, 6)
    """
    return 1 if n <= 16 else -(-n // 12)


def _title(n: int, start: int, count: int, column: int, symbol: str = "f",
           row: str | None = None) -> str:
    index = "k" if row is None else f"{row}, k"
    slices = f"J[{index}] = ∂{output_name(symbol, 'k', row)}/∂W"
    if n == 1:
        one = f"J[{index.replace('k', '1')}] = ∂{output_name(symbol, '1', row)}/∂W"
        return f"The one slice {one}"
    shown = (f"Slices {slices} for k = {start + 1}–{start + count} of {n}" if count < n
             else f"All {n} slices {slices}")
    wide = f"; column k drawn {column} columns wide" if column > 1 else ""
    return f"{shown}: one colour scale, 0 outside column k{wide}"


class _Grid(NamedTuple):
    """Where panels go: per row, count, pixel heights and paper-coordinate widths."""

    per_row: int
    panels: int
    row_px: int
    title_px: int
    width: float
    gap: float
    height_px: int
    column: int
    symbol: str = "f"
    row: str | None = None


def _panel(parts: dict[str, list[dict]], axes: dict[str, dict], grid: _Grid, c: int, q: int,
           G: NDArray, k: int, zmax: float) -> None:
    """Panel c (1-based) of the grid: the slice J[q], its axes, zero area and title."""
    m, n = G.shape
    per_row, count, row_px, title_px, width, gap, height_px, column, symbol, row = grid
    name = output_name(symbol, str(q + 1), row)
    x, y = ("x", "y") if c == 1 else (f"x{c}", f"y{c}")
    left = ((c - 1) % per_row) * (width + gap)
    top = 1.0 - ((c - 1) // per_row) * (row_px + title_px) / height_px
    bottom = max(top - row_px / height_px, 0.0)
    first, last_row = (c - 1) % per_row == 0, c + per_row > count
    # the first and last index on the outer axes of the bottom-left panel (rows down the
    # first column of panels): enough to read which column lights up; on every panel of a
    # row, one panel's "n" would run into the next one's "1"
    axes[x.replace("x", "xaxis")] = {
        "domain": [left, left + width], "anchor": y, "showticklabels": first and last_row,
        "tickvals": sorted({1, n}), "ticks": "", "tickfont": {"size": 11},
        "range": [0.5, n + 0.5], "autorange": False, "showgrid": False, "zeroline": False,
        "title": {"text": "column j" if first and last_row else "", "standoff": 2}}
    axes[y.replace("y", "yaxis")] = {
        "domain": [bottom, top - title_px / height_px], "anchor": x,
        "range": [m + 0.5, 0.5], "autorange": False, "showticklabels": first,
        "tickvals": sorted({1, m}), "ticks": "", "tickfont": {"size": 11},
        "showgrid": False, "title": {"text": "row i" if first else ""}}
    # the zero entries: one rectangle in the colour of 0 under the non-zero column
    parts["shapes"].append({"type": "rect", "xref": x, "yref": y, "x0": 0.5, "x1": n + 0.5,
                            "y0": 0.5, "y1": m + 0.5, "layer": "below",
                            "fillcolor": ZERO_COLOR, "line": {"width": 0}})
    if q == k:  # framed with its label, just outside the panel, so it covers none of it
        pad = 4 / height_px
        parts["shapes"].extend(outline_shapes(
            left - 0.008, left + width + 0.008, bottom - pad, top - pad,
            xref="paper", yref="paper"))
    trace = heatmap_trace(
        G[:, q : q + 1],
        f"∂{name}/∂W<sub>%{{y}},{q + 1}</sub> = %{{z:.6g}} (all other columns 0)",
        zmax, x=[q + 1], showscale=c == count, ygap=1 if m <= 16 else 0,
        name=f"slice k={q + 1}", xaxis=x, yaxis=y, as_dict=True,
        colorbar={"thickness": 10, "len": 1.0, "y": 0.5, "yanchor": "middle"})
    if column > 1:  # widened around its place, kept inside the panel
        del trace["x"]
        trace.update(x0=float(np.clip(q + 1, 0.5 + column / 2, n + 0.5 - column / 2)),
                     dx=column)
    parts["data"].append(trace)
    parts["annotations"].append({
        "text": f"J[{q + 1}]" if row is None else f"J[{row}, {q + 1}]",
        "x": left + width / 2, "y": top - title_px / height_px,
        "xref": "paper", "yref": "paper", "xanchor": "center", "yanchor": "bottom",
        "showarrow": False})
