r"""The Diag-trick derivation (page /derivation) as checked steps with the user's numbers.

Notation (one throughout): e_i ∈ ℝᵐ and ε_j ∈ ℝⁿ are standard basis vectors, indices count
from 1 on screen, S = abᵀ + baᵀ (symmetric, m × m), G = SW, u = Wᵀa, v = Wᵀb, and
J[k, i, j] = ∂f_k/∂W_ij.

:func:`diag_trick_steps` follows the index-notation argument

.. math::

    \frac{\partial W}{\partial W_{i,j}} = e_i\varepsilon_j^T \to
    \frac{\partial f}{\partial W_{i,j}} = \varepsilon_j e_i^T a \circ W^T b + W^T a \circ
    \varepsilon_j e_i^T b \to \operatorname{Diag}(\varepsilon_j) W^T S e_i \to
    \varepsilon_k^T \operatorname{Diag}(\varepsilon_j) W^T S e_i \to
    e_i^T S W \operatorname{Diag}(\varepsilon_j) \varepsilon_k \to \delta_{jk} G[i, k].

Every step carries its symbolic LaTeX, the same with the numbers substituted, and its value
computed *from that step's own formula* (explicit basis vectors and Diag matrices, not from
G), which is then compared with the previous step and with the complex-step derivative
Im f(W + ih E_ij)/h. Tolerances are rounding-error bounds (:mod:`hadviz.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import (
    COMPLEX_STEP,
    Comparison,
    compare,
    complex_step_entry,
    magnitudes,
    pair_tolerance,
)
from hadviz.latex import bmatrix, chain, column, lines, number, product, row
from hadviz.models import HADAMARD, outer_sum, projections
from hadviz.problem import Problem

__all__ = ["NOTATION", "Step", "diag_identity", "diag_trick_steps"]

#: Stated once on every derivation page.
NOTATION = lines(
    r"f = (W^Ta)\circ(W^Tb) \in \mathbb{R}^n",
    r"i \text{: a row of } W,\ \ j \text{: a column of } W,",
    r"k \text{: a component of the column } f",
    r"e_i \in \mathbb{R}^m,\ \varepsilon_j \in \mathbb{R}^n \text{: standard basis vectors}",
    r"u = W^Ta,\quad v = W^Tb,\quad S = ab^T + ba^T,\quad G = SW",
    r"J[k,i,j] = \frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}",
)


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Attributes
    ----------
    caption : str
        Markdown: what the step does and why.
    symbolic : str
        LaTeX of the step in symbols.
    substituted : str
        LaTeX with the problem's numbers in place of the symbols.
    value : ndarray
        The step's value, computed from its own formula (matrix, (n,) vector or scalar).
    value_latex : str
    reference : ndarray
        The complex-step derivative of the same quantity.
    check : Comparison
        The value against the reference, within a rounding-error tolerance.
    agrees_with_previous : bool or None
        Whether the value equals the previous step's within the same tolerance (None for
        the first two steps: step 1 differentiates W, step 2 is the first derivative of f).
    """

    caption: str
    symbolic: str
    substituted: str
    value: NDArray
    value_latex: str
    reference: NDArray
    check: Comparison
    agrees_with_previous: bool | None

    @property
    def verified(self) -> bool:
        """The value matches the complex-step reference (and the previous step)."""
        return self.check.passed and self.agrees_with_previous is not False


def _basis(size: int, index: int) -> NDArray:
    e = np.zeros(size)
    e[index] = 1.0
    return e


def _value_latex(value: NDArray) -> str:
    v = np.asarray(value)
    if v.ndim == 0:
        return number(float(v), 10)
    if v.ndim == 1:
        return column(v, 8)
    return bmatrix(v, 8)


def diag_identity(problem: Problem) -> str:
    r"""LaTeX showing a∘b = Diag(a)b on this problem's u = Wᵀa and v = Wᵀb.

    Examples
    --------
    >>> from hadviz.problem import Problem
    >>> p = Problem([[1.0, 2.0]], [1.0], [3.0])
    >>> diag_identity(p).endswith(r"&= \begin{bmatrix} 3 \\ 12 \end{bmatrix} \end{aligned}")
    True
    """
    u, v = projections(problem.W, problem.a, problem.b)
    return chain(r"u \circ v", rf"{column(u)} \circ {column(v)}",
                 rf"\operatorname{{Diag}}(u)\,v = {bmatrix(np.diag(u))} {column(v)}",
                 column(u * v))


