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
from hadviz.desk import DESK_EM, room, width
from hadviz.kronecker import KroneckerForm, kronecker
from hadviz.latex import bmatrix, chain, column, equation, fitted, lines, number, subscript
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


def _weight(name: str, index: str = "") -> str:
    """A Diag-trick weight in LaTeX, bracketed when it is a product (σ′(u) ∘ v), with an
    optional subscript."""
    simple = len(name) == 1 or (name.startswith("\\") and " " not in name)
    body = name if simple else f"({name})"
    return f"{body}_{{{index}}}" if index else body


def _slice(p: Problem, J: NDArray, tol: NDArray, k: int, r: int) -> ClosedForm:
    model, name = p.model, p.model.compact_symbol
    C = model.compact(p.W, *p.arrays)
    plane = C[:, r, :] if model.rows else C  # (m, n): ∂F_(r,)k/∂W_ik for every k
    eps = np.eye(p.n)[k]
    S = plane * eps[np.newaxis, :]
    index, label = (f"{r + 1},{k + 1}", "[r, k]") if model.rows else (f"{k + 1}", "[k]")
    line = room(f"J[{index}]")
    which = (f"column r = {r + 1} of each block Cₖ, side by side" if model.rows else
             f"{name} itself")
    F = model.output_letter
    entry = (f"∂{F}{subscript(r + 1)},{subscript(k + 1)}/∂Wᵢⱼ" if model.rows else
             f"∂{F}{subscript(k + 1)}/∂Wᵢⱼ")
    return ClosedForm(
        f"The whole slice J[{index}] at once",
        f"The last steps hold for every (i, j) together: the m × n matrix of the numbers "
        f"{entry} is the compact form ({which}) times Diag(εₖ): every column but column k "
        "set to 0.",
        rf"J{label} = {name}{'_{:,r,:}' if model.rows else ''}\,\mathrm{{Diag}}(\varepsilon_k)",
        chain(f"J[{index}]", fitted("@ @", plane, np.diag(eps), budget=line, axes="mn nn"),
              fitted("@", S, budget=line)),
        compare(S, J[r, k] if model.rows else J[k], tol[r, k] if model.rows else tol[k]),
    )


def _weights(p: Problem) -> tuple[NDArray, NDArray]:
    """α and β of the Diag trick as (p, n) arrays (the caller checked the model states them)."""
    weights = p.model.kronecker_weights(p.W, *p.arrays)
    assert weights is not None
    alpha, beta = weights
    return alpha.reshape(-1, p.n), beta.reshape(-1, p.n)


def _block(p: Problem, J: NDArray, tol: NDArray, k: int) -> ClosedForm:
    model, (P_, Q_) = p.model, _names(p)
    al, be = model.weight_latex
    P, Q = (x.reshape(p.m, -1) for x in p.arrays)
    alpha, beta = _weights(p)
    block = P * alpha[:, k] + Q * beta[:, k]  # P·Diag(α_{:,k}) + Q·Diag(β_{:,k}), m × p
    column_k = J[..., k, :, k].reshape(-1, p.m).T  # (m, p): ∂F_{r,k}/∂W_ik
    if model.rows:
        title, name = f"Column k = {k + 1}: the block Cₖ", f"C_{{{k + 1}}}"
        what = ("All that column k of W does to column k of F, in one m × p matrix: row i "
                "holds ∂Fᵣₖ/∂Wᵢₖ for every r. It is A and B, each with its columns scaled "
                "by the weights of the Diag trick.")
        formula = (rf"C_k = {P_}\,\mathrm{{Diag}}({_weight(al, ':,k')}) + "
                   rf"{Q_}\,\mathrm{{Diag}}({_weight(be, ':,k')})")
        weights = (rf"{_weight(al, f':,{k + 1}')} = {column(alpha[:, k])},\quad "
                   rf"{_weight(be, f':,{k + 1}')} = {column(beta[:, k])}")
    else:
        G = model.compact_symbol
        title, name = f"Column k = {k + 1}: column k of {G}", f"{G}_{{:,{k + 1}}}"
        what = (f"All that column k of W does to {model.output_letter}ₖ, in one column of "
                f"length m: entry i is ∂{model.output_letter}ₖ/∂Wᵢₖ. It is {P_} and {Q_}, "
                "scaled by the weights of the Diag trick at k.")
        formula = rf"{G}_{{:,k}} = {P_}\,{_weight(al, 'k')} + {Q_}\,{_weight(be, 'k')}"
        weights = (rf"{_weight(al, str(k + 1))} = {number(alpha[0, k])},\quad "
                   rf"{_weight(be, str(k + 1))} = {number(beta[0, k])}")
    return ClosedForm(
        title, what, formula,
        lines(weights, rf"{name} = {bmatrix(block)}"),
        compare(block, column_k, tol[..., k, :, k].reshape(-1, p.m).T),
    )


