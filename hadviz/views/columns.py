r"""The column-by-column answer and DF as a linear map (page /columns), for any model, checked.

Column k of W feeds only column k of F. :func:`column_view` writes F's parts column by column
and the block of the chosen column (column k of G for a model with F ∈ ℝⁿ, the m × p block
C_k = P·Diag(α_{:,k}) + Q·Diag(β_{:,k}) for the matrix model), checked against the complex
step of F alone; :func:`expansion_view` the linear map DF(W)[H] and what is left after it
(:mod:`hadviz.linear_map`: exact for a quadratic model, a Taylor remainder of order ‖H‖²
otherwise, measured); :func:`gradient_view` the VJP ∇_W⟨g, F⟩ for g of the output's shape,
checked against the complex-step Jacobian contracted with g, and one column's Hessian block
(:mod:`hadviz.hessian_block`). Every check has a stated tolerance (:mod:`hadviz.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.checks import (
    Comparison,
    compare,
    complex_step_entry,
    complex_step_jacobian,
    magnitudes,
    pair_tolerance,
    unit_direction,
)
from hadviz.desk import room, width
from hadviz.finite_diff import norm2
from hadviz.gradcheck import TaylorTest
from hadviz.hessian_block import hessian_block
from hadviz.latex import bmatrix, chain, column, fitted, lines, number, row, subscript
from hadviz.linear_map import expansion_latex, remainder_note, remainder_sweep, slope_note, verdict
from hadviz.problem import Problem
from hadviz.upstream import UPSTREAM, Upstream, upstream_gradient

__all__ = ["UPSTREAM", "ColumnView", "ExpansionView", "GradientView", "Upstream", "column_view",
           "expansion_view", "gradient_view", "upstream_gradient", "upstream_view"]

def _shown(x: NDArray) -> str:
    """A vector as a row with ᵀ (it is a column), a matrix as itself."""
    return bmatrix(x) if np.ndim(x) == 2 else row(x) + "^T"


@dataclass(frozen=True)
class ColumnView:
    """The column-by-column derivation for one column j.

    Attributes
    ----------
    f_columns : str
        LaTeX of F's parts (u, v, …, F) with numbers, column k of each from column k of W.
    column_formula : str
        LaTeX of the block of column j: the Diag-trick form with numbers, and its value.
    block : (m,) or (m, p) ndarray
        The model's compact Jacobian at column j: ∂F_(r,)j/∂W_ij.
    check : Comparison
        ``block`` against the complex step of F along each entry of w_j.
    others_zero : bool
        The complex step moves no other column of F (exactly 0 there).
    note : str
        What the check and the zeros show, for running text after ✓ or ✗.
    """

    f_columns: str
    column_formula: str
    block: NDArray
    check: Comparison
    others_zero: bool
    note: str


def _block_formula(problem: Problem, j: int, block: NDArray) -> str:
    """The block of column j as P·Diag(α_j) + Q·Diag(β_j) with numbers (the Diag trick)."""
    model, J = problem.model, j + 1
    F = model.output_letter
    weights = model.kronecker_weights(problem.W, *problem.arrays)
    P, Q = problem.arrays
    if model.rows:
        lhs = rf"C_{{{J}}} = \Big(\frac{{\partial {F}_{{:,{J}}}}}{{\partial w_{{{J}}}}}\Big)^T"
        if weights is None:
            return chain(lhs, _fit(lhs, "@", block))
        alpha, beta = weights
        return _diag_sum(lhs, P, np.diag(alpha[:, j]), Q, np.diag(beta[:, j]), block, "mp pp")
    lhs = rf"\frac{{\partial {F}_{{{J}}}}}{{\partial w_{{{J}}}}}"
    if weights is None:
        return chain(lhs, column(block))
    alpha, beta = weights
    return chain(lhs, rf"({number(alpha[j])})\,{column(P)} + ({number(beta[j])})\,{column(Q)}",
                 column(block))


def column_view(problem: Problem, j: int) -> ColumnView:
    """The column view: F's parts column by column, and the block of column ``j`` (0-based)."""
    model, m, n = problem.model, problem.m, problem.n
    if not 0 <= j < n:
        raise ValueError(f"j must be in 0..{n - 1}; got {j}")
    parts = model.parts(problem.W, *problem.arrays)
    f_columns = lines(*(rf"{q.latex} = {_shown(q.value)}" for q in parts))
    block = model.compact(problem.W, *problem.arrays)[..., j]
    # ∂F/∂W_ij from F alone, one entry of w_j at a time: column j is the block, the rest 0
    moved = np.stack([complex_step_entry(problem, i, j) for i in range(m)])  # (m, …, n)
    check = compare(block, moved[..., j], pair_tolerance(m + 4, magnitudes(problem).G[..., j]))
    others_zero = not np.delete(moved, j, axis=-1).any()
    return ColumnView(f_columns, _block_formula(problem, j, block), block, check, others_zero,
                      _column_note(problem, j, check, others_zero))


