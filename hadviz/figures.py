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

__all__ = [
    "COLORSCALE",
    "MAX_SMALL_MULTIPLES",
    "apply_theme",
    "compact_figure",
    "entry_figure",
    "error_figure",
    "f_overview_figure",
    "heatmap",
    "slice_figure",
    "small_multiples_figure",
    "taylor_figure",
    "vec_jacobian_figure",
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


def _zmax(*arrays: NDArray) -> float:
    top = max((float(np.max(np.abs(x))) for x in arrays if x.size), default=0.0)
    return top if top > 0 else 1.0


def _cell_text(M: NDArray) -> NDArray | None:
    """Numbers printed in cells (small heatmaps only): integers plainly, others to 3 digits."""
    if M.size > MAX_ANNOTATED_CELLS:
        return None
    return np.vectorize(_short, otypes=[object])(M)


def _short(x: float) -> str:
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e6:
        return str(int(x))
    return f"{x:.3g}"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
    )
    return fig


def _heatmap_trace(Z: NDArray, hover: str, zmax: float, y=None, x=None, **kw) -> go.Heatmap:
    """A heatmap trace with the house scale: diverging, centred at 0, symmetric, 1-based."""
    r, c = Z.shape
    return go.Heatmap(
        z=Z,
        x=np.arange(1, c + 1) if x is None else x,
        y=np.arange(1, r + 1) if y is None else y,
        colorscale=COLORSCALE,
        zmid=0.0,
        zmin=-zmax,
        zmax=zmax,
        hovertemplate=hover + "<extra></extra>",
        **kw,
    )


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
    fig = go.Figure(_heatmap_trace(M, hover, zmax or _zmax(M), text=_cell_text(M),
                                   texttemplate="%{text}", xgap=1, ygap=1))
    fig.update_yaxes(autorange="reversed", title=y_title, dtick=1 if r <= 16 else None)
    fig.update_xaxes(title=x_title, dtick=1 if c <= 16 else None)
    return _layout(fig, title, height or int(min(700, 140 + 40 * max(r, 3))))


def _outline(fig: go.Figure, x0: float, x1: float, y0: float, y1: float, **kw) -> None:
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
            _heatmap_trace(Z, hover, _zmax(Z), y=None if row == 1 else [name], showscale=False,
                           text=_cell_text(Z) if W.size <= MAX_ANNOTATED_CELLS else None,
                           texttemplate="%{text}", xgap=1, ygap=1, name=name),
            row=row,
            col=1,
        )
    fig.update_yaxes(autorange="reversed", title="W (row i)", row=1, col=1,
                     dtick=1 if m <= 16 else None)
    fig.update_xaxes(title="column k of W  →  component k of f", row=4, col=1,
                     dtick=1 if n <= 16 else None)
    height = int(min(900, 220 + 34 * (m + 3)))
    return _layout(fig, "f(W) = (aᵀW) ∘ (bᵀW), column by column", height)


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
        zmax=zmax or _zmax(G),
    )
    _outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5)
    return fig


