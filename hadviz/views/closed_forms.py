r"""Beyond one entry (page /derivation): the whole derivative in closed forms, for any model.

After the entry-by-entry derivation, the results a student needs, each with the user's
numbers and checked against the Jacobian computed by complex steps of F (no derivative
formula) within a rounding-error bound. Every model of the family differentiates to the same
two-term shape, with P, Q its two parameter arrays as m × p matrices and α, β of the output's
shape (:meth:`~hadviz.models.base.Model.kronecker_weights`):

.. math::

    C_k = P\,\mathrm{Diag}(\alpha_{:,k}) + Q\,\mathrm{Diag}(\beta_{:,k}), \qquad
    J_{\mathrm{vec}} = \mathrm{Diag}(\mathrm{vec}\,\alpha)(I_n \otimes P^T)
        + \mathrm{Diag}(\mathrm{vec}\,\beta)(I_n \otimes Q^T),

and by differentials ⟨g, dF⟩ = ⟨P(g ∘ α) + Q(g ∘ β), dW⟩, so ∇_W⟨g, F⟩ = P(g ∘ α) + Q(g ∘ β).
For the question α = v, β = u; tanh multiplies both by s = sech² f; the gate has α = σ′(u) ∘ v
and β = σ(u); the matrix model α = BᵀW, β = AᵀW.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import Comparison, compare, complex_step_jacobian, magnitudes, pair_tolerance
from hadviz.kronecker import kronecker
from hadviz.latex import bmatrix, chain, column, lines
from hadviz.problem import Problem
from hadviz.upstream import upstream_gradient

__all__ = ["ClosedForm", "ClosedForms", "closed_forms"]


@dataclass(frozen=True)
class ClosedForm:
    """One closed form: its title, the argument in Markdown, symbols, numbers and check."""

    title: str
    text: str
    formula: str
    numbers: str
    check: Comparison


@dataclass(frozen=True)
class ClosedForms:
    """The slice, the column block, the vec-Jacobian and the VJP, for component (r,) k.

    ``missing`` says in one line why a form is not shown (the model states no Kronecker
    form); "" when all are.
    """

    forms: tuple[ClosedForm, ...]
    missing: str = ""


def _names(problem: Problem) -> tuple[str, str]:
    """The LaTeX names of the two parameter arrays (a, b or A, B)."""
    first, second = problem.model.param_names
    return first, second


def _slice(p: Problem, J: NDArray, tol: NDArray, k: int, r: int) -> ClosedForm:
    model, name = p.model, p.model.compact_symbol
    C = model.compact(p.W, *p.arrays)
    plane = C[:, r, :] if model.rows else C  # (m, n): ∂F_(r,)k/∂W_ik for every k
    eps = np.eye(p.n)[k]
    S = plane * eps[np.newaxis, :]
    index, label = (f"{r + 1},{k + 1}", "[r, k]") if model.rows else (f"{k + 1}", "[k]")
    which = (f"its row r = {r + 1} of each block, side by side" if model.rows else
             f"{name} itself")
    return ClosedForm(
        f"The whole slice J[{index}] at once",
        f"The last steps hold for every (i, j) together: the m × n matrix of the numbers "
        f"∂F/∂W_ij is the compact form ({which}) times Diag(ε_k): every column but column k "
        "set to 0.",
        rf"J{label} = {name}{'_{:,r,:}' if model.rows else ''}\,\mathrm{{Diag}}(\varepsilon_k)",
        chain(f"J[{index}]", rf"{bmatrix(plane)} {bmatrix(np.diag(eps))}", bmatrix(S)),
        compare(S, J[r, k] if model.rows else J[k], tol[r, k] if model.rows else tol[k]),
    )


def _weights(p: Problem) -> tuple[NDArray, NDArray]:
    """α and β of the Diag trick as (p, n) arrays (the caller checked the model states them)."""
    weights = p.model.kronecker_weights(p.W, *p.arrays)
    assert weights is not None
    alpha, beta = weights
    return alpha.reshape(-1, p.n), beta.reshape(-1, p.n)


def _block(p: Problem, J: NDArray, tol: NDArray, k: int) -> ClosedForm:
    P_, Q_ = _names(p)
    P, Q = (x.reshape(p.m, -1) for x in p.arrays)
    alpha, beta = _weights(p)
    block = P * alpha[:, k] + Q * beta[:, k]  # P·Diag(α_{:,k}) + Q·Diag(β_{:,k}), m × p
    column_k = J[..., k, :, k].reshape(-1, p.m).T  # (m, p): ∂F_{r,k}/∂W_ik
    return ClosedForm(
        f"Column k = {k + 1}: the block C_k",
        "All that column k of W does to column k of F, in one m × p matrix (p = 1: a "
        "column): row i holds ∂F_{r,k}/∂W_ik for every r. It is the two parameter arrays, "
        "each with its columns scaled by the weights of the Diag trick.",
        rf"C_k = {P_}\,\mathrm{{Diag}}(\alpha_{{:,k}}) + {Q_}\,\mathrm{{Diag}}(\beta_{{:,k}})",
        lines(rf"\alpha_{{:,{k + 1}}} = {column(alpha[:, k])},\quad "
              rf"\beta_{{:,{k + 1}}} = {column(beta[:, k])}",
              rf"C_{{{k + 1}}} = {bmatrix(block)}"),
        compare(block, column_k, tol[..., k, :, k].reshape(-1, p.m).T),
    )


def _vec(p: Problem, J: NDArray, tol: NDArray) -> ClosedForm | None:
    form = kronecker(p)
    if form is None:
        return None

    def vec_layout(X: NDArray) -> NDArray:
        # row r + k·p of the vec-Jacobian is F_{r,k}, column i + j·m is W_ij
        return X.reshape(-1, p.n, p.m, p.n).transpose(1, 0, 3, 2).reshape(p.p * p.n, -1)

    P_ = p.model.param_names[0]
    return ClosedForm(
        "The vec-Jacobian in closed form",
        "Stack the columns of W into vec(W) (column-major), and those of F likewise. Then "
        f"$\\mathrm{{vec}}({P_}^TW) = (I_n \\otimes {P_}^T)\\,\\mathrm{{vec}}(W)$, and the "
        "product rule with the Diag trick gives the matrix below: block diagonal, its k-th "
        "diagonal block is the transpose of the block $C_k$ above, and 0 elsewhere.",
        chain(r"\frac{\partial\,\mathrm{vec} F}{\partial\,\mathrm{vec}(W)}", form.latex),
        lines(rf"\alpha = {bmatrix(form.alpha.reshape(-1, p.n))},\quad "
              rf"\beta = {bmatrix(form.beta.reshape(-1, p.n))}",
              rf"J_{{\mathrm{{vec}}}} = {bmatrix(form.K)}"),
        compare(form.K, vec_layout(J), vec_layout(tol)),
    )


def _vjp(p: Problem, J: NDArray, g: NDArray) -> ClosedForm:
    model, (P_, Q_) = p.model, _names(p)
    P, Q = (x.reshape(p.m, -1) for x in p.arrays)
    alpha, beta = _weights(p)
    G2 = g.reshape(-1, p.n)
    grad = P @ (G2 * alpha) + Q @ (G2 * beta)
    reference = np.tensordot(g, J, axes=g.ndim)  # Σ over the output's indices
    scale = (magnitudes(p).G * np.abs(g)).reshape(p.m, -1, p.n).sum(axis=1)
    symbol = r"\Gamma" if model.rows else "g"
    return ClosedForm(
        "The gradient backpropagation needs, by differentials",
        "Take the differential and move everything next to dW: with the weights α, β of the "
        f"Diag trick, $\\langle {symbol}, dF\\rangle = \\langle {symbol}\\circ\\alpha, "
        f"{P_}^TdW\\rangle + \\langle {symbol}\\circ\\beta, {Q_}^TdW\\rangle = \\langle "
        f"{P_}({symbol}\\circ\\alpha) + {Q_}({symbol}\\circ\\beta),\\ dW\\rangle_F$. The "
        "matrix next to dW is the gradient. Here the upstream gradient is the seeded random "
        "one of the columns page.",
        chain(r"\nabla_W\langle " + symbol + r", F\rangle",
              rf"{P_}\,({symbol}\circ\alpha) + {Q_}\,({symbol}\circ\beta)",
              model.vjp_latex.split("=", 1)[-1].strip()),
        lines(rf"{symbol} = {bmatrix(G2) if model.rows else column(g)}",
              rf"\nabla_W\langle {symbol}, F\rangle = {bmatrix(grad)}"),
        compare(grad, reference, pair_tolerance(p.m + 6, scale)),
    )


def closed_forms(problem: Problem, k: int, seed: int = 0, r: int = 0) -> ClosedForms:
    """The closed forms for component (r,) k (0-based), checked against complex steps.

    Each is compared with the Jacobian computed by complex steps of F
    (:func:`~hadviz.checks.complex_step_jacobian`), not with the compact form.
    """
    rows = problem.model.rows
    if not (0 <= k < problem.n and 0 <= (r if rows else 0) < problem.p):
        raise ValueError(f"k must be in 0..{problem.n - 1} and r in 0..{problem.p - 1}; "
                         f"got {(k, r)}")
    J = complex_step_jacobian(problem)
    C_mag = magnitudes(problem).G  # (m, n) or (m, p, n)
    # expand to the dense Jacobian's shape: J[(r,) k, i, j] is δ_jk C[i, (r,) k]
    tol = pair_tolerance(problem.m + 4, np.moveaxis(C_mag, 0, -1)[..., np.newaxis]
                         * np.eye(problem.n)[:, np.newaxis, :])
    g = upstream_gradient("random", problem.n, seed=seed, p=problem.p if rows else None)
    forms = [_slice(problem, J, tol, k, r if rows else 0)]
    vec = _vec(problem, J, tol)
    if vec is None:  # no Diag-trick weights: the block, vec and VJP forms all need them
        return ClosedForms(tuple(forms), problem.model.kronecker_missing)
    return ClosedForms((*forms, _block(problem, J, tol, k), vec, _vjp(problem, J, g)))
