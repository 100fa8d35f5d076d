"""The vec-Jacobian ∂f/∂vec(W): an n × mn matrix, block diagonal with n blocks of 1 × m.

For an output F of shape (p, n) it is ∂vec F/∂vec(W), (p·n) × (m·n), with vec(F) stacked
column by column like vec(W) (row r + (k − 1)·p is F_{r,k}): block diagonal with n blocks
of p × m, block k being C_kᵀ.

Small sizes are drawn as one dense heatmap. Above :data:`~hadviz.figures.style.
MAX_DENSE_CELLS` cells (a 64 × 4096 dense image would be megabytes on the wire) only the
n·m possible non-zeros are sent, as markers, and the figure opens zoomed on the five blocks
around the selected one, which are drawn again as full cells so they read as strips, not
dots; the whole matrix is a double-click away (plotly's autoscale).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.figures.heatmaps import heatmap_trace, index_axis, largest_abs
from hadviz.figures.marks import entry_box, outline, pointer
from hadviz.figures.style import COLORSCALE, MAX_DENSE_CELLS, layout
from hadviz.latex import plural

__all__ = ["WINDOW_BLOCKS", "vec_jacobian_figure"]

#: Blocks shown when the sparse drawing opens.
WINDOW_BLOCKS = 5
#: Above this many columns shown, vec columns are too narrow to frame: a selected block's
#: frame stands one column off it, on the zeros around it, and W_ij's column gets a pointer.
_NARROW_COLUMNS = 64


def _bar(symbol: str, rows: bool) -> dict:
    sub = "r,k" if rows else "k"
    return {"title": {"text": f"∂{symbol}<sub>{sub}</sub>/∂W<sub>i,j</sub>", "side": "right"}}


def _hover(symbol: str, rows: bool, value: str = "%{z:.6g}") -> str:
    k = "%{customdata[0]}"
    name = f"{symbol}<sub>%{{customdata[3]}},{k}</sub>" if rows else f"{symbol}<sub>{k}</sub>"
    return f"∂{name}/∂W<sub>%{{customdata[1]}},%{{customdata[2]}}</sub> = {value}"


def vec_jacobian_figure(
    Jvec: NDArray | None,
    G: NDArray,
    k: int | None = None,
    ij: Sequence[int] | None = None,
    symbol: str = "f",
    r: int | None = None,
) -> go.Figure:
    """The (p·)n × mn Jacobian against vec(W) (column-major), showing its block structure.

    Parameters
    ----------
    Jvec : (p·n, m·n) ndarray or None
        The dense vec-Jacobian; may be None when the sparse drawing is used.
    G : (m, n) or (m, p, n) ndarray
        The compact form.
    k : int, optional
        0-based component (column of the output) whose block is outlined.
    ij : (int, int), optional
        0-based entry of W; its vec column i + j·m is marked.
    symbol : str
        The output's letter.
    r : int, optional
        0-based output row whose row of block k is outlined (an output with rows).
    """
    C = G[:, np.newaxis, :] if G.ndim == 2 else G
    m, p, n = C.shape
    rows = G.ndim == 3
    if p * n * m * n <= MAX_DENSE_CELLS:
        fig, first, last = _dense_figure(Jvec, C, symbol, rows), 0, n - 1
    else:
        fig, first, last = _sparse_figure(C, k, symbol, rows)
    narrow = (last - first + 1) * m > _NARROW_COLUMNS
    for q in range(n) if n <= 16 else ():
        fig.add_shape(type="rect", x0=q * m + 0.5, x1=(q + 1) * m + 0.5, y0=q * p + 0.5,
                      y1=(q + 1) * p + 0.5, line={"color": "#888888", "width": 1})
    if k is not None:
        top, bottom = (k * p, (k + 1) * p) if r is None else (k * p + r, k * p + r + 1)
        outline(fig, k * m + 0.5, (k + 1) * m + 0.5, top + 0.5, bottom + 0.5,
                pad=(1.0 if narrow else 0.0, 0.0))
    fig.update_yaxes(title=f"position r + (k−1)·p of {symbol}<sub>r,k</sub> in vec({symbol})"
                     if rows else f"component k of {symbol}")
    fig.update_xaxes(title="position i + (j−1)·m of W<sub>ij</sub> in vec(W), column-major")
    layout(fig, _title(m, n, p, first, last, symbol, rows),
           int(np.clip(90 + 40 * min(p * n, 12), 310, 600)))
    if ij is not None:
        _mark_entry(fig, ij, m, p * n, narrow, (first + last + 1) * m / 2)
    return fig


def _mark_entry(fig: go.Figure, ij: Sequence[int], m: int, rows: int, narrow: bool,
                middle: float) -> None:
    """Mark W_ij's vec column i + j·m (0-based ij): a pointer when columns are narrow."""
    i, j = ij
    if narrow:
        pointer(fig, i + j * m + 1, f"W<sub>{i + 1},{j + 1}</sub>",
                right_half=i + j * m + 1 > middle)
    else:
        entry_box(fig, i + j * m + 1, 1, rows, narrow=False)