def _column_note(problem: Problem, j: int, check: Comparison, others_zero: bool) -> str:
    model, J = problem.model, j + 1
    F, C = model.output_letter, model.compact_symbol
    what = f"the block C{subscript(J)}" if model.rows else f"column {J} of {C}"
    lead = ("✓ It equals" if check.passed else "✗ It differs from") + (
        f" ∂{F}/∂Wᵢ{subscript(J)} for every row i, computed by the complex step of {F} alone, "
        f"without any derivative formula ({check.summary()}). ")
    if problem.n == 1:
        rest = "W has one column, so there is no other column of F for it to move. "
    elif others_zero:
        rest = (f"The same complex steps leave every other column of {F} exactly unchanged: "
                f"column {J} of W feeds only column {J} of {F}. ")
    else:
        rest = f"✗ The same complex steps moved another column of {F}. "
    if model.rows:
        layout = (f"With vec stacking columns (column-major), the pn × mn vec-Jacobian is block "
                  f"diagonal and its diagonal blocks are the p × m transposes of {what} and of "
                  "the other columns' blocks.")
    else:
        layout = ("Identifying W with its column-major vec(W), the transposes of these m × 1 "
                  "columns (1 × m rows) are the diagonal blocks of the n × mn block-diagonal "
                  "vec-Jacobian on the Jacobian page.")
    return lead + f"That is {what}. " + rest + layout


@dataclass(frozen=True)
class ExpansionView:
    """DF(W) as a linear map, and what is left after it, for one random direction H.

    Attributes
    ----------
    H : (m, n) ndarray
        The direction, scaled.
    f0, df, second, f_shifted : ndarray, the output's shape
        F(W), DF(W)[H], the second-order term ½F″[H, H] and F(W+H).
    rest : ndarray, the output's shape
        F(W+H) − F(W) − DF(W)[H], the measured remainder.
    quadratic : bool
        The expansion is exact (the model is quadratic); else a Taylor expansion.
    check : Comparison or None
        F(W+H) against F(W) + DF(W)[H] + ½F″[H, H] within rounding (quadratic models only).
    verdict : str
        The check's sentence after ✓ or ✗ (the exact expansion, or the measured order).
    passed : bool
    remainder : float
        ‖rest‖₂, the absolute error of the linear approximation.
    curvature : float
        ‖½F″[Ĥ, Ĥ]‖₂ for the unit direction Ĥ = H/‖H‖ ((Ĥᵀa)∘(Ĥᵀb) for the question).
    taylor : TaylorTest
        The measured remainder over a range of sizes ‖H‖ along Ĥ, and its slope.
    expansion : str
        LaTeX of the vectors (or matrices) with numbers.
    remainder_note, slope_note : str
        What the remainder is here, and what its measured slope says.
    second_latex : str
        ½F″[H, H] with numbers: the leading part of R for a model that is not quadratic.
    letter : str
        The output's letter (f or F).
    fitted : (int, int)
        The slice of ``taylor.t`` the slope is fitted over.
    """

    H: NDArray
    f0: NDArray
    df: NDArray
    second: NDArray
    f_shifted: NDArray
    rest: NDArray
    quadratic: bool
    check: Comparison | None
    verdict: str
    passed: bool
    remainder: float
    curvature: float
    taylor: TaylorTest
    expansion: str
    remainder_note: str
    slope_note: str
    second_latex: str = ""
    letter: str = "f"
    fitted: tuple[int, int] = (0, 0)

    def remainder_figure(self) -> go.Figure:
        """The measured remainder against ‖H‖ (log–log)."""
        F = self.letter
        return figures.taylor_figure(
            self.taylor.t, self.taylor.remainder, None, "", (self.taylor.slope, None),
            axes=("‖H‖ (same direction Ĥ)", f"‖{F}(W+H) − {F}(W) − D{F}(W)[H]‖₂"),
            title="Remainder of the linear approximation against ‖H‖",
        )


