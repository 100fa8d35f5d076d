r"""Gradient checks: a numeric Jacobian against an analytic one, and the Taylor-remainder test.

The numeric Jacobian is built by central differences one entry of W at a time, with the
step of each column the power of two nearest the size of its entries (f is quadratic, so
central differences have no truncation error and a large step leaves rounding alone).
Each entry is judged against a rounding-error bound of the two computations
(:func:`gradient_check_tolerance`), so the verdict means the same at every scale of the
data. The analytic gradient under test is the true G or one of the deliberately wrong ones
in :data:`BROKEN_GRADIENTS`, a registry of name → (description, formula).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.calculus import expand_compact
from hadviz.checks import SAFETY, UNIT_ROUNDOFF, compare, gamma, magnitudes, power_of_two
from hadviz.finite_diff import fit_slope, norm2
from hadviz.models import HADAMARD
from hadviz.problem import Problem

__all__ = [
    "BROKEN_GRADIENTS",
    "Broken",
    "BrokenGradient",
    "GradCheck",
    "TaylorTest",
    "broken_compact",
    "column_steps",
    "gradient_check",
    "gradient_check_tolerance",
    "numeric_jacobian",
    "taylor_steps",
    "taylor_test",
]

Broken = Literal["none", "drop_ab", "drop_ba", "two_ab", "transpose", "float32"]


@dataclass(frozen=True)
class BrokenGradient:
    """An analytic gradient to check: its description and its formula for G."""

    label: str
    compact: Callable[[Problem], NDArray]


def _true(p: Problem) -> NDArray:
    return HADAMARD.compact(p.W, p.a, p.b)


def _transposed(p: Problem) -> NDArray:
    G = _true(p)
    return np.ascontiguousarray(G.T).reshape(G.shape)


def _float32(p: Problem) -> NDArray:
    f32 = np.float32
    return HADAMARD.compact(p.W.astype(f32), p.a.astype(f32), p.b.astype(f32)).astype(float)


#: The true gradient and the deliberately wrong ones of the break-the-gradient lab.
BROKEN_GRADIENTS: dict[Broken, BrokenGradient] = {
    "none": BrokenGradient("the true gradient G = (abᵀ + baᵀ)W", _true),
    "drop_ab": BrokenGradient("drop the abᵀ term: G = baᵀW", lambda p: np.outer(p.b, p.a @ p.W)),
    "drop_ba": BrokenGradient("drop the baᵀ term: G = abᵀW", lambda p: np.outer(p.a, p.b @ p.W)),
    "two_ab": BrokenGradient("the shortcut G = 2abᵀW (as if abᵀ were symmetric)",
                             lambda p: 2.0 * np.outer(p.a, p.b @ p.W)),
    "transpose": BrokenGradient(
        "transpose G (read Gᵀ in W's shape: a row/column-major mix-up)", _transposed),
    "float32": BrokenGradient("compute G in float32", _float32),
}


def broken_compact(problem: Problem, which: Broken) -> NDArray:
    """The compact Jacobian G, or one of the deliberately wrong versions in BROKEN_GRADIENTS.

    Returns
    -------
    G : (m, n) ndarray (float64)
    """
    if which not in BROKEN_GRADIENTS:
        raise ValueError(f"broken gradient must be one of {', '.join(BROKEN_GRADIENTS)}; "
                         f"got {which!r}")
    return BROKEN_GRADIENTS[which].compact(problem)


def column_steps(problem: Problem) -> NDArray:
    """The central-difference step for each column of W: the power of two nearest max |w_j|.

    f is quadratic, so central differences have no truncation error and a step of the size of
    the data is best: it keeps the rounding error ≈ ε·|f|/h at the level of ε·|∂f|. A power of
    two makes the division by 2h exact. A zero column gets h = 1 (any step is exact there).

    Returns
    -------
    h : (n,) ndarray
    """
    return power_of_two(np.max(np.abs(problem.W), axis=0))


def numeric_jacobian(problem: Problem, h: float | ArrayLike | None = None) -> NDArray:
    """The full Jacobian J[k, i, j] by central differences, one entry of W at a time.

    Column j of W is perturbed for all rows i at once (a batch of m problems), so the cost is
    n batched evaluations of O(m · mn) each, without forming anything larger than (m, m, n).

    Parameters
    ----------
    problem : Problem
    h : float or (n,) array_like, optional
        The step, or one step per column of W; defaults to :func:`column_steps`.

    Returns
    -------
    J : (n, m, n) ndarray
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    steps = column_steps(problem) if h is None else np.broadcast_to(np.asarray(h, float), (n,))
    J = np.empty((n, m, n))
    eye = np.eye(m)
    for j in range(n):
        plus = np.repeat(W[np.newaxis], m, axis=0)
        minus = plus.copy()
        plus[:, :, j] += steps[j] * eye
        minus[:, :, j] -= steps[j] * eye
        # batched f: (m_batch, n) = (aᵀW_p) ∘ (bᵀW_p) for each perturbed W_p
        fp = np.einsum("i,pij->pj", a, plus) * np.einsum("i,pij->pj", b, plus)
        fm = np.einsum("i,pij->pj", a, minus) * np.einsum("i,pij->pj", b, minus)
        J[:, :, j] = ((fp - fm) / (2.0 * steps[j])).T
    return J