class _Draft(NamedTuple):
    """A step before it is checked."""

    caption: str
    symbolic: str
    substituted: str
    value: NDArray
    reference: NDArray


@dataclass(frozen=True)
class _Parts:
    """What every step of one entry's derivation is made of (0-based k, i, j)."""

    problem: Problem
    k: int
    i: int
    j: int

    @property
    def labels(self) -> tuple[int, int, int]:
        """i, j, k counted from 1, as displayed."""
        return self.i + 1, self.j + 1, self.k + 1

    def basis(self) -> tuple[NDArray, NDArray, NDArray]:
        """e_i, ε_j and ε_k."""
        m, n = self.problem.W.shape
        return _basis(m, self.i), _basis(n, self.j), _basis(n, self.k)


def _derivative_of_f(parts: _Parts, cs: NDArray) -> list[_Draft]:
    """Steps 1-3: ∂W/∂W_ij, the product rule, and the Diag trick (vectors in ℝⁿ)."""
    W, a, b = parts.problem.W, parts.problem.a, parts.problem.b
    i = parts.i
    I1, J1, _ = parts.labels
    e_i, eps_j, _ = parts.basis()
    u, v = projections(W, a, b)
    E_cs = (W + 1j * COMPLEX_STEP * np.outer(e_i, eps_j)).imag / COMPLEX_STEP
    Diag_j = np.diag(eps_j)
    return [
        _Draft(
            "Differentiate W with respect to one of its entries: every entry but $W_{i,j}$ is "
            "constant, so the result is the matrix with a single 1 at (i, j), an outer product "
            "of basis vectors.",
            r"\frac{\partial W}{\partial W_{i,j}} = e_i\,\varepsilon_j^T",
            rf"\frac{{\partial W}}{{\partial W_{{{I1},{J1}}}}} = e_{{{I1}}}\,"
            rf"\varepsilon_{{{J1}}}^T = {column(e_i)} {row(eps_j)}",
            e_i[:, None] * eps_j[None, :], E_cs),
        _Draft(
            "From here on f is the column $(W^Ta)\\circ(W^Tb)$: the question's row "
            "$(a^TW)\\circ(b^TW)$ transposed, with the same numbers. Apply **the product rule "
            "for ∘**, $\\partial(x \\circ y) = \\partial x \\circ y + x \\circ \\partial y$ "
            "(entry by entry it is the ordinary rule $(x_ky_k)' = x_k'y_k + x_ky_k'$), with "
            "$\\partial W^T/\\partial W_{i,j} = \\varepsilon_j e_i^T$; and $e_i^Ta = a_i$, "
            "$e_i^Tb = b_i$ are numbers.",
            r"\frac{\partial f}{\partial W_{i,j}} = \varepsilon_j e_i^T a \circ W^T b "
            r"+ W^T a \circ \varepsilon_j e_i^T b",
            rf"= \varepsilon_{{{J1}}}\,({number(a[i])}) \circ {column(v)} + {column(u)} \circ "
            rf"\varepsilon_{{{J1}}}\,({number(b[i])})",
            (eps_j * a[i]) * v + u * (eps_j * b[i]), cs),
        _Draft(
            "The trick: a Hadamard product with a vector is multiplication by its diagonal "
            "matrix, x ∘ y = Diag(x) y. With x = εⱼ both terms become Diag(εⱼ) times a "
            "vector. The line that needs a second look: $a_i$ is a number, so "
            "$a_i\\,W^Tb = W^Tb\\,a_i = W^Tb\\,a^Te_i = W^T(ba^T)e_i$, and likewise "
            "$b_i\\,W^Ta = W^T(ab^T)e_i$; together $W^T(ab^T + ba^T)e_i$.",
            r"\frac{\partial f}{\partial W_{i,j}} = \operatorname{Diag}(\varepsilon_j)\,W^T"
            r"\left(ab^T + ba^T\right) e_i",
            product("=", [bmatrix(Diag_j), bmatrix(W.T), bmatrix(outer_sum(a, b)), column(e_i)]),
            Diag_j @ W.T @ outer_sum(a, b) @ e_i, cs),
    ]