def expansion_view(problem: Problem, scale: float, seed: int = 0) -> ExpansionView:
    """DF(W)[H] and the expansion of F(W+H) for a seeded random H of norm ``scale``.

    The remainder of the linear approximation is measured along the same direction Ĥ for
    sizes from 10⁻³ to 1 times the top of a range (:func:`hadviz.linear_map.remainder_sweep`):
    ``scale`` (‖W‖ when ``scale`` is 0), shortened for a model that is not quadratic.
    """
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a finite non-negative number; got {scale}")
    model, W, P = problem.model, problem.W, problem.arrays
    F = model.output_letter
    unit = unit_direction(W.shape, seed)
    H = scale * unit
    f0, df = model.f(W, *P), model.jvp(W, *P, H)
    second, shifted = model.second_order_term(W, *P, H), model.f(W + H, *P)
    rest = shifted - f0 - df
    check = None
    if model.quadratic:
        # every term is bounded by F's rounding scale at |W| + |H|
        size = magnitudes(problem.replace(W=np.abs(W) + np.abs(H))).f
        check = compare(shifted, f0 + df + second, pair_tolerance(problem.m + 6, size))
        last = (model.curvature_latex, second)
    else:
        last = ("R", rest)
    expansion = expansion_latex(problem, ((f"{F}(W+H)", shifted), (f"{F}(W)", f0),
                                           (f"D{F}(W)[H]", df), last))
    reach = scale if scale > 0 else max(float(np.linalg.norm(W)), 1.0)
    sweep = remainder_sweep(problem, unit, reach)
    sentence, passed = verdict(check, sweep)
    remainder = norm2(rest)
    return ExpansionView(H, f0, df, second, shifted, rest, model.quadratic, check, sentence, passed,
                         remainder, sweep.curvature, sweep.taylor, expansion,
                         remainder_note(problem, scale, remainder, norm2(second), sweep),
                         slope_note(problem, unit, sweep),
                         rf"\tfrac12 {F}''[H,H] = {_shown(second)}", F, sweep.fitted)


@dataclass(frozen=True)
class GradientView:
    """∇_W⟨g, F⟩ for an upstream gradient g, and one column's Hessian block.

    Attributes
    ----------
    g : ndarray, the output's shape
    gradient : (m, n) ndarray
    gradient_latex : str
    gradient_check : Comparison
        The VJP against the complex-step Jacobian contracted with g, entry by entry.
    gradient_note : str
        What the check shows, for running text after ✓ or ✗.
    S : (m, m) or (p, m, m) ndarray
        The Hessian block of column ``hessian_column`` (:mod:`hadviz.hessian_block`).
    hessian_latex, hessian_note : str
    hessian_check : Comparison or None
        None when no independent value could be computed (see ``hessian_note``).
    hessian_step : float
        The central-difference step (quadratic models) or the complex step.
    hessian_column : int
        0-based; 0 for a quadratic model (every column has the same block).
    constant : bool
        The Hessian does not depend on W (a quadratic model).
    """

    g: NDArray
    gradient: NDArray
    gradient_latex: str
    gradient_check: Comparison
    gradient_note: str
    S: NDArray
    hessian_latex: str
    hessian_check: Comparison | None
    hessian_step: float
    hessian_note: str
    hessian_column: int
    constant: bool


