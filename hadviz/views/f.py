r"""What the f page (/) shows: f with its ingredients u = Wᵀa and v = Wᵀb, numbers and figure."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.latex import bmatrix, column, row
from hadviz.models import projections
from hadviz.problem import Problem

__all__ = ["F_FORMULA", "FView", "f_view"]

F_FORMULA = (
    r"f(W) = (W^T a) \circ (W^T b) \in \mathbb{R}^{n}, \quad "
    r"f^T = (a^T W) \circ (b^T W), \qquad "
    r"f_k = (a \cdot w_k)\,(b \cdot w_k), \quad w_k = W_{:,k}"
)


@dataclass(frozen=True)
class FView:
    """f and its ingredients for one problem.

    Attributes
    ----------
    u, v, f : (n,) ndarray
        u = Wᵀa, v = Wᵀb, f = u ∘ v.
    formula : str
        LaTeX of the definition.
    numbers : str
        LaTeX of aᵀW, bᵀW and f with the problem's numbers (elided when large).
    inputs : str
        LaTeX of W, a and b.
    figure : go.Figure
        W with u, v, f aligned under its columns.
    """

    u: NDArray
    v: NDArray
    f: NDArray
    formula: str
    numbers: str
    inputs: str
    figure: go.Figure


def f_view(problem: Problem, dark: bool = False) -> FView:
    """Build the f page's view of ``problem``; figures coloured for a dark or light page."""
    W, a, b = problem.W, problem.a, problem.b
    u, v = projections(W, a, b)
    f = u * v
    numbers = (
        rf"f^T = \underbrace{{{row(u)}}}_{{a^T W}} \circ "
        rf"\underbrace{{{row(v)}}}_{{b^T W}} = {row(f)}"
    )
    inputs = rf"W = {bmatrix(W)}, \quad a = {column(a)}, \quad b = {column(b)}"
    figure = figures.apply_theme(figures.f_overview_figure(W, u, v, f), dark)
    return FView(u, v, f, F_FORMULA, numbers, inputs, figure)
