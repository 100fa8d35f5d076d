"""Plotly figures of finite-difference errors: error against step h, and Taylor remainders.

Both are log–log. Exact zeros cannot sit on a log axis: the error figure draws them at a
floor one decade below the smallest non-zero value, as hollow markers labelled "exactly 0".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.figures.style import layout
from hadviz.finite_diff import Scheme
from hadviz.latex import text_sci

__all__ = ["error_figure", "taylor_figure"]


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
    errors: dict[Scheme, NDArray],
    predicted: dict[str, NDArray],
    labels: dict[str, str],
    optimum: dict[str, float],
    optimum_labels: dict[str, str],
    schemes: Sequence[Scheme] = ("forward", "central", "complex"),
    title: str = "Error of the finite-difference estimates of Df(W)[H] against h",
    target: str = "Df(W)[H]",
    norm: str = "₂",
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
    target : str
        The derivative estimated, named on the error axis ("D(tanh(f))(W)[H]" for tanh∘f).
    norm : str
        The norm's subscript on the error axis: "₂" for a vector, "F" (Frobenius) for the
        p × n output of a model with rows.
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
    for best, hstar in optimum.items():
        if not h[0] <= hstar <= h[-1]:
            continue
        fig.add_trace(go.Scatter(
            x=[hstar, hstar], y=[ymin, ymax], mode="lines",
            name=f"predicted {best} optimum h* = {optimum_labels[best]} = {text_sci(hstar)}",
            line={"color": _SCHEME_STYLE[best][1], "width": 1, "dash": "dashdot"},
            hovertemplate=f"predicted {best} optimum<br>h* = {hstar:.2e}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=[h[0], h[-1]], y=[floor, floor], mode="lines", name="floor: exact zeros drawn here",
        line={"color": "#aaaaaa", "width": 1, "dash": "dot"}, hoverinfo="skip",
    ))
    fig.update_xaxes(type="log", title="step h", exponentformat="power")
    fig.update_yaxes(type="log", title=f"error ‖estimate − {target}‖{norm}", exponentformat="power",
                     range=[np.log10(min(ymin, floor / 2)), np.log10(ymax)])
    return layout(fig, title, 620)


def taylor_figure(t: NDArray, right: NDArray, wrong: NDArray | None, wrong_label: str,
                  slopes: tuple[float, float | None],
                  axes: tuple[str, str] = ("t", "‖f(W+tH) − f(W) − t·D[H]‖₂"),
                  title: str = "Taylor remainder test: remainder of the first-order expansion "
                               "against t") -> go.Figure:
    """Taylor remainders ‖f(W+tH) − f(W) − t·D[H]‖ against t for the true and a broken D.

    Zero remainders (no curvature along H) cannot sit on the log axis and are left out; the
    legend then says why there is no slope: the remainder is exactly 0, or (NaN slope) too
    close to rounding to fit one. ``axes`` and ``title`` rename the figure for other
    remainders of the same kind.
    """
    def name(label: str, slope: float | None, values: NDArray) -> str:
        if slope is not None and not np.isnan(slope):
            return f"{label}: slope {slope:.2f}"
        return f"{label}: " + ("remainder exactly 0, no slope" if not np.any(values)
                               else "remainder at rounding level, no slope")

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=t, y=np.where(right > 0, right, np.nan), mode="lines+markers",
                             name=name("true gradient", slopes[0], right),
                             line={"color": "#1b9e77"}))
    if wrong is not None:
        fig.add_trace(go.Scatter(x=t, y=np.where(wrong > 0, wrong, np.nan), mode="lines+markers",
                                 name=name(wrong_label, slopes[1], wrong),
                                 line={"color": "#d95f02"}))
    if not np.any(right > 0) and (wrong is None or not np.any(wrong > 0)):
        fig.add_annotation(text="the remainder is exactly 0 at every step: nothing to draw on a "
                                "log axis", xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False)
    fig.update_xaxes(type="log", title=axes[0], exponentformat="power")
    fig.update_yaxes(type="log", title=axes[1], exponentformat="power")
    return layout(fig, title, 480)