def gradient_check_tolerance(problem: Problem, h: NDArray) -> NDArray:
    r"""The tolerance of each entry (i, j) of the gradient check: a rounding-error bound.

    With U = |a|ᵀ|w_j| + h|a_i| and V = |b|ᵀ|w_j| + h|b_i| (the sums of absolute values that
    f(W ± hE_ij) is made of), G̃ = |a|(|b|ᵀ|W|)ᵀ + |b|(|a|ᵀ|W|)ᵀ and u = 2⁻⁵³:

    .. math::

        |N - J| \le (2\gamma_{m} + u)\,\frac{UV}{h}
                 + u\,\frac{|W_{ij}| + h}{h}\,(\tilde G_{ij} + 2h|a_i b_i|) + 2u\,\tilde G_{ij}

    for the central difference N (the second term: W_ij ± h is itself rounded), and
    |G − J| ≤ γ_{m+2} G̃_ij for the analytic G. The tolerance is ``SAFETY`` times their sum.

    Parameters
    ----------
    problem : Problem
    h : (n,) ndarray
        The step of each column.

    Returns
    -------
    tol : (m, n) ndarray
        For the entry J[j, i, j]; every other entry of J is exactly 0 on both sides.
    """
    u, m = UNIT_ROUNDOFF, problem.m
    mag = magnitudes(problem)
    ab = (np.abs(problem.a) * np.abs(problem.b))[:, np.newaxis]
    hh = h[np.newaxis, :]
    uv_over_h = mag.f[np.newaxis, :] / hh + mag.G + hh * ab
    numeric = ((2 * gamma(m) + u) * uv_over_h
               + u * (np.abs(problem.W) + hh) / hh * (mag.G + 2 * hh * ab) + 2 * u * mag.G)
    analytic = gamma(m + 2) * mag.G
    return SAFETY * (numeric + analytic)


@dataclass(frozen=True)
class GradCheck:
    """The result of comparing numeric and analytic Jacobians entry by entry.

    An entry passes when |numeric − analytic| is within its rounding-error bound
    (:func:`gradient_check_tolerance`); entries off the structural pattern (j ≠ k) are
    exactly 0 on both sides.

    Attributes
    ----------
    worst : (k, i, j)
        0-based; the entry that uses the largest share of its tolerance.
    numeric, analytic : float
        The two values at ``worst``.
    abs_error : float
        |numeric − analytic| at ``worst``.
    tolerance : float
        Its tolerance.
    rel_error : float or None
        abs_error / |numeric|, or None when the exact value (numeric) is 0: such an entry is
        judged by the absolute tolerance alone.
    h_min, h_max : float
        The range of the column steps used.
    """

    passed: bool
    worst: tuple[int, int, int]
    numeric: float
    analytic: float
    abs_error: float
    tolerance: float
    rel_error: float | None
    max_abs_error: float
    failures: int
    entries: int
    h_min: float
    h_max: float


