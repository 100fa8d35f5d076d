r"""Gradient checks of any model: a numeric Jacobian against an analytic one, and the Taylor test.

The numeric Jacobian is built by central differences of the problem's model, one entry of W at
a time. For a quadratic model central differences have no truncation error, so the step of
each column is the power of two nearest the size of its entries and leaves rounding alone.
For any other model the step of entry (i, j) balances rounding against truncation: the power
of two nearest the smaller of (3 ε_F / |F‴|)^{1/3} (F‴ the model's third derivative along
E_ij, ε_F the rounding bound of F) and 2⁻¹⁸ times the column's size. Each entry is judged against
the sum of a rounding-error bound of the two computations and that truncation estimate
(:func:`gradient_check_tolerance`), so the verdict means the same at every scale of the data.
The analytic gradient under test is the true one or a deliberately wrong one
(:mod:`hadviz.broken`). Nothing here names a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.broken import (
    BROKEN_GRADIENTS,
    Broken,
    BrokenGradient,
    broken_compact,
    broken_gradients,
)
from hadviz.calculus import expand_compact
from hadviz.checks import SAFETY, UNIT_ROUNDOFF, compare, gamma, power_of_two
from hadviz.finite_diff import fit_slope, norm2
from hadviz.problem import Problem

__all__ = [
    "BROKEN_GRADIENTS",
    "Broken",
    "BrokenGradient",
    "GradCheck",
    "TaylorTest",
    "broken_compact",
    "broken_gradients",
    "column_steps",
    "entry_steps",
    "gradient_check",
    "gradient_check_tolerance",
    "numeric_jacobian",
    "taylor_steps",
    "taylor_test",
]

#: The largest step for a model that is not quadratic, relative to its column: about u^{1/3}.
CUBE_ROOT_STEP = 2.0**-18


def column_steps(problem: Problem) -> NDArray:
    """The power of two nearest max |w_j| for each column of W (1 for a zero column).

    For a quadratic model this is the step: central differences have no truncation error
    there, and a step of the size of the data keeps the rounding error ≈ ε·|F|/h at the level
    of ε·|∂F|. A power of two makes the division by 2h exact.

    Returns
    -------
    h : (n,) ndarray
    """
    return power_of_two(np.max(np.abs(problem.W), axis=0))


def _entry_lines(problem: Problem) -> tuple[NDArray, NDArray]:
    """F″ and F‴ along each E_ij, in the compact shape: [i, (r,) j] = d²/d³ of F_(r,)j.

    Column j of the model depends on column j of W only, so the direction e_i 1ᵀ (all of row
    i) gives the coefficients along E_ij for every j at once: m calls instead of m·n.
    """
    m, n = problem.m, problem.n
    model, P = problem.model, problem.arrays
    d2, d3 = [], []
    for i in range(m):
        H = np.zeros((m, n))
        H[i] = 1.0
        line = model.line(problem.W, *P, H)
        shape = model.output_shape(n, problem.p)
        d2.append(np.broadcast_to(line.d2, shape))
        d3.append(np.broadcast_to(line.d3, shape))
    return np.abs(np.array(d2)), np.abs(np.array(d3))


def _rounding_of_f(problem: Problem, h: NDArray, sign: float) -> NDArray:
    """F̃ at W + sign·h_ij E_ij for every entry, in the compact shape (row trick as above)."""
    model, P = problem.model, problem.arrays
    out = []
    for i in range(problem.m):
        Wp = problem.W.copy()
        Wp[i] += sign * h[i]
        out.append(model.rounding_scales(Wp, *P)[0])
    return np.array(out)


def entry_steps(problem: Problem) -> NDArray:
    """The central-difference step of each entry of W, shape (m, n): powers of two.

    A quadratic model: :func:`column_steps` for every entry of the column. Otherwise the step
    that balances the rounding bound (2γ_m + u)F̃/h against the truncation h²|F‴|/6,
    h = (3 (2γ_m + u) F̃ / |F‴|)^{1/3}, or :data:`CUBE_ROOT_STEP` times the column's size if
    that is smaller (where F‴ happens to vanish the next term, h⁴F⁽⁵⁾/120, is then far below
    rounding); then the nearest power of two.
    """
    cols = np.broadcast_to(column_steps(problem), (problem.m, problem.n))
    if problem.model.quadratic:
        return np.array(cols)
    _, d3 = _entry_lines(problem)
    F_scale = problem.model.rounding_scales(problem.W, *problem.arrays)[0]
    rounding = (2 * gamma(problem.m) + UNIT_ROUNDOFF) * F_scale
    if problem.model.rows:  # one step per entry of W: the most curved row decides
        d3, rounding = d3.max(axis=1), rounding.min(axis=0)
    cap = CUBE_ROOT_STEP * cols
    with np.errstate(divide="ignore", invalid="ignore"):  # F‴ = 0: no truncation, the cap
        best = np.cbrt(3.0 * rounding[np.newaxis, :] / d3)
    best = np.where((best > 0) & (best < cap), best, cap)
    return power_of_two(best)


def _steps(problem: Problem, h: float | ArrayLike | None) -> NDArray:
    """The step of each entry, (m, n), from None (the default), one number, (n,) or (m, n)."""
    if h is None:
        return entry_steps(problem)
    return np.array(np.broadcast_to(np.asarray(h, dtype=float), (problem.m, problem.n)))


def numeric_jacobian(problem: Problem, h: float | ArrayLike | None = None) -> NDArray:
    """The dense Jacobian by central differences of the model, one entry of W at a time.

    Column j of W is perturbed for all rows i at once (a batch of m problems), and every
    component of F is computed, so the zeros of J come out of the arithmetic.

    Parameters
    ----------
    problem : Problem
    h : float, (n,) or (m, n) array_like, optional
        The step, one per column, or one per entry; defaults to :func:`entry_steps`.

    Returns
    -------
    J : ndarray, shape output + (m, n): (n, m, n), or (p, n, m, n) for a model with rows
    """
    W, P, model = problem.W, problem.arrays, problem.model
    m, n = W.shape
    steps = _steps(problem, h)
    J = np.empty((*model.output_shape(n, problem.p), m, n))
    rows = np.arange(m)
    for j in range(n):
        plus = np.repeat(W[np.newaxis], m, axis=0)
        minus = plus.copy()
        plus[rows, rows, j] += steps[:, j]
        minus[rows, rows, j] -= steps[:, j]
        width = (2.0 * steps[:, j]).reshape((m,) + (1,) * (J.ndim - 2))
        J[..., j] = np.moveaxis((model.f(plus, *P) - model.f(minus, *P)) / width, 0, -1)
    return J


def gradient_check_tolerance(problem: Problem, h: ArrayLike) -> NDArray:
    r"""The tolerance of each entry of the gradient check: rounding bound plus truncation.

    With F̃ and C̃ the model's rounding scales (:meth:`~hadviz.models.Model.rounding_scales`),
    F₂ and F₃ the second and third derivatives of F along E_ij and u = 2⁻⁵³, the central
    difference N obeys

    .. math::

        |N - J| \le \frac{2\gamma_m + u}{2h}\,(\tilde F^{+} + \tilde F^{-})
                 + u\,\frac{|W_{ij}| + h}{h}\,(\tilde C + h|F_2|) + 2u\,\tilde C
                 + \frac{h^2}{6}\,|F_3|

    (F̃ at W ± hE_ij; the second term: W_ij ± h is itself rounded; the last is the
    truncation, 0 for a quadratic model), and the analytic form |C − J| ≤ γ_{m+2} C̃. The
    tolerance is ``SAFETY`` times their sum. For the question, F̃ = (|a|ᵀ|W|) ∘ (|b|ᵀ|W|)
    and C̃ = |a|(|b|ᵀ|W|)ᵀ + |b|(|a|ᵀ|W|)ᵀ.

    Parameters
    ----------
    problem : Problem
    h : (n,) or (m, n) array_like
        The step of each column, or of each entry.

    Returns
    -------
    tol : ndarray, the compact shape
        For the entry J[(r,) j, i, j]; every other entry of J is exactly 0 on both sides.
    """
    u, m = UNIT_ROUNDOFF, problem.m
    steps = _steps(problem, h)
    C_scale = problem.model.rounding_scales(problem.W, *problem.arrays)[1]
    d2, d3 = _entry_lines(problem)
    rows = problem.model.rows
    hh = steps[:, np.newaxis, :] if rows else steps
    Wabs = np.abs(problem.W)[:, np.newaxis, :] if rows else np.abs(problem.W)
    F_sum = _rounding_of_f(problem, steps, 1.0) + _rounding_of_f(problem, steps, -1.0)
    numeric = ((2 * gamma(m) + u) / 2 * F_sum / hh + u * (Wabs + hh) / hh * (C_scale + hh * d2)
               + 2 * u * C_scale + hh**2 / 6 * d3)
    return SAFETY * (numeric + gamma(m + 2) * C_scale)


@dataclass(frozen=True)
class GradCheck:
    """The result of comparing numeric and analytic Jacobians entry by entry.

    An entry passes when |numeric − analytic| is within its tolerance
    (:func:`gradient_check_tolerance`); entries off the structural pattern (j ≠ k) are
    exactly 0 on both sides.

    Attributes
    ----------
    worst : tuple of int
        0-based (k, i, j), or (r, k, i, j) for a model with rows: the entry that uses the
        largest share of its tolerance.
    numeric, analytic : float
        The two values at ``worst``.
    abs_error : float
        |numeric − analytic| at ``worst``.
    tolerance : float
        Its tolerance.
    rel_error : float or None
        abs_error / |numeric|, or None when the numeric value is 0: such an entry is judged
        by the absolute tolerance alone.
    h_min, h_max : float
        The range of the steps used.
    truncation : bool
        The model is not quadratic: the tolerance includes the truncation estimate.
    """

    passed: bool
    worst: tuple[int, ...]
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
    truncation: bool = False


def gradient_check(problem: Problem, broken: Broken = "none") -> GradCheck:
    """Check an analytic Jacobian of the problem's model against central differences.

    The true gradient passes at every scale; a float32 gradient (about 1e-7 relative) fails.

    Parameters
    ----------
    problem : Problem
    broken : str
        A key of :func:`broken_gradients` for the problem's model; "none" checks the true
        gradient.

    Returns
    -------
    GradCheck

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 3, seed=0, dist="normal")
    >>> gradient_check(p).passed, gradient_check(p, "drop_ab").passed
    (True, False)
    >>> q = random_problem(3, 3, seed=0, dist="normal", fn="gated")
    >>> gradient_check(q).passed, gradient_check(q, "drop_chain").passed
    (True, False)
    """
    analytic_compact = broken_compact(problem, broken)
    h = entry_steps(problem)
    numeric = numeric_jacobian(problem, h)
    analytic = expand_compact(analytic_compact)
    tol = expand_compact(gradient_check_tolerance(problem, h))
    result = compare(analytic, numeric, tol)
    num, ana = float(numeric[result.worst]), float(analytic[result.worst])
    abs_err = abs(num - ana)
    return GradCheck(
        passed=result.passed, worst=result.worst, numeric=num, analytic=ana, abs_error=abs_err,
        tolerance=result.tolerance, rel_error=abs_err / abs(num) if num != 0 else None,
        max_abs_error=result.error, failures=result.failures, entries=int(numeric.size),
        h_min=float(h.min()), h_max=float(h.max()), truncation=not problem.model.quadratic,
    )


@dataclass(frozen=True)
class TaylorTest:
    """Remainders ‖F(W + tH) − F(W) − t·D[H]‖ over t, and their fitted log–log slope.

    ``slope`` is NaN when fewer than two remainders stand above rounding (for the true
    gradient along a direction without curvature the remainder is 0 for every t).
    """

    t: NDArray
    remainder: NDArray
    slope: float


def taylor_steps(problem: Problem, H: ArrayLike) -> NDArray:
    """Steps t from 10⁻⁵ to 1 times ‖W‖/‖H‖ (1/‖H‖ when W = 0): tH as large as W at most.

    Scaling t to the data makes the test mean the same at every scale of W and the parameters.
    """
    nH = norm2(np.asarray(H, dtype=float))
    nW = norm2(problem.W)
    scale = (nW if nW > 0 else 1.0) / (nH if nH > 0 else 1.0)
    return scale * np.logspace(-5, 0, 16)


def taylor_test(problem: Problem, H: ArrayLike, broken: Broken = "none",
                t: ArrayLike | None = None) -> TaylorTest:
    """The Taylor-remainder test of a (possibly broken) gradient along H, for any model.

    With the right derivative the remainder is t²‖F₂/2‖ + O(t³) (exactly t²‖(Hᵀa) ∘ (Hᵀb)‖ for
    the quadratic f; slope 2); a wrong one leaves a first-order term t‖(DF − D)[H]‖ (slope 1
    for t small enough that it dominates).

    Returns
    -------
    TaylorTest
        ``slope`` is fitted over the steps where the remainder is above rounding level,
        10³ε times the size of the terms it is computed from.
    """
    H = np.asarray(H, dtype=float)
    ts = taylor_steps(problem, H) if t is None else np.asarray(t, dtype=float)
    model, W, P = problem.model, problem.W, problem.arrays
    C = broken_compact(problem, broken)
    D = np.einsum("i...k,ik->...k", C, H)  # Σ_ij J[…k, i, j] H_ij with J = δ_jk C[i, …, k]
    F0 = model.f(W, *P)
    # norm2, not np.linalg.norm: squaring remainders of size 10⁻¹⁸⁰ (entries of 10⁻⁶⁰) underflows
    rem = np.array([norm2(model.f(W + s * H, *P) - F0 - s * D) for s in ts])
    r = norm2(model.second_order_term(W, *P, H))
    floor = 1e3 * np.finfo(float).eps * (norm2(F0) + ts * norm2(D) + ts**2 * r)
    usable = rem > floor
    slope = fit_slope(ts[usable], rem[usable]) if usable.sum() >= 2 else float("nan")
    return TaylorTest(ts, rem, slope)
