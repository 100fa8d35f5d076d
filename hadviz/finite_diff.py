r"""Finite differences for f: schemes, error-vs-h sweeps with predicted curves, gradient checks.

Three estimates of the directional derivative Df(W)[H] with step h:

.. math::

    \text{forward: } \frac{F(W + hH) - F(W)}{h}, \qquad
    \text{central: } \frac{F(W + hH) - F(W - hH)}{2h}, \qquad
    \text{complex step: } \frac{\operatorname{Im} F(W + ihH)}{h}.

For the quadratic f, F(W + tH) = f + t·Df[H] + t²·r with r = (Hᵀa) ∘ (Hᵀb) exactly, so the
forward error is exactly h‖r‖ plus rounding ≈ ε‖f‖/h, central differences have no truncation
error at all (the t² terms cancel), and the complex step has no subtraction, hence no
cancellation: it sits at rounding level for every h. Wrapping f in tanh (element-wise) makes
the map non-polynomial and brings back the textbook V shapes, with optima near √ε (forward)
and ε^(1/3) (central). The gradient check compares a full central-difference Jacobian with
an analytic one, optionally a deliberately broken one, and reports the worst entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.calculus import (
    expand_compact,
    hadamard_f,
    jacobian_compact,
    jvp,
    second_order_term,
)
from hadviz.problem import Problem, check_inputs

__all__ = [
    "BROKEN_GRADIENTS",
    "FUNCTIONS",
    "PRECISIONS",
    "SCHEMES",
    "ErrorSweep",
    "GradCheck",
    "TaylorTest",
    "broken_compact",
    "central_difference",
    "complex_step",
    "direction",
    "directional_derivative",
    "error_sweep",
    "evaluate",
    "fit_slope",
    "forward_difference",
    "gradient_check",
    "numeric_jacobian",
    "taylor_test",
]

Scheme = Literal["forward", "central", "complex"]
Function = Literal["quadratic", "tanh"]
Precision = Literal["float64", "float32"]

SCHEMES: tuple[Scheme, ...] = ("forward", "central", "complex")
FUNCTIONS: tuple[Function, ...] = ("quadratic", "tanh")
PRECISIONS: tuple[Precision, ...] = ("float64", "float32")

#: The deliberately wrong "analytic" gradients of the break-the-gradient lab.
BROKEN_GRADIENTS: dict[str, str] = {
    "none": "the true gradient G = (abᵀ + baᵀ)W",
    "drop_ab": "drop the abᵀ term: G = baᵀW",
    "drop_ba": "drop the baᵀ term: G = abᵀW",
    "transpose": "transpose G (read Gᵀ in W's shape: a row/column-major mix-up)",
    "float32": "compute G in float32",
}

_REAL: dict[str, type[np.floating]] = {"float64": np.float64, "float32": np.float32}
_EPS = {"float64": float(np.finfo(np.float64).eps), "float32": float(np.finfo(np.float32).eps)}
_COMPLEX = {"float64": np.complex128, "float32": np.complex64}


def evaluate(
    W: ArrayLike, a: ArrayLike, b: ArrayLike, function: Function = "quadratic"
) -> NDArray:
    """Evaluate f, or tanh(f) element-wise, in the dtype of the inputs.

    Parameters
    ----------
    W : (m, n) array_like
        Real or complex.
    a, b : (m,) array_like
    function : {"quadratic", "tanh"}

    Returns
    -------
    F : (n,) ndarray
    """
    f = hadamard_f(W, a, b)
    if function == "quadratic":
        return f
    if function == "tanh":
        return np.tanh(f)
    raise ValueError(f"function must be one of {', '.join(FUNCTIONS)}; got {function!r}")


def directional_derivative(
    W: ArrayLike, a: ArrayLike, b: ArrayLike, H: ArrayLike, function: Function = "quadratic"
) -> NDArray:
    r"""The exact derivative of :func:`evaluate` along H.

    .. math:: D\tanh(f)[H] = (1 - \tanh^2 f) \circ Df(W)[H]

    Returns
    -------
    dF : (n,) ndarray
    """
    d = jvp(W, a, b, H)
    if function == "quadratic":
        return d
    if function == "tanh":
        T = np.tanh(hadamard_f(W, a, b))
        return (1.0 - T**2) * d
    raise ValueError(f"function must be one of {', '.join(FUNCTIONS)}; got {function!r}")


def _cast(problem: Problem, H: ArrayLike, precision: Precision):
    if precision not in _REAL:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}; got {precision!r}")
    real = _REAL[precision]
    W, a, b = check_inputs(problem.W, problem.a, problem.b)
    H = np.asarray(H)
    if H.shape != W.shape:
        raise ValueError(f"H must have the shape of W, {W.shape}; got shape {H.shape}")
    return W.astype(real), a.astype(real), b.astype(real), H.astype(real), real


def forward_difference(problem: Problem, H: ArrayLike, h: float,
                       function: Function = "quadratic",
                       precision: Precision = "float64") -> NDArray:
    """(F(W + hH) − F(W)) / h, computed in ``precision``; returns (n,) float64."""
    W, a, b, H, real = _cast(problem, H, precision)
    h_ = real(h)
    out = (evaluate(W + h_ * H, a, b, function) - evaluate(W, a, b, function)) / h_
    return out.astype(np.float64)


def central_difference(problem: Problem, H: ArrayLike, h: float,
                       function: Function = "quadratic",
                       precision: Precision = "float64") -> NDArray:
    """(F(W + hH) − F(W − hH)) / (2h), computed in ``precision``; returns (n,) float64."""
    W, a, b, H, real = _cast(problem, H, precision)
    h_ = real(h)
    out = (evaluate(W + h_ * H, a, b, function) - evaluate(W - h_ * H, a, b, function)) / (
        real(2) * h_
    )
    return out.astype(np.float64)


def complex_step(problem: Problem, H: ArrayLike, h: float,
                 function: Function = "quadratic",
                 precision: Precision = "float64") -> NDArray:
    """Im F(W + ihH) / h, computed in ``precision``'s complex type; returns (n,) float64."""
    W, a, b, H, real = _cast(problem, H, precision)
    cplx = _COMPLEX[precision]
    h_ = real(h)
    Wc = W.astype(cplx) + cplx(1j) * h_ * H
    out = evaluate(Wc, a.astype(cplx), b.astype(cplx), function).imag / h_
    return out.astype(np.float64)


