r"""DF(W) as a linear map and what is left after it: the expansion of F(W + H), for any model.

For a quadratic model (the question, the matrix model) the expansion stops at the second order,

.. math::

    F(W + H) = F(W) + DF(W)[H] + \tfrac12 F''(W)[H, H] \quad\text{exactly},

with ½F″[H, H] = (Hᵀa) ∘ (Hᵀb), or (AᵀH) ∘ (BᵀH). For any other model (tanh, the gate) the
remainder R(H) = F(W + H) − F(W) − DF(W)[H] is ½F″[H, H] + O(‖H‖³): of order ‖H‖² only as
‖H‖ → 0. :func:`remainder_sweep` measures R along one unit direction Ĥ over a range of sizes
and fits its log–log slope; for a model that is not quadratic over the smallest sizes at
which the remainder stands above rounding and the second order dominates. The notes say what
the numbers show for the problem at hand (H = 0, no curvature along Ĥ, a remainder lost to
rounding, a measured slope).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import UNIT_ROUNDOFF, Comparison
from hadviz.finite_diff import fit_slope, norm2
from hadviz.gradcheck import TaylorTest, taylor_test
from hadviz.latex import bmatrix, plural, row, text_sci
from hadviz.problem import Problem

__all__ = ["SLOPE_TOLERANCE", "WINDOW", "Sweep", "expansion_latex", "orthogonal_reason",
           "remainder_note", "remainder_sweep", "slope_note", "verdict"]

#: Most sizes in the fit of a model that is not quadratic: three decades, four per decade.
WINDOW = 13
#: Fewest sizes in such a fit: one decade.
SHORTEST = 5
#: How far from its expected order (2, or 3 where F″ = 0 along Ĥ) a measured slope may be.
SLOPE_TOLERANCE = 0.1


@dataclass(frozen=True)
class Sweep:
    """The remainder along the unit direction Ĥ, measured over a range of sizes ‖H‖.

    Attributes
    ----------
    taylor : TaylorTest
        Sizes t = ‖H‖, remainders ‖F(W + tĤ) − F(W) − t·DF(W)[Ĥ]‖₂ and the fitted slope.
    curvature : float
        ‖½F″[Ĥ, Ĥ]‖₂, the remainder's ‖H‖² coefficient ((Ĥᵀa)∘(Ĥᵀb) for the question).
    third : float
        ‖F‴[Ĥ, Ĥ, Ĥ]/6‖₂ (0 for a quadratic model).
    order : int
        The order the remainder starts at along Ĥ: 2, or 3 where F″ = 0 along Ĥ.
    fitted : (int, int)
        The slice of ``taylor.t`` the slope is fitted over (all of it for a quadratic model).
    above : int
        How many measured remainders stand above their rounding level (not quadratic).
    t_max : float
        The largest size at which the third-order term is below 1 % of the second (inf when
        F‴ or F″ is 0 along Ĥ; not quadratic).
    """

    taylor: TaylorTest
    curvature: float
    third: float
    order: int
    fitted: tuple[int, int]
    above: int = 0
    t_max: float = float("inf")

    @property
    def sizes(self) -> str:
        """"sizes ‖H‖ from … to …" (all measured sizes) for running text."""
        t = self.taylor.t
        return f"sizes ‖H‖ from {text_sci(t[0])} to {text_sci(t[-1])}"

    @property
    def fitted_sizes(self) -> str:
        """"sizes ‖H‖ from … to …" of the fit, for running text."""
        t = self.taylor.t[self.fitted[0]:self.fitted[1]]
        return f"sizes ‖H‖ from {text_sci(t[0])} to {text_sci(t[-1])}" if t.size else ""

    @property
    def slope_ok(self) -> bool:
        """The fitted slope is within :data:`SLOPE_TOLERANCE` of :attr:`order`."""
        return bool(abs(self.taylor.slope - self.order) <= SLOPE_TOLERANCE)


def _window(usable: NDArray) -> tuple[int, int]:
    """The first run of usable sizes from the smallest, at most :data:`WINDOW` long; (0, 0)
    when no run spans a decade (:data:`SHORTEST` sizes)."""
    start = 0
    while start < len(usable):
        if not usable[start]:
            start += 1
            continue
        stop = start
        while stop < len(usable) and usable[stop] and stop - start < WINDOW:
            stop += 1
        if stop - start >= SHORTEST:
            return start, stop
        start = stop
    return 0, 0


def _floor(problem: Problem, unit: NDArray, t: NDArray) -> NDArray:
    """The rounding level of each measured remainder: 100·(m + 4)·u times the rounding scales
    of F(W + tĤ), F(W) and t·DF(W)[Ĥ] (:meth:`~hadviz.models.Model.rounding_scales`)."""
    model, W, P = problem.model, problem.W, problem.arrays
    F0, C0 = model.rounding_scales(W, *P)
    D = norm2(np.einsum("i...k,ik->...k", C0, np.abs(unit)))
    shifted = np.array([norm2(model.rounding_scales(W + s * unit, *P)[0]) for s in t])
    return 1e2 * (problem.m + 4) * UNIT_ROUNDOFF * (shifted + norm2(F0) + t * D)


def remainder_sweep(problem: Problem, unit: NDArray, reach: float) -> Sweep:
    """The remainder along ``unit`` over a range of sizes, and its fitted log–log slope.

    A quadratic model: sizes from 10⁻³ to 1 times ``reach``, where the remainder is exactly
    t²‖½F″[Ĥ, Ĥ]‖ (slope 2 at every size). Any other model: sizes from 10⁻⁹ to 1 times
    ``reach``, four per decade; "of order ‖H‖²" holds only as ‖H‖ → 0, so the slope is
    fitted over the smallest sizes (up to three decades, at least one) where the remainder
    stands above its rounding level (:func:`_floor`) and the third-order term t³‖F‴‖/6 is
    below 1 % of the second, t²‖F″‖/2 (t ≤ 0.03‖F″‖/‖F‴‖, derivatives along Ĥ at W): chosen
    without looking at the slope.

    Examples
    --------
    >>> from hadviz.checks import unit_direction
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 4, seed=2, dist="normal", fn="gated")
    >>> sweep = remainder_sweep(p, unit_direction((3, 4)), 1.0)
    >>> sweep.order, sweep.slope_ok, round(sweep.taylor.slope, 1)
    (2, True, 2.0)
    """
    model, W, P = problem.model, problem.W, problem.arrays
    line = model.line(W, *P, unit)
    d2, d3 = norm2(line.d2), norm2(line.d3)
    order = 2 if d2 > 0 else 3
    if model.quadratic:
        taylor = taylor_test(problem, unit, "none", t=reach * np.logspace(-3, 0, 7))
        return Sweep(taylor, d2 / 2.0, d3 / 6.0, order, (0, len(taylor.t)))
    t = reach * np.logspace(-9, 0, 37)
    rem = taylor_test(problem, unit, "none", t=t).remainder
    above = rem > _floor(problem, unit, t)
    t_max = 0.03 * d2 / d3 if d2 > 0 and d3 > 0 else np.inf
    # with F″ = F‴ = 0 along Ĥ the remainder starts at the fourth order or later: not fitted
    lo, hi = _window(above & (t <= t_max)) if d2 > 0 or d3 > 0 else (0, 0)
    slope = fit_slope(t[lo:hi], rem[lo:hi]) if hi > lo else float("nan")
    return Sweep(TaylorTest(t, rem, slope), d2 / 2.0, d3 / 6.0, order, (lo, hi),
                 int(above.sum()), float(t_max))


def expansion_latex(problem: Problem, rows: tuple[tuple[str, NDArray], ...]) -> str:
    """LaTeX of F(W+H) = F(W) + DF(W)[H] + last term, one ``(name, value)`` per line, the
    operator in front: no line holds two values."""
    def shown(x: NDArray) -> str:
        return bmatrix(x) if x.ndim == 2 else row(x)

    T = "" if problem.model.rows else "^T"
    out = [rf"& \underbrace{{{shown(rows[0][1])}}}_{{{rows[0][0]}{T}}}"]
    for i, (name, x) in enumerate(rows[1:]):
        op = "=" if i == 0 else "+"
        label = f"({name}){T}" if T and r"\circ" in name else f"{name}{T}"
        out.append(rf"{op} {{}} & \underbrace{{{shown(x)}}}_{{{label}}}")
    return r"\begin{aligned} " + r" \\ ".join(out) + r" \end{aligned}"


def verdict(check: Comparison | None, sweep: Sweep) -> tuple[str, bool]:
    """The expansion's sentence after ✓ or ✗ and whether it passed: the exact expansion's
    check (quadratic models), else the measured order of the remainder."""
    if check is not None:
        return (("✓ The expansion holds to rounding: " if check.passed else
                 "✗ The expansion does not hold to rounding: ") + check.summary() + ".",
                check.passed)
    order = "‖H‖²" if sweep.order == 2 else "‖H‖³"
    if np.isnan(sweep.taylor.slope):
        return ("No slope could be measured along Ĥ (see below), so the order of the remainder "
                "is not checked here.", True)
    slope = f"{sweep.taylor.slope:.2f}"
    if sweep.slope_ok:
        return (f"✓ The remainder is of order {order} as H shrinks: its measured log–log slope "
                f"at small sizes is {slope} (expected {sweep.order} ± {SLOPE_TOLERANCE}).", True)
    return (f"✗ The remainder's measured log–log slope at small sizes is {slope}, not "
            f"{sweep.order} ± {SLOPE_TOLERANCE} as a remainder of order {order} has.", False)


def orthogonal_reason(problem: Problem, unit: NDArray) -> str:
    """Why ½F″[Ĥ, Ĥ] = 0 for a quadratic model: a parameter array is 0, or each column of Ĥ
    is orthogonal to one of them (for the matrix model, entry by entry)."""
    first, second = problem.model.param_names
    P, Q = problem.arrays
    zero = [f"{x} = 0" for x, v in ((first, P), (second, Q)) if not v.any()]
    if zero:
        return " and ".join(zero)
    if problem.model.rows:
        return (f"for every (r, k), column k of Ĥ is orthogonal to column r of {first} or of "
                f"{second}")
    p, q = P @ unit, Q @ unit
    parts = []
    for x, cols in ((first, np.flatnonzero(p == 0)),
                    (second, np.flatnonzero((p != 0) & (q == 0)))):
        if cols.size:
            names = ", ".join(str(k + 1) for k in cols)
            parts.append(f"{plural(cols.size, 'column', 'columns', number=False)} {names} of Ĥ "
                         f"{'is' if cols.size == 1 else 'are'} orthogonal to {x}")
    return "; ".join(parts)


def _hat(text: str) -> str:
    """A model's curvature text along the unit direction: (Hᵀa)∘(Hᵀb) → (Ĥᵀa)∘(Ĥᵀb)."""
    return text.replace("H", "Ĥ")


