r"""Step-by-step derivations of one Jacobian entry, for any model, each step valued and checked.

Every model says its own steps (``model.derivation(W, *P, at=Entry(k, i, j, r))``, a list of
:class:`~hadviz.models.steps.Draft`): the product rule for ∘, the chain rule where the model
has an outer function (tanh) or a gate (σ), the Diag trick x ∘ y = Diag(x) y, and reading off
∂F_(r,)k/∂W_ij = δ_jk C[i, (r,) k]. This module checks them all the same way:

* each step's value (computed from the step's own formula) is compared with the complex-step
  derivative Im q(W + ih E_ij)/h of the quantity q the step differentiates (W itself, the
  vector f, one component, an inner function), which uses no derivative formula;
* and with the previous step's value, when the step rewrites (or picks a component of) it.

Tolerances are rounding-error bounds: twice (:data:`~hadviz.checks.SAFETY`) the sum of the two
sides' bounds γ_{m+4}·scale, the scale given by the model for each step (a sum of |terms|,
with the sensitivity of σ, σ′ and sech² folded in for the non-quadratic models).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import COMPLEX_STEP, Comparison, compare, pair_tolerance
from hadviz.desk import room
from hadviz.latex import bmatrix, chain, column, fitted, lines, number
from hadviz.models import Model
from hadviz.models.steps import Draft, Entry
from hadviz.problem import Problem

__all__ = ["Entry", "Step", "derivation_steps", "diag_identity", "entry_latex", "notation"]


@dataclass(frozen=True)
class Step:
    """One checked step of a derivation.

    Attributes
    ----------
    caption : str
        Markdown: what the step does and why.
    symbolic, substituted : str
        LaTeX of the step in symbols, and with the problem's numbers.
    value : ndarray
        The step's value, from its own formula (matrix, vector or scalar).
    value_latex : str
    reference : ndarray
        The complex-step derivative of the same quantity.
    check : Comparison
        The value against the reference, within a rounding-error tolerance.
    agrees_with_previous : bool or None
        Whether the value equals the previous step's (or its component k) within the same
        tolerance; None where the step computes a new quantity (step 1, the first derivative
        of f, the chain rule).
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


def notation(model: Model) -> str:
    """The notation the derivation of ``model`` uses, stated once (LaTeX)."""
    row = r"r \text{: a row of } F,\ \ " if model.rows else ""
    e_r = r",\ e_r \in \mathbb{R}^p" if model.rows else ""
    return lines(
        rf"{model.latex}, \quad {model.space}",
        r"i \text{: a row of } W,\ \ j \text{: a column of } W,",
        rf"{row}k \text{{: a component (column) of }} {'F' if model.rows else 'f'}",
        rf"e_i \in \mathbb{{R}}^m,\ \varepsilon_j \in \mathbb{{R}}^n{e_r}"
        r" \text{: standard basis vectors}",
        model.helpers_latex,
        model.compact_latex,
        model.entry_latex,
    )


def entry_latex(model: Model, at: Entry) -> str:
    r"""∂F_(r,)k/∂W_ij with 1-based indices, e.g. ``\partial f_{2}/\partial W_{1,2}``."""
    k, i, j, r = at.shown
    head = model.latex[0]  # "f(W) = …" or "F(W) = …"
    sub = f"{r},{k}" if model.rows else f"{k}"
    return rf"\partial {head}_{{{sub}}}/\partial W_{{{i},{j}}}"


def diag_identity(problem: Problem) -> str:
    r"""LaTeX showing x ∘ y = Diag(x) y on the two Hadamard factors of this problem's model.

    Examples
    --------
    >>> p = Problem([[1.0, 2.0]], [1.0], [3.0])
    >>> diag_identity(p).endswith(r"&= \begin{bmatrix} 3 \\ 12 \end{bmatrix} \end{aligned}")
    True
    """
    x_name, x, y_name, y = problem.model.hadamard_factors(problem.W, *problem.arrays)
    lhs = rf"{x_name} \circ {y_name}"
    diag = rf"\operatorname{{Diag}}({x_name})\,{y_name} = @ @"
    return chain(lhs, rf"{column(x)} \circ {column(y)}",
                 fitted(diag, np.diag(x), y.reshape(-1, 1), axes="NN N1",
                        budget=room(lhs)), column(x * y))


def _value_latex(value: NDArray) -> str:
    v = np.asarray(value)
    if v.ndim == 0:
        return number(float(v), 10)
    if v.ndim == 1:
        return column(v, 8)
    return bmatrix(v, 8)


def _complex_step(d: Draft, W: NDArray, at: Entry) -> NDArray:
    """Im q(W + ih E_ij)/h for the draft's quantity q: no difference, so nothing cancels."""
    E = np.zeros(W.shape)
    E[at.i, at.j] = 1.0
    return np.asarray(d.of(W + 1j * COMPLEX_STEP * E).imag / COMPLEX_STEP)


def _checked(drafts: list[Draft], W: NDArray, at: Entry) -> list[Step]:
    """Compare each draft with its complex-step reference and with the step before it."""
    steps: list[Step] = []
    previous: NDArray | None = None
    for d in drafts:
        # a zero scale (step 1: a matrix of 0s and one 1) admits only an exact match
        tol = pair_tolerance(W.shape[0] + 4, d.scale)
        agrees = (None if d.previous is None or previous is None
                  else compare(d.value, d.previous(previous), tol).passed)
        reference = _complex_step(d, W, at)
        steps.append(Step(d.caption, d.symbolic, d.substituted, d.value,
                          _value_latex(d.value), reference, compare(d.value, reference, tol),
                          agrees))
        previous = d.value
    return steps


def derivation_steps(problem: Problem, k: int, i: int, j: int, r: int = 0) -> list[Step]:
    """The model's derivation of ∂F_(r,)k/∂W_ij, each step valued and checked.

    Parameters
    ----------
    problem : Problem
    k, i, j : int
        0-based component (column) of the output and entry of W.
    r : int
        0-based output row, for a model with rows (ignored otherwise).

    Returns
    -------
    list of Step
        The last value is δ_jk C[i, (r,) k].

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> steps = derivation_steps(random_problem(2, 3, seed=1), k=1, i=0, j=1)
    >>> len(steps), all(s.verified for s in steps)
    (6, True)
    """
    m, n, p = problem.m, problem.n, problem.p
    r = r if problem.model.rows else 0
    if not (0 <= k < n and 0 <= i < m and 0 <= j < n and 0 <= r < p):
        raise ValueError(f"k, j must be in 0..{n - 1}, i in 0..{m - 1} and r in 0..{p - 1}; "
                         f"got {(k, i, j, r)}")
    at = Entry(k, i, j, r)
    drafts = problem.model.derivation(problem.W, *problem.arrays, at=at)
    return _checked(drafts, problem.W, at)