def gradient_check(problem: Problem, broken: Broken = "none") -> GradCheck:
    """Check an analytic Jacobian against central differences, in the spirit of gradcheck.

    The step of column j is the power of two nearest max |w_j| (central differences are
    exact for the quadratic f, so a step of the size of the data leaves rounding alone), and
    each entry's tolerance is a rounding-error bound (:func:`gradient_check_tolerance`):
    the true gradient passes at every scale, a float32 gradient (about 1e-7 relative) fails.

    Parameters
    ----------
    problem : Problem
    broken : str
        A key of :data:`BROKEN_GRADIENTS`; "none" checks the true gradient.

    Returns
    -------
    GradCheck

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 3, seed=0, dist="normal")
    >>> gradient_check(p).passed, gradient_check(p, "drop_ab").passed
    (True, False)
    """
    h = column_steps(problem)
    numeric = numeric_jacobian(problem, h)
    analytic = expand_compact(broken_compact(problem, broken))
    tol = expand_compact(gradient_check_tolerance(problem, h))
    result = compare(analytic, numeric, tol)
    k, i, j = result.worst
    num, ana = float(numeric[k, i, j]), float(analytic[k, i, j])
    abs_err = abs(num - ana)
    return GradCheck(
        passed=result.passed,
        worst=(k, i, j),
        numeric=num,
        analytic=ana,
        abs_error=abs_err,
        tolerance=result.tolerance,
        rel_error=abs_err / abs(num) if num != 0 else None,
        max_abs_error=result.error,
        failures=result.failures,
        entries=int(numeric.size),
        h_min=float(h.min()),
        h_max=float(h.max()),
    )


@dataclass(frozen=True)
class TaylorTest:
    """Remainders ‖f(W + tH) − f(W) − t·D[H]‖ over t, and their fitted log–log slope.

    ``slope`` is NaN when fewer than two remainders stand above rounding (for the true
    gradient along a direction without curvature the remainder is 0 for every t).
    """

    t: NDArray
    remainder: NDArray
    slope: float


def taylor_steps(problem: Problem, H: ArrayLike) -> NDArray:
    """Steps t from 10⁻⁵ to 1 times ‖W‖/‖H‖ (1/‖H‖ when W = 0): tH as large as W at most.

    Scaling t to the data makes the test mean the same at every scale of W, a and b.
    """
    nH = norm2(np.asarray(H, dtype=float))
    nW = norm2(problem.W)
    scale = (nW if nW > 0 else 1.0) / (nH if nH > 0 else 1.0)
    return scale * np.logspace(-5, 0, 16)


def taylor_test(problem: Problem, H: ArrayLike, broken: Broken = "none",
                t: ArrayLike | None = None) -> TaylorTest:
    """The Taylor-remainder test of a (possibly broken) gradient along H.

    With the right derivative the remainder is exactly t²‖(Hᵀa) ∘ (Hᵀb)‖ (slope 2); a wrong
    one leaves a first-order term t‖(Df − D)[H]‖ (slope 1 for t small enough that it
    dominates).

    Returns
    -------
    TaylorTest
        ``slope`` is fitted over the steps where the remainder is above rounding level,
        10³ε times the size of the terms it is computed from.
    """
    H = np.asarray(H, dtype=float)
    ts = taylor_steps(problem, H) if t is None else np.asarray(t, dtype=float)
    W, a, b = problem.W, problem.a, problem.b
    G = broken_compact(problem, broken)
    D = np.einsum("ik,ik->k", G, H)  # Σ_ij J[k,i,j] H_ij with J[k,i,j] = δ_jk G[i,k]
    f0 = HADAMARD.f(W, a, b)
    # norm2, not np.linalg.norm: squaring remainders of size 10⁻¹⁸⁰ (entries of 10⁻⁶⁰) underflows
    rem = np.array([norm2(HADAMARD.f(W + s * H, a, b) - f0 - s * D) for s in ts])
    r = norm2(HADAMARD.second_order_term(W, a, b, H))
    floor = 1e3 * np.finfo(float).eps * (norm2(f0) + ts * norm2(D) + ts**2 * r)
    usable = rem > floor
    slope = fit_slope(ts[usable], rem[usable]) if usable.sum() >= 2 else float("nan")
    return TaylorTest(ts, rem, slope)
