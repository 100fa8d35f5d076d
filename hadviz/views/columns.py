r"""The column-by-column answer and Df as a linear map (page /columns), checked.

:func:`column_view` writes f column by column and the gradient of f_j with respect to w_j;
:func:`expansion_view` the linear map Df(W)[H] and the exact expansion
f(W + H) = f(W) + Df(W)[H] + (Hᵀa) ∘ (Hᵀb), with the remainder measured over a range of
‖H‖; :func:`gradient_view` the VJP ∇_W(gᵀf) = G·Diag(g) and the constant Hessian. Every check
is judged against a rounding-error bound (:mod:`hadviz.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass

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
from hadviz.finite_diff import norm2
from hadviz.gradcheck import TaylorTest, taylor_test
from hadviz.latex import bmatrix, chain, column, lines, number, plural, row, text_exact, text_sci
from hadviz.models import HADAMARD, outer_sum, projections
from hadviz.problem import Problem
from hadviz.upstream import UPSTREAM, Upstream, upstream_gradient

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
    remainder_note, slope_note : str
        What the remainder is here, and what its measured slope says: for running text, true
        for this problem and size (H = 0, no curvature along Ĥ, a remainder lost to rounding).
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
    remainder_note: str
    slope_note: str

    def remainder_figure(self) -> go.Figure:
        """The measured remainder against ‖H‖ (log–log, slope 2)."""
        return figures.taylor_figure(
            self.taylor.t, self.taylor.remainder, None, "", (self.taylor.slope, None),
            axes=("‖H‖ (same direction Ĥ)", "‖f(W+H) − f(W) − Df(W)[H]‖₂"),
            title="Remainder of the linear approximation against ‖H‖",
        )


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
    remainder = norm2(shifted - f0 - df)
    curvature = norm2(HADAMARD.second_order_term(W, a, b, unit))
    return ExpansionView(H, f0, df, second, shifted, check, remainder, curvature, taylor,
                         expansion, _remainder_note(scale, remainder, curvature, taylor),
                         _slope_note(problem, unit, curvature, taylor))


def _remainder_note(scale: float, remainder: float, curvature: float, taylor: TaylorTest) -> str:
    if scale == 0:
        return ("H = 0 here (size 0): there is no direction, f(W + H) = f(W), and the error of "
                "the linear approximation, ‖f(W+H) − f(W) − Df(W)[H]‖, is 0. The plot below "
                f"follows the seeded unit direction Ĥ instead, at sizes ‖H‖ from "
                f"{text_sci(taylor.t[0])} to {text_sci(taylor.t[-1])}.")
    size = repr(scale).removesuffix(".0") if 1e-4 <= scale < 1e16 else f"({text_sci(scale)})"
    return ("Without the second-order term the error is ‖f(W+H) − f(W) − Df(W)[H]‖ = "
            f"{text_sci(remainder, 4)}. Up to rounding it is ‖(Hᵀa)∘(Hᵀb)‖ = "
            f"‖H‖² · ‖(Ĥᵀa)∘(Ĥᵀb)‖ = {size}² × {text_sci(curvature, 4)}, with Ĥ = H/‖H‖ the "
            "unit direction: " + ("f is quadratic, nothing beyond the second order exists."
                                  if curvature else "f is linear along H: the remainder is 0."))


def _orthogonal(problem: Problem, unit: NDArray) -> str:
    """Why (Ĥᵀa)∘(Ĥᵀb) = 0: a or b is 0, or each column of Ĥ is orthogonal to a or to b."""
    zero = [f"{x} = 0" for x, v in (("a", problem.a), ("b", problem.b)) if not v.any()]
    if zero:
        return " and ".join(zero)
    p, q = projections(unit, problem.a, problem.b)
    parts = []
    for x, cols in (("a", np.flatnonzero(p == 0)), ("b", np.flatnonzero((p != 0) & (q == 0)))):
        if cols.size:
            names = ", ".join(str(k + 1) for k in cols)
            parts.append(f"{plural(cols.size, 'column', 'columns', number=False)} {names} of Ĥ "
                         f"{'is' if cols.size == 1 else 'are'} orthogonal to {x}")
    return "; ".join(parts)


def _slope_note(problem: Problem, unit: NDArray, curvature: float, taylor: TaylorTest) -> str:
    sizes = f"sizes ‖H‖ from {text_sci(taylor.t[0])} to {text_sci(taylor.t[-1])}"
    if not np.isnan(taylor.slope):
        return (f"Along the same direction, over {sizes}, the measured remainder has log–log "
                f"slope {taylor.slope:.2f}: it grows like ‖H‖².")
    if curvature == 0:
        return (f"Along this direction (Ĥᵀa)∘(Ĥᵀb) = 0 ({_orthogonal(problem, unit)}): f is "
                "linear along H and the remainder is 0 up to rounding at every size, so there "
                "is no slope to draw.")
    return (f"Along this direction the remainder ‖H‖² × {text_sci(curvature)} is lost in the "
            f"rounding of the terms it is computed from at the {sizes}, so no slope is fitted.")


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
        The central-difference step used: the power of two nearest max |w_1|, or 1 if w_1 = 0.
    hessian_note : str
        How the Hessian check was made and what it shows, for running text after ✓ or ✗.
    """

    g: NDArray
    gradient: NDArray
    gradient_latex: str
    gradient_check: Comparison
    S: NDArray
    hessian_latex: str
    hessian_check: Comparison
    hessian_step: float
    hessian_note: str


def _hessian_check(problem: Problem, S: NDArray) -> tuple[Comparison, float]:
    """Central differences of column 1 of G (linear in W) against S, with a bounded tolerance.

    The step is the power of two nearest max |w_1| (1 when w_1 = 0), so the rounding error
    ≈ u·|a||b|ᵀ|w|/h stays at the level of u·|S|; the tolerance bounds the rounding of
    G(W ± hE) and of W_p1 ± h itself (a linear map has no truncation error).
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
                        hessian_check, h, _hessian_note(problem, h, hessian_check))


def _hessian_note(problem: Problem, h: float, check: Comparison) -> str:
    step = text_exact(h, power_of_two=True)
    largest = float(np.max(np.abs(problem.W[:, 0])))
    why = (f"2 to the power round(log₂ max |w₁|), max |w₁| = {text_sci(largest, 3)}"
           if largest > 0 else
           "column 1 of W is 0, so there is no size to match")
    return (f"Central differences of column 1 of G with step h = {step} ({why}; G is linear in "
            "W, so central differences of it have no truncation error at any step and only "
            f"rounding separates them) {'give' if check.passed else 'do not give'} the same "
            f"block S ({check.summary()}): fₖ is a "
            "quadratic form in wₖ alone, so its Hessian is S = abᵀ + baᵀ for every W and every "
            "k, and zero between different columns.")


def upstream_view(problem: Problem, kind: Upstream, k: int = 0, seed: int = 0) -> GradientView:
    """:func:`gradient_view` for the page's choice of g (``seed`` is the problem's seed)."""
    return gradient_view(problem, upstream_gradient(kind, problem.n, k, seed))
