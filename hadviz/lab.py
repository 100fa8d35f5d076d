"""What the finite-difference lab shows: the sweep, its figure, the gradient check, the Taylor test.

The page hands over its settings as one frozen :class:`LabSettings`. :func:`lab_view` runs
the error sweep (it depends on the function, precision, direction and h range) and
:func:`check_view` the gradient check and Taylor test (they depend only on the gradient under
test and the direction), so each is recomputed only when its own inputs change. Both return
everything to render, including the plain-language explanations whose numbers depend on the
problem. Nothing here imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.finite_diff import (
    BROKEN_GRADIENTS,
    ErrorSweep,
    GradCheck,
    TaylorTest,
    broken_compact,
    direction,
    error_sweep,
    gradient_check,
    taylor_test,
)
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

    function: str = "quadratic"
    precision: str = "float64"
    direction: str = "random"
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

    def error_figure(self, schemes: tuple[str, ...]) -> go.Figure:
        """The error-vs-h figure showing only ``schemes`` (the sweep is already done)."""
        s = self.sweep
        name = "f" if s.function == "quadratic" else "tanh(f)"
        fig = figures.error_figure(
            s.h, s.errors, s.predicted, s.optimum, s.eps, schemes,
            title=f"Error of the estimates of D{name}(W)[H] against h ({s.precision})",
        )
        return figures.apply_theme(fig, self.dark)


def _explain(sweep: ErrorSweep) -> str:
    eps = sweep.eps
    if sweep.function == "quadratic":
        h_opt = sweep.optimum["forward"]
        return (
            "**Why the curves look like this.** f is quadratic in W, so "
            "$f(W+hH) = f(W) + h\\,Df(W)[H] + h^2 (H^Ta)\\circ(H^Tb)$ exactly. "
            "The forward difference therefore errs by exactly $h\\,\\|(H^Ta)\\circ(H^Tb)\\|$ "
            "(its straight right branch, slope 1) plus rounding of about "
            "$\\varepsilon\\|f\\|/h$ (the left branch, slope −1); the two meet near "
            f"$h^* = \\sqrt{{\\varepsilon\\|f\\|/\\|(H^Ta)\\circ(H^Tb)\\|}} \\approx {h_opt:.1e}$, "
            f"of the order of $\\sqrt{{\\varepsilon}} = {np.sqrt(eps):.1e}$. "
            "**Central differences have no truncation branch here**: the $h^2$ terms of "
            "$f(W+hH)$ and $f(W-hH)$ cancel exactly, so only rounding is left and large "
            "steps are as good as any. **The complex step** subtracts nothing: "
            "$\\operatorname{Im} f(W+ihH)/h = Df(W)[H]$ exactly for a quadratic (the $h^2$ term "
            "is real), so it sits at rounding level for every h — even $h = 10^{-16}$."
        )
    h_f, h_c = sweep.optimum["forward"], sweep.optimum["central"]
    return (
        "**tanh(f) is not a polynomial**, so the textbook V shapes return: forward "
        "truncation $\\approx h\\|F''\\|/2$ against rounding $\\varepsilon\\|F\\|/h$, best near "
        f"$h^* \\approx {h_f:.1e}$ (order $\\sqrt{{\\varepsilon}} = {np.sqrt(eps):.1e}$); "
        "central truncation $\\approx h^2\\|F'''\\|/6$ (slope 2), best near "
        f"$h^* \\approx {h_c:.1e}$ (order $\\varepsilon^{{1/3}} = {eps ** (1 / 3):.1e}$). "
        "The complex step now has a truncation error of order $h^2$ too, but still no "
        "cancellation, so it reaches rounding level for every small h."
    )


def lab_view(problem: Problem, settings: LabSettings, dark: bool = False) -> LabView:
    """Run the error sweep for ``settings``."""
    s = settings
    if not -20 <= s.hmin < s.hmax <= 2:
        raise ValueError(f"need -20 <= hmin < hmax <= 2; got hmin={s.hmin}, hmax={s.hmax}")
    H = direction(problem, s.direction, seed=0, i=s.i, j=s.j)  # type: ignore[arg-type]
    count = (s.hmax - s.hmin) * s.points_per_decade + 1
    hs = np.logspace(s.hmin, s.hmax, count)
    sweep = error_sweep(problem, H, hs, s.function, s.precision)  # type: ignore[arg-type]
    return LabView(sweep, H, _explain(sweep), dark)


@dataclass(frozen=True)
class CheckView:
    """The gradient check and the Taylor test of one analytic gradient."""

    check: GradCheck
    taylor_right: TaylorTest
    taylor_wrong: TaylorTest | None
    broken_is_invisible: bool
    taylor_figure: go.Figure


def check_view(problem: Problem, broken: str, kind: str = "random", i: int = 0, j: int = 0,
               dark: bool = False) -> CheckView:
    """Check the gradient ``broken`` (a key of BROKEN_GRADIENTS) by central differences, and
    run the Taylor test along the direction ``kind`` ("random", or "entry" E_ij, 0-based)."""
    if broken not in BROKEN_GRADIENTS:
        raise ValueError(f"broken must be one of {', '.join(BROKEN_GRADIENTS)}; got {broken!r}")
    H = direction(problem, kind, seed=0, i=i, j=j)  # type: ignore[arg-type]
    check = gradient_check(problem, broken)
    right = taylor_test(problem, H, "none")
    wrong = taylor_test(problem, H, broken) if broken != "none" else None
    invisible = broken != "none" and bool(
        np.array_equal(broken_compact(problem, broken), broken_compact(problem, "none"))
    )
    fig = figures.taylor_figure(
        right.t, right.remainder, wrong.remainder if wrong else None,
        BROKEN_GRADIENTS[broken], (right.slope, wrong.slope if wrong else None),
    )
    return CheckView(check, right, wrong, invisible, figures.apply_theme(fig, dark))
