"""The landing page's figure for any model: W with its parameters beside it, the parts below.

W (m × n) sits top left with the model's parameter arrays beside it, row by row with it (a and
b as columns, A and B as m × p blocks). Under W, one row of cells per part of the model
(:meth:`hadviz.models.Model.parts`), aligned with W's columns: column k of W makes column k
of every part (a vector part is one row of n cells, a part with rows, such as U, V and F of
the matrix model, is p × n). Parts that share a ``scale`` share one colour scale; the inputs
share another. Each scale has a titled colour bar stacked under the plot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray
from plotly.subplots import make_subplots

from hadviz.figures.heatmaps import cell_text, heatmap_trace, index_axis, largest_abs
from hadviz.figures.style import MAX_ANNOTATED_CELLS, layout
from hadviz.models.base import Part

__all__ = ["overview_figure"]

#: Each colour bar lies under the plot, titled above, this long and this far apart (px).
_BAR_LEN_PX, _BAR_STEP_PX = 240, 60
#: Height of a one-row part and of W's least height (px).
_ROW_PX, _GAP_PX = 46, 34


def _heights(m: int, parts: Sequence[Part]) -> list[int]:
    rows = [int(np.clip(26 * m, 120, 420))]
    for part in parts:
        rows.append(_ROW_PX if part.value.ndim == 1 else
                    int(np.clip(26 * part.value.shape[0], _ROW_PX, 240)))
    return rows


def overview_figure(W: NDArray, params: Sequence[tuple[str, NDArray]], parts: Sequence[Part],
                    title: str, output: str = "component k of f") -> go.Figure:
    """W with its parameters beside it and the model's parts aligned under its columns.

    Parameters
    ----------
    W : (m, n) ndarray
    params : sequence of (name, array)
        The parameter arrays, (m,) or (m, p), drawn beside W in this order.
    parts : sequence of Part
        Values of shape (n,) or (p, n), drawn under W in this order.
    title : str
    output : str
        What column k of the last part is, for the x-axis title.
    """
    m, n = W.shape
    heights = _heights(m, parts)
    total = sum(heights) + (len(heights) - 1) * _GAP_PX
    widths = [max(n, 4)] + [1 if x.ndim == 1 else x.shape[1] for _, x in params]
    fig = make_subplots(rows=len(heights), cols=len(widths),
                        row_heights=[h / sum(heights) for h in heights],
                        column_widths=widths if params else None,
                        vertical_spacing=_GAP_PX / total, horizontal_spacing=0.02)
    inputs = largest_abs(W, *(x for _, x in params))
    _draw(fig, W, params, parts, inputs)
    _axes(fig, m, n, len(heights), len(widths), output)
    groups = list(dict.fromkeys(part.scale for part in parts))
    bars = [("W", ", ".join(["W", *(name for name, _ in params)]))] + [
        ([p.name for p in parts if p.scale == g][-1], g) for g in groups]
    layout(fig, title, total + 110 + len(bars) * _BAR_STEP_PX + 26)
    _colour_bars_below(fig, bars)
    return fig


def _draw(fig: go.Figure, W: NDArray, params: Sequence[tuple[str, NDArray]],
          parts: Sequence[Part], inputs: float) -> None:
    """The heatmaps: W and the parameters in row 1 (one scale, up to ``inputs``), each part
    in a row of its own (one scale per group of parts)."""
    m = W.shape[0]
    zmax = {g: largest_abs(*(p.value for p in parts if p.scale == g))
            for g in {part.scale for part in parts}}
    small = W.size <= MAX_ANNOTATED_CELLS

    def add(Z: NDArray, hover: str, top: float, row: int, col: int = 1, **kw) -> None:
        fig.add_trace(heatmap_trace(Z, hover, top, text=cell_text(Z) if small else None,
                                    texttemplate="%{text}", xgap=1, ygap=1 if m <= 32 else 0,
                                    showscale=False, **kw), row=row, col=col)

    add(W, "W<sub>%{y},%{x}</sub> = %{z:.6g}", inputs, 1, name="W")
    for c, (name, x) in enumerate(params, start=2):
        if x.ndim == 1:
            add(x[:, None], f"{name}<sub>%{{y}}</sub> = %{{z:.6g}}", inputs, 1, c, x=[name],
                name=name)
        else:
            add(x, f"{name}<sub>%{{y}},%{{x}}</sub> = %{{z:.6g}}", inputs, 1, c, name=name)
            fig.update_xaxes(title=name, row=1, col=c, **index_axis(x.shape[1]))
    for row, part in enumerate(parts, start=2):
        if part.value.ndim == 1:
            add(part.value[None, :], f"{part.name}<sub>%{{x}}</sub> = %{{z:.6g}}",
                zmax[part.scale], row, y=[part.text], name=part.name)
        else:
            add(part.value, f"{part.name}<sub>%{{y}},%{{x}}</sub> = %{{z:.6g}}",
                zmax[part.scale], row, name=part.name)
            fig.update_yaxes(title=part.text, row=row, col=1,
                             **index_axis(part.value.shape[0], reverse=True))


def _axes(fig: go.Figure, m: int, n: int, rows: int, cols: int, output: str) -> None:
    """Index axes: W's rows from 1 at the top, and one shared x-axis of W's columns."""
    fig.update_yaxes(title="row i", row=1, col=1, **index_axis(m, reverse=True))
    for c in range(2, cols + 1):
        fig.update_yaxes(showticklabels=False, row=1, col=c, **index_axis(m, reverse=True))
    for r in range(1, rows):
        fig.update_xaxes(showticklabels=False, row=r, col=1, matches="x", **index_axis(n))
    fig.update_xaxes(title=f"column k of W  →  {output}", row=rows, col=1, matches="x",
                     **index_axis(n))


def _colour_bars_below(fig: go.Figure, bars: Sequence[tuple[str, str]]) -> None:
    """One horizontal colour bar per scale (on the trace named first), stacked under the
    x-axis title, each titled above and :data:`_BAR_LEN_PX` long whatever the rows."""
    height = fig.layout.height
    room = len(bars) * _BAR_STEP_PX + 26
    fig.update_layout(margin_b=fig.layout.margin.b + room)
    for place, (trace_name, title) in enumerate(bars):
        top_px = (len(bars) - place) * _BAR_STEP_PX - 8  # the top of the bar, its title above
        fig.update_traces(selector={"name": trace_name}, showscale=True, colorbar={
            "title": {"text": title, "side": "top"}, "orientation": "h",
            "lenmode": "pixels", "len": _BAR_LEN_PX, "thickness": 10,
            "x": 0.0, "xref": "paper", "xanchor": "left",
            "y": top_px / height, "yref": "container", "yanchor": "top", "ypad": 0})