def _title(m: int, n: int, p: int, first: int, last: int, symbol: str, rows: bool) -> str:
    out = f"vec({symbol})" if rows else symbol
    title = (f"vec-Jacobian ∂{out}/∂vec(W): {p * n} × {m * n}, block diagonal, "
             f"{plural(n, 'block', 'blocks')} of {p} × {m}")
    if last - first + 1 < n:
        title += f"; blocks {first + 1}–{last + 1} shown, double-click for all"
    return title


def _dense_figure(Jvec: NDArray | None, C: NDArray, symbol: str, rows: bool) -> go.Figure:
    """Every entry of the vec-Jacobian as a heatmap cell."""
    m, p, n = C.shape
    if Jvec is None:
        raise ValueError("Jvec is needed for the dense drawing of a small problem")
    cols = m * n
    ll, cc = np.meshgrid(np.arange(n * p), np.arange(cols), indexing="ij")
    custom = np.stack([ll // p + 1, cc % m + 1, cc // m + 1, ll % p + 1], axis=-1)
    fig = go.Figure(heatmap_trace(Jvec, _hover(symbol, rows), largest_abs(C), customdata=custom,
                                  xgap=1 if cols <= 64 else 0, ygap=1, name="vec-Jacobian",
                                  colorbar=_bar(symbol, rows)))
    fig.update_xaxes(**index_axis(cols))
    fig.update_yaxes(**index_axis(n * p, reverse=True))
    return fig


def _sparse_figure(C: NDArray, k: int | None, symbol: str,
                   rows: bool) -> tuple[go.Figure, int, int]:
    """Markers at the p·n·m possible non-zeros, opened on :data:`WINDOW_BLOCKS` blocks around
    k, whose cells are drawn again as a heatmap under the markers (a marker a column wide
    would be a dot in a row 60 px tall). Returns the figure and the first and last block
    shown (0-based)."""
    m, p, n = C.shape
    zmax = largest_abs(C)
    # one marker per (k, r, i): row k·p + r, column k·m + i
    k_idx, r_idx, i_idx = (x.ravel() for x in np.meshgrid(np.arange(n), np.arange(p),
                                                          np.arange(m), indexing="ij"))
    first = int(np.clip((k or 0) - WINDOW_BLOCKS // 2, 0, max(n - WINDOW_BLOCKS, 0)))
    last = min(first + WINDOW_BLOCKS - 1, n - 1)
    bar = _bar(symbol, rows)
    fig = go.Figure(go.Scattergl(
        x=k_idx * m + i_idx + 1, y=k_idx * p + r_idx + 1, mode="markers",
        marker={"symbol": "square", "size": int(np.clip(700 // (WINDOW_BLOCKS * m), 3, 10)),
                "color": C[i_idx, r_idx, k_idx], "colorscale": COLORSCALE, "cmid": 0.0,
                "cmin": -zmax, "cmax": zmax, "showscale": True, "colorbar": bar},
        customdata=np.stack([k_idx + 1, i_idx + 1, k_idx + 1, r_idx + 1], axis=-1),
        hovertemplate=_hover(symbol, rows, "%{marker.color:.6g}") + "<extra></extra>",
        name="non-zeros of the vec-Jacobian",
    ))
    count = last - first + 1
    window = np.full((count * p, count * m), np.nan)
    for q in range(count):
        window[q * p:(q + 1) * p, q * m:(q + 1) * m] = C[:, :, first + q].T
    fig.add_trace(heatmap_trace(
        window, "%{customdata} = %{z:.6g}", zmax, x=np.arange(first * m + 1, (last + 1) * m + 1),
        y=np.arange(first * p + 1, (last + 1) * p + 1), hoverongaps=False, showscale=False,
        customdata=_window_labels(m, p, first, count, symbol, rows), name="blocks shown"))
    # ticks at the first column of each block shown, and at each block's first row
    fig.update_xaxes(range=[first * m + 0.5, (last + 1) * m + 0.5], autorange=False,
                     tickmode="array", tickvals=[q * m + 1 for q in range(first, last + 1)],
                     tickformat="d")
    fig.update_yaxes(range=[(last + 1) * p + 0.5, first * p + 0.5], autorange=False,
                     tickmode="array", tickvals=[q * p + 1 for q in range(first, last + 1)],
                     tickformat="d")
    return fig, first, last


def _window_labels(m: int, p: int, first: int, count: int, symbol: str,
                   rows: bool) -> NDArray:
    """Hover names of the window's cells: ∂f_k/∂W_i,k on the blocks, empty elsewhere."""
    labels = np.full((count * p, count * m), "", dtype=object)
    for q in range(count):
        k = first + q + 1
        for r in range(p):
            name = f"{symbol}<sub>{r + 1},{k}</sub>" if rows else f"{symbol}<sub>{k}</sub>"
            labels[q * p + r, q * m:(q + 1) * m] = [f"∂{name}/∂W<sub>{i},{k}</sub>"
                                                    for i in range(1, m + 1)]
    return labels
