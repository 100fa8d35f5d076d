"""What the lab's gradient check shows: the entry-by-entry check and the Taylor test.

:func:`check_view` checks the gradient of the problem's model (the true compact Jacobian or a
deliberately wrong one) against central differences of the model in float64, and runs the
Taylor-remainder test along a direction;
both depend only on the gradient under test and the direction, not on the sweep's function
or precision. Every sentence is built from the problem's numbers (why a wrong gradient
passes comes from :mod:`hadviz.reasons`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz import finite_diff as fd
from hadviz import gradcheck as gc
from hadviz.checks import compare, contraction_tolerance
from hadviz.latex import plural, text_exact, text_sci
from hadviz.problem import Problem
from hadviz.reasons import why_gradient_passes

__all__ = ["CheckView", "check_view"]


@dataclass(frozen=True)
class CheckView:
    """The gradient check and Taylor test of one analytic gradient, with their text: ``how``
    the check was made, why a wrong gradient passes here (``indistinguishable``, else None),
    and ``taylor_note``: the steps t, the fitted slopes and what they say here."""

    check: gc.GradCheck
    how: str
    indistinguishable: str | None
    taylor_note: str
    taylor_figure: go.Figure


def _steps_text(chk: gc.GradCheck, problem: Problem) -> str:
    zero = int(np.count_nonzero(~problem.W.any(axis=0)))
    lo, hi = text_exact(chk.h_min, True), text_exact(chk.h_max, True)
    if chk.truncation:
        steps = f"h = {lo}" if lo == hi else f"h from {lo} to {hi}, one per entry"
        return (f"{steps}: for each entry the power of two nearest the smaller of "
                "∛(3ε/|F‴|), ε the rounding bound of F, which balances the rounding ε/h "
                "against the truncation "
                "h²|F‴|/6 (F‴ the third derivative along that entry), and 2⁻¹⁸ times the "
                f"largest |entry| of its column (1 for a zero column); {problem.model.symbol} is "
                "not quadratic, so central differences have a truncation error, and the "
                "tolerance includes it")
    steps = f"h = {lo}" if lo == hi else f"h from {lo} to {hi}, one per column"
    rule = ("W = 0 has no size to match, so h = 1" if zero == problem.n else
            "2 to the power round(log₂ of the largest |entry| of its column)" + (
                f"; {plural(zero, 'zero column gets', 'zero columns get')} h = 1, having no "
                "size to match" if zero else ""))
    return (f"{steps}: {rule}; {problem.model.symbol} is quadratic, so there is no truncation "
            "error at any step")


def _how(chk: gc.GradCheck, problem: Problem) -> str:
    relative = ("its exact value is 0, so it is judged by the absolute tolerance alone (a "
                "relative error is undefined)" if chk.rel_error is None
                else f"relative error {text_sci(chk.rel_error, 3)}")
    *out, i, j = (x + 1 for x in chk.worst)
    entry = ",".join(str(x) for x in out)
    name = problem.model.output_letter
    return (f"the full Jacobian ({plural(chk.entries, 'entry', 'entries')}) by central "
            f"differences ({_steps_text(chk, problem)}) against the analytic one. Each entry's "
            "tolerance is twice a bound of the two computations' rounding errors (of order m·u "
            "times the sums of absolute values that F and its derivative are made of, u = 2⁻⁵³)"
            + (" plus the truncation estimate" if chk.truncation else "")
            + ", so it scales with your numbers. The entry closest to its tolerance (largest "
            f"|difference| over tolerance) is $\\partial {name}_{{{entry}}}/\\partial "
            f"W_{{{i},{j}}}$: numeric {text_exact(chk.numeric)}, analytic "
            f"{text_exact(chk.analytic)}, |difference| {text_sci(chk.abs_error, 3)} against "
            f"tolerance {text_sci(chk.tolerance, 3)}; " + relative)


def _wrong_note(problem: Problem, H: NDArray, broken: gc.Broken, r: float, t: NDArray) -> str:
    """What the remainder of the gradient under test shows: identical to the true one, equal
    to rounding, a first-order error too small against the second order at these t, or not."""
    G, wrong = gc.broken_compact(problem, "none"), gc.broken_compact(problem, broken)
    if np.array_equal(G, wrong):
        return ("The gradient under test is identical to the true one on this problem, entry "
                "for entry: its remainder is the true one, and the two curves coincide.")
    delta = np.einsum("i...k,ik->...k", G - wrong, H)  # (DF − D)[H]: remainders differ by t·δ
    nd = fd.norm2(delta)
    if compare(delta, np.zeros_like(delta), contraction_tolerance(problem, H)).passed:
        return ("It differs from the true one, but along this H only by ‖(DF − D)[H]‖ = "
                f"{text_sci(nd)}, within the rounding of computing D[H]"
                + (" (exactly 0)" if nd == 0 else "") + ", so the two curves coincide.")
    first = f"Its first-order error t·‖(DF − D)[H]‖ = t · {text_sci(nd)}"
    if r == 0:
        return f"{first} is its whole remainder: with no curvature along H there is no t² term."
    curvature = problem.model.curvature_text
    cross, second = nd / r, f"the second-order term t²‖{curvature}‖ = t² · {text_sci(r)}"
    if cross <= t[0]:
        return (f"{first} is smaller than {second} at every t here (they are equal at t = "
                f"{text_sci(cross)}, below the smallest t shown), so its remainder grows like "
                "t², as the true one does: its slope cannot reveal the error at these t.")
    if cross >= t[-1]:
        return (f"{first} exceeds {second} at every t here (they are equal at t = "
                f"{text_sci(cross)}, beyond the largest t shown).")
    return (f"{first} exceeds {second} for t below {text_sci(cross)} and falls short of it "
            "above: the remainder bends from slope 1 to slope 2 there.")


def _taylor_note(problem: Problem, H: NDArray, right: gc.TaylorTest, wrong: gc.TaylorTest | None,
                 broken: gc.Broken) -> str:
    def slope(t: gc.TaylorTest) -> str:
        return "not defined (its remainder is 0 at every t)" if np.isnan(t.slope) else \
            f"{t.slope:.2f}"

    model = problem.model
    r = fd.norm2(model.second_order_term(problem.W, *problem.arrays, H))
    curvature = model.curvature_text
    note = (f"The steps t run from {text_sci(right.t[0])} to {text_sci(right.t[-1])}: " + (
        "10⁻⁵ to 1 times ‖W‖/‖H‖, so the test reads the same at every scale of your numbers."
        if problem.W.any() else "10⁻⁵ to 1 times 1/‖H‖, as W = 0 has no size to match.")
        + f" Fitted here: the true gradient's slope is {slope(right)}"
        + (f", the gradient under test's {slope(wrong)}." if wrong is not None else "."))
    if not np.isnan(right.slope) and abs(right.slope - 2.0) > 0.1:
        note += (" A fitted slope is an average over the t shown: 2 is the limit as t → 0, "
                 "and higher-order terms at the largest t (or rounding at the smallest) move "
                 "the average away from it.")
    if np.isnan(right.slope):
        note += (f" {model.symbol} has no curvature along this H ({curvature} = 0), so with the "
                 "right derivative the remainder is 0 up to rounding for every t"
                 + ("" if model.quadratic else " to second order") + ": any points drawn "
                 "for it are rounding noise." if r == 0 else
                 f" The true remainder t²‖{curvature}‖ = t² · {text_sci(r)} is " + (
                     "so small that its 2-norm, a root of squares, underflows to 0" if not
                     np.any(right.remainder) and right.t[-1] ** 2 * r < 1e-154 else "lost in the "
                     "rounding of the terms it is computed from") + " at these t: no slope fits.")
    return note + (" " + _wrong_note(problem, H, broken, r, right.t) if wrong else "")


def check_view(problem: Problem, broken: gc.Broken, kind: fd.Direction = "random", i: int = 0,
               j: int = 0) -> CheckView:
    """Check the gradient ``broken`` (a key of BROKEN_GRADIENTS) by central differences, and
    run the Taylor test along the direction ``kind`` ("random", or "entry" E_ij, 0-based)."""
    registry = gc.broken_gradients(problem.model)
    if broken not in registry:
        raise ValueError(f"broken must be one of {', '.join(registry)} for "
                         f"fn={problem.model.name}; got {broken!r}")
    H = fd.direction(problem, kind, seed=0, i=i, j=j)
    check = gc.gradient_check(problem, broken)
    right = gc.taylor_test(problem, H, "none")
    wrong = gc.taylor_test(problem, H, broken) if broken != "none" else None
    why = why_gradient_passes(problem, broken) if broken != "none" and check.passed else None
    fig = figures.taylor_figure(right.t, right.remainder, wrong.remainder if wrong else None,
                                registry[broken].label,
                                (right.slope, wrong.slope if wrong else None))
    return CheckView(check, _how(check, problem), why,
                     _taylor_note(problem, H, right, wrong, broken), fig)
