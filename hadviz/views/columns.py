r"""The column-by-column answer and Df as a linear map (page /columns), checked.

:func:`column_view` writes f column by column and the gradient of f_j with respect to w_j;
:func:`expansion_view` the linear map Df(W)[H] and the exact expansion
f(W + H) = f(W) + Df(W)[H] + (Hᵀa) ∘ (Hᵀb), with the remainder measured over a range of
‖H‖; :func:`gradient_view` the VJP ∇_W(gᵀf) = G·Diag(g) and the constant Hessian. Every check
is judged against a rounding-error bound (:mod:`hadviz.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.checks import (
    SAFETY,
    UNIT_ROUNDOFF,
    Comparison,
    compare,
    complex_step_jacobian,
    gamma,
    magnitudes,
    pair_tolerance,
    power_of_two,
    unit_direction,
)
from hadviz.gradcheck import TaylorTest, taylor_test
from hadviz.latex import bmatrix, chain, column, lines, number, row
from hadviz.models import HADAMARD, outer_sum, projections
from hadviz.problem import Problem

__all__ = [
    "UPSTREAM",
    "ColumnView",
    "ExpansionView",
    "GradientView",
    "Upstream",
    "column_view",
    "expansion_view",
    "gradient_view",
    "upstream_gradient",
    "upstream_view",
]

Upstream = Literal["ones", "random", "onehot"]
#: The upstream gradients g the page offers.
UPSTREAM: tuple[Upstream, ...] = ("ones", "random", "onehot")


@dataclass(frozen=True)
class ColumnView:
    """The column-by-column derivation for one column j.

    Attributes
    ----------
    f_columns : str
        LaTeX of fᵀ = [(a·w_1)(b·w_1), …] with numbers (f written as a row, hence fᵀ).
    column_formula : str
        LaTeX of ∂f_j/∂w_j = (a·w_j) b + (b·w_j) a with numbers.
    check : Comparison
        ∂f_j/∂w_j against column j of G, within a rounding-error tolerance.
    """

    f_columns: str
    column_formula: str
    check: Comparison


def column_view(problem: Problem, j: int) -> ColumnView:
    """The second classic answer: f column by column, and the gradient of f_j.

    Parameters
    ----------
    problem : Problem
    j : int
        0-based column of W whose gradient is shown.
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    if not 0 <= j < n:
        raise ValueError(f"j must be in 0..{n - 1}; got {j}")
    u, v = projections(W, a, b)
    shown = min(n, 4)
    cols = [rf"({number(u[c])})({number(v[c])})" for c in range(shown)]
    if n > shown:
        cols.append(r"\cdots")
    f_columns = chain(
        "f^T", r"\left[(a\cdot w_1)(b\cdot w_1),\ \ldots,\ (a\cdot w_n)(b\cdot w_n)\right]",
        r"\left[" + ",\\ ".join(cols) + r"\right]", row(u * v))
    w_j = W[:, j]
    grad_j = (a @ w_j) * b + (b @ w_j) * a
    G = HADAMARD.compact(W, a, b)
    check = compare(grad_j, G[:, j], pair_tolerance(m + 2, magnitudes(problem).G[:, j]))
    column_formula = chain(
        rf"\frac{{\partial f_{{{j + 1}}}}}{{\partial w_{{{j + 1}}}}}",
        rf"(a\cdot w_{{{j + 1}}})\,b + (b\cdot w_{{{j + 1}}})\,a",
        rf"({number(u[j])}) {column(b)} + ({number(v[j])}) {column(a)}", column(grad_j))
    return ColumnView(f_columns, column_formula, check)


