r"""The vec-Jacobian as Kronecker products, for every model that states one.

vec stacks columns (column-major), for W and for the output alike, so Wᵀa = (Iₙ ⊗ aᵀ) vec(W)
and vec(AᵀW) = (Iₙ ⊗ Aᵀ) vec(W). Each model of the family differentiates to

.. math::

    \frac{\partial\, \mathrm{vec} F}{\partial\, \mathrm{vec} W}
        = \mathrm{Diag}(\mathrm{vec}\,\alpha)\,(I_n \otimes P^T)
        + \mathrm{Diag}(\mathrm{vec}\,\beta)\,(I_n \otimes Q^T),

P and Q its two parameter arrays as m × p matrices (p = 1 for a and b), and α, β of the
output's shape given by the model (:meth:`~hadviz.models.base.Model.kronecker_weights`): the
question's Diag(v)(Iₙ⊗aᵀ) + Diag(u)(Iₙ⊗bᵀ), tanh's Diag(s)(…) of it, the gate's
Diag(σ′(u)∘v)(Iₙ⊗aᵀ) + Diag(σ(u))(Iₙ⊗bᵀ), and Diag(vec V)(Iₙ⊗Aᵀ) + Diag(vec U)(Iₙ⊗Bᵀ) for
A and B. The result is (p·n) × (m·n), row r + k·p being F_{r,k}; it is built from the
parameters and W, never from the compact form, so it checks the compact form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.problem import Problem

__all__ = ["KroneckerForm", "kronecker", "kronecker_form"]


@dataclass(frozen=True)
class KroneckerForm:
    """One model's vec-Jacobian in Kronecker products.

    Attributes
    ----------
    latex : str
        The formula, in LaTeX.
    left, right : (p·n, m·n) ndarray
        Iₙ ⊗ Pᵀ and Iₙ ⊗ Qᵀ.
    alpha, beta : ndarray, the output's shape
        The weights on their diagonals.
    K : (p·n, m·n) ndarray
        Diag(vec α)·left + Diag(vec β)·right.
    """

    latex: str
    left: NDArray
    right: NDArray
    alpha: NDArray
    beta: NDArray
    K: NDArray


def kronecker(problem: Problem) -> KroneckerForm | None:
    """The model's Kronecker form at ``problem``, or None when the model states none.

    Examples
    --------
    >>> p = Problem([[1.0, 2.0]], [[1.0, 0.0]], [[3.0, 1.0]], fn="matrix")
    >>> kronecker(p).K.tolist()  # F = [[3, 12], [0, 0]]: rows F11, F21, F12, F22
    [[6.0, 0.0], [0.0, 0.0], [0.0, 12.0], [0.0, 0.0]]
    """
    model, W = problem.model, problem.W
    weights = model.kronecker_weights(W, *problem.arrays)
    if weights is None:
        return None
    alpha, beta = weights
    P, Q = (x.reshape(problem.m, -1) for x in problem.arrays)
    I_n = np.eye(problem.n)
    left, right = np.kron(I_n, P.T), np.kron(I_n, Q.T)
    # Diag(x)·M scales row l of M by x_l: one product per entry, as the matrix product gives
    K = (alpha.reshape(-1, order="F")[:, np.newaxis] * left
         + beta.reshape(-1, order="F")[:, np.newaxis] * right)
    return KroneckerForm(model.kronecker_latex, left, right, alpha, beta, K)


def kronecker_form(p: Problem) -> tuple[NDArray, NDArray, NDArray]:
    """Iₙ⊗aᵀ, Iₙ⊗bᵀ and Diag(Wᵀb)(Iₙ⊗aᵀ) + Diag(Wᵀa)(Iₙ⊗bᵀ) for the question, from a, b and W
    (not G); for another model its Iₙ⊗Pᵀ, Iₙ⊗Qᵀ and K (see :func:`kronecker`).

    Examples
    --------
    >>> kronecker_form(Problem([[1.0, 2.0]], [1.0], [3.0]))[2].tolist()
    [[6.0, 0.0], [0.0, 12.0]]
    """
    form = kronecker(p)
    if form is None:
        raise ValueError(f"{p.fn} states no Kronecker form: {p.model.kronecker_missing}")
    return form.left, form.right, form.K