def _size(scale: float) -> str:
    return repr(scale).removesuffix(".0") if 1e-4 <= scale < 1e16 else f"({text_sci(scale)})"


def remainder_note(problem: Problem, scale: float, remainder: float, second: float,
                   sweep: Sweep) -> str:
    """What the remainder R = F(W+H) − F(W) − DF(W)[H] is at the chosen size, in words.

    ``remainder`` is ‖R‖₂ measured, ``second`` the norm of the exact second-order term (of the
    model's line coefficients); both at H = scale·Ĥ.
    """
    model = problem.model
    F = model.output_letter
    R = f"‖{F}(W+H) − {F}(W) − D{F}(W)[H]‖"
    if scale == 0:
        return (f"H = 0 here (size 0): there is no direction, {F}(W + H) = {F}(W), and the error "
                f"of the linear approximation, {R}, is 0. The plot below follows the seeded "
                f"unit direction Ĥ instead, at {sweep.sizes}.")
    if model.quadratic:
        curv = _hat(model.curvature_text)
        return (f"Without the second-order term the error is {R} = {text_sci(remainder, 4)}. Up "
                f"to rounding it is ‖{model.curvature_text}‖ = ‖H‖² · ‖{curv}‖ = "
                f"{_size(scale)}² × {text_sci(sweep.curvature, 4)}, with Ĥ = H/‖H‖ the unit "
                "direction: " + (f"{F} is quadratic, nothing beyond the second order exists."
                                 if sweep.curvature else
                                 f"{F} is linear along H: the remainder is 0."))
    rest = (f"{model.symbol} is not quadratic in W, so no finite expansion is exact: the error "
            f"of the linear approximation is {R} = {text_sci(remainder, 4)} at ‖H‖ = "
            f"{_size(scale)}, and the second-order Taylor term ½{F}″[H, H] (from the model's "
            f"exact derivatives along H) has norm {text_sci(second, 4)}. Their difference is "
            "the third and higher orders, which vanish faster than ‖H‖² as H shrinks, with "
            "Ĥ = H/‖H‖ fixed.")
    return rest


