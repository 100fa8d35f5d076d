r"""What a model's step-by-step derivation is made of: drafts of steps, before they are checked.

A model's ``derivation(W, *P, at=Entry(k, i, j, r))`` returns a list of :class:`Draft`; the
core (:mod:`hadviz.derivation`) values nothing itself: it takes each draft's value (computed
by the model *from that step's own formula*, with explicit basis vectors and Diag matrices),
computes an independent reference by the complex step of the draft's function :attr:`Draft.of`,
and compares the value with it and with the step before. Notation shared by every model:
e_i ∈ ℝᵐ and ε_j ∈ ℝⁿ are standard basis vectors (e_r ∈ ℝᵖ for an output row), indices count
from 1 on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.latex import bmatrix, column, product, row

__all__ = ["Draft", "Entry", "basis", "component_steps", "digits_for", "first_step",
           "same"]


class Entry(NamedTuple):
    """Which derivative a derivation computes, 0-based: ∂F_(r,)k / ∂W_ij.

    ``r`` is the output row of a model with rows (0 otherwise).
    """

    k: int
    i: int
    j: int
    r: int = 0

    @property
    def shown(self) -> tuple[int, int, int, int]:
        """k, i, j, r counted from 1, as displayed."""
        return self.k + 1, self.i + 1, self.j + 1, self.r + 1


class Draft(NamedTuple):
    """One step of a derivation before it is checked.

    Attributes
    ----------
    caption : str
        Markdown: what the step does and why.
    symbolic, substituted : str
        LaTeX of the step in symbols, and with the problem's numbers.
    value : ndarray
        The step's value, computed from the step's own formula.
    of : callable
        The function of W (complex-safe) whose derivative by W_ij the step computes, reduced
        to the step's quantity (the whole W, a vector or one component): the reference is
        Im of(W + ih E_ij)/h.
    scale : array_like
        The value's rounding scale in units of γ_{m+4} (a sum of |terms|, broadcast to the
        value's shape): each of value and reference is within γ_{m+4}·scale of the truth.
    previous : callable or None
        Maps the previous step's value to this step's quantity (``same``, or picks component
        k); None when this step computes a new quantity (the first step, the chain rule).
    """

    caption: str
    symbolic: str
    substituted: str
    value: NDArray
    of: Callable[[NDArray], NDArray]
    scale: ArrayLike
    previous: Callable[[NDArray], NDArray] | None


def same(value: NDArray) -> NDArray:
    """The previous step's value as it is: the step rewrote, it did not pick."""
    return value


def basis(size: int, index: int) -> NDArray:
    """The standard basis vector of length ``size`` with a 1 at ``index`` (0-based)."""
    e = np.zeros(size)
    e[index] = 1.0
    return e


def first_step(W: NDArray, at: Entry) -> Draft:
    """Step 1 of every derivation: ∂W/∂W_ij = e_i ε_jᵀ (exact: scale 0)."""
    m, n = W.shape
    e_i, eps_j = basis(m, at.i), basis(n, at.j)
    _, I1, J1, _ = at.shown
    return Draft(
        "Differentiate W with respect to one of its entries: every entry but $W_{i,j}$ is "
        "constant, so the result is the matrix with a single 1 at (i, j), an outer product "
        "of basis vectors.",
        r"\frac{\partial W}{\partial W_{i,j}} = e_i\,\varepsilon_j^T",
        rf"\frac{{\partial W}}{{\partial W_{{{I1},{J1}}}}} = e_{{{I1}}}\,"
        rf"\varepsilon_{{{J1}}}^T = {column(e_i)} {row(eps_j)}",
        e_i[:, None] * eps_j[None, :], lambda X: X, 0.0, None)


def component_steps(G: NDArray, G_latex: str, head: str, at: Entry,
                    of_k: Callable[[NDArray], NDArray], scale: ArrayLike) -> list[Draft]:
    r"""Two steps shared by the models with a compact G (m × n) and ∂f/∂W_ij = Diag(ε_j)Gᵀe_i:
    isolate component k (εₖᵀ from the left), then transpose the scalar.

    ``G_latex`` is G in symbols (e.g. ``a\,(\sigma'(u)\circ v)^T + b\,\sigma(u)^T``), ``head``
    the function's letter (f or F), ``of_k`` component k of it as a function of W.
    """
    m, n = G.shape
    K1, I1, J1, _ = at.shown
    e_i, eps_k, Diag_j = basis(m, at.i), basis(n, at.k), np.diag(basis(n, at.j))
    lhs = rf"\frac{{\partial {head}_k}}{{\partial W_{{i,j}}}} = "
    return [
        Draft("Isolate the k-th component by multiplying with εₖᵀ from the left.",
              lhs + rf"\varepsilon_k^T\operatorname{{Diag}}(\varepsilon_j)\,\big({G_latex}\big)^T"
              r" e_i",
              product(rf"\frac{{\partial {head}_{{{K1}}}}}{{\partial W_{{{I1},{J1}}}}} =",
                      [row(eps_k), bmatrix(Diag_j), bmatrix(G.T, digits_for(n)), column(e_i)]),
              np.asarray(eps_k @ Diag_j @ G.T @ e_i), of_k, scale, lambda x: x[at.k]),
        Draft("A scalar equals its transpose, and Diag(εⱼ) is diagonal.",
              lhs + rf"e_i^T\big({G_latex}\big)\operatorname{{Diag}}(\varepsilon_j)\,"
              r"\varepsilon_k",
              product("=", [row(e_i), bmatrix(G, digits_for(n)), bmatrix(Diag_j), column(eps_k)]),
              np.asarray(e_i @ G @ Diag_j @ eps_k), of_k, scale, same),
    ]


def digits_for(n: int) -> int:
    """Significant digits of a matrix in a step: 6 while it is narrow, 3 once five columns or
    more are shown (an 8 × 8 matrix of decimals after its product's lead must fit a
    projector's column; the step's value below keeps every digit)."""
    return 6 if n <= 4 else 3
