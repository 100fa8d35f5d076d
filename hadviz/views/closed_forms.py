r"""Beyond one entry (page /derivation): the whole derivative in three closed forms, checked.

After the entry-by-entry derivation, three results a student needs, each with the user's
numbers and checked against an independent computation within a rounding-error bound:

.. math::

    J[k] = \frac{\partial f_k}{\partial W} = G\,\mathrm{Diag}(\varepsilon_k), \qquad
    J_{\mathrm{vec}} = \mathrm{Diag}(W^Tb)(I_n \otimes a^T) + \mathrm{Diag}(W^Ta)(I_n \otimes b^T),

and the VJP by differentials, g^T df = ⟨a (g∘v)^T + b (g∘u)^T, dW⟩_F, so
∇_W(gᵀf) = a(g∘v)ᵀ + b(g∘u)ᵀ = G·Diag(g).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hadviz.checks import Comparison, compare, complex_step_jacobian, magnitudes, pair_tolerance
from hadviz.kronecker import kronecker_form
from hadviz.latex import bmatrix, chain, column, lines
from hadviz.models import HADAMARD, projections
from hadviz.problem import Problem
from hadviz.upstream import upstream_gradient

__all__ = ["ClosedForm", "ClosedForms", "closed_forms", "kronecker_form"]

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
    """The slice, the vec-Jacobian and the VJP, for component k and cotangent g."""

    forms: tuple[ClosedForm, ClosedForm, ClosedForm]


def _slice(p: Problem, G: np.ndarray, J: np.ndarray, tol: np.ndarray, k: int) -> ClosedForm:
    eps = np.eye(p.n)[k]
    S = G @ np.diag(eps)
    return ClosedForm(
        f"The whole slice J[{k + 1}] at once",
        "Steps 4–6 hold for every (i, j) together: $\\partial f_k/\\partial W_{i,j} = "
        "e_i^T G\\,\\mathrm{Diag}(\\varepsilon_j)\\,\\varepsilon_k = G_{i,k}\\,\\delta_{jk}$, "
        "and the m × n matrix of these numbers is $G\\,\\mathrm{Diag}(\\varepsilon_k)$: G with "
        "every column but column k set to 0.",
        r"J[k] = \frac{\partial f_k}{\partial W} = G\,\mathrm{Diag}(\varepsilon_k)",
        chain(f"J[{k + 1}]", rf"{bmatrix(G)} {bmatrix(np.diag(eps))}", bmatrix(S)),
        compare(S, J[k], tol),
    )


def _vec(p: Problem, J: np.ndarray, tol: np.ndarray) -> ClosedForm:
    u, v = projections(p.W, p.a, p.b)
    kron_a, kron_b, K = kronecker_form(p)
    # column i + j·m of the vec-Jacobian is W_ij: the same numbers as J[k, i, j]
    picture = J.transpose(0, 2, 1).reshape(p.n, p.n * p.m)
    return ClosedForm(
        "The vec-Jacobian in closed form",
        "Stack the columns of W into $\\mathrm{vec}(W)$ (column-major). Then "
        "$W^Ta = (I_n \\otimes a^T)\\,\\mathrm{vec}(W)$, and the product rule with the Diag "
        "trick gives the n × mn matrix below: its row k is $v_k a^T + u_k b^T = G_{:,k}^T$ in "
        "block k, and 0 elsewhere. It is the block-diagonal picture on the Jacobian page.",
        chain(r"\frac{\partial f}{\partial\,\mathrm{vec}(W)}",
              r"\mathrm{Diag}(W^Tb)\,(I_n\otimes a^T)",
              r"\quad + \mathrm{Diag}(W^Ta)\,(I_n\otimes b^T)"),
        lines(rf"{bmatrix(np.diag(v))} {bmatrix(kron_a)}",
              rf"+ {bmatrix(np.diag(u))} {bmatrix(kron_b)}"),
        compare(K, picture, tol.T.reshape(1, -1)),
    )


def _vjp(p: Problem, G: np.ndarray, J: np.ndarray, g: np.ndarray) -> ClosedForm:
    u, v = projections(p.W, p.a, p.b)
    grad = np.outer(p.a, g * v) + np.outer(p.b, g * u)
    reference = np.einsum("k,kij->ij", g, J)
    tol = pair_tolerance(p.m + 6, magnitudes(p).G * np.abs(g)[np.newaxis, :])
    return ClosedForm(
        "The gradient backpropagation needs, by differentials",
        "Take the differential and move everything next to dW with the trace: "
        "$g^Tdf = g^T\\big((dW^Ta)\\circ v + u\\circ(dW^Tb)\\big) = (g\\circ v)^T dW^T a + "
        "(g\\circ u)^T dW^T b = \\langle a\\,(g\\circ v)^T + b\\,(g\\circ u)^T,\\ dW\\rangle_F$. "
        "The matrix next to dW is the gradient, and since $g\\circ v = \\mathrm{Diag}(g)\\,v$ it "
        "is $(av^T + bu^T)\\,\\mathrm{Diag}(g) = G\\,\\mathrm{Diag}(g)$. Here g is the seeded "
        "random upstream gradient of the columns page.",
        chain(r"\nabla_W(g^Tf)", r"a\,(g\circ v)^T + b\,(g\circ u)^T", r"G\,\mathrm{Diag}(g)"),
        lines(rf"g = {column(g)}", rf"\nabla_W(g^Tf) = {bmatrix(grad)}"),
        compare(grad, reference, tol),
    )


def closed_forms(problem: Problem, k: int, seed: int = 0) -> ClosedForms:
    """The three closed forms for component ``k`` (0-based), checked against complex steps.

    Each is compared with the Jacobian computed by complex steps of f
    (:func:`~hadviz.checks.complex_step_jacobian`), not with G.
    """
    if not 0 <= k < problem.n:
        raise ValueError(f"k must be in 0..{problem.n - 1}; got {k}")
    G = HADAMARD.compact(problem.W, problem.a, problem.b)
    J = complex_step_jacobian(problem)
    tol = pair_tolerance(problem.m + 4, magnitudes(problem).G)
    g = upstream_gradient("random", problem.n, seed=seed)
    return ClosedForms((_slice(problem, G, J, tol, k), _vec(problem, J, tol),
                        _vjp(problem, G, J, g)))
