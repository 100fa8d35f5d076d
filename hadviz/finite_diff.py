r"""Finite differences of a model along a direction: the schemes and the error-vs-h sweep.

Three estimates of the directional derivative DF(W)[H] with step h:

.. math::

    \text{forward: } \frac{F(W + hH) - F(W)}{h}, \qquad
    \text{central: } \frac{F(W + hH) - F(W - hH)}{2h}, \qquad
    \text{complex step: } \frac{\operatorname{Im} F(W + ihH)}{h}.

With the exact Taylor coefficients of t ↦ F(W + tH) from the model (F, F′, F″, F‴), the
forward difference errs by about h‖F″‖/2, the central by h²‖F‴‖/6, and both by a rounding
error of about ε(‖F‖/h + ‖F′‖ + h‖F″‖/2), the size of the values subtracted over h. F is
the problem's model (:attr:`Problem.model <hadviz.problem.Problem.model>`), its coefficients
come from :meth:`~hadviz.models.Model.line`, and ‖·‖ is the 2-norm over all its entries (n,
or p × n). For a quadratic model (the question's f, F = (AᵀW) ∘ (BᵀW)) F″/2 is the exact
second-order term ((Hᵀa) ∘ (Hᵀb), (AᵀH) ∘ (BᵀH)) and F‴ = 0: the forward error is exactly
h‖F″/2‖ plus rounding, central differences have no truncation error, and the complex step
subtracts nothing, so it sits at rounding level for every h. tanh∘f and the gate
σ(aᵀW) ∘ (bᵀW) bring back the textbook V shapes, with optima near √ε (forward) and ε^(1/3)
(central). Curves and optima that do not exist for a problem (no curvature along H, F ≡ 0, a
saturated tanh) are left out and named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.checks import unit_direction
from hadviz.fd_predictions import Predictions, predict
from hadviz.models import FunctionName, Model, model_of
from hadviz.problem import Problem

__all__ = ["DIRECTIONS", "DIRECTION_LABELS", "PRECISIONS", "SCHEMES", "SCHEME_LABELS",
           "Direction", "ErrorSweep", "Precision", "Scheme", "central_difference",
           "complex_step", "direction", "error_sweep", "fit_slope", "float32_loss",
           "forward_difference", "norm2"]

Scheme = Literal["forward", "central", "complex"]
Precision = Literal["float64", "float32"]
Direction = Literal["random", "entry"]

SCHEMES: tuple[Scheme, ...] = ("forward", "central", "complex")
DIRECTIONS: tuple[Direction, ...] = ("random", "entry")
#: How the lab names each scheme and direction.
SCHEME_LABELS: dict[Scheme, str] = {"forward": "forward", "central": "central",
                                    "complex": "complex step"}
DIRECTION_LABELS: dict[Direction, str] = {"random": "random (unit norm)",
                                          "entry": "one entry: the 1 at (i, j)"}
PRECISIONS: tuple[Precision, ...] = ("float64", "float32")

_REAL: dict[str, type[np.floating]] = {"float64": np.float64, "float32": np.float32}
_EPS = {"float64": float(np.finfo(np.float64).eps), "float32": float(np.finfo(np.float32).eps)}
_COMPLEX = {"float64": np.complex128, "float32": np.complex64}


def norm2(x: ArrayLike) -> float:
    """‖x‖₂ without underflow or overflow of the squares (np.linalg.norm gives 0 for 1e-180).

    >>> norm2([3e-180, 4e-180]), norm2([0.0]), float(np.linalg.norm([3e-180, 4e-180]))
    (5e-180, 0.0, 0.0)
    """
    size = np.abs(np.asarray(x, dtype=float))
    scale = float(np.max(size, initial=0.0))
    return scale * float(np.linalg.norm(size / scale)) if 0 < scale < np.inf else scale


def _cast(problem: Problem, H: ArrayLike, precision: Precision):
    """W, the parameter arrays, H and the real type of ``precision``, cast to it."""
    if precision not in _REAL:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}; got {precision!r}")
    real = _REAL[precision]
    W = problem.W  # a Problem is validated when built
    H = np.asarray(H)
    if H.shape != W.shape:
        raise ValueError(f"H must have the shape of W, {W.shape}; got shape {H.shape}")
    return W.astype(real), tuple(x.astype(real) for x in problem.arrays), H.astype(real), real


def _quotient(problem: Problem, H: ArrayLike, h: float, precision: Precision,
              back: float) -> NDArray:
    # (F(W + hH) − F(W − back·hH)) / ((1 + back)·h): forward for back = 0, central for 1
    W, P, H, real = _cast(problem, H, precision)
    h_ = real(h)
    F = problem.model.f
    out = (F(W + h_ * H, *P) - F(W - real(back) * h_ * H, *P)) / (real(1 + back) * h_)
    return out.astype(np.float64)


def forward_difference(problem: Problem, H: ArrayLike, h: float,
                       precision: Precision = "float64") -> NDArray:
    """(F(W + hH) − F(W)) / h for the problem's model, computed in ``precision``.

    Returns
    -------
    ndarray, float64, the output's shape ((n,) or (p, n))
    """
    return _quotient(problem, H, h, precision, back=0)


def central_difference(problem: Problem, H: ArrayLike, h: float,
                       precision: Precision = "float64") -> NDArray:
    """(F(W + hH) − F(W − hH)) / (2h) for the problem's model, computed in ``precision``.

    Returns
    -------
    ndarray, float64, the output's shape ((n,) or (p, n))
    """
    return _quotient(problem, H, h, precision, back=1)


def complex_step(problem: Problem, H: ArrayLike, h: float,
                 precision: Precision = "float64") -> NDArray:
    """Im F(W + ihH) / h for the problem's model, in ``precision``'s complex type.

    Returns
    -------
    ndarray, float64, the output's shape ((n,) or (p, n))
    """
    W, P, H, real = _cast(problem, H, precision)
    cplx = _COMPLEX[precision]
    h_ = real(h)
    Wc = W.astype(cplx) + cplx(1j) * h_ * H
    out = problem.model.f(Wc, *(x.astype(cplx) for x in P)).imag / h_
    return out.astype(np.float64)


_SCHEME_FUNCS: dict[Scheme, Callable[..., NDArray]] = {
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
        ‖estimate − exact‖₂ over all entries of F, for each scheme; exact zeros stay zeros
        here (figures floor them).
    exact_norm : float
        ‖D F(W)[H]‖₂, to turn errors into relative errors.
    eps : float
        Machine epsilon of the precision used.
    predicted : dict of str to (s,) ndarray
        The predicted curves that exist for this problem, among ``forward truncation``,
        ``central truncation`` (models that are not quadratic) and ``rounding``; a curve that
        is identically 0 (no curvature along H, a saturated tanh, F ≡ 0) is left out and
        named in ``omitted``.
    labels : dict of str to str
        Legend name of each predicted curve, with its formula.
    optimum : dict of str to float
        Predicted best h of ``forward`` and ``central``, where such a best step exists.
    optimum_labels : dict of str to str
        The formula of each optimum.
    omitted : tuple of str
        One sentence for each curve or optimum that does not exist here, saying why.
    norms : dict of str to float
        The norms the predictions are made of: ``F`` (‖F(W)‖), ``D`` (‖DF(W)[H]‖), ``F2``
        and ``F3`` (‖F″‖ and ‖F‴‖ along H; for a quadratic model F″/2 is its exact
        second-order term, :attr:`~hadviz.models.Model.curvature_text`).
    fn : str
        The model swept (:data:`hadviz.models.MODELS`).
    """

    h: NDArray
    errors: dict[Scheme, NDArray]
    exact_norm: float
    eps: float
    fn: FunctionName
    precision: Precision
    predicted: dict[str, NDArray]
    labels: dict[str, str]
    optimum: dict[str, float]
    optimum_labels: dict[str, str]
    omitted: tuple[str, ...]
    norms: dict[str, float]

    def relative(self, scheme: Scheme) -> NDArray:
        """Errors of ``scheme`` relative to ‖DF[H]‖ (absolute when that is 0)."""
        return self.errors[scheme] / (self.exact_norm if self.exact_norm > 0 else 1.0)

    @property
    def model(self) -> Model:
        """The model whose derivative was estimated."""
        return model_of(self.fn)


