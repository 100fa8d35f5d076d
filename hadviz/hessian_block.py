r"""The Hessian of a model, one column's block at a time, and an independent check of it.

Column k of F depends on column k of W only, so the Hessian has one m × m block per column
(and per row r of a model with rows) and is 0 between different columns:

.. math::

    \frac{\partial^2 F_{(r,)k}}{\partial W_{i,j}\,\partial W_{l,q}}
        = \delta_{jk}\,\delta_{qk}\,(\mathcal H_{(r,)k})_{i,l},
    \qquad \mathcal H_{(r,)k} = \frac{\partial C_{:,(r,)k}}{\partial w_k}.

For a quadratic model the block does not depend on W or k: S = abᵀ + baᵀ for the question,
S_r = A_{:,r}B_{:,r}ᵀ + B_{:,r}A_{:,r}ᵀ for the matrix model. It is checked by central
differences of the compact Jacobian's first column, which is linear in W (no truncation error;
a rounding-error bound). For any other model the block depends on W; it is checked against the
complex step of the compact Jacobian's column k (no difference, so no truncation and no
cancellation). Every block comes from the model's :meth:`~hadviz.models.Model.hessian` on the
one column (an m × 1 problem), never from the dense Hessian of all of W.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import (
    COMPLEX_STEP,
    SAFETY,
    UNIT_ROUNDOFF,
    Comparison,
    compare,
    gamma,
    power_of_two,
)
from hadviz.latex import bmatrix, lines, subscript, text_exact, text_sci
from hadviz.problem import Problem

__all__ = ["COMPLEX_RELATIVE", "HessianBlock", "hessian_block"]

#: The tolerance of the complex-step check of a W-dependent block, relative to its largest
#: entry: the complex step has no truncation error, so only rounding (about 10⁻¹⁶ relative)
#: separates the two; this leaves room for cancellation between the block's terms.
COMPLEX_RELATIVE = 1e-10
#: Blocks S_r written out for a model with rows; the others are named.
SHOWN_ROWS = 3


@dataclass(frozen=True)
class HessianBlock:
    """The Hessian block of one column, its LaTeX and its check.

    Attributes
    ----------
    S : (m, m) or (p, m, m) ndarray
        The block(s) ∂C_{:,(r,)k}/∂w_k: S[(r,) i, l] = ∂²F_(r,)k/∂W_ik ∂W_lk.
    column : int
        The 0-based column k it belongs to (0 for a quadratic model, whose blocks are equal).
    check : Comparison or None
        S against central differences (quadratic) or the complex step (otherwise); None when
        the complex step is not finite at this W, so no check was made.
    step : float
        The central-difference step, or the complex step.
    latex : str
        The formula and the block's numbers.
    note : str
        How it was checked and what it shows, for running text after ✓ or ✗.
    """

    S: NDArray
    column: int
    check: Comparison | None
    step: float
    latex: str
    note: str


def _column(problem: Problem, k: int) -> Problem:
    """The m × 1 problem of column k: its F is column k of F, its Hessian the block."""
    return problem.replace(W=problem.W[:, k:k + 1])


def _block(problem: Problem) -> NDArray:
    """The block(s) of an m × 1 problem, shape (m, m) or (p, m, m)."""
    H = problem.model.hessian(problem.W, *problem.arrays)
    return H[:, 0, :, 0, :, 0] if problem.model.rows else H[0, :, 0, :, 0]


def _last(C: NDArray) -> NDArray:
    """Column 0 of an m × 1 compact Jacobian with i last: shape (m,), or (p, m) with rows."""
    return C[..., 0].T


def _central(problem: Problem, S: NDArray) -> tuple[Comparison, float]:
    """Central differences of column 1 of the (linear) compact Jacobian against S.

    The step is the power of two nearest max |w_1| (1 when w_1 = 0), so the rounding error
    ≈ u·C̃/h stays at the level of u·|S|; the tolerance bounds the rounding of C(W ± hE) (its
    scale C̃ at |W| + hE), of W_l1 ± h itself, and of S (its scale the block of |P|, |Q|).
    """
    one = _column(problem, 0)
    model, w = one.model, one.W
    m = one.m
    h = float(power_of_two(np.max(np.abs(w))))
    fd, spread = np.empty(S.shape), np.empty(S.shape)
    for row_l in range(m):
        step = np.zeros(w.shape)
        step[row_l, 0] = h
        plus, minus = (model.compact(w + s, *one.arrays) for s in (step, -step))
        fd[..., row_l] = _last(plus - minus) / (2.0 * h)
        scale = model.rounding_scales(np.abs(w) + step, *one.arrays)[1]
        spread[..., row_l] = _last(scale) / h
    S_abs = np.abs(_block(one.replace(**{q: np.abs(x) for q, x in one.params.items()})))
    moved = (np.abs(w[:, 0]) + h) / h  # on the last axis: W_l1 ± h is rounded too
    bound = gamma(m + 2) * spread + UNIT_ROUNDOFF * S_abs * (1.0 + moved) + gamma(2) * S_abs
    return compare(fd, S, SAFETY * bound), h


def _complex(problem: Problem, k: int, S: NDArray) -> Comparison | None:
    """The complex step of column k of the compact Jacobian, entry by entry of w_k, against S;
    None where it is not finite (an outer function overflows in complex arithmetic)."""
    one = _column(problem, k)
    cs = np.empty(S.shape)
    for row_l in range(one.m):
        E = np.zeros(one.W.shape, dtype=complex)
        E[row_l, 0] = 1j * COMPLEX_STEP
        with np.errstate(all="ignore"):
            cs[..., row_l] = _last(one.model.compact(one.W + E, *one.arrays).imag) / COMPLEX_STEP
    if not np.all(np.isfinite(cs)):
        return None
    return compare(cs, S, COMPLEX_RELATIVE * float(np.max(np.abs(S), initial=0.0)))


def _outer_sums(problem: Problem, S: NDArray) -> bool:
    """Whether the block is PQᵀ + QPᵀ of the two parameter arrays (per column r), exactly."""
    P, Q = (x.reshape(problem.m, -1) for x in problem.arrays)
    sums = np.stack([np.outer(P[:, r], Q[:, r]) + np.outer(Q[:, r], P[:, r])
                     for r in range(P.shape[1])])
    return bool(np.array_equal(sums.reshape(S.shape), S))


def _quadratic_latex(problem: Problem, S: NDArray) -> str:
    model = problem.model
    F, (P_, Q_) = model.output_letter, model.param_names
    named = _outer_sums(problem, S)
    if not model.rows:
        block = rf"{P_}{Q_}^T + {Q_}{P_}^T" if named else r"\mathcal H"
        return lines(
            rf"\frac{{\partial^2 {F}_k}}{{\partial W_{{i,j}}\,\partial W_{{l,q}}}} = "
            rf"\delta_{{jk}}\,\delta_{{qk}}\,({block})_{{i,l}}", rf"{block} = {bmatrix(S)}")
    head = (rf"\frac{{\partial^2 {F}_{{r,k}}}}{{\partial W_{{i,j}}\,\partial W_{{l,q}}}} = "
            rf"\delta_{{jk}}\,\delta_{{qk}}\,(S_r)_{{i,l}}")
    if named:
        head += (rf", \quad S_r = {P_}_{{:,r}}{Q_}_{{:,r}}^T + {Q_}_{{:,r}}{P_}_{{:,r}}^T")
    shown = [rf"S_{{{r + 1}}} = {bmatrix(S[r])}" for r in range(min(len(S), SHOWN_ROWS))]
    if len(S) > SHOWN_ROWS:
        shown.append(rf"\text{{(and }}S_{{{SHOWN_ROWS + 1}}}, \ldots, S_{{{len(S)}}}\text{{)}}")
    return lines(head, *shown)


def _general_latex(problem: Problem, S: NDArray, k: int) -> str:
    model = problem.model
    F, C = model.output_letter, model.compact_symbol
    col = f"{C}_{{:,k}}"
    # 3 digits: an 8 × 8 block of W-dependent decimals fits a projector's column
    rk, blocks = ("r,k", [rf"\mathcal H_{{{r + 1},{k + 1}}} = {bmatrix(S[r], digits=3)}"
                          for r in range(min(len(S), SHOWN_ROWS))]) if model.rows else (
        "k", [rf"\mathcal H_{{{k + 1}}} = {bmatrix(S, digits=3)}"])
    return lines(rf"\frac{{\partial^2 {F}_{{{rk}}}}}{{\partial W_{{i,j}}\,\partial W_{{l,q}}}} = "
                 rf"\delta_{{jk}}\,\delta_{{qk}}\,(\mathcal H_{{{rk}}})_{{i,l}}, \quad "
                 rf"\mathcal H_k = \frac{{\partial {col}}}{{\partial w_k}}", *blocks)


def hessian_block(problem: Problem, k: int = 0) -> HessianBlock:
    """The Hessian block of column ``k`` (0-based; any column for a quadratic model), checked.

    Examples
    --------
    >>> from hadviz.problem import Problem
    >>> hessian_block(Problem([[1.0, 2.0], [3.0, 4.0]], [1.0, 0.0], [0.0, 1.0])).S.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> q = Problem([[1.0, 2.0], [3.0, 4.0]], [1.0, 0.0], [0.0, 1.0], fn="tanh")
    >>> block = hessian_block(q, 1)
    >>> block.column, block.check.passed
    (1, True)
    """
    if not 0 <= k < problem.n:
        raise ValueError(f"k must be in 0..{problem.n - 1}; got {k}")
    model = problem.model
    if model.quadratic:
        S = _block(_column(problem, 0))
        check, h = _central(problem, S)
        return HessianBlock(S, 0, check, h, _quadratic_latex(problem, S),
                            _quadratic_note(problem, h, check, _outer_sums(problem, S)))
    S = _block(_column(problem, k))
    complex_check = _complex(problem, k, S)
    return HessianBlock(S, k, complex_check, COMPLEX_STEP, _general_latex(problem, S, k),
                        _general_note(problem, k, complex_check))


def _quadratic_note(problem: Problem, h: float, check: Comparison, named: bool) -> str:
    model = problem.model
    C, F = model.compact_symbol, model.output_letter
    step = text_exact(h, power_of_two=True)
    largest = float(np.max(np.abs(problem.W[:, 0])))
    why = (f"2 to the power round(log₂ max |w₁|), max |w₁| = {text_sci(largest, 3)}"
           if largest > 0 else
           "column 1 of W is 0, so there is no size to match")
    P_, Q_ = model.param_names
    if model.rows:
        what = "blocks Sᵣ"
        form = (f"each {F}ᵣₖ is a quadratic form in wₖ alone, so its Hessian is Sᵣ"
                + (f" = {P_}[:, r] {Q_}[:, r]ᵀ + {Q_}[:, r] {P_}[:, r]ᵀ" if named else "")
                + " for every W and every k")
    else:
        what = "block S"
        form = (f"{F}ₖ is a quadratic form in wₖ alone, so its Hessian is S"
                + (f" = {P_}{Q_}ᵀ + {Q_}{P_}ᵀ" if named else "") + " for every W and every k")
    return (f"Central differences of column 1 of {C} with step h = {step} ({why}; {C} is linear "
            "in W, so central differences of it have no truncation error at any step and only "
            f"rounding separates them) {'give' if check.passed else 'do not give'} the same "
            f"{what} ({check.summary()}): {form}, and zero between different columns.")


def _general_note(problem: Problem, k: int, check: Comparison | None) -> str:
    model = problem.model
    C, F = model.compact_symbol, model.output_letter
    tail = (f"{model.symbol} is not quadratic: its Hessian block depends on W through wₖ "
            f"(shown for k = {k + 1}), and it is zero between different columns: each {F}ₖ "
            "depends on wₖ alone.")
    if check is None:
        return (f"Not checked here: the complex step of column {k + 1} of {C} overflows in "
                "complex arithmetic at this W (a value too large for the outer function), so "
                "there is no independent value to compare with. " + tail)
    agree = ("gives the same block" if check.passed else "does not give the same block")
    exact = check.error == 0
    diff = ("identical" if exact else
            f"largest difference {text_sci(check.error)}, "
            f"{'within' if check.passed else 'above'} the tolerance {text_sci(check.tolerance)}"
            f" = 10⁻¹⁰ × its largest entry")
    w = "w" + subscript(k + 1)
    return (f"The complex step of column {k + 1} of {C}, one entry of {w} at a time "
            "(step 10⁻²⁰: no difference is taken, so there is no truncation or cancellation "
            f"error), {agree} ({diff}). " + tail)