@dataclass(frozen=True)
class ExpansionView:
    """Df(W) as a linear map, and the exact expansion, for one random direction H.

    Attributes
    ----------
    H : (m, n) ndarray
        The direction, scaled.
    f0, df, second, f_shifted : (n,) ndarray
        f(W), Df(W)[H], (Hᵀa)∘(Hᵀb) and f(W+H).
    check : Comparison
        f(W+H) against f(W) + Df(W)[H] + (Hᵀa)∘(Hᵀb), within a rounding-error tolerance.
    remainder : float
        ‖f(W+H) − f(W) − Df(W)[H]‖₂, the absolute error of the linear approximation
        (= ‖(Hᵀa)∘(Hᵀb)‖₂ up to rounding).
    curvature : float
        ‖(Ĥᵀa)∘(Ĥᵀb)‖₂ for the unit direction Ĥ = H/‖H‖: the remainder is ‖H‖² times this.
    taylor : TaylorTest
        The measured remainder over a range of sizes ‖H‖ of the same direction, and its slope.
    expansion : str
        LaTeX of the four vectors.
    """

    H: NDArray
    f0: NDArray
    df: NDArray
    second: NDArray
    f_shifted: NDArray
    check: Comparison
    remainder: float
    curvature: float
    taylor: TaylorTest
    expansion: str

    def remainder_figure(self, dark: bool = False) -> go.Figure:
        """The measured remainder against ‖H‖ (log–log, slope 2)."""
        fig = figures.taylor_figure(
            self.taylor.t, self.taylor.remainder, None, "", (self.taylor.slope, None),
            axes=("‖H‖ (same direction Ĥ)", "‖f(W+H) − f(W) − Df(W)[H]‖₂"),
            title="Remainder of the linear approximation against ‖H‖",
        )
        return figures.apply_theme(fig, dark)


def expansion_view(problem: Problem, scale: float, seed: int = 0) -> ExpansionView:
    """Check f(W+H) = f(W) + Df(W)[H] + (Hᵀa)∘(Hᵀb) for a seeded random H of norm ``scale``.

    The remainder of the linear approximation is measured for sizes ‖H‖ from 10⁻³ to 1 times
    ``scale`` (times ‖W‖ when ``scale`` is 0) along the same direction: it is exactly
    ‖H‖²·‖(Ĥᵀa)∘(Ĥᵀb)‖, slope 2 on a log–log plot.
    """
    W, a, b = problem.W, problem.a, problem.b
    m = problem.m
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a finite non-negative number; got {scale}")
    unit = unit_direction(W.shape, seed)
    H = scale * unit
    f0 = HADAMARD.f(W, a, b)
    df = HADAMARD.jvp(W, a, b, H)
    second = HADAMARD.second_order_term(W, a, b, H)
    shifted = HADAMARD.f(W + H, a, b)
    # every term is bounded by the expansion of (|a|ᵀ(|W|+|H|)) ∘ (|b|ᵀ(|W|+|H|))
    size = magnitudes(Problem(np.abs(W) + np.abs(H), a, b)).f
    check = compare(shifted, f0 + df + second, pair_tolerance(m + 6, size))
    # one row vector per line, the operator in front: no line holds two of them
    expansion = (
        rf"\begin{{aligned}} & \underbrace{{{row(shifted)}}}_{{f(W+H)^T}} \\ "
        rf"= {{}} & \underbrace{{{row(f0)}}}_{{f(W)^T}} \\ "
        rf"+ {{}} & \underbrace{{{row(df)}}}_{{Df(W)[H]^T}} \\ "
        rf"+ {{}} & \underbrace{{{row(second)}}}_{{((H^Ta)\circ(H^Tb))^T}} \end{{aligned}}")
    reach = scale if scale > 0 else max(float(np.linalg.norm(W)), 1.0)
    taylor = taylor_test(problem, unit, "none", t=reach * np.logspace(-3, 0, 7))
    return ExpansionView(
        H, f0, df, second, shifted, check,
        remainder=float(np.linalg.norm(shifted - f0 - df)),
        curvature=float(np.linalg.norm(HADAMARD.second_order_term(W, a, b, unit))),
        taylor=taylor,
        expansion=expansion,
    )


@dataclass(frozen=True)
class GradientView:
    """∇_W(gᵀf) = G·Diag(g) for a cotangent g, and the constant Hessian's structure.

    Attributes
    ----------
    gradient_check : Comparison
        G·Diag(g) against complex steps of gᵀf, entry by entry.
    hessian_check : Comparison
        S = abᵀ + baᵀ against central differences of column 1 of G.
    hessian_step : float
        The central-difference step used (the power of two nearest max |w_1|).
    """

    g: NDArray
    gradient: NDArray
    gradient_latex: str
    gradient_check: Comparison
    S: NDArray
    hessian_latex: str
    hessian_check: Comparison
    hessian_step: float


