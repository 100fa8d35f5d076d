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
    cell_text,
    heatmap,
    heatmap_trace,
    index_ticks,
    largest_abs,
    layout,
    outline,
)
from hadviz.latex import plural

__all__ = [
    "compact_figure",
    "entry_figure",
    "f_overview_figure",
    "slice_figure",
    "vec_jacobian_figure",
]


def f_overview_figure(W: NDArray, u: NDArray, v: NDArray, f: NDArray,
                      a: NDArray | None = None, b: NDArray | None = None) -> go.Figure:
    """W with a and b beside it, and u = Wᵀa, v = Wᵀb, f = u ∘ v aligned under its columns.

    One colour scale per quantity, each with a titled colour bar: the inputs W, a, b share
    one, u and v share one, and f has its own (its numbers are products, so far larger).

    Parameters
    ----------
    W : (m, n) ndarray
    u, v, f : (n,) ndarray
        Column k of W produces u[k], v[k] and f[k] = u[k] v[k], drawn in the same column.
    a, b : (m,) ndarray, optional
        Drawn as columns beside W, row by row with it.
    """
    m, n = W.shape
    side = [x for x in (a, b) if x is not None]
    cols = 1 + len(side)
    w_px, vec_px, gap_px = int(np.clip(26 * m, 120, 420)), 46, 34
    heights = [w_px, vec_px, vec_px, vec_px]
    total = sum(heights) + 3 * gap_px
    fig = make_subplots(
        rows=4, cols=cols, row_heights=[h / sum(heights) for h in heights],
        column_widths=[max(n, 4)] + [1] * len(side) if side else None,
        vertical_spacing=gap_px / total, horizontal_spacing=0.02,
    )
    inputs = largest_abs(W, *side)
    groups = {"W, a, b": inputs, "u, v": largest_abs(u, v), "f": largest_abs(f)}
    small = W.size <= MAX_ANNOTATED_CELLS

    def add(Z: NDArray, hover: str, zmax: float, row: int, col: int = 1, **kw) -> None:
        fig.add_trace(heatmap_trace(Z, hover, zmax, text=cell_text(Z) if small else None,
                                    texttemplate="%{text}", xgap=1, ygap=1 if m <= 32 else 0,
                                    showscale=False, **kw), row=row, col=col)

    add(W, "W<sub>%{y},%{x}</sub> = %{z:.6g}", inputs, 1, name="W")
    for c, (label, vec) in enumerate(zip(("a", "b"), side, strict=False), start=2):
        add(vec[:, None], f"{label}<sub>%{{y}}</sub> = %{{z:.6g}}", inputs, 1, c,
            x=[label], name=label)
    add(u[None, :], "u<sub>%{x}</sub> = a·w<sub>%{x}</sub> = %{z:.6g}", groups["u, v"], 2,
        y=["u = Wᵀa"], name="u")
    add(v[None, :], "v<sub>%{x}</sub> = b·w<sub>%{x}</sub> = %{z:.6g}", groups["u, v"], 3,
        y=["v = Wᵀb"], name="v")
    add(f[None, :], "f<sub>%{x}</sub> = u<sub>%{x}</sub> v<sub>%{x}</sub> = %{z:.6g}",
        groups["f"], 4, y=["f = u ∘ v"], name="f")
    # the colour bars: one per quantity, beside the rows it colours
    for trace_name, title, rows in (("W", "W, a, b", (1,)), ("v", "u, v", (2, 3)),
                                    ("f", "f", (4,))):
        domains = [fig.get_subplot(r, 1).yaxis.domain for r in rows]
        low, high = min(d[0] for d in domains), max(d[1] for d in domains)
        fig.update_traces(selector={"name": trace_name}, showscale=True, colorbar={
            "title": {"text": title, "side": "right"}, "x": 1.01, "xanchor": "left",
            "y": (low + high) / 2, "len": max(high - low, 0.12), "yanchor": "middle",
            "thickness": 10})
    fig.update_yaxes(autorange="reversed", title="row i", row=1, col=1, **index_ticks(m))
    for c in range(2, cols + 1):
        fig.update_yaxes(autorange="reversed", showticklabels=False, row=1, col=c)
    for r in (1, 2, 3):
        fig.update_xaxes(showticklabels=False, row=r, col=1, matches="x")
    fig.update_xaxes(title="column k of W  →  component k of f", row=4, col=1, matches="x",
                     **index_ticks(n))
    return layout(fig, "f(W) = (aᵀW) ∘ (bᵀW), column by column", total + 110)


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
        f"∂f<sub>{k + 1}</sub>/∂W: 0 outside column {k + 1}",
        f"∂f<sub>{k + 1}</sub>/∂W<sub>%{{y}},%{{x}}</sub> = %{{z:.6g}}",
        zmax=zmax or largest_abs(G),
    )
    _mark_column(fig, k, m, G.shape[1])
    return fig


