r"""Why a check cannot tell a mistake from the right answer on one problem: one place.

A wrong gradient or a wrong reading of the derivative is invisible on some problems: the
shortcut 2abᵀW is right when a ∥ b, a dropped product-rule term may be 0, Gᵀ may equal G,
Df(W)[H] may be 0. Each function here names the cause that holds for the problem at hand,
testing the causes in the order that makes the first true one the real reason (a = 0 before
"a ∥ b", which a = 0 also satisfies; "m = 1" before "G is symmetric"), so the lab and the
mistakes page say the same true thing. Each returns a sentence for running text, without a
leading capital, that ends with what would make the mistake visible. The causes written for
the question's mistakes (keys ``two_ab``, ``drop_ab``, ``drop_ba``, which tanh(f) shares inside
its chain rule) are named by key; any other mistake of any model gets the cause every model
shares: the wrong formula equals the true one here, or differs by less than the check's
tolerance (with the outputs that are flat to machine precision, when there are any).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from hadviz.broken import Broken, broken_compact
from hadviz.checks import compare, contraction_tolerance
from hadviz.facts import Facts, facts, why_G_zero
from hadviz.latex import plural, text_sci
from hadviz.problem import Problem

__all__ = ["why_gradient_passes", "why_matrix_reading_hidden", "why_vec_order_hidden"]


def _multiple(fx: Facts) -> str:
    c = fx.multiple
    if c is None or c == 0:
        return ""
    text = "a" if c == 1 else ("−a" if c == -1 else f"{text_sci(c, 4)}·a")
    return f"; here b = {text}"


def _two_ab(fx: Facts) -> str:
    if fx.m == 1:
        return ("m = 1, so a and b are numbers and abᵀ = baᵀ: 2abᵀW = (abᵀ + baᵀ)W and the "
                "shortcut is right. Make m at least 2, with a and b pointing in different "
                "directions, to see it fail.")
    if fx.a_zero or fx.b_zero:
        zero = "a = b = 0" if fx.a_zero and fx.b_zero else ("a = 0" if fx.a_zero else "b = 0")
        return (f"{zero}, so abᵀ = baᵀ = 0: the shortcut 2abᵀW and G are both 0. Make a and "
                "b non-zero and not parallel to see it fail.")
    if fx.parallel:
        return ("a and b are parallel (one is a multiple of the other"
                f"{_multiple(fx)}), so abᵀ is symmetric and 2abᵀW = (abᵀ + baᵀ)W: the "
                "shortcut happens to be right. Change a or b so that they point in different "
                "directions to see it fail.")
    if fx.u_zero and fx.v_zero:
        return (f"{why_G_zero(fx)}; the shortcut 2abᵀW = 2a vᵀ is 0 too. Change W to see "
                "the mistake.")
    return ""


def _dropped(fx: Facts, broken: Broken) -> str:
    # drop_ab keeps baᵀW = b uᵀ and drops abᵀW = a vᵀ; drop_ba the other way round
    x, y = ("a", "b") if broken == "drop_ab" else ("b", "a")
    x_zero, y_zero = (fx.a_zero, fx.b_zero) if broken == "drop_ab" else (fx.b_zero, fx.a_zero)
    proj_zero = fx.v_zero if broken == "drop_ab" else fx.u_zero
    term = f"{x}{y}ᵀW = {x}(Wᵀ{y})ᵀ"
    if x_zero:
        cause, change = f"{x} = 0", x
    elif y_zero:
        cause, change = f"{y} = 0, so Wᵀ{y} = 0", y
    elif fx.W_zero:
        cause, change = f"W = 0, so Wᵀ{y} = 0", "W"
    elif proj_zero:
        cause, change = f"every column of W is orthogonal to {y}, so Wᵀ{y} = 0", f"W or {y}"
    else:
        return ""
    return (f"{cause}: the dropped term {term} is 0, so nothing was dropped. Change "
            f"{change} to see the mistake.")


def _symbol(fx: Facts) -> str:
    """The compact Jacobian's name ("G", "K"), or "each sheet C[:, r, :]" with rows."""
    return "each sheet C[:, r, :]" if fx.rows else fx.compact.split(" =")[0]


def _transpose(fx: Facts) -> str:
    G = _symbol(fx)
    if fx.m == 1 or fx.n == 1:
        shape = "row" if fx.m == 1 else "column"
        return (f"W is {fx.m} × {fx.n}, so {G} has a single {shape} and its transpose read in "
                "W's shape is itself, at any size: this mix-up cannot show. Make both m and n "
                "at least 2 to see it.")
    if fx.G_zero:
        return (f"{why_G_zero(fx)}, and its transpose is 0 as well. Make it non-zero to see "
                "the mix-up.")
    if fx.G_symmetric:
        return (f"{G} is symmetric for this problem, so its transpose is itself and the mix-up "
                "cannot show. Draw another problem (New random) or change W.")
    return ""


def _float32(fx: Facts, gap: float) -> str:
    G = fx.compact.split(" =")[0]
    if fx.G_zero:
        return (f"{why_G_zero(fx)}, in float32 as in float64. Make {G} non-zero to see float32 "
                "fail.")
    if gap == 0:
        return (f"{G} computed in float32 is identical to {G} in float64 here: W, "
                f"{' and '.join(fx.names)} and every step that makes {G} are exact in float32, "
                "as small integers are. Choose the normal or uniform distribution, or type a "
                "number such as 0.1, to see float32 fail.")
    return ""