_SCHEME_FUNCS: dict[str, Callable[..., NDArray]] = {
    "forward": forward_difference,
    "central": central_difference,
    "complex": complex_step,
}


def direction(problem: Problem, kind: Literal["random", "entry"] = "random", seed: int = 0,
              i: int = 0, j: int = 0) -> NDArray:
    """A unit-Frobenius-norm direction H: random (seeded), or E_ij for one entry of W.

    Returns
    -------
    H : (m, n) ndarray
    """
    m, n = problem.m, problem.n
    if kind == "random":
        H = np.random.default_rng(seed).standard_normal((m, n))
        return H / np.linalg.norm(H)
    if kind == "entry":
        if not (0 <= i < m and 0 <= j < n):
            raise ValueError(f"entry (i, j) must be in 0..{m - 1} × 0..{n - 1}; got ({i}, {j})")
        H = np.zeros((m, n))
        H[i, j] = 1.0
        return H
    raise ValueError(f"direction kind must be 'random' or 'entry'; got {kind!r}")


@dataclass(frozen=True)
class ErrorSweep:
    """Errors of the three schemes over a grid of steps, with the predicted curves.

    Attributes
    ----------
    h : (s,) ndarray
        The steps, increasing.
    errors : dict of str to (s,) ndarray
        ‖estimate − exact‖₂ for each scheme; exact zeros stay zeros here (figures floor them).
    exact_norm : float
        ‖D F(W)[H]‖₂, to turn errors into relative errors.
    eps : float
        Machine epsilon of the precision used.
    predicted : dict of str to (s,) ndarray
        ``forward truncation``, ``rounding`` and, for tanh, ``central truncation``.
    optimum : dict of str to float
        Predicted best h for ``forward`` and (tanh only) ``central``.
    """

    h: NDArray
    errors: dict[str, NDArray]
    exact_norm: float
    eps: float
    function: str
    precision: str
    predicted: dict[str, NDArray]
    optimum: dict[str, float]

    def relative(self, scheme: str) -> NDArray:
        """Errors of ``scheme`` relative to ‖DF[H]‖ (absolute when that is 0)."""
        return self.errors[scheme] / (self.exact_norm if self.exact_norm > 0 else 1.0)


def _tanh_derivatives(problem: Problem, H: NDArray) -> tuple[NDArray, NDArray, NDArray]:
    """g(t) = tanh(f(W + tH)): g(0), g''(0), g'''(0), exact.

    f(W + tH) = f + t d + t² r exactly, so with T = tanh f, s = 1 − T²:
    g'' = −2 T s d² + 2 s r and g''' = −2 s (1 − 3T²) d³ − 12 T s d r.
    """
    W, a, b = problem.W, problem.a, problem.b
    f = hadamard_f(W, a, b)
    d = jvp(W, a, b, H)
    r = second_order_term(W, a, b, H)
    T = np.tanh(f)
    s = 1.0 - T**2
    g2 = -2.0 * T * s * d**2 + 2.0 * s * r
    g3 = -2.0 * s * (1.0 - 3.0 * T**2) * d**3 - 12.0 * T * s * d * r
    return T, g2, g3


