"""What the finite-difference lab shows: the error sweep and its figure.

:func:`lab_view` runs the error sweep for one :class:`LabSettings` and returns everything to
render, with explanations built from the problem's own numbers that say only what holds for
it, in the precision of the sweep and inside the plotted range of h. The gradient check and
the Taylor test below it are :mod:`hadviz.views.gradient_check`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz import finite_diff as fd
from hadviz.latex import plural, sci, text_sci
from hadviz.models import MODELS
from hadviz.problem import Problem

__all__ = ["LabSettings", "LabView", "lab_view"]

_R = "\\|(H^Ta)\\circ(H^Tb)\\|"


@dataclass(frozen=True)
class LabSettings:
    """The lab's choices, plain values the URL carries: ``function`` and ``precision`` of the
    sweep, ``direction`` ("random", or "entry" at the 0-based ``i, j``), steps from 10**hmin to
    10**hmax, ``points_per_decade`` of them per decade."""

    function: fd.Function = "quadratic"
    precision: fd.Precision = "float64"
    direction: fd.Direction = "random"
    i: int = 0
    j: int = 0
    hmin: int = -16
    hmax: int = 0
    points_per_decade: int = 2


def _target(function: fd.Function) -> str:
    """The directional derivative the schemes estimate, named after its function."""
    symbol = MODELS[function].symbol
    return f"D{symbol}(W)[H]" if symbol == "f" else f"D({symbol})(W)[H]"


@dataclass(frozen=True)
class LabView:
    """The error sweep for one setting, its figure on demand, and its text: ``notation``
    defines F, F′, F″, F‴, ‖·‖ and ε (the legend uses them; shown before the figure), and
    ``explanation`` says why the curves look as they do, for this problem, precision and h."""

    sweep: fd.ErrorSweep
    H: NDArray
    notation: str
    explanation: str

    def error_figure(self, schemes: tuple[fd.Scheme, ...]) -> go.Figure:
        """The error-vs-h figure showing only ``schemes`` (the sweep is already done)."""
        s = self.sweep
        target = _target(s.function)
        return figures.error_figure(
            s.h, s.errors, s.predicted, s.labels, s.optimum, s.optimum_labels, schemes,
            title=f"Error of the estimates of {target} against h ({s.precision})", target=target,
        )


def _notation(s: fd.ErrorSweep) -> str:
    model = MODELS[s.function]
    what = "f itself" if model.quadratic else f"{model.symbol}, element-wise,"
    text = (f"Notation: F = {what} is the function differentiated, F(W + tH) its values along "
            "the line through W in the direction H, and F′, F″, F‴ their first three "
            f"derivatives in t at t = 0, so F′ = {_target(s.function)} is what every scheme "
            "estimates. ‖·‖ is the Euclidean norm over the n components, and "
            f"ε = {text_sci(s.eps)} the machine epsilon of {s.precision}.")
    return text + (" For this f, F″/2 = (Hᵀa)∘(Hᵀb) and F‴ = 0." if model.quadratic else "")


def _where(hstar: float, h: NDArray, ends: tuple[str, str, str]) -> str:
    """Where a predicted best step lies against the plotted steps, then what follows from it."""
    if hstar < h[0]:
        return f"below the smallest step plotted ({text_sci(h[0])}){ends[0]}"
    if hstar > h[-1]:
        return f"above the largest step plotted ({text_sci(h[-1])}){ends[2]}"
    return f"inside the plotted range{ends[1]}"


def _forward_quadratic(s: fd.ErrorSweep) -> str:
    nf, nr = s.norms["F"], s.norms["F2"] / 2.0
    text = (f"**The forward difference** errs by exactly $h{_R} = h \\cdot {sci(nr)}$ "
            "(truncation, slope 1) plus rounding of up to about $\\varepsilon\\|f\\|/h$ (slope −1)")
    if nf == 0:
        return text + "; here $f(W) = 0$, so that rounding term is absent."
    best = s.optimum["forward"]
    return text + (f"; they are equal at $h^* = \\sqrt{{\\varepsilon\\|f\\|/{_R}}} \\approx "
                   f"{sci(best)}$, " + _where(best, s.h, (
                       ": across this plot truncation dominates (slope 1).",
                       ": truncation dominates to its right (slope 1), rounding to its left.",
                       ": across this plot rounding dominates (slope −1).")))


def _central_quadratic(s: fd.ErrorSweep) -> str:
    nf, nr = s.norms["F"], s.norms["F2"] / 2.0
    text = ("**Central differences have no truncation error at all**: the $h^2$ terms of "
            "$f(W+hH)$ and $f(W-hH)$ cancel exactly. Their rounding error, up to about "
            f"$\\varepsilon(\\|f\\|/h + \\|Df[H]\\| + h{_R})$ (the values subtracted, over h), ")
    if nr == 0:
        return text + "only falls as h grows (no curvature along H)."
    if nf == 0:
        return text + ("falls as h shrinks ($f(W) = 0$), down to about $\\varepsilon\\|Df[H]\\|$."
                       if s.norms["D"] > 0 else "is 0 here: $f(W) = 0$ and $Df(W)[H] = 0$.")
    best = s.optimum["central"]
    return text + (f"is smallest at $h^* = \\sqrt{{\\|f\\|/{_R}}} \\approx {sci(best)}$, "
                   + _where(best, s.h, (": across this plot larger steps are not better.",
                                        ": beyond it, larger steps are not better.",
                                        ": across this plot it falls as h grows.")))


def _explain_quadratic(s: fd.ErrorSweep) -> list[str]:
    nf, nr = s.norms["F"], s.norms["F2"]
    parts = ["f is quadratic in W, so $f(W+hH) = f(W) + h\\,Df(W)[H] + h^2 (H^Ta)\\circ(H^Tb)$ "
             "exactly."]
    if nr == 0 and nf == 0:
        parts.append("**Here $f(W) = 0$ and $(H^Ta)\\circ(H^Tb) = 0$**, so $f(W+hH) = h\\,Df(W)[H]$"
                     " exactly: forward and central differences have no truncation error and "
                     "nothing to cancel, only rounding of about $\\varepsilon\\|Df[H]\\|$.")
    elif nr == 0:
        parts += ["**Here $(H^Ta)\\circ(H^Tb) = 0$: f has no curvature along H**, so the forward "
                  "difference has no truncation error: it is exact up to rounding, and that "
                  "rounding error, up to about $\\varepsilon\\|f\\|/h$, only falls as h grows.",
                  _central_quadratic(s)]
    else:
        parts += [_forward_quadratic(s), _central_quadratic(s)]
    worst = float(np.max(s.relative("complex")))
    parts.append("**The complex step** subtracts nothing: $\\operatorname{Im} f(W+ihH)/h = "
                 "Df(W)[H]$ exactly for a quadratic (the $h^2$ term is real), so only rounding is "
                 "left at every h: its largest error on this plot is " + (
                     f"${sci(worst)}$" + (" relative to $\\|Df[H]\\|$." if s.exact_norm else ".")
                     if worst > 0 else "0."))
    return parts


def _saturation(precision: fd.Precision, count: int, n: int) -> str:
    where = ("in its one component" if n == 1 else "in every component" if count == n
             else f"in {count} of {plural(n, 'component', 'components')}")
    return (f"**tanh(f) is saturated {where}** in {precision}: there tanh(f_k) rounds to exactly "
            "±1 and its slope sech²(f_k) = 1 − tanh²(f_k) is below ε. For every step that keeps "
            f"{'it' if count == 1 else 'them'} saturated, F(W ± hH) − F(W) is exactly 0 there, "
            "so forward and central differences report a derivative of 0, missing "
            "sech²(f_k)·Df_k[H] (below ε·|Df_k[H]|).")


def _explain_general(s: fd.ErrorSweep, saturated: int, n: int) -> list[str]:
    nD, n2, n3 = s.norms["D"], s.norms["F2"], s.norms["F3"]
    parts = [_saturation(s.precision, saturated, n)] if saturated else []
    if saturated == n:
        return parts
    if n2 > 0 or n3 > 0:
        parts.append(f"**{MODELS[s.function].symbol} is not a polynomial**: its Taylor series "
                     "along H does not stop, so truncation errors return.")
    ends = (": across this plot truncation dominates.", ", where its error is smallest.",
            ": across this plot rounding dominates.")
    if "forward" in s.optimum:
        parts.append("Forward: truncation $\\approx h\\|F''\\|/2$ (slope 1) against rounding "
                     "$\\approx\\varepsilon\\|F\\|/h$ (slope −1), equal at $h^* = "
                     f"\\sqrt{{2\\varepsilon\\|F\\|/\\|F''\\|}} \\approx "
                     f"{sci(s.optimum['forward'])}$, "
                     + _where(s.optimum["forward"], s.h, ends))
    if "central" in s.optimum:
        parts.append("Central: truncation $\\approx h^2\\|F'''\\|/6$ (slope 2) against rounding, "
                     "their sum smallest at $h^* = \\sqrt[3]{3\\varepsilon\\|F\\|/\\|F'''\\|} "
                     f"\\approx {sci(s.optimum['central'])}$, "
                     + _where(s.optimum["central"], s.h, ends))
    meet = float(np.sqrt(6.0 * s.eps * nD / n3)) if n3 > 0 else 0.0
    parts.append("**The complex step** subtracts nothing, so its truncation, about "
                 "$h^2\\|F'''\\|/6$, " + ("vanishes in float64 along this H." if n3 == 0 else
                 "keeps falling as h shrinks." if nD == 0 else "keeps falling as h shrinks until "
                 f"it meets rounding, $\\varepsilon\\|F'\\|$, near $h \\approx {sci(meet)}$, "
                 + _where(meet, s.h, (".", ".", "."))))
    return parts


def _flat(problem: Problem, s: fd.ErrorSweep) -> str:
    cause = " and ".join(f"{x} = 0" for x, v in (("a", problem.a), ("b", problem.b)) if not v.any())
    worst = max(float(np.max(e)) for e in s.errors.values())
    return ("**F does not change along H here**: F(W), F′ and F″ are all 0"
            + (f" ({cause})" if cause else "") + ", so F(W + hH) = 0 for every h. "
            + ("Every estimate is exactly 0 = F′: there is no error to draw." if worst == 0 else
               f"The estimates differ from F′ = 0 only by rounding, at most {text_sci(worst)}."))


def _float32_text(loss: dict[str, float], s: fd.ErrorSweep) -> str:
    off = " and ".join(f"{k} is off by " + (f"{text_sci(v)} relative" if np.isfinite(v)
                       else "all of it") for k, v in loss.items() if v > 1e-3)
    text = ("**float32 cannot represent this problem well**: computed in float32 from W, a, b "
            f"and H rounded to float32, {off}. float32 keeps about 7 significant digits, for "
            "magnitudes between about 1.2 × 10⁻³⁸ and 3.4 × 10³⁸, so predictions made from the "
            "exact values need not describe what float32 computes here.")
    if s.exact_norm > 0:
        best = min(float(np.min(s.relative(k))) for k in s.errors)
        text += f" The best estimate on this plot is off by {text_sci(best)} relative to ‖F′‖."
    return text


def _measured(s: fd.ErrorSweep, problem: Problem) -> list[str]:
    """What the plotted errors themselves show when a scheme is exact, or blind, at every h."""
    exact = [x for x, e in s.errors.items() if s.exact_norm > 0 and not e.any()]
    blind = [x for x, e in s.errors.items()
             if s.exact_norm > 0 and np.allclose(e, s.exact_norm, rtol=1e-9, atol=0)]
    parts = [f"**Measured:** the {' and '.join(exact)} "
             f"{'estimates are' if len(exact) > 1 else 'estimate is'} exact at every step "
             "plotted (error 0, drawn as hollow markers)."] if exact else []
    if blind:
        w = float(np.max(np.abs(problem.W)))
        parts.append(
            f"**Measured: the {' and '.join(blind)} "
            f"{'estimates are' if len(blind) > 1 else 'estimate is'} 0 at every step "
            "plotted**, so the error is the whole derivative, ‖F′‖ = "
            f"{text_sci(s.exact_norm)} (100 %): the change h·F′ is below the rounding of "
            "F(W ± hH)" + (f": every step plotted is larger than W's largest entry "
                           f"({text_sci(w)}), so F(W ± hH) is dominated by its h² term."
                           if 0 < w < s.h[0] else "."))
    return parts


def _explain(s: fd.ErrorSweep, problem: Problem, H: NDArray) -> str:
    model = MODELS[s.function]
    real = np.float32 if s.precision == "float32" else np.float64
    saturated = model.saturated(*(x.astype(real) for x in (problem.W, problem.a, problem.b)))
    loss = fd.float32_loss(problem, H, s.function) if s.precision == "float32" else {}
    if loss and max(loss.values()) > 1e-3:
        parts = [_float32_text(loss, s)]
        parts += [_saturation(s.precision, saturated, problem.n)] if saturated else []
    elif not any(s.norms.values()):
        parts = [_flat(problem, s)]
    elif model.quadratic:
        parts = _explain_quadratic(s)
    else:
        parts = _explain_general(s, saturated, problem.n)
    return "**Why the curves look like this.** " + " ".join(parts + _measured(s, problem))


def lab_view(problem: Problem, settings: LabSettings) -> LabView:
    """Run the error sweep for ``settings``."""
    s = settings
    if not -20 <= s.hmin < s.hmax <= 2:
        raise ValueError(f"need -20 <= hmin < hmax <= 2; got hmin={s.hmin}, hmax={s.hmax}")
    H = fd.direction(problem, s.direction, seed=0, i=s.i, j=s.j)
    hs = np.logspace(s.hmin, s.hmax, (s.hmax - s.hmin) * s.points_per_decade + 1)
    sweep = fd.error_sweep(problem, H, hs, s.function, s.precision)
    return LabView(sweep, H, _notation(sweep), _explain(sweep, problem, H))
