"""Plotly figures of f and its Jacobian: pure functions from arrays to ``go.Figure``.

Every figure takes numbers computed by :mod:`hadviz.calculus` and returns a figure; none
computes calculus itself. Conventions shared by all heatmaps: a diverging, colour-blind-safe
scale (ColorBrewer RdBu, blue negative, red positive) centred at 0 and symmetric, row 1 at
the top, indices shown from 1 as in the math, hover text naming the entry
(∂f_k/∂W_ij = value), a title and axis titles on every figure. The vec-Jacobian has its
own module, :mod:`hadviz.figures.vec`.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.calculus import jacobian_slice
from hadviz.figures.heatmaps import (
    heatmap,
    index_axis,
    largest_abs,
    output_name,
)
from hadviz.figures.marks import NARROW_ABOVE, entry_box, outline, pointer
from hadviz.figures.style import HIGHLIGHT, layout

__all__ = [
    "blocks_figure",
    "compact_figure",
    "entry_figure",
    "entry_rows_figure",
    "slice_figure",
]


def slice_figure(G: NDArray, k: int, zmax: float | None = None, symbol: str = "f",
                 row: int | None = None) -> go.Figure:
    """The slice ∂f_k/∂W (m × n), zero except for column k, which is G[:, k].

    Parameters
    ----------
    G : (m, n) ndarray
        The compact Jacobian (for a model with rows, the sheet C[:, r, :] of row r).
    k : int
        0-based component of f.
    symbol : str
        The output's letter ("f", "F").
    row : int, optional
        0-based output row r, for a model with rows: the slice is then ∂F_{r,k}/∂W.
    """
    m = G.shape[0]
    r = None if row is None else str(row + 1)
    name = output_name(symbol, str(k + 1), r)
    fig = heatmap(
        jacobian_slice(G, k),
        f"∂{name}/∂W: 0 outside column {k + 1}",
        f"∂{name}/∂W<sub>%{{y}},%{{x}}</sub> = %{{z:.6g}}",
        zmax=zmax or largest_abs(G),
        scale_title=f"∂{name}/∂W<sub>i,j</sub>",
    )
    _mark_column(fig, k, m, G.shape[1])
    return fig


def _mark_column(fig: go.Figure, k: int, m: int, n: int) -> None:
    """Mark column k (0-based) of an m × n heatmap: a frame when columns are wide, a pointer
    above the plot when they are narrow (a frame would cover a 5 px column)."""
    if n > NARROW_ABOVE:
        pointer(fig, k + 1, f"column {k + 1}", right_half=k + 1 > n / 2)
    else:
        outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5)


def entry_figure(G: NDArray, i: int, j: int, k: int | None = None,
                 symbol: str = "f") -> go.Figure:
    """The n-vector ∂f/∂W_ij as bars: every bar but bar j is 0, and bar j is G[i, j].

    Parameters
    ----------
    G : (m, n) ndarray
    i, j : int
        0-based entry of W.
    k : int, optional
        0-based selected component, outlined.
    symbol : str
        The output's letter.
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
            hovertemplate=f"∂{symbol}<sub>%{{x}}</sub>/∂W<sub>{i + 1},{j + 1}</sub> = %{{y:.6g}}"
            "<extra></extra>",
            name=f"∂{symbol}/∂W_{i + 1},{j + 1}",
        )
    )
    fig.update_xaxes(title=f"component k of {symbol}", **index_axis(n))
    fig.update_yaxes(title=f"∂{symbol}<sub>k</sub>/∂W<sub>{i + 1},{j + 1}</sub>", zeroline=True)
    return layout(fig, f"∂{symbol}/∂W<sub>{i + 1},{j + 1}</sub>: 0 for every k ≠ {j + 1}", 320)


def entry_rows_figure(C: NDArray, i: int, j: int, k: int | None = None,
                      r: int | None = None, symbol: str = "F") -> go.Figure:
    """∂F/∂W_ij for an output with rows: a p × n heatmap, 0 outside column j (C[i, :, j]).

    Parameters
    ----------
    C : (m, p, n) ndarray
    i, j : int
        0-based entry of W.
    k, r : int, optional
        0-based selected component (r, k), outlined when it lies in column j.
    """
    p, n = C.shape[1:]
    E = np.zeros((p, n))
    E[:, j] = C[i, :, j]
    fig = heatmap(E, f"∂{symbol}/∂W<sub>{i + 1},{j + 1}</sub>: {p} × {n} like {symbol}, "
                     f"0 outside column {j + 1}",
                  f"∂{symbol}<sub>%{{y}},%{{x}}</sub>/∂W<sub>{i + 1},{j + 1}</sub> = %{{z:.6g}}",
                  x_title=f"column k of {symbol}", y_title=f"row r of {symbol}",
                  zmax=largest_abs(C[i]), scale_title=f"∂{symbol}<sub>r,k</sub>/∂W<sub>i,j</sub>")
    _mark_column(fig, j, p, n)
    if k is not None and r is not None:
        entry_box(fig, k + 1, r + 1, r + 1, narrow=n > NARROW_ABOVE)
    return fig


