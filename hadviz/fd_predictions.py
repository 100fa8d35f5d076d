r"""The predicted error curves of the finite-difference schemes, and the steps they predict.

From the norms of the exact Taylor coefficients of t ↦ F(W + tH) (‖F‖, ‖F′‖, ‖F″‖, ‖F‴‖), the
forward difference errs by about h‖F″‖/2 (truncation) and every difference by about
ε(‖F‖/h + ‖F′‖ + h‖F″‖/2) (rounding: the size of the values subtracted, over h); central
differences add h²‖F‴‖/6, which is 0 for a quadratic model. Where two terms meet, a best step
h* exists. :class:`Predictions` keeps only the curves and optima that exist for the problem
and names the others in one sentence each, in the model's own symbols
(:func:`formulas`). :func:`hadviz.finite_diff.error_sweep` fills one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hadviz.models import Model

__all__ = ["Predictions", "formulas", "predict"]


@dataclass
class Predictions:
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


def formulas(model: Model) -> dict[str, str]:
    """The names the legend and the omitted-curve sentences use for ``model``.

    A quadratic model is written with its own symbol and second-order term (‖f‖,
    ‖(Hᵀa)∘(Hᵀb)‖); any other with F, F′, F″ (F = tanh(f) or the gate's f).
    """
    if model.quadratic:
        s = model.symbol
        return {"r": f"‖{model.curvature_text}‖", "F": f"‖{s}‖", "D": f"‖D{s}[H]‖", "s": s,
                "forward": f"√(ε‖{s}‖/‖{model.curvature_text}‖)"}
    return {"r": "‖F″‖/2", "F": "‖F‖", "D": "‖DF[H]‖", "s": "F", "forward": "√(2ε‖F‖/‖F″‖)"}


def predict(pred: Predictions, eps: float, nF: float, nD: float, n2: float, n3: float,
             model: Model) -> None:
    """Fill ``pred`` from the norms of F, F′, F″ and F‴ along H."""
    names = formulas(model)
    r, F, D, s = names["r"], names["F"], names["D"], names["s"]
    quadratic = model.quadratic
    pred.curve("forward truncation", n2 / 2.0, 1, f"predicted forward truncation h{r}",
               "No forward-truncation line: F″ = 0 along H"
               + (f" ({model.curvature_text} = 0: {s} is linear along H)." if quadratic
                  else " in float64."))
    if not quadratic:  # for a quadratic F‴ = 0: central differences have no truncation
        pred.curve("central truncation", n3 / 6.0, 2, "predicted central truncation h²‖F‴‖/6",
                   "No central-truncation curve: F‴ = 0 along H in float64.")
    # the values subtracted have size ‖F‖ + h‖F′‖ + h²‖F″‖/2, each with a relative error ε
    rounding = eps * (nF / pred.h + nD + pred.h * n2 / 2.0)
    if rounding.any():
        pred.curves["rounding"] = rounding
        pred.labels["rounding"] = f"predicted rounding ε({F}/h + {D} + h{r})"
    else:
        pred.omitted.append(f"No rounding curve: {F}, {D} and {r} are all 0.")
    pred.best("forward", np.sqrt(2.0 * eps * nF / n2) if nF > 0 and n2 > 0 else np.nan,
              names["forward"], f"No best forward step: {F} or {r} is 0.")
    if quadratic:
        best = np.sqrt(2.0 * nF / n2) if nF > 0 and n2 > 0 else np.nan
        pred.best("central", best, f"√({F}/{r})", "No best central step: " + (
            f"every estimate is exact ({s}, D{s}[H] and {model.curvature_text} are 0)."
            if nF == nD == n2 == 0
            else f"{s}(W) = 0 and D{s}[H] = 0, so nothing sets a best step." if nF == nD == 0
            else "its rounding error only falls as h grows." if n2 == 0
            else f"its rounding error falls as h shrinks ({s}(W) = 0)."))
    else:
        pred.best("central", np.cbrt(3.0 * eps * nF / n3) if nF > 0 and n3 > 0 else np.nan,
                  "∛(3ε‖F‖/‖F‴‖)", "No best central step: F or F‴ is 0 along H in float64.")
