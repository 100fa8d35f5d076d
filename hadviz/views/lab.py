"""What the finite-difference lab shows: the error sweep and its figure, for the problem's model.

:func:`lab_view` runs the error sweep of the problem's model (:attr:`Problem.model
<hadviz.problem.Problem.model>`) for one :class:`LabSettings` and returns everything to render,
with explanations built from the problem's own numbers that say only what holds for it, in the
precision of the sweep and inside the plotted range of h: exactness for a quadratic model (the
question, the matrix model), the V of truncation and rounding for the others (tanh, the gate).
The gradient check and the Taylor test below it are :mod:`hadviz.views.gradient_check`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz import finite_diff as fd
from hadviz.latex import plural, sci, text_sci
from hadviz.models import Model
from hadviz.problem import Problem

__all__ = ["LabSettings", "LabView", "lab_view"]


@dataclass(frozen=True)
class LabSettings:
    """The lab's choices, plain values the URL carries: ``precision`` of the sweep,
    ``direction`` ("random", or "entry" at the 0-based ``i, j``), steps from 10**hmin to
    10**hmax, ``points_per_decade`` of them per decade. The function is the problem's."""

    precision: fd.Precision = "float64"
    direction: fd.Direction = "random"
    i: int = 0
    j: int = 0
    hmin: int = -16
    hmax: int = 0
    points_per_decade: int = 2


def _target(model: Model) -> str:
    """The directional derivative the schemes estimate, named after its function."""
    s = model.symbol
    return f"D{s}(W)[H]" if len(s) == 1 else f"D({s})(W)[H]"


def _named(model: Model) -> str:
    """F, named against the model's own symbol ("F = f", "F = tanh(f), element-wise,")."""
    s = model.symbol
    return "F" if s == "F" else f"F = {s}" if len(s) == 1 else f"F = {s}, element-wise,"


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
        target = _target(s.model)
        return figures.error_figure(
            s.h, s.errors, s.predicted, s.labels, s.optimum, s.optimum_labels, schemes,
            title=f"Error of the estimates of {target} against h ({s.precision})", target=target,
            norm="<sub>F</sub>" if s.model.rows else "₂",
        )


def _notation(s: fd.ErrorSweep, problem: Problem) -> str:
    model = s.model
    entries = (f"the p × n = {problem.p} × {problem.n} entries (the Frobenius norm)"
               if model.rows else "the n components")
    text = (f"Notation: {_named(model)} is the function differentiated, F(W + tH) its values "
            "along the line through W in the direction H, and F′, F″, F‴ their first three "
            f"derivatives in t at t = 0, so F′ = {_target(model)} is what every scheme "
            f"estimates. ‖·‖ is the Euclidean norm over {entries}, and "
            f"ε = {text_sci(s.eps)} the machine epsilon of {s.precision}.")
    return text + (f" For this {model.symbol}, F″/2 = {model.curvature_text} and F‴ = 0."
                   if model.quadratic else "")


def _where(hstar: float, h: NDArray, ends: tuple[str, str, str]) -> str:
    """Where a predicted best step lies against the plotted steps, then what follows from it."""
    if hstar < h[0]:
        return f"below the smallest step plotted ({text_sci(h[0])}){ends[0]}"
    if hstar > h[-1]:
        return f"above the largest step plotted ({text_sci(h[-1])}){ends[2]}"
    return f"inside the plotted range{ends[1]}"


def _r(model: Model) -> str:
    """‖F″/2‖ of a quadratic model in LaTeX, with its own second-order term."""
    return f"\\|{model.curvature_latex}\\|"