def _hessian_check(problem: Problem, S: NDArray) -> tuple[Comparison, float]:
    """Central differences of column 1 of G (linear in W) against S, with a bounded tolerance.

    The step is the power of two nearest max |w_1|, so the rounding error ≈ u·|a||b|ᵀ|w|/h
    stays at the level of u·|S|; the tolerance bounds the rounding of G(W ± hE) and of
    W_p1 ± h itself (a linear map has no truncation error).
    """
    W, a, b = problem.W, problem.a, problem.b
    m = problem.m
    k = 0
    h = float(power_of_two(np.max(np.abs(W[:, k]))))
    S_fd = np.empty((m, m))
    for p in range(m):
        step = np.zeros(W.shape)
        step[p, k] = h
        S_fd[:, p] = (HADAMARD.compact(W + step, a, b)[:, k]
                      - HADAMARD.compact(W - step, a, b)[:, k]) / (2.0 * h)
    A, B, u = np.abs(a), np.abs(b), UNIT_ROUNDOFF
    U, V = float(A @ np.abs(W[:, k])), float(B @ np.abs(W[:, k]))
    S_abs = outer_sum(A, B)
    spread = (np.outer(A, V + h * B) + np.outer(B, U + h * A)) / h  # [i, p]
    moved = (np.abs(W[:, k]) + h)[np.newaxis, :] / h  # W_pk ± h is rounded too
    bound = gamma(m + 2) * spread + u * S_abs * (1.0 + moved) + gamma(2) * S_abs
    return compare(S_fd, S, SAFETY * bound), h


def gradient_view(problem: Problem, g: NDArray) -> GradientView:
    """The VJP for cotangent ``g`` (checked by complex steps) and the Hessian block S.

    The gradient is checked entry by entry against the complex step of gᵀf; the Hessian
    block S = abᵀ + baᵀ against central differences of the gradient of f_1 with respect to
    w_1. That gradient is linear in W, so the differences have no truncation error; both
    checks allow for rounding only, with tolerances from rounding-error bounds.
    """
    W, a, b = problem.W, problem.a, problem.b
    m = problem.m
    g = np.asarray(g, dtype=float)
    grad = HADAMARD.vjp(W, a, b, g)
    G = HADAMARD.compact(W, a, b)
    # complex step of gᵀf along every E_ij, independent of G: Σ_k g_k Im f_k(W + ihE_ij)/h
    ref = np.einsum("k,kij->ij", g, complex_step_jacobian(problem))
    tol = pair_tolerance(m + 5, magnitudes(problem).G * np.abs(g)[np.newaxis, :])
    gradient_check = compare(grad, ref, tol)
    gradient_latex = chain(r"\nabla_W(g^Tf)", r"G\,\operatorname{Diag}(g)",
                           rf"{bmatrix(G)}{bmatrix(np.diag(g))}", bmatrix(grad))
    S = outer_sum(a, b)
    hessian_check, h = _hessian_check(problem, S)
    hessian_latex = lines(
        r"\frac{\partial^2 f_k}{\partial W_{i,j}\,\partial W_{p,q}} = \delta_{jk}\,"
        r"\delta_{qk}\,(ab^T + ba^T)_{i,p}", r"ab^T + ba^T = " + bmatrix(S))
    return GradientView(g, grad, gradient_latex, gradient_check, S, hessian_latex,
                        hessian_check, h)


def upstream_gradient(kind: Upstream, n: int, k: int = 0, seed: int = 0) -> NDArray:
    """The cotangent g: all ones (∇ of Σf), one-hot ε_k (0-based), or seeded normal.

    Examples
    --------
    >>> upstream_gradient("onehot", 3, k=1).tolist()
    [0.0, 1.0, 0.0]
    """
    if kind == "ones":
        return np.ones(n)
    if kind == "onehot":
        return np.eye(n)[k]
    if kind == "random":
        return np.random.default_rng(seed + 1).standard_normal(n)
    raise ValueError(f"g must be one of {', '.join(UPSTREAM)}; got {kind!r}")


def upstream_view(problem: Problem, kind: Upstream, k: int = 0, seed: int = 0) -> GradientView:
    """:func:`gradient_view` for the page's choice of g (``seed`` is the problem's seed)."""
    return gradient_view(problem, upstream_gradient(kind, problem.n, k, seed))
