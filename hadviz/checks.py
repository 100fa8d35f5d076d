r"""Checks shared by the pages and the tests: complex step, random directions, tolerances.

Every ✓ or ✗ hadviz shows compares two floating-point computations of the same exact number,
so the tolerance is a **rounding-error bound**, not a fixed relative number: a fixed ``1e-12``
is too strict where terms cancel and too lax where they do not, and a fixed step is wrong at
every scale but one. The bounds use the standard model of floating-point arithmetic,
fl(x ∘ y) = (x ∘ y)(1 + δ) with |δ| ≤ u = 2⁻⁵³, under which a sum of N products carries an
error of at most

.. math:: \gamma_N \sum |x_l y_l|, \qquad \gamma_N = \frac{N u}{1 - N u}.

Each model says the scales of its own rounding errors
(:meth:`~hadviz.models.Model.rounding_scales`, read through :func:`magnitudes`): for the
quadratic ones the sums of absolute values, F and its compact Jacobian evaluated on |W| and
the |parameters| (for the question, |a|(|b|ᵀ|W|)ᵀ + |b|(|a|ᵀ|W|)ᵀ for G); for tanh and the
gate, first-order bounds through the outer function. A comparison of two values that each
obey such a bound passes when they differ by at most ``SAFETY`` times the sum of the two
bounds. The bounds hold as long as nothing underflows, which the app guarantees by refusing
typed numbers below :data:`hadviz.urlstate.MIN_ABS` in magnitude (other than 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.latex import text_sci
from hadviz.problem import Problem

__all__ = [
    "COMPLEX_STEP",
    "SAFETY",
    "UNIT_ROUNDOFF",
    "Comparison",
    "compare",
    "complex_step_entry",
    "complex_step_jacobian",
    "contraction_tolerance",
    "gamma",
    "magnitudes",
    "pair_tolerance",
    "power_of_two",
    "relative_error",
    "unit_direction",
]

#: u = 2⁻⁵³, the unit roundoff of float64 (half of numpy's ``eps``).
UNIT_ROUNDOFF = float(np.finfo(np.float64).eps) / 2
#: Factor between the proven bound and the tolerance used (room for the bounds' first-order
#: approximations; still ~10⁶ times tighter than a float32 error).
SAFETY = 2.0
#: Complex step h of Im F(W + ihE)/h. For a quadratic F any h gives DF exactly in exact
#: arithmetic; a tiny one keeps the h² terms (real for a quadratic, of relative size h² for
#: tanh and the gate) far below the last bit.
COMPLEX_STEP = 1e-20


def gamma(terms: int) -> float:
    """γ_N = N u / (1 − N u), the relative error bound of a sum of N rounded products.

    Examples
    --------
    >>> gamma(1) > UNIT_ROUNDOFF
    True
    """
    return terms * UNIT_ROUNDOFF / (1.0 - terms * UNIT_ROUNDOFF)


def pair_tolerance(terms: int, scale: ArrayLike) -> NDArray:
    """Tolerance for two computations that are each within γ_terms · scale of the truth.

    Examples
    --------
    >>> float(pair_tolerance(4, 1.0)) == SAFETY * 2 * gamma(4)
    True
    """
    return SAFETY * 2.0 * gamma(terms) * np.asarray(scale, dtype=float)


def contraction_tolerance(problem: Problem, H: NDArray) -> NDArray:
    """Tolerance for two computations of DF(W)[H] = Σ_ij J[…, i, j] H_ij, the output's shape.

    Each sums the terms C̃[i, (r,) k]·|H_ik| in some order (at most 2m + 4 rounded operations),
    C̃ the compact scale of :func:`magnitudes`.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> q = random_problem(2, 3, 0, "int", fn="matrix", p=4)
    >>> contraction_tolerance(q, np.ones((2, 3))).shape
    (4, 3)
    """
    scale = np.einsum("i...k,ik->...k", magnitudes(problem).G, np.abs(H))
    return pair_tolerance(2 * problem.m + 4, scale)


@dataclass(frozen=True)
class Magnitudes:
    """The scales of the rounding errors of F and of its compact Jacobian, from the model.

    Computing F(W) in float64 errs by at most about γ_N·``f`` and the compact Jacobian by
    about γ_N·``G``, entry by entry, N the number of rounded operations of one entry
    (:meth:`~hadviz.models.Model.rounding_scales`). For the quadratic models they are the
    sums of absolute values: F and C evaluated on |W| and the |parameters|.

    Attributes
    ----------
    f : ndarray, the output's shape ((n,) or (p, n))
        For the question, (|a|ᵀ|W|) ∘ (|b|ᵀ|W|) ≥ |f|.
    G : ndarray, the compact Jacobian's shape ((m, n) or (m, p, n))
        For the question, |a|(|b|ᵀ|W|)ᵀ + |b|(|a|ᵀ|W|)ᵀ ≥ |G|, entry by entry.
    """

    f: NDArray
    G: NDArray


def magnitudes(problem: Problem) -> Magnitudes:
    """The scales that bound the rounding errors of F and of its compact Jacobian.

    Examples
    --------
    >>> p = Problem([[1.0, -2.0]], [1.0], [-1.0])
    >>> magnitudes(p).G.tolist()
    [[2.0, 4.0]]
    >>> magnitudes(Problem([[1.0, -2.0]], [[1.0, 2.0]], [[-1.0, 0.0]], fn="matrix")).G.shape
    (1, 2, 2)
    """
    f, G = problem.model.rounding_scales(problem.W, *problem.arrays)
    return Magnitudes(f, G)


@dataclass(frozen=True)
class Comparison:
    """Two computations of the same numbers, judged entry by entry against a tolerance.

    Attributes
    ----------
    passed : bool
        Every |value − reference| ≤ tolerance.
    error : float
        The largest |value − reference|.
    relative : float
        ``error`` over the largest |reference| (``error`` itself when the reference is 0).
    worst : tuple of int
        Index of the entry that uses the largest share of its tolerance.
    share : float
        |value − reference| / tolerance at ``worst`` (≤ 1 means within).
    tolerance : float
        The tolerance at ``worst``.
    failures : int
        How many entries are out of their tolerance.
    size : float
        The largest |reference|.
    """

    passed: bool
    error: float
    relative: float
    worst: tuple[int, ...]
    share: float
    tolerance: float
    failures: int = 0
    size: float = 0.0

    def summary(self) -> str:
        """One line for the page: the difference, and the tolerance it was judged by.

        A relative error is given only where the reference is larger than the tolerance: a
        difference of rounding noise over a reference that is itself 0 up to rounding
        would read as "relative 1" and mean nothing.

        Examples
        --------
        >>> "no relative error" in compare([1.5e-16], [0.0], 1e-15).summary()
        True
        >>> "(relative 0.1)" in compare([1.1], [1.0], 0.2).summary()
        True
        >>> compare([0.0], [0.0], 0.0).summary()
        'both exactly 0: every term is 0, so nothing is rounded (tolerance 0)'
        >>> compare([1.0], [1.0], 0.0).summary()
        'identical, as they must be: nothing here is rounded (tolerance 0)'
        """
        if self.error == 0 and self.tolerance == 0:
            return ("both exactly 0: every term is 0, so nothing is rounded (tolerance 0)"
                    if self.size == 0 else
                    "identical, as they must be: nothing here is rounded (tolerance 0)")
        relative = f"relative {text_sci(self.relative)}" if self.size > self.tolerance else ""
        lead = f"largest difference {text_sci(self.error)}"
        lead += (f" ({relative})" if relative else
                 ", where the exact values are 0 up to rounding (no relative error)")
        return f"{lead}; rounding-error tolerance {text_sci(self.tolerance)} at the worst entry"


def compare(value: ArrayLike, reference: ArrayLike, tolerance: ArrayLike) -> Comparison:
    """Judge |value − reference| ≤ tolerance entry by entry (tolerance broadcasts).

    Examples
    --------
    >>> c = compare([1.0, 2.0], [1.0, 2.0 + 1e-15], 1e-14)
    >>> c.passed, c.worst
    (True, (1,))
    """
    v, r = np.asarray(value, dtype=float), np.asarray(reference, dtype=float)
    diff = np.abs(v - r)
    tol = np.broadcast_to(np.asarray(tolerance, dtype=float), diff.shape)
    # a zero tolerance admits only an exact match: share 0 for 0/0, inf otherwise
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = np.where(diff == 0, 0.0, diff / tol)
    flat = int(np.argmax(share)) if share.size else 0
    worst = tuple(int(x) for x in np.unravel_index(flat, diff.shape)) if diff.ndim else ()
    error = float(diff.max(initial=0.0))
    failures = int(np.count_nonzero(diff > tol))
    return Comparison(
        passed=failures == 0,
        error=error,
        relative=relative_error(v, r),
        worst=worst,
        share=float(share[worst]) if share.size else 0.0,
        tolerance=float(tol[worst]) if tol.size else 0.0,
        failures=failures,
        size=float(np.max(np.abs(r), initial=0.0)),
    )


def relative_error(value: ArrayLike, reference: ArrayLike) -> float:
    """max |value − reference| / max |reference|; the absolute error when the reference is 0.

    Examples
    --------
    >>> relative_error([1.0, 2.5], [1.0, 2.0])
    0.25
    >>> relative_error([1e-3], [0.0])
    0.001
    """
    v, r = np.asarray(value, dtype=float), np.asarray(reference, dtype=float)
    diff = float(np.max(np.abs(v - r), initial=0.0))
    size = float(np.max(np.abs(r), initial=0.0))
    return diff / size if size > 0 else diff


def unit_direction(shape: tuple[int, int], seed: int = 0) -> NDArray:
    """A seeded standard-normal matrix scaled to unit Frobenius norm.

    Examples
    --------
    >>> H = unit_direction((3, 2), seed=1)
    >>> H.shape, round(float(np.linalg.norm(H)), 12)
    ((3, 2), 1.0)
    """
    H = np.random.default_rng(seed).standard_normal(shape)
    return H / np.linalg.norm(H)


def complex_step_entry(problem: Problem, i: int, j: int, h: float = COMPLEX_STEP) -> NDArray:
    """∂F/∂W_ij by the complex step, Im F(W + ih E_ij)/h, from the model's F alone.

    No difference is taken, so there is no cancellation. For a quadratic model the h² term is
    real, so the only error is the rounding of F's own operations (at most about
    γ_{m+4}·C̃[i, (r,) j], C̃ from :func:`magnitudes`); for the others the h² term is of
    relative size h² ≈ 10⁻⁴⁰, far below rounding.

    Returns
    -------
    dF : ndarray, the output's shape ((n,) or (p, n))
    """
    E = np.zeros(problem.W.shape)
    E[i, j] = 1.0
    return problem.model.f(problem.W + 1j * h * E, *problem.arrays).imag / h


def complex_step_jacobian(problem: Problem, h: float = COMPLEX_STEP) -> NDArray:
    """Every ∂F/∂W_ij by the complex step: J[…, i, j] = Im F(W + ih E_ij)/h.

    For each column j, F is evaluated once on m copies of W side by side, copy i with ih
    added at (i, j): F acts on each column of its argument, so column k of copy i is
    F(W + ih E_ij)[…, k]. Only the model's F is used (no derivative formula), and every
    component is computed, so the zeros of J come out of the arithmetic rather than being
    assumed. It agrees with :func:`complex_step_entry` to rounding.

    Returns
    -------
    J : ndarray, shape output + (m, n): (n, m, n), or (p, n, m, n) for a model with rows

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> q = random_problem(2, 3, 0, "int", fn="matrix", p=2)
    >>> J = complex_step_jacobian(q)
    >>> J.shape, bool(np.allclose(J, q.model.jacobian(q.W, *q.arrays), rtol=1e-14, atol=0))
    ((2, 3, 2, 3), True)
    """
    model, W = problem.model, problem.W
    m, n = W.shape
    out = model.output_shape(n, problem.p)
    J = np.empty((*out, m, n))
    step = 1j * h * np.eye(m)
    for j in range(n):
        Wc = np.tile(W.astype(complex), (1, m))  # (m, m·n): copy i is columns i·n … i·n + n − 1
        Wc[:, j::n] += step  # copy i gets ih at (i, j)
        F = model.f(Wc, *problem.arrays).imag / h  # (…, m·n)
        J[..., j] = F.reshape(*out[:-1], m, n).swapaxes(-1, -2)  # [… , i, k] → [… , k, i]
    return J


def power_of_two(x: ArrayLike) -> NDArray:
    """The power of two nearest to each |x| (1 where x = 0): a step that divides exactly.

    Examples
    --------
    >>> power_of_two([3.0, 0.0, 1e-3]).tolist()
    [4.0, 1.0, 0.0009765625]
    """
    mag = np.abs(np.asarray(x, dtype=float))
    safe = np.where(mag > 0, mag, 1.0)
    return np.exp2(np.round(np.log2(safe)))
