"""The vec-Jacobian ∂f/∂vec(W): an n × mn matrix, block diagonal with n blocks of 1 × m.

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
_HOVER = ("∂f<sub>%{customdata[0]}</sub>/∂W<sub>%{customdata[1]},%{customdata[2]}</sub>"
          " = %{z:.6g}")


def vec_jacobian_figure(
    Jvec: NDArray | None,
    G: NDArray,
    k: int | None = None,
    ij: Sequence[int] | None = None,
) -> go.Figure:
    """The n × mn Jacobian against vec(W) (column-major), showing its block structure.

    Parameters
    ----------
    Jvec : (n, m * n) ndarray or None
        The dense vec-Jacobian; may be None when the sparse drawing is used.
    G : (m, n) ndarray
    k : int, optional
        0-based row (component) whose block is outlined.
    ij : (int, int), optional
        0-based entry of W; its vec column i + j·m is marked.
    """
    m, n = G.shape
    if n * m * n <= MAX_DENSE_CELLS:
        fig, first, last = _dense_figure(Jvec, G), 0, n - 1
    else:
        fig, first, last = _sparse_figure(G, k)
    narrow = (last - first + 1) * m > _NARROW_COLUMNS
    for q in range(n) if n <= 16 else ():
        fig.add_shape(type="rect", x0=q * m + 0.5, x1=(q + 1) * m + 0.5, y0=q + 0.5, y1=q + 1.5,
                      line={"color": "#888888", "width": 1})
    if k is not None:
        outline(fig, k * m + 0.5, (k + 1) * m + 0.5, k + 0.5, k + 1.5,
                pad=(1.0 if narrow else 0.0, 0.0))
    fig.update_yaxes(title="component k of f")
    fig.update_xaxes(title="position i + (j−1)·m of W<sub>ij</sub> in vec(W), column-major")
    layout(fig, _title(m, n, first, last), int(np.clip(90 + 40 * min(n, 12), 310, 600)))
    if ij is not None:
        i, j = ij
        if narrow:
            pointer(fig, i + j * m + 1, f"W<sub>{i + 1},{j + 1}</sub>",
                    right_half=i + j * m + 1 > (first + last + 1) * m / 2)
        else:
            entry_box(fig, i + j * m + 1, 1, n, narrow=False)
    return fig


def _title(m: int, n: int, first: int, last: int) -> str:
    title = (f"vec-Jacobian ∂f/∂vec(W): {n} × {m * n}, block diagonal, "
             f"{plural(n, 'block', 'blocks')} of 1 × {m}")
    if last - first + 1 < n:
        title += f"; blocks {first + 1}–{last + 1} shown, double-click for all"
    return title


def _dense_figure(Jvec: NDArray | None, G: NDArray) -> go.Figure:
    """Every entry of the vec-Jacobian as a heatmap cell."""
    m, n = G.shape
    if Jvec is None:
        raise ValueError("Jvec is needed for the dense drawing of a small problem")
    cols = m * n
    kk, pp = np.meshgrid(np.arange(n), np.arange(cols), indexing="ij")
    custom = np.stack([kk + 1, pp % m + 1, pp // m + 1], axis=-1)
    fig = go.Figure(heatmap_trace(Jvec, _HOVER, largest_abs(G), customdata=custom,
                                  xgap=1 if cols <= 64 else 0, ygap=1, name="vec-Jacobian",
                                  colorbar={"title": {"text": "∂f<sub>k</sub>/∂W<sub>i,j</sub>",
                                                      "side": "right"}}))
    fig.update_xaxes(**index_axis(cols))
    fig.update_yaxes(**index_axis(n, reverse=True))
    return fig


def _sparse_figure(G: NDArray, k: int | None) -> tuple[go.Figure, int, int]:
    """Markers at the n·m possible non-zeros, opened on :data:`WINDOW_BLOCKS` blocks around
    k, whose cells are drawn again as a heatmap under the markers (a marker a column wide
    would be a dot in a row 60 px tall). Returns the figure and the first and last block
    shown (0-based)."""
    m, n = G.shape
    zmax = largest_abs(G)
    k_idx, i_idx = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    first = int(np.clip((k or 0) - WINDOW_BLOCKS // 2, 0, max(n - WINDOW_BLOCKS, 0)))
    last = min(first + WINDOW_BLOCKS - 1, n - 1)
    fig = go.Figure(go.Scattergl(
        x=k_idx * m + i_idx + 1, y=k_idx + 1, mode="markers",
        marker={"symbol": "square", "size": int(np.clip(700 // (WINDOW_BLOCKS * m), 3, 10)),
                "color": G.T.reshape(-1),  # row k holds G[:, k] in columns k*m + 1 … k*m + m
                "colorscale": COLORSCALE, "cmid": 0.0, "cmin": -zmax, "cmax": zmax,
                "showscale": True, "colorbar": {"title": {
                    "text": "∂f<sub>k</sub>/∂W<sub>i,j</sub>", "side": "right"}}},
        customdata=np.stack([k_idx + 1, i_idx + 1, k_idx + 1], axis=-1),
        hovertemplate=_HOVER.replace("%{z", "%{marker.color") + "<extra></extra>",
        name="non-zeros of the vec-Jacobian",
    ))
    count = last - first + 1
    window = np.full((count, count * m), np.nan)
    for r in range(count):
        window[r, r * m:(r + 1) * m] = G[:, first + r]
    fig.add_trace(heatmap_trace(
        window, "%{customdata} = %{z:.6g}", zmax, x=np.arange(first * m + 1, (last + 1) * m + 1),
        y=np.arange(first + 1, last + 2), hoverongaps=False, showscale=False,
        customdata=_window_labels(m, first, count), name="blocks shown"))
    # ticks at the first column of each block shown, and at each row shown
    fig.update_xaxes(range=[first * m + 0.5, (last + 1) * m + 0.5], autorange=False,
                     tickmode="array", tickvals=[q * m + 1 for q in range(first, last + 1)],
                     tickformat="d")
    fig.update_yaxes(range=[last + 1.5, first + 0.5], autorange=False, tickmode="array",
                     tickvals=list(range(first + 1, last + 2)), tickformat="d")
    return fig, first, last


def _window_labels(m: int, first: int, count: int) -> NDArray:
    """Hover names of the window's cells: ∂f_k/∂W_i,k on the blocks, empty elsewhere."""
    labels = np.full((count, count * m), "", dtype=object)
    for r in range(count):
        q = first + r + 1
        labels[r, r * m:(r + 1) * m] = [f"∂f<sub>{q}</sub>/∂W<sub>{i},{q}</sub>"
                                        for i in range(1, m + 1)]
    return labels