def _mark_column(fig: go.Figure, k: int, m: int, n: int) -> None:
    """Outline column k (0-based) of an m × n heatmap; when columns are narrow the frame
    sits outside the column and an arrow names it, so the column's colours stay visible."""
    pad = 0.0 if n <= 16 else 0.35
    outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5, pad=pad)
    if n > 16:
        fig.add_annotation(x=k + 1, y=0.5 - pad, text=f"column {k + 1}", showarrow=True,
                           arrowhead=2, ax=0, ay=-26, yanchor="bottom")


def entry_figure(G: NDArray, i: int, j: int, k: int | None = None) -> go.Figure:
    """The n-vector ∂f/∂W_ij as bars: every bar but bar j is 0, and bar j is G[i, j].

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
    fig.update_xaxes(title="component k of f", **index_ticks(n))
    fig.update_yaxes(title=f"∂f<sub>k</sub>/∂W<sub>{i + 1},{j + 1}</sub>", zeroline=True)
    return layout(fig, f"∂f/∂W<sub>{i + 1},{j + 1}</sub>: 0 for every k ≠ {j + 1}", 320)


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
        _mark_column(fig, k, m, G.shape[1])
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
             f"({plural(n, 'block', 'blocks')} of 1 × {m})")
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
        fig = _sparse_vec_figure(G, k, hover, zmax)
        first, last = fig.layout.yaxis.range[1] - 0.5, fig.layout.yaxis.range[0] - 1.5
        title += (f"; shown: blocks {int(first) + 1}–{int(last) + 1} of {n}, double-click the "
                  "plot to see all")
    for q in range(n) if n <= 16 else ():
        fig.add_shape(type="rect", x0=q * m + 0.5, x1=(q + 1) * m + 0.5, y0=q + 0.5, y1=q + 1.5,
                      line={"color": "#888888", "width": 1})
    if k is not None:
        outline(fig, k * m + 0.5, (k + 1) * m + 0.5, k + 0.5, k + 1.5, pad=0.1)
    if ij is not None:
        i, j = ij
        fig.add_shape(type="rect", x0=i + j * m + 0.5, x1=i + j * m + 1.5, y0=0.5, y1=n + 0.5,
                      line={"color": HIGHLIGHT, "width": 2, "dash": "dot"})
    if n * cols <= MAX_DENSE_CELLS:
        fig.update_yaxes(autorange="reversed", **index_ticks(n))
    fig.update_yaxes(title="component k of f")
    shown_columns = m * n if n * m * n <= MAX_DENSE_CELLS else m * min(n, 5)  # the zoom
    fig.update_xaxes(title="position i + (j−1)·m of W<sub>ij</sub> in vec(W)",
                     **index_ticks(shown_columns))
    return layout(fig, title, int(min(600, 200 + 26 * n)))


def _sparse_vec_figure(G: NDArray, k: int | None, hover: str, zmax: float) -> go.Figure:
    """The vec-Jacobian as markers at its n·m possible non-zeros, opened zoomed on the five
    blocks around k (readable); the whole matrix is a double-click away (plotly's
    autoscale)."""
    m, n = G.shape
    k_idx = np.repeat(np.arange(n), m)
    i_idx = np.tile(np.arange(m), n)
    values = G.T.reshape(-1)  # row k holds G[:, k] in columns k*m .. k*m + m - 1
    first = int(np.clip((k or 0) - 2, 0, max(n - 5, 0)))
    last = min(first + 4, n - 1)
    fig = go.Figure(go.Scattergl(
        x=k_idx * m + i_idx + 1, y=k_idx + 1, mode="markers",
        marker={"symbol": "square", "size": int(np.clip(700 // ((last - first + 1) * m), 3, 10)),
                "color": values, "colorscale": COLORSCALE, "cmid": 0.0,
                "cmin": -zmax, "cmax": zmax, "showscale": True},
        customdata=np.stack([k_idx + 1, i_idx + 1, k_idx + 1], axis=-1),
        hovertemplate=hover.replace("%{z", "%{marker.color") + "<extra></extra>",
        name="non-zeros of the vec-Jacobian",
    ))
    fig.update_xaxes(range=[first * m + 0.5, (last + 1) * m + 0.5], autorange=False)
    fig.update_yaxes(range=[last + 1.5, first + 0.5], autorange=False)
    return fig