def _vec(p: Problem, J: NDArray, tol: NDArray) -> ClosedForm | None:
    form = kronecker(p)
    if form is None:
        return None

    def vec_layout(X: NDArray) -> NDArray:
        # row r + k·p of the vec-Jacobian is F_{r,k}, column i + j·m is W_ij
        return X.reshape(-1, p.n, p.m, p.n).transpose(1, 0, 3, 2).reshape(p.p * p.n, -1)

    model, P_ = p.model, p.model.param_names[0]
    F = model.output_letter
    if model.rows:
        stack = (f"Stack the columns of W into vec(W) (column-major), and those of {F} "
                 f"likewise. Then $\\mathrm{{vec}}({P_}^TW) = (I_n \\otimes {P_}^T)\\,"
                 "\\mathrm{vec}(W)$, and the product rule with the Diag trick gives the matrix "
                 "below: block diagonal, its k-th diagonal block is the transpose of the block "
                 "$C_k$ above, and 0 elsewhere.")
        lhs = rf"\frac{{\partial\,\mathrm{{vec}}\,{F}}}{{\partial\,\mathrm{{vec}}(W)}}"
    else:
        stack = (f"Stack the columns of W into vec(W) (column-major). Then $W^T{P_} = (I_n "
                 f"\\otimes {P_}^T)\\,\\mathrm{{vec}}(W)$, and the product rule with the Diag "
                 f"trick gives the n × mn matrix below: block diagonal, its row k is "
                 f"${model.compact_symbol}_{{:,k}}^T$ in block k, and 0 elsewhere.")
        lhs = rf"\frac{{\partial {F}}}{{\partial\,\mathrm{{vec}}(W)}}"
    return ClosedForm(
        "The vec-Jacobian in closed form", stack, chain(lhs, form.latex),
        lines(*_weights_latex(p, form), equation(r"J_{\mathrm{vec}}", form.K)),
        compare(form.K, vec_layout(J), vec_layout(tol)),
    )


def _weights_latex(p: Problem, form: KroneckerForm) -> list[str]:
    """The weights of the vec-Jacobian: two columns on a line, or two p × n matrices on one
    desk line when they fit, else one to a line."""
    al, be = p.model.weight_latex
    if not p.model.rows:
        return [rf"{al} = {column(form.alpha.reshape(-1))},\quad "
                rf"{be} = {column(form.beta.reshape(-1))}"]
    alpha, beta = form.alpha.reshape(-1, p.n), form.beta.reshape(-1, p.n)
    pair = rf"{al} = {bmatrix(alpha)},\quad {be} = {bmatrix(beta)}"
    return [pair] if width(pair) <= DESK_EM else [equation(al, alpha), equation(be, beta)]


def _vjp(p: Problem, J: NDArray, g: NDArray) -> ClosedForm:
    model, (P_, Q_) = p.model, _names(p)
    P, Q = (x.reshape(p.m, -1) for x in p.arrays)
    alpha, beta = _weights(p)
    G2 = g.reshape(-1, p.n)
    grad = P @ (G2 * alpha) + Q @ (G2 * beta)
    reference = np.tensordot(g, J, axes=g.ndim)  # Σ over the output's indices
    scale = (magnitudes(p).G * np.abs(g)).reshape(p.m, -1, p.n).sum(axis=1)
    symbol = r"\Gamma" if model.rows else "g"
    F, T = model.output_letter, ("" if model.rows else "^T")  # a vector times a row: aᵀ-free
    al, be = (_weight(w) for w in model.weight_latex)
    lhs = (rf"\nabla_W\langle {symbol}, {F}\rangle" if model.rows else
           rf"\nabla_W({symbol}^T{F})")
    return ClosedForm(
        "The gradient backpropagation needs, by differentials",
        "Take the differential and move everything next to dW: with the weights of the Diag "
        f"trick, $\\langle {symbol}, d{F}\\rangle = \\langle {symbol}\\circ {al}, "
        f"{P_}^TdW\\rangle + \\langle {symbol}\\circ {be}, {Q_}^TdW\\rangle = \\langle "
        f"{P_}({symbol}\\circ {al}){T} + {Q_}({symbol}\\circ {be}){T},\\ dW\\rangle_F$. "
        "The matrix next to dW is the gradient. Here the upstream gradient is the seeded "
        "random one of the columns page.",
        chain(lhs, *dict.fromkeys((  # the model's own form, unless it is the same line
            rf"{P_}\,({symbol}\circ {al}){T} + {Q_}\,({symbol}\circ {be}){T}",
            model.vjp_latex.split("=", 1)[-1].strip().replace(r" \circ ", r"\circ ")))),
        lines(rf"{symbol} = {bmatrix(G2) if model.rows else column(g)}",
              rf"{lhs} = {bmatrix(grad)}"),
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