def _forward_quadratic(s: fd.ErrorSweep) -> str:
    nf, nr, R, f = s.norms["F"], s.norms["F2"] / 2.0, _r(s.model), s.model.symbol
    text = (f"**The forward difference** errs by exactly $h{R} = h \\cdot {sci(nr)}$ "
            f"(truncation, slope 1) plus rounding of up to about $\\varepsilon\\|{f}\\|/h$ "
            "(slope −1)")
    if nf == 0:
        return text + f"; here ${f}(W) = 0$, so that rounding term is absent."
    best = s.optimum["forward"]
    return text + (f"; they are equal at $h^* = \\sqrt{{\\varepsilon\\|{f}\\|/{R}}} \\approx "
                   f"{sci(best)}$, " + _where(best, s.h, (
                       ": across this plot truncation dominates (slope 1).",
                       ": truncation dominates to its right (slope 1), rounding to its left.",
                       ": across this plot rounding dominates (slope −1).")))


def _central_quadratic(s: fd.ErrorSweep) -> str:
    nf, nr, R, f = s.norms["F"], s.norms["F2"] / 2.0, _r(s.model), s.model.symbol
    text = ("**Central differences have no truncation error at all**: the $h^2$ terms of "
            f"${f}(W+hH)$ and ${f}(W-hH)$ cancel exactly. Their rounding error, up to about "
            f"$\\varepsilon(\\|{f}\\|/h + \\|D{f}[H]\\| + h{R})$ (the values subtracted, over h), ")
    if nr == 0:
        return text + "only falls as h grows (no curvature along H)."
    if nf == 0:
        return text + (f"falls as h shrinks (${f}(W) = 0$), down to about "
                       f"$\\varepsilon\\|D{f}[H]\\|$." if s.norms["D"] > 0 else
                       f"is 0 here: ${f}(W) = 0$ and $D{f}(W)[H] = 0$.")
    best = s.optimum["central"]
    return text + (f"is smallest at $h^* = \\sqrt{{\\|{f}\\|/{R}}} \\approx {sci(best)}$, "
                   + _where(best, s.h, (": across this plot larger steps are not better.",
                                        ": beyond it, larger steps are not better.",
                                        ": across this plot it falls as h grows.")))


def _explain_quadratic(s: fd.ErrorSweep) -> list[str]:
    nf, nr, f, c = s.norms["F"], s.norms["F2"], s.model.symbol, s.model.curvature_latex
    parts = [f"{f} is quadratic in W, so ${f}(W+hH) = {f}(W) + h\\,D{f}(W)[H] + h^2 {c}$ "
             "exactly."]
    if nr == 0 and nf == 0:
        parts.append(f"**Here ${f}(W) = 0$ and ${c} = 0$**, so ${f}(W+hH) = h\\,D{f}(W)[H]$"
                     " exactly: forward and central differences have no truncation error and "
                     f"nothing to cancel, only rounding of about $\\varepsilon\\|D{f}[H]\\|$.")
    elif nr == 0:
        parts += [f"**Here ${c} = 0$: {f} has no curvature along H**, so the forward "
                  "difference has no truncation error: it is exact up to rounding, and that "
                  f"rounding error, up to about $\\varepsilon\\|{f}\\|/h$, only falls as h grows.",
                  _central_quadratic(s)]
    else:
        parts += [_forward_quadratic(s), _central_quadratic(s)]
    worst = float(np.max(s.relative("complex")))
    parts.append(f"**The complex step** subtracts nothing: $\\operatorname{{Im}} {f}(W+ihH)/h = "
                 f"D{f}(W)[H]$ exactly for a quadratic (the $h^2$ term is real), so only rounding "
                 "is left at every h: its largest error on this plot is " + (
                     f"${sci(worst)}$" + (f" relative to $\\|D{f}[H]\\|$." if s.exact_norm
                                          else ".") if worst > 0 else "0."))
    return parts


def _saturation(model: Model, precision: fd.Precision, count: int, size: int) -> str:
    where = ("in its one component" if size == 1 else "in every component" if count == size
             else f"in {count} of {plural(size, 'component', 'components')}")
    return (f"**{model.symbol} is saturated {where}** in {precision}: there "
            f"{model.saturation_text}. For every step that keeps "
            f"{'it' if count == 1 else 'them'} saturated, F(W ± hH) − F(W) is exactly 0 there, "
            "so forward and central differences report a derivative of 0, missing F′_k.")