def error_sweep(
    problem: Problem,
    H: ArrayLike,
    h: ArrayLike,
    function: Function = "quadratic",
    precision: Precision = "float64",
) -> ErrorSweep:
    """Sweep the step h and measure each scheme against the exact directional derivative.

    The exact value is computed in float64 from the closed form, whatever ``precision``.

    Parameters
    ----------
    problem : Problem
    H : (m, n) array_like
        The direction.
    h : (s,) array_like
        Positive steps.
    function : {"quadratic", "tanh"}
    precision : {"float64", "float32"}

    Returns
    -------
    ErrorSweep

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 4, seed=1, dist="normal")
    >>> s = error_sweep(p, direction(p), [1e-1, 1e-2])
    >>> bool(np.all(s.relative("complex") < 1e-14))
    True
    """
    hs = np.sort(np.asarray(h, dtype=float).reshape(-1))
    if hs.size == 0 or np.any(~np.isfinite(hs)) or np.any(hs <= 0):
        raise ValueError("h must be a non-empty array of positive finite steps")
    H = np.asarray(H, dtype=float)
    exact = directional_derivative(problem.W, problem.a, problem.b, H, function)
    errors = {}
    for scheme, func in _SCHEME_FUNCS.items():
        errors[scheme] = np.array(
            [np.linalg.norm(func(problem, H, float(step), function, precision) - exact)
             for step in hs]
        )
    eps = _EPS[precision]
    if function == "quadratic":
        F = hadamard_f(problem.W, problem.a, problem.b)
        curvature = float(np.linalg.norm(second_order_term(problem.W, problem.a, problem.b, H)))
        size = float(np.linalg.norm(F))
        predicted = {"forward truncation": hs * curvature}
        optimum = {"forward": _safe_sqrt(eps * size / curvature)}
    else:
        T, g2, g3 = _tanh_derivatives(problem, H)
        size = float(np.linalg.norm(T))
        n2, n3 = float(np.linalg.norm(g2)), float(np.linalg.norm(g3))
        predicted = {"forward truncation": hs * n2 / 2.0, "central truncation": hs**2 * n3 / 6.0}
        optimum = {
            "forward": _safe_sqrt(2.0 * eps * size / n2),
            "central": float((3.0 * eps * size / n3) ** (1.0 / 3.0)) if n3 > 0 else np.nan,
        }
    predicted["rounding"] = eps * max(size, 1e-300) / hs
    return ErrorSweep(hs, errors, float(np.linalg.norm(exact)), eps, function, precision,
                      predicted, optimum)


def _safe_sqrt(x: float) -> float:
    return float(np.sqrt(x)) if np.isfinite(x) and x > 0 else float("nan")


def fit_slope(x: ArrayLike, y: ArrayLike) -> float:
    """Least-squares slope of log10 y against log10 x (the order of a power law).

    Examples
    --------
    >>> round(fit_slope([1e-3, 1e-2, 1e-1], [1e-6, 1e-4, 1e-2]), 12)
    2.0
    """
    lx, ly = np.log10(np.asarray(x, float)), np.log10(np.asarray(y, float))
    return float(np.polyfit(lx, ly, 1)[0])


# -- gradient check ---------------------------------------------------------------------------


def broken_compact(problem: Problem, which: str) -> NDArray:
    """The compact Jacobian G, or one of the deliberately wrong versions in BROKEN_GRADIENTS.

    Returns
    -------
    G : (m, n) ndarray (float64)
    """
    W, a, b = problem.W, problem.a, problem.b
    if which == "none":
        return jacobian_compact(W, a, b)
    if which == "drop_ab":
        return np.outer(b, a @ W)
    if which == "drop_ba":
        return np.outer(a, b @ W)
    if which == "transpose":
        G = jacobian_compact(W, a, b)
        return np.ascontiguousarray(G.T).reshape(G.shape)
    if which == "float32":
        f32 = np.float32
        return jacobian_compact(W.astype(f32), a.astype(f32), b.astype(f32)).astype(np.float64)
    raise ValueError(f"broken gradient must be one of {', '.join(BROKEN_GRADIENTS)}; got {which!r}")