def _two_AB(fx: Facts) -> str:
    """The matrix model's shortcut 2A·Diag(Bᵀw): right exactly when each A_{:,r}B_{:,r}ᵀ is
    symmetric, that is when column r of B is parallel to column r of A for every r."""
    if fx.parallel:
        return ("every column of B is parallel to the matching column of A (or one of them "
                "is 0), so each A[:, r] B[:, r]ᵀ is symmetric and 2A·Diag(Bᵀwₖ) = "
                "A·Diag(Bᵀwₖ) + B·Diag(Aᵀwₖ): the shortcut happens to be right. Change a "
                "column of A or B so that they point in different directions to see it fail.")
    return ""


#: Broken gradient → the cause that hides it on a problem, or "" when none of its own holds.
_REASONS: dict[Broken, Callable[[Facts, float], str]] = {
    "two_AB": lambda fx, gap: _two_AB(fx),
    "two_ab": lambda fx, gap: _two_ab(fx),
    "drop_ab": lambda fx, gap: _dropped(fx, "drop_ab"),
    "drop_ba": lambda fx, gap: _dropped(fx, "drop_ba"),
    "transpose": lambda fx, gap: _transpose(fx),
    "float32": _float32,
}


def why_gradient_passes(problem: Problem, broken: Broken) -> str:
    """Why the wrong gradient ``broken`` passes the gradient check on ``problem``.

    Called only when it passes; the first cause that holds is named.

    Examples
    --------
    >>> p = Problem([[1.0, 2.0], [3.0, 4.0]], [0.0, 0.0], [1.0, 2.0])
    >>> why_gradient_passes(p, "drop_ab")[:40]
    'a = 0: the dropped term abᵀW = a(Wᵀb)ᵀ i'
    >>> why_gradient_passes(p, "two_ab")[:40]
    'a = 0, so abᵀ = baᵀ = 0: the shortcut 2a'
    """
    fx = facts(problem)
    gap = float(np.max(np.abs(broken_compact(problem, "none") - broken_compact(problem, broken)),
                       initial=0.0))
    reason = _REASONS[broken](fx, gap) if broken in _REASONS else ""
    if reason:
        return reason
    G = fx.compact.split(" =")[0]
    if gap == 0:
        return (f"on this problem the wrong formula gives exactly the true {G}. Draw another "
                "problem to see it fail.")
    model = problem.model
    flat = model.saturated(problem.W, *problem.arrays)
    tolerance = ("rounding-error tolerance" if model.quadratic else
                 "tolerance (rounding plus the truncation of central differences)")
    why = (f" F is flat to machine precision in {plural(flat, 'output', 'outputs')} "
           f"({model.saturation_text}), so differences of F cannot resolve its tiny slope "
           "there." if flat and model.saturation_text else "")
    return (f"it differs from the true {G} by at most {text_sci(gap)}, inside the check's "
            f"{tolerance}, so central differences in float64 cannot tell them apart on this "
            f"problem.{why}")


def _jvp_is_zero(problem: Problem, H: NDArray) -> bool:
    df = problem.model.jvp(problem.W, *problem.arrays, H)
    return compare(df, np.zeros_like(df), contraction_tolerance(problem, H)).passed


def why_matrix_reading_hidden(problem: Problem, H: NDArray) -> str:
    """Why the single number ⟨G, H⟩ cannot be told from the vector Df(W)[H] here."""
    fx = facts(problem)
    if fx.n == 1:
        return ("With n = 1, f is a single number and the m × n matrix G is the whole "
                "derivative: the mistake only shows for n ≥ 2.")
    if fx.G_zero:
        return (f"Here {why_G_zero(fx)}: Df(W)[H] = 0 for every H and ⟨G, H⟩ = 0 too, so the "
                "one number and the vector agree. Make G non-zero to see the mistake.")
    if _jvp_is_zero(problem, H):
        return ("Here Df(W)[H] = 0 for this H (H is orthogonal to G column by column), and "
                "⟨G, H⟩ = 0 too, so the one number and the vector agree. Another H shows "
                "the mistake.")
    return ("Here every component of Df(W)[H] equals ⟨G, H⟩ within rounding, so the "
            "mistake cannot show for this H.")


def why_vec_order_hidden(problem: Problem) -> str:
    """Why the row-major vec-Jacobian applied to a column-major vec(H) gives Df(W)[H] here."""
    fx = facts(problem)
    if fx.m == 1 or fx.n == 1:
        return (f"W is {fx.m} × {fx.n}: with one row or one column, vec(W) lists the entries "
                "in the same order either way, so the mix-up cannot show.")
    if fx.G_zero:
        return (f"Here {why_G_zero(fx)}: the Jacobian is 0, so both products are 0. Make G "
                "non-zero to see the mix-up.")
    return ("Here the row-major matrix applied to the column-major vec(H) happens to give "
            "Df(W)[H] within rounding; another H shows the mix-up.")
