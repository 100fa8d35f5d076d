"""What the finite-difference lab shows: the sweep, its figure, the gradient check, the Taylor test.

The page hands over its settings as one frozen :class:`LabSettings`. :func:`lab_view` runs
the error sweep (it depends on the function, precision, direction and h range) and
:func:`check_view` the gradient check and Taylor test (they depend only on the gradient under
test and the direction), so each is recomputed only when its own inputs change. Both return
everything to render, including the plain-language explanations, which are built from the
problem's own numbers and say only what holds for it: a curve that does not exist for this
problem (no curvature along H, f ≡ 0, a saturated tanh) is named, not drawn. Nothing here
imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.finite_diff import (
    Direction,
    ErrorSweep,
    Function,
    Precision,
    Scheme,
    direction,
    error_sweep,
)
from hadviz.gradcheck import (
    BROKEN_GRADIENTS,
    Broken,
    GradCheck,
    TaylorTest,
    broken_compact,
    gradient_check,
    taylor_test,
)
from hadviz.latex import sci, text_sci
from hadviz.models import HADAMARD, MODELS
from hadviz.problem import Problem

__all__ = ["CheckView", "LabSettings", "LabView", "check_view", "lab_view"]

@dataclass(frozen=True)
class LabSettings:
    """The lab's choices; every field is a plain value (the URL carries them).

    Attributes
    ----------
    function : {"quadratic", "tanh"}
    precision : {"float64", "float32"}
    direction : {"random", "entry"}
    i, j : int
        0-based entry of W for ``direction == "entry"``.
    hmin, hmax : int
        The steps run from 10**hmin to 10**hmax.
    points_per_decade : int
    """

    function: Function = "quadratic"
    precision: Precision = "float64"
    direction: Direction = "random"
    i: int = 0
    j: int = 0
    hmin: int = -16
    hmax: int = 0
    points_per_decade: int = 2


@dataclass(frozen=True)
class LabView:
    """The error sweep for one setting, its explanation, and its figure on demand."""

    sweep: ErrorSweep
    H: NDArray
    explanation: str
    dark: bool = False

    def error_figure(self, schemes: tuple[Scheme, ...]) -> go.Figure:
        """The error-vs-h figure showing only ``schemes`` (the sweep is already done)."""
        s = self.sweep
        name = MODELS[s.function].symbol
        fig = figures.error_figure(
            s.h, s.errors, s.predicted, s.labels, s.optimum, s.optimum_labels, schemes,
            title=f"Error of the estimates of D{name}(W)[H] against h ({s.precision})",
        )
        return figures.apply_theme(fig, self.dark)


def _explain_quadratic(s: ErrorSweep) -> list[str]:
    nf, nr = s.norms["F"], s.norms["F2"] / 2.0  # F″/2 = (Hᵀa)∘(Hᵀb) for the quadratic
    r = "\\|(H^Ta)\\circ(H^Tb)\\|"
    parts = ["f is quadratic in W, so $f(W+hH) = f(W) + h\\,Df(W)[H] + h^2 (H^Ta)\\circ(H^Tb)$ "
             "exactly."]
    if nr > 0:
        fwd = (f"**The forward difference** errs by exactly $h{r} = h \\cdot {sci(nr)}$ "
               "(its right branch, slope 1) plus rounding of about $\\varepsilon\\|f\\|/h$")
        if "forward" in s.optimum:
            best = sci(s.optimum["forward"])
            fwd += (f" (left branch, slope −1); the two meet near "
                    f"$h^* = \\sqrt{{\\varepsilon\\|f\\|/{r}}} \\approx {best}$.")
        else:
            fwd += ", and $f(W) = 0$ here: nothing cancels, so its error falls as h shrinks."
    else:
        fwd = ("**Here $(H^Ta)\\circ(H^Tb) = 0$: f has no curvature along H**, so the forward "
               "difference has no truncation error: it is exact up to rounding, and that "
               "rounding error, about $\\varepsilon\\|f\\|/h$, only falls as h grows.")
    parts.append(fwd)
    cen = ("**Central differences have no truncation error at all**: the $h^2$ terms of "
           "$f(W+hH)$ and $f(W-hH)$ cancel exactly. Their rounding error is about "
           f"$\\varepsilon(\\|f\\|/h + \\|Df[H]\\| + h{r})$, the size of the values subtracted")
    if "central" in s.optimum:
        cen += (f", smallest near $h^* = \\sqrt{{\\|f\\|/{r}}} \\approx "
                f"{sci(s.optimum['central'])}$: beyond it, larger steps are not better.")
    elif nr == 0 and nf > 0:
        cen += ", which only falls as h grows (no curvature along H)."
    else:
        cen += ", which falls as h shrinks ($f(W) = 0$)."
    parts.append(cen)
    parts.append("**The complex step** subtracts nothing: $\\operatorname{Im} f(W+ihH)/h = "
                 "Df(W)[H]$ exactly for a quadratic (the $h^2$ term is real), so it stays at "
                 "rounding level for every h.")
    return parts


def _explain_general(s: ErrorSweep, saturated: int, n: int) -> list[str]:
    parts = [f"**{MODELS[s.function].symbol} is not a polynomial**, so truncation errors "
             "return."]
    if "forward" in s.optimum:
        parts.append("Forward truncation $\\approx h\\|F''\\|/2$ against rounding "
                     "$\\approx\\varepsilon\\|F\\|/h$, best near "
                     f"$h^* \\approx {sci(s.optimum['forward'])}$ (order "
                     f"$\\sqrt{{\\varepsilon}} = {sci(np.sqrt(s.eps))}$).")
    if "central" in s.optimum:
        parts.append("Central truncation $\\approx h^2\\|F'''\\|/6$ (slope 2), best near "
                     f"$h^* \\approx {sci(s.optimum['central'])}$ (order "
                     f"$\\varepsilon^{{1/3}} = {sci(s.eps ** (1 / 3))}$).")
    if saturated:
        parts.append(f"**It is saturated** in {saturated} of {n} components: there it is "
                     "constant to machine precision, so those components are flat and every "
                     "scheme gives 0 for them.")
    parts.append("The complex step now has a truncation error of order $h^2$ too, but no "
                 "cancellation, so it reaches rounding level for every small h.")
    return parts


def _explain(sweep: ErrorSweep, problem: Problem) -> str:
    W, a, b = problem.W, problem.a, problem.b
    model = MODELS[sweep.function]
    if model.quadratic and not any(sweep.norms.values()):
        parts = ["**f does not change along H here** (f(W), Df(W)[H] and $(H^Ta)\\circ(H^Tb)$ "
                 "are all 0, e.g. because a or b is 0): $f(W+hH) = 0$ for every h, so every "
                 "estimate is exactly $0 = Df(W)[H]$ and there is no error to draw."]
    elif model.quadratic:
        parts = _explain_quadratic(sweep)
    else:
        parts = _explain_general(sweep, model.saturated(W, a, b), problem.n)
    if sweep.precision == "float32":
        f = HADAMARD.f(W, a, b)
        f32 = HADAMARD.f(*(x.astype(np.float32) for x in (W, a, b)))
        lost = float(np.max(np.abs(f32.astype(float) - f), initial=0.0))
        size = float(np.max(np.abs(f), initial=0.0))
        if size > 0 and lost > 1e-3 * size:
            parts.append(f"**float32 cannot represent this problem well**: f(W) itself is off "
                         f"by {sci(lost / size)} relative in float32 (its range is about "
                         "$10^{-38}$ to $3\\cdot 10^{38}$), so no step rescues the estimates.")
    return "**Why the curves look like this.** " + " ".join(parts)


def lab_view(problem: Problem, settings: LabSettings, dark: bool = False) -> LabView:
    """Run the error sweep for ``settings``."""
    s = settings
    if not -20 <= s.hmin < s.hmax <= 2:
        raise ValueError(f"need -20 <= hmin < hmax <= 2; got hmin={s.hmin}, hmax={s.hmax}")
    H = direction(problem, s.direction, seed=0, i=s.i, j=s.j)
    count = (s.hmax - s.hmin) * s.points_per_decade + 1
    hs = np.logspace(s.hmin, s.hmax, count)
    sweep = error_sweep(problem, H, hs, s.function, s.precision)
    return LabView(sweep, H, _explain(sweep, problem), dark)


@dataclass(frozen=True)
class CheckView:
    """The gradient check and the Taylor test of one analytic gradient.

    Attributes
    ----------
    indistinguishable : str or None
        For a broken gradient that passes the check: why no check can tell it from the
        true one on this problem, with advice that holds for this case. None otherwise.
    taylor_note : str
        What the fitted slopes say here.
    """

    check: GradCheck
    indistinguishable: str | None
    taylor_note: str
    taylor_figure: go.Figure


def _why_indistinguishable(problem: Problem, broken: Broken) -> str:
    """Why ``broken`` passes on this problem, and what would make the mistake visible."""
    G, wrong = broken_compact(problem, "none"), broken_compact(problem, broken)
    gap = float(np.max(np.abs(G - wrong), initial=0.0))
    m, n = problem.m, problem.n
    if broken == "transpose" and 1 in (m, n):
        return (f"W is {m} × {n}, so G has a single {'row' if m == 1 else 'column'} and Gᵀ read "
                "in W's shape is G itself, at any size: this mix-up cannot show. Make both m "
                "and n at least 2 to see it.")
    if broken == "transpose" and m == n and np.array_equal(G, G.T):
        return ("G = (abᵀ + baᵀ)W is symmetric for this problem, so Gᵀ = G and the mix-up "
                "cannot show. Draw another problem (New random) or change W.")
    if broken == "float32" and gap == 0:
        return ("every number in G is exact in float32 (small integers are), so the float32 "
                "gradient equals the true one. Choose the normal or uniform distribution, or "
                "type a number such as 0.1, to see float32 fail.")
    if broken == "two_ab" and np.array_equal(np.outer(problem.a, problem.b),
                                              np.outer(problem.b, problem.a)):
        return ("abᵀ is symmetric here (b is a multiple of a, or m = 1), so 2abᵀW = "
                "(abᵀ + baᵀ)W and the shortcut happens to be right. Change a or b so that "
                "they point in different directions to see it fail.")
    if broken in ("drop_ab", "drop_ba") and gap == 0:
        x, y = ("a", "b") if broken == "drop_ab" else ("b", "a")
        return (f"the dropped term {x}(Wᵀ{y})ᵀ is 0 here ({y} = 0 or Wᵀ{y} = 0), so nothing "
                f"was dropped. Change {y} or W to see the mistake.")
    if gap == 0:
        return "on this problem the wrong formula gives exactly the true G."
    return (f"it differs from the true G by at most {text_sci(gap)}, inside the rounding-error "
            "tolerance, so no float64 check can tell them apart on this problem.")


def _taylor_note(right: TaylorTest, wrong: TaylorTest | None) -> str:
    def slope(t: TaylorTest) -> str:
        return "none (the remainder is 0 to rounding)" if np.isnan(t.slope) else f"{t.slope:.2f}"

    note = f"Fitted here: the true gradient's slope is {slope(right)}"
    if wrong is not None:
        note += f", the gradient under test's {slope(wrong)}"
    note += "."
    if np.isnan(right.slope):
        note += (" f has no curvature along this H ((Hᵀa)∘(Hᵀb) = 0), so with the right "
                 "derivative the remainder is 0 up to rounding for every t: any points drawn "
                 "for it are rounding noise.")
    if wrong is not None and abs(wrong.slope - 2.0) < 0.3:
        note += (" The wrong gradient's first-order error along H is too small against the "
                 "second-order term at these t, so the Taylor test cannot see it here; the "
                 "entry-by-entry gradient check above is sharper.")
    return note


def check_view(problem: Problem, broken: Broken, kind: Direction = "random", i: int = 0,
               j: int = 0, dark: bool = False) -> CheckView:
    """Check the gradient ``broken`` (a key of BROKEN_GRADIENTS) by central differences, and
    run the Taylor test along the direction ``kind`` ("random", or "entry" E_ij, 0-based)."""
    if broken not in BROKEN_GRADIENTS:
        raise ValueError(f"broken must be one of {', '.join(BROKEN_GRADIENTS)}; got {broken!r}")
    H = direction(problem, kind, seed=0, i=i, j=j)
    check = gradient_check(problem, broken)
    right = taylor_test(problem, H, "none")
    wrong = taylor_test(problem, H, broken) if broken != "none" else None
    why = (_why_indistinguishable(problem, broken)
           if broken != "none" and check.passed else None)
    fig = figures.taylor_figure(
        right.t, right.remainder, wrong.remainder if wrong else None,
        BROKEN_GRADIENTS[broken].label, (right.slope, wrong.slope if wrong else None),
    )
    return CheckView(check, why, _taylor_note(right, wrong), figures.apply_theme(fig, dark))