def numeric_jacobian(problem: Problem, h: float = 1e-3) -> NDArray:
    """The full Jacobian J[k, i, j] by central differences, one entry of W at a time.

    Column j of W is perturbed for all rows i at once (a batch of m problems), so the cost is
    n batched evaluations of O(m · mn) each, without forming anything larger than (m, m, n).

    Returns
    -------
    J : (n, m, n) ndarray
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    J = np.empty((n, m, n))
    eye = np.eye(m)
    for j in range(n):
        plus = np.repeat(W[np.newaxis], m, axis=0)
        minus = plus.copy()
        plus[:, :, j] += h * eye
        minus[:, :, j] -= h * eye
        # batched f: (m_batch, n) = (aᵀW_p) ∘ (bᵀW_p) for each perturbed W_p
        fp = np.einsum("i,pij->pj", a, plus) * np.einsum("i,pij->pj", b, plus)
        fm = np.einsum("i,pij->pj", a, minus) * np.einsum("i,pij->pj", b, minus)
        J[:, :, j] = ((fp - fm) / (2.0 * h)).T
    return J


@dataclass(frozen=True)
class GradCheck:
    """The result of comparing numeric and analytic Jacobians entry by entry.

    An entry passes when |numeric − analytic| ≤ atol + rtol·|numeric|.
    """

    passed: bool
    worst: tuple[int, int, int]
    numeric: float
    analytic: float
    abs_error: float
    rel_error: float
    max_abs_error: float
    failures: int
    entries: int
    h: float
    atol: float
    rtol: float


def gradient_check(
    problem: Problem,
    broken: str = "none",
    h: float = 1e-3,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> GradCheck:
    """Check an analytic Jacobian against central differences, in the spirit of gradcheck.

    Central differences are exact for the quadratic f (no truncation), so only rounding,
    about ε‖f‖/h, separates them from the truth; the default tolerances are set just above it,
    tight enough to catch a float32 gradient.

    Parameters
    ----------
    problem : Problem
    broken : str
        A key of :data:`BROKEN_GRADIENTS`; "none" checks the true gradient.
    h : float
        Central-difference step.
    rtol : float
    atol : float, optional
        Defaults to 1e-9 · max |J| (1e-12 when J = 0).

    Returns
    -------
    GradCheck
        The worst entry is the one that uses the largest share of its tolerance,
        0-based (k, i, j).

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 3, seed=0, dist="normal")
    >>> gradient_check(p).passed, gradient_check(p, "drop_ab").passed
    (True, False)
    """
    numeric = numeric_jacobian(problem, h)
    analytic = expand_compact(broken_compact(problem, broken))
    if atol is None:
        # scaled to the Jacobian itself, so small problems are checked as strictly as large ones
        atol = 1e-9 * float(np.max(np.abs(jacobian_compact(problem.W, problem.a, problem.b))))
        atol = atol if atol > 0 else 1e-12
    diff = np.abs(numeric - analytic)
    allowed = atol + rtol * np.abs(numeric)
    excess = diff - allowed
    # the worst entry uses up most of its tolerance (ties, e.g. all exact: the largest error)
    flat = int(np.argmax(diff / allowed))
    worst = tuple(int(x) for x in np.unravel_index(flat, diff.shape))
    num, ana = float(numeric[worst]), float(analytic[worst])
    abs_err = float(diff[worst])
    return GradCheck(
        passed=bool(np.all(excess <= 0)),
        worst=worst,  # type: ignore[arg-type]
        numeric=num,
        analytic=ana,
        abs_error=abs_err,
        rel_error=abs_err / abs(num) if num != 0 else float("inf") if abs_err else 0.0,
        max_abs_error=float(diff.max()),
        failures=int(np.count_nonzero(excess > 0)),
        entries=int(diff.size),
        h=h,
        atol=float(atol),
        rtol=rtol,
    )


@dataclass(frozen=True)
class TaylorTest:
    """Remainders ‖f(W + tH) − f(W) − t·D[H]‖ over t, and their fitted log–log slope."""

    t: NDArray
    remainder: NDArray
    slope: float


def taylor_test(problem: Problem, H: ArrayLike, broken: str = "none",
                t: ArrayLike | None = None) -> TaylorTest:
    """The Taylor-remainder test of a (possibly broken) gradient along H.

    With the right derivative the remainder is exactly t²‖(Hᵀa) ∘ (Hᵀb)‖ (slope 2); a wrong
    one leaves a first-order term (slope 1 as t → 0).

    Returns
    -------
    TaylorTest
        ``slope`` is fitted over the steps where the remainder is above rounding level.
    """
    ts = np.logspace(-5, 0, 16) if t is None else np.asarray(t, dtype=float)
    H = np.asarray(H, dtype=float)
    W, a, b = problem.W, problem.a, problem.b
    G = broken_compact(problem, broken)
    D = np.einsum("ik,ik->k", G, H)  # Σ_ij J[k,i,j] H_ij with J[k,i,j] = δ_jk G[i,k]
    f0 = hadamard_f(W, a, b)
    rem = np.array([np.linalg.norm(hadamard_f(W + s * H, a, b) - f0 - s * D) for s in ts])
    floor = 1e3 * np.finfo(float).eps * (1.0 + np.linalg.norm(f0))
    usable = rem > floor
    slope = fit_slope(ts[usable], rem[usable]) if usable.sum() >= 2 else float("nan")
    return TaylorTest(ts, rem, slope)