def error_sweep(
    problem: Problem,
    H: ArrayLike,
    h: ArrayLike,
    precision: Precision = "float64",
) -> ErrorSweep:
    """Sweep the step h and measure each scheme against the exact directional derivative.

    The function is the problem's model. The exact value is computed in float64 from the
    model's Taylor coefficients (:meth:`~hadviz.models.Model.line`), whatever ``precision``.
    Predicted curves and optima are made only where they exist: along a direction without
    curvature, for F ≡ 0 or a saturated tanh, the missing ones are named in ``omitted``.

    Parameters
    ----------
    problem : Problem
    H : (m, n) array_like
        The direction.
    h : (s,) array_like
        Positive steps.
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
    >>> gate = error_sweep(random_problem(3, 4, seed=1, fn="gated"), direction(p), [1e-3])
    >>> sorted(gate.predicted), gate.fn
    (['central truncation', 'forward truncation', 'rounding'], 'gated')
    """
    hs = np.sort(np.asarray(h, dtype=float).reshape(-1))
    if hs.size == 0 or np.any(~np.isfinite(hs)) or np.any(hs <= 0):
        raise ValueError("h must be a non-empty array of positive finite steps")
    H = np.asarray(H, dtype=float)
    model = problem.model
    line = model.line(problem.W, *problem.arrays, H)
    exact = line.d1
    errors = {}
    for scheme, func in _SCHEME_FUNCS.items():
        errors[scheme] = np.array(
            [norm2(func(problem, H, float(step), precision) - exact) for step in hs]
        )
    eps = _EPS[precision]
    pred = Predictions(hs)
    nF, nD, n2, n3 = (norm2(x) for x in line)
    predict(pred, eps, nF, nD, n2, n3, model)
    norms = {"F": nF, "D": nD, "F2": n2, "F3": n3}
    return ErrorSweep(hs, errors, nD, eps, problem.fn, precision, pred.curves, pred.labels,
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


def float32_loss(problem: Problem, H: ArrayLike) -> dict[str, float]:
    """How far F(W) and F′ = DF(W)[H] of the problem's model, computed in float32 from W, the
    parameters and H rounded to float32, are from their float64 values: relative errors,
    keyed "F(W)" and "F′" (inf when lost)."""
    model, H = problem.model, np.asarray(H, dtype=float)
    exact = model.line(problem.W, *problem.arrays, H)
    loss = {}
    with np.errstate(all="ignore"):  # float32 may overflow: that is what is measured
        rounded = model.line(*(x.astype(np.float32) for x in (problem.W, *problem.arrays, H)))
        for name, x, y in (("F(W)", exact.F, rounded.F), ("F′", exact.d1, rounded.d1)):
            size, off = norm2(x), norm2(y.astype(float) - x)
            rel = off / size if size > 0 else (0.0 if off == 0 else np.inf)
            loss[name] = float(rel) if np.isfinite(rel) else np.inf
    return loss