def _component_k(parts: _Parts, cs_k: NDArray) -> list[_Draft]:
    """Steps 4-6: isolate component k, transpose the scalar, read off δ_jk G_ik."""
    W, a, b = parts.problem.W, parts.problem.a, parts.problem.b
    i, j, k = parts.i, parts.j, parts.k
    I1, J1, K1 = parts.labels
    e_i, eps_j, eps_k = parts.basis()
    S, Diag_j = outer_sum(a, b), np.diag(eps_j)
    G = HADAMARD.compact(W, a, b)
    return [
        _Draft(
            "Isolate the k-th component by multiplying with εₖᵀ from the left.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = \varepsilon_k^T \operatorname{Diag}"
            r"(\varepsilon_j)\,W^T\left(ab^T + ba^T\right) e_i",
            product(rf"\frac{{\partial f_{{{K1}}}}}{{\partial W_{{{I1},{J1}}}}} =",
                    [row(eps_k), bmatrix(Diag_j), bmatrix(W.T), bmatrix(S), column(e_i)]),
            np.asarray(eps_k @ Diag_j @ W.T @ S @ e_i), cs_k),
        _Draft(
            "A scalar equals its transpose; S = abᵀ + baᵀ is symmetric and Diag(εⱼ) is "
            "diagonal.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = e_i^T\left(ab^T + ba^T\right) W\,"
            r"\operatorname{Diag}(\varepsilon_j)\,\varepsilon_k",
            product("=", [row(e_i), bmatrix(S), bmatrix(W), bmatrix(Diag_j), column(eps_k)]),
            np.asarray(e_i @ S @ W @ Diag_j @ eps_k), cs_k),
        _Draft(
            "Diag(εⱼ) εₖ = δⱼₖ εₖ, so the expression picks entry (i, k) of "
            "G = (abᵀ + baᵀ)W, and vanishes unless j = k: only column k of W moves fₖ.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}, \qquad G = (ab^T + "
            r"ba^T)W",
            rf"= \delta_{{{J1},{K1}}}\, G_{{{I1},{K1}}} = {1 if j == k else 0} \cdot "
            rf"{number(G[i, k], 10)}",
            np.asarray((1.0 if j == k else 0.0) * G[i, k]), cs_k),
    ]


def _checked(drafts: list[_Draft], k: int, tol: float) -> list[Step]:
    """Compare each draft with its complex-step reference and with the step before it."""
    steps: list[Step] = []
    previous: NDArray | None = None
    for index, d in enumerate(drafts):
        if previous is None or index == 1:
            agrees = None  # step 2 is the first derivative of f; step 1 is of W itself
        else:
            # the step from vector to component k compares component k
            prev = previous[k] if previous.ndim == 1 and d.value.ndim == 0 else previous
            agrees = compare(d.value, prev, tol).passed
        # step 1 is exact on both sides (a matrix of 0s and one 1)
        check = compare(d.value, d.reference, 0.0 if index == 0 else tol)
        steps.append(Step(d.caption, d.symbolic, d.substituted, d.value, _value_latex(d.value),
                          d.reference, check, agrees))
        previous = d.value
    return steps


def diag_trick_steps(problem: Problem, k: int, i: int, j: int) -> list[Step]:
    """The Diag-trick derivation of ∂f_k/∂W_ij, each step valued and checked.

    Parameters
    ----------
    problem : Problem
    k, i, j : int
        0-based component of f and entry of W.

    Returns
    -------
    list of Step
        Six steps; the last value is δ_jk G[i, k].

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> steps = diag_trick_steps(random_problem(2, 3, seed=1), k=1, i=0, j=1)
    >>> len(steps), all(s.verified for s in steps)
    (6, True)
    """
    m, n = problem.W.shape
    if not (0 <= k < n and 0 <= i < m and 0 <= j < n):
        raise ValueError(f"k, j must be in 0..{n - 1} and i in 0..{m - 1}; got {(k, i, j)}")
    parts = _Parts(problem, k, i, j)
    cs = complex_step_entry(problem, i, j)
    # every value of steps 2-6 and the complex step are sums of at most m + 4 rounded products
    # of the terms of G[i, j]: each is within γ_{m+4}·G̃[i, j] of the truth
    tol = float(pair_tolerance(m + 4, magnitudes(problem).G[i, j]))
    drafts = _derivative_of_f(parts, cs) + _component_k(parts, np.asarray(cs[k]))
    return _checked(drafts, k, tol)