def compact_figure(G: NDArray, k: int | None = None, ij: Sequence[int] | None = None,
                   name: str = "G = (abᵀ + baᵀ)W", symbol: str = "f") -> go.Figure:
    """The compact Jacobian (m × n) with the selected column and entry outlined.

    Parameters
    ----------
    G : (m, n) ndarray
    k : int, optional
        0-based column to outline (the slice ∂f_k/∂W lives there).
    ij : (int, int), optional
        0-based entry to outline.
    name : str
        The compact form's formula in plain text, for the title; its letter comes first.
    symbol : str
        The output's letter.
    """
    m, n = G.shape
    letter = name.split(" ")[0]
    letter = f"({letter})" if "<sub>" in letter else letter
    fig = heatmap(
        G,
        f"Compact Jacobian {name}: {m} × {n} like W, "
        f"J[k,i,j] = δ<sub>jk</sub> {letter}<sub>i,k</sub>",
        f"{letter}<sub>%{{y}},%{{x}}</sub> = ∂{symbol}<sub>%{{x}}</sub>/∂W<sub>%{{y}},%{{x}}"
        "</sub> = %{z:.6g}",
        x_title=f"column k (component of {symbol})",
        scale_title=f"{letter}<sub>i,k</sub>",
    )
    if k is not None:
        _mark_column(fig, k, m, n)
    if ij is not None:
        entry_box(fig, ij[1] + 1, ij[0] + 1, ij[0] + 1, narrow=max(m, n) > NARROW_ABOVE)
    return fig


def blocks_figure(C: NDArray, k: int | None = None, r: int | None = None,
                  i: int | None = None, symbol: str = "F",
                  name: str = "C<sub>k</sub>") -> go.Figure:
    """The n blocks C_k (m × p each) of a compact array with rows, side by side: m × p·n.

    Column r + k·p (0-based) holds C_k[:, r] = ∂F_{r,k}/∂w_k.

    Parameters
    ----------
    C : (m, p, n) ndarray
    k, r : int, optional
        0-based block and its column to outline.
    i : int, optional
        0-based row of W whose cell in block k, column r is boxed.
    name : str
        The blocks' formula in plain text, for the title.
    """
    m, p, n = C.shape
    M = np.moveaxis(C, 2, 1).reshape(m, n * p)  # column q·p + r is C[:, r, q]
    rr, qq = np.meshgrid(np.arange(p), np.arange(n))
    custom = np.broadcast_to(np.stack([qq.ravel() + 1, rr.ravel() + 1], axis=-1),
                             (m, n * p, 2))
    fig = heatmap(M, f"Compact form: {'the one block' if n == 1 else f'the {n} blocks'} {name}, "
                  f"each {m} × {p}" + ("" if n == 1 else ", side by side"),
                  f"(C<sub>%{{customdata[0]}}</sub>)<sub>%{{y}},%{{customdata[1]}}</sub> = "
                  f"∂{symbol}<sub>%{{customdata[1]}},%{{customdata[0]}}</sub>/"
                  "∂W<sub>%{y},%{customdata[0]}</sub> = %{z:.6g}",
                  x_title="column r + (k − 1)·p: block k, column r",
                  scale_title=f"∂{symbol}<sub>r,k</sub>/∂W<sub>i,k</sub>")
    fig.update_traces(customdata=custom)
    for q in range(1, n) if n * p <= 64 else ():
        fig.add_vline(x=q * p + 0.5, line={"color": "#888888", "width": 2})
    if k is not None:
        outline(fig, k * p + 0.5, (k + 1) * p + 0.5, 0.5, m + 0.5)
        if r is not None and i is not None:
            entry_box(fig, k * p + r + 1, i + 1, i + 1, narrow=n * p > NARROW_ABOVE)
    return fig