def _gradient_latex(problem: Problem, g: NDArray, grad: NDArray) -> str:
    model = problem.model
    F = model.output_letter
    if model.rows:
        lhs = rf"\nabla_W\langle \Gamma, {F}\rangle"
        weights = model.kronecker_weights(problem.W, *problem.arrays)
        if weights is None:
            return chain(lhs, _fit(lhs, "@", grad))
        (A, B), (alpha, beta) = problem.arrays, weights
        return _diag_sum(lhs, A, g * alpha, B, g * beta, grad, "mp pn")
    C = model.compact(problem.W, *problem.arrays)
    lhs = rf"\nabla_W(g^T{F})"
    return chain(lhs, rf"{model.compact_symbol}\,\operatorname{{Diag}}(g)",
                 _fit(lhs, "@@", C, np.diag(g), axes="mn nn"), _fit(lhs, "@", grad))


def _fit(lhs: str, template: str, *matrices: NDArray, axes: str = "") -> str:
    """One right-hand side of a chain after ``lhs =``, its matrices elided to a desk line."""
    return fitted(template, *matrices, budget=room(lhs), axes=axes)


def _diag_sum(lhs: str, P: NDArray, M: NDArray, Q: NDArray, N: NDArray, value: NDArray,
              axes: str) -> str:
    r"""``lhs = PM + QN = value`` in numbers: the sum on one desk line if it fits unelided,
    else a product to a line; a product's factors keep their middle index alike (``axes``)."""
    sums = [fitted(r"@\,@ + @\,@", P, M, Q, N, budget=np.inf, axes=f"{axes} {axes}")]
    if width(sums[0]) > room(lhs):
        sums = [_fit(lhs, r"@\,@", P, M, axes=axes), _fit(lhs, r"\quad+@\,@", Q, N, axes=axes)]
    return chain(lhs, *sums, _fit(lhs, "@", value))


def _gradient_note(problem: Problem, check: Comparison) -> str:
    model = problem.model
    F, C = model.output_letter, model.compact_symbol
    g = "Γ" if model.rows else "g"
    lead = ("✓ Each entry equals" if check.passed else "✗ Not every entry equals") + (
        f" ⟨{g}, ∂{F}/∂Wᵢⱼ⟩, the complex-step Jacobian of {F} contracted with {g} "
        f"({check.summary()}). The gradient has W's shape, m × n. ")
    if model.rows:
        return lead + (f"{g} has {F}'s shape, p × n. Column k of the gradient is Cₖ {g}[:, k], "
                       "the block of column k times column k of Γ: the VJP costs O(mpn), no "
                       "Jacobian is formed (Γ = 1 gives the gradient of the sum of F).")
    return lead + (f"Column k is column k of {C} scaled by gₖ ({C} itself is the case g = 1): "
                   "the VJP costs O(mn), no Jacobian is formed.")


def gradient_view(problem: Problem, g: NDArray, k: int = 0) -> GradientView:
    """The VJP for upstream gradient ``g`` (the output's shape) and column ``k``'s Hessian block.

    The gradient is checked entry by entry against the complex-step Jacobian of F contracted
    with g (no derivative formula), within a rounding-error bound.
    """
    model = problem.model
    g = np.asarray(g, dtype=float)
    grad = model.vjp(problem.W, *problem.arrays, g)
    reference = np.tensordot(g, complex_step_jacobian(problem), axes=g.ndim)
    scale = (magnitudes(problem).G * np.abs(g)).reshape(problem.m, -1, problem.n).sum(axis=1)
    check = compare(grad, reference, pair_tolerance(problem.m + problem.p + 5, scale))
    hess = hessian_block(problem, k)
    return GradientView(g, grad, _gradient_latex(problem, g, grad), check,
                        _gradient_note(problem, check), hess.S, hess.latex, hess.check,
                        hess.step, hess.note, hess.column, model.quadratic)


def upstream_view(problem: Problem, kind: Upstream, k: int = 0, seed: int = 0,
                  j: int = 0) -> GradientView:
    """:func:`gradient_view` for the page's choice of g (``seed`` is the problem's seed) and the
    Hessian block of column ``j``."""
    g = upstream_gradient(kind, problem.n, k, seed, p=problem.p if problem.model.rows else None)
    return gradient_view(problem, g, j)
