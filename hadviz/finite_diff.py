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
from dataclasses import dataclass, field
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
from hadviz.checks import (
    SAFETY,
    UNIT_ROUNDOFF,
    compare,
    gamma,
    magnitudes,
    power_of_two,
    unit_direction,
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
    "column_steps",
    "complex_step",
    "direction",
    "directional_derivative",
    "error_sweep",
    "evaluate",
    "fit_slope",
    "forward_difference",
    "gradient_check",
    "gradient_check_tolerance",
    "numeric_jacobian",
    "taylor_steps",
    "taylor_test",
]

Scheme = Literal["forward", "central", "complex"]
Function = Literal["quadratic", "tanh"]
Precision = Literal["float64", "float32"]
Direction = Literal["random", "entry"]

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


def direction(problem: Problem, kind: Direction = "random", seed: int = 0,
              i: int = 0, j: int = 0) -> NDArray:
    """A unit-Frobenius-norm direction H: random (seeded), or E_ij for one entry of W.

    Returns
    -------
    H : (m, n) ndarray
    """
    m, n = problem.m, problem.n
    if kind == "random":
        return unit_direction((m, n), seed)
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
        The predicted curves that exist for this problem, among ``forward truncation``,
        ``central truncation`` (tanh only) and ``rounding``; a curve that is identically 0
        (no curvature along H, a saturated tanh, f ≡ 0) is left out and named in ``omitted``.
    labels : dict of str to str
        Legend name of each predicted curve, with its formula.
    optimum : dict of str to float
        Predicted best h of ``forward`` and ``central``, where such a best step exists.
    optimum_labels : dict of str to str
        The formula of each optimum.
    omitted : tuple of str
        One sentence for each curve or optimum that does not exist here, saying why.
    norms : dict of str to float
        The norms the predictions are made of: ``F`` (‖F(W)‖), ``D`` (‖DF(W)[H]‖), and
        ``r`` (‖(Hᵀa)∘(Hᵀb)‖) or ``F2``, ``F3`` (‖F″‖, ‖F‴‖ along H) for tanh.
    """

    h: NDArray
    errors: dict[str, NDArray]
    exact_norm: float
    eps: float
    function: Function
    precision: Precision
    predicted: dict[str, NDArray]
    labels: dict[str, str]
    optimum: dict[str, float]
    optimum_labels: dict[str, str]
    omitted: tuple[str, ...]
    norms: dict[str, float]

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


@dataclass
class _Predictions:
    """Collects the predicted curves and optima that exist, and names those that do not."""

    h: NDArray
    curves: dict[str, NDArray] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    optimum: dict[str, float] = field(default_factory=dict)
    optimum_labels: dict[str, str] = field(default_factory=dict)
    omitted: list[str] = field(default_factory=list)

    def curve(self, key: str, coefficient: float, power: int, label: str, why_not: str) -> None:
        if coefficient > 0:
            self.curves[key] = coefficient * self.h**power
            self.labels[key] = label
        else:
            self.omitted.append(why_not)

    def best(self, scheme: str, value: float, label: str, why_not: str) -> None:
        if np.isfinite(value) and value > 0:
            self.optimum[scheme] = float(value)
            self.optimum_labels[scheme] = label
        else:
            self.omitted.append(why_not)


def _quadratic_predictions(pred: _Predictions, eps: float, nf: float, nd: float,
                           nr: float) -> None:
    r_name = "‖(Hᵀa)∘(Hᵀb)‖"
    pred.curve("forward truncation", nr, 1, f"predicted forward truncation h{r_name}",
               "No forward-truncation line: (Hᵀa)∘(Hᵀb) = 0, f is linear along H.")
    rounding = _rounding(pred.h, eps, nf, nd, nr)
    if rounding.any():
        pred.curves["rounding"] = rounding
        pred.labels["rounding"] = f"predicted rounding ε(‖f‖/h + ‖Df[H]‖ + h{r_name})"
    else:
        pred.omitted.append("No rounding curve: f, Df[H] and (Hᵀa)∘(Hᵀb) are all 0.")
    both = nf > 0 and nr > 0
    pred.best("forward", np.sqrt(eps * nf / nr) if both else np.nan,
              f"√(ε‖f‖/{r_name})",
              "No best forward step: "
              + ("f(W) = 0, so the error falls as h shrinks." if nr > 0 else
                 "without curvature along H its error only falls as h grows."))
    pred.best("central", np.sqrt(nf / nr) if both else np.nan, f"√(‖f‖/{r_name})",
              "No best central step: its rounding error "
              + ("only falls as h grows." if nr == 0 else "falls as h shrinks (f(W) = 0)."))


def _tanh_predictions(pred: _Predictions, eps: float, nF: float, nD: float, n2: float,
                      n3: float) -> None:
    pred.curve("forward truncation", n2 / 2.0, 1, "predicted forward truncation h‖F″‖/2",
               "No forward-truncation line: F″ = 0 along H (tanh flat or saturated).")
    pred.curve("central truncation", n3 / 6.0, 2, "predicted central truncation h²‖F‴‖/6",
               "No central-truncation curve: F‴ = 0 along H.")
    rounding = _rounding(pred.h, eps, nF, nD, 0.0)
    if rounding.any():
        pred.curves["rounding"] = rounding
        pred.labels["rounding"] = "predicted rounding ε(‖F‖/h + ‖DF[H]‖)"
    else:
        pred.omitted.append("No rounding curve: tanh(f) and its derivative along H are 0.")
    pred.best("forward", np.sqrt(2.0 * eps * nF / n2) if nF > 0 and n2 > 0 else np.nan,
              "√(2ε‖F‖/‖F″‖)", "No best forward step: F or F″ is 0 along H.")
    pred.best("central", np.cbrt(3.0 * eps * nF / n3) if nF > 0 and n3 > 0 else np.nan,
              "∛(3ε‖F‖/‖F‴‖)", "No best central step: F or F‴ is 0 along H.")


def _rounding(h: NDArray, eps: float, size: float, slope: float, curvature: float) -> NDArray:
    # the values subtracted have size ‖F‖ + h‖DF‖ + h²‖r‖; each carries a relative error ε
    return eps * (size / h + slope + h * curvature)


def error_sweep(
    problem: Problem,
    H: ArrayLike,
    h: ArrayLike,
    function: Function = "quadratic",
    precision: Precision = "float64",
) -> ErrorSweep:
    """Sweep the step h and measure each scheme against the exact directional derivative.

    The exact value is computed in float64 from the closed form, whatever ``precision``.
    Predicted curves and optima are made only where they exist: along a direction without
    curvature, for f ≡ 0 or a saturated tanh, the missing ones are named in ``omitted``.

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
    >>> flat = error_sweep(Problem([[2.0]], [1.0], [0.0]), [[1.0]], [1e-1, 1.0])
    >>> sorted(s.predicted), sorted(flat.predicted), flat.exact_norm
    (['forward truncation', 'rounding'], [], 0.0)
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
    pred = _Predictions(hs)
    nD = float(np.linalg.norm(exact))
    if function == "quadratic":
        nf = float(np.linalg.norm(hadamard_f(problem.W, problem.a, problem.b)))
        nr = float(np.linalg.norm(second_order_term(problem.W, problem.a, problem.b, H)))
        _quadratic_predictions(pred, eps, nf, nD, nr)
        norms = {"F": nf, "D": nD, "r": nr}
    else:
        T, g2, g3 = _tanh_derivatives(problem, H)
        nF, n2, n3 = (float(np.linalg.norm(x)) for x in (T, g2, g3))
        _tanh_predictions(pred, eps, nF, nD, n2, n3)
        norms = {"F": nF, "D": nD, "F2": n2, "F3": n3}
    return ErrorSweep(hs, errors, nD, eps, function, precision, pred.curves, pred.labels,
                      pred.optimum, pred.optimum_labels, tuple(pred.omitted), norms)


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


def gradient_check(problem: Problem, broken: str = "none") -> GradCheck:
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
        failures=int(np.count_nonzero(np.abs(numeric - analytic) > tol)),
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
    nH = float(np.linalg.norm(np.asarray(H, dtype=float)))
    nW = float(np.linalg.norm(problem.W))
    scale = (nW if nW > 0 else 1.0) / (nH if nH > 0 else 1.0)
    return scale * np.logspace(-5, 0, 16)


def taylor_test(problem: Problem, H: ArrayLike, broken: str = "none",
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
    f0 = hadamard_f(W, a, b)
    rem = np.array([np.linalg.norm(hadamard_f(W + s * H, a, b) - f0 - s * D) for s in ts])
    r = float(np.linalg.norm(second_order_term(W, a, b, H)))
    floor = 1e3 * np.finfo(float).eps * (np.linalg.norm(f0) + ts * np.linalg.norm(D) + ts**2 * r)
    usable = rem > floor
    slope = fit_slope(ts[usable], rem[usable]) if usable.sum() >= 2 else float("nan")
    return TaylorTest(ts, rem, slope)