def slope_note(problem: Problem, unit: NDArray, sweep: Sweep) -> str:
    """What the measured slope of the remainder says, for the text under its plot."""
    model, taylor = problem.model, sweep.taylor
    F = model.output_letter
    if not np.isnan(taylor.slope):
        order = "‖H‖²" if sweep.order == 2 else f"‖H‖³ ({F}″ = 0 along Ĥ here)"
        verdict = (f"it grows like {order}" if sweep.slope_ok else
                   f"not the slope {sweep.order} of {order} within ±{SLOPE_TOLERANCE}")
        if model.quadratic:
            return (f"Along the same direction, over {sweep.sizes}, the measured remainder "
                    f"has log–log slope {taylor.slope:.2f}: {verdict}.")
        beyond = (f" Beyond ‖H‖ = {text_sci(sweep.t_max)} the third-order term is more than "
                  "1 % of the second, and higher orders can bend the curve."
                  if sweep.t_max < taylor.t[-1] else "")
        return (f"Along the same direction the remainder is measured at {sweep.sizes}. The "
                f"slope is fitted over {sweep.fitted_sizes}, the smallest sizes where the "
                "remainder stands above rounding and the third-order term is below 1 % of the "
                f"second: there its log–log slope is {taylor.slope:.2f}, {verdict}.{beyond}")
    if model.quadratic and sweep.curvature == 0:
        curv = _hat(model.curvature_text)
        return (f"Along this direction {curv} = 0 ({orthogonal_reason(problem, unit)}): {F} is "
                "linear along H and the remainder is 0 up to rounding at every size, so there "
                "is no slope to draw.")
    if sweep.curvature == 0 and sweep.third == 0:
        shown = ("the measured remainder is at rounding level at every one of the "
                 f"{sweep.sizes}" if sweep.above == 0 else
                 "what remainder shows above rounding comes from the fourth and higher orders")
        return (f"Along this direction the second and third derivatives of {F} at W are 0 in "
                f"float64, and {shown}, so no ‖H‖² slope is fitted.")
    size = (f"‖H‖² × {text_sci(sweep.curvature)}" if sweep.order == 2 else
            f"‖H‖³ × {text_sci(sweep.third)}")
    if sweep.above == 0:
        return (f"Along this direction the remainder (about {size} for small H) is lost in the "
                f"rounding of the terms it is computed from at every one of the {sweep.sizes}, "
                "so no slope is fitted.")
    return (f"Along this direction the remainder (about {size} for small H) stands above "
            "rounding only at sizes where the third-order term is already more than 1 % of the "
            f"second (beyond ‖H‖ = {text_sci(sweep.t_max)}), or over less than a decade: no "
            "range of sizes here shows its order cleanly, so no slope is fitted.")
