"""Plotly figures of f and its Jacobian: pure functions from arrays to ``go.Figure``.

Every figure takes numbers computed by :mod:`hadviz.calculus` and returns a figure; none
computes calculus itself. Conventions shared by all heatmaps: a diverging, colour-blind-safe
scale (ColorBrewer RdBu, blue negative, red positive) centred at 0 and symmetric, row 1 at
the top, indices shown from 1 as in the math, hover text naming the entry
(∂f_k/∂W_ij = value), a title and axis titles on every figure. Large sparse structures
(the n × mn vec-Jacobian) are drawn as markers at their non-zeros instead of as dense
images, so a 64 × 64 problem stays light on the wire.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray
from plotly.subplots import make_subplots

from hadviz.calculus import jacobian_slice
from hadviz.figures.style import (
    COLORSCALE,
    HIGHLIGHT,
    MAX_ANNOTATED_CELLS,
    MAX_DENSE_CELLS,
    MAX_SMALL_MULTIPLES,
    ZERO_COLOR,
    cell_text,
    heatmap,
    heatmap_trace,
    largest_abs,
    layout,
    outline,
)

__all__ = [
    "compact_figure",
    "entry_figure",
    "f_overview_figure",
    "slice_figure",
    "small_multiples_figure",
    "vec_jacobian_figure",
]


def f_overview_figure(W: NDArray, u: NDArray, v: NDArray, f: NDArray) -> go.Figure:
    """W as a heatmap with u = Wᵀa, v = Wᵀb and f = u ∘ v aligned under its columns.

    Parameters
    ----------
    W : (m, n) ndarray
    u, v, f : (n,) ndarray
        Column k of W produces u[k], v[k] and f[k] = u[k] v[k], drawn in the same column.
    """
    m, n = W.shape
    rows = [("W", W), ("u = Wᵀa", u[None, :]), ("v = Wᵀb", v[None, :]), ("f = u ∘ v", f[None, :])]
    heights = [m, 1, 1, 1]
    fig = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        row_heights=[h / sum(heights) for h in heights],
        vertical_spacing=0.04 if m + 3 <= 20 else 0.02,
    )
    hovers = [
        "W<sub>%{y},%{x}</sub> = %{z:.6g}",
        "u<sub>%{x}</sub> = a·w<sub>%{x}</sub> = %{z:.6g}",
        "v<sub>%{x}</sub> = b·w<sub>%{x}</sub> = %{z:.6g}",
        "f<sub>%{x}</sub> = u<sub>%{x}</sub> v<sub>%{x}</sub> = %{z:.6g}",
    ]
    for row, ((name, Z), hover) in enumerate(zip(rows, hovers, strict=True), start=1):
        fig.add_trace(
            heatmap_trace(Z, hover, largest_abs(Z), y=None if row == 1 else [name], showscale=False,
                           text=cell_text(Z) if W.size <= MAX_ANNOTATED_CELLS else None,
                           texttemplate="%{text}", xgap=1, ygap=1, name=name),
            row=row,
            col=1,
        )
    fig.update_yaxes(autorange="reversed", title="W (row i)", row=1, col=1,
                     dtick=1 if m <= 16 else None)
    fig.update_xaxes(title="column k of W  →  component k of f", row=4, col=1,
                     dtick=1 if n <= 16 else None)
    height = int(min(900, 220 + 34 * (m + 3)))
    return layout(fig, "f(W) = (aᵀW) ∘ (bᵀW), column by column", height)


def slice_figure(G: NDArray, k: int, zmax: float | None = None) -> go.Figure:
    """The slice ∂f_k/∂W (m × n), zero except for column k, which is G[:, k].

    Parameters
    ----------
    G : (m, n) ndarray
        The compact Jacobian.
    k : int
        0-based component of f.
    """
    m = G.shape[0]
    fig = heatmap(
        jacobian_slice(G, k),
        f"∂f<sub>{k + 1}</sub>/∂W: only column {k + 1} is non-zero",
        f"∂f<sub>{k + 1}</sub>/∂W<sub>%{{y}},%{{x}}</sub> = %{{z:.6g}}",
        zmax=zmax or largest_abs(G),
    )
    outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5)
    return fig


def small_multiples_figure(G: NDArray, k: int) -> go.Figure:
    """All slices ∂f_k/∂W side by side on one colour scale (a window of them when n is large).

    Each slice is drawn as what it is: its one non-zero column (G[:, q] at x = q + 1) on an
    m × n panel filled with the colour of 0, so a 64 × 64 problem sends 8 columns, not
    8 dense 64 × 64 slices. The figure is assembled as one dict and validated once (panel
    by panel through plotly's update calls it took four times as long).

    Parameters
    ----------
    G : (m, n) ndarray
    k : int
        0-based selected component, outlined; the window is centred on it.
    """
    m, n = G.shape
    count = min(n, MAX_SMALL_MULTIPLES)
    start = int(np.clip(k - count // 2, 0, n - count))
    zmax = largest_abs(G)
    gap = 0.02
    width = (1.0 - gap * (count - 1)) / count
    data: list[dict] = []
    shapes: list[dict] = []
    annotations: list[dict] = []
    axes: dict[str, dict] = {}
    for c, q in enumerate(range(start, start + count), start=1):
        x, y = ("x", "y") if c == 1 else (f"x{c}", f"y{c}")
        left = (c - 1) * (width + gap)
        axes[x.replace("x", "xaxis")] = {
            "domain": [left, left + width], "anchor": y, "showticklabels": False,
            "title": {"text": "j" if c == 1 else ""}, "range": [0.5, n + 0.5],
            "showgrid": False, "zeroline": False}
        axes[y.replace("y", "yaxis")] = {
            "domain": [0.0, 1.0], "anchor": x, "autorange": "reversed",
            "showticklabels": c == 1, "title": {"text": "i" if c == 1 else ""}}
        panel = {"type": "rect", "xref": x, "yref": y, "x0": 0.5, "x1": n + 0.5, "y0": 0.5,
                 "y1": m + 0.5}
        # the zero entries: one rectangle in the colour of 0 under the non-zero column
        shapes.append({**panel, "layer": "below", "fillcolor": ZERO_COLOR, "line": {"width": 0}})
        if q == k:
            shapes.append({**panel, "line": {"color": HIGHLIGHT, "width": 3},
                           "fillcolor": "rgba(0,0,0,0)"})
        data.append(heatmap_trace(
            G[:, q : q + 1],
            f"∂f<sub>{q + 1}</sub>/∂W<sub>%{{y}},{q + 1}</sub> = %{{z:.6g}} (all other columns 0)",
            zmax, x=[q + 1], showscale=c == count, ygap=1 if m <= 16 else 0,
            name=f"slice k={q + 1}", xaxis=x, yaxis=y, as_dict=True))
        annotations.append({"text": f"∂f<sub>{q + 1}</sub>/∂W", "x": left + width / 2, "y": 1.0,
                            "xref": "paper", "yref": "paper", "xanchor": "center",
                            "yanchor": "bottom", "showarrow": False})
    fig = go.Figure({"data": data,
                     "layout": {**axes, "shapes": shapes, "annotations": annotations}})
    shown = f"slices {start + 1}–{start + count} of {n}" if count < n else f"all {n} slices"
    return layout(fig, f"Small multiples: {shown} of J on one colour scale",
                  int(min(420, 160 + 18 * m)))


def entry_figure(G: NDArray, i: int, j: int, k: int | None = None) -> go.Figure:
    """The n-vector ∂f/∂W_ij as bars: only bar j is non-zero, and it equals G[i, j].

    Parameters
    ----------
    G : (m, n) ndarray
    i, j : int
        0-based entry of W.
    k : int, optional
        0-based selected component, outlined.
    """
    n = G.shape[1]
    values = np.zeros(n)
    values[j] = G[i, j]
    colors = ["#b2182b" if x > 0 else "#2166ac" if x < 0 else "#999999" for x in values]
    fig = go.Figure(
        go.Bar(
            x=np.arange(1, n + 1),
            y=values,
            marker={
                "color": colors,
                "line": {
                    "color": [HIGHLIGHT if q == k else "rgba(0,0,0,0)" for q in range(n)],
                    "width": 3,
                },
            },
            hovertemplate=f"∂f<sub>%{{x}}</sub>/∂W<sub>{i + 1},{j + 1}</sub> = %{{y:.6g}}"
            "<extra></extra>",
            name=f"∂f/∂W_{i + 1},{j + 1}",
        )
    )
    fig.update_xaxes(title="component k of f", dtick=1 if n <= 32 else None)
    fig.update_yaxes(title=f"∂f<sub>k</sub>/∂W<sub>{i + 1},{j + 1}</sub>", zeroline=True)
    return layout(fig, f"∂f/∂W<sub>{i + 1},{j + 1}</sub>: non-zero only at k = {j + 1}", 320)


def compact_figure(G: NDArray, k: int | None = None, ij: Sequence[int] | None = None) -> go.Figure:
    """The compact Jacobian G = (abᵀ + baᵀ)W with the selected column and entry outlined.

    Parameters
    ----------
    G : (m, n) ndarray
    k : int, optional
        0-based column to outline (the slice ∂f_k/∂W lives there).
    ij : (int, int), optional
        0-based entry to outline.
    """
    m, _ = G.shape
    fig = heatmap(
        G,
        "Compact Jacobian G = (abᵀ + baᵀ)W = ∇<sub>W</sub>(1ᵀf), m × n in W's shape; "
        "J[k,i,j] = δ<sub>jk</sub> G<sub>i,k</sub>",
        "G<sub>%{y},%{x}</sub> = ∂f<sub>%{x}</sub>/∂W<sub>%{y},%{x}</sub> = %{z:.6g}",
        x_title="column k (component of f)",
    )
    if k is not None:
        outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5)
    if ij is not None:
        i, j = ij
        fig.add_shape(type="rect", x0=j + 0.5, x1=j + 1.5, y0=i + 0.5, y1=i + 1.5,
                      line={"color": HIGHLIGHT, "width": 2, "dash": "dot"})
    return fig


def vec_jacobian_figure(
    Jvec: NDArray | None,
    G: NDArray,
    k: int | None = None,
    ij: Sequence[int] | None = None,
) -> go.Figure:
    """The n × mn Jacobian against vec(W), showing its block-diagonal structure.

    Small sizes are drawn as a dense heatmap of ``Jvec``; above :data:`MAX_DENSE_CELLS`
    cells only the n·m possible non-zeros (read from ``G``) are drawn, as markers, with the
    blocks outlined — a 64 × 4096 dense image would be megabytes on the wire.

    Parameters
    ----------
    Jvec : (n, m * n) ndarray or None
        The dense vec-Jacobian; may be None when the sparse drawing is used.
    G : (m, n) ndarray
    k : int, optional
        0-based row (component) to outline.
    ij : (int, int), optional
        0-based entry of W; its vec column i + j·m is outlined.
    """
    m, n = G.shape
    cols = m * n
    title = (f"vec-Jacobian ∂f/∂vec(W), column-major vec: {n} × {cols}, block diagonal "
             f"({n} blocks of 1 × {m})")
    hover = "∂f<sub>%{customdata[0]}</sub>/∂W<sub>%{customdata[1]},%{customdata[2]}</sub>" \
            " = %{z:.6g}"
    zmax = largest_abs(G)
    if n * cols <= MAX_DENSE_CELLS:
        if Jvec is None:
            raise ValueError("Jvec is needed for the dense drawing of a small problem")
        kk, pp = np.meshgrid(np.arange(n), np.arange(cols), indexing="ij")
        custom = np.stack([kk + 1, pp % m + 1, pp // m + 1], axis=-1)
        fig = go.Figure(go.Heatmap(
            z=Jvec, x=np.arange(1, cols + 1), y=np.arange(1, n + 1), customdata=custom,
            colorscale=COLORSCALE, zmid=0.0, zmin=-zmax, zmax=zmax,
            hovertemplate=hover + "<extra></extra>", xgap=1 if cols <= 64 else 0, ygap=1,
            name="vec-Jacobian",
        ))
    else:
        k_idx = np.repeat(np.arange(n), m)
        i_idx = np.tile(np.arange(m), n)
        values = G.T.reshape(-1)  # row k holds G[:, k] in columns k*m .. k*m + m - 1
        fig = go.Figure(go.Scattergl(
            x=k_idx * m + i_idx + 1, y=k_idx + 1, mode="markers",
            marker={"symbol": "square", "size": max(2, min(8, 600 // cols + 2)),
                    "color": values, "colorscale": COLORSCALE, "cmid": 0.0,
                    "cmin": -zmax, "cmax": zmax, "showscale": True},
            customdata=np.stack([k_idx + 1, i_idx + 1, k_idx + 1], axis=-1),
            hovertemplate=hover.replace("%{z", "%{marker.color") + "<extra></extra>",
            name="non-zeros of the vec-Jacobian",
        ))
        fig.update_xaxes(range=[0.5, cols + 0.5])
        fig.update_yaxes(range=[n + 0.5, 0.5])
    for q in range(n) if n <= 16 else ():
        fig.add_shape(type="rect", x0=q * m + 0.5, x1=(q + 1) * m + 0.5, y0=q + 0.5, y1=q + 1.5,
                      line={"color": "#888888", "width": 1})
    if k is not None:
        outline(fig, k * m + 0.5, (k + 1) * m + 0.5, k + 0.5, k + 1.5)
    if ij is not None:
        i, j = ij
        fig.add_shape(type="rect", x0=i + j * m + 0.5, x1=i + j * m + 1.5, y0=0.5, y1=n + 0.5,
                      line={"color": HIGHLIGHT, "width": 2, "dash": "dot"})
    fig.update_yaxes(autorange="reversed" if n * cols <= MAX_DENSE_CELLS else None,
                     title="component k of f")
    fig.update_xaxes(title="position i + (j−1)·m of W<sub>ij</sub> in vec(W)")
    return layout(fig, title, int(min(600, 200 + 26 * n)))


# -- finite differences -----------------------------------------------------------------------