def small_multiples_figure(G: NDArray, k: int) -> go.Figure:
    """All slices ∂f_k/∂W side by side on one colour scale (a window of them when n is large).

    Each slice is drawn as what it is: its one non-zero column (G[:, q] at x = q + 1) on an
    m × n panel filled with the colour of 0, so a 64 × 64 problem sends 8 columns, not
    8 dense 64 × 64 slices.

    Parameters
    ----------
    G : (m, n) ndarray
    k : int
        0-based selected component, outlined; the window is centred on it.
    """
    m, n = G.shape
    count = min(n, MAX_SMALL_MULTIPLES)
    start = int(np.clip(k - count // 2, 0, n - count))
    ks = list(range(start, start + count))
    fig = make_subplots(
        rows=1,
        cols=count,
        subplot_titles=[f"∂f<sub>{q + 1}</sub>/∂W" for q in ks],
        horizontal_spacing=0.02,
    )
    zmax = _zmax(G)
    for c, q in enumerate(ks, start=1):
        # the zero entries: one rectangle in the colour of 0 under the non-zero column
        fig.add_shape(type="rect", x0=0.5, x1=n + 0.5, y0=0.5, y1=m + 0.5, layer="below",
                      fillcolor=ZERO_COLOR, line={"width": 0}, row=1, col=c)
        fig.add_trace(
            _heatmap_trace(
                G[:, q : q + 1],
                f"∂f<sub>{q + 1}</sub>/∂W<sub>%{{y}},{q + 1}</sub> = %{{z:.6g}} "
                "(all other columns 0)",
                zmax, x=[q + 1], showscale=c == count, ygap=1 if m <= 16 else 0,
                name=f"slice k={q + 1}",
            ),
            row=1,
            col=c,
        )
        fig.update_xaxes(showticklabels=False, title="j" if c == 1 else None,
                         range=[0.5, n + 0.5], showgrid=False, zeroline=False, row=1, col=c)
        fig.update_yaxes(autorange="reversed", showticklabels=c == 1,
                         title="i" if c == 1 else None, row=1, col=c)
        if q == k:
            _outline(fig, 0.5, n + 0.5, 0.5, m + 0.5, row=1, col=c)
    shown = f"slices {start + 1}–{start + count} of {n}" if count < n else f"all {n} slices"
    return _layout(fig, f"Small multiples: {shown} of J on one colour scale",
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
    return _layout(fig, f"∂f/∂W<sub>{i + 1},{j + 1}</sub>: non-zero only at k = {j + 1}", 320)


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
        _outline(fig, k + 0.5, k + 1.5, 0.5, m + 0.5)
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
    zmax = _zmax(G)
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
        _outline(fig, k * m + 0.5, (k + 1) * m + 0.5, k + 0.5, k + 1.5)
    if ij is not None:
        i, j = ij
        fig.add_shape(type="rect", x0=i + j * m + 0.5, x1=i + j * m + 1.5, y0=0.5, y1=n + 0.5,
                      line={"color": HIGHLIGHT, "width": 2, "dash": "dot"})
    fig.update_yaxes(autorange="reversed" if n * cols <= MAX_DENSE_CELLS else None,
                     title="component k of f")
    fig.update_xaxes(title="position i + (j−1)·m of W<sub>ij</sub> in vec(W)")
    return _layout(fig, title, int(min(600, 200 + 26 * n)))


# -- finite differences -----------------------------------------------------------------------

_SCHEME_STYLE = {
    "forward": ("forward difference", "#d95f02", "circle"),
    "central": ("central difference", "#1b9e77", "square"),
    "complex": ("complex step", "#7570b3", "diamond"),
}


def _floor_for(arrays: Sequence[NDArray]) -> float:
    positive = [x[x > 0] for x in arrays]
    smallest = min((float(p.min()) for p in positive if p.size), default=1e-16)
    return 10.0 ** (np.floor(np.log10(smallest)) - 1)


_PREDICTION_STYLE = {
    "forward truncation": ("dash", _SCHEME_STYLE["forward"][1]),
    "central truncation": ("dash", _SCHEME_STYLE["central"][1]),
    "rounding": ("dot", "#888888"),
}


def error_figure(
    h: NDArray,
    errors: dict[str, NDArray],
    predicted: dict[str, NDArray],
    labels: dict[str, str],
    optimum: dict[str, float],
    optimum_labels: dict[str, str],
    schemes: Sequence[str] = ("forward", "central", "complex"),
    title: str = "Error of the finite-difference estimates of Df(W)[H] against h",
) -> go.Figure:
    """Log–log error against step: measured schemes, predicted curves, predicted optima.

    Exact zeros cannot sit on a log axis: they are drawn at a floor one decade below the
    smallest non-zero error, as hollow markers labelled "exactly 0", never dropped.

    Parameters
    ----------
    h : (s,) ndarray
    errors : dict of str to (s,) ndarray
        Keys among "forward", "central", "complex".
    predicted : dict of str to (s,) ndarray
        Predicted error curves (keys "forward truncation", "central truncation",
        "rounding"), drawn dashed or dotted under the names in ``labels``.
    optimum : dict of str to float
        Predicted best steps of "forward" and "central", drawn as vertical lines when they
        fall inside the range of h; ``optimum_labels`` gives their formulas.
    """
    shown = [errors[s] for s in schemes]
    floor = _floor_for([*shown, *predicted.values()])
    fig = go.Figure()
    for scheme in schemes:
        label, color, symbol = _SCHEME_STYLE[scheme]
        e = errors[scheme]
        zero = e == 0
        fig.add_trace(go.Scatter(
            x=h, y=np.where(zero, np.nan, e), mode="lines+markers", name=label,
            line={"color": color, "width": 2}, marker={"symbol": symbol, "size": 7},
            hovertemplate=f"{label}<br>h = %{{x:.1e}}<br>error = %{{y:.2e}}<extra></extra>",
        ))
        if zero.any():
            fig.add_trace(go.Scatter(
                x=h[zero], y=np.full(int(zero.sum()), floor), mode="markers",
                name=f"{label}: exactly 0 (drawn at the floor)",
                marker={"symbol": f"{symbol}-open", "size": 10, "color": color,
                        "line": {"width": 2}},
                hovertemplate=f"{label}<br>h = %{{x:.1e}}<br>error exactly 0<extra></extra>",
            ))
    for key, values in predicted.items():
        dash, color = _PREDICTION_STYLE[key]
        name = labels[key]
        fig.add_trace(go.Scatter(
            x=h, y=np.where(values > 0, values, np.nan), mode="lines", name=name,
            line={"dash": dash, "width": 1.5, "color": color},
            hovertemplate=f"{name}<br>h = %{{x:.1e}}<br>%{{y:.2e}}<extra></extra>",
        ))
    all_y = np.concatenate([*shown, *predicted.values(), [floor]])
    all_y = all_y[np.isfinite(all_y) & (all_y > 0)]
    ymin, ymax = float(all_y.min()) / 3, float(min(all_y.max() * 3, 1e30))
    for scheme, hstar in optimum.items():
        if not h[0] <= hstar <= h[-1]:
            continue
        fig.add_trace(go.Scatter(
            x=[hstar, hstar], y=[ymin, ymax], mode="lines",
            name=f"predicted {scheme} optimum h* = {optimum_labels[scheme]} = {hstar:.1e}",
            line={"color": _SCHEME_STYLE[scheme][1], "width": 1, "dash": "dashdot"},
            hovertemplate=f"predicted {scheme} optimum<br>h* = {hstar:.2e}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=[h[0], h[-1]], y=[floor, floor], mode="lines", name="floor: exact zeros drawn here",
        line={"color": "#aaaaaa", "width": 1, "dash": "dot"}, hoverinfo="skip",
    ))
    fig.update_xaxes(type="log", title="step h", exponentformat="power")
    fig.update_yaxes(type="log", title="error ‖estimate − Df(W)[H]‖₂", exponentformat="power",
                     range=[np.log10(min(ymin, floor / 2)), np.log10(ymax)])
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1})
    return _layout(fig, title, 520)


def taylor_figure(t: NDArray, right: NDArray, wrong: NDArray | None, wrong_label: str,
                  slopes: tuple[float, float | None],
                  axes: tuple[str, str] = ("t", "‖f(W+tH) − f(W) − t·D[H]‖₂"),
                  title: str = "Taylor remainder test: remainder of the first-order expansion "
                               "against t") -> go.Figure:
    """Taylor remainders ‖f(W+tH) − f(W) − t·D[H]‖ against t for the true and a broken D.

    Zero remainders (no curvature along H) cannot sit on the log axis and are left out; the
    legend then says the slope is undefined. ``axes`` and ``title`` rename the figure for
    other remainders of the same kind.
    """
    def name(label: str, slope: float | None) -> str:
        return f"{label}: " + ("remainder 0, no slope" if slope is None or np.isnan(slope)
                               else f"slope {slope:.2f}")

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=t, y=np.where(right > 0, right, np.nan), mode="lines+markers",
                             name=name("true gradient", slopes[0]),
                             line={"color": "#1b9e77"}))
    if wrong is not None:
        fig.add_trace(go.Scatter(x=t, y=np.where(wrong > 0, wrong, np.nan), mode="lines+markers",
                                 name=name(wrong_label, slopes[1]),
                                 line={"color": "#d95f02"}))
    if not np.any(right > 0) and (wrong is None or not np.any(wrong > 0)):
        fig.add_annotation(text="the remainder is exactly 0 at every step: nothing to draw on a "
                                "log axis", xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False)
    fig.update_xaxes(type="log", title=axes[0], exponentformat="power")
    fig.update_yaxes(type="log", title=axes[1], exponentformat="power")
    return _layout(fig, title, 420)


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