def _explain_general(s: fd.ErrorSweep, saturated: int, size: int) -> list[str]:
    nD, n2, n3 = s.norms["D"], s.norms["F2"], s.norms["F3"]
    parts = [_saturation(s.model, s.precision, saturated, size)] if saturated else []
    if saturated == size:
        return parts
    if n2 > 0 or n3 > 0:
        name = "F" if s.model.symbol == "F" else f"F = {s.model.symbol}"
        parts.append(f"**{name} is not a polynomial**: its Taylor series "
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
    cause = " and ".join(f"{x} = 0" for x, v in problem.params.items() if not v.any())
    worst = max(float(np.max(e)) for e in s.errors.values())
    if s.model.quadratic:  # F(W + hH) = F + hF′ + h²F″/2 exactly
        lead = ("**F does not change along H here**: F(W), F′ and F″ are all 0"
                + (f" ({cause})" if cause else "") + ", so F(W + hH) = 0 for every h. ")
    else:
        lead = ("**F is flat at W along H in float64**: F(W), F′, F″ and F‴ are all 0"
                + (f" ({cause})" if cause else "") + ". ")
    if worst == 0:
        return lead + "Every estimate is exactly 0 = F′: there is no error to draw."
    how = "only by rounding, " if s.model.quadratic else ""
    return lead + f"The estimates differ from F′ = 0 {how}by at most {text_sci(worst)}."


def _float32_text(loss: dict[str, float], s: fd.ErrorSweep, problem: Problem) -> str:
    off = " and ".join(f"{k} is off by " + (f"{text_sci(v)} relative" if np.isfinite(v)
                       else "all of it") for k, v in loss.items() if v > 1e-3)
    text = ("**float32 cannot represent this problem well**: computed in float32 from W, "
            f"{', '.join(problem.params)} and H rounded to float32, {off}. float32 keeps about "
            "7 significant digits, for magnitudes between about 1.2 × 10⁻³⁸ and 3.4 × 10³⁸, "
            "so predictions made from the exact values need not describe what float32 "
            "computes here.")
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
                           if s.model.quadratic and 0 < w < s.h[0] else "."))
    return parts


def _explain(s: fd.ErrorSweep, problem: Problem, H: NDArray) -> str:
    model = s.model
    real = np.float32 if s.precision == "float32" else np.float64
    saturated = model.saturated(*(x.astype(real) for x in (problem.W, *problem.arrays)))
    size = problem.p * problem.n
    loss = fd.float32_loss(problem, H) if s.precision == "float32" else {}
    if loss and max(loss.values()) > 1e-3:
        parts = [_float32_text(loss, s, problem)]
        parts += [_saturation(model, s.precision, saturated, size)] if saturated else []
    elif not any(s.norms.values()):
        parts = [_flat(problem, s)]
    elif model.quadratic:
        parts = _explain_quadratic(s)
    else:
        parts = _explain_general(s, saturated, size)
    return "**Why the curves look like this.** " + " ".join(parts + _measured(s, problem))


def lab_view(problem: Problem, settings: LabSettings) -> LabView:
    """Run the error sweep of the problem's model for ``settings``."""
    s = settings
    if not -20 <= s.hmin < s.hmax <= 2:
        raise ValueError(f"need -20 <= hmin < hmax <= 2; got hmin={s.hmin}, hmax={s.hmax}")
    H = fd.direction(problem, s.direction, seed=0, i=s.i, j=s.j)
    hs = np.logspace(s.hmin, s.hmax, (s.hmax - s.hmin) * s.points_per_decade + 1)
    sweep = fd.error_sweep(problem, H, hs, s.precision)
    return LabView(sweep, H, _notation(sweep, problem), _explain(sweep, problem, H))
